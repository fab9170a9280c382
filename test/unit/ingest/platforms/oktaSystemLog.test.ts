import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CATEGORIES, SEVERITIES } from '../../../../src-shared/event';
import { oktaSystemLog } from '../../../../src-main/engine/ingest/platforms/oktaSystemLog';
import { HAVE_DATASETS, eventOf, mapAll, readDatasetRecords, utcMicros, type DatasetRecord } from './datasetRecords';

const FOLDER = 'okta_system_log';

function map(value: unknown): ReturnType<typeof oktaSystemLog.map> {
  return oktaSystemLog.map(value, JSON.stringify(value) ?? '');
}

function reasonFor(value: unknown): string {
  const outcome = map(value);
  if (outcome.ok) throw new Error('expected a refusal');
  return outcome.reason;
}

function byUuid(records: readonly DatasetRecord[], uuid: string): DatasetRecord {
  const record = records.find((candidate) => (candidate.value as { uuid?: unknown }).uuid === uuid);
  if (record === undefined) throw new Error(`no record ${uuid}`);
  return record;
}

describe.skipIf(!HAVE_DATASETS)('Okta System Log over the shared datasets', () => {
  const ndjson = HAVE_DATASETS ? readDatasetRecords(FOLDER, 'okta_system_log_events_from_cribl_raw.ndjson') : [];
  const cribl = HAVE_DATASETS ? readDatasetRecords(FOLDER, 'cribl_okta_rest_sample_I4942I.json') : [];

  it('maps all 100 events of the NDJSON file, each recognised as Okta', () => {
    const tally = mapAll(oktaSystemLog, ndjson);

    expect(ndjson).toHaveLength(100);
    expect(tally.refused).toEqual([]);
    expect(ndjson.every((record) => oktaSystemLog.recognise(record.value) === 0.95)).toBe(true);
  });

  it('maps the 100 Cribl-wrapped events (once _raw is unwrapped) exactly like the NDJSON lines', () => {
    const fromCribl = mapAll(oktaSystemLog, cribl);
    const fromNdjson = mapAll(oktaSystemLog, ndjson);

    expect(cribl).toHaveLength(100);
    expect(fromCribl.refused).toEqual([]);
    expect(fromCribl.mapped).toEqual(fromNdjson.mapped);
  });

  it('counts the outcomes SOURCE.txt lists: SUCCESS 99, CHALLENGE 1', () => {
    const outcomes = mapAll(oktaSystemLog, ndjson).mapped.map((event) => event.outcome);

    expect(outcomes.filter((outcome) => outcome === 'success')).toHaveLength(99);
    expect(outcomes.filter((outcome) => outcome === 'unknown')).toHaveLength(1);
  });

  it('maps the first event (system.brand.create) field by field', () => {
    const record = byUuid(ndjson, 'c108c4cc-6641-11f0-b8ab-e7cc1dd1a43e');
    const event = eventOf(oktaSystemLog.map(record.value, record.raw));

    expect(event).toMatchObject({
      sourceId: 'okta-system-log',
      eventId: 'c108c4cc-6641-11f0-b8ab-e7cc1dd1a43e',
      occurredAt: utcMicros(2025, 7, 21, 14, 48, 24, 597_000),
      zoned: true,
      action: 'system.brand.create',
      category: 'TENANT_MGMT',
      severity: 'INFO',
      outcome: 'success',
      actor: { kind: 'user', id: '00uunrjAXkpQdiZqQ693', name: 'FreeTrial OrgCreator', email: 'freetrialorgcreator@okta.com' },
      target: { kind: 'Brand', id: 'bndtfrct1tsQhULFV697', name: 'bndtfrct1tsQhULFV697' },
      context: {
        ip: '52.207.21.207',
        userAgent: 'Jersey/3.1.8 (HttpUrlConnection 21.0.6)',
        requestId: 'f348834b13c1adc94c589222e81d86f5,f348834',
        sessionId: 'trsOEr_0JTLR-yPR5cyOPY-Zg',
        geo: 'Ashburn, Virginia, United States',
      },
      description: 'Brand was created',
      raw: record.raw,
    });
    expect(event.data).toMatchObject({ debugContext: { debugData: { requestUri: '/api/internal/orgs' } }, transaction: { type: 'WEB' } });
  });

  it('rates the super-administrator grant by Okta System as a CRITICAL permission change', () => {
    const record = byUuid(ndjson, 'c2d6cda1-6641-11f0-b8ab-e7cc1dd1a43e');
    const event = eventOf(oktaSystemLog.map(record.value, record.raw));

    expect(event).toMatchObject({
      action: 'user.account.privilege.grant',
      category: 'PERMISSION',
      severity: 'CRITICAL',
      outcome: 'success',
      actor: { kind: 'system', id: 'sprtfrct1fCoETaBc697', name: 'Okta System', email: null },
      target: { kind: 'User', id: '00utfrct5sIs151mS697', name: 'John Doe' },
      context: { requestId: null }, // Okta wrote the word "unknown"
      description: 'Grant user privilege',
    });
  });

  it('maps the sign-on CHALLENGE to outcome unknown and keeps Okta\'s reason in the description', () => {
    const record = byUuid(ndjson, 'd18ab115-6641-11f0-84a3-7df10913313f');
    const event = eventOf(oktaSystemLog.map(record.value, record.raw));

    expect(event).toMatchObject({
      action: 'policy.evaluate_sign_on',
      category: 'AUTH',
      outcome: 'unknown',
      context: { ip: '97.178.252.31', requestId: '5b82be6467b8251e09b2c6a81d676666' },
      description: 'Evaluation of sign-on policy: Sign-on policy evaluation resulted in ENROLL',
    });
  });

  it('rates a sign-on policy update as a WARNING security change', () => {
    const record = byUuid(ndjson, 'c35e9b8d-6641-11f0-b8ab-e7cc1dd1a43e');
    expect(eventOf(oktaSystemLog.map(record.value, record.raw))).toMatchObject({ action: 'policy.rule.update', category: 'SECURITY', severity: 'WARNING' });
  });
});

