/**
 * The secondary indexes and the search index over events, in one place: a large import drops
 * the secondary indexes and rebuilds them in bulk afterwards (one sorted pass each instead of
 * millions of random B-tree inserts), and the search index is filled from a watermark, so a
 * crash mid-import is repaired at the next open instead of leaving events unsearchable.
 * The uid index stays: it is what makes imports idempotent.
 */
import type { Db } from './database';

export const SECONDARY_INDEXES: readonly { name: string; sql: string }[] = [
  { name: 'events_time', sql: 'CREATE INDEX IF NOT EXISTS events_time ON events(occurred_at)' },
  { name: 'events_category_time', sql: 'CREATE INDEX IF NOT EXISTS events_category_time ON events(category, occurred_at)' },
  { name: 'events_severity_time', sql: 'CREATE INDEX IF NOT EXISTS events_severity_time ON events(severity, occurred_at)' },
  { name: 'events_action_time', sql: 'CREATE INDEX IF NOT EXISTS events_action_time ON events(action, occurred_at)' },
  { name: 'events_actor_time', sql: 'CREATE INDEX IF NOT EXISTS events_actor_time ON events(actor_id, occurred_at)' },
];

const FTS_WATERMARK = 'fts_through';
const FTS_CHUNK = 50_000;

export function dropSecondaryIndexes(db: Db): void {
  for (const index of SECONDARY_INDEXES) db.exec(`DROP INDEX IF EXISTS ${index.name}`);
}

/** Creates whichever secondary index is missing; answers the names it had to build. */
export function ensureSecondaryIndexes(db: Db): string[] {
  const present = new Set((db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events'").all() as { name: string }[]).map((r) => r.name));
  const built: string[] = [];
  for (const index of SECONDARY_INDEXES) {
    if (present.has(index.name)) continue;
    db.exec(index.sql);
    built.push(index.name);
  }
  return built;
}

export function ftsWatermark(db: Db): number {
  const row = db.prepare('SELECT value FROM engagement_state WHERE key = ?').get(FTS_WATERMARK) as { value: string } | undefined;
  return row ? Number(row.value) : 0;
}

/**
 * Copies events above the watermark into the search index, a chunk per transaction; `between`
 * is called after each chunk (the import job yields to other requests there).
 */
export async function catchUpSearchIndex(db: Db, between: (done: number, total: number) => Promise<void> | void = () => {}): Promise<number> {
  const from = ftsWatermark(db);
  const max = (db.prepare('SELECT coalesce(max(id), 0) AS m FROM events').get() as { m: number }).m;
  if (max <= from) return 0;
  const fill = db.prepare(`INSERT INTO events_fts (rowid, description, action, actor, target)
    SELECT id, description, action,
           concat_ws(' ', actor_name, actor_email, actor_id),
           concat_ws(' ', target_name, target_id, target_kind)
    FROM events WHERE id > ? AND id <= ?`);
  const mark = db.prepare('INSERT INTO engagement_state (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
  let done = 0;
  for (let lo = from; lo < max; lo += FTS_CHUNK) {
    const hi = Math.min(max, lo + FTS_CHUNK);
    db.transaction(() => {
      fill.run(lo, hi);
      mark.run(FTS_WATERMARK, String(hi));
    })();
    done = hi - from;
    await between(done, max - from);
  }
  return done;
}
