/**
 * The details every shape shares: where the request came from, and the small operation-specific
 * data doc 003 calls `data` (CalKeep's `metadata`, Okta's debug data). Derived from the event's
 * random bits, so each API states the same details for the same event.
 */
import { OFFICE_GEO, type Geo } from '../../../src-main/engine/demo/syntheticCast';
import type { TenantEvent } from '../population';

const SIGN_IN_METHODS = ['password+totp', 'sso', 'passkey', 'password+webauthn'];
const FACTORS = ['totp', 'webauthn', 'push', 'sms'];
const API_METHODS = ['GET', 'GET', 'GET', 'POST', 'PATCH', 'GET', 'DELETE', 'GET'];
const API_PATHS = ['/v1/records', '/v1/users', '/v1/files', '/v1/invoices'];

export interface Origin {
  ip: string | null;
  userAgent: string | null;
  geo: Geo | null;
}

export function originOf(event: TenantEvent): Origin {
  const { actor } = event;
  if (actor.class === 'system') return { ip: null, userAgent: null, geo: null };
  return {
    ip: event.remote ? actor.remoteIp : actor.officeIp,
    userAgent: actor.userAgent,
    geo: event.remote ? actor.remoteGeo : OFFICE_GEO,
  };
}

/** Operation-specific detail; a JSON object of a few keys. */
export function dataOf(event: TenantEvent): Record<string, unknown> {
  const bits = event.detail;
  const failed = event.outcome !== 'success';
  switch (event.kind.key) {
    case 'sign_in':
      return failed ? { reason: 'invalid_password', attempt: 1 + ((bits >>> 3) & 3) } : { method: SIGN_IN_METHODS[(bits >>> 3) & 3] };
    case 'mfa_challenge':
    case 'mfa_enrolled':
      return { factor: FACTORS[(bits >>> 3) & 3] };
    case 'api_request':
      return {
        method: API_METHODS[(bits >>> 3) & 7],
        path: API_PATHS[(bits >>> 6) & 3],
        status: event.outcome === 'success' ? 200 : event.outcome === 'denied' ? 403 : 422,
        duration_ms: 8 + ((bits >>> 8) & 511),
      };
    case 'record_updated':
    case 'record_created':
      return { fields_changed: 1 + ((bits >>> 3) & 7) };
    case 'file_downloaded':
    case 'file_shared':
      return { bytes: 1024 + ((bits >>> 3) & 0xfffff) };
    case 'job_completed':
      return failed ? { duration_s: (bits >>> 3) & 1023, error: 'worker exited with status 137' } : { duration_s: (bits >>> 3) & 1023 };
    case 'role_assigned':
      return { role: ['admin', 'auditor', 'billing-admin', 'it-admin'][(bits >>> 3) & 3] };
    default:
      return {};
  }
}
