import { describeNeverThrows, shapedRecords } from './mappingInvariants';
import { describe, expect, it } from 'vitest';
import { gcpCloudAudit } from '../../../../src-main/engine/ingest/platforms/gcpCloudAudit';
import { HAVE_DATASETS, eventOf, mapRecord, readDatasetRecords, utcMicros, type DatasetRecord } from './datasetRecords';

const FOLDER = 'gcp_cloud_audit';
const plaso = HAVE_DATASETS ? readDatasetRecords(FOLDER, 'plaso_gcp_logging.jsonl') : [];
const panther = HAVE_DATASETS ? readDatasetRecords(FOLDER, 'panther_gcp_auditlog_tests.ndjson') : [];

/** The event mapped from a dataset record, or a thrown error naming the refusal. */
function mappedEvent(record: DatasetRecord | undefined) {
  if (record === undefined) throw new Error('no such record in the dataset');
  return eventOf(mapRecord(gcpCloudAudit, record));
}

function reasonFor(value: unknown): string {
  const outcome = gcpCloudAudit.map(value, JSON.stringify(value) ?? '');
  if (outcome.ok) throw new Error('expected a refusal');
  return outcome.reason;
}

function refusals(records: readonly DatasetRecord[]): Map<number, string> {
  const refused = new Map<number, string>();
  for (const record of records) {
    const outcome = mapRecord(gcpCloudAudit, record);
    if (!outcome.ok) refused.set(record.position, outcome.reason);
  }
  return refused;
}

