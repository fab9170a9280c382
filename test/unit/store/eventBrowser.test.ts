import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATEGORIES, OUTCOMES, SEVERITIES } from '../../../src-shared/event';
import type { EventFilter } from '../../../src-shared/query';
import { formatMicros } from '../../../src-shared/time';
import { EventBrowser } from '../../../src-main/engine/store/eventBrowser';
import { pageEvents } from '../../../src-main/engine/store/eventQueries';
import { filterToSql } from '../../../src-main/engine/store/filterSql';
import { catchUpSearchIndex } from '../../../src-main/engine/store/eventIndexes';
import type { Db } from '../../../src-main/engine/store/database';
import {
  ACTIONS,
  DATASET_START,
  DAY,
  HOUR,
  SOURCES,
  generateEvents,
  idOfUid,
  insertEvents,
  matchesFilter,
  openDatasetDb,
  ordered,
  type TestEvent,
} from '../../support/browseDataset';

const isoAt = (micros: number) => formatMicros(micros);

const FIELD_VALUES = {
  categories: fc.subarray([...CATEGORIES], { minLength: 1, maxLength: 4 }),
  severities: fc.subarray([...SEVERITIES], { minLength: 1 }),
  minSeverity: fc.constantFrom(...SEVERITIES),
  outcomes: fc.subarray([...OUTCOMES], { minLength: 1, maxLength: 2 }),
  actions: fc.subarray(ACTIONS, { minLength: 1, maxLength: 3 }),
  sources: fc.subarray([...SOURCES, 'nowhere'], { minLength: 1, maxLength: 2 }),
  actor: fc.constantFrom('usr_1', 'Alice M.', 'ALICE@example.com', 'alice@EXAMPLE.com', 'carol@example.com', 'Carol Vance', 'svc_backup', 'usr_4', 'nobody'),
  target: fc.constantFrom('fil_1', 'budget.xlsx', 'ses_9f3a', 'Bob Stone', 'usr_2', 'Budget copy', 'logs', 'missing'),
  ip: fc.constantFrom('10.0.0.1', '10.0.', '10.', '2001:db8:', '2001:db8::1', '192.168.1.20', '172.'),
  search: fc.constantFrom('budget', 'bud*', 'alpha beta', 'report', 'signed', 'usr', 'xlsx', 'alice', 'nothing', 'in failed', '***'),
  from: fc.integer({ min: -1, max: 5 * 24 }).map((h) => isoAt(DATASET_START + h * HOUR)),
  to: fc.integer({ min: 0, max: 6 * 24 }).map((h) => isoAt(DATASET_START + h * HOUR)),
};

/** One to three filter fields at a time (more would match nothing), every field reachable. */
const filterArbitrary: fc.Arbitrary<EventFilter> = fc
  .subarray(Object.keys(FIELD_VALUES) as (keyof typeof FIELD_VALUES)[], { minLength: 0, maxLength: 3 })
  .chain((fields) => fc.record(Object.fromEntries(fields.map((f) => [f, FIELD_VALUES[f]])) as { [K in keyof typeof FIELD_VALUES]: (typeof FIELD_VALUES)[K] }) as fc.Arbitrary<EventFilter>);

function expectedIds(events: readonly TestEvent[], filter: EventFilter, order: 'desc' | 'asc', searchableThrough = Infinity): number[] {
  return ordered(
    events.filter((e) => matchesFilter(e, filter, searchableThrough)),
    order,
  ).map((e) => e.id);
}

