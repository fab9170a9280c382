/**
 * Microsoft Entra ID (Azure AD) sign-in and directory-audit logs — one mapping for both kinds,
 * because the same export often carries both and they share identities, ids and shapes.
 * Three shapes of each kind reach an auditor:
 *  - Microsoft Graph (`/auditLogs/signIns`, `/auditLogs/directoryAudits`): sign-ins are
 *    {id, createdDateTime, userPrincipalName, userId, appDisplayName, ipAddress,
 *    status{errorCode, failureReason}, location{city, state, countryOrRegion}, riskLevel*, ...};
 *    audits are {id, activityDateTime, activityDisplayName, category, result, resultReason,
 *    initiatedBy{user|app}, targetResources[], correlationId, loggedByService}.
 *  - Azure Monitor diagnostic settings (Event Hub, storage, Panther): {time, category
 *    (SignInLogs, NonInteractiveUserSignInLogs, ServicePrincipalSignInLogs, AuditLogs, ...),
 *    operationName, resultType, callerIpAddress, correlationId, identity, properties{the Graph record}}.
 *    Some exports lower-case the top-level keys; `time` may lack a zone (flagged, not guessed).
 *  - Microsoft Sentinel tables (AuditLogs, SigninLogs): Pascal-cased columns, with InitiatedBy,
 *    TargetResources, AdditionalDetails, Status, LocationDetails as JSON text.
 * Every key is therefore looked up ignoring case, and JSON-text cells are parsed on reading.
 *
 * A nil GUID (all zeros) is not an identifier — publishers zero GUIDs when sanitising samples —
 * so it is treated as absent and the event falls back to content identity instead of colliding.
 */
import type { Actor, MappingOutcome, Outcome } from '../../../../src-shared/event';
import { emailOf, systemActor } from '../mapping/actors';
import { canonicalEvent, refuse } from '../mapping/canonicalEvent';
import type { Classification, ClassificationRow } from '../mapping/classification';
import { classify } from '../mapping/classification';
import type { PlatformMapping } from '../mapping/platform';
import { readInstant } from '../mapping/timestamps';
import type { JsonObject } from '../mapping/values';
import { atIgnoringCase, describeJsonType, ipAddressOf, isObject, parseJsonCell, quote, text } from '../mapping/values';

export const ENTRA_ID_SOURCE_ID = 'entra-id';

/**
 * Sign-ins by kind — the log category (or the record's own fields) says which — and by the risk
 * Identity Protection gave it (riskLevelDuringSignIn / riskLevelAggregated): "user sign-in,
 * high risk". A risky sign-in is flagged whether or not it succeeded.
 */
export const ENTRA_SIGN_IN_RULES: readonly ClassificationRow[] = [
  [/^(user|non-interactive user) sign-in, high risk$/, 'AUTH', 'CRITICAL', 'CRITICAL'],
  [/^(user|non-interactive user) sign-in, medium risk$/, 'AUTH', 'WARNING', 'WARNING'],
  [/^(service principal|managed identity) sign-in, high risk$/, 'API_ACCESS', 'CRITICAL', 'CRITICAL'],
  [/^(service principal|managed identity) sign-in, medium risk$/, 'API_ACCESS', 'WARNING', 'WARNING'],
  [/^(user|non-interactive user) sign-in$/, 'AUTH', 'INFO', 'WARNING'],
  [/^(service principal|managed identity) sign-in$/, 'API_ACCESS', 'INFO', 'WARNING'],
];

/**
 * Directory-audit activities (activityDisplayName); Microsoft 365's AzureActiveDirectory
 * workload logs the same activities with a trailing period and is classified with this table too.
 */
