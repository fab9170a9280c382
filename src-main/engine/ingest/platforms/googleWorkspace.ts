/**
 * Google Workspace Admin SDK Reports API activities (`GET admin/reports/v1/activity/users/all/
 * applications/{app}`, one element of `items`; shared/datasets/google_workspace/SOURCE.txt):
 *   {kind "admin#reports#activity", id{time, uniqueQualifier, applicationName, customerId},
 *    actor{email, profileId, callerType USER|KEY, key?}, ipAddress, networkInfo,
 *    events[{type, name, parameters[{name, value|multiValue|intValue|boolValue|messageValue…}]}]}
 * Panther's flattened schema (one event per record: top-level `type`, `name`, and `parameters`
 * as a {NAME: value} object; `id.time` as "YYYY-MM-DD HH:MM:SS.fffffffff" without a zone) is
 * read too.
 *
 * One activity is one canonical event. Its action is `<applicationName>.<events[0].name>`
 * (e.g. `admin.ASSIGN_ROLE`): the first event is the one Google reports the activity under, and
 * a joined name would defeat the rule table. Further events are named in the description and
 * kept, with every parameter, in `data.events`.
 * Event id: `<applicationName>/<id.time as UTC micros ISO>/<uniqueQualifier>` — Google documents
 * uniqueQualifier as unique only among activities of the same time, and applications are
 * exported separately, so all three make the id; null without a uniqueQualifier.
 * Outcome: the Reports API has no result field; an activity is recorded once it happened, and
 * failures are events of their own (`login.login_failure`, `FAILED_PASSWORD_ATTEMPTS_EVENT`,
 * `CUSTOMER_TAKEOUT_FAILED`), or, for login challenges, `login_challenge_status`.
 */
import type { Actor, MappingOutcome, Outcome, Target } from '../../../../src-shared/event';
import { formatMicros } from '../../../../src-shared/time';
import { emailOf } from '../mapping/actors';
import { canonicalEvent, refuse } from '../mapping/canonicalEvent';
import type { ClassificationRow } from '../mapping/classification';
import { classify } from '../mapping/classification';
import type { PlatformMapping } from '../mapping/platform';
import { readInstant } from '../mapping/timestamps';
import { at, describeJsonType, isObject, quote, text, type JsonObject } from '../mapping/values';

export const GOOGLE_WORKSPACE_ID = 'google-workspace';

/**
 * `<application>.<event name>` by category; first match wins. Columns: [action, category,
 * severity on success, severity on failure/denied]. CRITICAL where Google reports a compromised
 * or disabled account, a government-backed attack, or a super-administrator grant; WARNING for
 * suspicious sign-ins, privilege grants, 2-step-verification changes, domain-wide delegation,
 * external sharing and whole-organisation exports.
 */
