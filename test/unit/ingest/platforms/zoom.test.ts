import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CanonicalEventInput } from '../../../../src-shared/event';
import { zoom } from '../../../../src-main/engine/ingest/platforms/zoom';
import { HAVE_DATASETS, eventOf, mapRecord, readDatasetRecords, utcMicros, type DatasetRecord } from './datasetRecords';

const records = HAVE_DATASETS ? readDatasetRecords('zoom_operation_logs', 'panther_zoom_tests.ndjson') : [];

/** The event mapped from a sample record (an absent record fails the test with its reason). */
function eventAt(record: DatasetRecord | undefined): CanonicalEventInput {
  return eventOf(record === undefined ? { ok: false, reason: 'no such record in the sample' } : mapRecord(zoom, record));
}

function reasonFor(value: unknown): string {
  const outcome = zoom.map(value, JSON.stringify(value) ?? '');
  if (outcome.ok) throw new Error('expected a refusal');
  return outcome.reason;
}

function byDetail(fragment: string): (typeof records)[number] | undefined {
  return records.find((record) => record.raw.includes(fragment));
}

describe.skipIf(!HAVE_DATASETS)('zoom mapping over the shared samples', () => {
  it('reads the 25 records SOURCE.txt states', () => {
    expect(records).toHaveLength(25);
  });

  it('maps every record except the two fixtures without a time, which are refused naming the field', () => {
    const refused = records
      .map((record) => ({ line: record.position, outcome: mapRecord(zoom, record) }))
      .filter(({ outcome }) => !outcome.ok)
      .map(({ line, outcome }) => [line, outcome.ok ? '' : outcome.reason]);

    expect(refused).toEqual([
      [1, "field 'time' is missing"],
      [5, "field 'time' is missing"],
    ]);
  });

  it('maps account-wide two-factor sign-in turned off to a CRITICAL security event with exact fields', () => {
    const event = eventAt(byDetail('Two-Factor Authentication: from On to Off'));

    expect(event).toMatchObject({
      sourceId: 'zoom',
      eventId: null,
      occurredAt: utcMicros(2022, 12, 16, 18, 20, 35),
      zoned: false,
      action: 'Account: Update',
      category: 'SECURITY',
      severity: 'CRITICAL',
      outcome: 'unknown',
      actor: { kind: 'user', id: 'example@example.io', name: null, email: 'example@example.io' },
      target: { kind: 'account setting', id: null, name: 'Security' },
      description: 'Account: Update by example@example.io: Security - Sign in with Two-Factor Authentication: from On to Off',
    });
  });

  it('keeps two-factor sign-in turned on as an informational security change', () => {
    expect(eventAt(byDetail('Two-Factor Authentication: from Off to On')).severity).toBe('INFO');
  });

  it('flags a weakened meeting passcode rule as a SECURITY warning', () => {
    const event = eventAt(byDetail('Require a passcode when scheduling new meetings: from On to Off'));

    expect([event.category, event.severity]).toEqual(['SECURITY', 'WARNING']);
  });

  it('maps a role change to Co-Owner to a PERMISSION warning about the user named in the detail', () => {
    const event = eventAt(byDetail('from User to Co-Owner'));

    expect(event).toMatchObject({ action: 'User: Batch Update', category: 'PERMISSION', severity: 'WARNING', target: { kind: 'user', name: 'homer.simpson@duff.io' } });
  });

  it('reads a time with a Z as zoned and names the group edited', () => {
    const event = eventAt(byDetail('Add Group Engineers'));

    expect(event).toMatchObject({ occurredAt: utcMicros(2021, 11, 17, 0, 37, 24), zoned: true, category: 'USER_MGMT', target: { kind: 'group', name: 'Engineers' } });
  });

  it('maps a sign-in activity record to AUTH with its client and address', () => {
    const event = eventAt(byDetail('"Sign in"'));

    expect(event).toMatchObject({
      action: 'Sign in',
      category: 'AUTH',
      severity: 'INFO',
      occurredAt: utcMicros(2023, 8, 14, 16, 17, 5),
      actor: { kind: 'user', id: 'dude.lightbulb@example.co', email: 'dude.lightbulb@example.co' },
      context: { ip: '1.1.1.1', userAgent: 'mac 5.15.7.21404' },
      description: 'Sign in by dude.lightbulb@example.co (mac 5.15.7.21404)',
    });
  });
});

describe('zoom refusals', () => {
  it('refuses an operation without an operator, naming the field', () => {
    expect(reasonFor({ action: 'Update', category_type: 'Account', operation_detail: 'x', time: '2022-12-16 18:20:35' })).toBe("field 'operator' is missing");
  });

  it('refuses a time that is not a time, quoting it', () => {
    expect(reasonFor({ action: 'Update', operator: 'a@b.io', category_type: 'Account', time: 'noon' })).toBe('field \'time\' is not a timestamp: "noon"');
  });

  it('refuses a value that is not an object', () => {
    expect(reasonFor(null)).toBe('record is not a JSON object (got null)');
  });
});

describe('zoom robustness', () => {
  it('never throws on arbitrary JSON values', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const score = zoom.recognise(value);
        expect(score >= 0 && score <= 1).toBe(true);
        zoom.map(value, '');
      }),
    );
  });

  it('never throws on arbitrary objects', () => {
    fc.assert(fc.property(fc.object(), (value) => void (zoom.recognise(value), zoom.map(value, ''))));
  });

  it.skipIf(!HAVE_DATASETS)('never throws on a real record of each kind with one field replaced by any JSON value', () => {
    const reals = [byDetail('Two-Factor'), byDetail('"Sign in"')].map((record) => record?.value as Record<string, unknown>);
    fc.assert(
      fc.property(
        fc.constantFrom(...reals).chain((real) => fc.tuple(fc.constant(real), fc.constantFrom(...Object.keys(real)), fc.jsonValue())),
        ([real, key, replacement]) => {
          const value = { ...real, [key]: replacement };
          zoom.recognise(value);
          zoom.map(value, '');
        },
      ),
    );
  });
});