export const ENTRA_DIRECTORY_RULES: readonly ClassificationRow[] = [
  // identity trust: federation/domain authentication changes are the Golden SAML backdoor (MITRE T1484.002)
  [/^Set (federation settings on domain|domain authentication)$/i, 'SECURITY', 'CRITICAL', 'CRITICAL'],
  [/^User has elevated their access to User Access Administrator/i, 'PERMISSION', 'CRITICAL', 'CRITICAL'],
  // an application granted access to the tenant's data (illicit consent grant, MITRE T1528)
  [/^Consent to application$/i, 'SECURITY', 'WARNING', 'WARNING'],
  [/^Add (delegated permission grant|OAuth2PermissionGrant)$/i, 'SECURITY', 'WARNING', 'WARNING'],
  [/^Add app role assignment to service principal$/i, 'PERMISSION', 'WARNING', 'WARNING'],
  // conditional access and authentication policy: the controls in front of every sign-in
  [/^Delete conditional access policy$/i, 'SECURITY', 'CRITICAL', 'CRITICAL'],
  [/conditional access policy$/i, 'SECURITY', 'WARNING', 'WARNING'],
  [/authentication methods? policy/i, 'SECURITY', 'WARNING', 'WARNING'],
  [/^Disable Strong Authentication$/i, 'SECURITY', 'WARNING', 'WARNING'],
  // credentials of applications and service principals
  [/Certificates and secrets management|service principal credentials/i, 'API_ACCESS', 'WARNING', 'WARNING'],
  [/^(Add|Update|Delete|Remove|Restore|Hard delete) (application|service principal)\b/i, 'API_ACCESS', 'INFO', 'WARNING'],
  // roles and groups
  [/^Add (eligible )?member to role/i, 'PERMISSION', 'WARNING', 'WARNING'],
  [/^Remove (eligible )?member from role/i, 'PERMISSION', 'INFO', 'WARNING'],
  [/role assignment|role definition/i, 'PERMISSION', 'INFO', 'WARNING'],
  [/^(Add|Remove) (member|owner) (to|from) group$/i, 'PERMISSION', 'INFO', 'WARNING'],
  // users and their credentials
  [/^Invite external user/i, 'USER_MGMT', 'WARNING', 'WARNING'],
  [/^(Invite|Redeem)\b/i, 'USER_MGMT', 'INFO', 'WARNING'],
  [/security info|StrongAuthentication|StsRefreshTokenValidFrom/i, 'AUTH', 'INFO', 'WARNING'],
  [/password/i, 'USER_MGMT', 'INFO', 'WARNING'],
  [/^(Add|Delete|Hard delete|Restore|Update|Disable|Enable) (user|account)$/i, 'USER_MGMT', 'INFO', 'WARNING'],
  [/^(Add|Update|Delete|Restore|Hard delete) group$/i, 'USER_MGMT', 'INFO', 'WARNING'],
  [/^(Add|Update|Delete|Remove) (device|registered owner to device|registered users to device)/i, 'INFRASTRUCTURE', 'INFO', 'WARNING'],
  [/^(Add|Added|Update|Delete|Set)\b.*\bpolicy$/i, 'SECURITY', 'INFO', 'WARNING'],
  [/^(Set|Update) (company|directory|tenant)|domain/i, 'TENANT_MGMT', 'INFO', 'WARNING'],
];

/** When no activity row matches, the audit's own category decides (Graph directoryAudit.category). */
const AUDIT_CATEGORY_FALLBACK: ReadonlyMap<string, Classification> = new Map<string, Classification>([
  ['usermanagement', { category: 'USER_MGMT', severity: 'INFO' }],
  ['groupmanagement', { category: 'USER_MGMT', severity: 'INFO' }],
  ['administrativeunit', { category: 'USER_MGMT', severity: 'INFO' }],
  ['rolemanagement', { category: 'PERMISSION', severity: 'INFO' }],
  ['entitlementmanagement', { category: 'PERMISSION', severity: 'INFO' }],
  ['applicationmanagement', { category: 'API_ACCESS', severity: 'INFO' }],
  ['policy', { category: 'SECURITY', severity: 'INFO' }],
  ['identityprotection', { category: 'SECURITY', severity: 'INFO' }],
  ['directorymanagement', { category: 'TENANT_MGMT', severity: 'INFO' }],
  ['userauthenticationmethod', { category: 'AUTH', severity: 'INFO' }],
  ['authentication', { category: 'AUTH', severity: 'INFO' }],
  ['device', { category: 'INFRASTRUCTURE', severity: 'INFO' }],
]);

/** Findings an auditor flags whatever the activity's name. */
export const ENTRA_SIGNALS: readonly ClassificationRow[] = [
  // a user's MFA methods were emptied (MITRE T1556.006)
  ['mfa-method-removed', 'SECURITY', 'WARNING', 'WARNING'],
];