export const GOOGLE_WORKSPACE_RULES: readonly ClassificationRow[] = [
  // SECURITY — Google's own findings
  [/^login\.(account_disabled_.*|gov_attack_warning)$/, 'SECURITY', 'CRITICAL', 'CRITICAL'],
  [/^login\.suspicious_/, 'SECURITY', 'WARNING', 'WARNING'],
  ['login.risky_sensitive_action_blocked', 'SECURITY', 'WARNING', 'WARNING'],
  [/^(login|user_accounts)\.email_forwarding_out_of_domain$/, 'SECURITY', 'WARNING', 'ERROR'],
  [/^(login|user_accounts)\.titanium_unenroll$/, 'SECURITY', 'WARNING', 'ERROR'], // Advanced Protection off
  ['mobile.DEVICE_COMPROMISED_EVENT', 'SECURITY', 'CRITICAL', 'CRITICAL'],
  ['mobile.SUSPICIOUS_ACTIVITY_EVENT', 'SECURITY', 'WARNING', 'WARNING'],
  ['rules.*', 'SECURITY', 'WARNING', 'ERROR'], // DLP and activity-rule matches
  ['alert_center.*', 'SECURITY', 'WARNING', 'ERROR'],
  ['access_transparency.*', 'DATA_ACCESS', 'WARNING', 'WARNING'], // Google staff accessed customer data
  // SECURITY — the tenant's security settings
  [/^admin\.(ENFORCE_STRONG_AUTHENTICATION|CHANGE_ALLOWED_TWO_STEP_VERIFICATION_METHODS|CHANGE_TWO_STEP_VERIFICATION_.*|TOGGLE_.*STRONG_AUTH.*)$/, 'SECURITY', 'WARNING', 'ERROR'],
  [/^admin\.(ADD|REMOVE)_TRUSTED_DOMAINS$/, 'SECURITY', 'WARNING', 'ERROR'],
  ['admin.ADD_MOBILE_APPLICATION_TO_WHITELIST', 'SECURITY', 'WARNING', 'ERROR'],
  [/^admin\.ALERT_CENTER_/, 'SECURITY', 'INFO', 'WARNING'],

  // AUTH — sign-in, sign-out, 2-step verification, passwords, recovery
  [/^(login|saml|logout)\.(login_success|login_failure|login_challenge|login_verification|logout|login)$/, 'AUTH', 'INFO', 'WARNING'],
  [/^(login|user_accounts)\.2sv_disable$/, 'AUTH', 'WARNING', 'ERROR'],
  [/^(login|user_accounts)\./, 'AUTH', 'INFO', 'WARNING'],
  ['admin.CHANGE_PASSWORD', 'AUTH', 'WARNING', 'ERROR'], // an administrator set someone's password
  [/^admin\.(TURN_OFF_2_STEP_VERIFICATION|RESET_SIGNIN_COOKIES)$/, 'AUTH', 'WARNING', 'ERROR'],
  ['mobile.FAILED_PASSWORD_ATTEMPTS_EVENT', 'AUTH', 'WARNING', 'WARNING'],
  ['saml.*', 'AUTH', 'INFO', 'WARNING'],

  // PERMISSION — administrator roles and group membership (groups carry access)
  ['admin.GRANT_ADMIN_PRIVILEGE', 'PERMISSION', 'CRITICAL', 'CRITICAL'], // super administrator
  ['admin.REVOKE_ADMIN_PRIVILEGE', 'PERMISSION', 'INFO', 'WARNING'],
  [/^admin\.(ASSIGN_ROLE|ADD_PRIVILEGE|UPDATE_ROLE|CHANGE_ROLE_.*)$/, 'PERMISSION', 'WARNING', 'ERROR'],
  [/^admin\.(UNASSIGN_ROLE|REMOVE_PRIVILEGE|CREATE_ROLE|DELETE_ROLE|RENAME_ROLE)$/, 'PERMISSION', 'INFO', 'WARNING'],
  [/^admin\.(ADD|REMOVE)_GROUP_MEMBER$/, 'PERMISSION', 'INFO', 'WARNING'],
  [/^admin\.(UPDATE|CHANGE)_GROUP_MEMBER/, 'PERMISSION', 'INFO', 'WARNING'],
  [/^groups_enterprise\.(add_member|remove_member|change_member_role)/, 'PERMISSION', 'INFO', 'WARNING'],
  ['calendar.change_calendar_acls', 'PERMISSION', 'INFO', 'WARNING'],

  // API_ACCESS — OAuth grants and domain-wide delegation
  ['admin.AUTHORIZE_API_CLIENT_ACCESS', 'API_ACCESS', 'WARNING', 'ERROR'], // domain-wide delegation
  ['admin.REMOVE_API_CLIENT_ACCESS', 'API_ACCESS', 'INFO', 'WARNING'],
  ['token.*', 'API_ACCESS', 'INFO', 'WARNING'],

  // COMPLIANCE — exports of the organisation's data, Vault
  [/^admin\.CUSTOMER_TAKEOUT_/, 'COMPLIANCE', 'WARNING', 'ERROR'],
  ['vault.*', 'COMPLIANCE', 'INFO', 'WARNING'],
  [/^admin\.DATA_TRANSFER_/, 'COMPLIANCE', 'INFO', 'WARNING'],

  // DATA_ACCESS — investigations and reports that read people's data
  [/^admin\.SECURITY_INVESTIGATION_(QUERY|VIEW|EXPORT)/, 'DATA_ACCESS', 'INFO', 'WARNING'],
  [/^admin\.SECURITY_INVESTIGATION_/, 'DATA_MODIFY', 'WARNING', 'ERROR'], // actions taken from the tool
  ['admin.DOWNLOAD_*', 'DATA_ACCESS', 'INFO', 'WARNING'],

  // USER_MGMT — users, groups, organisational units, devices
  [/^admin\.(DELETE_USER|SUSPEND_USER)$/, 'USER_MGMT', 'WARNING', 'ERROR'],
  [/^admin\.[A-Z_]*USER/, 'USER_MGMT', 'INFO', 'ERROR'],
  [/^admin\.[A-Z_]*GROUP/, 'USER_MGMT', 'INFO', 'ERROR'],
  [/^admin\.[A-Z_]*ORG_UNIT/, 'USER_MGMT', 'INFO', 'ERROR'],
  ['groups_enterprise.*', 'USER_MGMT', 'INFO', 'WARNING'],
  ['groups.*', 'USER_MGMT', 'INFO', 'WARNING'],
  ['mobile.*', 'INFRASTRUCTURE', 'INFO', 'WARNING'],

  // FILE_OPS — Drive; sharing outside the domain is what an auditor looks for
  [/^drive\.change_document_(visibility|access_scope)/, 'FILE_OPS', 'WARNING', 'ERROR'],
  ['drive.change_owner', 'FILE_OPS', 'WARNING', 'ERROR'],
  ['drive.*', 'FILE_OPS', 'INFO', 'WARNING'],

  // DATA_ACCESS / DATA_MODIFY — mail, calendar, chat
  [/^gmail\.(download|view|open)/, 'DATA_ACCESS', 'INFO', 'WARNING'],
  ['gmail.*', 'DATA_MODIFY', 'INFO', 'WARNING'],
  ['calendar.*', 'DATA_MODIFY', 'INFO', 'WARNING'],
  ['chat.*', 'DATA_MODIFY', 'INFO', 'WARNING'],

  // AI_USAGE — Gemini in Workspace
  [/^gemini/, 'AI_USAGE', 'INFO', 'WARNING'],

  // TENANT_MGMT — every other admin console setting
  ['admin.*', 'TENANT_MGMT', 'INFO', 'WARNING'],
];

