import { afterEach, describe, expect, it } from 'vitest';
import type { JobControl } from '../../../src-main/engine/jobs/jobRunner';
import type { JobProgress } from '../../../src-shared/jobs';
import type { Db } from '../../../src-main/engine/store/database';
import { listActivity } from '../../../src-main/engine/activity/activityLog';
import { SECONDARY_INDEXES, dropSecondaryIndexes, ftsWatermark, presentSecondaryIndexes } from '../../../src-main/engine/store/eventIndexes';
import { rollupWatermark } from '../../../src-main/engine/store/rollups';
import { needsRepair, repairIndexes } from '../../../src-main/engine/workspace/repairIndexes';
import { generateEvents, insertEvents, openDatasetDb } from '../../support/browseDataset';
import { expected, stored } from '../../support/indexTables';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/** What a kill during a bulk import leaves: every trigger dropped, the last batch not yet searchable. */
async function crashed(): Promise<Db> {
  const { db, cleanup } = openDatasetDb();
  cleanups.push(cleanup);
  await insertEvents(db, generateEvents(21, 400));
  dropSecondaryIndexes(db);
  await insertEvents(db, generateEvents(22, 300, { startId: 401 }), { search: false });
  return db;
}

function control(onProgress: (progress: Partial<JobProgress>, signal: AbortController) => void = () => {}) {
  const abort = new AbortController();
  const seen: Partial<JobProgress>[] = [];
  const value: JobControl = {
    signal: abort.signal,
    progress: (update) => {
      seen.push(update);
      onProgress(update, abort);
    },
  };
  return { control: value, seen };
}

const searchable = (db: Db, word: string) => db.prepare('SELECT count(*) FROM events_fts WHERE events_fts MATCH ?').pluck().get(word) as number;

describe('the repair of what a crash left behind', () => {
  it('catches the search index up first, rebuilds every missing browse index, and records it', async () => {
    const db = await crashed();
    expect(needsRepair(db)).toBe(true);
    expect(ftsWatermark(db)).toBe(400);
    const { control: c, seen } = control();
    const result = await repairIndexes(db, c);
    expect(result).toEqual({ indexes: SECONDARY_INDEXES.map((index) => index.name), searchable: 300, complete: true });
    expect(seen.filter((p) => p.phase !== undefined).map((p) => p.detail)).toEqual(['search index', 'browse indexes', 'dashboard rollups']);
    for (const index of SECONDARY_INDEXES) expect(stored(db, index), index.table).toEqual(expected(db, index));
    expect(ftsWatermark(db)).toBe(700);
    expect(rollupWatermark(db)).toBe(700);
    // Every event is found by its words again, the last 300 included.
    const all = db.prepare('SELECT description FROM events').pluck().all() as string[];
    const word = all[all.length - 1]!.split(' ').at(-1)!;
    expect(searchable(db, word)).toBe(all.filter((d) => d.split(' ').includes(word)).length);
    const entries = listActivity(db, 10).entries.filter((e) => e.action === 'indexes.rebuilt');
    expect(entries.map((e) => e.details)).toEqual([{ indexes: SECONDARY_INDEXES.map((index) => index.name) }]);
    expect(needsRepair(db)).toBe(false);
  });

  it('cancelled during the index build: what was put in place stays and is recorded, the rest is left for the next open', async () => {
    const db = await crashed();
    const { control: c } = control((p, abort) => {
      if (p.detail?.startsWith('browse indexes: 1 of')) abort.abort();
    });
    const first = await repairIndexes(db, c);
    expect(first).toEqual({ indexes: ['events_time'], searchable: 300, complete: false });
    expect([...presentSecondaryIndexes(db)]).toEqual(['events_time']);
    expect(needsRepair(db)).toBe(true);
    expect(listActivity(db, 10).entries.filter((e) => e.action === 'indexes.rebuilt').map((e) => e.details)).toEqual([{ indexes: ['events_time'] }]);
    const second = await repairIndexes(db, control().control);
    expect(second).toEqual({ indexes: SECONDARY_INDEXES.slice(1).map((index) => index.name), searchable: 0, complete: true });
    for (const index of SECONDARY_INDEXES) expect(stored(db, index), index.table).toEqual(expected(db, index));
  });

  it('cancelled before it starts, it touches nothing', async () => {
    const db = await crashed();
    const { control: c, seen } = control();
    const abort = new AbortController();
    abort.abort();
    expect(await repairIndexes(db, { ...c, signal: abort.signal })).toEqual({ indexes: [], searchable: 0, complete: false });
    expect(seen).toEqual([]);
    expect(ftsWatermark(db)).toBe(400);
    expect(presentSecondaryIndexes(db).size).toBe(0);
  });
});