/**
 * Sign-in error codes (Entra "AADSTS" codes) where the directory refused a valid attempt rather
 * than the attempt failing: locked (50053), disabled (50057), not assigned to the app (50105),
 * blocked by Conditional Access or device policy (53000–53004, 50131, 530032), app disabled (7000112).
 */
const DENIED_SIGN_IN_CODES = new Set([50053, 50057, 50105, 50131, 53000, 53001, 53002, 53003, 53004, 530032, 7000112]);

const NIL_GUID = /^0{8}-0{4}-0{4}-0{4}-0{12}$/;

type LogKind = 'signIn' | 'directoryAudit';

interface EntraView {
  kind: LogKind;
  /** the Graph-like record: Azure Monitor `properties`, or the record itself */
  props: JsonObject;
  /** the Azure Monitor envelope, when there is one */
  envelope: JsonObject | null;
  logCategory: string | null;
}

/** A field of an object ignoring case, with JSON-text cells (Sentinel) parsed. */
function get(source: unknown, key: string): unknown {
  return parseJsonCell(atIgnoringCase(source, key));
}

function textOf(source: unknown, ...keys: string[]): string | null {
  for (const key of keys) {
    const value = text(get(source, key));
    if (value !== null) return value;
  }
  return null;
}

function idOf(source: unknown, ...keys: string[]): string | null {
  for (const key of keys) {
    const value = text(get(source, key));
    if (value !== null && !NIL_GUID.test(value)) return value;
  }
  return null;
}

const SENTINEL_TABLES: ReadonlyMap<string, LogKind> = new Map<string, LogKind>([
  ['auditlogs', 'directoryAudit'],
  ['signinlogs', 'signIn'],
  ['aadnoninteractiveusersigninlogs', 'signIn'],
  ['aadserviceprincipalsigninlogs', 'signIn'],
  ['aadmanagedidentitysigninlogs', 'signIn'],
]);

function looksLikeAudit(props: JsonObject): boolean {
  return get(props, 'initiatedBy') !== undefined || (get(props, 'activityDateTime') !== undefined && get(props, 'activityDisplayName') !== undefined);
}

function looksLikeSignIn(props: JsonObject): boolean {
  const who = ['userPrincipalName', 'servicePrincipalId', 'appId', 'appDisplayName'].some((key) => get(props, key) !== undefined);
  const what = ['status', 'ipAddress', 'createdDateTime', 'conditionalAccessStatus'].some((key) => get(props, key) !== undefined);
  return who && what;
}

function viewOf(record: JsonObject): EntraView | null {
  const properties = atIgnoringCase(record, 'properties');
  if (isObject(properties) && text(atIgnoringCase(record, 'operationName')) !== null) {
    const logCategory = text(atIgnoringCase(record, 'category'));
    let kind: LogKind | null = null;
    if (logCategory !== null && /signinlogs$/i.test(logCategory)) kind = 'signIn';
    else if (logCategory?.toLowerCase() === 'auditlogs' || looksLikeAudit(properties)) kind = 'directoryAudit';
    else if (looksLikeSignIn(properties)) kind = 'signIn';
    return kind === null ? null : { kind, props: properties, envelope: record, logCategory };
  }
  const table = text(atIgnoringCase(record, 'Type'));
  const sentinelKind = table === null ? undefined : SENTINEL_TABLES.get(table.toLowerCase());
  if (sentinelKind !== undefined) return { kind: sentinelKind, props: record, envelope: null, logCategory: table };
  if (looksLikeAudit(record) && get(record, 'activityDisplayName') !== undefined) return { kind: 'directoryAudit', props: record, envelope: null, logCategory: null };
  if (looksLikeSignIn(record) && get(record, 'createdDateTime') !== undefined) return { kind: 'signIn', props: record, envelope: null, logCategory: null };
  return null;
}

function recognise(record: unknown): number {
  if (!isObject(record)) return 0;
  const view = viewOf(record);
  if (view === null) return 0;
  if (view.envelope === null) return 0.95;
  const resourceId = text(atIgnoringCase(record, 'resourceId')) ?? '';
  const entraCategory = /^(AuditLogs|\w*SignInLogs|ProvisioningLogs)$/i.test(view.logCategory ?? '');
  return entraCategory || /microsoft\.aadiam/i.test(resourceId) ? 0.95 : 0.8;
}

