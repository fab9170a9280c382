/**
 * 1Password Events API (developer.1password.com/docs/events-api). One mapping reads its three
 * event families, told apart by their keys, because a file holds one endpoint's `items[]`:
 *  - audit events  `POST /api/v2/auditevents`: {uuid, timestamp, actor_uuid, actor_details{uuid,name,email},
 *    actor_type, action, object_type, object_uuid, object_details, aux_*, session{uuid, login_time,
 *    device_uuid, ip}, location{country, region, city}, account_uuid}. No result field: outcome unknown.
 *  - sign-in attempts `POST /api/v2/signinattempts`: {uuid, session_uuid, timestamp, category
 *    (success | credentials_failed | mfa_failed | sso_failed | firewall_failed | ...), type,
 *    country, target_user{uuid,name,email}, client{app_name, app_version, ip_address, os_name, ...}, location}.
 *  - item usages `POST /api/v2/itemusages`: {uuid, timestamp, used_version, vault_uuid, item_uuid,
 *    user{uuid,name,email}, client{...}, location, action (reveal, secure-copy, fill, export, ...)}.
 * The three share one id space (1Password UUIDs), so they share one source id.
 */
import type { Actor, EventContext, MappingOutcome, Outcome, Target } from '../../../../src-shared/event';
import type { ParsedInstant } from '../../../../src-shared/time';
import { actorKindFrom, emailOf } from '../mapping/actors';
import { canonicalEvent, refuse } from '../mapping/canonicalEvent';
import { classify, type ClassificationRow } from '../mapping/classification';
import type { PlatformMapping } from '../mapping/platform';
import { readInstant, whyNotInstant } from '../mapping/timestamps';
import { at, describeJsonType, firstText, isObject, text, whyNotText, type JsonObject } from '../mapping/values';

const SOURCE_ID = '1password';

/**
 * Audit events, keyed "<object_type>.<action>" with 1Password's short codes (`items.patch`,
 * `dlgdsess.dlgsess`, `uva.grant`). First match wins; `*` ends a prefix.
 */
export const ONEPASSWORD_AUDIT_CLASSIFICATION: readonly ClassificationRow[] = [
  // A delegated session: one signed-in app unlocks another (the CLI or browser through the desktop app).
  ['dlgdsess.*', 'AUTH', 'INFO', 'WARNING'],
  ['device.*', 'AUTH', 'INFO', 'WARNING'],
  ['cred.*', 'AUTH', 'INFO', 'WARNING'],
  // Removing or disabling a second factor weakens sign-in; SSO and firewall rules decide who may sign in.
  [/^mfa\.(delete|dsbl|disable)/, 'SECURITY', 'WARNING', 'ERROR'],
  ['mfa.*', 'AUTH', 'INFO', 'WARNING'],
  ['sso.*', 'SECURITY', 'WARNING', 'ERROR'],
  ['ssotkn.*', 'SECURITY', 'WARNING', 'ERROR'],
  [/^account\.updatefw/, 'SECURITY', 'WARNING', 'ERROR'],
  // Account recovery re-keys a member's account on an administrator's say-so.
  [/^user\.(begin|complete|cancel|rcvr|recover)/, 'SECURITY', 'WARNING', 'ERROR'],
  ['user.role', 'PERMISSION', 'WARNING', 'ERROR'],
  [/^user\.(delete|purge)$/, 'USER_MGMT', 'WARNING', 'ERROR'],
  ['user.*', 'USER_MGMT', 'INFO', 'ERROR'],
  ['invite.*', 'USER_MGMT', 'INFO', 'ERROR'],
  ['group.*', 'USER_MGMT', 'INFO', 'ERROR'],
  // Vault access of a user (uva) or group (gva), and group membership (gm): who can read which secrets.
  ['uva.*', 'PERMISSION', 'INFO', 'ERROR'],
  ['gva.*', 'PERMISSION', 'INFO', 'ERROR'],
  ['gm.*', 'PERMISSION', 'INFO', 'ERROR'],
  [/\.export$/, 'DATA_ACCESS', 'WARNING', 'ERROR'],
  [/^(vault|items?)\.(delete|purge)$/, 'DATA_MODIFY', 'WARNING', 'ERROR'],
  ['vault.*', 'DATA_MODIFY', 'INFO', 'ERROR'],
  ['items.*', 'DATA_MODIFY', 'INFO', 'ERROR'],
  ['item.*', 'DATA_MODIFY', 'INFO', 'ERROR'],
  ['report.*', 'COMPLIANCE', 'INFO', 'WARNING'],
  // Service accounts and their tokens, the Events Reporting integration, the Slack app.
  ['satoken.*', 'API_ACCESS', 'INFO', 'ERROR'],
  ['sa.*', 'API_ACCESS', 'INFO', 'ERROR'],
  ['ev.*', 'API_ACCESS', 'INFO', 'ERROR'],
  ['slackapp.*', 'API_ACCESS', 'INFO', 'ERROR'],
  ['plan.*', 'SUBSCRIPTION', 'INFO', 'ERROR'],
  ['famacct.*', 'SUBSCRIPTION', 'INFO', 'ERROR'],
  [/^account\.(delete|purge)$/, 'TENANT_MGMT', 'CRITICAL', 'CRITICAL'],
  ['account.*', 'TENANT_MGMT', 'INFO', 'ERROR'],
  ['template.*', 'TENANT_MGMT', 'INFO', 'ERROR'],
];

