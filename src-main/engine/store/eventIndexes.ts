/**
 * The secondary indexes and the search index over events, in one place: a large import drops
 * the secondary indexes and rebuilds them in bulk afterwards (one sorted pass each instead of
 * millions of random B-tree inserts), and the search index is filled from a watermark, so a
 * crash mid-import is repaired at the next open instead of leaving events unsearchable.
 * The uid index stays: it is what makes imports idempotent.
 *
 * Every index starts with what it narrows by and then occurred_at (and, implicitly, the rowid),
 * so a filtered page in time order is an index range walk. Each one costs a pass over the
 * table when it is rebuilt (measured 25–55 s per 5 M events on two shared cores), so the
 * list is kept short:
 *   events_time    the unfiltered grid and time ranges.
 *   events_facet   (source, severity, outcome, category, action): every combination of the
 *                  low-cardinality filters is a set of index ranges the browser lists exactly
 *                  (store/filterPlan.ts), so "SECURITY at ERROR or above", "failures of
 *                  sign-in", "this source" are each walked in time order with no table lookups
 *                  — 0.1–1 ms for a first page of 5 M events, where a category index plus a
 *                  severity check per row took 300–700 ms. It replaces the three single-column
 *                  indexes the first schema had (category, severity, action).
 *   events_actor   who did it (an email or a name is resolved to actor ids first).
 *   events_ip      where it came from; nothing else narrows by address (a full scan is ~15 s).
 *   events_target_id, events_target_name
 *                  what it was done to: by id (picked from an event) or by name (typed or
 *                  suggested). Either alone leaves the other lookup a full scan, and neither
 *                  can be resolved through the other (a name can stand for thousands of ids).
 *                  The id index also carries the name: a value that is both an id and a name
 *                  (a model called "embedder-v3" throughout) is then told apart in the index —
 *                  80,000 row lookups, 3 s, otherwise.
 * The last four carry the facet columns after occurred_at, so "this actor's failures" or
 * "errors from this IP" are checked inside the index: counting a user's failures among 5 M
 * events took 22 s of row lookups and takes 7 ms this way, for 7 % more build time and twice
 * the index size (44 more bytes per event and index).
 * No ANALYZE: the plans are chosen by the browser (INDEXED BY a measured driver), and a full
 * ANALYZE costs ~13 s per 5 M events while its statistics led SQLite to worse plans (a
 * severity range with table lookups, 4 s, for a count the facet index answers in 0.2 ms).
 */
import type { Db } from './database';

/**
 * Carried by the indexes that narrow by something else, after occurred_at and the id (named,
 * so that rows of one instant stay in id order and a walk needs no sort): residual facet
 * checks then stay in the index.
 */
const FACETS = 'source_id, severity, outcome, category, action';

export const SECONDARY_INDEXES: readonly { name: string; sql: string }[] = [
  { name: 'events_time', sql: 'CREATE INDEX IF NOT EXISTS events_time ON events(occurred_at)' },
  { name: 'events_facet', sql: `CREATE INDEX IF NOT EXISTS events_facet ON events(${FACETS}, occurred_at)` },
  { name: 'events_actor', sql: `CREATE INDEX IF NOT EXISTS events_actor ON events(actor_id, occurred_at, id, ${FACETS})` },
  { name: 'events_ip', sql: `CREATE INDEX IF NOT EXISTS events_ip ON events(ip, occurred_at, id, ${FACETS})` },
  { name: 'events_target_id', sql: `CREATE INDEX IF NOT EXISTS events_target_id ON events(target_id, occurred_at, id, ${FACETS}, target_name)` },
  { name: 'events_target_name', sql: `CREATE INDEX IF NOT EXISTS events_target_name ON events(target_name, occurred_at, id, ${FACETS})` },
];

/** Indexes of the first schema that the ones above replace: dropped wherever they still exist. */
const RETIRED_INDEXES: readonly string[] = ['events_category_time', 'events_severity_time', 'events_action_time', 'events_actor_time'];

