import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { connectionCipher, type Db, type DbCipher } from '../../../src-main/engine/store/database';
import {
  SECONDARY_INDEXES,
  buildSecondaryIndexes,
  dropSecondaryIndexes,
  ensureSecondaryIndexes,
  ftsWatermark,
  presentSecondaryIndexes,
  refreshSearchIndex,
} from '../../../src-main/engine/store/eventIndexes';
import { generateEvents, insertEvents, openDatasetDb } from '../../support/browseDataset';
import { expected, stored } from '../../support/indexTables';

const present = (db: Db) => SECONDARY_INDEXES.map((index) => index.name).filter((name) => presentSecondaryIndexes(db).has(name));


/** The scratch database a build sorts its runs into, beside the engagement's file. */
const scratchFile = (db: Db) => `${db.name}-index_build`;

function expectComplete(db: Db): void {
  for (const index of SECONDARY_INDEXES) expect(stored(db, index), index.table).toEqual(expected(db, index));
  expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE name LIKE 'ix_built_%'").pluck().get()).toBe(0);
  expect(db.prepare('SELECT name FROM pragma_database_list').pluck().all()).not.toContain('index_build');
  expect(existsSync(scratchFile(db))).toBe(false);
}

/** A dataset database with `count` events, the first `withoutKeys` of them missing every nullable key (stored as 0). */
async function openWithEvents(seed: number, count: number, withoutKeys: number, cipher?: DbCipher): Promise<{ db: Db; cleanup: () => void }> {
  const opened = openDatasetDb(cipher);
  const events = generateEvents(seed, count);
  for (const event of events.slice(0, withoutKeys)) Object.assign(event, { actor_id: null, ip: null, target_id: null, target_name: null });
  await insertEvents(opened.db, events);
  return opened;
}

