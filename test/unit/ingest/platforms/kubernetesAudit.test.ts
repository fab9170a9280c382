import { describeNeverThrows, shapedRecords } from './mappingInvariants';
import { describe, expect, it } from 'vitest';
import { kubernetesAudit } from '../../../../src-main/engine/ingest/platforms/kubernetesAudit';
import { HAVE_DATASETS, eventOf, mapRecord, readDatasetRecords, utcMicros, type DatasetRecord } from './datasetRecords';

const FOLDER = 'kubernetes_audit';
const falco = HAVE_DATASETS ? readDatasetRecords(FOLDER, 'falco_k8s_audit_trace_files.ndjson') : [];
const eks = HAVE_DATASETS ? readDatasetRecords(FOLDER, 'panther_eks_audit_tests.ndjson') : [];

/** The event mapped from a dataset record, or a thrown error naming the refusal. */
function mappedEvent(record: DatasetRecord | undefined) {
  if (record === undefined) throw new Error('no such record in the dataset');
  return eventOf(mapRecord(kubernetesAudit, record));
}

function reasonFor(value: unknown): string {
  const outcome = kubernetesAudit.map(value, JSON.stringify(value) ?? '');
  if (outcome.ok) throw new Error('expected a refusal');
  return outcome.reason;
}

function mapObject(record: unknown) {
  return mappedEvent({ position: 1, value: record, raw: JSON.stringify(record) });
}

describe.skipIf(!HAVE_DATASETS)('Kubernetes audit mapping over the shared samples', () => {
  it('reads the record counts SOURCE.txt states', () => {
    expect(falco).toHaveLength(51);
    expect(eks).toHaveLength(184);
  });

  it('maps every Falco trace event', () => {
    for (const record of falco) {
      const outcome = mapRecord(kubernetesAudit, record);
      expect(outcome.ok ? 'mapped' : outcome.reason).toBe('mapped');
    }
  });

  it('maps the 12 complete EKS fixtures and refuses the 172 partial ones, naming the missing field', () => {
    const reasons = new Map<string, number>();
    let mapped = 0;
    for (const record of eks) {
      const outcome = mapRecord(kubernetesAudit, record);
      if (outcome.ok) mapped += 1;
      else reasons.set(outcome.reason, (reasons.get(outcome.reason) ?? 0) + 1);
    }

    expect(mapped).toBe(12);
    expect(Object.fromEntries(reasons)).toEqual({
      // Panther's rule fixtures keep only kind/verb/user/objectRef/responseStatus: no time at all
      "field 'stageTimestamp' is missing (and so are requestReceivedTimestamp and timestamp)": 162,
      "field 'verb' is missing": 10,
    });
  });

  it('maps a namespace creation to exact fields and flags the anonymous user succeeding', () => {
    const event = mappedEvent(falco[0]);

    expect(event).toMatchObject({
      sourceId: 'kubernetes-audit',
      eventId: '841d3e6d-90d2-43df-8da4-684738bee3d5',
      occurredAt: utcMicros(2018, 10, 25, 13, 58, 49, 736_141),
      zoned: true,
      action: 'create namespaces',
      category: 'SECURITY',
      severity: 'WARNING',
      outcome: 'success',
      actor: { kind: 'user', id: 'system:anonymous', name: 'system:anonymous', email: null },
      target: { kind: 'namespaces', id: 'foo', name: 'foo' },
      context: { ip: '192.168.99.1', userAgent: null, requestId: '841d3e6d-90d2-43df-8da4-684738bee3d5', sessionId: null, geo: null },
      description: 'system:anonymous create namespaces "foo"',
      raw: falco[0]?.raw,
    });
    expect(event.data).toMatchObject({ stage: 'ResponseComplete', level: 'Request', groups: ['system:masters', 'system:authenticated'] });
  });

  it('flags a binding to cluster-admin as a CRITICAL permission grant', () => {
    const event = mappedEvent(falco[1]);

    expect(event).toMatchObject({
      action: 'create clusterrolebindings',
      category: 'PERMISSION',
      severity: 'CRITICAL',
      actor: { kind: 'user', id: 'minikube-user', name: 'minikube-user', email: null },
      target: { kind: 'clusterrolebindings', id: 'some-reader-binding', name: 'some-reader-binding' },
    });
    expect(mappedEvent(falco[8])).toMatchObject({ action: 'create clusterrolebindings', category: 'PERMISSION', severity: 'INFO' });
  });

  it('keeps the ResponseStarted record of a pod exec under auditID@stage, as a SECURITY warning', () => {
    const event = mappedEvent(falco[47]);

    expect(event).toMatchObject({
      eventId: 'ca1ed9f4-7bf4-4c85-81a8-1b11253d1ba6@ResponseStarted',
      action: 'create pods/exec',
      category: 'SECURITY',
      severity: 'WARNING',
      outcome: 'success',
      target: { kind: 'pods/exec', id: 'default/nginx-deployment-7998647bdf-phvq7', name: 'nginx-deployment-7998647bdf-phvq7' },
    });
    expect(event.description).toMatch(/\[ResponseStarted\]$/);
  });

  it('gives each stage of one request its own id, the final one the bare auditID', () => {
    const final = JSON.parse(falco[0]?.raw ?? '{}') as Record<string, unknown>;
    const received: Record<string, unknown> = { ...final, stage: 'RequestReceived' };
    delete received['responseStatus'];

    const event = mapObject(received);
    expect([event.eventId, event.outcome]).toEqual(['841d3e6d-90d2-43df-8da4-684738bee3d5@RequestReceived', 'unknown']);
    expect(mapObject({ ...final, stage: 'Panic' }).eventId).toBe('841d3e6d-90d2-43df-8da4-684738bee3d5');
  });

  it('flags a pod with host access created by a controller, the service account being the actor', () => {
    const event = mappedEvent(falco[19]);

    expect(event).toMatchObject({
      action: 'create pods',
      category: 'SECURITY',
      severity: 'WARNING',
      actor: { kind: 'service', id: '8d5e1349-d30f-11e8-96d9-080027728ac4', name: 'system:serviceaccount:kube-system:replicaset-controller', email: null },
    });
  });

  it('maps secrets: writes as data modification, a forbidden read as a denied data access', () => {
    expect(mappedEvent(falco[18])).toMatchObject({ action: 'create secrets', category: 'DATA_MODIFY', severity: 'INFO', outcome: 'success' });
    const read = { ...(JSON.parse(falco[18]?.raw ?? '{}') as Record<string, unknown>), verb: 'get', responseStatus: { code: 403 }, annotations: { 'authorization.k8s.io/decision': 'forbid' } };
    expect(mapObject(read)).toMatchObject({ action: 'get secrets', category: 'DATA_ACCESS', severity: 'WARNING', outcome: 'denied' });
  });

  it('maps an EKS forbidden anonymous probe of a non-resource path, its zone-less time flagged', () => {
    const event = mappedEvent(eks[7]);

    expect(event).toMatchObject({
      eventId: 'edf35e8d-92c3-4507-9bc6-4dd9cf068bcf',
      occurredAt: utcMicros(2024, 11, 13, 23, 50, 32, 673_504),
      zoned: false,
      action: 'get /vendor/phpunit/src/Util/PHP/eval-stdin.php',
      category: 'SYSTEM',
      severity: 'WARNING',
      outcome: 'denied',
      target: { kind: 'nonResourceURL', id: '/vendor/phpunit/src/Util/PHP/eval-stdin.php', name: '/vendor/phpunit/src/Util/PHP/eval-stdin.php' },
    });
  });

  it('treats HTTP 403 as denied even when the authorizer allowed (admission refused it)', () => {
    expect(mappedEvent(eks[9]).outcome).toBe('denied');
  });
});