const FTS_WATERMARK = 'fts_through';
const FTS_CHUNK = 50_000;

export function dropSecondaryIndexes(db: Db): void {
  for (const name of [...SECONDARY_INDEXES.map((index) => index.name), ...RETIRED_INDEXES]) db.exec(`DROP INDEX IF EXISTS ${name}`);
}

/** The secondary indexes that do not exist yet (retired ones are dropped on the way). */
function missingSecondaryIndexes(db: Db): { name: string; sql: string }[] {
  for (const name of RETIRED_INDEXES) db.exec(`DROP INDEX IF EXISTS ${name}`);
  const present = new Set((db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events'").all() as { name: string }[]).map((r) => r.name));
  return SECONDARY_INDEXES.filter((index) => !present.has(index.name));
}

/** Creates whichever secondary index is missing (and drops retired ones); answers the names it had to build. */
export function ensureSecondaryIndexes(db: Db): string[] {
  const missing = missingSecondaryIndexes(db);
  for (const index of missing) db.exec(index.sql);
  return missing.map((index) => index.name);
}

/**
 * The same, one index per turn: `between` runs before each build and after the last (the
 * import job reports "index 3 of 6" there and lets queued requests run).
 */
export async function buildSecondaryIndexes(db: Db, between: (built: number, total: number) => Promise<void>): Promise<string[]> {
  const missing = missingSecondaryIndexes(db);
  for (const [built, index] of missing.entries()) {
    await between(built, missing.length);
    db.exec(index.sql);
  }
  await between(missing.length, missing.length);
  return missing.map((index) => index.name);
}

export function ftsWatermark(db: Db): number {
  const row = db.prepare('SELECT value FROM engagement_state WHERE key = ?').get(FTS_WATERMARK) as { value: string } | undefined;
  return row ? Number(row.value) : 0;
}

function searchFill(db: Db) {
  return {
    fill: db.prepare(`INSERT INTO events_fts (rowid, description, action, actor, target)
    SELECT id, description, action,
           concat_ws(' ', actor_name, actor_email, actor_id),
           concat_ws(' ', target_name, target_id, target_kind)
    FROM events WHERE id > ? AND id <= ?`),
    mark: db.prepare('INSERT INTO engagement_state (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value'),
    max: (db.prepare('SELECT coalesce(max(id), 0) AS m FROM events').get() as { m: number }).m,
  };
}

/** Adds events (lo, hi] to the search index and moves the watermark to hi, in one transaction. */
function fillSearchChunk(db: Db, statements: ReturnType<typeof searchFill>, lo: number, hi: number): void {
  db.transaction(() => {
    statements.fill.run(lo, hi);
    statements.mark.run(FTS_WATERMARK, String(hi));
  })();
}

/**
 * Brings the search index up to the newest event at once. The import writer calls it after
 * each batch, on the core the parser leaves idle while the batch's pages are still cached.
 */
export function refreshSearchIndex(db: Db): number {
  const from = ftsWatermark(db);
  const statements = searchFill(db);
  for (let lo = from; lo < statements.max; lo += FTS_CHUNK) fillSearchChunk(db, statements, lo, Math.min(statements.max, lo + FTS_CHUNK));
  return Math.max(0, statements.max - from);
}

/**
 * Copies events above the watermark into the search index, a chunk per transaction; `between`
 * is called after each chunk (the import job yields to other requests there).
 */
export async function catchUpSearchIndex(db: Db, between: (done: number, total: number) => Promise<void> | void = () => {}): Promise<number> {
  const from = ftsWatermark(db);
  const statements = searchFill(db);
  const max = statements.max;
  if (max <= from) return 0;
  let done = 0;
  for (let lo = from; lo < max; lo += FTS_CHUNK) {
    const hi = Math.min(max, lo + FTS_CHUNK);
    fillSearchChunk(db, statements, lo, hi);
    done = hi - from;
    await between(done, max - from);
  }
  return done;
}