function map(value: unknown, raw: string): MappingOutcome {
  if (!isObject(value)) return refuse(`record is not a JSON object (got ${describeJsonType(value)})`);
  const view = viewOf(value);
  if (view === null) return refuse('not an Entra ID sign-in or directory-audit record: no properties/createdDateTime/activityDisplayName fields');
  return view.kind === 'signIn' ? mapSignIn(view, raw) : mapDirectoryAudit(view, raw);
}

/** The event time: the record's own time first, then the envelope's (Azure Monitor) or the table's (Sentinel). */
function instantOf(view: EntraView, ownField: string): ReturnType<typeof readInstant> | string {
  const candidates: [string, unknown][] = [
    [ownField, get(view.props, ownField)],
    ['time', view.envelope === null ? undefined : atIgnoringCase(view.envelope, 'time')],
    ['TimeGenerated', get(view.props, 'TimeGenerated')],
  ];
  const found = candidates.find(([, candidate]) => text(candidate) !== null);
  if (found === undefined) return `field '${ownField}' is missing (and so is time/TimeGenerated)`;
  return readInstant(found[1]) ?? `field '${found[0]}' is not a timestamp: ${quote(found[1])}`;
}

function envelopeText(view: EntraView, key: string): string | null {
  return view.envelope === null ? null : text(atIgnoringCase(view.envelope, key));
}

// ---------------------------------------------------------------- sign-ins

function signInKind(view: EntraView): string {
  const category = (view.logCategory ?? '').toLowerCase();
  if (category.includes('serviceprincipal')) return 'service principal sign-in';
  if (category.includes('managedidentity')) return 'managed identity sign-in';
  if (category.includes('noninteractive')) return 'non-interactive user sign-in';
  if (category !== '') return 'user sign-in';
  const servicePrincipal = idOf(view.props, 'servicePrincipalId') !== null && textOf(view.props, 'userPrincipalName') === null;
  if (servicePrincipal) return 'service principal sign-in';
  return get(view.props, 'isInteractive') === false ? 'non-interactive user sign-in' : 'user sign-in';
}

function signInOutcome(view: EntraView): { outcome: Outcome; code: number | null } {
  const status = get(view.props, 'status');
  const codeText = text(atIgnoringCase(status, 'errorCode')) ?? envelopeText(view, 'resultType') ?? textOf(view.props, 'ResultType');
  if (codeText !== null && /^\d+$/.test(codeText)) {
    const code = Number(codeText);
    return { outcome: code === 0 ? 'success' : DENIED_SIGN_IN_CODES.has(code) ? 'denied' : 'failure', code };
  }
  const word = (codeText ?? textOf(view.props, 'result') ?? envelopeText(view, 'result') ?? '').toLowerCase();
  if (word === 'success') return { outcome: 'success', code: null };
  if (word === 'failure') return { outcome: 'failure', code: null };
  return { outcome: 'unknown', code: null };
}

function riskOf(view: EntraView): 'high' | 'medium' | null {
  const levels = [textOf(view.props, 'riskLevelDuringSignIn'), textOf(view.props, 'riskLevelAggregated')].map((level) => level?.toLowerCase());
  if (levels.includes('high')) return 'high';
  if (levels.includes('medium')) return 'medium';
  return null;
}

