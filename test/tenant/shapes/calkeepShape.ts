/**
 * An event as an entry of CalKeep's compliance audit export (product doc 002):
 *   {id, action, actor{id,email}, target{type,id}, timestamp, ip, metadata}
 * and as a row of audit.csv, whose columns doc 002 does not print; we use the order our
 * importer defines (calkeepPullFamily.ts, CALKEEP_AUDIT_CSV_COLUMNS), `metadata` JSON-encoded.
 * The credentials roster (credentials.json|csv) is derived from the same seed and cast.
 */
import { CALKEEP_AUDIT_CSV_COLUMNS } from '../../../src-main/engine/ingest/families/calkeepPullFamily';
import { CALKEEP_CREDENTIAL_COLUMNS } from '../../../src-main/engine/ingest/families/calkeepCredentialsFamily';
import { csvRow } from '../csv';
import { ACTORS } from '../eventKinds';
import { mix32, type TenantEvent } from '../population';
import { dataOf, originOf } from './detail';

export function calkeepAction(event: TenantEvent): string {
  return event.kind.calkeep[event.outcome === 'success' ? 0 : 1];
}

function targetOf(event: TenantEvent): { type: string; id: string } | null {
  if (event.kind.target === 'session') return event.sessionId === null ? null : { type: 'session', id: event.sessionId };
  const target = event.target?.export;
  return target ? { type: target.kind, id: target.id } : null;
}

export function calkeepEntry(event: TenantEvent): Record<string, unknown> {
  const actor = event.actor.export;
  return {
    id: event.id,
    action: calkeepAction(event),
    // Platform rows name nobody; the importer reads that as the System actor.
    actor: actor === null ? null : { id: actor.id, email: actor.email },
    target: targetOf(event),
    timestamp: new Date(event.ms).toISOString(),
    ip: originOf(event).ip,
    metadata: dataOf(event),
  };
}

export function calkeepCsvHeader(): string {
  return csvRow(CALKEEP_AUDIT_CSV_COLUMNS);
}

export function calkeepCsvRow(event: TenantEvent): string {
  const actor = event.actor.export;
  const target = targetOf(event);
  return csvRow([
    event.id,
    new Date(event.ms).toISOString(),
    calkeepAction(event),
    actor?.id,
    actor?.email,
    target?.type,
    target?.id,
    originOf(event).ip,
    JSON.stringify(dataOf(event)),
  ]);
}

export interface CredentialRow {
  user_id: string;
  email: string | null;
  name: string;
  credential_type: string;
  state: string;
  created_at: string;
  last_used_at: string | null;
}

const STATES = ['active', 'active', 'active', 'active', 'active', 'revoked', 'pending', 'active'];

/** The WebAuthn/TOTP roster: one or two credentials per person, the same for the same seed. */
export function credentialRoster(seed: number, fromMs: number, toMs: number): CredentialRow[] {
  const rows: CredentialRow[] = [];
  ACTORS.forEach((actor, index) => {
    if ((actor.class !== 'person' && actor.class !== 'admin') || actor.export === null) return;
    const types = (mix32(seed, index, 10) & 1) === 0 || actor.class === 'admin' ? ['webauthn', 'totp'] : ['webauthn'];
    types.forEach((type, n) => {
      const bits = mix32(seed, index, 11 + n);
      const state = STATES[bits & 7] ?? 'active';
      const created = fromMs - 86_400_000 * (30 + (bits % 300));
      rows.push({
        user_id: actor.export!.id,
        email: actor.export!.email,
        name: actor.export!.label,
        credential_type: type,
        state,
        created_at: new Date(created).toISOString(),
        last_used_at: state === 'active' ? new Date(toMs - ((bits >>> 8) % 86_400_000)).toISOString() : null,
      });
    });
  });
  return rows;
}

export function credentialCsv(rows: readonly CredentialRow[]): string {
  return csvRow(CALKEEP_CREDENTIAL_COLUMNS) + rows.map((row) => csvRow(CALKEEP_CREDENTIAL_COLUMNS.map((column) => row[column]))).join('');
}
