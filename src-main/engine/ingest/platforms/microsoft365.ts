/**
 * Microsoft 365 unified audit log (Office 365 Management Activity API common schema):
 *   {Id, CreationTime "2020-02-17T17:12:03" (UTC, written without a zone), Operation, Workload,
 *    RecordType (int), UserId, UserKey, UserType (int), ClientIP, ResultStatus, ObjectId, ...
 *    workload detail: Item, Parameters[], ModifiedProperties[], ExtendedProperties[], Target[], ...}
 * It reaches an auditor in three shapes:
 *  - the JSON records themselves (API pulls, SIEM exports; Panther lower-cases every key);
 *  - the Purview "Export results" CSV (`CreationDate, UserIds, Operations, AuditData` or
 *    `RecordId, CreationDate, RecordType, Operation, UserId, AuditData, ...`), whose AuditData
 *    cell holds the JSON record: it is mapped from AuditData, and the row stays the raw record;
 *  - Microsoft Sentinel's OfficeActivity table (TimeGenerated, OfficeWorkload, OfficeId,
 *    Client_IPAddress, RecordType as text, nested parts as JSON text).
 * Keys are looked up ignoring case. A time without a zone is read as UTC and flagged.
 *
 * Actor: UserKey is the stable id, UserId (usually the UPN) the name. UserType (0 Regular,
 * 1 Reserved, 2 Admin, 3 DcAdmin, 4 System, 5 Application, 6 ServicePrincipal, 7 CustomPolicy,
 * 8 SystemPolicy, 9 PartnerTechnician, 10 Guest — Management Activity API schema) gives the kind,
 * unless UserId itself names a machine account (NT AUTHORITY\SYSTEM, S-1-5-18, ServicePrincipal_…).
 */
import type { Actor, ActorKind, MappingOutcome, Outcome } from '../../../../src-shared/event';
import { emailOf } from '../mapping/actors';
import { canonicalEvent, refuse } from '../mapping/canonicalEvent';
import type { Classification, ClassificationRow } from '../mapping/classification';
import { classify } from '../mapping/classification';
import type { PlatformMapping } from '../mapping/platform';
import { readInstant } from '../mapping/timestamps';
import type { JsonObject } from '../mapping/values';
import { atIgnoringCase, describeJsonType, ipAddressOf, isObject, parseJsonCell, quote, text } from '../mapping/values';
import { ENTRA_DIRECTORY_RULES, mfaMethodsRemoved } from './entraId';

export const MICROSOFT_365_SOURCE_ID = 'microsoft-365';

/**
 * Category and severity by Operation (a trailing period, as in "Update user.", is dropped
 * before matching). AzureActiveDirectory directory operations fall through to the Entra table.
 */
