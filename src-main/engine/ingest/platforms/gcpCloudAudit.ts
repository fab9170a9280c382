/**
 * Google Cloud Audit Logs: Cloud Logging `LogEntry` records whose `protoPayload` is an
 * `AuditLog` (type.googleapis.com/google.cloud.audit.AuditLog):
 *   {insertId, timestamp, receiveTimestamp, logName ".../cloudaudit.googleapis.com%2Factivity",
 *    severity, resource{type, labels}, operation{id, first, last}, protoPayload{serviceName,
 *    methodName, resourceName, authenticationInfo{principalEmail}, requestMetadata{callerIp,
 *    callerSuppliedUserAgent}, status{code, message}, authorizationInfo[{permission, granted}],
 *    request, response, metadata, serviceData}}
 * Other LogEntries (jsonPayload/textPayload application logs) share the file format but are not
 * audit records: they are refused as "not a Cloud Audit Log entry".
 *
 * GKE writes every Kubernetes API request as such an entry (serviceName k8s.io, methodName
 * `io.k8s.core.v1.pods.exec.create`); those are classified with the Kubernetes audit table so a
 * pod exec means the same thing whichever way the cluster's log arrived.
 *
 * Panther's fixtures lower-case some keys (`protopayload`, `insertid`, `callerIP`) and write
 * `@type` as `at_sign_type`: every key is looked up ignoring case.
 * `insertId` is the event id; Cloud Logging treats entries with the same insertId and timestamp
 * in one project as duplicates (LogEntry reference), which is exactly our dedup rule.
 */
import type { Actor, MappingOutcome, Outcome } from '../../../../src-shared/event';
import { emailOf, systemActor } from '../mapping/actors';
import { canonicalEvent, refuse } from '../mapping/canonicalEvent';
import type { Classification, ClassificationRow } from '../mapping/classification';
import { classify } from '../mapping/classification';
import type { PlatformMapping } from '../mapping/platform';
import { readInstant } from '../mapping/timestamps';
import type { JsonObject } from '../mapping/values';
import { atIgnoringCase, atIgnoringCasePath, describeJsonType, ipAddressOf, isObject, quote, text } from '../mapping/values';
import type { KubernetesRequest } from './kubernetesAudit';
import { classifyKubernetes, kubernetesActorKind } from './kubernetesAudit';

export const GCP_CLOUD_AUDIT_SOURCE_ID = 'gcp-cloud-audit';

const AUDIT_LOG_TYPE = 'type.googleapis.com/google.cloud.audit.AuditLog';

/**
 * Category and severity by "service method" — the service without `.googleapis.com`, then the
 * methodName (`iam google.iam.admin.v1.CreateServiceAccountKey`, `compute v1.compute.instances.insert`).
 * The first matching row wins, so specific rows come before the generic read/write rows.
 */
