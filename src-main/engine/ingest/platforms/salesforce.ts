/**
 * Salesforce, three record kinds read through the REST API (SOURCE.txt, criblpacks/cribl-salesforce-rest-io):
 *  - SetupAuditTrail (SOQL): {attributes{type}, Id, CreatedDate, CreatedById, CreatedBy{Name, Username},
 *    DelegateUser, Action, Section, Display}. No outcome: a setup change is recorded once made.
 *  - LoginHistory (SOQL): {Id, LoginTime, UserId, LoginType, Status ("Success" or the failure
 *    reason), SourceIp, Application, Browser, Platform, CountryIso, LoginUrl, ...}.
 *  - Event Monitoring EventLogFile rows (the LogFile blob is CSV; a reader, or Cribl, hands over
 *    the columns by name): {EVENT_TYPE, TIMESTAMP (yyyyMMddHHmmss.SSS, UTC but zone-less),
 *    TIMESTAMP_DERIVED (ISO, Z), REQUEST_ID, USER_ID, USER_ID_DERIVED, CLIENT_IP, URI, METHOD,
 *    STATUS_CODE, REQUEST_STATUS, EXCEPTION_MESSAGE, ...}. No event id: REQUEST_ID is the
 *    transaction's. Cribl's wrapper keys (`_raw` holding the CSV line, host, source, _time,
 *    cribl_breaker) are left out of `data`.
 * Times like "2025-10-02T19:29:01.000+0000" carry a zone without a colon (readInstant reads it).
 */
import type { Actor, MappingOutcome, Outcome } from '../../../../src-shared/event';
import type { ParsedInstant } from '../../../../src-shared/time';
import { parseInstant } from '../../../../src-shared/time';
import { emailOf, systemActor } from '../mapping/actors';
import { canonicalEvent, refuse } from '../mapping/canonicalEvent';
import { classify, type ClassificationRow } from '../mapping/classification';
import type { PlatformMapping } from '../mapping/platform';
import { readInstant, whyNotInstant } from '../mapping/timestamps';
import { at, describeJsonType, firstText, isObject, text, whyNotText, type JsonObject } from '../mapping/values';

const SOURCE_ID = 'salesforce';

/**
 * SetupAuditTrail `Action` codes (case varies: `changedpassword`, `registeredUserPhoneNumber`).
 * Checked before the section table below; first match wins.
 */
export const SETUP_AUDIT_ACTIONS: readonly ClassificationRow[] = [
  // Logging in as another user, and the identity a user signs in with through SSO.
  [/^(suOrgAdminLogin|suOrgAdminLogout|suNetworkAdminLogin|loginAs)/i, 'SECURITY', 'WARNING', 'ERROR'],
  [/federationid/i, 'SECURITY', 'WARNING', 'ERROR'],
  [/(saml|sso|authprovider|identityprovider|singlesignon)/i, 'SECURITY', 'WARNING', 'ERROR'],
  [/(iprange|trustedip|networkaccess|loginip|sessionsetting|passwordpolic)/i, 'SECURITY', 'WARNING', 'ERROR'],
  [/(removed|deleted|disabled|reset).*(twofactor|totp|u2f|mfa|verification)/i, 'SECURITY', 'WARNING', 'ERROR'],
  [/(twofactor|totp|u2f|mfa|PhoneNumber|VerifiedStatus|identityverif)/i, 'AUTH', 'INFO', 'WARNING'],
  [/(changedpassword|resetpassword|passwordreset|expirepassword)/i, 'AUTH', 'INFO', 'WARNING'],
  [/(permset|permissionset|profile|role|sharing|publicgroup|queue)/i, 'PERMISSION', 'INFO', 'ERROR'],
  [/(connectedapp|oauth|namedcredential|apiaccess|certificate|remotesite)/i, 'API_ACCESS', 'INFO', 'ERROR'],
  [/(dataexport|weeklyexport|export)/i, 'COMPLIANCE', 'WARNING', 'ERROR'],
  [/(fieldhistory|fieldaudit|retention|audittrail)/i, 'COMPLIANCE', 'INFO', 'ERROR'],
  [/(license|checkout|billing)/i, 'SUBSCRIPTION', 'INFO', 'ERROR'],
  [/(deactivat|frozeuser|freezeuser|unfrozeuser)/i, 'USER_MGMT', 'INFO', 'ERROR'],
  [/(created.*user|newuser|useremail|username|changeduser)/i, 'USER_MGMT', 'INFO', 'ERROR'],
];

