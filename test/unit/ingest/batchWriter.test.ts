import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createBatchWriter } from '../../../src-main/engine/ingest/batchWriter';
import type { EncodedBatch, EventTuple } from '../../../src-main/engine/ingest/pipeline/eventBatch';
import { dayOf, DAY_MICROS, refreshRollups, rollupWatermark } from '../../../src-main/engine/store/rollups';
import type { Db } from '../../../src-main/engine/store/database';
import { openDatasetDb } from '../../support/browseDataset';
import { eventTupleOf, packedBatch, uidNumber } from '../../support/packedBatches';
import { EVENT_COLUMNS } from '../../../src-main/engine/ingest/pipeline/eventBatch';
import { RowPacker } from '../../../src-main/engine/ingest/pipeline/packedRows';
import { decodeRawBlock, encodeRawBlock } from '../../../src-main/engine/ingest/pipeline/rawBlocks';

const DUMPS = ['SELECT * FROM rollup_days ORDER BY 1, 2, 3, 4, 5, 6', 'SELECT * FROM rollup_actors ORDER BY actor_key', 'SELECT * FROM rollup_values ORDER BY field, value'];
const dump = (db: Db) => DUMPS.map((sql) => db.prepare(sql).all());

/** The rollups recounted from the events table by the chunk path alone. */
function recounted(db: Db): unknown[] {
  db.exec("DELETE FROM rollup_days; DELETE FROM rollup_actors; DELETE FROM rollup_values; DELETE FROM engagement_state WHERE key = 'rollups_through'");
  refreshRollups(db);
  return dump(db);
}

// Few distinct values, so groups, actors and duplicates collide; texts a naive joined key
// would confuse ("1:a" + "b" against "1" + ":ab"), and NULLs next to empty texts.
const text = fc.constantFrom('a', '1:a', '1', ':a', '', '-', 'ü');
const nullable = fc.option(text, { nil: null });
const micros = fc.oneof(
  { arbitrary: fc.integer({ min: -1, max: 1 }).map((d) => d * DAY_MICROS), weight: 3 },
  { arbitrary: fc.integer({ min: -1, max: 1 }).map((d) => d * DAY_MICROS - 1), weight: 3 },
  { arbitrary: fc.integer({ min: -(2 ** 52), max: 2 ** 52 }), weight: 1 },
);
const event = fc.record({
  uid: fc.integer({ min: 0, max: 150 }),
  source: text,
  occurredAt: micros,
  action: text,
  category: text,
  severity: fc.integer({ min: 0, max: 1 }),
  outcome: text,
  actorKind: text,
  actorId: nullable,
  actorName: nullable,
  actorEmail: nullable,
  targetName: nullable,
  ip: nullable,
});
type Generated = typeof event extends fc.Arbitrary<infer T> ? T : never;

function tuple(e: Generated, indexInBlock: number): EventTuple {
  return eventTupleOf(
    {
      uid: uidNumber(e.uid),
      source_id: e.source,
      event_id: String(e.uid),
      occurred_at: e.occurredAt,
      action: e.action,
      category: e.category,
      severity: e.severity,
      outcome: e.outcome,
      actor_kind: e.actorKind,
      actor_id: e.actorId,
      actor_name: e.actorName,
      actor_email: e.actorEmail,
      target_name: e.targetName,
      ip: e.ip,
    },
    indexInBlock,
  );
}

const batchOf = (events: readonly Generated[]): EncodedBatch => packedBatch(events.map(tuple));

/** A batch of raw blocks, each holding the records of its events (`{"uid":n}`), rows packed in uid order. */
function blockBatch(blocks: readonly (readonly number[])[]): EncodedBatch {
  const tuples = blocks.flatMap((uids, ordinal) =>
    uids.map((uid, i) => {
      const row = eventTupleOf({ uid: uidNumber(uid), source_id: 's', event_id: String(uid), occurred_at: uid, action: 'a', category: 'c', severity: 0, outcome: 'o', actor_kind: 'user' }, i);
      row[EVENT_COLUMNS.length] = ordinal;
      return row;
    }),
  );
  tuples.sort((a, b) => Buffer.compare(a[0] as Buffer, b[0] as Buffer));
  const packer = new RowPacker();
  for (const row of tuples) packer.add(row);
  return {
    events: packer.take(true),
    blocks: blocks.map((uids) => encodeRawBlock(uids.map((uid) => JSON.stringify({ uid })))),
    credentials: [],
    rejections: [],
    read: tuples.length,
    unzoned: 0,
    bytesSoFar: 0,
  };
}