/** Event names that record a failure. */
const FAILED_NAME = /(^|_)(failure|failed)(_|$)/i;

/**
 * Which parameter names the activity's target, first match wins: the affected person before
 * the group, document, role or setting the change touched.
 */
const TARGET_PARAMETERS: readonly (readonly [parameter: string, kind: string, nameParameter: string | null])[] = [
  ['USER_EMAIL', 'user', null],
  ['affected_email_address', 'user', null],
  ['GROUP_EMAIL', 'group', null],
  ['group_email', 'group', null],
  ['doc_id', 'document', 'doc_title'],
  ['ROLE_NAME', 'role', null],
  ['API_CLIENT_NAME', 'api-client', null],
  ['client_id', 'oauth-client', 'app_name'],
  ['DEVICE_ID', 'device', null],
  ['device_id', 'device', 'device_model'],
  ['calendar_id', 'calendar', null],
  ['ALERT_ID', 'alert', null],
  ['APPLICATION_NAME', 'application', null],
  ['DOMAIN_NAME', 'domain', null],
  ['SETTING_NAME', 'setting', null],
];

const MAX_MESSAGE_DEPTH = 8;

interface ActivityEvent {
  type: string | null;
  name: string | null;
  parameters: JsonObject;
}

/** `[{name, value|multiValue|intValue|boolValue|messageValue…}]` → `{NAME: value}`. */
function flattenParameters(list: unknown, depth = 0): JsonObject {
  const result: JsonObject = {};
  if (!Array.isArray(list) || depth > MAX_MESSAGE_DEPTH) return result;
  for (const item of list) {
    const name = text(at(item, 'name'));
    if (name === null || !isObject(item)) continue;
    let value: unknown = null;
    for (const key of ['value', 'multiValue', 'intValue', 'multiIntValue', 'boolValue']) {
      if (item[key] !== undefined) {
        value = item[key];
        break;
      }
    }
    if (isObject(item['messageValue'])) value = flattenParameters(item['messageValue']['parameter'], depth + 1);
    if (Array.isArray(item['multiMessageValue'])) {
      value = item['multiMessageValue'].map((message: unknown) => flattenParameters(at(message, 'parameter'), depth + 1));
    }
    Object.defineProperty(result, name, { value, enumerable: true, writable: true, configurable: true });
  }
  return result;
}

