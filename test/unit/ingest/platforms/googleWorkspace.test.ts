import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CATEGORIES, SEVERITIES } from '../../../../src-shared/event';
import { googleWorkspace } from '../../../../src-main/engine/ingest/platforms/googleWorkspace';
import { HAVE_DATASETS, eventOf, mapAll, readDatasetRecords, utcMicros, type DatasetRecord } from './datasetRecords';

const FOLDER = 'google_workspace';

function map(value: unknown): ReturnType<typeof googleWorkspace.map> {
  return googleWorkspace.map(value, JSON.stringify(value) ?? '');
}

function reasonFor(value: unknown): string {
  const outcome = map(value);
  if (outcome.ok) throw new Error('expected a refusal');
  return outcome.reason;
}

function byQualifier(records: readonly DatasetRecord[], uniqueQualifier: string): DatasetRecord {
  const record = records.find((candidate) => (candidate.value as { id?: { uniqueQualifier?: unknown } }).id?.uniqueQualifier === uniqueQualifier);
  if (record === undefined) throw new Error(`no activity ${uniqueQualifier}`);
  return record;
}

describe.skipIf(!HAVE_DATASETS)('Google Workspace reports over the shared datasets', () => {
  const ndjson = HAVE_DATASETS ? readDatasetRecords(FOLDER, 'gws_reports_admin_from_cribl_raw.ndjson') : [];
  const cribl = HAVE_DATASETS ? readDatasetRecords(FOLDER, 'cribl_gws_reports_admin_QtiaAD.json') : [];

  it('maps all 17 admin activities of the NDJSON file, each recognised at 0.95', () => {
    const tally = mapAll(googleWorkspace, ndjson);

    expect(ndjson).toHaveLength(17);
    expect(tally.refused).toEqual([]);
    expect(ndjson.every((record) => googleWorkspace.recognise(record.value) === 0.95)).toBe(true);
  });

  it('maps the 17 Cribl-wrapped (pretty-printed _raw) activities to the same events, raw aside', () => {
    const withoutRaw = (records: readonly DatasetRecord[]): unknown[] => mapAll(googleWorkspace, records).mapped.map(({ raw: _raw, ...event }) => event);

    expect(cribl).toHaveLength(17);
    expect(withoutRaw(cribl)).toEqual(withoutRaw(ndjson));
  });

  it('counts the event names SOURCE.txt lists', () => {
    const actions = mapAll(googleWorkspace, ndjson).mapped.map((event) => event.action);
    const count = (action: string): number => actions.filter((candidate) => candidate === action).length;

    expect([count('admin.ALERT_CENTER_VIEW'), count('admin.ADD_GROUP_MEMBER'), count('admin.SECURITY_INVESTIGATION_QUERY')]).toEqual([9, 3, 2]);
    expect([count('admin.AUTHORIZE_API_CLIENT_ACCESS'), count('admin.ASSIGN_ROLE'), count('admin.CREATE_ROLE')]).toEqual([1, 1, 1]);
  });

  it('maps ASSIGN_ROLE field by field', () => {
    const record = byQualifier(ndjson, '-6218355955956524690');
    const event = eventOf(googleWorkspace.map(record.value, record.raw));

    expect(event).toMatchObject({
      sourceId: 'google-workspace',
      eventId: 'admin/2025-10-06T19:09:29.663000Z/-6218355955956524690',
      occurredAt: utcMicros(2025, 10, 6, 19, 9, 29, 663_000),
      zoned: true,
      action: 'admin.ASSIGN_ROLE',
      category: 'PERMISSION',
      severity: 'WARNING',
      outcome: 'success',
      actor: { kind: 'user', id: '117329556664445035546', name: 'user@acmecorp.com', email: 'user@acmecorp.com' },
      target: { kind: 'user', id: 'user@acmecorp.com', name: 'user@acmecorp.com' },
      context: { ip: '69.122.43.179', userAgent: null, requestId: null, sessionId: null, geo: 'US-NY, US' },
      description: 'user@acmecorp.com: admin ASSIGN_ROLE — ROLE_NAME: sa-cribl-gws-role, USER_EMAIL: user@acmecorp.com',
      raw: record.raw,
    });
    expect(event.data).toMatchObject({ customerId: 'D03cdmbi0', events: [{ type: 'DELEGATED_ADMIN_SETTINGS', name: 'ASSIGN_ROLE', parameters: { ROLE_NAME: 'sa-cribl-gws-role' } }] });
  });

  it('rates domain-wide delegation (AUTHORIZE_API_CLIENT_ACCESS, no callerType) a WARNING API_ACCESS event', () => {
    const record = byQualifier(ndjson, '7306097879247971800');
    const event = eventOf(googleWorkspace.map(record.value, record.raw));

    expect(event).toMatchObject({
      action: 'admin.AUTHORIZE_API_CLIENT_ACCESS',
      category: 'API_ACCESS',
      severity: 'WARNING',
      actor: { kind: 'user', email: 'user@acmecorp.com' },
      target: { kind: 'api-client', id: '116703733704564446790' },
    });
  });

  describe('panther_gsuite_activityevent_tests.ndjson (flattened one-event records)', () => {
    const records = HAVE_DATASETS ? readDatasetRecords(FOLDER, 'panther_gsuite_activityevent_tests.ndjson') : [];

    it('reads 128 records: maps the 65 with a time and refuses the 63 minimal fixtures, naming the field', () => {
      const tally = mapAll(googleWorkspace, records);
      const reasons = tally.refused.map((refusal) => refusal.reason);
      const count = (reason: string): number => reasons.filter((candidate) => candidate === reason).length;

      expect(records).toHaveLength(128);
      expect(tally.mapped).toHaveLength(65);
      expect(count("field 'id.time' is missing")).toBe(55);
      expect(count("field 'events' is missing (nor a top-level 'name')")).toBe(7);
      expect(count("field 'id.applicationName' is missing")).toBe(1);
    });

    it('reads the zone-less nanosecond id.time as UTC, flagged zoned:false', () => {
      const record = records[0];
      if (record === undefined) throw new Error('empty file');
      const event = eventOf(googleWorkspace.map(record.value, record.raw));

      expect(event).toMatchObject({
        eventId: 'admin/2022-12-11T02:57:48.693000Z/-12456',
        occurredAt: utcMicros(2022, 12, 11, 2, 57, 48, 693_000),
        zoned: false,
        action: 'admin.DELETE_ROLE',
        category: 'PERMISSION',
        actor: { kind: 'user', id: '123456', email: 'example@example.io' },
        target: { kind: 'role', id: 'CustomAdminRoleName' },
      });
    });
  });
});