export const M365_RULES: readonly ClassificationRow[] = [
  // sign-ins
  [/^(UserLoggedIn|MailboxLogin|SignInEvent|UserLoggedOut)$/, 'AUTH', 'INFO', 'WARNING'],
  ['UserLoginFailed', 'AUTH', 'WARNING', 'WARNING'],
  // the audit trail itself (ISO 27001 A 8.15): changing it is a security event
  [/^(Set-AdminAuditLogConfig|Set-MailboxAuditBypassAssociation|Set-OrganizationConfig)$/, 'SECURITY', 'WARNING', 'WARNING'],
  // mail flow: inbox and transport rules are how mail is silently forwarded or deleted (MITRE T1114.003, T1564.008)
  [/^(New|Set|Enable|Remove|Disable)-InboxRule$|^UpdateInboxRules$/, 'SECURITY', 'INFO', 'WARNING'],
  [/^(New|Set|Enable|Remove|Disable)-TransportRule$/, 'SECURITY', 'WARNING', 'WARNING'],
  [/^(New|Set|Remove)-(ApplicationAccessPolicy|AuthenticationPolicy|ConditionalAccessPolicy)$/, 'SECURITY', 'WARNING', 'WARNING'],
  [/^(AlertTriggered|AlertEntityGenerated|DlpRuleMatch|DlpRuleUndo)$/, 'SECURITY', 'WARNING', 'WARNING'],
  // mailbox and folder permissions
  [/^(Add|Remove|Set)-(MailboxPermission|RecipientPermission|MailboxFolderPermission|ADPermission)$/, 'PERMISSION', 'WARNING', 'WARNING'],
  [/^(Add|Modify|Remove|Update)FolderPermissions$/, 'PERMISSION', 'INFO', 'WARNING'],
  [/^(New|Remove)-ManagementRoleAssignment$|^(Add|Remove|Update)-RoleGroupMember$/, 'PERMISSION', 'WARNING', 'WARNING'],
  [/^SiteCollectionAdmin(Added|Removed)$/, 'PERMISSION', 'WARNING', 'WARNING'],
  // mail contents
  [/^(MailItemsAccessed|FolderBind|MessageBind|SearchQueryInitiatedExchange|SearchQueryInitiatedSharePoint|SearchQueryPerformed|PageViewed|RecordDelete)$/, 'DATA_ACCESS', 'INFO', 'WARNING'],
  [/^New-MailboxExportRequest$/, 'DATA_ACCESS', 'WARNING', 'WARNING'],
  [/^(Create|Update|Send|SendAs|SendOnBehalf|Move|MoveToDeletedItems|Copy|SoftDelete|HardDelete|UpdateCalendarDelegation|ApplyRecordLabel)$/, 'DATA_MODIFY', 'INFO', 'WARNING'],
  // SharePoint / OneDrive files and sharing
  [/^(AnonymousLinkCreated|AnonymousLinkUpdated|SharingPolicyChanged)$/, 'FILE_OPS', 'WARNING', 'WARNING'],
  [/^(File|Folder)\w+$|^(Sharing\w+|\w*LinkCreated|\w*LinkUsed|\w*LinkUpdated|\w*LinkRemoved|AddedToSecureLink|RemovedFromSecureLink|AccessRequest\w*)$/, 'FILE_OPS', 'INFO', 'WARNING'],
  // compliance tooling (eDiscovery, retention)
  [/^(New|Set|Remove|Start)-Compliance\w+$|^(SearchCreated|SearchStarted|SearchExported|SearchExportDownloaded|CaseAdded|HoldCreated)$/, 'COMPLIANCE', 'INFO', 'WARNING'],
  // Copilot and other AI assistants
  [/^(CopilotInteraction|AIAppInteraction)$/, 'AI_USAGE', 'INFO', 'WARNING'],
  // Teams membership
  [/^(MemberAdded|MemberRemoved|MemberRoleChanged)$/, 'USER_MGMT', 'INFO', 'WARNING'],
  [/^(TeamCreated|TeamDeleted|TeamSettingChanged|ChannelAdded|ChannelDeleted)$/, 'TENANT_MGMT', 'INFO', 'WARNING'],
  // Exchange admin cmdlets (Verb-Noun) not listed above
  [/^(New|Set|Remove|Enable|Disable|Add)-Mailbox\w*$/, 'USER_MGMT', 'INFO', 'WARNING'],
  [/^[A-Z][a-z]+-[A-Za-z]+$/, 'TENANT_MGMT', 'INFO', 'WARNING'],
];

/** Findings an auditor flags whatever the operation's row says. */
export const M365_SIGNALS: readonly ClassificationRow[] = [
  // mailbox or organisation auditing switched off: the evidence stops (CIS M365 6.1)
  ['audit-disabled', 'SECURITY', 'CRITICAL', 'CRITICAL'],
  // mail forwarded to another address (Set-Mailbox ForwardingSmtpAddress, inbox rule ForwardTo/RedirectTo)
  ['mail-forwarding', 'SECURITY', 'WARNING', 'WARNING'],
  ['inbox-rule-deletes-mail', 'SECURITY', 'WARNING', 'WARNING'],
  ['mfa-method-removed', 'SECURITY', 'WARNING', 'WARNING'],
  // a file shared with a guest (someone outside the organisation)
  ['shared-with-guest', 'FILE_OPS', 'WARNING', 'WARNING'],
];

/** When no row matches, the workload decides. */
const WORKLOAD_FALLBACK: ReadonlyMap<string, Classification> = new Map<string, Classification>([
  ['sharepoint', { category: 'FILE_OPS', severity: 'INFO' }],
  ['onedrive', { category: 'FILE_OPS', severity: 'INFO' }],
  ['exchange', { category: 'DATA_MODIFY', severity: 'INFO' }],
  ['azureactivedirectory', { category: 'USER_MGMT', severity: 'INFO' }],
  ['securitycompliancecenter', { category: 'COMPLIANCE', severity: 'INFO' }],
  ['threatintelligence', { category: 'SECURITY', severity: 'WARNING' }],
  ['microsoftteams', { category: 'DATA_MODIFY', severity: 'INFO' }],
  ['copilot', { category: 'AI_USAGE', severity: 'INFO' }],
]);