export const GCP_RULES: readonly ClassificationRow[] = [
  // who may do what: IAM policies on any resource (SOC 2 CC6.3, ISO 27001 A 5.18)
  [/(^|[ .])(SetIamPolicy|setIamPolicy|SetIAMPolicy|setIamPermissions)$/, 'PERMISSION', 'WARNING', 'WARNING'],
  [/(^|[ .])(GetIamPolicy|getIamPolicy|TestIamPermissions|testIamPermissions|getIamPermissions)$/, 'PERMISSION', 'INFO', 'WARNING'],
  [/InsertProjectOwnershipInvite$/, 'PERMISSION', 'WARNING', 'WARNING'],
  [/[ .](CreateRole|UpdateRole|DeleteRole|UndeleteRole)$/, 'PERMISSION', 'INFO', 'WARNING'],
  [/AdminService\.(addGroupMember|removeGroupMember)$/, 'PERMISSION', 'INFO', 'WARNING'],
  // credentials: service-account keys, short-lived tokens, API keys, OAuth clients
  [/[ .](CreateServiceAccountKey|UploadServiceAccountKey)$/, 'API_ACCESS', 'WARNING', 'WARNING'],
  [/[ .](DeleteServiceAccountKey|DisableServiceAccountKey|EnableServiceAccountKey)$/, 'API_ACCESS', 'INFO', 'WARNING'],
  [/(^|[ .])(GenerateAccessToken|GenerateIdToken|SignJwt|SignBlob)$/, 'API_ACCESS', 'INFO', 'WARNING'],
  [/ApiKeys\.CreateKey$/, 'API_ACCESS', 'WARNING', 'WARNING'],
  [/ApiKeys\.\w+$/, 'API_ACCESS', 'INFO', 'WARNING'],
  [/^clientauthconfig /, 'API_ACCESS', 'INFO', 'WARNING'],
  // identities
  [/[ .](Create|Delete|Disable|Enable|Undelete|Patch|Update)ServiceAccount$/, 'USER_MGMT', 'INFO', 'WARNING'],
  [/(WorkforcePools|WorkloadIdentityPools)\.(Create|Update|Delete|Undelete)\w*$/, 'SECURITY', 'WARNING', 'WARNING'],
  [/AdminService\.inboundSsoProfile\w+$/, 'SECURITY', 'WARNING', 'WARNING'],
  // the audit trail itself: removing a sink or log bucket stops the evidence (ISO 27001 A 8.15)
  [/ConfigServiceV2\.(DeleteSink|DeleteBucket)$|LoggingServiceV2\.DeleteLog$/, 'SECURITY', 'CRITICAL', 'CRITICAL'],
  [/ConfigServiceV2\.(UpdateSink|UpdateBucket|CreateExclusion|UpdateExclusion|UpdateSettings|UpdateCmekSettings)$/, 'SECURITY', 'WARNING', 'WARNING'],
  [/ConfigServiceV2\.(Get|List)\w+$/, 'SYSTEM', 'INFO', 'WARNING'],
  [/ConfigServiceV2\.\w+$/, 'SECURITY', 'INFO', 'WARNING'],
  // encryption keys: destroying a key version destroys the data it protects
  [/[ .]DestroyCryptoKeyVersion$/, 'SECURITY', 'CRITICAL', 'CRITICAL'],
  [/[ .](UpdateCryptoKeyVersion|UpdateCryptoKey|UpdateCryptoKeyPrimaryVersion|RestoreCryptoKeyVersion)$/, 'SECURITY', 'WARNING', 'WARNING'],
  [/(^|[ .])(Encrypt|Decrypt|AsymmetricDecrypt|AsymmetricSign|MacSign|RawDecrypt|RawEncrypt)$/, 'DATA_ACCESS', 'INFO', 'WARNING'],
  // remote access to machines: SSH keys in metadata, serial console
  [/[ .](setCommonInstanceMetadata|setMetadata)$/, 'SECURITY', 'WARNING', 'WARNING'],
  [/ssh-serialport\.v1\.connect$/, 'SECURITY', 'WARNING', 'WARNING'],
  [/^(oslogin|iap) /, 'AUTH', 'INFO', 'WARNING'],
  // network perimeter
  [/\.firewalls\.delete$|Firewall\.DeleteIngressRule$/, 'SECURITY', 'WARNING', 'WARNING'],
  [/\.firewalls\.(insert|patch|update)$|Firewall\.(Create|Update)IngressRule$/, 'SECURITY', 'INFO', 'WARNING'],
  // data
  [/^storage (google\.)?storage\.objects\.(get|list)$/, 'DATA_ACCESS', 'INFO', 'WARNING'],
  [/^storage (google\.)?storage\.objects\.\w+$/, 'DATA_MODIFY', 'INFO', 'WARNING'],
  [/^bigquery .*(JobService\.(InsertJob|Query|GetQueryResults)|jobservice\.(insert|query|getqueryresults|jobcompleted)|TableDataService\.List|tabledata\.list)$/, 'DATA_ACCESS', 'INFO', 'WARNING'],
  [/^bigquery .*(TableService|DatasetService)\.(Insert|Update|Patch|Delete)\w*$/, 'DATA_MODIFY', 'INFO', 'WARNING'],
  // the organisation and its projects
  [/Projects\.(CreateProject|DeleteProject|UndeleteProject|MoveProject|UpdateProject)$/, 'TENANT_MGMT', 'INFO', 'WARNING'],
  [/(TagBindings|TagKeys|TagValues)\.(Create|Update|Delete)\w*$/, 'TENANT_MGMT', 'INFO', 'WARNING'],
  // anything else: reads of configuration, then changes to resources
  [/(^|[ .])(get|list|aggregatedList|search|Get|List|Search|Lookup|Check|Describe|Read)[A-Za-z]*$/, 'SYSTEM', 'INFO', 'WARNING'],
  [/(^|[ .])(insert|create|delete|patch|update|set|start|stop|reset|resize|attach|detach|Create|Delete|Update|Patch|Set|Insert|Start|Stop|Deploy|Undelete)[A-Za-z]*$/, 'INFRASTRUCTURE', 'INFO', 'WARNING'],
];

