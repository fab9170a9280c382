import { describe, expect, it } from 'vitest';
import { AppError } from '../../../../src-shared/errors';
import type { MappingProfile } from '../../../../src-main/engine/ingest/families/mappingProfile';
import { compileProfile, parseProfileFile, suggestProfile } from '../../../../src-main/engine/ingest/families/mappingProfile';
import { csvRecord, eventOf, reasonOf, utcMicros } from './samples';

const HR_PROFILE_JSON = JSON.stringify({
  name: 'Acme HR portal',
  sourceId: 'acme-hr',
  fields: {
    eventId: 'Log ID',
    occurredAt: 'When',
    timeZone: 'Europe/Berlin',
    action: 'What',
    actorName: 'Who',
    actorEmail: 'Email',
    outcome: 'Result',
    targetKind: 'Object',
    targetId: 'Object ID',
    ip: 'Source IP',
  },
  outcomes: { OK: 'success', REFUSED: 'denied' },
  categories: { 'login*': 'AUTH', '/^export\\b/': 'DATA_ACCESS', 'salary.update': 'data_modify' },
  defaultCategory: 'USER_MGMT',
});

const HR_CSV =
  'Log ID,When,Who,Email,What,Result,Object,Object ID,Source IP,Department\n' +
  '88121,2026-07-01 14:05:09.250,Jana Novak,jana@acme.example,export employees,REFUSED,report,headcount-q2,192.0.2.8,Finance\n';

function hrProfile(): MappingProfile {
  return parseProfileFile(HR_PROFILE_JSON, 'acme-hr.json');
}

function profileWith(fields: Partial<MappingProfile['fields']>): MappingProfile {
  return { name: 'T', sourceId: 't', fields: { occurredAt: 'when', action: 'what', ...fields } };
}

function parseError(text: string): string {
  try {
    parseProfileFile(text, 'profile.json');
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('BAD_REQUEST');
    return (error as AppError).message;
  }
  throw new Error('expected the profile to be refused');
}

describe('parseProfileFile', () => {
  it('reads a valid profile, normalising category case', () => {
    expect(hrProfile().categories).toEqual({ 'login*': 'AUTH', '/^export\\b/': 'DATA_ACCESS', 'salary.update': 'DATA_MODIFY' });
  });

  it.each([
    ['{"name":"x","sourceId":"x","fields":{"action":"a"}}', 'profile.json: fields.occurredAt: is required'],
    ['{"name":"x","sourceId":"x","fields":{"action":"a","occurredAt":"t","occuredAt":"t"}}', 'profile.json: fields: unknown key "occuredAt"'],
    ['{"name":"x","sourceId":"x","fields":{"action":"a","occurredAt":"t","timeZone":"Europe/Berlinn"}}', 'profile.json: fields.timeZone: is not an IANA time zone (e.g. Europe/Berlin)'],
    ['{"name":"x","sourceId":"x","fields":{"action":"a","occurredAt":"t","timeFormat":"unix"}}', 'profile.json: fields.timeFormat: must be one of auto, iso, epoch-s, epoch-ms'],
    ['{"name":"x","sourceId":"x","fields":{"action":7,"occurredAt":"t"}}', 'profile.json: fields.action: must be a string (got a number)'],
    ['{"name":"x","sourceId":"x","fields":{"action":"a","occurredAt":"t"},"outcomes":{"OK":"fine"}}', 'profile.json: outcomes.OK: must be one of success, failure, denied, partial'],
    ['{"name":"x","sourceId":"x","fields":{"action":"a","occurredAt":"t"},"categories":{"/(/":"AUTH"}}', 'profile.json: categories./(/: is not a valid pattern (exact, prefix*, or /regex/)'],
    ['{"name":"x","sourceId":"Not Valid","fields":{"action":"a","occurredAt":"t"}}', 'profile.json: sourceId: must be 1–64 lower-case letters, digits, ".", "_" or "-"'],
    ['[1]', 'profile.json: (root): must be an object (got an array)'],
  ])('refuses %s naming the path', (text, message) => {
    expect(parseError(text)).toBe(message);
  });

  it('refuses text that is not JSON, naming the file', () => {
    expect(parseError('{ nope')).toMatch(/^profile\.json: \(root\): not valid JSON/);
  });
});