describe('the secondary indexes: tables built from sorted runs, kept up by triggers', () => {
  let db: Db;
  let cleanup: () => void;

  beforeAll(async () => {
    ({ db, cleanup } = await openWithEvents(7, 500, 40));
  });
  afterAll(() => cleanup());

  it('keeps every index complete row by row while its trigger exists', () => {
    expect(present(db)).toEqual(SECONDARY_INDEXES.map((index) => index.name));
    expectComplete(db);
    const withoutActor = db.prepare('SELECT count(*) FROM events WHERE actor_id IS NULL').pluck().get() as number;
    expect(withoutActor).toBeGreaterThanOrEqual(40);
    expect(db.prepare('SELECT count(*) FROM ix_actor WHERE actor_id = 0').pluck().get()).toBe(withoutActor);
  });

  it('builds the missing indexes step by step, reporting after each chunk sorted and each index in place', async () => {
    dropSecondaryIndexes(db);
    expect(present(db)).toEqual([]);
    // Nothing was added since: each table holds every event, and only its trigger comes back.
    const quick = openDatasetDb();
    try {
      await insertEvents(quick.db, generateEvents(3, 50));
      dropSecondaryIndexes(quick.db);
      const steps: string[] = [];
      await buildSecondaryIndexes(quick.db, async ({ detail }) => void steps.push(detail));
      expect(steps).toEqual(SECONDARY_INDEXES.map((_, i) => `${i + 1} of ${SECONDARY_INDEXES.length} indexes in place`));
      expectComplete(quick.db);
    } finally {
      quick.cleanup();
    }
    // 500 events added since the drop, in chunks of 200: three chunks, then the six indexes.
    await insertEvents(db, generateEvents(9, 500, { startId: 501 }));
    const seen: { done: number; total: number; detail: string; present: number }[] = [];
    const built = await buildSecondaryIndexes(
      db,
      async (progress) => {
        seen.push({ ...progress, present: present(db).length });
      },
      { runEvents: 200 },
    );
    expect(built).toEqual(SECONDARY_INDEXES.map((index) => index.name));
    const indexes = SECONDARY_INDEXES.length;
    const total = 3 + indexes;
    expect(seen).toEqual([
      { done: 1, total, detail: 'sorted 200 of 500 events into runs', present: 0 },
      { done: 2, total, detail: 'sorted 400 of 500 events into runs', present: 0 },
      { done: 3, total, detail: 'sorted 500 of 500 events into runs', present: 0 },
      ...Array.from({ length: indexes }, (_, i) => ({ done: 4 + i, total, detail: `${i + 1} of ${indexes} indexes in place`, present: i + 1 })),
    ]);
    expectComplete(db);
    // Nothing missing: nothing built, one report.
    const again: number[] = [];
    expect(await buildSecondaryIndexes(db, async ({ done, total }) => void again.push(done, total))).toEqual([]);
    expect(again).toEqual([0, 0]);
  });

  it('merges what an index held with runs of the events added since, over several merge rounds', async () => {
    dropSecondaryIndexes(db);
    // 2,000 events in runs of 50: 40 runs and the held table, merged 16 at a time.
    await insertEvents(db, generateEvents(8, 2000, { startId: 1001 }));
    for (const index of SECONDARY_INDEXES) expect(stored(db, index).length, index.table).toBe(1000);
    expect(ensureSecondaryIndexes(db, { runEvents: 50 })).toEqual(SECONDARY_INDEXES.map((index) => index.name));
    expectComplete(db);
    expect(stored(db, SECONDARY_INDEXES[0]!).length).toBe(3000);
  });

  it('an interrupted build leaves the index missing; the next build drops its runs and finishes it', async () => {
    dropSecondaryIndexes(db);
    await insertEvents(db, generateEvents(9, 300, { startId: 3001 }));
    // A kill after the merge and before the swap: the scratch file and a merged table remain, no trigger.
    writeFileSync(scratchFile(db), 'runs of a build that was killed');
    db.exec('CREATE TABLE ix_built_ix_actor AS SELECT * FROM ix_actor LIMIT 3');
    expect(present(db)).toEqual([]);
    expect(ensureSecondaryIndexes(db, { runEvents: 64 })).toHaveLength(SECONDARY_INDEXES.length);
    expectComplete(db);
  });

  it('an index missing without a watermark (a table never filled) is rebuilt from every event', () => {
    db.exec('DROP TRIGGER ix_target_id_fill; DELETE FROM ix_target_id');
    expect(present(db)).not.toContain('events_target_id');
    expect(ensureSecondaryIndexes(db, { runEvents: 1000 })).toEqual(['events_target_id']);
    expectComplete(db);
  });

  it('sorts its runs into a scratch file that is encrypted with the engagement key and deleted after', async () => {
    dropSecondaryIndexes(db);
    const marked = generateEvents(10, 50, { startId: 3301 }).map((event) => ({ ...event, actor_id: 'marker-actor-5d1c9e', ip: '198.51.100.77' }));
    await insertEvents(db, marked);
    const scratch: Buffer[] = [];
    const exec = db.exec.bind(db);
    const spy = vi.spyOn(db, 'exec').mockImplementation((sql: string) => {
      if (sql.startsWith('INSERT INTO main.ix_built_ix_actor')) scratch.push(readFileSync(scratchFile(db)));
      return exec(sql);
    });
    try {
      ensureSecondaryIndexes(db, { runEvents: 20 });
    } finally {
      spy.mockRestore();
    }
    expect(scratch).toHaveLength(1);
    expect(scratch[0]!.length).toBeGreaterThan(16_384);
    expect(scratch[0]!.includes('marker-actor-5d1c9e')).toBe(false);
    expect(scratch[0]!.includes('198.51.100.77')).toBe(false);
    expect(scratch[0]!.subarray(0, 16).toString('latin1')).not.toBe('SQLite format 3\u0000');
    expectComplete(db);
    expect(db.prepare("SELECT count(*) FROM ix_actor WHERE actor_id = 'marker-actor-5d1c9e'").pluck().get()).toBe(50);
  });

  it('a cancelled build stops at its next step: indexes in place stay, the rest stay missing, the scratch is gone', async () => {
    dropSecondaryIndexes(db);
    await insertEvents(db, generateEvents(11, 300, { startId: 3351 }));
    const scratchGone = () => !existsSync(scratchFile(db)) && !(db.prepare('SELECT name FROM pragma_database_list').pluck().all() as string[]).includes('index_build');
    // Cancelled while sorting the runs: nothing is put in place.
    const early = new AbortController();
    expect(await buildSecondaryIndexes(db, async ({ done }) => void (done === 2 && early.abort()), { runEvents: 100, signal: early.signal })).toEqual([]);
    expect(present(db)).toEqual([]);
    expect(scratchGone()).toBe(true);
    // Cancelled after two indexes are in place: those two are answered and complete.
    const late = new AbortController();
    const built = await buildSecondaryIndexes(db, async ({ detail }) => void (detail.startsWith('2 of') && late.abort()), { runEvents: 100, signal: late.signal });
    expect(built).toEqual(SECONDARY_INDEXES.slice(0, 2).map((index) => index.name));
    expect(present(db)).toEqual(built);
    for (const index of SECONDARY_INDEXES.slice(0, 2)) expect(stored(db, index), index.table).toEqual(expected(db, index));
    expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE name LIKE 'ix_built_%'").pluck().get()).toBe(0);
    expect(scratchGone()).toBe(true);
    // The next build finishes the other four.
    expect(await buildSecondaryIndexes(db, async () => {}, { runEvents: 100 })).toEqual(SECONDARY_INDEXES.slice(2).map((index) => index.name));
    expectComplete(db);
  });

  it('refreshSearchIndex brings the search index to the newest event, and only adds what is new', () => {
    const max = (db.prepare('SELECT max(id) AS m FROM events').get() as { m: number }).m;
    refreshSearchIndex(db);
    expect(ftsWatermark(db)).toBe(max);
    const indexed = (db.prepare('SELECT count(*) AS n FROM events_fts').get() as { n: number }).n;
    expect(refreshSearchIndex(db)).toBe(0);
    expect((db.prepare('SELECT count(*) AS n FROM events_fts').get() as { n: number }).n).toBe(indexed);
  });

  it('declares each table as the migration created it, key first', () => {
    for (const index of SECONDARY_INDEXES) {
      const columns = db.prepare(`SELECT name, pk FROM pragma_table_info('${index.table}') ORDER BY cid`).all() as { name: string; pk: number }[];
      expect(columns.map((c) => c.name)).toEqual(index.columns);
      const keyLength = index.columns.indexOf('id') + 1;
      expect(columns.map((c) => c.pk)).toEqual(index.columns.map((_, i) => (i < keyLength ? i + 1 : 0)));
    }
  });
});

