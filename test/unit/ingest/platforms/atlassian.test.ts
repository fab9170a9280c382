import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CanonicalEventInput } from '../../../../src-shared/event';
import { atlassian } from '../../../../src-main/engine/ingest/platforms/atlassian';
import { HAVE_DATASETS, eventOf, mapRecord, readDatasetRecords, utcMicros, type DatasetRecord } from './datasetRecords';

const FOLDER = 'atlassian_audit';
const confluence = HAVE_DATASETS ? readDatasetRecords(FOLDER, 'elastic_atlassian_confluence_test-audit-cloud.log') : [];
const organization = HAVE_DATASETS ? readDatasetRecords(FOLDER, 'panther_atlassian_audit_tests.ndjson') : [];

/** The event mapped from a sample record (an absent record fails the test with its reason). */
function eventAt(record: DatasetRecord | undefined): CanonicalEventInput {
  return eventOf(record === undefined ? { ok: false, reason: 'no such record in the sample' } : mapRecord(atlassian, record));
}

function reasonFor(value: unknown): string {
  const outcome = atlassian.map(value, JSON.stringify(value) ?? '');
  if (outcome.ok) throw new Error('expected a refusal');
  return outcome.reason;
}

describe.skipIf(!HAVE_DATASETS)('atlassian mapping over the shared samples', () => {
  it('reads the record counts SOURCE.txt states', () => {
    expect([confluence.length, organization.length]).toEqual([37, 2]);
  });

  it('maps every record of both files', () => {
    const refusals = [...confluence, ...organization].map((record) => mapRecord(atlassian, record)).filter((outcome) => !outcome.ok);
    expect(refusals).toEqual([]);
  });

  it('maps a Confluence record to exact fields, with no event id', () => {
    const event = eventAt(confluence[0]);

    expect(event).toMatchObject({
      sourceId: 'atlassian',
      eventId: null,
      occurredAt: utcMicros(2022, 1, 25, 7, 51, 51, 962_000),
      zoned: true,
      action: 'Space logo uploaded',
      category: 'DATA_MODIFY',
      severity: 'INFO',
      outcome: 'unknown',
      actor: { kind: 'user', id: 'df856b17d84fcf010f11fcfcc6be4267', name: 'John Jacobs', email: null },
      target: { kind: 'Space', id: null, name: 'Service Catalogue' },
      context: { ip: '81.2.69.143', userAgent: null, requestId: null, sessionId: null, geo: null },
      description: 'John Jacobs: Space logo uploaded: Service Catalogue',
    });
  });

  it('maps the id-less "System" author to the system actor and a group membership to PERMISSION', () => {
    const event = eventAt(confluence[7]);

    expect(event).toMatchObject({
      occurredAt: utcMicros(2022, 1, 18, 8, 43, 3, 45_000),
      actor: { kind: 'system', id: null, name: 'System', email: null },
      action: 'User added to group',
      category: 'PERMISSION',
      target: { kind: 'Group', name: 'jira-software-users:b8d81944-e737-4da0-94ca-165fa5c0635c' },
      description: 'System: User added to group: jira-software-users:b8d81944-e737-4da0-94ca-165fa5c0635c (ASP)',
    });
  });

  it('keeps the changed values as the event data', () => {
    const event = eventAt(confluence.find((record) => record.raw.includes('"Page archived"')));

    expect(event.data).toMatchObject({ category: 'Page', changedValues: [{ name: 'Content status', oldValue: 'current', newValue: 'archived', hiddenOldValue: '', hiddenNewValue: '' }] });
  });

  it('maps an organization "logged in as user" event to a SECURITY warning with exact fields', () => {
    const event = eventAt(organization[0]);

    expect(event).toMatchObject({
      eventId: '2508d209-3336-4763-89a0-aceaf1322fcf',
      occurredAt: utcMicros(2022, 12, 15, 0, 35, 15, 890_000),
      zoned: true,
      action: 'user_logged_in_as_user',
      category: 'SECURITY',
      severity: 'WARNING',
      outcome: 'unknown',
      actor: { kind: 'user', id: '1234567890abcdefghijklmn', name: 'Example Admin', email: 'example.admin@example.com' },
      target: { kind: 'users', id: null, name: 'example.user@example.io' },
      description: 'Logged in as example.user@example.io',
    });
  });

  it('maps an organization user_login to AUTH', () => {
    expect(eventAt(organization[1]).category).toBe('AUTH');
  });
});

describe('atlassian refusals', () => {
  it('refuses a Confluence record without a summary, naming the field', () => {
    expect(reasonFor({ creationDate: 1643097111962, author: { displayName: 'A' } })).toBe("field 'summary' is missing");
  });

  it('refuses a Confluence record whose creationDate is not a time', () => {
    expect(reasonFor({ summary: 'Space created', creationDate: 'Tuesday', author: {} })).toBe('field \'creationDate\' is not a timestamp: "Tuesday"');
  });

  it('refuses an organization event whose time is missing', () => {
    expect(reasonFor({ id: 'x', attributes: { action: 'user_login', time: null } })).toBe("field 'attributes.time' is missing");
  });

  it('refuses a record of neither family', () => {
    expect(reasonFor({ hello: 'world' })).toMatch(/^not an Atlassian audit record/);
  });
});

describe('atlassian robustness', () => {
  it('never throws on arbitrary JSON values', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const score = atlassian.recognise(value);
        expect(score >= 0 && score <= 1).toBe(true);
        atlassian.map(value, '');
      }),
    );
  });

  it('never throws on arbitrary objects', () => {
    fc.assert(fc.property(fc.object(), (value) => void (atlassian.recognise(value), atlassian.map(value, ''))));
  });

  it.skipIf(!HAVE_DATASETS)('never throws on a real record of each family with one field replaced by any JSON value', () => {
    const reals = [confluence[7], organization[0]].map((record) => record?.value as Record<string, unknown>);
    fc.assert(
      fc.property(
        fc.constantFrom(...reals).chain((real) => fc.tuple(fc.constant(real), fc.constantFrom(...Object.keys(real)), fc.jsonValue())),
        ([real, key, replacement]) => {
          const value = { ...real, [key]: replacement };
          atlassian.recognise(value);
          atlassian.map(value, '');
        },
      ),
    );
  });
});
