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
 * from runs of RUN_EVENTS events holds one run's sort at a time. A build started by a job sorts
 * and merges half of the indexes in a helper thread (store/indexHelper.ts).
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
import { randomBytes } from 'node:crypto';
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { connectionCipher, type Db } from './database';
import { HELPER_SCRATCH, IndexHelperError, startIndexHelper, type HelperStart } from './indexHelper';

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
/** The scratch database's schema name; the helper attaches its own under the same name, so a run is named alike on both sides. */
const SCRATCH = HELPER_SCRATCH;

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
  const remove = () => removeScratch(db);
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

/** Every column some index reads from an event: a chunk of events is copied once, with these. */
const CHUNK_COLUMNS = [...new Set(SECONDARY_INDEXES.flatMap((index) => index.columns))];
/**
 * The chunk is an attached database of its own: in memory, or with a helper, a file it reads
 * too (one per chunk, removed once the helper has sorted it).
 */
const CHUNK_SCHEMA = 'index_chunk';
const CHUNK_TABLE = 'chunk_events';

/**
 * What the helper (store/indexHelper.ts) sorts and merges when there is one: half the build's
 * work. Measured on 1 M events, sorting runs plus merging them: actor 4.6 s, target id 5.1 s,
 * target name 4.5 s; the engine keeps time 1.5 s, facet 4.9 s and ip 4.4 s, and also copies
 * each chunk (2.2 s in all) and the helper's three tables into place.
 */
const HELPER_SHARE: ReadonlySet<IndexName> = new Set(['events_actor', 'events_target_id', 'events_target_name']);
/**
 * A helper's files: `<engagement db>-index_helper-<build>-runs`, `-chunk-<n>` for each chunk
 * and one `-<table>` per merged index.
 */
const HELPER_FILES = 'index_helper';
/** Where the engine reads a merged table of the helper's, one at a time. */
const HELPER_DONE = 'index_helped';

interface Pending {
  index: OwnIndex;
  /** the newest event the table holds, or null: rebuilt from every event */
  through: number | null;
  /** its sorted runs, in the scratch of whoever sorts them (both attach theirs as `index_build`) */
  runs: string[];
  /** sorted and merged by the helper */
  helped: boolean;
  /** the helper's merged table, in a file of its own: ready once `ready` resolves */
  merged?: { file: string; ready: Promise<void> };
}

/** Where a build is: its steps are the chunks sorted into runs, then the indexes put in place. */
export interface BuildProgress {
  done: number;
  total: number;
  detail: string;
}

/** A step of a build: progress to report, or the helper to wait for (only when it has one). */
type BuildStep = { progress: BuildProgress } | { wait: Promise<void> };

/** The statements that sort one chunk's events after `after` into a new run of `index`. */
function runStatements(db: Db, index: OwnIndex, run: string, chunk: string, after: number): string[] {
  const columns = index.columns.map((column) => valueOf(index, column, 'c')).join(', ');
  return [tableSqlAs(db, index, run), `INSERT INTO ${run} SELECT ${columns} FROM ${chunk} AS c WHERE id > ${Math.trunc(after)} ORDER BY ${keyOrder(index)}`];
}

/**
 * The statements that merge `inputs` in rounds of MERGE_FAN_IN (new runs named by `newRun`)
 * until at most MERGE_FAN_IN remain; answers those statements and the inputs left.
 */
function mergeRounds(db: Db, index: OwnIndex, inputs: readonly string[], newRun: () => string): { statements: string[]; inputs: string[] } {
  const statements: string[] = [];
  let left = [...inputs];
  while (left.length > MERGE_FAN_IN) {
    const merged: string[] = [];
    for (let i = 0; i < left.length; i += MERGE_FAN_IN) {
      const group = left.slice(i, i + MERGE_FAN_IN);
      if (group.length === 1) {
        merged.push(group[0]!);
        continue;
      }
      const run = newRun();
      statements.push(tableSqlAs(db, index, run), mergeSql(index, group, run));
      merged.push(run);
    }
    left = merged;
  }
  return { statements, inputs: left };
}

/**
 * One statement: SQLite merges the inputs' key-ordered scans (no sort) and appends in order;
 * a single input is copied as it is stored (SQLite's transfer of an identical table). It runs
 * on its own, not inside a transaction: a statement inside one keeps an in-memory journal of
 * every page it reuses, which is what grew the build of 8.4 M events to 600 MB.
 */
function mergeSql(index: OwnIndex, inputs: readonly string[], target: string): string {
  const union = inputs.map((input) => `SELECT * FROM ${input}`).join(' UNION ALL ');
  return `INSERT INTO ${target} ${union}${inputs.length > 1 ? ` ORDER BY ${keyOrder(index)}` : ''}`;
}

/**
 * Removes the scratch files a build killed with its process left beside the engagement's
 * database (the engine's runs and every helper's files), when it is opened: they are encrypted,
 * but worthless, and an engagement whose indexes were all in place would not build again soon.
 */