describe('compileProfile', () => {
  it('maps a generic CSV row through the profile, reading its zone-less time in Europe/Berlin', () => {
    const mapping = compileProfile(hrProfile());
    const row = csvRecord(HR_CSV);

    const event = eventOf(mapping.map(row.value, row.raw));

    expect(event).toEqual({
      sourceId: 'acme-hr',
      eventId: '88121',
      // 14:05:09.250 CEST (UTC+2) is 12:05:09.250 UTC
      occurredAt: utcMicros(2026, 7, 1, 12, 5, 9, 250_000),
      zoned: true,
      action: 'export employees',
      category: 'DATA_ACCESS',
      severity: 'WARNING',
      outcome: 'denied',
      actor: { kind: 'user', id: null, name: 'Jana Novak', email: 'jana@acme.example' },
      target: { kind: 'report', id: 'headcount-q2', name: null },
      context: { ip: '192.0.2.8', userAgent: null, requestId: null, sessionId: null, geo: null },
      description: 'export employees by Jana Novak on headcount-q2',
      tags: ['GDPR', 'HIPAA', 'SOC2', 'NIS2'],
      data: { Department: 'Finance' },
      raw: row.raw,
    });
  });

  it('maps a nested JSON record by dotted paths with epoch-ms times', () => {
    const mapping = compileProfile({
      name: 'Nested',
      sourceId: 'nested',
      fields: {
        eventId: 'evt.uuid',
        occurredAt: 'evt.ts',
        timeFormat: 'epoch-ms',
        action: 'evt.kind',
        actorId: 'by.id',
        actorEmail: 'by.mail',
        actorKind: 'by.type',
        targetKind: 'on.type',
        targetId: 'on.id',
        outcome: 'status',
        ip: 'net.ip',
        requestId: 'net.req',
        severity: 'evt.level',
      },
      categories: { 'role.*': 'PERMISSION' },
    });
    const record = {
      evt: { uuid: '5b9f7d1e', ts: 1779004800123, kind: 'role.grant', level: 'high' },
      by: { id: 'svc-deployer', mail: null, type: 'service_account' },
      on: { type: 'role', id: 'admin' },
      net: { ip: '10.1.2.3', req: 'r-1' },
      status: 'failed',
      extra: { note: 'kept' },
    };

    const event = eventOf(mapping.map(record, JSON.stringify(record)));

    expect(event).toMatchObject({
      sourceId: 'nested',
      eventId: '5b9f7d1e',
      occurredAt: utcMicros(2026, 5, 17, 8, 0, 0, 123_000),
      zoned: true,
      action: 'role.grant',
      category: 'PERMISSION',
      severity: 'ERROR',
      outcome: 'failure',
      actor: { kind: 'service', id: 'svc-deployer', name: null, email: null },
      target: { kind: 'role', id: 'admin', name: null },
      context: { ip: '10.1.2.3', requestId: 'r-1' },
      description: 'role.grant by svc-deployer on admin',
      data: { extra: { note: 'kept' } },
    });
  });

  it('flags a zone-less time as unzoned UTC when the profile gives no timeZone', () => {
    const event = eventOf(compileProfile(profileWith({})).map({ when: '2026-07-01 14:05:09', what: 'x' }, ''));

    expect([event.occurredAt, event.zoned]).toEqual([utcMicros(2026, 7, 1, 14, 5, 9), false]);
  });

  it('ignores timeZone for times that carry their own offset', () => {
    const event = eventOf(compileProfile(profileWith({ timeZone: 'Europe/Berlin' })).map({ when: '2026-07-01T14:05:09-04:00', what: 'x' }, ''));

    expect([event.occurredAt, event.zoned]).toEqual([utcMicros(2026, 7, 1, 18, 5, 9), true]);
  });

  it('refuses a Berlin wall time inside the spring-forward gap (2026-03-29 02:30 never happened)', () => {
    const mapping = compileProfile(profileWith({ timeZone: 'Europe/Berlin' }));

    expect(reasonOf(mapping.map({ when: '2026-03-29 02:30:00', what: 'x' }, ''))).toBe(
      `field 'occurredAt' ("when"): "2026-03-29 02:30:00" does not exist in Europe/Berlin (clocks moved forward past it); is the profile's timeZone right?`,
    );
  });

  it('reads the wall times either side of the spring-forward gap exactly', () => {
    const mapping = compileProfile(profileWith({ timeZone: 'Europe/Berlin' }));

    const before = eventOf(mapping.map({ when: '2026-03-29 01:59:59', what: 'x' }, ''));
    const after = eventOf(mapping.map({ when: '2026-03-29 03:00:00', what: 'x' }, ''));

    expect([before.occurredAt, after.occurredAt]).toEqual([utcMicros(2026, 3, 29, 0, 59, 59), utcMicros(2026, 3, 29, 1, 0, 0)]);
  });

  it('takes the earlier instant for an ambiguous autumn wall time and flags it unzoned', () => {
    const mapping = compileProfile(profileWith({ timeZone: 'Europe/Berlin' }));

    const event = eventOf(mapping.map({ when: '2026-10-25 02:30:00', what: 'x' }, ''));

    // 02:30 happens at 00:30 UTC (still CEST, +2) and again at 01:30 UTC (CET, +1).
    expect([event.occurredAt, event.zoned]).toEqual([utcMicros(2026, 10, 25, 0, 30, 0), false]);
  });

  it('reads the first wall time after the repeated hour in standard time', () => {
    const event = eventOf(compileProfile(profileWith({ timeZone: 'Europe/Berlin' })).map({ when: '2026-10-25 03:00:00', what: 'x' }, ''));

    expect([event.occurredAt, event.zoned]).toEqual([utcMicros(2026, 10, 25, 2, 0, 0), true]);
  });

  it('converts New York wall times across its own DST change', () => {
    const mapping = compileProfile(profileWith({ timeZone: 'America/New_York' }));

    expect(eventOf(mapping.map({ when: '2026-03-08 01:30', what: 'x' }, '')).occurredAt).toBe(utcMicros(2026, 3, 8, 6, 30, 0));
    expect(eventOf(mapping.map({ when: '2026-03-08 03:30', what: 'x' }, '')).occurredAt).toBe(utcMicros(2026, 3, 8, 7, 30, 0));
    expect(mapping.map({ when: '2026-03-08 02:30', what: 'x' }, '').ok).toBe(false);
  });

  it('reads epoch seconds with a fraction without losing microseconds', () => {
    const event = eventOf(compileProfile(profileWith({ timeFormat: 'epoch-s' })).map({ when: '1779004800.123456', what: 'x' }, ''));

    expect(event.occurredAt).toBe(utcMicros(2026, 5, 17, 8, 0, 0, 123_456));
  });

  it("refuses a number under timeFormat 'iso'", () => {
    expect(reasonOf(compileProfile(profileWith({ timeFormat: 'iso' })).map({ when: '1779004800', what: 'x' }, ''))).toBe(
      `field 'occurredAt' ("when") is not an ISO-8601 time: "1779004800"`,
    );
  });

  it('refuses a record without the action column', () => {
    expect(reasonOf(compileProfile(profileWith({})).map({ when: '2026-07-01T00:00:00Z' }, ''))).toBe(`field 'action' ("what") is missing`);
  });

  it('refuses a severity word it does not know, naming the value', () => {
    expect(reasonOf(compileProfile(profileWith({ severity: 'sev' })).map({ when: '2026-07-01T00:00:00Z', what: 'x', sev: 'purple' }, ''))).toBe(
      `field 'severity' ("sev") has unknown value "purple" (expected one of INFO, WARNING, ERROR, CRITICAL)`,
    );
  });

  it('uses the System actor when no actor column holds a value', () => {
    expect(eventOf(compileProfile(profileWith({ actorId: 'who' })).map({ when: '2026-07-01T00:00:00Z', what: 'x', who: '' }, '')).actor).toEqual({
      kind: 'system',
      id: null,
      name: 'System',
      email: null,
    });
  });

  it('recognises records holding the required columns, and only those', () => {
    const mapping = compileProfile(hrProfile());

    expect(mapping.recognise(csvRecord(HR_CSV).value)).toBe(1);
    expect(mapping.recognise({ When: '2026-07-01' })).toBe(0);
    expect(mapping.recognise('When,What')).toBe(0);
  });
});

