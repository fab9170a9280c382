import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CanonicalEventInput } from '../../../../src-shared/event';
import { AUTH0_TYPE_CODES, auth0 } from '../../../../src-main/engine/ingest/platforms/auth0';
import { HAVE_DATASETS, eventOf, mapRecord, readDatasetRecords, utcMicros, type DatasetRecord } from './datasetRecords';

const records = HAVE_DATASETS ? readDatasetRecords('auth0_logs', 'panther_auth0_events_tests.ndjson') : [];

/** The event mapped from a sample record (an absent record fails the test with its reason). */
function eventAt(record: DatasetRecord | undefined): CanonicalEventInput {
  return eventOf(record === undefined ? { ok: false, reason: 'no such record in the sample' } : mapRecord(auth0, record));
}

function reasonFor(value: unknown): string {
  const outcome = auth0.map(value, JSON.stringify(value) ?? '');
  if (outcome.ok) throw new Error('expected a refusal');
  return outcome.reason;
}

function byLine(line: number): (typeof records)[number] | undefined {
  return records.find((record) => record.position === line);
}

describe.skipIf(!HAVE_DATASETS)('auth0 mapping over the shared samples', () => {
  it('reads the 49 records SOURCE.txt states', () => {
    expect(records).toHaveLength(49);
  });

  it('maps every record, with or without the Log Stream envelope', () => {
    const refusals = records.map((record) => mapRecord(auth0, record)).filter((outcome) => !outcome.ok);
    expect(refusals).toEqual([]);
  });

  it('maps a brute-force block (limit_wc) to a denied SECURITY warning with exact fields', () => {
    const event = eventAt(byLine(23));

    expect(event).toMatchObject({
      sourceId: 'auth0',
      eventId: '90020250930212349746493000000000000001223372122436618809',
      occurredAt: utcMicros(2025, 9, 30, 21, 23, 49, 689_000),
      // Panther writes "2025-09-30 21:23:49.689000000": UTC, but unmarked.
      zoned: false,
      action: 'limit_wc',
      category: 'SECURITY',
      severity: 'WARNING',
      outcome: 'denied',
      actor: { kind: 'user', id: null, name: 'john@justice.org', email: 'john@justice.org' },
      context: { ip: '1.2.3.4', requestId: null, sessionId: null, geo: null },
    });
    expect(event.description).toMatch(/^User \(john@justice\.org\) attempted 10 consecutive logins unsuccessfully\./);
  });

  it('maps a Management API change to attack protection to the administrator who made it', () => {
    const event = eventAt(byLine(1));

    expect(event).toMatchObject({
      eventId: '90020230523204756343781000000000000001223372037583230452',
      occurredAt: utcMicros(2025, 10, 3, 14, 9, 32, 149_000),
      action: 'sapi',
      category: 'SECURITY',
      severity: 'WARNING',
      outcome: 'success',
      actor: { kind: 'user', id: 'google-oauth2|105261262156475850461', name: 'Homer Simpson', email: 'denethor@lotr.com' },
      target: { kind: 'management-api', id: '/v2/attack-protection/suspicious-ip-throttling', name: 'Update Suspicious IP Throttling settings' },
      description: 'Update Suspicious IP Throttling settings',
      data: { response: { body: { enabled: false }, statusCode: 200 } },
    });
  });

  it('reads a Management API call answered 400 as a failure and raises it to ERROR', () => {
    const event = eventAt(byLine(2));

    expect([event.outcome, event.category, event.severity]).toEqual(['failure', 'SECURITY', 'ERROR']);
  });

  it('classifies tenant invitations by their endpoint, with the /api prefix removed', () => {
    const event = eventAt(byLine(45));

    expect([event.category, event.severity, event.outcome, event.target.id]).toEqual(['USER_MGMT', 'INFO', 'success', '/v2/tenants/invitations']);
  });

  it('leaves the actor of a failed cross-origin sign-in by no known user empty, not the application', () => {
    const event = eventAt(byLine(11));

    expect([event.action, event.outcome, event.actor, event.target.name]).toEqual(['fcoa', 'failure', { kind: 'user', id: null, name: null, email: null }, 'App Frontend']);
  });

  it('flags a reused refresh token (ferrt) as a SECURITY error', () => {
    const event = eventAt(byLine(41));

    expect([event.action, event.category, event.severity, event.outcome]).toEqual(['ferrt', 'SECURITY', 'ERROR', 'failure']);
  });

  it('maps an MFA enrollment to AUTH success for the enrolled user', () => {
    const event = eventAt(byLine(38));

    expect(event).toMatchObject({ action: 'gd_enrollment_complete', category: 'AUTH', severity: 'INFO', outcome: 'success', actor: { id: 'google-oauth2|105261262156475850461' } });
  });

  it('takes the inner log_id when the envelope has none, and null when neither has one', () => {
    expect(eventAt(byLine(39)).eventId).toBe('90020230523204756343781000000000000001223372037583230452');
    expect(eventAt(byLine(40)).eventId).toBeNull();
  });

  it('reads the API\'s ISO-8601 date as zoned', () => {
    const event = eventAt(byLine(42));

    expect([event.occurredAt, event.zoned]).toEqual([utcMicros(2023, 6, 16, 4, 52, 50, 663_000), true]);
  });

  it('documents each type code once', () => {
    const codes = AUTH0_TYPE_CODES.map(([code]) => code);
    expect(new Set(codes).size).toBe(codes.length);
  });
});

