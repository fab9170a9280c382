import { describeNeverThrows, shapedRecords } from './mappingInvariants';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { entraId } from '../../../../src-main/engine/ingest/platforms/entraId';
import { DATASETS_DIR, HAVE_DATASETS, eventOf, mapRecord, readDatasetRecords, utcMicros, type DatasetRecord } from './datasetRecords';
import { zipEntryText } from '../../../support/zipEntryText';

const FOLDER = 'entra_id';
const cribl = HAVE_DATASETS ? readDatasetRecords(FOLDER, 'cribl_azure_graph_signins_7cieEB.json') : [];
const criblRaw = HAVE_DATASETS ? readDatasetRecords(FOLDER, 'entra_graph_signins_from_cribl_raw.ndjson') : [];
const panther = HAVE_DATASETS ? readDatasetRecords(FOLDER, 'panther_azure_audit_tests.ndjson') : [];

/** The event mapped from a dataset record, or a thrown error naming the refusal. */
function mappedEvent(record: DatasetRecord | undefined) {
  if (record === undefined) throw new Error('no such record in the dataset');
  return eventOf(mapRecord(entraId, record));
}

function reasonFor(value: unknown): string {
  const outcome = entraId.map(value, JSON.stringify(value) ?? '');
  if (outcome.ok) throw new Error('expected a refusal');
  return outcome.reason;
}