describe('suggestProfile', () => {
  it('maps common CSV headers to fields', () => {
    expect(suggestProfile(['Event ID', 'Timestamp', 'Event Type', 'User', 'Email', 'IP Address', 'Status', 'Resource Type', 'Resource ID'])).toEqual({
      fields: {
        eventId: 'Event ID',
        occurredAt: 'Timestamp',
        action: 'Event Type',
        actorEmail: 'Email',
        actorName: 'User',
        ip: 'IP Address',
        outcome: 'Status',
        targetKind: 'Resource Type',
        targetId: 'Resource ID',
      },
      missing: [],
    });
  });

  it('prefers the more specific column when several could hold the time or the action', () => {
    expect(suggestProfile(['id', 'date', 'created_at', 'type', 'operation', 'username']).fields).toEqual({
      eventId: 'id',
      occurredAt: 'created_at',
      action: 'type',
      actorName: 'username',
    });
  });

  it('suggests dotted paths from a nested sample record', () => {
    expect(suggestProfile({ id: 'e1', occurred_at: '2026-01-01T00:00:00Z', event: 'login', actor: { id: 'u1', email: 'u@x.example' }, context: { ip: '1.2.3.4' } })).toEqual({
      fields: { occurredAt: 'occurred_at', action: 'event', eventId: 'id', actorEmail: 'actor.email', actorId: 'actor.id', ip: 'context.ip' },
      missing: [],
    });
  });

  it('names the required fields no column matched', () => {
    expect(suggestProfile(['foo', 'bar'])).toEqual({ fields: {}, missing: ['occurredAt', 'action'] });
  });
});
