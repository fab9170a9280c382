/**
 * The secondary indexes and the search index over events, in one place: a large import stops
 * maintaining the secondary indexes and builds them in bulk afterwards (sorted runs merged in
 * order instead of millions of random B-tree inserts), and the search index is filled from a
 * watermark, so a crash mid-import is repaired at the next open instead of leaving events
 * unsearchable. The uid index is SQLite's own and stays: it is what makes imports idempotent.
 *
 * Each secondary index is a WITHOUT ROWID table (migration 0005) whose primary key is what it
 * narrows by, then occurred_at and the id, so a filtered page in time order is a range walk
 * of that table; the planner reads it through a view of the old index's name. A trigger on
 * events keeps it up to date row by row; the index counts as present while its trigger
 * exists. Why tables and not SQLite indexes: CREATE INDEX sorts the whole table in memory
 * (temp_store = MEMORY, see store/database.ts) — 1.35 GB for 8.4 M events — where a build
 * from runs of RUN_EVENTS events holds one run's sort at a time.
 *
 * Each one costs a pass over the table when it is rebuilt, so the list is kept short:
 *   events_time    the unfiltered grid and time ranges.
 *   events_facet   (source, severity, outcome, category, action): every combination of the
 *                  low-cardinality filters is a set of key ranges the browser lists exactly
 *                  (store/filterPlan.ts), so "SECURITY at ERROR or above", "failures of
 *                  sign-in", "this source" are each walked in time order with no row
 *                  lookups — 0.1–1 ms for a first page of 5 M events, where a category index
 *                  plus a severity check per row took 300–700 ms.
 *   events_actor   who did it (an email or a name is resolved to actor ids first).
 *   events_ip      where it came from; nothing else narrows by address (a full scan is ~15 s).
 *   events_target_id, events_target_name
 *                  what it was done to: by id (picked from an event) or by name (typed or
 *                  suggested). Either alone leaves the other lookup a full scan, and neither
 *                  can be resolved through the other (a name can stand for thousands of ids).
 *                  The id index also carries the name: a value that is both an id and a name
 *                  (a model called "embedder-v3" throughout) is then told apart in the index —
 *                  80,000 row lookups, 3 s, otherwise.
 * The last four carry the facet columns after the id, so "this actor's failures" or "errors
 * from this IP" are checked inside the index: counting a user's failures among 5 M events
 * took 22 s of row lookups and takes 7 ms this way.
 * No ANALYZE: the plans are chosen by the browser (a view per measured driver).
 */
import { rmSync, writeFileSync } from 'node:fs';
import type { Db } from './database';

export type IndexName = 'events_time' | 'events_facet' | 'events_actor' | 'events_ip' | 'events_target_id' | 'events_target_name';

export interface OwnIndex {
  /** the view the planner reads it through, named as the SQLite index it replaces */
  name: IndexName;
  table: string;
  /** the table's columns in order, as read from an event */
  columns: readonly string[];
  /** a key that may be NULL in events, stored as 0 (a primary key cannot hold NULL) */
  nullableKey?: string;
}

const FACETS = ['source_id', 'severity', 'outcome', 'category', 'action'];
const TIME = ['occurred_at', 'id'];

export const SECONDARY_INDEXES: readonly OwnIndex[] = [
  { name: 'events_time', table: 'ix_time', columns: TIME },
  { name: 'events_facet', table: 'ix_facet', columns: [...FACETS, ...TIME] },
  { name: 'events_actor', table: 'ix_actor', columns: ['actor_id', ...TIME, ...FACETS], nullableKey: 'actor_id' },
  { name: 'events_ip', table: 'ix_ip', columns: ['ip', ...TIME, ...FACETS], nullableKey: 'ip' },
  { name: 'events_target_id', table: 'ix_target_id', columns: ['target_id', ...TIME, ...FACETS, 'target_name'], nullableKey: 'target_id' },
  { name: 'events_target_name', table: 'ix_target_name', columns: ['target_name', ...TIME, ...FACETS], nullableKey: 'target_name' },
];

/**
 * Events per chunk and sorted run: one chunk's copy and one run's sort are what a build holds
 * in memory. Rebuilding 1 M events' indexes peaked at 124 MB of RSS with 131,072 (31.0 s) and
 * at 159 MB with 262,144 (32.5 s); the process holds 68 MB before.
 */