/** SetupAuditTrail `Section` (the Setup menu area), when the action is not listed above. */
export const SETUP_AUDIT_SECTIONS: readonly ClassificationRow[] = [
  [/^(Manage Users|Customer Portal|Partner Relationship Management|Communities|Digital Experiences)/i, 'USER_MGMT', 'INFO', 'ERROR'],
  [/(Security Controls|Single Sign-On|Certificate and Key Management|Session Settings|Password Policies|Network Access|Identity)/i, 'SECURITY', 'WARNING', 'ERROR'],
  [/(Sharing|Permission Sets|Profiles|Roles)/i, 'PERMISSION', 'INFO', 'ERROR'],
  [/(Connected Apps|Named Credentials|Remote Site|API)/i, 'API_ACCESS', 'INFO', 'ERROR'],
  [/(Data Export|Data Management|Field History|Retention)/i, 'COMPLIANCE', 'INFO', 'ERROR'],
  [/(Company Profile|Company Information|Licenses|Checkout)/i, 'TENANT_MGMT', 'INFO', 'ERROR'],
  [/(Apex|Develop|Custom Code|Deploy|Flows?|Process Automation)/i, 'TENANT_MGMT', 'WARNING', 'ERROR'],
  [/./, 'TENANT_MGMT', 'INFO', 'ERROR'],
];

/**
 * LoginHistory `Status`: "Success" or the reason the sign-in failed. A lockout or a login from a
 * restricted address is the tenant's protection firing, which an auditor reviews.
 */
export const LOGIN_STATUSES: readonly ClassificationRow[] = [
  ['Success', 'AUTH', 'INFO', 'WARNING'],
  [/lockout|locked/i, 'SECURITY', 'ERROR', 'ERROR'],
  [/restricted|blocked|not allowed|no .*access/i, 'SECURITY', 'WARNING', 'WARNING'],
  [/./, 'AUTH', 'INFO', 'WARNING'],
];

/** Statuses where a policy (lockout, IP or hours restriction, frozen user) turned the sign-in away. */
const LOGIN_REFUSED_BY_POLICY = /lockout|locked|restricted|blocked|not allowed|frozen|no .*access/i;

/** Event Monitoring event types (developer.salesforce.com, "EventLogFile Supported Event Types"). */
export const EVENT_LOG_TYPES: readonly ClassificationRow[] = [
  ['LoginAs', 'SECURITY', 'WARNING', 'ERROR'],
  [/^(Login|Logout|IdentityVerification|VerificationCodeSubmit)/, 'AUTH', 'INFO', 'WARNING'],
  [/^(TransactionSecurity|CORSViolation|CspViolation|InsecureExternalAssets|PlatformEncryption|ConcurrentLongRunningApexLimit)/, 'SECURITY', 'WARNING', 'ERROR'],
  [/^(ReportExport|BulkApiResult)/, 'DATA_ACCESS', 'WARNING', 'ERROR'],
  [/^(Report|Dashboard|ListView|Search|URI|LightningPageView|LightningInteraction|VisualforceRequest|Sites|KnowledgeArticleView)/, 'DATA_ACCESS', 'INFO', 'WARNING'],
  [/^(DocumentAttachmentDownloads|ContentTransfer|ContentDocumentLink|ContentDistribution|FileSharing)/, 'FILE_OPS', 'INFO', 'WARNING'],
  [/^(API|RestApi|ApexRestApi|ApexSoap|BulkApi|BulkApi2|AsyncReportRun|ApiTotalUsage|ApexCallout|ExternalCustomApexCallout|ExternalODataCallout|NamedCredential)/, 'API_ACCESS', 'INFO', 'WARNING'],
  [/^(PermissionSetAssignment|Sharing)/, 'PERMISSION', 'INFO', 'ERROR'],
  [/^(MetadataApiOperation|Package|Sandbox|ChangeSet)/, 'TENANT_MGMT', 'INFO', 'ERROR'],
  [/^(ApexExecution|ApexTrigger|ApexUnexpectedException|QueuedExecution|FlowExecution|TimeBasedWorkflow|Console)/, 'SYSTEM', 'INFO', 'ERROR'],
];