describe('Google Workspace mapping rules', () => {
  const base = {
    kind: 'admin#reports#activity',
    id: { time: '2024-02-03T04:05:06.789Z', uniqueQualifier: '-42', applicationName: 'login', customerId: 'C1' },
    actor: { callerType: 'USER', email: 'ana@example.com', profileId: '1001' },
    ipAddress: '203.0.113.9',
    events: [{ type: 'login', name: 'login_failure', parameters: [{ name: 'login_type', value: 'google_password' }, { name: 'is_suspicious', boolValue: false }] }],
  };

  it('maps login_failure to a failed AUTH event rated WARNING', () => {
    expect(eventOf(map(base))).toMatchObject({ action: 'login.login_failure', category: 'AUTH', severity: 'WARNING', outcome: 'failure', occurredAt: utcMicros(2024, 2, 3, 4, 5, 6, 789_000) });
  });

  it('names the activity after its first event and lists the others', () => {
    const events = [
      { type: 'login', name: 'login_success', parameters: [] },
      { type: 'login', name: 'login_verification', parameters: [] },
    ];
    const event = eventOf(map({ ...base, events }));

    expect(event.action).toBe('login.login_success');
    expect(event.description).toBe('ana@example.com: login login_success (+1 more: login_verification)');
  });

  it('maps a KEY caller to an apiKey actor', () => {
    expect(eventOf(map({ ...base, actor: { callerType: 'KEY', key: 'SYSTEM' } })).actor).toEqual({ kind: 'apiKey', id: 'SYSTEM', name: 'SYSTEM', email: null });
  });

  it('flattens messageValue and multiValue parameters into data', () => {
    const parameters = [
      { name: 'A', multiValue: ['x', 'y'] },
      { name: 'B', messageValue: { parameter: [{ name: 'C', intValue: '7' }] } },
    ];
    const event = eventOf(map({ ...base, events: [{ name: 'login_success', parameters }] }));

    expect(event.data).toMatchObject({ events: [{ parameters: { A: ['x', 'y'], B: { C: '7' } } }] });
  });

  it('recognises an activity at 0.95 and a record without id.applicationName at 0', () => {
    expect(googleWorkspace.recognise(base)).toBe(0.95);
    expect(googleWorkspace.recognise({ id: { time: '2024-02-03T04:05:06Z' }, name: 'x' })).toBe(0);
  });

  it.each([null, 42, 'text', [base]])('refuses a non-object record (%j)', (value) => {
    expect(reasonFor(value)).toMatch(/^record is not a JSON object/);
  });

  it('refuses an activity without id.time', () => {
    expect(reasonFor({ ...base, id: { ...base.id, time: undefined } })).toBe("field 'id.time' is missing");
  });

  it('refuses an activity without an event name', () => {
    expect(reasonFor({ ...base, events: [] })).toBe("field 'events' is empty");
    expect(reasonFor({ ...base, events: [{ type: 'login' }] })).toBe("field 'events[0].name' is missing");
  });

  it('never throws, and yields only known categories and severities, on arbitrary JSON', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), fc.object()), (value) => {
        const score = googleWorkspace.recognise(value);
        expect(score).toBeGreaterThanOrEqual(0);
        expect(score).toBeLessThanOrEqual(1);
        const outcome = googleWorkspace.map(value, 'raw');
        if (outcome.ok && 'event' in outcome) {
          expect(CATEGORIES).toContain(outcome.event.category);
          expect(SEVERITIES).toContain(outcome.event.severity);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on arbitrary objects shaped like activities', () => {
    const anything = fc.oneof(fc.jsonValue(), fc.string());
    const id = fc.record({ time: anything, uniqueQualifier: anything, applicationName: fc.oneof(fc.constantFrom('admin', 'login', 'drive'), anything) }, { requiredKeys: [] });
    const parameter = fc.record({ name: anything, value: anything, multiValue: anything, messageValue: anything, multiMessageValue: anything }, { requiredKeys: [] });
    const event = fc.record({ name: anything, type: anything, parameters: fc.oneof(fc.array(parameter), anything) }, { requiredKeys: [] });
    const record = fc.record({ id, actor: anything, events: fc.oneof(fc.array(event), anything), name: anything, parameters: anything, networkInfo: anything }, { requiredKeys: [] });
    fc.assert(
      fc.property(record, (value) => {
        googleWorkspace.recognise(value);
        googleWorkspace.map(value, 'raw');
      }),
      { numRuns: 500 },
    );
  });
});
