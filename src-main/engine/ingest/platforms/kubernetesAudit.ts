/**
 * Kubernetes API-server audit events (`audit.k8s.io/v1` and `v1beta1` `Event`, one JSON object a
 * line, as the log backend, EKS control-plane logging and Falco's traces write them):
 *   {auditID, stage, stageTimestamp, requestReceivedTimestamp, verb, user{username, uid, groups},
 *    impersonatedUser, sourceIPs[], userAgent, objectRef{resource, subresource, namespace, name,
 *    apiGroup, uid}, responseStatus{code}, annotations{"authorization.k8s.io/decision"},
 *    requestObject, responseObject}
 *
 * Stages. One request may be logged at RequestReceived, ResponseStarted (long-running calls such
 * as exec/watch), and then ResponseComplete — or Panic. Every stage record is kept as its own
 * event (an exec session is only ever visible as ResponseStarted), so the stages must not
 * collide: the final record (ResponseComplete or Panic, or no stage at all) carries the bare
 * auditID as its event id, an earlier stage carries `auditID@Stage`. Re-importing the same log
 * therefore deduplicates per stage, and the final record keeps the id an auditor searches for.
 *
 * The action is "verb resource[/subresource]" (`create pods/exec`) — the audit event has no
 * single type string, and the verb alone would not say what was touched. Non-resource requests
 * use the path (`get /healthz`). GKE writes the same requests as Cloud Audit Log entries; the
 * GCP mapping classifies those with the table below.
 */
import type { Actor, MappingOutcome, Outcome } from '../../../../src-shared/event';
import { emailOf } from '../mapping/actors';
import { canonicalEvent, refuse } from '../mapping/canonicalEvent';
import type { Classification, ClassificationRow } from '../mapping/classification';
import { classify } from '../mapping/classification';
import type { PlatformMapping } from '../mapping/platform';
import { readInstant } from '../mapping/timestamps';
import type { JsonObject } from '../mapping/values';
import { at, describeJsonType, firstText, isObject, quote, text } from '../mapping/values';

export const KUBERNETES_AUDIT_SOURCE_ID = 'kubernetes-audit';

const WRITE = 'create|update|patch|delete|deletecollection';

/**
 * Category and severity by "verb resource[/subresource]"; the first matching row wins. Reads of
 * secrets are sensitive-data access (SOC 2 CC6.1); exec/attach/port-forward into a running pod
 * and admission-webhook changes are security events; RBAC objects are permission grants.
 */
export const KUBERNETES_RULES: readonly ClassificationRow[] = [
  [/^(create|get) pods\/(exec|attach|portforward)$/, 'SECURITY', 'WARNING', 'ERROR'],
  [/^\S+ pods\/ephemeralcontainers$/, 'SECURITY', 'WARNING', 'ERROR'],
  [new RegExp(`^(${WRITE}) (mutating|validating)webhookconfigurations$`), 'SECURITY', 'WARNING', 'ERROR'],
  [new RegExp(`^(${WRITE}) auditsinks$`), 'SECURITY', 'CRITICAL', 'CRITICAL'],
  [/^(update|patch) certificatesigningrequests\/approval$/, 'SECURITY', 'WARNING', 'ERROR'],
  [/^impersonate /, 'SECURITY', 'WARNING', 'WARNING'],
  [/^create certificatesigningrequests$/, 'API_ACCESS', 'INFO', 'WARNING'],
  [/^create serviceaccounts\/token$/, 'API_ACCESS', 'INFO', 'WARNING'],
  [new RegExp(`^(${WRITE}) (cluster)?rolebindings$`), 'PERMISSION', 'INFO', 'WARNING'],
  [new RegExp(`^(${WRITE}|escalate|bind) (cluster)?roles$`), 'PERMISSION', 'INFO', 'WARNING'],
  [/^(get|list|watch) secrets$/, 'DATA_ACCESS', 'INFO', 'WARNING'],
  [new RegExp(`^(${WRITE}) secrets$`), 'DATA_MODIFY', 'INFO', 'WARNING'],
  [/^(get|list|watch) configmaps$/, 'DATA_ACCESS', 'INFO', 'WARNING'],
  [new RegExp(`^(${WRITE}) serviceaccounts$`), 'USER_MGMT', 'INFO', 'WARNING'],
  [new RegExp(`^(${WRITE}) \\S+$`), 'INFRASTRUCTURE', 'INFO', 'WARNING'],
  [/^(get|list|watch) \S+$/, 'SYSTEM', 'INFO', 'WARNING'],
];

