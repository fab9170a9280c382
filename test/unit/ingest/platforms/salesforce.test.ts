import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CanonicalEventInput } from '../../../../src-shared/event';
import { salesforce } from '../../../../src-main/engine/ingest/platforms/salesforce';
import { HAVE_DATASETS, eventOf, mapRecord, readDatasetRecords, utcMicros, type DatasetRecord } from './datasetRecords';

const FOLDER = 'salesforce_audit';
const setupCribl = HAVE_DATASETS ? readDatasetRecords(FOLDER, 'cribl_salesforce_zY1NlB.json') : [];
const setup = HAVE_DATASETS ? readDatasetRecords(FOLDER, 'salesforce_setupaudittrail_from_cribl_raw.ndjson') : [];
const loginCribl = HAVE_DATASETS ? readDatasetRecords(FOLDER, 'cribl_salesforce_Qvzlzu.json') : [];
const logins = HAVE_DATASETS ? readDatasetRecords(FOLDER, 'salesforce_loginhistory_from_cribl_raw.ndjson') : [];
const eventLog = HAVE_DATASETS ? readDatasetRecords(FOLDER, 'cribl_salesforce_BnBeUl.json') : [];

/** The event mapped from a sample record (an absent record fails the test with its reason). */
function eventAt(record: DatasetRecord | undefined): CanonicalEventInput {
  return eventOf(record === undefined ? { ok: false, reason: 'no such record in the sample' } : mapRecord(salesforce, record));
}

function reasonFor(value: unknown): string {
  const outcome = salesforce.map(value, JSON.stringify(value) ?? '');
  if (outcome.ok) throw new Error('expected a refusal');
  return outcome.reason;
}

describe.skipIf(!HAVE_DATASETS)('salesforce mapping over the shared samples', () => {
  it('reads 100 records from each of the five files, as SOURCE.txt states', () => {
    expect([setupCribl, setup, loginCribl, logins, eventLog].map((records) => records.length)).toEqual([100, 100, 100, 100, 100]);
  });

  it('maps every record of the five files', () => {
    const all = [...setupCribl, ...setup, ...loginCribl, ...logins, ...eventLog];
    expect(all.map((record) => mapRecord(salesforce, record)).filter((outcome) => !outcome.ok)).toEqual([]);
  });

  it('maps the Cribl samples and their extracted NDJSON to identical events', () => {
    expect(setupCribl.map((record) => mapRecord(salesforce, record))).toEqual(setup.map((record) => mapRecord(salesforce, record)));
    expect(loginCribl.map((record) => mapRecord(salesforce, record))).toEqual(logins.map((record) => mapRecord(salesforce, record)));
  });

  it('maps a SetupAuditTrail record to exact fields', () => {
    const event = eventAt(setup[0]);

    expect(event).toMatchObject({
      sourceId: 'salesforce',
      eventId: 'JJE8RgkVIRfY4ZTEdf',
      occurredAt: utcMicros(2025, 10, 2, 19, 29, 1),
      zoned: true,
      action: 'createdcustomersuccessuser',
      category: 'USER_MGMT',
      severity: 'INFO',
      outcome: 'unknown',
      actor: { kind: 'user', id: 'chXwBd6yO3Wy0w0lZw', name: null, email: null },
      description: 'Created new Customer User John Doe',
      data: { Section: 'Customer Portal', Display: 'Created new Customer User John Doe', DelegateUser: null },
    });
  });

  it('flags a changed federation id (the identity SSO signs a user in as) as a SECURITY warning about the user named', () => {
    const event = eventAt(setup.find((record) => record.raw.includes('"changedfederationid"')));

    expect([event.category, event.severity, event.target]).toEqual(['SECURITY', 'WARNING', { kind: 'user', id: 'yl1MVfNSVzasRd0', name: 'John Doe' }]);
  });

  it('names the user a "For user" setup change was about', () => {
    const event = eventAt(setup[1]);

    expect([event.action, event.category, event.target]).toEqual(['registeredUserPhoneNumber', 'AUTH', { kind: 'user', id: null, name: 'jdoe@acme.com' }]);
  });

  it('maps a LoginHistory "Invalid Password" row to a failed AUTH warning with exact fields', () => {
    const event = eventAt(logins.find((record) => record.raw.includes('"Id":"0mrtw2nwpJxMbCPpOZ"')));

    expect(event).toMatchObject({
      eventId: '0mrtw2nwpJxMbCPpOZ',
      occurredAt: utcMicros(2025, 9, 2, 20, 12, 11),
      zoned: true,
      action: 'Chatter Communities External User',
      category: 'AUTH',
      severity: 'WARNING',
      outcome: 'failure',
      actor: { kind: 'user', id: 'GjxQjpmGvYwzTK8Xdt', name: null, email: null },
      target: { kind: 'application', id: null, name: 'Browser' },
      context: { ip: '105.52.124.190', userAgent: 'Chrome 139; Windows 10', requestId: null, sessionId: null, geo: 'US' },
      description: 'Chatter Communities External User sign-in by user GjxQjpmGvYwzTK8Xdt to Browser: Invalid Password',
    });
  });

  it('maps a successful login to AUTH success', () => {
    const event = eventAt(logins[0]);

    expect([event.outcome, event.category, event.severity, event.actor.id]).toEqual(['success', 'AUTH', 'INFO', 'RU0Ptr9qZ7a0ZTuGYZ']);
  });

  it('maps an EventLogFile row from its parsed columns, preferring the ISO TIMESTAMP_DERIVED', () => {
    const event = eventAt(eventLog[0]);

    expect(event).toMatchObject({
      // REQUEST_ID is shared by every event of a transaction: the request id, not an event id.
      eventId: null,
      occurredAt: utcMicros(2025, 9, 18, 16, 0, 17, 614_000),
      zoned: true,
      action: 'ApexRestApi',
      category: 'API_ACCESS',
      severity: 'INFO',
      outcome: 'success',
      actor: { kind: 'user', id: 'BPC2JD7kmURu3bklSx' },
      target: { kind: 'uri', id: '/SBQQ/ServiceRouter', name: null },
      context: { ip: '116.173.180.222', userAgent: 'cribl', requestId: 'y1s4TANBkKn4IwfxyI6up3', sessionId: 'aSyFFO5HXnFtEnSD' },
      description: 'ApexRestApi PATCH /SBQQ/ServiceRouter',
    });
    expect(event.data).not.toHaveProperty('_raw');
  });

  it('reads the zone-less TIMESTAMP (yyyyMMddHHmmss.SSS) as UTC and flags it when TIMESTAMP_DERIVED is absent', () => {
    const { TIMESTAMP_DERIVED: _derived, ...row } = eventLog[0]?.value as Record<string, unknown>;
    const event = eventAt({ position: 1, value: row, raw: '' });

    expect([event.occurredAt, event.zoned]).toEqual([utcMicros(2025, 9, 18, 16, 0, 17, 614_000), false]);
  });

  it('reads a callout that never answered (STATUS_CODE -1) as a failure', () => {
    const event = eventAt(eventLog.find((record) => (record.value as Record<string, unknown>)['STATUS_CODE'] === '-1'));

    expect([event.action, event.outcome, event.severity, event.target]).toEqual(['ApexCallout', 'failure', 'WARNING', { kind: 'url', id: 'https://www.acme.com', name: null }]);
  });
});