describe('auth0 type codes', () => {
  const login = (type: string): Record<string, unknown> => ({ log_id: '1', date: '2026-01-02T03:04:05.000Z', type, user_id: 'auth0|1', user_name: 'ann@example.com', client_id: 'c1', client_name: 'Portal' });

  it.each([
    ['s', 'success', 'AUTH', 'INFO'],
    ['f', 'failure', 'AUTH', 'WARNING'],
    ['fp', 'failure', 'AUTH', 'WARNING'],
    ['fu', 'failure', 'AUTH', 'WARNING'],
    ['limit_mu', 'denied', 'SECURITY', 'ERROR'],
    ['seccft', 'success', 'API_ACCESS', 'INFO'],
    ['scp', 'success', 'AUTH', 'INFO'],
    ['ss', 'success', 'USER_MGMT', 'INFO'],
    ['sdu', 'success', 'USER_MGMT', 'WARNING'],
    ['gd_unenroll', 'success', 'SECURITY', 'WARNING'],
    ['x_new_code', 'unknown', 'SYSTEM', 'INFO'],
  ])('maps type %s to outcome %s, %s/%s', (type, outcome, category, severity) => {
    const event = eventAt({ position: 1, value: login(type), raw: '' });
    expect([event.outcome, event.category, event.severity]).toEqual([outcome, category, severity]);
  });

  it('takes the client as the actor of a machine-to-machine token exchange', () => {
    const { user_id: _id, user_name: _name, ...m2m } = login('seccft');
    const event = eventAt({ position: 1, value: m2m, raw: '' });
    expect(event.actor).toEqual({ kind: 'service', id: 'c1', name: 'Portal', email: null });
  });

  it('names the application signed in to as the target', () => {
    const event = eventAt({ position: 1, value: login('s'), raw: '' });
    expect(event.target).toEqual({ kind: 'application', id: 'c1', name: 'Portal' });
  });
});

describe('auth0 refusals', () => {
  it('refuses an event without a type code, naming the field', () => {
    expect(reasonFor({ log_id: '1', date: '2026-01-02T03:04:05Z' })).toBe("field 'type' is missing");
  });

  it('refuses an event whose date is not a time, quoting it', () => {
    expect(reasonFor({ data: { type: 's', date: 'soon' } })).toBe('field \'date\' is not a timestamp: "soon"');
  });

  it('refuses a value that is not an object', () => {
    expect(reasonFor('s')).toBe('record is not a JSON object (got a string)');
  });
});

describe('auth0 robustness', () => {
  it('never throws on arbitrary JSON values', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const score = auth0.recognise(value);
        expect(score >= 0 && score <= 1).toBe(true);
        auth0.map(value, '');
      }),
    );
  });

  it('never throws on arbitrary objects', () => {
    fc.assert(fc.property(fc.object(), (value) => void (auth0.recognise(value), auth0.map(value, ''))));
  });

  it.skipIf(!HAVE_DATASETS)('never throws on a real log event with one field replaced by any JSON value', () => {
    const real = (byLine(1)?.value as { data: Record<string, unknown> }).data;
    fc.assert(
      fc.property(fc.constantFrom(...Object.keys(real)), fc.jsonValue(), (key, replacement) => {
        const value = { data: { ...real, [key]: replacement } };
        auth0.recognise(value);
        auth0.map(value, '');
      }),
    );
  });
});