type Kind = 'setupAuditTrail' | 'loginHistory' | 'eventLogFile';

function kindOf(record: JsonObject): Kind | null {
  const declared = firstText(record, 'attributes.type');
  if (declared === 'SetupAuditTrail' || (record['Action'] !== undefined && record['Section'] !== undefined && record['CreatedDate'] !== undefined)) return 'setupAuditTrail';
  if (declared === 'LoginHistory' || (record['LoginTime'] !== undefined && record['UserId'] !== undefined && record['Status'] !== undefined)) return 'loginHistory';
  if (typeof record['EVENT_TYPE'] === 'string' && (record['TIMESTAMP_DERIVED'] !== undefined || record['TIMESTAMP'] !== undefined)) return 'eventLogFile';
  return null;
}

function recognise(record: unknown): number {
  if (!isObject(record)) return 0;
  const kind = kindOf(record);
  if (kind === null) return 0;
  if (kind === 'eventLogFile') return record['REQUEST_ID'] !== undefined || record['ORGANIZATION_ID'] !== undefined ? 0.95 : 0.7;
  return at(record, 'attributes.type') !== undefined ? 1 : 0.9;
}

function map(record: unknown, raw: string): MappingOutcome {
  if (!isObject(record)) return refuse(`record is not a JSON object (got ${describeJsonType(record)})`);
  const kind = kindOf(record);
  if (kind === 'setupAuditTrail') return mapSetupAuditTrail(record, raw);
  if (kind === 'loginHistory') return mapLoginHistory(record, raw);
  if (kind === 'eventLogFile') return mapEventLogFile(record, raw);
  return refuse("not a Salesforce record: no 'attributes.type' (SetupAuditTrail, LoginHistory) and no 'EVENT_TYPE' (EventLogFile)");
}

function mapSetupAuditTrail(record: JsonObject, raw: string): MappingOutcome {
  const action = text(record['Action']);
  if (action === null) return refuse(whyNotText(record, 'Action'));
  const instant = readInstant(record['CreatedDate']);
  if (instant === null) return refuse(whyNotInstant(record, 'CreatedDate'));
  const section = firstText(record, 'Section') ?? '';
  const username = firstText(record, 'CreatedBy.Username');
  const createdById = firstText(record, 'CreatedById', 'CreatedBy.Id');
  const actor: Actor =
    createdById === null && username === null
      ? systemActor('Salesforce')
      : { kind: 'user', id: createdById, name: firstText(record, 'CreatedBy.Name') ?? username, email: emailOf(username) };
  const display = firstText(record, 'Display');
  const delegate = firstText(record, 'DelegateUser');
  return canonicalEvent({
    sourceId: SOURCE_ID,
    eventId: text(record['Id']),
    instant,
    action,
    classification: classify(SETUP_AUDIT_ACTIONS, action, 'unknown', classify(SETUP_AUDIT_SECTIONS, section, 'unknown')),
    outcome: 'unknown',
    actor,
    target: displayTarget(display),
    description: `${display ?? `${section}: ${action}`}${delegate !== null ? ` (as delegate ${delegate})` : ''}`,
    data: { Section: record['Section'] ?? null, Display: record['Display'] ?? null, DelegateUser: record['DelegateUser'] ?? null },
    raw,
  });
}

