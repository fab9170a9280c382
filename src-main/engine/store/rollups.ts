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
import { maxEventId } from './eventIndexes';

/** The engagement_state key of the newest event the rollups hold. */
export const ROLLUP_WATERMARK = 'rollups_through';
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

/** A stored event's fields the rollups count, as the batch writer holds them. */
export interface RollupFields {
  occurredAt: number;
  sourceId: string;
  category: string;
  severity: number;
  outcome: string;
  action: string;
  actorKind: string;
  actorId: string | null;
  actorEmail: string | null;
  actorName: string | null;
  ip: string | null;
  targetName: string | null;
}

interface DayGroup {
  day: number;
  sourceId: string;
  category: string;
  severity: number;
  outcome: string;
  action: string;
  events: number;
  firstAt: number;
  lastAt: number;
}

interface ActorGroup {
  kind: string;
  id: string | null;
  email: string | null;
  name: string | null;
  events: number;
}

/** An unambiguous map key part: a text's length before it, so no value can run into the next. */
const keyPart = (value: string | null) => (value === null ? '-' : `${value.length}:${value}`);

/** The UTC day number of a time in microseconds, exactly as DAY_OF computes it in SQL. */
export function dayOf(micros: number): number {
  return (micros - (((micros % DAY_MICROS) + DAY_MICROS) % DAY_MICROS)) / DAY_MICROS;
}

/**
 * The rollup counts of a batch's stored events, gathered by the batch writer as it inserts
 * them (a few map updates per event instead of rereading and grouping the batch in SQL, which
 * took ~8 µs per event of the writer's time) and added in the batch's own transaction.
 */
export class RollupCounts {
  private readonly days = new Map<string, DayGroup>();
  private readonly actors = new Map<string, ActorGroup>();
  private readonly ips = new Map<string, number>();
  private readonly targets = new Map<string, number>();
  count = 0;

  add(e: RollupFields): void {
    this.count += 1;
    const day = dayOf(e.occurredAt);
    const dayKey = `${day}|${e.severity}|${keyPart(e.sourceId)}${keyPart(e.category)}${keyPart(e.outcome)}${e.action}`;
    const group = this.days.get(dayKey);
    if (group) {
      group.events += 1;
      if (e.occurredAt < group.firstAt) group.firstAt = e.occurredAt;
      if (e.occurredAt > group.lastAt) group.lastAt = e.occurredAt;
    } else {
      this.days.set(dayKey, { day, sourceId: e.sourceId, category: e.category, severity: e.severity, outcome: e.outcome, action: e.action, events: 1, firstAt: e.occurredAt, lastAt: e.occurredAt });
    }
    const actorKey = `${keyPart(e.actorKind)}${keyPart(e.actorId)}${keyPart(e.actorEmail)}${keyPart(e.actorName)}`;
    const actor = this.actors.get(actorKey);
    if (actor) actor.events += 1;
    else this.actors.set(actorKey, { kind: e.actorKind, id: e.actorId, email: e.actorEmail, name: e.actorName, events: 1 });
    if (e.ip !== null) this.ips.set(e.ip, (this.ips.get(e.ip) ?? 0) + 1);
    if (e.targetName !== null) this.targets.set(e.targetName, (this.targets.get(e.targetName) ?? 0) + 1);
  }

  /** The counts as rollup_values rows: action, source and outcome from the day groups, then IPs and target names. */
  private values(): [field: string, value: string, events: number][] {
    const byField = { action: new Map<string, number>(), source: new Map<string, number>(), outcome: new Map<string, number>() };
    for (const g of this.days.values()) {
      byField.action.set(g.action, (byField.action.get(g.action) ?? 0) + g.events);
      byField.source.set(g.sourceId, (byField.source.get(g.sourceId) ?? 0) + g.events);
      byField.outcome.set(g.outcome, (byField.outcome.get(g.outcome) ?? 0) + g.events);
    }
    const rows: [string, string, number][] = [];
    for (const [field, counts] of [...Object.entries(byField), ['ip', this.ips], ['target', this.targets]] as const) {
      for (const [value, events] of counts) rows.push([field, value, events]);
    }
    return rows;
  }

  /** Adds the counts to the rollups (the caller's transaction, with the watermark). */
  addTo(db: Db): void {
    const day = db.prepare(`INSERT INTO rollup_days (day, source_id, category, severity, outcome, action, events, first_at, last_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT DO UPDATE SET events = events + excluded.events, first_at = min(first_at, excluded.first_at), last_at = max(last_at, excluded.last_at)`);
    for (const g of this.days.values()) day.run(g.day, g.sourceId, g.category, g.severity, g.outcome, g.action, g.events, g.firstAt, g.lastAt);
    // The key is made by SQLite's json_array, as the chunk path makes it.
    const actor = db.prepare(`INSERT INTO rollup_actors (actor_key, actor_kind, actor_id, actor_email, actor_name, events)
      VALUES (json_array(@kind, @id, @email, @name), @kind, @id, @email, @name, @events) ON CONFLICT DO UPDATE SET events = events + excluded.events`);
    for (const a of this.actors.values()) actor.run(a);
    const value = db.prepare('INSERT INTO rollup_values (field, value, events) VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET events = events + excluded.events');
    for (const row of this.values()) value.run(row);
  }
}

/**
 * For a writer about to append events: whether the rollups hold every event so far, so that
 * counting what it appends and moving the watermark past it (`addAppended`) keeps them exact.
 * When they lag (a crash left a watermark behind), the writer leaves them to refreshRollups.
 */
export function rollupsAreCurrent(db: Db): boolean {
  return rollupWatermark(db) === maxEventId(db);
}

/**
 * Adds the counts of the events just appended (in the same transaction) and moves the
 * watermark to the newest event, when they are exactly the events above the watermark;
 * otherwise adds nothing, and refreshRollups counts those events from the table.
 */
export function addAppended(db: Db, counts: RollupCounts): boolean {
  const from = rollupWatermark(db);
  const to = maxEventId(db);
  if (counts.count === 0 || to - from !== counts.count) return false;
  counts.addTo(db);
  setWatermark(db, to);
  return true;
}

function setWatermark(db: Db, to: number): void {
  db.prepare('INSERT INTO engagement_state (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(ROLLUP_WATERMARK, String(to));
}

export function rollupWatermark(db: Db): number {
  const row = db.prepare('SELECT value FROM engagement_state WHERE key = ?').get(ROLLUP_WATERMARK) as { value: string } | undefined;
  return row ? Number(row.value) : 0;
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
    setWatermark(db, hi);
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