const USER_TYPE_KIND: ReadonlyMap<string, ActorKind> = new Map<string, ActorKind>([
  ['0', 'user'],
  ['regular', 'user'],
  ['1', 'user'],
  ['reserved', 'user'],
  ['2', 'user'],
  ['admin', 'user'],
  ['3', 'system'],
  ['dcadmin', 'system'],
  ['4', 'system'],
  ['system', 'system'],
  ['5', 'service'],
  ['application', 'service'],
  ['6', 'service'],
  ['serviceprincipal', 'service'],
  ['7', 'system'],
  ['custompolicy', 'system'],
  ['8', 'system'],
  ['systempolicy', 'system'],
  ['9', 'user'],
  ['partnertechnician', 'user'],
  ['10', 'user'],
  ['guest', 'user'],
]);

/** ResultStatus spellings, by workload: Exchange writes True/False, AzureActiveDirectory Success/Failed. */
const RESULT_STATUS: ReadonlyMap<string, Outcome> = new Map<string, Outcome>([
  ['succeeded', 'success'],
  ['success', 'success'],
  ['true', 'success'],
  ['failed', 'failure'],
  ['failure', 'failure'],
  ['false', 'failure'],
  ['partiallysucceeded', 'partial'],
]);

/** Canonical field → the names it goes by in the JSON record and in Sentinel's OfficeActivity table. */
const ALIASES = {
  id: ['Id', 'OfficeId'],
  time: ['CreationTime', 'TimeGenerated'],
  operation: ['Operation'],
  workload: ['Workload', 'OfficeWorkload'],
  ip: ['ClientIP', 'ClientIPAddress', 'Client_IPAddress', 'ActorIpAddress'],
} as const;

function field(record: unknown, names: readonly string[]): unknown {
  for (const name of names) {
    const value = atIgnoringCase(record, name);
    if (value !== undefined && value !== null && value !== '') return value;
  }
  return undefined;
}

function fieldText(record: unknown, ...names: string[]): string | null {
  return text(field(record, names));
}

/** The Purview CSV row (any casing of AuditData), else null. */
function auditDataOf(record: JsonObject): unknown {
  return atIgnoringCase(record, 'AuditData');
}

function recognise(record: unknown): number {
  if (!isObject(record)) return 0;
  if (auditDataOf(record) !== undefined) {
    return atIgnoringCase(record, 'CreationDate') !== undefined || fieldText(record, 'Operations', 'Operation') !== null ? 0.95 : 0.6;
  }
  if (text(atIgnoringCase(record, 'Type')) === 'OfficeActivity') return 1;
  const hasTime = atIgnoringCase(record, 'CreationTime') !== undefined;
  const hasOperation = fieldText(record, 'Operation') !== null;
  const hasWorkload = field(record, ALIASES.workload) !== undefined;
  const hasRecordType = atIgnoringCase(record, 'RecordType') !== undefined;
  if (!hasOperation || !(hasTime || hasWorkload || hasRecordType)) return 0;
  let score = 0.2;
  if (hasTime) score += 0.3;
  if (hasWorkload) score += 0.2;
  if (hasRecordType) score += 0.2;
  if (atIgnoringCase(record, 'OrganizationId') !== undefined) score += 0.1;
  if (atIgnoringCase(record, 'UserKey') !== undefined) score += 0.1;
  if (atIgnoringCase(record, 'UserType') !== undefined) score += 0.05;
  return Math.min(1, score);
}