describe('the batch writer', () => {
  it('counts the events it stores into the rollups exactly as the chunk path recounts them', () => {
    fc.assert(
      fc.property(fc.array(fc.array(event, { minLength: 1, maxLength: 80 }), { minLength: 1, maxLength: 4 }), (batches) => {
        const { db, cleanup } = openDatasetDb();
        try {
          const write = createBatchWriter(db);
          let stored = 0;
          for (const batch of batches) {
            stored += write(1, batchOf(batch)).imported;
            // The writer kept them current itself: nothing left for the chunk path.
            expect(rollupWatermark(db)).toBe(stored);
          }
          // Repeated uids are duplicates and are not counted.
          expect(stored).toBe(new Set(batches.flat().map((e) => e.uid)).size);
          const written = dump(db);
          expect(written).toEqual(recounted(db));
        } finally {
          cleanup();
        }
      }),
      { numRuns: 80 },
    );
  });

  it('leaves rollups that lag behind the events to the chunk path, which then counts everything once', () => {
    const { db, cleanup } = openDatasetDb();
    try {
      const sample = fc.sample(event, { numRuns: 200, seed: 5 }).map((e, i) => ({ ...e, uid: i }));
      const write = createBatchWriter(db);
      write(1, batchOf(sample.slice(0, 50)));
      expect(rollupWatermark(db)).toBe(50);
      // A crash left the rollups behind: the watermark is not at the newest event.
      db.prepare("UPDATE engagement_state SET value = '20' WHERE key = 'rollups_through'").run();
      db.exec('DELETE FROM rollup_days; DELETE FROM rollup_actors; DELETE FROM rollup_values');
      write(1, batchOf(sample.slice(0, 20)));
      write(1, batchOf(sample.slice(50, 120)));
      expect(rollupWatermark(db)).toBe(20);
      expect(refreshRollups(db)).toBe(100);
      write(1, batchOf(sample.slice(120)));
      expect(rollupWatermark(db)).toBe(200);
      // Events 1–20 were dropped from the rollups by the test itself; everything after is counted once.
      const counted = (db.prepare('SELECT sum(events) FROM rollup_days').pluck().get() as number) ?? 0;
      expect(counted).toBe(180);
    } finally {
      cleanup();
    }
  });

  it('stores exactly the new events, each with its own raw record, and no raw block that keeps no event', () => {
    // Batches of several raw blocks whose events repeat within a block, across blocks, across
    // batches: every block of a re-import keeps nothing, an overlapping one keeps some.
    const blocksOf = fc.array(fc.array(fc.integer({ min: 0, max: 60 }), { minLength: 1, maxLength: 12 }), { minLength: 1, maxLength: 5 });
    fc.assert(
      fc.property(fc.array(blocksOf, { minLength: 1, maxLength: 5 }), fc.boolean(), (batches, again) => {
        const { db, cleanup } = openDatasetDb();
        try {
          const before = db.prepare('SELECT count(*) FROM raw_blocks').pluck().get() as number;
          const write = createBatchWriter(db);
          const stored = new Set<number>();
          for (const blocks of again ? [...batches, ...batches] : batches) {
            const rows = blocks.flat();
            const result = write(1, blockBatch(blocks));
            const fresh = new Set(rows.filter((uid) => !stored.has(uid)));
            expect(result).toEqual({ imported: fresh.size, duplicates: rows.length - fresh.size, credentials: 0 });
            for (const uid of fresh) stored.add(uid);
          }
          const events = db.prepare('SELECT event_id, raw_block, raw_index FROM events ORDER BY event_id').all() as { event_id: string; raw_block: number; raw_index: number }[];
          expect(events.map((e) => Number(e.event_id)).sort((a, b) => a - b)).toEqual([...stored].sort((a, b) => a - b));
          // Each event reads back its own record; every stored block is some event's.
          const blocks = new Map((db.prepare('SELECT id, codec, bytes FROM raw_blocks WHERE id > 1').all() as { id: number; codec: string; bytes: Buffer }[]).map((b) => [b.id, decodeRawBlock(b.codec, b.bytes)]));
          for (const e of events) expect(JSON.parse(blocks.get(e.raw_block)![e.raw_index]!)).toEqual({ uid: Number(e.event_id) });
          expect(new Set(events.map((e) => e.raw_block))).toEqual(new Set(blocks.keys()));
          expect(blocks.size + before).toBe(db.prepare('SELECT count(*) FROM raw_blocks').pluck().get());
          expect(dump(db)).toEqual(recounted(db));
        } finally {
          cleanup();
        }
      }),
      { numRuns: 120 },
    );
  });

  it('after a batch of events stored before, looks each event up first until a batch keeps every event again', () => {
    const { db, cleanup } = openDatasetDb();
    try {
      // Every raw block inserted, including those a savepoint then undoes.
      let blockInserts = 0;
      db.function('count_block_insert', () => {
        blockInserts += 1;
        return null;
      });
      db.exec('CREATE TEMP TRIGGER count_blocks AFTER INSERT ON main.raw_blocks BEGIN SELECT count_block_insert(); END');
      const inserted = (f: () => unknown) => {
        const before = blockInserts;
        f();
        return blockInserts - before;
      };
      const write = createBatchWriter(db);
      const old = [[1, 2, 3], [4, 5, 6]];
      expect(inserted(() => write(1, blockBatch(old)))).toBe(2);
      // A re-import: the first batch is inserted and undone, then stored the careful way (nothing).
      expect(inserted(() => expect(write(1, blockBatch(old))).toMatchObject({ imported: 0, duplicates: 6 }))).toBe(2);
      // The next one is looked up at once: nothing inserted and undone.
      expect(inserted(() => expect(write(1, blockBatch(old))).toMatchObject({ imported: 0, duplicates: 6 }))).toBe(0);
      // A batch of new events is stored (still looked up first), which ends the run of duplicates.
      expect(inserted(() => expect(write(1, blockBatch([[7, 8], [9]]))).toMatchObject({ imported: 3, duplicates: 0 }))).toBe(2);
      // So a block of duplicates next to a new one goes the optimistic way again: both inserted and undone, then the new one.
      expect(inserted(() => expect(write(1, blockBatch([[10, 11], [1, 2]]))).toMatchObject({ imported: 2, duplicates: 2 }))).toBe(3);
      expect(db.prepare('SELECT count(*) FROM events').pluck().get()).toBe(11);
    } finally {
      cleanup();
    }
  });

  it('never deletes a raw block: SQLite would scan every event for a reference to it (the foreign key has no index)', () => {
    const { db, cleanup } = openDatasetDb();
    const statements: string[] = [];
    const prepare = db.prepare.bind(db);
    db.prepare = ((sql: string) => {
      statements.push(sql);
      return prepare(sql);
    }) as typeof db.prepare;
    try {
      const write = createBatchWriter(db);
      const blocks = Array.from({ length: 8 }, (_, b) => Array.from({ length: 50 }, (_, i) => b * 50 + i));
      write(1, blockBatch(blocks));
      const count = () => db.prepare('SELECT count(*) FROM raw_blocks').pluck().get() as number;
      const stored = count();
      // The same blocks again, then half of them with new events after them.
      expect(write(1, blockBatch(blocks))).toEqual({ imported: 0, duplicates: 400, credentials: 0 });
      expect(count()).toBe(stored);
      expect(write(1, blockBatch([...blocks.slice(4), [1000, 1001]]))).toEqual({ imported: 2, duplicates: 200, credentials: 0 });
      expect(count()).toBe(stored + 1);
      expect(statements.filter((sql) => /DELETE\s+FROM\s+raw_blocks/i.test(sql))).toEqual([]);
    } finally {
      cleanup();
    }
  });

  it('finds the UTC day of a time as SQL does, before 1970 and at the boundaries', () => {
    const { db, cleanup } = openDatasetDb();
    try {
      const day = db.prepare(`SELECT ((? - ((? % ${DAY_MICROS}) + ${DAY_MICROS}) % ${DAY_MICROS}) / ${DAY_MICROS})`).pluck();
      fc.assert(
        fc.property(micros, (t) => {
          expect(dayOf(t)).toBe(day.get(t, t));
        }),
      );
    } finally {
      cleanup();
    }
  });
});