describe('Okta System Log mapping rules', () => {
  const base = {
    uuid: 'u-1',
    published: '2024-05-01T08:30:00.123Z',
    eventType: 'user.session.start',
    displayMessage: 'User login to Okta',
    severity: 'INFO',
    actor: { id: '00u1', type: 'User', alternateId: 'ana@example.com', displayName: 'Ana' },
    outcome: { result: 'SUCCESS', reason: null },
  };

  it.each([
    ['SUCCESS', 'success'],
    ['ALLOW', 'success'],
    ['FAILURE', 'failure'],
    ['DENY', 'denied'],
    ['CHALLENGE', 'unknown'],
    ['SKIPPED', 'unknown'],
    ['UNKNOWN', 'unknown'],
  ])('maps outcome.result %s to %s', (result, expected) => {
    expect(eventOf(map({ ...base, outcome: { result } })).outcome).toBe(expected);
  });

  it('rates a failed sign-in as a WARNING AUTH event with the reason', () => {
    const event = eventOf(map({ ...base, severity: 'WARN', outcome: { result: 'FAILURE', reason: 'INVALID_CREDENTIALS' } }));
    expect(event).toMatchObject({ category: 'AUTH', severity: 'WARNING', outcome: 'failure', description: 'User login to Okta: INVALID_CREDENTIALS' });
  });

  it("raises the severity to Okta's own ERROR", () => {
    expect(eventOf(map({ ...base, severity: 'ERROR' })).severity).toBe('ERROR');
  });

  it('reads published with milliseconds exactly', () => {
    expect(eventOf(map(base)).occurredAt).toBe(utcMicros(2024, 5, 1, 8, 30, 0, 123_000));
  });

  it('recognises an Okta event at 0.95 and a record without eventType at 0', () => {
    expect(oktaSystemLog.recognise(base)).toBe(0.95);
    expect(oktaSystemLog.recognise({ uuid: 'x', published: '2024-05-01T08:30:00Z' })).toBe(0);
  });

  it.each([null, 42, 'text', [base]])('refuses a non-object record (%j)', (value) => {
    expect(reasonFor(value)).toMatch(/^record is not a JSON object/);
  });

  it('refuses a record without published', () => {
    const { published: _dropped, ...rest } = base;
    expect(reasonFor(rest)).toBe("field 'published' is missing");
  });

  it('refuses a record whose published is not a timestamp', () => {
    expect(reasonFor({ ...base, published: 'soon' })).toBe('field \'published\' is not a timestamp: "soon"');
  });

  it('refuses a record without eventType', () => {
    const { eventType: _dropped, ...rest } = base;
    expect(reasonFor(rest)).toBe("field 'eventType' is missing");
  });

  it('never throws, and yields only known categories and severities, on arbitrary JSON', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), fc.object()), (value) => {
        const score = oktaSystemLog.recognise(value);
        expect(score).toBeGreaterThanOrEqual(0);
        expect(score).toBeLessThanOrEqual(1);
        const outcome = oktaSystemLog.map(value, 'raw');
        if (outcome.ok && 'event' in outcome) {
          expect(CATEGORIES).toContain(outcome.event.category);
          expect(SEVERITIES).toContain(outcome.event.severity);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on arbitrary objects shaped like Okta events', () => {
    const anything = fc.oneof(fc.jsonValue(), fc.string());
    const record = fc.record({ uuid: anything, published: anything, eventType: anything, severity: anything, actor: anything, outcome: anything, target: anything, client: anything, debugContext: anything }, { requiredKeys: [] });
    fc.assert(
      fc.property(record, (value) => {
        oktaSystemLog.recognise(value);
        oktaSystemLog.map(value, 'raw');
      }),
      { numRuns: 500 },
    );
  });
});
