/**
 * CalKeep's direct-pull audit export (product doc 002, `GET …/compliance/audit.json|csv`).
 *
 * JSON: the reader hands over one element of the envelope's `entries` array:
 *   {id, action, actor{id,email}, target{…}, timestamp, ip, metadata}
 * (`generatedAt` is the export-time stamp and `workspaceSlug` the tenant boundary; neither is
 * needed per record.)
 *
 * CSV: doc 002 promises "a stable column order via csv-stringify" but prints no column list.
 * We read it as the JSON fields flattened, in this order:
 *   id,timestamp,action,actor_id,actor_email,target_type,target_id,ip,metadata
 * with `metadata` JSON-encoded in its cell. Columns are read by header name, not position, and
 * any further columns are accepted and ignored (kept in `raw`): "new columns are appended,
 * existing columns don't move" (doc 002).
 *
 * Actions are CalKeep's own UPPER_SNAKE words (MFA_ENROLLMENT_COMPLETED, SAML_*,
 * INVITATION_*) plus the dotted telemetry names of the export itself
 * (auth.compliance.audit-export); the tables below classify them.
 */
import type { Actor, MappingOutcome, Outcome, Target } from '../../../../src-shared/event';
import type { ClassificationRow } from '../mapping/classification';
import type { PlatformMapping } from '../mapping/platform';
import type { JsonObject } from '../mapping/values';
import { canonicalEvent, refuse } from '../mapping/canonicalEvent';
import { classify } from '../mapping/classification';
import { systemActor } from '../mapping/actors';
import { readInstant } from '../mapping/timestamps';
import { describeJsonType, isObject, parseJsonCell, quote, text } from '../mapping/values';

export const CALKEEP_AUDIT_SOURCE_ID = 'calkeep-audit';

/** The CSV header we define for audit.csv (see above); extra trailing columns are accepted. */
export const CALKEEP_AUDIT_CSV_COLUMNS = ['id', 'timestamp', 'action', 'actor_id', 'actor_email', 'target_type', 'target_id', 'ip', 'metadata'] as const;

/**
 * First matching row wins (exact name, `PREFIX*`, or a RegExp). Specific rows sit above the
 * prefix that would otherwise catch them. Categories and severities follow doc 001's
 * definitions; the failure severity applies when the action's own word says it failed.
 */