function mapSignIn(view: EntraView, raw: string): MappingOutcome {
  const instant = instantOf(view, 'createdDateTime');
  if (typeof instant === 'string' || instant === null) return refuse(instant ?? "field 'createdDateTime' is not a timestamp");
  const props = view.props;
  const kind = signInKind(view);
  const { outcome, code } = signInOutcome(view);
  const risk = riskOf(view);
  const servicePrincipal = kind === 'service principal sign-in' || kind === 'managed identity sign-in';
  const upn = textOf(props, 'userPrincipalName');
  const actor: Actor = servicePrincipal
    ? { kind: 'service', id: idOf(props, 'servicePrincipalId', 'appId'), name: textOf(props, 'servicePrincipalName', 'appDisplayName'), email: null }
    : { kind: 'user', id: idOf(props, 'userId') ?? upn, name: textOf(props, 'userDisplayName') ?? upn, email: emailOf(upn) };
  const target = servicePrincipal
    ? { kind: 'resource', id: idOf(props, 'resourceId'), name: textOf(props, 'resourceDisplayName') }
    : { kind: 'application', id: idOf(props, 'appId'), name: textOf(props, 'appDisplayName', 'resourceDisplayName') };
  const status = get(props, 'status');
  const reason = text(atIgnoringCase(status, 'failureReason')) ?? textOf(props, 'ResultDescription');

  return canonicalEvent({
    sourceId: ENTRA_ID_SOURCE_ID,
    eventId: idOf(props, 'id'),
    instant,
    action: envelopeText(view, 'operationName') ?? textOf(props, 'OperationName') ?? 'Sign-in activity',
    classification: classify(ENTRA_SIGN_IN_RULES, risk === null ? kind : `${kind}, ${risk} risk`, outcome),
    outcome,
    actor,
    target,
    context: {
      ip: ipAddressOf(get(props, 'ipAddress')) ?? ipAddressOf(envelopeText(view, 'callerIpAddress')),
      userAgent: textOf(props, 'userAgent'),
      requestId: idOf(props, 'correlationId') ?? envelopeText(view, 'correlationId'),
      sessionId: idOf(props, 'sessionId'),
      geo: geoOf(get(props, 'location') ?? get(props, 'LocationDetails')) ?? envelopeText(view, 'location'),
    },
    description: describeSignIn(actor, target.name, outcome, code, reason, risk),
    data: props,
    raw,
  });
}

function geoOf(location: unknown): string | null {
  if (!isObject(location)) return text(location);
  const parts = ['city', 'state', 'countryOrRegion'].map((key) => text(atIgnoringCase(location, key))).filter((part): part is string => part !== null);
  return parts.length > 0 ? parts.join(', ') : null;
}

function describeSignIn(actor: Actor, app: string | null, outcome: Outcome, code: number | null, reason: string | null, risk: string | null): string {
  const who = actor.name ?? actor.id ?? 'An unknown user';
  const to = app !== null ? ` to ${app}` : '';
  const why = [code !== null && code !== 0 ? `error ${code}` : null, outcome === 'success' ? null : reason].filter((part) => part !== null).join(': ');
  const flag = risk !== null ? ` (${risk} risk)` : '';
  if (outcome === 'success') return `${who} signed in${to}${flag}`;
  if (outcome === 'denied') return `${who} was refused sign-in${to}${why !== '' ? ` — ${why}` : ''}${flag}`;
  if (outcome === 'failure') return `${who} failed to sign in${to}${why !== '' ? ` — ${why}` : ''}${flag}`;
  return `${who} signed in${to} (result not recorded)${flag}`;
}

// ---------------------------------------------------------------- directory audits

function auditOutcome(view: EntraView): Outcome {
  const result = (textOf(view.props, 'result') ?? envelopeText(view, 'result') ?? '').toLowerCase();
  if (result === 'success') return 'success';
  if (result === 'failure' || result === 'timeout') {
    return /denied|forbidden|not authori[sz]ed|insufficient privileges/i.test(textOf(view.props, 'resultReason') ?? '') ? 'denied' : 'failure';
  }
  return 'unknown';
}

function auditActor(view: EntraView): Actor {
  const initiatedBy = get(view.props, 'initiatedBy');
  const user = atIgnoringCase(initiatedBy, 'user');
  const upn = text(atIgnoringCase(user, 'userPrincipalName'));
  if (isObject(user) && (upn !== null || idOf(user, 'id') !== null)) {
    return { kind: 'user', id: idOf(user, 'id') ?? upn, name: text(atIgnoringCase(user, 'displayName')) ?? upn, email: emailOf(upn) };
  }
  const app = atIgnoringCase(initiatedBy, 'app');
  if (isObject(app) && (textOf(app, 'displayName', 'servicePrincipalName') !== null || idOf(app, 'servicePrincipalId', 'appId') !== null)) {
    return { kind: 'service', id: idOf(app, 'servicePrincipalId', 'appId'), name: textOf(app, 'displayName', 'servicePrincipalName'), email: null };
  }
  const identity = envelopeText(view, 'identity') ?? textOf(view.props, 'identity');
  if (identity !== null) return { kind: 'user', id: null, name: identity, email: emailOf(identity) };
  return systemActor(textOf(view.props, 'loggedByService') ?? 'Microsoft Entra ID');
}