function map(value: unknown, raw: string): MappingOutcome {
  if (!isObject(value)) return refuse(`record is not a JSON object (got ${describeJsonType(value)})`);
  let record: JsonObject = value;
  let row: JsonObject | null = null;
  const auditData = auditDataOf(value);
  if (auditData !== undefined) {
    const parsed = parseJsonCell(auditData);
    if (!isObject(parsed)) return refuse(`column 'AuditData' does not hold a JSON object (got ${typeof parsed === 'string' ? quote(parsed) : describeJsonType(parsed)})`);
    row = value;
    record = parsed;
  }

  const operation = fieldText(record, ...ALIASES.operation) ?? (row === null ? null : fieldText(row, 'Operations', 'Operation'));
  if (operation === null) return refuse(`field 'Operation' is missing${row !== null ? " (in AuditData, and the row has no 'Operations')" : ''}`);
  const timeValue = field(record, ALIASES.time) ?? (row === null ? undefined : field(row, ['CreationDate']));
  if (timeValue === undefined) return refuse("field 'CreationTime' is missing");
  const instant = readInstant(timeValue);
  if (instant === null) return refuse(`field 'CreationTime' is not a timestamp: ${quote(timeValue)}`);

  const workload = fieldText(record, ...ALIASES.workload);
  const outcome = m365Outcome(record, operation);
  const actor = m365Actor(record, row);
  const target = m365Target(record);
  const appAccess = parseJsonCell(atIgnoringCase(record, 'AppAccessContext'));

  return canonicalEvent({
    sourceId: MICROSOFT_365_SOURCE_ID,
    eventId: fieldText(record, ...ALIASES.id) ?? (row === null ? null : fieldText(row, 'RecordId')),
    instant,
    action: operation,
    classification: classifyM365(record, operation, workload, outcome),
    outcome,
    actor,
    target,
    context: {
      ip: ipAddressOf(field(record, ALIASES.ip)),
      userAgent: fieldText(record, 'UserAgent') ?? extendedProperty(record, 'UserAgent') ?? fieldText(record, 'ClientInfoString'),
      requestId: text(atIgnoringCase(appAccess, 'CorrelationId')) ?? fieldText(record, 'CorrelationId'),
      sessionId: text(atIgnoringCase(appAccess, 'AADSessionId')) ?? fieldText(record, 'SessionId'),
    },
    description: describe(actor, operation, target.name ?? target.id, workload, outcome),
    data: detailOf(record),
    raw,
  });
}

function m365Outcome(record: JsonObject, operation: string): Outcome {
  // UserLoginFailed is written with ResultStatus "Success" (the audit record succeeded); the
  // sign-in did not. LogonError names why.
  const logonError = fieldText(record, 'LogonError');
  if (operation === 'UserLoginFailed' || logonError !== null) {
    return /denied|blocked|disabled|locked|notallowed/i.test(logonError ?? '') ? 'denied' : 'failure';
  }
  const status = fieldText(record, 'ResultStatus');
  return status === null ? 'unknown' : (RESULT_STATUS.get(status.toLowerCase()) ?? 'unknown');
}

function m365Actor(record: JsonObject, row: JsonObject | null): Actor {
  const userId = fieldText(record, 'UserId') ?? (row === null ? null : fieldText(row, 'UserIds', 'UserId'));
  const userKey = fieldText(record, 'UserKey');
  const userType = fieldText(record, 'UserType');
  let kind: ActorKind = (userType === null ? undefined : USER_TYPE_KIND.get(userType.toLowerCase())) ?? 'user';
  if (userId !== null && (/^NT AUTHORITY\\/i.test(userId) || userId === 'S-1-5-18')) kind = 'system';
  else if (userId !== null && /^ServicePrincipal_/i.test(userId)) kind = 'service';
  const key = userKey === null || /^not available$/i.test(userKey) ? null : userKey;
  return { kind, id: key ?? userId, name: userId, email: emailOf(userId) };
}

function m365Target(record: JsonObject): { kind: string | null; id: string | null; name: string | null } {
  const item = atIgnoringCase(record, 'Item');
  const objectId = fieldText(record, 'ObjectId');
  const mailboxOwner = fieldText(record, 'MailboxOwnerUPN');
  if (fieldText(record, 'SourceFileName') !== null || fieldText(record, 'ItemType') !== null) {
    return { kind: fieldText(record, 'ItemType') ?? 'File', id: objectId, name: fieldText(record, 'SourceFileName') ?? objectId };
  }
  if (isObject(item)) {
    // ExchangeItem: a message, or (permission changes) a folder, which is its own ParentFolder
    const itemId = text(atIgnoringCase(item, 'Id'));
    const parent = atIgnoringCase(item, 'ParentFolder');
    const isFolder = itemId !== null && itemId === text(atIgnoringCase(parent, 'Id'));
    const name = text(atIgnoringCase(item, 'Subject')) ?? (isFolder ? text(atIgnoringCase(parent, 'Path')) : null);
    return { kind: isFolder ? 'MailFolder' : 'MailItem', id: itemId ?? objectId, name };
  }
  if (mailboxOwner !== null && objectId === null) return { kind: 'Mailbox', id: fieldText(record, 'MailboxGuid'), name: mailboxOwner };
  return { kind: null, id: objectId, name: parameter(record, 'Identity') ?? objectId };
}

