/**
 * Zoom reports (developer.zoom.us, Reports API), two record kinds:
 *  - operation logs, `GET /v2/report/operationlogs` → operation_logs[]: {time, operator (email),
 *    category_type (Account | User | User Group | Role | Recording | ...), action (Add | Update |
 *    Delete | Batch Update | SCIM API - Update ...), operation_detail (free text)}.
 *  - sign-in activity, `GET /v2/report/activities` → activity_logs[]: {email, time, type
 *    (Sign in | Sign out), ip_address, client_type, version}.
 * Neither has an id (the importer identifies them by content) nor a result field. What changed
 * is only in `operation_detail` ("Security  - Sign in with Two-Factor Authentication: from On to
 * Off"), so the classification rows read the detail text.
 */
import type { MappingOutcome, Target } from '../../../../src-shared/event';
import { emailOf } from '../mapping/actors';
import { canonicalEvent, refuse } from '../mapping/canonicalEvent';
import { classify, type ClassificationRow } from '../mapping/classification';
import type { PlatformMapping } from '../mapping/platform';
import { readInstant, whyNotInstant } from '../mapping/timestamps';
import { describeJsonType, isObject, text, whyNotText, type JsonObject } from '../mapping/values';

const SOURCE_ID = 'zoom';

/**
 * Operation logs, keyed "<category_type> | <action> | <operation_detail>". Weakening a sign-in
 * or meeting-security setting ("from On to Off") is flagged; turning two-factor sign-in off for
 * the whole account removes the strongest sign-in control and is CRITICAL.
 */
export const ZOOM_OPERATION_CLASSIFICATION: readonly ClassificationRow[] = [
  [/Two-Factor Authentication: from On to Off/i, 'SECURITY', 'CRITICAL', 'CRITICAL'],
  [/Two-Factor Authentication: from Off to On/i, 'SECURITY', 'INFO', 'WARNING'],
  [/Sign-In Password Requirement .*from On to Off/i, 'SECURITY', 'WARNING', 'ERROR'],
  [/Sign-In Password Requirement/i, 'SECURITY', 'INFO', 'WARNING'],
  // A new way to sign in (Google, Apple ID, SSO) is a new way in.
  [/Sign-in Methods .*from Off to On/i, 'SECURITY', 'WARNING', 'ERROR'],
  [/Sign-in Methods/i, 'SECURITY', 'INFO', 'WARNING'],
  [/(Security|Passcode|Waiting Room|Sign users out)[^|]*: from On to Off/i, 'SECURITY', 'WARNING', 'ERROR'],
  [/\| (Security|Single Sign-On|SSO|Passcode)/i, 'SECURITY', 'INFO', 'WARNING'],
  // Role changes: to an owner or administrator role is a privilege grant.
  [/Change Role .*: from [^|]* to (Owner|Co-Owner|Admin)\b/i, 'PERMISSION', 'WARNING', 'ERROR'],
  [/Change Role/i, 'PERMISSION', 'INFO', 'ERROR'],
  [/^Role \|/, 'PERMISSION', 'INFO', 'ERROR'],
  // A user's type (Basic, Licensed, ...) is a seat assignment.
  [/Change Type: from /i, 'SUBSCRIPTION', 'INFO', 'ERROR'],
  [/^(Billing|Subscription|Plan)/i, 'SUBSCRIPTION', 'INFO', 'ERROR'],
  [/^Recording \| Delete/i, 'FILE_OPS', 'WARNING', 'ERROR'],
  [/^Recording /, 'FILE_OPS', 'INFO', 'ERROR'],
  [/^User \| Delete/i, 'USER_MGMT', 'WARNING', 'ERROR'],
  [/^(User|User Group) /, 'USER_MGMT', 'INFO', 'ERROR'],
  [/^(Account|Room|Phone|Webinar|Meeting|IM|Zoom Rooms)/i, 'TENANT_MGMT', 'INFO', 'ERROR'],
];

/** Sign-in activity, keyed by `type`. */
export const ZOOM_ACTIVITY_CLASSIFICATION: readonly ClassificationRow[] = [
  ['Sign in', 'AUTH', 'INFO', 'WARNING'],
  ['Sign out', 'AUTH', 'INFO', 'WARNING'],
  [/./, 'AUTH', 'INFO', 'WARNING'],
];

/** Who or what an operation was about, from the detail's own wording. */
const TARGET_PATTERNS: readonly (readonly [RegExp, string])[] = [
  [/^(?:Add|Edit|Update|Delete|Remove|Activate|Deactivate) User (\S+)/i, 'user'],
  [/^Change Role\s+-\s+([^:]+):/i, 'user'],
  [/^(?:Add|Edit|Update|Delete|Remove) Group (.+?)(?:\s{2,}-|$)/i, 'group'],
];