/**
 * Setup names the user it acted on only inside its sentence (`Display`): [pattern, kind], the
 * first group the name, an optional second group the record id.
 */
const DISPLAY_TARGETS: readonly (readonly [RegExp, string])[] = [
  [/^For user ([^,\s]+),/, 'user'],
  [/ for user (.+?)(?: \(UserID: \[([^\]]+)\]\))?(?: from |$)/i, 'user'],
  [/^Created new (?:Customer |Partner )?User (.+)$/i, 'user'],
];

function displayTarget(display: string | null): { kind: string; id: string | null; name: string } | undefined {
  if (display === null) return undefined;
  for (const [pattern, kind] of DISPLAY_TARGETS) {
    const match = pattern.exec(display);
    if (match?.[1] !== undefined) return { kind, id: match[2] ?? null, name: match[1].trim() };
  }
  return undefined;
}

function mapLoginHistory(record: JsonObject, raw: string): MappingOutcome {
  const instant = readInstant(record['LoginTime']);
  if (instant === null) return refuse(whyNotInstant(record, 'LoginTime'));
  const status = text(record['Status']);
  if (status === null) return refuse(whyNotText(record, 'Status'));
  const outcome: Outcome = status === 'Success' ? 'success' : LOGIN_REFUSED_BY_POLICY.test(status) ? 'denied' : 'failure';
  const loginType = firstText(record, 'LoginType') ?? 'Login';
  const userId = firstText(record, 'UserId');
  const application = firstText(record, 'Application');
  const browser = [firstText(record, 'Browser'), firstText(record, 'Platform')].filter((p) => p !== null && p !== 'Unknown').join('; ');
  return canonicalEvent({
    sourceId: SOURCE_ID,
    eventId: text(record['Id']),
    instant,
    action: loginType,
    classification: classify(LOGIN_STATUSES, status, outcome),
    outcome,
    actor: { kind: 'user', id: userId, name: null, email: null },
    target: { kind: 'application', id: null, name: application ?? firstText(record, 'LoginUrl') },
    context: { ip: firstText(record, 'SourceIp'), userAgent: browser === '' ? null : browser, geo: firstText(record, 'CountryIso') },
    description: `${loginType} sign-in by user ${userId ?? '?'} to ${application ?? 'Salesforce'}: ${status}`,
    data: pick(record, ['LoginType', 'Status', 'Application', 'Browser', 'Platform', 'CountryIso', 'LoginUrl', 'ApiType', 'ApiVersion', 'ClientVersion', 'AuthenticationServiceId', 'LoginGeoId']),
    raw,
  });
}

/** Cribl's wrapper keys around an EventLogFile row; they are transport, not Salesforce's detail. */
const WRAPPER_KEYS = new Set(['_raw', '_time', 'host', 'source', 'sourcetype', 'cribl_breaker', 'index']);