/**
 * Policy changes an auditor flags whatever the method: a resource opened to the internet
 * (`allUsers`/`allAuthenticatedUsers`, CIS GCP 5.1) and a grant of an owner-level role.
 */
export const GCP_SIGNALS: readonly ClassificationRow[] = [
  ['public-access-granted', 'SECURITY', 'CRITICAL', 'CRITICAL'],
  ['privileged-role-granted', 'PERMISSION', 'CRITICAL', 'CRITICAL'],
];

const PRIVILEGED_ROLES = new Set([
  'roles/owner',
  'roles/editor',
  'roles/resourcemanager.organizationAdmin',
  'roles/iam.securityAdmin',
  'roles/iam.serviceAccountTokenCreator',
  'roles/iam.serviceAccountKeyAdmin',
]);

/** gRPC status codes (google.rpc.Code): 7 PERMISSION_DENIED and 16 UNAUTHENTICATED are refusals. */
const DENIED_CODES = new Set([7, 16]);

function payloadOf(record: unknown): unknown {
  return atIgnoringCase(record, 'protoPayload');
}

function payloadType(payload: unknown): string | null {
  return text(atIgnoringCase(payload, '@type')) ?? text(atIgnoringCase(payload, 'at_sign_type'));
}

function recognise(record: unknown): number {
  if (!isObject(record)) return 0;
  const payload = payloadOf(record);
  const logName = text(atIgnoringCase(record, 'logName')) ?? '';
  if (!isObject(payload)) {
    // a LogEntry, but not an audit one: weakly ours, so a file of them is refused clearly
    const isLogEntry = logName.includes('/logs/') && (atIgnoringCase(record, 'jsonPayload') !== undefined || atIgnoringCase(record, 'textPayload') !== undefined);
    return isLogEntry ? 0.3 : 0;
  }
  if (payloadType(payload) === AUDIT_LOG_TYPE) return 1;
  let score = 0.5;
  if (text(atIgnoringCase(payload, 'methodName')) !== null) score += 0.2;
  if (text(atIgnoringCase(payload, 'serviceName')) !== null) score += 0.1;
  if (isObject(atIgnoringCase(payload, 'authenticationInfo'))) score += 0.1;
  if (logName.includes('cloudaudit.googleapis.com')) score += 0.2;
  return Math.min(1, score);
}

