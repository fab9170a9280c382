import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../src-main/engine/store/database';
import { SECONDARY_INDEXES, buildSecondaryIndexes, dropSecondaryIndexes, ftsWatermark, refreshSearchIndex } from '../../../src-main/engine/store/eventIndexes';
import { generateEvents, insertEvents, openDatasetDb } from '../../support/browseDataset';

function presentIndexes(db: Db): string[] {
  const names = new Set((db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events'").all() as { name: string }[]).map((r) => r.name));
  return SECONDARY_INDEXES.map((index) => index.name).filter((name) => names.has(name));
}

describe('bulk secondary indexes and the search watermark', () => {
  let db: Db;
  let cleanup: () => void;

  beforeAll(async () => {
    ({ db, cleanup } = openDatasetDb());
    await insertEvents(db, generateEvents(7, 500));
  });
  afterAll(() => cleanup());

  it('builds the missing indexes one per turn, reporting before each build and after the last', async () => {
    dropSecondaryIndexes(db);
    expect(presentIndexes(db)).toEqual([]);
    const seen: { built: number; total: number; present: number }[] = [];
    const built = await buildSecondaryIndexes(db, async (done, total) => {
      seen.push({ built: done, total, present: presentIndexes(db).length });
    });
    expect(built).toEqual(SECONDARY_INDEXES.map((index) => index.name));
    const total = SECONDARY_INDEXES.length;
    expect(seen).toEqual(Array.from({ length: total + 1 }, (_, i) => ({ built: i, total, present: i })));
    // Nothing missing: nothing built, one report.
    const again: number[] = [];
    expect(await buildSecondaryIndexes(db, async (done) => void again.push(done))).toEqual([]);
    expect(again).toEqual([0]);
  });

  it('refreshSearchIndex brings the search index to the newest event, and only adds what is new', () => {
    const max = (db.prepare('SELECT max(id) AS m FROM events').get() as { m: number }).m;
    refreshSearchIndex(db);
    expect(ftsWatermark(db)).toBe(max);
    const indexed = (db.prepare('SELECT count(*) AS n FROM events_fts').get() as { n: number }).n;
    expect(refreshSearchIndex(db)).toBe(0);
    expect((db.prepare('SELECT count(*) AS n FROM events_fts').get() as { n: number }).n).toBe(indexed);
  });
});