export function removeBuildLeftovers(db: Db): void {
  removeScratch(db);
  removeHelperFiles(db);
}

/** Removes the engine's scratch database and its journal. */
function removeScratch(db: Db): void {
  if (db.memory) return;
  rmSync(`${db.name}-${SCRATCH}`, { force: true });
  rmSync(`${db.name}-${SCRATCH}-journal`, { force: true });
}

/** Removes a helper's files: those of the build named, or with none named, every build's. */
function removeHelperFiles(db: Db, build?: string): void {
  if (db.memory) return;
  const prefix = `${basename(db.name)}-${HELPER_FILES}-${build ?? ''}`;
  for (const name of readdirSync(dirname(db.name))) if (name.startsWith(prefix)) rmSync(join(dirname(db.name), name), { force: true });
}

/**
 * Builds the missing indexes, yielding after each chunk's runs and after each index. The events after
 * each one's watermark (all of them, without one) are read once, a chunk of `runEvents` at a
 * time, into an in-memory table of the columns the indexes need; each index's run is sorted
 * from it into the scratch database. Then, index by index, its runs and what its table held
 * are merged (in rounds of MERGE_FAN_IN) into a new table, and one short transaction swaps
 * that in and recreates the trigger: an interrupted build leaves the index missing, never
 * partly filled, and the next build starts it over. Memory holds one chunk and one run's sort.
 *
 * With a helper, it gets each chunk too (the one before must be sorted first, so at most one
 * chunk waits for it) and sorts the runs of its share into its own scratch; after the last
 * chunk it merges each of them into a file of its own, while the engine puts its share in
 * place. Those are put in place last, each copied from the helper's file once it is ready.
 * `cleanups` receives what finishes after the generator ends (the helper stopping, its files
 * removed), for the caller to await.
 */