function eventsOf(record: JsonObject): ActivityEvent[] {
  const events = record['events'];
  if (Array.isArray(events)) {
    return events.filter(isObject).map((event) => ({ type: text(event['type']), name: text(event['name']), parameters: flattenParameters(event['parameters']) }));
  }
  // Panther's one-event-per-record shape
  if (record['name'] === undefined && record['type'] === undefined) return [];
  const parameters = record['parameters'];
  return [{ type: text(record['type']), name: text(record['name']), parameters: isObject(parameters) ? parameters : flattenParameters(parameters) }];
}

function outcomeOf(events: readonly ActivityEvent[]): Outcome {
  for (const event of events) {
    if (event.name !== null && FAILED_NAME.test(event.name)) return 'failure';
    const challenge = text(event.parameters['login_challenge_status'])?.toLowerCase();
    if (challenge !== undefined && challenge.includes('fail')) return 'failure';
  }
  return 'success';
}

function actorOf(record: JsonObject): Actor {
  const actor = record['actor'];
  const email = text(at(actor, 'email'));
  const key = text(at(actor, 'key'));
  const profileId = text(at(actor, 'profileId'));
  const callerType = text(at(actor, 'callerType'))?.toUpperCase();
  const oauthClient = text(at(actor, 'applicationInfo.applicationName')) ?? text(at(actor, 'applicationInfo.oauthClientId'));
  if (callerType === 'KEY' || (email === null && key !== null)) return { kind: 'apiKey', id: profileId ?? key, name: key, email: null };
  if (email === null && oauthClient !== null) return { kind: 'service', id: profileId, name: oauthClient, email: null };
  return { kind: 'user', id: profileId ?? email, name: email, email: emailOf(email) };
}

function targetOf(record: JsonObject, events: readonly ActivityEvent[]): Partial<Target> {
  for (const [parameter, kind, nameParameter] of TARGET_PARAMETERS) {
    for (const event of events) {
      const id = text(event.parameters[parameter]);
      if (id === null) continue;
      return { kind, id, name: (nameParameter !== null ? text(event.parameters[nameParameter]) : null) ?? id };
    }
  }
  const details = record['resourceDetails'];
  const first: unknown = Array.isArray(details) ? details[0] : undefined;
  const id = text(at(first, 'id'));
  return id !== null ? { kind: text(at(first, 'type')), id, name: text(at(first, 'title')) ?? id } : {};
}

function geoOf(record: JsonObject): string | null {
  const parts = [text(at(record, 'networkInfo.subdivisionCode')), text(at(record, 'networkInfo.regionCode'))].filter((part): part is string => part !== null);
  return parts.length > 0 ? parts.join(', ') : null;
}

function clip(value: string, max: number): string {
  return value.length > max ? `${value.slice(0, max - 1)}…` : value;
}