export const RUN_EVENTS = 131_072;
/** Runs merged by one statement; more are merged in rounds. */
const MERGE_FAN_IN = 16;
/** The merged table in the engagement database, renamed to the index's table once complete. */
const BUILT_PREFIX = 'ix_built_';
const SCRATCH = 'index_build';

const triggerName = (index: OwnIndex) => `${index.table}_fill`;
const watermarkKey = (index: OwnIndex) => `index_through:${index.table}`;

/** What the table stores for a column of event `row` (e.g. `NEW`). */
function valueOf(index: OwnIndex, column: string, row: string): string {
  return column === index.nullableKey ? `coalesce(${row}.${column}, 0)` : `${row}.${column}`;
}

/** The names of the secondary indexes that are present: complete and maintained by their trigger. */
export function presentSecondaryIndexes(db: Db): Set<IndexName> {
  const triggers = new Set(db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'events'").pluck().all() as string[]);
  return new Set(SECONDARY_INDEXES.filter((index) => triggers.has(triggerName(index))).map((index) => index.name));
}

function watermark(db: Db, index: OwnIndex): number | null {
  const value = db.prepare('SELECT value FROM engagement_state WHERE key = ?').pluck().get(watermarkKey(index)) as string | undefined;
  return value === undefined ? null : Number(value);
}

/** The newest event's id (events are append-only, ids ascending), 0 with none. */
export const maxEventId = (db: Db) => db.prepare('SELECT coalesce(max(id), 0) FROM events').pluck().get() as number;

/**
 * Stops maintaining the secondary indexes (a bulk import starts): each present one records the
 * newest event it holds, and its trigger is dropped. One already missing keeps its watermark
 * (or, with none, is rebuilt from scratch).
 */
export function dropSecondaryIndexes(db: Db): void {
  db.transaction(() => {
    const present = presentSecondaryIndexes(db);
    const max = maxEventId(db);
    for (const index of SECONDARY_INDEXES) {
      if (!present.has(index.name)) continue;
      db.prepare('INSERT INTO engagement_state (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(watermarkKey(index), String(max));
      db.exec(`DROP TRIGGER ${triggerName(index)}`);
    }
  })();
}

/**
 * The scratch database of a build, beside the engagement's file and encrypted with its key (an
 * ATTACH without a key takes the main database's; tested). Its runs are only ever appended and
 * it is worthless after a crash, so nothing in it is synced; it is deleted when the build ends
 * and before one starts.
 */
function attachScratch(db: Db): () => void {
  const file = db.memory ? ':memory:' : `${db.name}-${SCRATCH}`;
  const remove = () => {
    if (db.memory) return;
    rmSync(file, { force: true });
    rmSync(`${file}-journal`, { force: true });
  };
  remove();
  // An engagement is opened without the create flag, which an ATTACH inherits: an empty file
  // is an empty database.
  if (!db.memory) writeFileSync(file, '', { flag: 'wx', mode: 0o600 });
  const pageSize = Number(db.pragma('main.page_size', { simple: true }));
  db.prepare(`ATTACH DATABASE ? AS ${SCRATCH}`).run(file);
  db.pragma(`${SCRATCH}.page_size = ${pageSize}`);
  db.pragma(`${SCRATCH}.synchronous = OFF`);
  // Runs are written once and read once, in order: a small cache is enough.
  db.pragma(`${SCRATCH}.cache_size = -4096`);
  return () => {
    db.exec(`DETACH DATABASE ${SCRATCH}`);
    remove();
  };
}

/** A merged table an interrupted build left in the engagement database. */
function dropLeftovers(db: Db): void {
  const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE '${BUILT_PREFIX}%'`).pluck().all() as string[];
  for (const table of tables) db.exec(`DROP TABLE ${table}`);
}

/** The table's definition under another name: the migration is the one place that declares it. */
function tableSqlAs(db: Db, index: OwnIndex, name: string): string {
  const sql = db.prepare("SELECT sql FROM main.sqlite_master WHERE type = 'table' AND name = ?").pluck().get(index.table) as string | undefined;
  if (!sql) throw new Error(`the index table ${index.table} is missing`);
  // A table renamed into place is recorded with its name quoted.
  const named = new RegExp(`^CREATE TABLE (?:"${index.table}"|${index.table})(?=\\s*\\()`);
  if (!named.test(sql)) throw new Error(`unexpected definition of ${index.table}`);
  return sql.replace(named, `CREATE TABLE ${name}`);
}

/** The primary key's columns by position: those up to and including the id. */
function keyOrder(index: OwnIndex): string {
  return index.columns
    .slice(0, index.columns.indexOf('id') + 1)
    .map((_, i) => String(i + 1))
    .join(', ');
}

/**
 * One statement: SQLite merges the inputs' key-ordered scans (no sort) and appends in order.
 * It runs on its own, not inside a transaction: a statement inside one keeps an in-memory
 * journal of every page it reuses, which is what grew the build of 8.4 M events to 600 MB.
 */
function mergeInto(db: Db, index: OwnIndex, inputs: string[], target: string): void {
  const union = inputs.map((input) => `SELECT * FROM ${input}`).join(' UNION ALL ');
  db.exec(`INSERT INTO ${target} ${union}${inputs.length > 1 ? ` ORDER BY ${keyOrder(index)}` : ''}`);
}

/** Every column some index reads from an event: a chunk of events is copied once, with these. */
const CHUNK_COLUMNS = [...new Set(SECONDARY_INDEXES.flatMap((index) => index.columns))];
const CHUNK = 'temp.index_chunk';

interface Pending {
  index: OwnIndex;
  /** the newest event the table holds, or null: rebuilt from every event */
  through: number | null;
  runs: string[];
}

/** Where a build is: its steps are the chunks sorted into runs, then the indexes put in place. */
export interface BuildProgress {
  done: number;
  total: number;
  detail: string;
}

/**
 * Builds the missing indexes, yielding after each chunk's runs and after each index. The events after
 * each one's watermark (all of them, without one) are read once, a chunk of `runEvents` at a
 * time, into an in-memory table of the columns the indexes need; each index's run is sorted
 * from it into the scratch database. Then, index by index, its runs and what its table held
 * are merged (in rounds of MERGE_FAN_IN) into a new table, and one short transaction swaps
 * that in and recreates the trigger: an interrupted build leaves the index missing, never
 * partly filled, and the next build starts it over. Memory holds one chunk and one run's sort.
 */
function* buildSteps(db: Db, missing: readonly OwnIndex[], runEvents: number): Generator<BuildProgress, void> {
  dropLeftovers(db);
  const max = maxEventId(db);
  const pending: Pending[] = missing.map((index) => ({ index, through: watermark(db, index), runs: [] }));
  const detach = attachScratch(db);
  try {
    let next = 0;
    const newRun = (index: OwnIndex) => {
      const run = `${SCRATCH}.run_${next++}`;
      db.exec(tableSqlAs(db, index, run));
      return run;
    };
    const from = Math.min(...pending.map((p) => p.through ?? 0));
    const chunks = Math.max(0, Math.ceil((max - from) / runEvents));
    const total = chunks + pending.length;
    for (let lo = from; lo < max; lo += runEvents) {
      const hi = Math.min(max, lo + runEvents);
      db.prepare(`CREATE TABLE ${CHUNK} AS SELECT ${CHUNK_COLUMNS.join(', ')} FROM main.events WHERE id > ? AND id <= ?`).run(lo, hi);
      try {
        for (const p of pending) {
          const after = Math.max(lo, p.through ?? 0);
          if (after >= hi) continue;
          const run = newRun(p.index);
          const columns = p.index.columns.map((column) => valueOf(p.index, column, 'c')).join(', ');
          db.prepare(`INSERT INTO ${run} SELECT ${columns} FROM ${CHUNK} AS c WHERE id > ? ORDER BY ${keyOrder(p.index)}`).run(after);
          p.runs.push(run);
        }
      } finally {
        db.exec(`DROP TABLE ${CHUNK}`);
      }
      yield { done: Math.ceil((hi - from) / runEvents), total, detail: `sorted ${(hi - from).toLocaleString('en')} of ${(max - from).toLocaleString('en')} events into runs` };
    }
    for (const [built, { index, through, runs }] of pending.entries()) {
      // What the table holds is one more sorted input; without a watermark it is rebuilt whole.
      let inputs = [...runs];
      if (through !== null && runs.length > 0 && db.prepare(`SELECT 1 FROM main.${index.table} LIMIT 1`).get() !== undefined) inputs.unshift(`main.${index.table}`);
      while (inputs.length > MERGE_FAN_IN) {
        const merged: string[] = [];
        for (let i = 0; i < inputs.length; i += MERGE_FAN_IN) {
          const group = inputs.slice(i, i + MERGE_FAN_IN);
          const run = group.length === 1 ? group[0]! : newRun(index);
          if (group.length > 1) mergeInto(db, index, group, run);
          merged.push(run);
        }
        inputs = merged;
      }
      const swap = through === null || runs.length > 0;
      const target = `${BUILT_PREFIX}${index.table}`;
      if (swap) {
        db.exec(tableSqlAs(db, index, `main.${target}`));
        if (inputs.length > 0) mergeInto(db, index, inputs, `main.${target}`);
      }
      db.transaction(() => {
        if (swap) {
          // Legacy renaming leaves the view that reads the table by name alone.
          db.exec(`DROP TABLE main.${index.table}`);
          db.pragma('legacy_alter_table = ON');
          try {
            db.exec(`ALTER TABLE main.${target} RENAME TO ${index.table}`);
          } finally {
            db.pragma('legacy_alter_table = OFF');
          }
        }
        const values = index.columns.map((column) => valueOf(index, column, 'NEW')).join(', ');
        db.exec(`CREATE TRIGGER ${triggerName(index)} AFTER INSERT ON events BEGIN INSERT INTO ${index.table} (${index.columns.join(', ')}) VALUES (${values}); END`);
        db.prepare('DELETE FROM engagement_state WHERE key = ?').run(watermarkKey(index));
      })();
      yield { done: chunks + built + 1, total, detail: `${built + 1} of ${pending.length} indexes in place` };
    }
  } finally {
    detach();
  }
}

/** The secondary indexes a crash (or a bulk import in progress) left without their trigger. */
export function missingSecondaryIndexes(db: Db): OwnIndex[] {
  const present = presentSecondaryIndexes(db);
  return SECONDARY_INDEXES.filter((index) => !present.has(index.name));
}

export interface BuildOptions {
  /** events per chunk and sorted run (tests use small runs to exercise the merge) */
  runEvents?: number;
  /**
   * Stops the build at its next step once aborted: the indexes already in place stay, the
   * others stay missing (never partly filled) and the scratch database is removed.
   */
  signal?: AbortSignal;
}

/** Builds whichever secondary index is missing; answers the names it had to build. */
export function ensureSecondaryIndexes(db: Db, options: BuildOptions = {}): string[] {
  const missing = missingSecondaryIndexes(db);
  // Runs every step, without reporting.
  if (missing.length > 0) Array.from(buildSteps(db, missing, options.runEvents ?? RUN_EVENTS));
  return missing.map((index) => index.name);
}

/**
 * The same, reporting: `between` runs after each chunk is sorted into runs and after each index
 * is in place (a job reports progress there and lets queued requests run); with nothing
 * missing, once. Answers the names of the indexes it put in place: all that were missing,
 * unless `signal` stopped it.
 */
export async function buildSecondaryIndexes(db: Db, between: (progress: BuildProgress) => Promise<void>, options: BuildOptions = {}): Promise<string[]> {
  const missing = missingSecondaryIndexes(db);
  if (missing.length === 0) {
    await between({ done: 0, total: 0, detail: 'nothing to build' });
    return [];
  }
  for (const progress of buildSteps(db, missing, options.runEvents ?? RUN_EVENTS)) {
    await between(progress);
    // Leaving the loop closes the generator: its cleanup detaches and removes the scratch.
    if (options.signal?.aborted) break;
  }
  const present = presentSecondaryIndexes(db);
  return missing.filter((index) => present.has(index.name)).map((index) => index.name);
}

const FTS_WATERMARK = 'fts_through';
const FTS_CHUNK = 50_000;

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
    max: maxEventId(db),
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