describe.skipIf(!HAVE_DATASETS)('GCP Cloud Audit Logs mapping over the shared samples', () => {
  it('reads the record counts SOURCE.txt states', () => {
    expect(plaso).toHaveLength(11);
    expect(panther).toHaveLength(196);
  });

  it('maps the 9 audit entries of the plaso sample and refuses its 2 application-log entries', () => {
    expect(refusals(plaso)).toEqual(
      new Map([
        [8, "not a Cloud Audit Log entry: field 'protoPayload' is missing (the entry has a jsonPayload)"],
        [9, "not a Cloud Audit Log entry: field 'protoPayload' is missing (the entry has a textPayload)"],
      ]),
    );
  });

  it('maps 143 Panther fixtures and refuses the 53 partial ones, each naming the field it lacks', () => {
    const refused = refusals(panther);
    const byReason = new Map<string, number>();
    for (const reason of refused.values()) {
      const kind = reason.replace(/:.*$/, '').replace(/ \(.*$/, '');
      byReason.set(kind, (byReason.get(kind) ?? 0) + 1);
    }

    expect(panther.length - refused.size).toBe(143);
    expect(Object.fromEntries(byReason)).toEqual({
      // {"protoPayload": {...}} fragments and GKE partials with no timestamp, receiveTimestamp or request time
      "field 'timestamp' is missing": 41,
      // {"methodName": ...} and {"operation": ...} fragments
      'not a Cloud Audit Log entry': 5,
      "field 'protoPayload.methodName' is missing": 6,
      "field 'receiveTimestamp' is not a timestamp": 1,
    });
  });

  it('maps a Compute Engine insert to exact fields', () => {
    const event = mappedEvent(plaso[0]);

    expect(event).toMatchObject({
      sourceId: 'gcp-cloud-audit',
      eventId: 'iv9wx9d16l2',
      occurredAt: utcMicros(2021, 10, 19, 2, 57, 47, 339_377),
      zoned: true,
      action: 'beta.compute.networks.insert',
      category: 'INFRASTRUCTURE',
      severity: 'INFO',
      outcome: 'success',
      actor: { kind: 'user', id: 'fakeemailxyz@gmail.com', name: 'fakeemailxyz@gmail.com', email: 'fakeemailxyz@gmail.com' },
      target: { kind: 'gce_network', id: 'projects/fake-project/global/networks/test', name: 'test' },
      context: { ip: '1.1.1.1', userAgent: 'UserAgent', requestId: 'operation-1634612259304-5ceabd30fb515-0c5c5a7d-0ac8bbff', sessionId: null, geo: null },
      description: 'fakeemailxyz@gmail.com called beta.compute.networks.insert on projects/fake-project/global/networks/test',
      raw: plaso[0]?.raw,
    });
    expect(event.data).toMatchObject({ serviceName: 'compute.googleapis.com', logType: 'activity', severity: 'NOTICE' });
  });

  it('keeps microseconds of a nanosecond timestamp', () => {
    expect(mappedEvent(plaso[4]).occurredAt).toBe(utcMicros(2021, 10, 19, 2, 43, 48, 64_377));
  });

  it('maps status code 7 as denied, by a service account', () => {
    const event = mappedEvent(plaso[10]);

    expect(event).toMatchObject({
      action: 'google.iam.admin.v1.CreateServiceAccount',
      outcome: 'denied',
      category: 'USER_MGMT',
      severity: 'WARNING',
      actor: { kind: 'service', id: 'dvwa-service-account@ketchup.iam.gserviceaccount.com', email: null },
    });
    expect(event.description).toMatch(/— denied: Permission "iam.serviceAccounts.create" denied/);
  });

  it('flags a bucket opened to allUsers and an owner grant as CRITICAL', () => {
    const publicBucket = mappedEvent(panther[50]);
    const ownerGrant = mappedEvent(panther[63]);

    expect([publicBucket.action, publicBucket.category, publicBucket.severity]).toEqual(['storage.setIamPermissions', 'SECURITY', 'CRITICAL']);
    expect([ownerGrant.action, ownerGrant.category, ownerGrant.severity]).toEqual(['SetIamPolicy', 'PERMISSION', 'CRITICAL']);
    expect(ownerGrant.actor.kind).toBe('service');
  });

  it('flags deleting a log sink as CRITICAL and reads lower-cased keys', () => {
    const event = mappedEvent(panther[95]);

    expect(event).toMatchObject({
      eventId: 'xxxxxxxxxx',
      action: 'google.logging.v2.ConfigServiceV2.DeleteSink',
      category: 'SECURITY',
      severity: 'CRITICAL',
      occurredAt: utcMicros(2023, 5, 23, 19, 39, 15, 213_000),
      zoned: false,
      context: { ip: '12.12.12.12' },
    });
  });

  it('classifies GKE requests with the Kubernetes table: a privileged pod is a SECURITY warning, a plain one infrastructure', () => {
    const privileged = mappedEvent(panther[150]);
    const plain = mappedEvent(panther[152]);

    expect([privileged.action, privileged.category, privileged.severity]).toEqual(['io.k8s.core.v1.pods.create', 'SECURITY', 'WARNING']);
    expect(privileged.actor).toEqual({ kind: 'user', id: 'john.doe@company.com', name: 'john.doe@company.com', email: 'john.doe@company.com' });
    expect([plain.category, plain.severity]).toEqual(['INFRASTRUCTURE', 'INFO']);
  });

  it('maps storage reads as data access and KMS key destruction as CRITICAL', () => {
    expect(mappedEvent(panther[1])).toMatchObject({ action: 'google.storage.objects.get', category: 'DATA_ACCESS', outcome: 'denied', severity: 'WARNING' });
    expect(mappedEvent(panther[93])).toMatchObject({ action: 'DestroyCryptoKeyVersion', category: 'SECURITY', severity: 'CRITICAL' });
  });
});

describe('GCP Cloud Audit Logs refusals', () => {
  it('names what is missing', () => {
    expect(reasonFor(null)).toBe('record is not a JSON object (got null)');
    expect(reasonFor({ protoPayload: 'x', timestamp: '2024-01-01T00:00:00Z' })).toBe("not a Cloud Audit Log entry: field 'protoPayload' is a string");
    expect(reasonFor({ protoPayload: { '@type': 'type.googleapis.com/google.appengine.logging.v1.RequestLog' } })).toBe(
      'not a Cloud Audit Log entry: field \'protoPayload.@type\' is "type.googleapis.com/google.appengine.logging.v1.RequestLog"',
    );
    expect(reasonFor({ timestamp: 'not a time', protoPayload: { methodName: 'SetIamPolicy' } })).toBe('field \'timestamp\' is not a timestamp: "not a time"');
  });

  it('scores a non-audit LogEntry below the detection threshold, and other records 0', () => {
    const applicationLog = { insertId: 'a1', logName: 'projects/p/logs/testlog', jsonPayload: { message: 'hello' }, resource: { type: 'global' }, timestamp: '2021-10-19T02:57:47Z' };
    expect(gcpCloudAudit.recognise(applicationLog)).toBe(0.3);
    expect(gcpCloudAudit.recognise({ methodName: 'v1.compute.firewalls.patch' })).toBe(0);
    expect(gcpCloudAudit.recognise({ kind: 'Event', verb: 'get' })).toBe(0);
  });
});

describeNeverThrows('GCP Cloud Audit Logs mapping never throws', gcpCloudAudit, shapedRecords(['protoPayload', 'timestamp', 'receiveTimestamp', 'insertId', 'logName', 'resource', 'operation', 'methodName', 'serviceName', 'status', 'code', 'authenticationInfo', 'principalEmail', 'authorizationInfo', 'requestMetadata', 'callerIp', 'serviceData', 'policyDelta', 'bindingDeltas', 'request', '@type'], 'objects'));
