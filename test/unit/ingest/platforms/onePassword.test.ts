import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CanonicalEventInput } from '../../../../src-shared/event';
import { onePassword } from '../../../../src-main/engine/ingest/platforms/onePassword';
import { HAVE_DATASETS, eventOf, mapRecord, readDatasetRecords, utcMicros, type DatasetRecord } from './datasetRecords';

const FOLDER = 'onepassword_events';
const cribl = HAVE_DATASETS ? readDatasetRecords(FOLDER, 'cribl_1password_auditevents_pYUX7s.json') : [];
const ndjson = HAVE_DATASETS ? readDatasetRecords(FOLDER, 'onepassword_auditevents_from_cribl_raw.ndjson') : [];
const panther = HAVE_DATASETS ? readDatasetRecords(FOLDER, 'panther_onepassword_tests.ndjson') : [];

/** The event mapped from a sample record (an absent record fails the test with its reason). */
function eventAt(record: DatasetRecord | undefined): CanonicalEventInput {
  return eventOf(record === undefined ? { ok: false, reason: 'no such record in the sample' } : mapRecord(onePassword, record));
}

function reasonFor(value: unknown): string {
  const outcome = onePassword.map(value, JSON.stringify(value) ?? '');
  if (outcome.ok) throw new Error('expected a refusal');
  return outcome.reason;
}

describe.skipIf(!HAVE_DATASETS)('1Password mapping over the shared samples', () => {
  it('reads the record counts SOURCE.txt states', () => {
    expect([cribl.length, ndjson.length, panther.length]).toEqual([67, 67, 8]);
  });

  it('maps every record of the three files', () => {
    const refusals = [...cribl, ...ndjson, ...panther].map((record) => mapRecord(onePassword, record)).filter((outcome) => !outcome.ok);
    expect(refusals).toEqual([]);
  });

  it('maps the Cribl sample and its extracted NDJSON to identical events', () => {
    expect(cribl.map((record) => mapRecord(onePassword, record))).toEqual(ndjson.map((record) => mapRecord(onePassword, record)));
  });

  it('maps the first audit event (a delegated session) to exact fields, keeping microseconds of a nanosecond time', () => {
    const event = eventAt(ndjson[0]);

    expect(event).toMatchObject({
      sourceId: '1password',
      eventId: 'WMYL5LD5J7PK3JJAJJE7A4MS4F',
      // 2025-07-28T18:49:16.504514981Z: the nanoseconds beyond the sixth digit are dropped.
      occurredAt: utcMicros(2025, 7, 28, 18, 49, 16, 504_514),
      zoned: true,
      action: 'dlgsess',
      category: 'AUTH',
      severity: 'INFO',
      outcome: 'unknown',
      actor: { kind: 'user', id: 'WMHLLT3MSNBQTLCNEX3CRKXXQA', name: 'Peter Parker', email: 'peter@acme.com' },
      target: { kind: 'dlgdsess', id: '7LND4OPGSZFW5DN5RIRR73KHFA', name: null },
      context: { ip: '2001:0db8:85a3:0000:0000:8a2e:0370:7334', userAgent: null, requestId: null, sessionId: 'INGTJQJOJJFZ5EDBUWPJTXI6DA', geo: 'Portland, Oregon, United States' },
      description: 'Peter Parker started a delegated session',
    });
  });

  it('maps a service account token creation to API_ACCESS', () => {
    const event = eventAt(ndjson.find((record) => record.raw.includes('"object_type":"satoken"')));

    expect(event).toMatchObject({ action: 'create', category: 'API_ACCESS', actor: { name: 'Bruce Wayne' }, description: 'Bruce Wayne created a service account token' });
  });

  it('maps a failed sign-in attempt to an AUTH warning with outcome failure', () => {
    const event = eventAt(panther[6]);

    expect(event).toMatchObject({
      eventId: '1234',
      occurredAt: utcMicros(2021, 12, 3, 19, 52, 52),
      zoned: false,
      action: 'password_secret_bad',
      category: 'AUTH',
      severity: 'WARNING',
      outcome: 'failure',
      actor: { kind: 'user', id: '1234', name: 'Homer Simpson', email: 'homer@springfield.gov' },
      context: { ip: '111.111.111.111', sessionId: '5678', geo: 'US', userAgent: '1Password Browser Extension 20184; Solaris 10; Chrome 96.0.4664.55' },
      description: 'Sign-in attempt by Homer Simpson: credentials failed (password_secret_bad)',
    });
  });

  it('places a successful sign-in with its location', () => {
    const event = eventAt(panther[7]);

    expect([event.outcome, event.category, event.context.geo]).toEqual(['success', 'AUTH', 'Moscow, Moscow, RU']);
  });

  it('maps an item usage without an action to a DATA_ACCESS read of the item', () => {
    const event = eventAt(panther[1]);

    expect(event).toMatchObject({
      eventId: 'ecd1d435c26440dc930ddfbbef201a11',
      occurredAt: utcMicros(2022, 2, 23, 20, 27, 17, 71_000),
      action: 'item-usage',
      category: 'DATA_ACCESS',
      severity: 'INFO',
      actor: { id: '2222222', email: 'homer@springfield.gov' },
      target: { kind: 'item', id: 'ecd1d435c26440dc930ddfbbef201a11', name: null },
      description: 'Homer Simpson used item ecd1d435c26440dc930ddfbbef201a11 in vault 111111',
    });
  });

  it('flags an exported item as a DATA_ACCESS warning', () => {
    const usage = { ...(panther[1]?.value as Record<string, unknown>), action: 'export' };
    const event = eventAt({ position: 1, value: usage, raw: '' });

    expect([event.action, event.category, event.severity]).toEqual(['export', 'DATA_ACCESS', 'WARNING']);
  });
});

describe('1Password refusals', () => {
  it('refuses a record without a timestamp, naming the field', () => {
    expect(reasonFor({ uuid: 'u', action: 'create', object_type: 'vault', actor_uuid: 'a' })).toBe("field 'timestamp' is missing");
  });

  it('refuses a timestamp that is not a time, quoting it', () => {
    expect(reasonFor({ uuid: 'u', timestamp: 'now', action: 'create', object_type: 'vault', actor_uuid: 'a' })).toBe('field \'timestamp\' is not a timestamp: "now"');
  });

  it('refuses a record of none of the three families, naming what each needs', () => {
    expect(reasonFor({ uuid: 'u', timestamp: '2025-01-01T00:00:00Z' })).toMatch(/^not a 1Password event: an audit event needs 'action'/);
  });
});

describe('1Password robustness', () => {
  it('never throws on arbitrary JSON values', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const score = onePassword.recognise(value);
        expect(score >= 0 && score <= 1).toBe(true);
        onePassword.map(value, '');
      }),
    );
  });

  it('never throws on arbitrary objects', () => {
    fc.assert(fc.property(fc.object(), (value) => void (onePassword.recognise(value), onePassword.map(value, ''))));
  });

  it.skipIf(!HAVE_DATASETS)('never throws on a real event of each family with one field replaced by any JSON value', () => {
    const reals = [ndjson[0], panther[6], panther[1]].map((record) => record?.value as Record<string, unknown>);
    fc.assert(
      fc.property(
        fc.constantFrom(...reals).chain((real) => fc.tuple(fc.constant(real), fc.constantFrom(...Object.keys(real)), fc.jsonValue())),
        ([real, key, replacement]) => {
          const value = { ...real, [key]: replacement };
          onePassword.recognise(value);
          onePassword.map(value, '');
        },
      ),
    );
  });
});