/**
 * Findings an auditor flags whatever the verb table says, detected from the request itself:
 * a binding to cluster-admin (full control of the cluster), a pod that can reach the node
 * (privileged container, host namespaces, hostPath volume — CIS Kubernetes 5.2), and a resource
 * request that succeeded for the anonymous user (CIS 1.2.1).
 */
export const KUBERNETES_SIGNALS: readonly ClassificationRow[] = [
  ['cluster-admin-binding', 'PERMISSION', 'CRITICAL', 'CRITICAL'],
  ['node-access-pod', 'SECURITY', 'WARNING', 'ERROR'],
  ['anonymous-request', 'SECURITY', 'WARNING', 'WARNING'],
];

const FINAL_STAGES = new Set(['ResponseComplete', 'Panic']);
const STAGES = new Set(['RequestReceived', 'ResponseStarted', 'ResponseComplete', 'Panic']);
const POD_BEARING = new Set(['pods', 'deployments', 'daemonsets', 'statefulsets', 'replicasets', 'replicationcontrollers', 'jobs', 'cronjobs']);

/** What the classification needs to know about one API request, from any transport. */
export interface KubernetesRequest {
  verb: string;
  resource: string | null;
  subresource: string | null;
  /** the request path of a non-resource request (`/healthz`) */
  path: string | null;
  username: string | null;
  /** the object sent with a create/update/patch, when the audit level kept it */
  requestObject: unknown;
}

export function kubernetesAction(request: KubernetesRequest): string {
  if (request.resource !== null) {
    return `${request.verb} ${request.resource}${request.subresource !== null ? `/${request.subresource}` : ''}`;
  }
  return request.path !== null ? `${request.verb} ${request.path}` : request.verb;
}

export function classifyKubernetes(request: KubernetesRequest, outcome: Outcome): Classification {
  const signal = kubernetesSignal(request, outcome);
  if (signal !== null) return classify(KUBERNETES_SIGNALS, signal, outcome);
  return classify(KUBERNETES_RULES, kubernetesAction(request), outcome);
}

function kubernetesSignal(request: KubernetesRequest, outcome: Outcome): string | null {
  const writes = ['create', 'update', 'patch'].includes(request.verb);
  if (writes && /^(cluster)?rolebindings$/.test(request.resource ?? '') && text(at(request.requestObject, 'roleRef.name')) === 'cluster-admin') {
    return 'cluster-admin-binding';
  }
  if (writes && request.subresource === null && POD_BEARING.has(request.resource ?? '') && reachesNode(podSpecOf(request.requestObject))) {
    return 'node-access-pod';
  }
  if (outcome === 'success' && request.resource !== null && (request.username === 'system:anonymous' || request.username === 'system:unauthenticated')) {
    return 'anonymous-request';
  }
  return null;
}

/** The pod spec inside a Pod, a workload's template, or a CronJob's job template. */
function podSpecOf(object: unknown): unknown {
  for (const path of ['spec.jobTemplate.spec.template.spec', 'spec.template.spec', 'spec']) {
    const spec = at(object, path);
    if (isObject(spec) && (Array.isArray(spec['containers']) || 'hostNetwork' in spec || 'hostPID' in spec)) return spec;
  }
  return null;
}