describe.skipIf(!HAVE_DATASETS)('Entra ID mapping over the shared samples', () => {
  it('reads the record counts SOURCE.txt states', () => {
    expect(cribl).toHaveLength(2);
    expect(criblRaw).toHaveLength(2);
    expect(panther).toHaveLength(47);
  });

  it('maps every record: Graph sign-ins and every Azure Monitor category, lower-cased keys included', () => {
    for (const record of [...cribl, ...criblRaw, ...panther]) {
      const outcome = mapRecord(entraId, record);
      expect(outcome.ok ? 'mapped' : outcome.reason).toBe('mapped');
    }
  });

  it('maps a Graph sign-in (unwrapped from Cribl _raw) to exact fields', () => {
    const event = mappedEvent(cribl[0]);

    expect(event).toMatchObject({
      sourceId: 'entra-id',
      // the publisher zeroed every GUID: a nil GUID is no identifier, so content identity applies
      eventId: null,
      occurredAt: utcMicros(2025, 8, 15, 15, 20, 26),
      zoned: true,
      action: 'Sign-in activity',
      category: 'AUTH',
      // Identity Protection rated the sign-in medium risk
      severity: 'WARNING',
      outcome: 'success',
      actor: { kind: 'user', id: 'mscore@afos.io', name: 'Mike Score', email: 'mscore@afos.io' },
      target: { kind: 'application', id: null, name: 'Graph Explorer' },
      context: { ip: '2600:100f:a100:735:2c45:127a:aaaa:0000', userAgent: null, requestId: null, sessionId: null, geo: 'Hillsboro, Oregon, US' },
      description: 'Mike Score signed in to Graph Explorer (medium risk)',
    });
    expect(event.raw).toBe(criblRaw[0]?.raw);
    expect(mappedEvent(cribl[1]).severity).toBe('INFO');
  });

  it('maps error 50126 (bad password) as a failure with the time from createdDateTime', () => {
    const event = mappedEvent(panther[41]);

    expect(event).toMatchObject({
      occurredAt: utcMicros(2025, 1, 15, 15, 5, 50, 678_901),
      zoned: true,
      outcome: 'failure',
      category: 'AUTH',
      severity: 'WARNING',
      actor: { kind: 'user', id: 'user-attacker-999', name: 'attacker@company.com', email: 'attacker@company.com' },
      target: { kind: 'application', id: 'app-office-555', name: 'Office Application' },
      context: { ip: '192.0.2.250', userAgent: 'curl/7.68.0', requestId: 'ropc-fail-001' },
      description: 'attacker@company.com failed to sign in to Office Application — error 50126: Invalid username or password',
    });
  });

  it('maps a locked account (50053) as denied, with the geo text', () => {
    const event = mappedEvent(panther[8]);

    expect(event.outcome).toBe('denied');
    expect(event.context.geo).toBe('Unknown, Unknown, RU');
    expect(event.occurredAt).toBe(utcMicros(2025, 1, 15, 8, 15, 23, 456_000));
    expect(event.zoned).toBe(false);
  });

  it('maps a lower-cased service-principal sign-in as API_ACCESS by the service principal', () => {
    const event = mappedEvent(panther[11]);

    expect(event).toMatchObject({
      eventId: '36658c78-02d9-4d8f-84ee-5ca4a3fdefef',
      occurredAt: utcMicros(2023, 7, 26, 22, 58, 30, 983_201),
      zoned: false,
      outcome: 'failure',
      category: 'API_ACCESS',
      severity: 'WARNING',
      actor: { kind: 'service', id: 'b1c34143-e405-4058-8e29-84596ad737b8', name: 'some-service-principal', email: null },
      target: { kind: 'resource', id: '037694de-8c7d-498d-917d-edb650090fa5', name: 'Azure Storage' },
      context: { ip: '12.12.12.12', geo: 'Dublin, Dublin, IE' },
    });
  });

  it('raises a high-risk sign-in to CRITICAL', () => {
    const event = mappedEvent(panther[16]);

    expect([event.category, event.severity, event.outcome]).toEqual(['AUTH', 'CRITICAL', 'success']);
  });

  it('flags a federation change on a domain (the Golden SAML backdoor) as CRITICAL', () => {
    const event = mappedEvent(panther[4]);

    expect(event).toMatchObject({
      action: 'Set federation settings on domain',
      category: 'SECURITY',
      severity: 'CRITICAL',
      outcome: 'success',
      actor: { kind: 'user', id: 'admin-attacker-123', name: 'Compromised Admin', email: 'frodo@lotr.com' },
      context: { ip: '2.2.2.2' },
    });
  });

  it('maps a directory audit to exact fields, reading the zone-less activityDateTime', () => {
    const event = mappedEvent(panther[18]);

    expect(event).toMatchObject({
      eventId: 'Invited Users_123456789',
      occurredAt: utcMicros(2024, 9, 23, 14, 33, 9, 49_661),
      zoned: false,
      action: 'Invite external user',
      category: 'USER_MGMT',
      severity: 'WARNING',
      outcome: 'success',
      actor: { kind: 'user', id: '123456789', name: 'denethor@lotr.com', email: 'denethor@lotr.com' },
      target: { kind: 'User', id: '123456789', name: 'Zeus.Theboss' },
      context: { ip: '1.2.3.4', requestId: '123456789' },
      description: 'denethor@lotr.com performed "Invite external user" on Zeus.Theboss',
    });
  });

  it('classifies role and credential changes', () => {
    const elevate = mappedEvent(panther[6]);
    const pim = mappedEvent(panther[39]);
    const credentials = mappedEvent(panther[42]);
    const deletedPolicy = mappedEvent(panther[29]);

    expect([elevate.category, elevate.severity, elevate.outcome]).toEqual(['PERMISSION', 'CRITICAL', 'success']);
    expect([pim.action, pim.category, pim.severity]).toEqual(['Add member to role', 'PERMISSION', 'WARNING']);
    expect([credentials.action, credentials.category, credentials.severity]).toEqual(['Add service principal credentials', 'API_ACCESS', 'WARNING']);
    expect([deletedPolicy.action, deletedPolicy.category, deletedPolicy.severity]).toEqual(['Delete conditional access policy', 'SECURITY', 'CRITICAL']);
  });

  it("maps Sentinel's AuditLogs rows (the OTRF Golden SAML zip), parsing their JSON-text columns", async () => {
    const text = await zipEntryText(join(DATASETS_DIR, FOLDER, 'otrf_goldensaml_AADAuditEvents.zip'), 'AADAuditEvents.json');
    const events = text
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => mappedEvent({ position: 1, value: JSON.parse(line) as unknown, raw: line }));

    expect(events).toHaveLength(4);
    expect(events[0]).toMatchObject({
      eventId: 'Directory_10065ffb-8199-48bc-8ff5-912cb5b8295a_AUMVX_13992832',
      occurredAt: utcMicros(2021, 8, 2, 13, 29, 25, 983_000),
      zoned: true,
      action: 'Update application – Certificates and secrets management',
      category: 'API_ACCESS',
      severity: 'WARNING',
      outcome: 'success',
      actor: { kind: 'user', id: 'aead923d-498b-4f64-a66c-2af91447a8b6', name: 'pgustavo@simulandlabs.com', email: 'pgustavo@simulandlabs.com' },
      target: { kind: 'Application', id: '11b49e19-2326-4be6-93cb-7f37439bbd81', name: 'SimuLandApp' },
      context: { userAgent: 'Mozilla/5.0 (Windows NT; Windows NT 10.0; en-US) WindowsPowerShell/5.1.17763.1971', requestId: '10065ffb-8199-48bc-8ff5-912cb5b8295a' },
    });
    expect(events.map((e) => [e.action, e.category, e.severity])).toContainEqual(['Add delegated permission grant', 'SECURITY', 'WARNING']);
    expect(Array.isArray((events[0]?.data as { TargetResources: unknown }).TargetResources)).toBe(true);
  });
});

describe('Entra ID refusals', () => {
  it('names what is missing', () => {
    expect(reasonFor(42)).toBe('record is not a JSON object (got a number)');
    expect(reasonFor({ foo: 1 })).toMatch(/^not an Entra ID sign-in or directory-audit record/);
    expect(reasonFor({ operationName: 'Sign-in activity', category: 'SignInLogs', properties: { userPrincipalName: 'a@b.c' } })).toBe(
      "field 'createdDateTime' is missing (and so is time/TimeGenerated)",
    );
    expect(reasonFor({ operationName: 'Add user', category: 'AuditLogs', time: 'soon', properties: { initiatedBy: {} } })).toBe('field \'time\' is not a timestamp: "soon"');
  });
});

describeNeverThrows('Entra ID mapping never throws', entraId, shapedRecords(['id', 'time', 'operationName', 'category', 'properties', 'resultType', 'callerIpAddress', 'createdDateTime', 'userPrincipalName', 'status', 'location', 'activityDateTime', 'activityDisplayName', 'initiatedBy', 'targetResources', 'result', 'Type', 'InitiatedBy', 'TargetResources'], 'arrays'));