/** Sign-in attempts, keyed by `category`. A firewall rule in report-only mode still flags the attempt. */
export const ONEPASSWORD_SIGNIN_CLASSIFICATION: readonly ClassificationRow[] = [
  ['success', 'AUTH', 'INFO', 'WARNING'],
  ['credentials_failed', 'AUTH', 'WARNING', 'WARNING'],
  ['mfa_failed', 'AUTH', 'WARNING', 'WARNING'],
  ['sso_failed', 'AUTH', 'WARNING', 'WARNING'],
  ['modern_version_failed', 'AUTH', 'INFO', 'INFO'],
  ['firewall_failed', 'SECURITY', 'WARNING', 'WARNING'],
  ['firewall_reported_success', 'SECURITY', 'WARNING', 'WARNING'],
];

/** Item usages, keyed by `action` (developer.1password.com/docs/events-api/item-usage-actions). */
export const ONEPASSWORD_ITEM_USAGE_CLASSIFICATION: readonly ClassificationRow[] = [
  ['reveal', 'DATA_ACCESS', 'INFO', 'WARNING'],
  ['secure-copy', 'DATA_ACCESS', 'INFO', 'WARNING'],
  ['fill', 'DATA_ACCESS', 'INFO', 'WARNING'],
  ['server-fetch', 'DATA_ACCESS', 'INFO', 'WARNING'],
  // Exported or shared secrets leave the vault's access control.
  ['export', 'DATA_ACCESS', 'WARNING', 'WARNING'],
  ['share', 'DATA_ACCESS', 'WARNING', 'WARNING'],
  ['enter-item-edit-mode', 'DATA_MODIFY', 'INFO', 'WARNING'],
  ['server-create', 'DATA_MODIFY', 'INFO', 'WARNING'],
  ['server-update', 'DATA_MODIFY', 'INFO', 'WARNING'],
  ['select-sso-provider', 'AUTH', 'INFO', 'WARNING'],
  // `other`, or no action at all (clients before 1Password 8.4 do not say): still a use of a secret.
  [/./, 'DATA_ACCESS', 'INFO', 'WARNING'],
];

/** Words for the audit codes, for the description only; an unknown code is shown as it is. */
const AUDIT_VERBS: ReadonlyMap<string, string> = new Map([
  ['dlgsess', 'started'], ['create', 'created'], ['update', 'updated'], ['patch', 'updated'], ['delete', 'deleted'],
  ['purge', 'permanently deleted'], ['view', 'viewed'], ['grant', 'granted'], ['revoke', 'revoked'],
  ['join', 'joined'], ['leave', 'left'], ['suspend', 'suspended'], ['reactivate', 'reactivated'],
  ['activate', 'activated'], ['provision', 'provisioned'], ['export', 'exported'], ['role', 'changed the role of'],
  ['verify', 'verified'], ['archive', 'archived'], ['unarchive', 'restored'], ['expire', 'expired'], ['unlink', 'unlinked'],
]);
const AUDIT_OBJECTS: ReadonlyMap<string, string> = new Map([
  ['dlgdsess', 'a delegated session'], ['items', 'items'], ['item', 'an item'], ['report', 'a report'],
  ['satoken', 'a service account token'], ['sa', 'a service account'], ['user', 'a user'], ['vault', 'a vault'],
  ['uva', "a user's vault access"], ['gva', "a group's vault access"], ['gm', 'a group membership'], ['group', 'a group'],
  ['invite', 'an invitation'], ['account', 'the account'], ['mfa', 'a second factor'], ['sso', 'single sign-on'],
  ['device', 'a device'], ['cred', 'a passkey'], ['ev', 'an Events Reporting integration'],
]);