function reachesNode(spec: unknown): boolean {
  if (!isObject(spec)) return false;
  if (spec['hostNetwork'] === true || spec['hostPID'] === true || spec['hostIPC'] === true) return true;
  const containers = [spec['containers'], spec['initContainers'], spec['ephemeralContainers']].flatMap((list) => (Array.isArray(list) ? (list as unknown[]) : []));
  if (containers.some((c) => at(c, 'securityContext.privileged') === true)) return true;
  const volumes = Array.isArray(spec['volumes']) ? (spec['volumes'] as unknown[]) : [];
  return volumes.some((v) => isObject(v) && isObject(v['hostPath']));
}

/** The decision annotation wins (a 403 may also come from admission); then the HTTP code. */
export function kubernetesOutcome(record: JsonObject): Outcome {
  const annotations = record['annotations'];
  const decision = isObject(annotations) ? text(annotations['authorization.k8s.io/decision']) : null;
  if (decision === 'forbid') return 'denied';
  const code = Number(at(record, 'responseStatus.code'));
  if (code === 401 || code === 403) return 'denied';
  if (Number.isFinite(code) && code >= 400) return 'failure';
  if (Number.isFinite(code) && code >= 100) return 'success';
  if (text(at(record, 'responseStatus.status')) === 'Failure') return 'failure';
  return 'unknown';
}

/** Kubernetes identities: service accounts and nodes are workloads, `system:kube-*`/`eks:*` are the control plane. */
export function kubernetesActorKind(username: string): Actor['kind'] {
  if (username.startsWith('system:serviceaccount:') || username.startsWith('system:node:')) return 'service';
  if (username === 'system:anonymous' || username === 'system:unauthenticated') return 'user';
  if (username.startsWith('system:') || username.startsWith('eks:')) return 'system';
  return 'user';
}

function recognise(record: unknown): number {
  if (!isObject(record)) return 0;
  const apiVersion = text(record['apiVersion']);
  const kind = record['kind'];
  if (kind === 'Event' && apiVersion?.startsWith('audit.k8s.io/')) return 1;
  const auditId = text(record['auditID']);
  if (kind !== 'Event' && auditId === null) return 0;
  let score = kind === 'Event' ? 0.4 : 0;
  if (auditId !== null) score += 0.3;
  if (typeof record['verb'] === 'string') score += 0.15;
  if (STAGES.has(text(record['stage']) ?? '')) score += 0.15;
  if (isObject(record['objectRef'])) score += 0.1;
  if (isObject(record['user'])) score += 0.1;
  if (Array.isArray(record['sourceIPs'])) score += 0.1;
  if (isObject(record['responseStatus'])) score += 0.05;
  return Math.min(1, score);
}