const ACTIVITY_TYPES = new Set(['Sign in', 'Sign out']);

function isOperationLog(record: JsonObject): boolean {
  return typeof record['operator'] === 'string' && typeof record['action'] === 'string' && (record['category_type'] !== undefined || record['operation_detail'] !== undefined);
}

function isActivityLog(record: JsonObject): boolean {
  return typeof record['email'] === 'string' && typeof record['type'] === 'string' && ACTIVITY_TYPES.has(record['type']) && (record['client_type'] !== undefined || record['version'] !== undefined || record['ip_address'] !== undefined);
}

function recognise(record: unknown): number {
  if (!isObject(record)) return 0;
  if (isOperationLog(record)) return record['category_type'] !== undefined && record['operation_detail'] !== undefined ? 0.95 : 0.8;
  if (isActivityLog(record)) return record['client_type'] !== undefined ? 0.9 : 0.75;
  return 0;
}

function map(record: unknown, raw: string): MappingOutcome {
  if (!isObject(record)) return refuse(`record is not a JSON object (got ${describeJsonType(record)})`);
  if (isActivityLog(record)) return mapActivity(record, raw);
  return mapOperation(record, raw);
}

function mapOperation(record: JsonObject, raw: string): MappingOutcome {
  const verb = text(record['action']);
  if (verb === null) return refuse(whyNotText(record, 'action'));
  const operator = text(record['operator']);
  if (operator === null) return refuse(whyNotText(record, 'operator'));
  const instant = readInstant(record['time']);
  if (instant === null) return refuse(whyNotInstant(record, 'time'));
  const categoryType = text(record['category_type']);
  // Zoom pads the section separator with two spaces ("Security  - ..."); one reads better.
  const detail = text(record['operation_detail'])?.replace(/\s+/g, ' ') ?? null;
  const action = categoryType === null ? verb : `${categoryType}: ${verb}`;
  return canonicalEvent({
    sourceId: SOURCE_ID,
    eventId: null,
    instant,
    action,
    classification: classify(ZOOM_OPERATION_CLASSIFICATION, `${categoryType ?? ''} | ${verb} | ${detail ?? ''}`, 'unknown'),
    outcome: 'unknown',
    actor: { kind: 'user', id: operator, name: null, email: emailOf(operator) },
    target: operationTarget(categoryType, text(record['operation_detail'])),
    description: detail === null ? `${operator}: ${action}` : `${action} by ${operator}: ${detail}`,
    data: { category_type: record['category_type'] ?? null, operation_detail: record['operation_detail'] ?? null },
    raw,
  });
}

function operationTarget(categoryType: string | null, detail: string | null): Partial<Target> | undefined {
  if (detail === null) return categoryType === null ? undefined : { kind: categoryType.toLowerCase() };
  for (const [pattern, kind] of TARGET_PATTERNS) {
    const match = pattern.exec(detail);
    if (match?.[1] !== undefined) return { kind, name: match[1].trim() };
  }
  // An account setting: the section before " - " names it ("Security", "Sign-in Methods").
  const section = detail.split(/\s+-\s+/)[0]?.trim();
  return { kind: categoryType === null ? null : `${categoryType.toLowerCase()} setting`, name: section === '' ? null : (section ?? null) };
}

function mapActivity(record: JsonObject, raw: string): MappingOutcome {
  const type = text(record['type']);
  if (type === null) return refuse(whyNotText(record, 'type'));
  const instant = readInstant(record['time']);
  if (instant === null) return refuse(whyNotInstant(record, 'time'));
  const email = text(record['email']);
  const client = [text(record['client_type']), text(record['version'])].filter((p) => p !== null).join(' ');
  return canonicalEvent({
    sourceId: SOURCE_ID,
    eventId: null,
    instant,
    action: type,
    classification: classify(ZOOM_ACTIVITY_CLASSIFICATION, type, 'unknown'),
    outcome: 'unknown',
    actor: { kind: 'user', id: email, name: null, email: emailOf(email) },
    context: { ip: text(record['ip_address']), userAgent: client === '' ? null : client },
    description: `${type} by ${email ?? 'unknown user'}${client === '' ? '' : ` (${client})`}`,
    data: { client_type: record['client_type'] ?? null, version: record['version'] ?? null },
    raw,
  });
}

export const zoom: PlatformMapping = {
  id: SOURCE_ID,
  name: 'Zoom operation and sign-in logs',
  shapes: ['json'],
  recognise,
  map,
};