function map(value: unknown, raw: string): MappingOutcome {
  if (!isObject(value)) return refuse(`record is not a JSON object (got ${describeJsonType(value)})`);
  const record = value;
  const payload = payloadOf(record);
  if (payload === undefined || payload === null) {
    const other = ['jsonPayload', 'textPayload'].find((key) => atIgnoringCase(record, key) !== undefined);
    return refuse(`not a Cloud Audit Log entry: field 'protoPayload' is missing${other !== undefined ? ` (the entry has a ${other})` : ''}`);
  }
  if (!isObject(payload)) return refuse(`not a Cloud Audit Log entry: field 'protoPayload' is ${describeJsonType(payload)}`);
  const type = payloadType(payload);
  if (type !== null && type !== AUDIT_LOG_TYPE) return refuse(`not a Cloud Audit Log entry: field 'protoPayload.@type' is ${quote(type)}`);

  const methodName = text(atIgnoringCase(payload, 'methodName'));
  if (methodName === null) return refuse("field 'protoPayload.methodName' is missing");

  const timeField = ['timestamp', 'receiveTimestamp', 'protoPayload.requestMetadata.requestAttributes.time'].find(
    (path) => text(atIgnoringCasePath(record, path)) !== null,
  );
  if (timeField === undefined) return refuse("field 'timestamp' is missing (and so are receiveTimestamp and requestMetadata.requestAttributes.time)");
  const instant = readInstant(atIgnoringCasePath(record, timeField));
  if (instant === null) return refuse(`field '${timeField}' is not a timestamp: ${quote(atIgnoringCasePath(record, timeField))}`);

  const serviceName = text(atIgnoringCase(payload, 'serviceName'));
  const outcome = gcpOutcome(payload);
  const actor = gcpActor(payload);
  const resourceName = text(atIgnoringCase(payload, 'resourceName'));
  const resourceType = text(atIgnoringCasePath(record, 'resource.type'));

  return canonicalEvent({
    sourceId: GCP_CLOUD_AUDIT_SOURCE_ID,
    eventId: text(atIgnoringCase(record, 'insertId')),
    instant,
    action: methodName,
    classification: classifyGcp(payload, serviceName, methodName, actor, outcome),
    outcome,
    actor,
    target: { kind: resourceType, id: resourceName, name: resourceName === null ? null : (resourceName.split('/').pop() ?? resourceName) },
    context: {
      ip: ipAddressOf(atIgnoringCasePath(payload, 'requestMetadata.callerIp')),
      userAgent: text(atIgnoringCasePath(payload, 'requestMetadata.callerSuppliedUserAgent')),
      requestId: text(atIgnoringCasePath(record, 'operation.id')),
    },
    description: describe(actor, methodName, resourceName, payload, outcome),
    data: detailOf(record, payload, serviceName),
    raw,
  });
}

function gcpOutcome(payload: JsonObject): Outcome {
  const code = Number(atIgnoringCasePath(payload, 'status.code'));
  if (DENIED_CODES.has(code)) return 'denied';
  if (Number.isFinite(code) && code > 0) return 'failure';
  const authorization = atIgnoringCase(payload, 'authorizationInfo');
  if (Array.isArray(authorization) && authorization.some((entry) => atIgnoringCase(entry, 'granted') === false)) return 'denied';
  // AuditLog.status absent or empty means OK (the AuditLog reference): the source is not silent
  return 'success';
}

function gcpActor(payload: JsonObject): Actor {
  const email = text(atIgnoringCasePath(payload, 'authenticationInfo.principalEmail'));
  const principal = email ?? text(atIgnoringCasePath(payload, 'authenticationInfo.principalSubject'));
  if (principal === null) return systemActor('Google Cloud');
  let kind: Actor['kind'] = 'user';
  if (principal.endsWith('.gserviceaccount.com') || principal.startsWith('serviceAccount:')) kind = 'service';
  else if (principal.startsWith('system:')) kind = kubernetesActorKind(principal);
  return { kind, id: principal, name: principal, email: kind === 'user' ? emailOf(email) : null };
}

