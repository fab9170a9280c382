import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createBatchWriter } from '../../../src-main/engine/ingest/batchWriter';
import type { EncodedBatch, EventTuple } from '../../../src-main/engine/ingest/pipeline/eventBatch';
import { dayOf, DAY_MICROS, refreshRollups, rollupWatermark } from '../../../src-main/engine/store/rollups';
import type { Db } from '../../../src-main/engine/store/database';
import { openDatasetDb } from '../../support/browseDataset';
import { eventTupleOf, packedBatch, uidNumber } from '../../support/packedBatches';

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