function map(value: unknown, raw: string): MappingOutcome {
  if (!isObject(value)) return refuse(`record is not a JSON object (got ${describeJsonType(value)})`);
  const record = value;
  const kind = record['kind'];
  if (kind !== undefined && kind !== 'Event') return refuse(`field 'kind' is ${quote(kind)}, not "Event": not a Kubernetes audit event`);
  const apiVersion = text(record['apiVersion']);
  if (apiVersion !== null && !apiVersion.startsWith('audit.k8s.io/')) {
    return refuse(`field 'apiVersion' is ${quote(apiVersion)}, not audit.k8s.io: not a Kubernetes audit event`);
  }
  const verb = text(record['verb']);
  if (verb === null) return refuse(`field 'verb' is ${record['verb'] === undefined ? 'missing' : `not text (got ${describeJsonType(record['verb'])})`}`);

  const timeField = ['stageTimestamp', 'requestReceivedTimestamp', 'timestamp', 'metadata.creationTimestamp'].find((path) => at(record, path) !== undefined);
  if (timeField === undefined) return refuse("field 'stageTimestamp' is missing (and so are requestReceivedTimestamp and timestamp)");
  const instant = readInstant(at(record, timeField));
  if (instant === null) return refuse(`field '${timeField}' is not a timestamp: ${quote(at(record, timeField))}`);

  const stage = text(record['stage']);
  const auditId = text(record['auditID']);
  const eventId = auditId === null ? null : stage === null || FINAL_STAGES.has(stage) ? auditId : `${auditId}@${stage}`;

  const objectRef = isObject(record['objectRef']) ? record['objectRef'] : null;
  const requestUri = text(record['requestURI']);
  const username = firstText(record, 'user.username');
  const request: KubernetesRequest = {
    verb,
    resource: text(objectRef?.['resource']),
    subresource: text(objectRef?.['subresource']),
    path: requestUri === null ? null : (requestUri.split('?')[0] ?? requestUri),
    username,
    requestObject: record['requestObject'],
  };
  const outcome = kubernetesOutcome(record);
  const action = kubernetesAction(request);
  const namespace = text(objectRef?.['namespace']);
  const name = text(objectRef?.['name']);
  const actor: Actor =
    username === null
      ? { kind: 'user', id: null, name: null, email: null }
      : { kind: kubernetesActorKind(username), id: firstText(record, 'user.uid') ?? username, name: username, email: emailOf(username) };
  const sourceIps = Array.isArray(record['sourceIPs']) ? (record['sourceIPs'] as unknown[]) : [];

  return canonicalEvent({
    sourceId: KUBERNETES_AUDIT_SOURCE_ID,
    eventId,
    instant,
    action,
    classification: classifyKubernetes(request, outcome),
    outcome,
    actor,
    target:
      request.resource !== null
        ? {
            kind: request.subresource !== null ? `${request.resource}/${request.subresource}` : request.resource,
            id: text(objectRef?.['uid']) ?? (name !== null && namespace !== null ? `${namespace}/${name}` : name),
            name,
          }
        : { kind: request.path !== null ? 'nonResourceURL' : null, id: request.path, name: request.path },
    context: { ip: text(sourceIps[0]), userAgent: text(record['userAgent']), requestId: auditId },
    description: describe(record, actor, request, name, namespace, stage, outcome),
    data: detailOf(record),
    raw,
  });
}

function describe(record: JsonObject, actor: Actor, request: KubernetesRequest, name: string | null, namespace: string | null, stage: string | null, outcome: Outcome): string {
  const who = actor.name ?? 'An unknown user';
  const impersonated = firstText(record, 'impersonatedUser.username');
  const what = request.resource !== null ? `${request.resource}${request.subresource !== null ? `/${request.subresource}` : ''}` : (request.path ?? 'the API');
  const code = text(at(record, 'responseStatus.code'));
  const result = outcome === 'denied' ? ` — denied${code !== null ? ` (${code})` : ''}` : outcome === 'failure' ? ` — failed${code !== null ? ` (${code})` : ''}` : '';
  return (
    `${who}${impersonated !== null ? ` as ${impersonated}` : ''} ${request.verb} ${what}` +
    `${name !== null ? ` "${name}"` : ''}${namespace !== null ? ` in namespace ${namespace}` : ''}${result}` +
    `${stage !== null && !FINAL_STAGES.has(stage) ? ` [${stage}]` : ''}`
  );
}

/** The request's detail: everything but the fields already mapped to the canonical event. */
function detailOf(record: JsonObject): JsonObject {
  const detail: JsonObject = {};
  for (const key of ['stage', 'level', 'requestURI', 'objectRef', 'responseStatus', 'annotations', 'impersonatedUser', 'requestObject', 'responseObject']) {
    if (record[key] !== undefined) detail[key] = record[key];
  }
  const groups = at(record, 'user.groups');
  if (groups !== undefined) detail['groups'] = groups;
  return detail;
}

export const kubernetesAudit: PlatformMapping = {
  id: KUBERNETES_AUDIT_SOURCE_ID,
  name: 'Kubernetes audit log',
  shapes: ['json'],
  recognise,
  map,
};
