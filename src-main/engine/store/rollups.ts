/**
 * Keeps the rollup tables (migration 0004) in step with events. Events are append-only (no
 * writer updates or deletes them), so everything above the watermark `rollups_through` is
 * new: each chunk of new events is read once into an in-memory staging table and added to
 * every rollup in the same transaction as the watermark, so a crash never counts an event
 * twice or drops one. Readers call `refreshRollups` before they use a rollup, which makes a
 * rollup exact whatever the writers did; the import and sync writers calling it after each
 * batch (while the batch's pages are still cached) keeps that first read cheap.
 */
import type { Db } from './database';

const WATERMARK = 'rollups_through';
/** Events per transaction: bounded memory for the staging table, and a yield point between. */
const CHUNK = 50_000;
export const DAY_MICROS = 86_400_000_000;

/** The UTC day number of a time (floor division, also right before 1970). */
export const DAY_OF = (column: string) => `((${column} - ((${column} % ${DAY_MICROS}) + ${DAY_MICROS}) % ${DAY_MICROS}) / ${DAY_MICROS})`;

const STAGE = `INSERT INTO temp.rollup_stage
  SELECT ${DAY_OF('occurred_at')}, occurred_at, source_id, category, severity, outcome, action,
         actor_kind, actor_id, actor_email, actor_name, ip, target_name
  FROM events WHERE id > ? AND id <= ?`;

// The chunk grouped by day and facet once; the day rollup and three of the value counts are
// sums over these few rows instead of passes over the whole chunk.
const GROUP = `INSERT INTO temp.rollup_groups
  SELECT day, source_id, category, severity, outcome, action, count(*), min(occurred_at), max(occurred_at)
  FROM temp.rollup_stage GROUP BY day, source_id, category, severity, outcome, action`;

// "WHERE true" keeps SQLite from reading ON CONFLICT as a join constraint of the SELECT.
const ADD_DAYS = `INSERT INTO rollup_days (day, source_id, category, severity, outcome, action, events, first_at, last_at)
  SELECT * FROM temp.rollup_groups WHERE true
  ON CONFLICT DO UPDATE SET events = events + excluded.events, first_at = min(first_at, excluded.first_at), last_at = max(last_at, excluded.last_at)`;

const ADD_ACTORS = `INSERT INTO rollup_actors (actor_key, actor_kind, actor_id, actor_email, actor_name, events)
  SELECT json_array(actor_kind, actor_id, actor_email, actor_name), actor_kind, actor_id, actor_email, actor_name, count(*)
  FROM temp.rollup_stage WHERE true GROUP BY actor_kind, actor_id, actor_email, actor_name
  ON CONFLICT DO UPDATE SET events = events + excluded.events`;

const ADD_VALUES = `INSERT INTO rollup_values (field, value, events)
  SELECT field, value, sum(n) FROM (
    SELECT 'action' AS field, action AS value, events AS n FROM temp.rollup_groups
    UNION ALL SELECT 'source', source_id, events FROM temp.rollup_groups
    UNION ALL SELECT 'outcome', outcome, events FROM temp.rollup_groups
    UNION ALL SELECT 'ip', ip, 1 FROM temp.rollup_stage WHERE ip IS NOT NULL
    UNION ALL SELECT 'target', target_name, 1 FROM temp.rollup_stage WHERE target_name IS NOT NULL
  ) WHERE true GROUP BY field, value
  ON CONFLICT DO UPDATE SET events = events + excluded.events`;

export function rollupWatermark(db: Db): number {
  const row = db.prepare('SELECT value FROM engagement_state WHERE key = ?').get(WATERMARK) as { value: string } | undefined;
  return row ? Number(row.value) : 0;
}

function maxEventId(db: Db): number {
  return (db.prepare('SELECT coalesce(max(id), 0) AS m FROM events').get() as { m: number }).m;
}

function ensureStage(db: Db): void {
  db.exec(`CREATE TEMP TABLE IF NOT EXISTS rollup_stage (
    day INTEGER, occurred_at INTEGER, source_id TEXT, category TEXT, severity INTEGER, outcome TEXT, action TEXT,
    actor_kind TEXT, actor_id TEXT, actor_email TEXT, actor_name TEXT, ip TEXT, target_name TEXT)`);
  db.exec(`CREATE TEMP TABLE IF NOT EXISTS rollup_groups (
    day INTEGER, source_id TEXT, category TEXT, severity INTEGER, outcome TEXT, action TEXT, events INTEGER, first_at INTEGER, last_at INTEGER)`);
}

/** Adds events (lo, hi] to every rollup and moves the watermark to hi, in one transaction. */
function addChunk(db: Db, lo: number, hi: number): void {
  db.transaction(() => {
    db.prepare(STAGE).run(lo, hi);
    db.exec(GROUP);
    db.exec(ADD_DAYS);
    db.exec(ADD_ACTORS);
    db.exec(ADD_VALUES);
    db.exec('DELETE FROM temp.rollup_stage; DELETE FROM temp.rollup_groups');
    db.prepare('INSERT INTO engagement_state (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(WATERMARK, String(hi));
  })();
}

/** Brings every rollup up to the newest event; answers how many events it added. */
export function refreshRollups(db: Db): number {
  const from = rollupWatermark(db);
  const max = maxEventId(db);
  if (max <= from) return 0;
  ensureStage(db);
  for (let lo = from; lo < max; lo += CHUNK) addChunk(db, lo, Math.min(max, lo + CHUNK));
  return max - from;
}

/**
 * The same, a chunk per turn: `between` runs after each chunk (a job yields to other requests
 * there and reports progress). For the end of a large import or sync.
 */
export async function catchUpRollups(db: Db, between: (done: number, total: number) => Promise<void> | void = () => {}): Promise<number> {
  const from = rollupWatermark(db);
  const max = maxEventId(db);
  if (max <= from) return 0;
  ensureStage(db);
  for (let lo = from; lo < max; lo += CHUNK) {
    const hi = Math.min(max, lo + CHUNK);
    addChunk(db, lo, hi);
    await between(hi - from, max - from);
  }
  return max - from;
}
