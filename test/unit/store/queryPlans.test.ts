import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventFilter } from '../../../src-shared/query';
import { armSelect, keysQuery, planContext, planFilter, type KeysWindow } from '../../../src-main/engine/store/filterPlan';
import { normalizeFilter } from '../../../src-main/engine/store/filterSql';
import type { Db } from '../../../src-main/engine/store/database';
import { generateEvents, insertEvents, openDatasetDb } from '../../support/browseDataset';

/** The bench's representative filters (test/bench/bench.ts, --only browse), and the other fields. */
const REPRESENTATIVE: [string, EventFilter][] = [
  ['none', {}],
  ['one category', { categories: ['SECURITY'] }],
  ['two categories', { categories: ['SECURITY', 'PERMISSION'] }],
  ['min severity ERROR', { minSeverity: 'ERROR' }],
  ['one action', { actions: ['role.assigned'] }],
  ['one actor', { actor: 'alice@example.com' }],
  ['outcome failure', { outcomes: ['failure'] }],
  ['a week', { from: '2026-03-01', to: '2026-03-07' }],
  ['category + severity', { categories: ['SECURITY'], minSeverity: 'ERROR' }],
  ['source', { sources: ['okta'] }],
  ['ip prefix', { ip: '10.0.' }],
  ['target', { target: 'budget.xlsx' }],
  ['search', { search: 'budget' }],
  ['search + category', { search: 'alpha', categories: ['AUTH', 'FILE_OPS'] }],
];

function planDetails(db: Db, sql: string, params: unknown[]): string[] {
  return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail);
}

/**
 * A full scan of the events table: "SCAN e" inside an index's view, or "SCAN events" where an
 * arm reads events itself ("events" is also the alias of an index's own table, walked in order).
 */
function fullScan(sql: string, details: string[]): boolean {
  const joined = details.join(' | ');
  return /\bSCAN e\b(?! USING)/.test(joined) || (/\bSCAN events\b(?! USING)/.test(joined) && /FROM events (NOT INDEXED )?WHERE/.test(sql));
}
/** A row lookup by an index's view (the index did not cover the query). */
const ROW_LOOKUP = /\bSEARCH e USING INTEGER PRIMARY KEY/;

describe('query plans of the browser', () => {
  let db: Db;
  let cleanup: () => void;

  beforeAll(async () => {
    ({ db, cleanup } = openDatasetDb());
    await insertEvents(db, generateEvents(5, 2000));
  });
  afterAll(() => cleanup());

  it.each(REPRESENTATIVE)('%s: first window, a window from a checkpoint and the count never scan the events table', (_name, filter) => {
    const plan = planFilter(planContext(db), normalizeFilter(filter));
    expect(plan.arms.length).toBeGreaterThan(0);
    const windows: KeysWindow[] = [
      { order: 'desc', bound: null, offset: 0, limit: 100, firstRows: true },
      { order: 'asc', bound: { key: { at: 1_772_400_000_000_000, id: 1000 }, inclusive: true }, offset: 5000, limit: 100, firstRows: false },
    ];
    for (const window of windows) {
      const query = keysQuery(plan, window);
      expect(query).not.toBeNull();
      expect(fullScan(query!.clause, planDetails(db, query!.clause, query!.params))).toBe(false);
    }
    for (const arm of plan.arms) {
      const count = armSelect(arm, 'count(*)', 'desc', null, false);
      expect(fullScan(count.clause, planDetails(db, count.clause, count.params))).toBe(false);
    }
  });

  it('walks the facet index without reading rows for the low-cardinality fields', () => {
    const plan = planFilter(planContext(db), normalizeFilter({ categories: ['SECURITY'], minSeverity: 'ERROR', outcomes: ['failure', 'denied'] }));
    const query = keysQuery(plan, { order: 'desc', bound: null, offset: 0, limit: 100, firstRows: true });
    const details = planDetails(db, query!.clause, query!.params).join(' | ');
    expect(query!.clause).toContain('FROM ix_facet AS events');
    expect(details).toMatch(/SEARCH events USING PRIMARY KEY \(source_id=\? AND severity=\?/);
    expect(details).not.toMatch(ROW_LOOKUP);
  });

  it('walks the actor index for an actor given by email', () => {
    const plan = planFilter(planContext(db), normalizeFilter({ actor: 'bob@example.com' }));
    const query = keysQuery(plan, { order: 'desc', bound: null, offset: 0, limit: 100, firstRows: true });
    const details = planDetails(db, query!.clause, query!.params).join(' | ');
    expect(query!.clause).toContain('FROM ix_actor AS events');
    expect(details).toMatch(/SEARCH events USING PRIMARY KEY \(actor_id=\?\)/);
    expect(details).not.toMatch(ROW_LOOKUP);
  });
});