type Family = 'audit' | 'signin' | 'itemUsage';

function familyOf(record: JsonObject): Family | null {
  const has = (key: string): boolean => record[key] !== undefined && record[key] !== null;
  if (!has('timestamp')) return null;
  if (has('action') && has('object_type') && (has('actor_uuid') || isObject(record['actor_details']))) return 'audit';
  if (has('category') && has('type') && (isObject(record['target_user']) || isObject(record['client'])) && (has('session_uuid') || has('uuid'))) return 'signin';
  if (has('item_uuid') && has('vault_uuid') && (isObject(record['user']) || isObject(record['client']))) return 'itemUsage';
  return null;
}

function recognise(record: unknown): number {
  if (!isObject(record)) return 0;
  const family = familyOf(record);
  if (family === null) return 0;
  const hasUuid = typeof record['uuid'] === 'string';
  return family === 'audit' ? (hasUuid ? 1 : 0.9) : hasUuid ? 0.95 : 0.85;
}

function map(record: unknown, raw: string): MappingOutcome {
  if (!isObject(record)) return refuse(`record is not a JSON object (got ${describeJsonType(record)})`);
  const instant = readInstant(record['timestamp']);
  if (instant === null) return refuse(whyNotInstant(record, 'timestamp'));
  const family = familyOf(record);
  if (family === 'audit') return mapAudit(record, instant, raw);
  if (family === 'signin') return mapSignIn(record, instant, raw);
  if (family === 'itemUsage') return mapItemUsage(record, instant, raw);
  return refuse(
    "not a 1Password event: an audit event needs 'action', 'object_type' and 'actor_uuid'; a sign-in attempt 'category', 'type' and 'target_user'; an item usage 'item_uuid', 'vault_uuid' and 'user'",
  );
}

function mapAudit(record: JsonObject, instant: ParsedInstant, raw: string): MappingOutcome {
  const action = text(record['action']);
  if (action === null) return refuse(whyNotText(record, 'action'));
  const objectType = text(record['object_type']);
  if (objectType === null) return refuse(whyNotText(record, 'object_type'));
  const actorType = firstText(record, 'actor_type');
  const actorEmail = firstText(record, 'actor_details.email');
  const actor: Actor = {
    // v2 marks service accounts `sa`; everything else is a person unless it says otherwise.
    kind: actorType === 'sa' ? 'service' : actorKindFrom(actorType),
    id: firstText(record, 'actor_uuid', 'actor_details.uuid'),
    name: firstText(record, 'actor_details.name') ?? actorEmail,
    email: emailOf(actorEmail),
  };
  const target: Target = {
    kind: objectType,
    id: firstText(record, 'object_uuid'),
    name: firstText(record, 'object_details.name', 'object_details.email'),
  };
  const who = actor.name ?? actor.id ?? 'Someone';
  const what = AUDIT_OBJECTS.get(objectType) ?? objectType;
  const named = target.name !== null ? ` (${target.name})` : '';
  return canonicalEvent({
    sourceId: SOURCE_ID,
    eventId: text(record['uuid']),
    instant,
    action,
    classification: classify(ONEPASSWORD_AUDIT_CLASSIFICATION, `${objectType}.${action}`, 'unknown'),
    outcome: 'unknown',
    actor,
    target,
    context: { ip: firstText(record, 'session.ip'), sessionId: firstText(record, 'session.uuid'), geo: geoText(record['location']) },
    description: `${who} ${AUDIT_VERBS.get(action) ?? action} ${what}${named}`,
    data: pick(record, ['object_details', 'aux_id', 'aux_uuid', 'aux_details', 'aux_info', 'session', 'location', 'actor_type', 'account_uuid']),
    raw,
  });
}