function firstTarget(view: EntraView): { kind: string | null; id: string | null; name: string | null } {
  const targets = get(view.props, 'targetResources');
  const first: unknown = Array.isArray(targets) ? targets[0] : undefined;
  if (!isObject(first)) return { kind: null, id: null, name: null };
  return { kind: textOf(first, 'type'), id: idOf(first, 'id'), name: textOf(first, 'displayName', 'userPrincipalName') };
}

/** True when a StrongAuthentication* property went from some methods to none (Entra and Microsoft 365 shapes). */
export function mfaMethodsRemoved(modifiedProperties: unknown): boolean {
  if (!Array.isArray(modifiedProperties)) return false;
  const empty = (value: string | null): boolean => value === null || /^\[\s*\]$|^""$/.test(value);
  return modifiedProperties.some((property) => {
    const name = textOf(property, 'displayName', 'Name') ?? '';
    return /^StrongAuthentication(Method|Requirement)/.test(name) && !empty(text(atIgnoringCase(property, 'oldValue'))) && empty(text(atIgnoringCase(property, 'newValue')));
  });
}

function mapDirectoryAudit(view: EntraView, raw: string): MappingOutcome {
  const instant = instantOf(view, 'activityDateTime');
  if (typeof instant === 'string' || instant === null) return refuse(instant ?? "field 'activityDateTime' is not a timestamp");
  const props = view.props;
  const action = textOf(props, 'activityDisplayName', 'operationName') ?? envelopeText(view, 'operationName');
  if (action === null) return refuse("field 'activityDisplayName' is missing (and so is operationName)");
  const outcome = auditOutcome(view);
  const actor = auditActor(view);
  const target = firstTarget(view);
  const targets = get(props, 'targetResources');
  const mfaRemoved = Array.isArray(targets) && targets.some((t) => mfaMethodsRemoved(atIgnoringCase(t, 'modifiedProperties')));
  const auditCategory = (textOf(props, 'category') ?? (view.logCategory?.toLowerCase() === 'auditlogs' ? null : view.logCategory) ?? '').toLowerCase();
  const classification = mfaRemoved
    ? classify(ENTRA_SIGNALS, 'mfa-method-removed', outcome)
    : classify(ENTRA_DIRECTORY_RULES, action, outcome, AUDIT_CATEGORY_FALLBACK.get(auditCategory));
  const initiatedBy = get(props, 'initiatedBy');
  const additional = get(props, 'additionalDetails');
  const userAgentDetail = Array.isArray(additional) ? additional.find((item) => /^user-?agent$/i.test(textOf(item, 'key') ?? '')) : undefined;
  const who = actor.name ?? actor.id ?? 'Microsoft Entra ID';
  const result = outcome === 'failure' ? ' — failed' : outcome === 'denied' ? ' — denied' : '';
  const reason = outcome === 'failure' || outcome === 'denied' ? textOf(props, 'resultReason') : null;

  return canonicalEvent({
    sourceId: ENTRA_ID_SOURCE_ID,
    eventId: idOf(props, 'id'),
    instant,
    action,
    classification,
    outcome,
    actor,
    target,
    context: {
      ip: ipAddressOf(atIgnoringCase(atIgnoringCase(initiatedBy, 'user'), 'ipAddress')) ?? ipAddressOf(envelopeText(view, 'callerIpAddress')),
      userAgent: textOf(props, 'userAgent') ?? text(atIgnoringCase(userAgentDetail, 'value')),
      requestId: idOf(props, 'correlationId') ?? envelopeText(view, 'correlationId'),
    },
    description: `${who} performed "${action}"${target.name !== null ? ` on ${target.name}` : ''}${result}${reason !== null ? `: ${reason}` : ''}`,
    data: sentinelParsed(props),
    raw,
  });
}

/** Sentinel keeps nested detail as JSON text; the event's data holds it parsed. */
function sentinelParsed(props: JsonObject): JsonObject {
  const detail: JsonObject = { ...props };
  for (const key of ['InitiatedBy', 'TargetResources', 'AdditionalDetails', 'Status', 'LocationDetails', 'DeviceDetail']) {
    if (typeof detail[key] === 'string') detail[key] = parseJsonCell(detail[key]);
  }
  return detail;
}

export const entraId: PlatformMapping = {
  id: ENTRA_ID_SOURCE_ID,
  name: 'Microsoft Entra ID sign-in and audit logs',
  shapes: ['json'],
  recognise,
  map,
};