/** The helper's files (store/indexHelper.ts) beside the engagement's database. */
const helperFiles = (db: Db) => readdirSync(dirname(db.name)).filter((name) => name.startsWith(`${basename(db.name)}-index_helper-`));
const BUILT_INDEX_WORKER = join(import.meta.dirname, '../../../dist/main/indexWorker.js');
if (!existsSync(BUILT_INDEX_WORKER)) console.log(`event indexes: the worker-thread helper case is skipped: ${BUILT_INDEX_WORKER} is not built (npm run build:node)`);
/** The engine's share is put in place first, then the helper's. */
const ENGINE_SHARE = ['events_time', 'events_facet', 'events_ip'];
const HELPER_SHARE = ['events_actor', 'events_target_id', 'events_target_name'];
const ALL = SECONDARY_INDEXES.map((index) => index.name);

describe('a build with a helper sorting and merging half of the indexes', () => {
  let db: Db;
  let cleanup: () => void;

  beforeEach(async () => {
    ({ db, cleanup } = await openWithEvents(21, 400, 30));
  });
  afterEach(() => cleanup());

  it('builds every index equal to a recount, its share put in place last, and leaves no file behind', async () => {
    dropSecondaryIndexes(db);
    // 600 events after the watermark in runs of 64 (ten chunks, 23 merge inputs for the held table and the runs).
    await insertEvents(db, generateEvents(22, 600, { startId: 401 }));
    const seen: { detail: string; present: string[] }[] = [];
    const built = await buildSecondaryIndexes(db, async ({ detail }) => void seen.push({ detail, present: present(db) }), { runEvents: 64, helper: { inThread: true } });
    expect(built).toEqual(ALL);
    const placed = seen.filter((step) => step.detail.endsWith('indexes in place'));
    expect(placed.map((step) => step.present.length)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(placed[2]!.present).toEqual(ENGINE_SHARE);
    expectComplete(db);
    expect(stored(db, SECONDARY_INDEXES[0]!).length).toBe(1000);
    expect(helperFiles(db)).toEqual([]);
  });

  it('keeps its files encrypted with a key of their own while it works', async () => {
    dropSecondaryIndexes(db);
    const marked = generateEvents(23, 300, { startId: 401 }).map((event) => ({ ...event, actor_id: 'marker-actor-77e0a4', target_name: 'marker-target-c3b9' }));
    await insertEvents(db, marked);
    const during: Map<string, Buffer>[] = [];
    // After every chunk, and after each index: the runs, the chunk files and the merged tables.
    const readHelperFiles = async () => void during.push(new Map(helperFiles(db).map((name) => [name, readFileSync(join(dirname(db.name), name))])));
    await buildSecondaryIndexes(db, readHelperFiles, { runEvents: 100, helper: { inThread: true } });
    const files = new Map(during.flatMap((step) => [...step]));
    expect([...files.keys()].some((name) => name.endsWith('-runs'))).toBe(true);
    expect([...files.keys()].some((name) => /-chunk-\d+$/.test(name))).toBe(true);
    expect([...files.keys()].some((name) => name.endsWith('-ix_actor'))).toBe(true);
    for (const [name, bytes] of files) {
      expect(bytes.length, name).toBeGreaterThan(0);
      expect(bytes.includes('marker-actor-77e0a4'), name).toBe(false);
      expect(bytes.includes('marker-target-c3b9'), name).toBe(false);
      expect(bytes.subarray(0, 16).toString('latin1'), name).not.toBe('SQLite format 3\u0000');
    }
    expectComplete(db);
    expect(db.prepare("SELECT count(*) FROM ix_target_name WHERE target_name = 'marker-target-c3b9'").pluck().get()).toBe(300);
    expect(helperFiles(db)).toEqual([]);
  });

  it('on an engagement made before AEGIS-256 (ChaCha20 pages), works with that cipher and builds the same indexes', async () => {
    const older = await openWithEvents(21, 400, 30, 'chacha20');
    try {
      expect(connectionCipher(older.db)).toBe('chacha20');
      expect(connectionCipher(db)).toBe('aegis-256');
      dropSecondaryIndexes(older.db);
      await insertEvents(older.db, generateEvents(22, 600, { startId: 401 }));
      const notes: string[] = [];
      expect(await buildSecondaryIndexes(older.db, async ({ detail }) => void notes.push(detail), { runEvents: 64, helper: { inThread: true } })).toEqual(ALL);
      // The helper's files open only with the engagement's cipher: with any other its share would fail over to this thread.
      expect(notes.filter((detail) => /helper/i.test(detail))).toEqual([]);
      expectComplete(older.db);
      expect(helperFiles(older.db)).toEqual([]);
    } finally {
      older.cleanup();
    }
  });

  it('a cancelled build stops at its next step and removes every file of the helper', async () => {
    dropSecondaryIndexes(db);
    await insertEvents(db, generateEvents(24, 300, { startId: 401 }));
    const early = new AbortController();
    expect(await buildSecondaryIndexes(db, async ({ done }) => void (done === 2 && early.abort()), { runEvents: 100, signal: early.signal, helper: { inThread: true } })).toEqual([]);
    expect(present(db)).toEqual([]);
    expect(helperFiles(db)).toEqual([]);
    // Cancelled after the engine's share: the helper's share stays missing.
    const late = new AbortController();
    const built = await buildSecondaryIndexes(db, async ({ detail }) => void (detail.startsWith('3 of') && late.abort()), { runEvents: 100, signal: late.signal, helper: { inThread: true } });
    expect(built).toEqual(ENGINE_SHARE);
    expect(helperFiles(db)).toEqual([]);
    expect(await buildSecondaryIndexes(db, async () => {}, { runEvents: 100, helper: { inThread: true } })).toEqual(HELPER_SHARE);
    expectComplete(db);
  });

  it('a failure in the helper is reported and the build goes on in this thread, never leaving an index partly filled', async () => {
    dropSecondaryIndexes(db);
    await insertEvents(db, generateEvents(25, 300, { startId: 401 }));
    const details: string[] = [];
    const built = await buildSecondaryIndexes(
      db,
      async ({ done, detail }) => {
        details.push(detail);
        // The helper's scratch damaged while it works: its next sort cannot open it.
        if (done === 1 && details.length === 1) for (const name of helperFiles(db).filter((n) => n.endsWith('-runs'))) writeFileSync(join(dirname(db.name), name), Buffer.alloc(65_536, 7));
      },
      { runEvents: 100, helper: { inThread: true } },
    );
    expect(details.filter((detail) => detail.includes('helper'))).toEqual(['the index build helper failed: file is not a database; building the rest in this thread']);
    expect(built).toEqual(ALL);
    expectComplete(db);
    expect(helperFiles(db)).toEqual([]);
  });

  it('a helper that cannot start is reported, and the build is done in this thread', async () => {
    dropSecondaryIndexes(db);
    await insertEvents(db, generateEvents(27, 300, { startId: 401 }));
    const details: string[] = [];
    const built = await buildSecondaryIndexes(db, async ({ detail }) => void details.push(detail), { runEvents: 100, helper: { workerPath: join(dirname(db.name), 'no-such-worker.js') } });
    expect(details.filter((detail) => detail.includes('helper'))).toEqual([expect.stringMatching(/^the index build helper stopped: .*no-such-worker\.js.*; building the rest in this thread$/)]);
    expect(built).toEqual(ALL);
    expectComplete(db);
    expect(helperFiles(db)).toEqual([]);
  });

  it.skipIf(!existsSync(BUILT_INDEX_WORKER))('does the same in its worker thread', async () => {
    dropSecondaryIndexes(db);
    await insertEvents(db, generateEvents(26, 700, { startId: 401 }));
    expect(await buildSecondaryIndexes(db, async () => {}, { runEvents: 128, helper: { workerPath: BUILT_INDEX_WORKER } })).toEqual(ALL);
    expectComplete(db);
    expect(helperFiles(db)).toEqual([]);
  });
});