/** Exchange cmdlet parameters: [{Name, Value}]. */
function parameter(record: JsonObject, name: string): string | null {
  const parameters = parseJsonCell(atIgnoringCase(record, 'Parameters'));
  if (!Array.isArray(parameters)) return null;
  const found: unknown = parameters.find((p) => text(atIgnoringCase(p, 'Name'))?.toLowerCase() === name.toLowerCase());
  return text(atIgnoringCase(found, 'Value'));
}

function extendedProperty(record: JsonObject, name: string): string | null {
  const properties = parseJsonCell(atIgnoringCase(record, 'ExtendedProperties'));
  if (!Array.isArray(properties)) return null;
  const found: unknown = properties.find((p) => text(atIgnoringCase(p, 'Name')) === name);
  return text(atIgnoringCase(found, 'Value'));
}

function isTrue(value: string | null): boolean {
  return value !== null && /^(true|\$true)$/i.test(value);
}

function isFalse(value: string | null): boolean {
  return value !== null && /^(false|\$false)$/i.test(value);
}

function m365Signal(record: JsonObject, operation: string): string | null {
  const auditOff =
    isFalse(parameter(record, 'AdminAuditLogEnabled')) ||
    isFalse(parameter(record, 'UnifiedAuditLogIngestionEnabled')) ||
    isFalse(parameter(record, 'AuditEnabled')) ||
    isTrue(parameter(record, 'AuditBypassEnabled')) ||
    isTrue(parameter(record, 'AuditDisabled'));
  if (auditOff) return 'audit-disabled';
  const forwardsTo = ['ForwardingSmtpAddress', 'ForwardingAddress', 'ForwardTo', 'ForwardAsAttachmentTo', 'RedirectTo'].some((name) => parameter(record, name) !== null);
  if (forwardsTo) return 'mail-forwarding';
  if (/InboxRule$/.test(operation) && (isTrue(parameter(record, 'DeleteMessage')) || isTrue(parameter(record, 'SoftDeleteMessage')))) return 'inbox-rule-deletes-mail';
  if (mfaMethodsRemoved(parseJsonCell(atIgnoringCase(record, 'ModifiedProperties')))) return 'mfa-method-removed';
  if (/^guest$/i.test(fieldText(record, 'TargetUserOrGroupType') ?? '')) return 'shared-with-guest';
  return null;
}

function classifyM365(record: JsonObject, operation: string, workload: string | null, outcome: Outcome): Classification {
  const signal = m365Signal(record, operation);
  if (signal !== null) return classify(M365_SIGNALS, signal, outcome);
  const key = operation.replace(/\.$/, '');
  return classify([...M365_RULES, ...ENTRA_DIRECTORY_RULES], key, outcome, WORKLOAD_FALLBACK.get((workload ?? '').toLowerCase()));
}

function describe(actor: Actor, operation: string, target: string | null, workload: string | null, outcome: Outcome): string {
  const who = actor.name ?? actor.id ?? 'An unknown user';
  const result = outcome === 'failure' ? ' — failed' : outcome === 'denied' ? ' — denied' : outcome === 'partial' ? ' — partly succeeded' : '';
  return `${who} performed ${operation}${target !== null ? ` on ${target}` : ''}${workload !== null ? ` in ${workload}` : ''}${result}`;
}

/** Fields already carried by the canonical event; the rest is the workload's detail. */
const HEADER_FIELDS = new Set(['id', 'officeid', 'creationtime', 'timegenerated', 'operation', 'userid', 'userkey', 'clientip', 'client_ipaddress']);

function detailOf(record: JsonObject): JsonObject {
  // Sentinel keeps nested parts (Folders, OperationProperties, Parameters) as JSON text.
  // fromEntries defines own properties, so a "__proto__" key stays data.
  return Object.fromEntries(Object.entries(record).filter(([key]) => !HEADER_FIELDS.has(key.toLowerCase())).map(([key, value]) => [key, parseJsonCell(value)]));
}

export const microsoft365: PlatformMapping = {
  id: MICROSOFT_365_SOURCE_ID,
  name: 'Microsoft 365 unified audit log',
  shapes: ['json', 'row'],
  recognise,
  map,
};
