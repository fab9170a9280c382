import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CanonicalEventInput } from '../../../../src-shared/event';
import { slack } from '../../../../src-main/engine/ingest/platforms/slack';
import { HAVE_DATASETS, eventOf, mapRecord, readDatasetRecords, utcMicros, type DatasetRecord } from './datasetRecords';

const FOLDER = 'slack_audit';
const elastic = HAVE_DATASETS ? readDatasetRecords(FOLDER, 'elastic_slack_test-audit.log') : [];
const panther = HAVE_DATASETS ? readDatasetRecords(FOLDER, 'panther_slack_auditlogs_tests.ndjson') : [];

/** The event mapped from a sample record (an absent record fails the test with its reason). */
function eventAt(record: DatasetRecord | undefined): CanonicalEventInput {
  return eventOf(record === undefined ? { ok: false, reason: 'no such record in the sample' } : mapRecord(slack, record));
}

function reasonFor(value: unknown): string {
  const outcome = slack.map(value, JSON.stringify(value) ?? '');
  if (outcome.ok) throw new Error('expected a refusal');
  return outcome.reason;
}

describe.skipIf(!HAVE_DATASETS)('slack mapping over the shared samples', () => {
  it('reads the record counts SOURCE.txt states', () => {
    expect(elastic).toHaveLength(4);
    expect(panther).toHaveLength(44);
  });

  it('maps every record of the elastic API sample', () => {
    expect(elastic.map((record) => mapRecord(slack, record).ok)).toEqual([true, true, true, true]);
  });

  it('maps the Panther fixtures that carry date_create and refuses the 29 that omit it, naming the field', () => {
    const outcomes = panther.map((record) => mapRecord(slack, record));
    const refused = outcomes.filter((outcome) => !outcome.ok);
    expect(outcomes.length - refused.length).toBe(15);
    expect(new Set(refused.map((outcome) => (outcome.ok ? '' : outcome.reason)))).toEqual(new Set(["field 'date_create' is missing"]));
    expect(refused).toHaveLength(29);
  });

  it("maps the API documentation's user_login entry to exact fields", () => {
    const event = eventAt(elastic[0]);

    expect(event).toMatchObject({
      sourceId: 'slack',
      eventId: '0123a45b-6c7d-8900-e12f-3456789gh0i1',
      occurredAt: utcMicros(2018, 3, 16, 15, 32, 23),
      zoned: true,
      action: 'user_login',
      category: 'AUTH',
      severity: 'INFO',
      outcome: 'unknown',
      actor: { kind: 'user', id: 'W123AB456', name: 'Charlie Parker', email: 'bird@slack.com' },
      target: { kind: 'user', id: 'W123AB456', name: 'Charlie Parker' },
      context: {
        ip: '81.2.69.143',
        userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_12_6) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/64.0.3282.186 Safari/537.36',
        requestId: null,
        sessionId: null,
        geo: null,
      },
      description: 'Charlie Parker: user login (user Charlie Parker)',
      raw: elastic[0]?.raw,
    });
  });

  it('flags an anomaly as a SECURITY warning with its reasons and location', () => {
    const event = eventAt(elastic[3]);

    expect(event.category).toBe('SECURITY');
    expect(event.severity).toBe('WARNING');
    expect(event.occurredAt).toBe(utcMicros(2023, 1, 13, 17, 38, 51));
    expect(event.context.geo).toBe('England, GB');
    expect(event.description).toBe('roy: anomaly (user Joe Bob); reasons: asn, ip_address');
    expect(event.data).toEqual({ action_timestamp: 1673631621862, location: 'England, GB', previous_ip_address: '175.16.199.64', previous_ua: '', reason: ['asn', 'ip_address'] });
  });

  it('keeps a numeric session id as text and names the downloaded file', () => {
    const event = eventAt(elastic[2]);

    expect(event.action).toBe('file_downloaded');
    expect(event.category).toBe('FILE_OPS');
    expect(event.context.sessionId).toBe('913888259765');
    expect(event.target).toEqual({ kind: 'file', id: '7edc4c42-f925-47af-979a-22c10e1fefed', name: 'image.png' });
  });

  it('reads a Panther zone-less date_create as UTC and flags it', () => {
    const event = eventAt(panther.find((record) => record.raw.includes('"role_change_to_admin"') && record.raw.includes('date_create')));

    expect(event).toMatchObject({
      eventId: '1ad8fa51-f18e-450a-8e18-cfe31278be96',
      occurredAt: utcMicros(2023, 2, 24, 18, 33, 21),
      zoned: false,
      category: 'PERMISSION',
      severity: 'WARNING',
      actor: { kind: 'user', id: 'W015MH5MPGE', name: 'primary-owner', email: 'slack-enterprise-example@example.io' },
      target: { kind: 'user', id: 'U04R70MM40K', name: 'Example Account' },
    });
  });

  it('classifies SSO identity-provider changes as SECURITY warnings', () => {
    const event = eventAt(panther.find((record) => record.raw.includes('"idp_configuration_deleted"')));

    expect(event).toMatchObject({ category: 'SECURITY', severity: 'WARNING', eventId: null, target: { kind: null, id: null, name: null } });
  });
});

describe('slack refusals', () => {
  const base = { id: 'e1', date_create: 1521214343, action: 'user_login', actor: { type: 'user', user: { id: 'U1' } } };

  it('refuses a record without action, naming the field', () => {
    expect(reasonFor({ ...base, action: undefined })).toBe("field 'action' is missing");
  });

  it('refuses a date_create that is not a time, quoting it', () => {
    expect(reasonFor({ ...base, date_create: 'yesterday' })).toBe('field \'date_create\' is not a timestamp: "yesterday"');
  });

  it('refuses a value that is not an object', () => {
    expect(reasonFor([base])).toBe('record is not a JSON object (got an array)');
  });

  it('maps an entry without an actor to the Slack system actor', () => {
    const outcome = slack.map({ ...base, actor: undefined }, '{}');
    expect(outcome.ok && 'event' in outcome ? outcome.event.actor : null).toEqual({ kind: 'system', id: null, name: 'Slack', email: null });
  });
});

describe('slack robustness', () => {
  it('never throws on arbitrary JSON values', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const score = slack.recognise(value);
        expect(score).toBeGreaterThanOrEqual(0);
        expect(score).toBeLessThanOrEqual(1);
        const outcome = slack.map(value, JSON.stringify(value) ?? '');
        if (!outcome.ok) expect(outcome.reason).not.toBe('');
      }),
    );
  });

  it('never throws on arbitrary objects', () => {
    fc.assert(fc.property(fc.object(), (value) => void (slack.recognise(value), slack.map(value, '{}'))));
  });

  it.skipIf(!HAVE_DATASETS)('never throws on a real entry with one field replaced by any JSON value', () => {
    const real = elastic[0]?.value as Record<string, unknown>;
    fc.assert(
      fc.property(fc.constantFrom(...Object.keys(real)), fc.jsonValue(), (key, replacement) => {
        const value = { ...real, [key]: replacement };
        slack.recognise(value);
        slack.map(value, '{}');
      }),
    );
  });
});