function describe(actor: Actor, application: string, events: readonly ActivityEvent[]): string {
  const who = actor.name ?? actor.id ?? 'An unidentified actor';
  const names = events.map((event) => event.name ?? '?');
  const details = Object.entries(events[0]?.parameters ?? {})
    .filter(([, value]) => value !== null && value !== '' && typeof value !== 'object')
    .slice(0, 3)
    .map(([name, value]) => `${name}: ${typeof value === 'string' ? clip(value, 60) : String(value)}`);
  const more = names.length > 1 ? ` (+${names.length - 1} more: ${names.slice(1, 4).join(', ')})` : '';
  return `${who}: ${application} ${names[0] ?? ''}${details.length > 0 ? ` — ${details.join(', ')}` : ''}${more}`;
}

function dataOf(record: JsonObject, events: readonly ActivityEvent[]): JsonObject {
  const data: JsonObject = { events };
  for (const key of ['networkInfo', 'resourceDetails', 'ownerDomain', 'etag']) if (record[key] !== undefined) data[key] = record[key];
  const customerId = text(at(record, 'id.customerId'));
  if (customerId !== null) data['customerId'] = customerId;
  return data;
}

function mapGoogleWorkspace(record: unknown, raw: string): MappingOutcome {
  if (!isObject(record)) return refuse(`record is not a JSON object (got ${describeJsonType(record)})`);

  const application = text(at(record, 'id.applicationName'));
  if (application === null) return refuse("field 'id.applicationName' is missing");
  const events = eventsOf(record);
  const name = events[0]?.name ?? null;
  if (name === null) {
    if (Array.isArray(record['events'])) return refuse(events.length === 0 ? "field 'events' is empty" : "field 'events[0].name' is missing");
    return refuse("field 'events' is missing (nor a top-level 'name')");
  }
  const action = `${application}.${name}`;

  const time = at(record, 'id.time');
  if (time === undefined || time === null || time === '') return refuse("field 'id.time' is missing");
  const instant = readInstant(time);
  if (instant === null) return refuse(`field 'id.time' is not a timestamp: ${quote(time)}`);

  const uniqueQualifier = text(at(record, 'id.uniqueQualifier'));
  const outcome = outcomeOf(events);
  const actor = actorOf(record);

  return canonicalEvent({
    sourceId: GOOGLE_WORKSPACE_ID,
    eventId: uniqueQualifier !== null ? `${application}/${formatMicros(instant.micros)}/${uniqueQualifier}` : null,
    instant,
    action,
    classification: classify(GOOGLE_WORKSPACE_RULES, action, outcome),
    outcome,
    actor,
    target: targetOf(record, events),
    context: { ip: text(record['ipAddress']), geo: geoOf(record) },
    description: describe(actor, application, events),
    data: dataOf(record, events),
    raw,
  });
}

function recogniseGoogleWorkspace(record: unknown): number {
  if (!isObject(record)) return 0;
  if (record['kind'] === 'admin#reports#activity') return 0.95;
  const id = record['id'];
  if (!isObject(id) || text(id['applicationName']) === null) return 0;
  const hasEvents = Array.isArray(record['events']) || typeof record['name'] === 'string';
  if (hasEvents && id['time'] !== undefined && id['uniqueQualifier'] !== undefined) return 0.9;
  if (hasEvents) return 0.75;
  if (id['customerId'] !== undefined || id['time'] !== undefined) return 0.6;
  return 0.4;
}

export const googleWorkspace: PlatformMapping = {
  id: GOOGLE_WORKSPACE_ID,
  name: 'Google Workspace reports',
  shapes: ['json'],
  recognise: (record) => {
    try {
      return recogniseGoogleWorkspace(record);
    } catch {
      return 0;
    }
  },
  map: (record, raw) => {
    try {
      return mapGoogleWorkspace(record, raw);
    } catch (error) {
      return refuse(`record could not be mapped: ${error instanceof Error ? error.message : String(error)}`);
    }
  },
};