describe('event browser: count, windows and pages against a brute-force reading of the filter', () => {
  let db: Db;
  let cleanup: () => void;
  const events = generateEvents(7, 700);

  beforeAll(async () => {
    ({ db, cleanup } = openDatasetDb());
    await insertEvents(db, events);
  });
  afterAll(() => cleanup());

  it('counts exactly and returns the same rows as the reference WHERE clause, for any filter', () => {
    fc.assert(
      fc.property(filterArbitrary, (filter) => {
        const browser = new EventBrowser(db, 5);
        const expected = expectedIds(events, filter, 'desc');
        expect(browser.count(filter)).toBe(expected.length);
        const where = filterToSql(filter);
        const reference = db.prepare(`SELECT id FROM events WHERE ${where.clause} ORDER BY occurred_at DESC, id DESC`).pluck().all(...where.params);
        expect(reference).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('answers window(offset) with that slice of the full ordered listing, in both orders, across checkpoints', () => {
    fc.assert(
      fc.property(filterArbitrary, fc.constantFrom<'desc' | 'asc'>('desc', 'asc'), fc.array(fc.nat({ max: 720 }), { minLength: 1, maxLength: 6 }), fc.integer({ min: 1, max: 25 }), (filter, order, offsets, limit) => {
        const browser = new EventBrowser(db, 7);
        const expected = expectedIds(events, filter, order);
        for (const offset of offsets.map((o) => o % (expected.length + 3))) {
          const window = browser.window(filter, order, offset, limit);
          expect(window.rows.map((r) => idOfUid(r.uid))).toEqual(expected.slice(offset, offset + limit));
        }
      }),
      { numRuns: 250 },
    );
  });

  it('pages with a keyset cursor through every row once, in both orders', () => {
    fc.assert(
      fc.property(filterArbitrary, fc.constantFrom<'desc' | 'asc'>('desc', 'asc'), fc.integer({ min: 1, max: 40 }), (filter, order, limit) => {
        const seen: number[] = [];
        let after = null;
        for (;;) {
          const page = pageEvents(db, filter, limit, after, order);
          seen.push(...page.rows.map((r) => idOfUid(r.uid)));
          if (!page.next) break;
          after = page.next;
        }
        expect(seen).toEqual(expectedIds(events, filter, order));
      }),
      { numRuns: 150 },
    );
  });
});

describe('event browser: cached counts and checkpoints follow the events', () => {
  it('answers from the new events after an import adds rows before, between and after the cached ones', async () => {
    const { db, cleanup } = openDatasetDb();
    try {
      const first = generateEvents(11, 400);
      await insertEvents(db, first);
      const browser = new EventBrowser(db, 6);
      const filters: EventFilter[] = [{}, { categories: ['AUTH', 'SECURITY', 'DATA_ACCESS'] }, { actor: 'alice@example.com' }, { search: 'budget' }, { minSeverity: 'WARNING', ip: '10.' }];
      const check = (all: TestEvent[], searchableThrough = Infinity) => {
        for (const filter of filters) {
          for (const order of ['desc', 'asc'] as const) {
            const expected = expectedIds(all, filter, order, searchableThrough);
            expect(browser.count(filter)).toBe(expected.length);
            for (const offset of [0, 5, 37, Math.max(0, expected.length - 3)]) {
              expect(browser.window(filter, order, offset, 10).rows.map((r) => idOfUid(r.uid))).toEqual(expected.slice(offset, offset + 10));
            }
          }
        }
      };
      check(first);
      // Older, interleaved and newer times than the cached events; not yet searchable.
      const second = generateEvents(12, 300, { startId: 401, start: DATASET_START - DAY, days: 7 });
      await insertEvents(db, second, { search: false });
      check([...first, ...second], 400);
      await catchUpSearchIndex(db);
      check([...first, ...second]);
    } finally {
      cleanup();
    }
  });

  it('returns no rows past the end and an empty result for a filter nothing matches', async () => {
    const { db, cleanup } = openDatasetDb();
    try {
      await insertEvents(db, generateEvents(3, 50));
      const browser = new EventBrowser(db, 4);
      expect(browser.window({}, 'desc', 500, 10).rows).toEqual([]);
      expect(browser.count({ sources: ['nowhere'] })).toBe(0);
      expect(browser.window({ actor: 'nobody' }, 'asc', 0, 10).rows).toEqual([]);
      expect(browser.count({ severities: ['INFO'], minSeverity: 'ERROR' })).toBe(0);
    } finally {
      cleanup();
    }
  });
});