export const CALKEEP_CLASSIFICATION: readonly ClassificationRow[] = [
  // The export's own telemetry (doc 002, "Telemetry"): pulling evidence is a compliance act.
  ['auth.compliance.audit-export', 'COMPLIANCE', 'INFO', 'WARNING'],
  ['auth.compliance.credentials-export', 'COMPLIANCE', 'INFO', 'WARNING'],
  ['auth.compliance.*', 'COMPLIANCE', 'INFO', 'WARNING'],
  ['COMPLIANCE_*', 'COMPLIANCE', 'INFO', 'WARNING'],
  ['AUDIT_*', 'COMPLIANCE', 'INFO', 'WARNING'],

  // MFA and WebAuthn: the credential lifecycle the roster evidences. Revoking another user's
  // MFA and forcing re-enrolment are "sensitive admin actions" (doc 002, step-up).
  ['MFA_ENROLLMENT_COMPLETED', 'AUTH', 'INFO', 'WARNING'],
  ['MFA_ENROLLMENT_STARTED', 'AUTH', 'INFO', 'WARNING'],
  [/^MFA_.*(FAILED|FAILURE)$/, 'AUTH', 'WARNING', 'WARNING'],
  [/^MFA_.*(REVOKED|RESET|DISABLED|REMOVED)$/, 'AUTH', 'WARNING', 'ERROR'],
  [/^(MFA_)?FORCE_RE_?ENROLL/, 'AUTH', 'WARNING', 'ERROR'],
  ['MFA_*', 'AUTH', 'INFO', 'WARNING'],
  [/^WEBAUTHN_.*(REVOKED|REMOVED|DELETED)$/, 'AUTH', 'WARNING', 'ERROR'],
  ['WEBAUTHN_ATTESTATION_POLICY_*', 'TENANT_MGMT', 'WARNING', 'ERROR'],
  ['WEBAUTHN_*', 'AUTH', 'INFO', 'WARNING'],
  ['TOTP_*', 'AUTH', 'INFO', 'WARNING'],
  ['STEP_UP_*', 'AUTH', 'INFO', 'WARNING'],

  // SAML single sign-on: sign-ins are AUTH; changing the connection is tenant configuration.
  [/^SAML_.*(CONFIG|CONNECTION|CERTIFICATE|SETTINGS).*$/, 'TENANT_MGMT', 'WARNING', 'ERROR'],
  [/^SAML_.*(FAILED|FAILURE|REJECTED)$/, 'AUTH', 'WARNING', 'WARNING'],
  ['SAML_*', 'AUTH', 'INFO', 'WARNING'],
  [/^(LOGIN|SIGN_IN|SIGNIN)_.*(FAILED|FAILURE)$/, 'AUTH', 'WARNING', 'WARNING'],
  ['LOGIN_*', 'AUTH', 'INFO', 'WARNING'],
  ['LOGOUT*', 'AUTH', 'INFO', 'INFO'],
  ['SIGN_IN_*', 'AUTH', 'INFO', 'WARNING'],
  ['SESSION_*', 'AUTH', 'INFO', 'WARNING'],
  ['PASSWORD_*', 'AUTH', 'INFO', 'WARNING'],

  // Membership: invitations and members are user management; role changes are PERMISSION.
  ['INVITATION_*', 'USER_MGMT', 'INFO', 'ERROR'],
  [/^(MEMBER|USER)_ROLE_/, 'PERMISSION', 'WARNING', 'ERROR'],
  ['ROLE_*', 'PERMISSION', 'WARNING', 'ERROR'],
  ['PERMISSION_*', 'PERMISSION', 'WARNING', 'ERROR'],
  [/^(MEMBER|USER)_(REMOVED|DELETED|DEACTIVATED|SUSPENDED)$/, 'USER_MGMT', 'WARNING', 'ERROR'],
  ['MEMBER_*', 'USER_MGMT', 'INFO', 'ERROR'],
  ['USER_*', 'USER_MGMT', 'INFO', 'ERROR'],
  ['SCIM_*', 'USER_MGMT', 'INFO', 'ERROR'],

  // Workspace configuration; IP allowlist edits are called out as sensitive by doc 002.
  ['IP_ALLOWLIST_*', 'TENANT_MGMT', 'WARNING', 'ERROR'],
  ['AUTH_POLICY_*', 'TENANT_MGMT', 'WARNING', 'ERROR'],
  ['AUTHENTICATION_POLICY_*', 'TENANT_MGMT', 'WARNING', 'ERROR'],
  ['RETENTION_*', 'COMPLIANCE', 'WARNING', 'ERROR'],
  ['WORKSPACE_*', 'TENANT_MGMT', 'INFO', 'ERROR'],
  ['SETTINGS_*', 'TENANT_MGMT', 'INFO', 'ERROR'],

  ['API_KEY_*', 'API_ACCESS', 'INFO', 'WARNING'],
  ['API_TOKEN_*', 'API_ACCESS', 'INFO', 'WARNING'],
  ['WEBHOOK_*', 'API_ACCESS', 'INFO', 'WARNING'],
  ['BILLING_*', 'SUBSCRIPTION', 'INFO', 'ERROR'],
  ['SUBSCRIPTION_*', 'SUBSCRIPTION', 'INFO', 'ERROR'],
  ['PLAN_*', 'SUBSCRIPTION', 'INFO', 'ERROR'],
  ['SEAT_*', 'SUBSCRIPTION', 'INFO', 'ERROR'],
  ['DATA_EXPORT*', 'DATA_ACCESS', 'WARNING', 'ERROR'],
];

/**
 * CalKeep entries carry no outcome field; the action's last word often says it. Anything
 * else is `unknown` rather than a guess.
 */
const OUTCOME_BY_LAST_WORD: ReadonlyMap<string, Outcome> = new Map<string, Outcome>([
  ['FAILED', 'failure'],
  ['FAILURE', 'failure'],
  ['ERROR', 'failure'],
  ['DENIED', 'denied'],
  ['BLOCKED', 'denied'],
  ['REJECTED', 'denied'],
  ['COMPLETED', 'success'],
  ['SUCCEEDED', 'success'],
  ['SUCCESS', 'success'],
]);

/** Words kept in capitals when an action is turned into prose. */
const ACRONYMS: ReadonlySet<string> = new Set(['MFA', 'SAML', 'SSO', 'IP', 'API', 'SCIM', 'TOTP', 'CSV', 'JSON', 'URL', 'ID']);

function outcomeOf(action: string): Outcome {
  const words = action.toUpperCase().split(/[_.\s-]+/);
  return OUTCOME_BY_LAST_WORD.get(words[words.length - 1] ?? '') ?? 'unknown';
}