function* buildSteps(db: Db, missing: readonly OwnIndex[], runEvents: number, helperStart: HelperStart | null, cleanups: Promise<void>[]): Generator<BuildStep, void> {
  dropLeftovers(db);
  removeHelperFiles(db);
  const max = maxEventId(db);
  const withHelper = helperStart !== null && !db.memory && missing.some((index) => HELPER_SHARE.has(index.name));
  const pending: Pending[] = missing.map((index) => ({ index, through: watermark(db, index), runs: [], helped: withHelper && HELPER_SHARE.has(index.name) }));
  // The engine's share is put in place while the helper merges its own.
  pending.sort((a, b) => Number(a.helped) - Number(b.helped));
  const detach = attachScratch(db);
  const build = randomBytes(6).toString('hex');
  /** A new file of the helper's: created here, empty, readable by this user alone. */
  const helperFile = (part: string) => {
    const file = join(dirname(db.name), `${basename(db.name)}-${HELPER_FILES}-${build}-${part}`);
    writeFileSync(file, '', { flag: 'wx', mode: 0o600 });
    return file;
  };
  const pageSize = Number(db.pragma('main.page_size', { simple: true }));
  const helper = withHelper && helperStart ? startIndexHelper(helperStart, helperFile('runs'), pageSize, connectionCipher(db)) : null;
  /**
   * Attaches `file` (the helper's, with its key) as `schema`, written without syncing and
   * locked per statement: the engagement's exclusive locking mode would extend to it, and the
   * helper would wait (1.3 s per chunk, measured) until it is detached.
   */
  const attachHelperFile = (file: string, schema: string) => {
    db.prepare(`ATTACH DATABASE ? AS ${schema} KEY ?`).run(file, `x'${helper!.init.keyHex}'`);
    db.pragma(`${schema}.locking_mode = NORMAL`);
    db.pragma(`${schema}.synchronous = OFF`);
  };
  try {
    let next = 0;
    const newRun = () => `${SCRATCH}.run_${next++}`;
    const from = Math.min(...pending.map((p) => p.through ?? 0));
    const chunks = Math.max(0, Math.ceil((max - from) / runEvents));
    const total = chunks + pending.length;
    // The helper's previous chunk: sorted before the next is sent.
    let sorting: Promise<void> = Promise.resolve();
    let sortingFile: string | null = null;
    for (let lo = from; lo < max; lo += runEvents) {
      const hi = Math.min(max, lo + runEvents);
      const needs = pending.filter((p) => Math.max(lo, p.through ?? 0) < hi);
      const chunkFile = helper && needs.some((p) => p.helped) ? helperFile(`chunk-${lo}`) : null;
      if (chunkFile) attachHelperFile(chunkFile, CHUNK_SCHEMA);
      else db.exec(`ATTACH DATABASE ':memory:' AS ${CHUNK_SCHEMA}`);
      try {
        db.prepare(`CREATE TABLE ${CHUNK_SCHEMA}.${CHUNK_TABLE} AS SELECT ${CHUNK_COLUMNS.join(', ')} FROM main.events WHERE id > ? AND id <= ?`).run(lo, hi);
        const sortRun = (p: Pending) => {
          const run = newRun();
          p.runs.push(run);
          return runStatements(db, p.index, run, `${CHUNK_SCHEMA}.${CHUNK_TABLE}`, Math.max(lo, p.through ?? 0));
        };
        if (helper && chunkFile) {
          const helped = needs.filter((p) => p.helped).flatMap(sortRun);
          yield { wait: sorting };
          if (sortingFile) rmSync(sortingFile, { force: true });
          sorting = helper.send(helped, [{ file: chunkFile, as: CHUNK_SCHEMA }]);
          sortingFile = chunkFile;
        }
        for (const p of needs.filter((p) => !p.helped)) for (const sql of sortRun(p)) db.exec(sql);
      } finally {
        // A file chunk stays for the helper; an in-memory one is gone with its database.
        db.exec(`DETACH DATABASE ${CHUNK_SCHEMA}`);
      }
      yield { progress: { done: Math.ceil((hi - from) / runEvents), total, detail: `sorted ${(hi - from).toLocaleString('en')} of ${(max - from).toLocaleString('en')} events into runs` } };
    }
    if (helper) {
      for (const p of pending) {
        if (!p.helped || p.runs.length === 0) continue;
        const { statements, inputs } = mergeRounds(db, p.index, p.runs, newRun);
        const final = `${HELPER_DONE}.${p.index.table}`;
        statements.push(tableSqlAs(db, p.index, final), mergeSql(p.index, inputs, final));
        const file = helperFile(p.index.table);
        // Every chunk's sort ran before (the helper takes requests in order); a failed one fails this.
        const ready = Promise.all([sorting, helper.send(statements, [{ file, as: HELPER_DONE }])]).then(() => {});
        // A build stopped before it reaches this index no longer awaits it.
        ready.catch(() => {});
        p.merged = { file, ready };
      }
    }
    for (const [built, p] of pending.entries()) {
      const { index, through, runs } = p;
      let inputs = [...runs];
      if (p.merged) {
        yield { wait: p.merged.ready };
        attachHelperFile(p.merged.file, HELPER_DONE);
        inputs = [`${HELPER_DONE}.${index.table}`];
      }
      try {
        // What the table holds is one more sorted input; without a watermark it is rebuilt whole.
        if (through !== null && runs.length > 0 && db.prepare(`SELECT 1 FROM main.${index.table} LIMIT 1`).get() !== undefined) inputs.unshift(`main.${index.table}`);
        const rounds = mergeRounds(db, index, inputs, newRun);
        for (const sql of rounds.statements) db.exec(sql);
        const swap = through === null || runs.length > 0;
        const target = `${BUILT_PREFIX}${index.table}`;
        if (swap) {
          db.exec(tableSqlAs(db, index, `main.${target}`));
          if (rounds.inputs.length > 0) db.exec(mergeSql(index, rounds.inputs, `main.${target}`));
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
      } finally {
        if (p.merged) db.exec(`DETACH DATABASE ${HELPER_DONE}`);
      }
      yield { progress: { done: chunks + built + 1, total, detail: `${built + 1} of ${pending.length} indexes in place` } };
    }
  } finally {
    detach();
    // Its files go once it has stopped: a request it was running could still create one.
    if (helper) cleanups.push(helper.stop().then(() => removeHelperFiles(db, build)));
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
  /**
   * half the sorting on another core (store/indexHelper.ts); without, or once it has failed
   * (reported through `between`), all of it in this thread
   */
  helper?: HelperStart | null;
}

/** Builds whichever secondary index is missing, in this thread; answers the names it had to build. */
export function ensureSecondaryIndexes(db: Db, options: Omit<BuildOptions, 'helper' | 'signal'> = {}): string[] {
  const missing = missingSecondaryIndexes(db);
  // Runs every step, without reporting; without a helper there is nothing to wait for.
  if (missing.length > 0) Array.from(buildSteps(db, missing, options.runEvents ?? RUN_EVENTS, null, []));
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
  const cleanups: Promise<void>[] = [];
  let helper = options.helper ?? null;
  try {
    for (;;) {
      try {
        for (const step of buildSteps(db, missingSecondaryIndexes(db), options.runEvents ?? RUN_EVENTS, helper, cleanups)) {
          if ('wait' in step) await step.wait;
          else await between(step.progress);
          // Leaving the loop closes the generator: its cleanup detaches and removes the scratch.
          if (options.signal?.aborted) break;
        }
        break;
      } catch (error) {
        // The helper only makes it faster: without it, what is still missing is built here.
        if (!(error instanceof IndexHelperError) || helper === null) throw error;
        helper = null;
        await Promise.all(cleanups);
        await between({ done: 0, total: 0, detail: `${error.message}; building the rest in this thread` });
        if (options.signal?.aborted || missingSecondaryIndexes(db).length === 0) break;
      }
    }
  } finally {
    await Promise.all(cleanups);
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
 * Brings the search index up to the newest event at once. The import writer calls it in each
 * batch's transaction (one synced commit for both), while the batch's pages are still cached.
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