describe('Kubernetes audit refusals', () => {
  it("refuses Falco's malformed {\"kind\": 0} security-test object, naming the field", () => {
    expect(reasonFor({ kind: 0 })).toBe('field \'kind\' is 0, not "Event": not a Kubernetes audit event');
    expect(kubernetesAudit.recognise({ kind: 0 })).toBe(0);
  });

  it('names what is missing', () => {
    expect(reasonFor('x')).toBe('record is not a JSON object (got a string)');
    expect(reasonFor({ kind: 'Event', apiVersion: 'v1', reason: 'Scheduled' })).toBe('field \'apiVersion\' is "v1", not audit.k8s.io: not a Kubernetes audit event');
    expect(reasonFor({ kind: 'Event', verb: true })).toBe("field 'verb' is not text (got a boolean)");
    expect(reasonFor({ kind: 'Event', verb: 'get', stageTimestamp: 'later' })).toBe('field \'stageTimestamp\' is not a timestamp: "later"');
  });
});

describeNeverThrows('Kubernetes audit mapping never throws', kubernetesAudit, shapedRecords(['kind', 'apiVersion', 'auditID', 'stage', 'stageTimestamp', 'requestReceivedTimestamp', 'verb', 'user', 'username', 'objectRef', 'resource', 'subresource', 'responseStatus', 'code', 'annotations', 'sourceIPs', 'requestObject', 'spec', 'containers', 'roleRef', 'name'], 'objects'));