/** MFA_ENROLLMENT_COMPLETED → "MFA enrollment completed"; dotted names stay as they are. */
function prose(action: string): string {
  if (!/^[A-Z0-9_]+$/.test(action)) return action;
  const words = action.split('_').filter((w) => w !== '');
  const phrase = words.map((w) => (ACRONYMS.has(w) ? w : w.toLowerCase())).join(' ');
  return phrase.charAt(0).toUpperCase() + phrase.slice(1);
}

interface Refusal {
  reason: string;
}

function readActor(record: JsonObject): Actor | Refusal {
  const nested = record['actor'];
  let id: string | null;
  let email: string | null;
  if (isObject(nested)) {
    id = text(nested['id']);
    email = text(nested['email']);
  } else if (nested === undefined || nested === null) {
    id = text(record['actor_id']);
    email = text(record['actor_email']);
  } else {
    return { reason: `field 'actor' is not an object (got ${describeJsonType(nested)})` };
  }
  // Doc 002 excludes platform rows from workspace exports, but a row naming nobody is still
  // the platform acting, as doc 004 shows it.
  if (id === null && email === null) return systemActor();
  return { kind: 'user', id, name: null, email };
}

function readTarget(record: JsonObject): Partial<Target> {
  const nested = record['target'];
  if (isObject(nested)) {
    return {
      kind: text(nested['type']) ?? text(nested['kind']),
      id: text(nested['id']),
      name: text(nested['name']) ?? text(nested['label']) ?? text(nested['email']),
    };
  }
  // A scalar target is an id; the CSV flattens the object into target_type / target_id.
  if (text(nested) !== null) return { kind: null, id: text(nested), name: null };
  return { kind: text(record['target_type']), id: text(record['target_id']), name: text(record['target_name']) };
}

function map(value: unknown, raw: string): MappingOutcome {
  if (!isObject(value)) return refuse(`record is not a JSON object (got ${describeJsonType(value)})`);
  const record = value;
  const action = text(record['action']);
  if (action === null) return refuse("field 'action' is missing");
  const stamp = record['timestamp'];
  if (stamp === undefined || stamp === null || stamp === '') return refuse("field 'timestamp' is missing");
  const instant = readInstant(stamp);
  if (instant === null) return refuse(`field 'timestamp' is not a timestamp: ${quote(stamp)}`);
  const actor = readActor(record);
  if ('reason' in actor) return refuse(actor.reason);
  const target = readTarget(record);
  const outcome = outcomeOf(action);
  const who = actor.email ?? actor.id ?? 'System';
  const on = target.id ? ` on ${target.kind ? `${target.kind} ` : ''}${target.id}` : '';
  const metadata = parseJsonCell(record['metadata']);
  return canonicalEvent({
    sourceId: CALKEEP_AUDIT_SOURCE_ID,
    eventId: text(record['id']),
    instant,
    action,
    classification: classify(CALKEEP_CLASSIFICATION, action, outcome),
    outcome,
    actor,
    target,
    context: { ip: text(record['ip']) },
    description: `${prose(action)} by ${who}${on}`,
    data: metadata === undefined || metadata === '' ? null : metadata,
    raw,
  });
}

const UPPER_SNAKE = /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$/;

/** Keys of the other families: a record carrying one is not a CalKeep audit entry. */
const FOREIGN_KEYS = ['type', 'occurred_at', 'channel', 'event', 'category', 'severity', 'credential_type', 'state'] as const;

function recognise(value: unknown): number {
  if (!isObject(value)) return 0;
  const action = text(value['action']);
  if (action === null || text(value['timestamp']) === null) return 0;
  if (FOREIGN_KEYS.some((key) => Object.hasOwn(value, key))) return 0.1;
  let score = 4; // tenths, so the sum stays exact
  if (Object.hasOwn(value, 'id')) score += 1;
  const actor = value['actor'];
  const actorLooksRight = isObject(actor) ? Object.keys(actor).every((k) => k === 'id' || k === 'email') : Object.hasOwn(value, 'actor_id') || Object.hasOwn(value, 'actor_email');
  if (actorLooksRight) score += 2;
  if (UPPER_SNAKE.test(action) || action.startsWith('auth.compliance.')) score += 2;
  if (Object.hasOwn(value, 'metadata') || Object.hasOwn(value, 'ip')) score += 1;
  return Math.min(score, 10) / 10;
}

export const calkeepPullFamily: PlatformMapping = {
  id: CALKEEP_AUDIT_SOURCE_ID,
  name: 'CalKeep compliance audit export',
  shapes: ['json', 'row'],
  recognise,
  map,
};