function mapEventLogFile(record: JsonObject, raw: string): MappingOutcome {
  const eventType = text(record['EVENT_TYPE']);
  if (eventType === null) return refuse(whyNotText(record, 'EVENT_TYPE'));
  // TIMESTAMP_DERIVED is ISO-8601 with Z; TIMESTAMP is the same instant written without a zone.
  const instant = readInstant(record['TIMESTAMP_DERIVED']) ?? compactInstant(record['TIMESTAMP']);
  if (instant === null) return refuse(whyNotInstant(record, record['TIMESTAMP_DERIVED'] !== undefined ? 'TIMESTAMP_DERIVED' : 'TIMESTAMP'));
  const outcome = eventLogOutcome(record);
  const method = firstText(record, 'METHOD');
  const resource = eventLogResource(record);
  const userId = firstText(record, 'USER_ID_DERIVED', 'USER_ID');
  const data = Object.fromEntries(Object.entries(record).filter(([key, value]) => !WRAPPER_KEYS.has(key) && value !== ''));
  return canonicalEvent({
    sourceId: SOURCE_ID,
    // REQUEST_ID names a transaction, and every event of one transaction shares it (EventLogFile
    // field reference), so it is the request id, not the event's identity: rows are identified
    // by their content.
    eventId: null,
    instant,
    action: eventType,
    classification: classify(EVENT_LOG_TYPES, eventType, outcome),
    outcome,
    actor: userId === null ? systemActor('Salesforce') : { kind: 'user', id: userId, name: null, email: null },
    target: resource === null ? undefined : { kind: resource.kind, id: resource.id, name: firstText(record, 'ENTITY_NAME') },
    context: { ip: firstText(record, 'CLIENT_IP'), userAgent: firstText(record, 'USER_AGENT'), requestId: firstText(record, 'REQUEST_ID'), sessionId: firstText(record, 'SESSION_KEY') },
    description: [eventType, method, resource?.id ?? null, firstText(record, 'EXCEPTION_MESSAGE')].filter((p) => p !== null).join(' '),
    data,
    raw,
  });
}

/**
 * What an EventLogFile row was about, by the first column present: a callout's URL (its URI is
 * the placeholder "CALLOUT-LOG"), the request URI, the Apex entry point, the sObject.
 */
const EVENT_LOG_RESOURCES: readonly (readonly [column: string, kind: string])[] = [
  ['URL', 'url'],
  ['URI', 'uri'],
  ['ENTRY_POINT', 'apex entry point'],
  ['ENTITY_NAME', 'entity'],
];

function eventLogResource(record: JsonObject): { kind: string; id: string } | null {
  for (const [column, kind] of EVENT_LOG_RESOURCES) {
    const value = firstText(record, column);
    if (value !== null) return { kind, id: value };
  }
  return null;
}

/**
 * EventLogFile results: an exception, a REQUEST_STATUS letter (S success, F failure, A
 * authorisation error, U uncommitted, R redirect, N not found), an HTTP status, or a callout's
 * SUCCESS flag; an Apex execution row states none of them.
 */
function eventLogOutcome(record: JsonObject): Outcome {
  if (firstText(record, 'EXCEPTION_MESSAGE') !== null) return 'failure';
  const requestStatus = firstText(record, 'REQUEST_STATUS');
  if (requestStatus === 'S' || requestStatus === 'R') return 'success';
  if (requestStatus === 'A') return 'denied';
  if (requestStatus === 'F' || requestStatus === 'N') return 'failure';
  if (requestStatus === 'U') return 'partial';
  const status = Number(firstText(record, 'STATUS_CODE'));
  if (firstText(record, 'STATUS_CODE') !== null && Number.isFinite(status)) {
    if (status === 401 || status === 403) return 'denied';
    return status >= 200 && status < 400 ? 'success' : 'failure';
  }
  const success = firstText(record, 'SUCCESS');
  if (success === '1' || success === 'true') return 'success';
  if (success === '0' || success === 'false') return 'failure';
  return 'unknown';
}

/** `20250918160017.614` (EventLogFile TIMESTAMP): UTC by Salesforce's definition, but unmarked. */
function compactInstant(value: unknown): ParsedInstant | null {
  const match = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\.\d{1,9})?$/.exec(text(value) ?? '');
  if (match === null) return null;
  const [, y, mo, d, h, mi, s, frac = ''] = match;
  return parseInstant(`${y}-${mo}-${d}T${h}:${mi}:${s}${frac}`);
}

function pick(record: JsonObject, keys: readonly string[]): JsonObject | null {
  const picked: JsonObject = {};
  for (const key of keys) if (record[key] !== undefined) picked[key] = record[key];
  return Object.keys(picked).length > 0 ? picked : null;
}

export const salesforce: PlatformMapping = {
  id: SOURCE_ID,
  name: 'Salesforce (SetupAuditTrail, LoginHistory, EventLogFile)',
  shapes: ['json', 'row'],
  recognise,
  map,
};