const SIGNIN_OUTCOMES: ReadonlyMap<string, Outcome> = new Map<string, Outcome>([
  ['success', 'success'],
  ['firewall_reported_success', 'success'],
  ['firewall_failed', 'denied'],
]);

function mapSignIn(record: JsonObject, instant: ParsedInstant, raw: string): MappingOutcome {
  const category = text(record['category']);
  if (category === null) return refuse(whyNotText(record, 'category'));
  const type = text(record['type']) ?? category;
  const outcome = SIGNIN_OUTCOMES.get(category) ?? (category.endsWith('_failed') ? 'failure' : 'unknown');
  const actor = personFrom(record['target_user']);
  const who = actor.name ?? actor.email ?? actor.id ?? 'unknown user';
  return canonicalEvent({
    sourceId: SOURCE_ID,
    eventId: text(record['uuid']),
    instant,
    action: type,
    classification: classify(ONEPASSWORD_SIGNIN_CLASSIFICATION, category, outcome, { category: 'AUTH', severity: 'INFO' }),
    outcome,
    actor,
    target: { kind: 'client', id: null, name: firstText(record, 'client.app_name') },
    context: { ...clientContext(record), sessionId: firstText(record, 'session_uuid'), geo: geoText(record['location']) ?? firstText(record, 'country') },
    description: `Sign-in attempt by ${who}: ${category.replace(/_/g, ' ')} (${type})`,
    data: pick(record, ['category', 'type', 'details', 'client', 'location', 'country', 'account_uuid']),
    raw,
  });
}

function mapItemUsage(record: JsonObject, instant: ParsedInstant, raw: string): MappingOutcome {
  // Clients before 1Password 8.4 send no action; the usage itself is still evidence of access.
  const action = text(record['action']) ?? 'item-usage';
  const actor = personFrom(record['user']);
  const item = firstText(record, 'item_uuid');
  const vault = firstText(record, 'vault_uuid');
  const who = actor.name ?? actor.email ?? actor.id ?? 'Someone';
  const verb = action === 'item-usage' ? 'used' : `used (${action})`;
  return canonicalEvent({
    sourceId: SOURCE_ID,
    eventId: text(record['uuid']),
    instant,
    action,
    classification: classify(ONEPASSWORD_ITEM_USAGE_CLASSIFICATION, action, 'unknown'),
    outcome: 'unknown',
    actor,
    target: { kind: 'item', id: item, name: null },
    context: { ...clientContext(record), geo: geoText(record['location']) },
    description: `${who} ${verb} item ${item ?? '?'} in vault ${vault ?? '?'}`,
    data: pick(record, ['vault_uuid', 'used_version', 'client', 'location', 'account_uuid']),
    raw,
  });
}

function personFrom(value: unknown): Actor {
  const email = text(at(value, 'email'));
  return { kind: 'user', id: text(at(value, 'uuid')), name: text(at(value, 'name')) ?? email, email: emailOf(email) };
}

/** The client app stands in for a user agent: "1Password for Mac 70902005; MacOSX 11.6.1; …". */
function clientContext(record: JsonObject): Partial<EventContext> {
  const part = (a: string, b: string): string | null => {
    const joined = [firstText(record, a), firstText(record, b)].filter((p) => p !== null).join(' ');
    return joined === '' ? null : joined;
  };
  const agent = [part('client.app_name', 'client.app_version'), part('client.os_name', 'client.os_version'), part('client.platform_name', 'client.platform_version')]
    .filter((p) => p !== null)
    .join('; ');
  return { ip: firstText(record, 'client.ip_address'), userAgent: agent === '' ? null : agent };
}

function geoText(location: unknown): string | null {
  const parts = ['city', 'region', 'country'].map((key) => text(at(location, key))).filter((p) => p !== null);
  return parts.length > 0 ? parts.join(', ') : null;
}

function pick(record: JsonObject, keys: readonly string[]): JsonObject | null {
  const picked: JsonObject = {};
  for (const key of keys) if (record[key] !== undefined) picked[key] = record[key];
  return Object.keys(picked).length > 0 ? picked : null;
}

export const onePassword: PlatformMapping = {
  id: SOURCE_ID,
  name: '1Password Events API',
  shapes: ['json'],
  recognise,
  map,
};
