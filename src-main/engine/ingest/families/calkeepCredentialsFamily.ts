/**
 * CalKeep's credentials roster (product doc 002, `GET …/compliance/credentials.csv|json`):
 * "current WebAuthn credentials by user and state" — evidence of MFA coverage, stored as
 * roster rows (`{ok: true, credential}`), never as events.
 *
 * Doc 002 prints no column list; we define one row per user × credential:
 *   user_id,email,name,credential_type,state,created_at,last_used_at
 *   credential_type: webauthn, totp, …   state: active, revoked, pending
 * Columns are read by name; "new columns are appended; existing columns don't move" (doc 002),
 * so further columns are accepted and kept only in `raw`.
 * JSON: an array of such objects, or an envelope like the audit export's
 * `{generatedAt, workspaceSlug, count, credentials: […]}` whose array the reader unwraps. JSON
 * keys may also be camelCase (userId, credentialType, createdAt, lastUsedAt), as CalKeep's
 * envelope keys are, or carry the user nested as `user{id,email,name}`.
 */
import type { CredentialInput, MappingOutcome } from '../../../../src-shared/event';
import type { PlatformMapping } from '../mapping/platform';
import type { JsonObject } from '../mapping/values';
import { refuse } from '../mapping/canonicalEvent';
import { readInstant } from '../mapping/timestamps';
import { at, describeJsonType, isObject, quote, text } from '../mapping/values';

export const CALKEEP_CREDENTIALS_SOURCE_ID = 'calkeep-credentials';

export const CALKEEP_CREDENTIAL_COLUMNS = ['user_id', 'email', 'name', 'credential_type', 'state', 'created_at', 'last_used_at'] as const;

type Column = (typeof CALKEEP_CREDENTIAL_COLUMNS)[number];

/** Where each column may also be found in the JSON flavour. */
const ALIASES: Readonly<Record<Column, readonly string[]>> = {
  user_id: ['user_id', 'userId', 'user.id'],
  email: ['email', 'user.email', 'userEmail'],
  name: ['name', 'user.name', 'userName', 'display_name', 'displayName'],
  credential_type: ['credential_type', 'credentialType'],
  state: ['state', 'status'],
  created_at: ['created_at', 'createdAt'],
  last_used_at: ['last_used_at', 'lastUsedAt'],
};

/** The states doc 002's force re-enrolment flow moves credentials between. Others are kept as given. */
export const KNOWN_CREDENTIAL_STATES = ['active', 'revoked', 'pending'] as const;

function column(record: JsonObject, name: Column): unknown {
  for (const path of ALIASES[name]) {
    const value = at(record, path);
    if (value !== undefined && value !== null && value !== '') return value;
  }
  return undefined;
}

/** An optional time column: absent is null; present but unreadable is a refusal. */
function readTime(record: JsonObject, name: Column): number | null | { reason: string } {
  const value = column(record, name);
  if (value === undefined) return null;
  // A roster time without a zone is read as UTC; CredentialInput has no zone flag to carry.
  const instant = readInstant(value);
  if (instant === null) return { reason: `field '${name}' is not a timestamp: ${quote(value)}` };
  return instant.micros;
}

function map(value: unknown, raw: string): MappingOutcome {
  if (!isObject(value)) return refuse(`record is not a JSON object (got ${describeJsonType(value)})`);
  const record = value;
  if (Array.isArray(record['credentials'])) return refuse("record is the roster envelope, not a roster row: its 'credentials' array holds the rows");
  const credentialType = text(column(record, 'credential_type'));
  if (credentialType === null) return refuse("field 'credential_type' is missing");
  const state = text(column(record, 'state'));
  if (state === null) return refuse("field 'state' is missing");
  const userId = text(column(record, 'user_id'));
  const email = text(column(record, 'email'));
  if (userId === null && email === null) return refuse("row names no user: fields 'user_id' and 'email' are both missing");
  const createdAt = readTime(record, 'created_at');
  if (typeof createdAt === 'object' && createdAt !== null) return refuse(createdAt.reason);
  const lastUsedAt = readTime(record, 'last_used_at');
  if (typeof lastUsedAt === 'object' && lastUsedAt !== null) return refuse(lastUsedAt.reason);
  const credential: CredentialInput = {
    sourceId: CALKEEP_CREDENTIALS_SOURCE_ID,
    userId,
    email,
    name: text(column(record, 'name')),
    // Lower-cased so coverage queries can count "webauthn" and "WebAuthn" as one type.
    credentialType: credentialType.toLowerCase(),
    state: state.toLowerCase(),
    createdAt,
    lastUsedAt,
    raw,
  };
  return { ok: true, credential };
}

function recognise(value: unknown): number {
  if (!isObject(value)) return 0;
  if (text(column(value, 'credential_type')) === null || text(column(value, 'state')) === null) return 0;
  // An audit entry never carries a credential type; one that does is not ours either.
  if (Object.hasOwn(value, 'action') || Object.hasOwn(value, 'timestamp') || Object.hasOwn(value, 'type')) return 0.1;
  let score = 6; // tenths, so the sum stays exact
  if (column(value, 'user_id') !== undefined || column(value, 'email') !== undefined) score += 3;
  if (column(value, 'created_at') !== undefined || column(value, 'last_used_at') !== undefined) score += 1;
  return Math.min(score, 10) / 10;
}

export const calkeepCredentialsFamily: PlatformMapping = {
  id: CALKEEP_CREDENTIALS_SOURCE_ID,
  name: 'CalKeep credentials roster',
  shapes: ['json', 'row'],
  recognise,
  map,
};