function classifyGcp(payload: JsonObject, serviceName: string | null, methodName: string, actor: Actor, outcome: Outcome): Classification {
  const gke = gkeRequest(methodName, actor, payload);
  if (gke !== null) return classifyKubernetes(gke, outcome);
  const signal = policySignal(payload);
  if (signal !== null) return classify(GCP_SIGNALS, signal, outcome);
  const service = (serviceName ?? '').replace(/\.googleapis\.com$/, '');
  return classify(GCP_RULES, `${service} ${methodName}`, outcome);
}

/** `io.k8s.core.v1.pods.exec.create` → verb create, resource pods, subresource exec; `io.k8s.readyz` → get /readyz. */
function gkeRequest(methodName: string, actor: Actor, payload: JsonObject): KubernetesRequest | null {
  if (!methodName.startsWith('io.k8s.')) return null;
  const parts = methodName.slice('io.k8s.'.length).split('.');
  const base = { username: actor.id, requestObject: atIgnoringCase(payload, 'request') };
  const version = parts.findIndex((part) => /^v\d+((alpha|beta)\d+)?$/.test(part));
  if (version < 0 || parts.length - version < 3) {
    return { ...base, verb: 'get', resource: null, subresource: null, path: `/${parts.join('/')}` };
  }
  const rest = parts.slice(version + 1);
  return {
    ...base,
    verb: rest[rest.length - 1] ?? 'get',
    resource: rest[0] ?? null,
    subresource: rest.length > 2 ? rest.slice(1, -1).join('/') : null,
    path: null,
  };
}

function policySignal(payload: JsonObject): string | null {
  const deltas = atIgnoringCasePath(payload, 'serviceData.policyDelta.bindingDeltas') ?? atIgnoringCasePath(payload, 'metadata.policyDelta.bindingDeltas');
  if (!Array.isArray(deltas)) return null;
  const added = deltas.filter((delta) => text(atIgnoringCase(delta, 'action')) === 'ADD');
  if (added.some((delta) => ['allUsers', 'allAuthenticatedUsers'].includes(text(atIgnoringCase(delta, 'member')) ?? ''))) return 'public-access-granted';
  if (added.some((delta) => PRIVILEGED_ROLES.has(text(atIgnoringCase(delta, 'role')) ?? ''))) return 'privileged-role-granted';
  return null;
}

function describe(actor: Actor, methodName: string, resourceName: string | null, payload: JsonObject, outcome: Outcome): string {
  const who = actor.name ?? 'Google Cloud';
  const on = resourceName !== null ? ` on ${resourceName}` : '';
  const message = text(atIgnoringCasePath(payload, 'status.message'));
  const result = outcome === 'denied' ? ' — denied' : outcome === 'failure' ? ' — failed' : '';
  return `${who} called ${methodName}${on}${result}${result !== '' && message !== null ? `: ${message}` : ''}`;
}

/** The entry's detail: the audit payload's nested parts plus where and in which log it was written. */
function detailOf(record: JsonObject, payload: JsonObject, serviceName: string | null): JsonObject {
  const logName = text(atIgnoringCase(record, 'logName'));
  const detail: JsonObject = { serviceName, logName, logType: logName === null ? null : (/cloudaudit\.googleapis\.com(?:%2F|\/)(\w+)$/.exec(logName)?.[1] ?? null) };
  for (const key of ['severity', 'resource', 'operation', 'labels']) {
    const item = atIgnoringCase(record, key);
    if (item !== undefined) detail[key] = item;
  }
  for (const key of ['status', 'authenticationInfo', 'authorizationInfo', 'requestMetadata', 'request', 'response', 'metadata', 'serviceData', 'resourceLocation']) {
    const item = atIgnoringCase(payload, key);
    if (item !== undefined) detail[key] = item;
  }
  return detail;
}

export const gcpCloudAudit: PlatformMapping = {
  id: GCP_CLOUD_AUDIT_SOURCE_ID,
  name: 'Google Cloud Audit Logs',
  shapes: ['json'],
  recognise,
  map,
};