describe('salesforce refusals', () => {
  it('refuses a SetupAuditTrail record whose CreatedDate is missing, naming the field', () => {
    expect(reasonFor({ attributes: { type: 'SetupAuditTrail' }, Id: '1', Action: 'x', Section: 'y' })).toBe("field 'CreatedDate' is missing");
  });

  it('refuses a LoginHistory record without a Status', () => {
    expect(reasonFor({ attributes: { type: 'LoginHistory' }, Id: '1', LoginTime: '2025-09-02T20:11:47.000+0000', UserId: 'u' })).toBe("field 'Status' is missing");
  });

  it('refuses an EventLogFile row whose time is unreadable, quoting it', () => {
    expect(reasonFor({ EVENT_TYPE: 'API', TIMESTAMP: 'late' })).toBe('field \'TIMESTAMP\' is not a timestamp: "late"');
  });

  it('refuses a record of none of the three kinds', () => {
    expect(reasonFor({ Name: 'Acme' })).toMatch(/^not a Salesforce record/);
  });
});

describe('salesforce robustness', () => {
  it('never throws on arbitrary JSON values', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const score = salesforce.recognise(value);
        expect(score >= 0 && score <= 1).toBe(true);
        salesforce.map(value, '');
      }),
    );
  });

  it('never throws on arbitrary objects', () => {
    fc.assert(fc.property(fc.object(), (value) => void (salesforce.recognise(value), salesforce.map(value, ''))));
  });

  it.skipIf(!HAVE_DATASETS)('never throws on a real record of each kind with one field replaced by any JSON value', () => {
    const reals = [setup[0], logins[0], eventLog[0]].map((record) => record?.value as Record<string, unknown>);
    fc.assert(
      fc.property(
        fc.constantFrom(...reals).chain((real) => fc.tuple(fc.constant(real), fc.constantFrom(...Object.keys(real)), fc.jsonValue())),
        ([real, key, replacement]) => {
          const value = { ...real, [key]: replacement };
          salesforce.recognise(value);
          salesforce.map(value, '');
        },
      ),
    );
  });
});
