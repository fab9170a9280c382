/**
 * Plans a filter into queries SQLite answers by walking one index in (occurred_at, id) order,
 * so the first rows of any filter over millions of events cost a short walk, never a sort of
 * everything that matches. The plan's rows are exactly those of the reference clause in
 * store/filterSql.ts; only the access path differs:
 *
 * - The low-cardinality fields (source, severity, outcome, category, action) become the list
 *   of their combinations that exist in the engagement (read from the facet index, cached per
 *   generation): `(source_id, …, action) IN (VALUES …)`. SQLite walks each combination's range
 *   of events_facet in time order and stops early (its ORDER BY … LIMIT optimisation for IN),
 *   with no table lookups.
 * - An actor given as an email or a name is resolved to actor ids through rollup_actors, then
 *   walked on events_actor; a target is walked by name and by id on their indexes.
 * - An IP prefix becomes the list of addresses under it (read from events_ip).
 * - OR-alternatives (actor: by id / by partial id / without id; target: by name / by id)
 *   become disjoint arms of a UNION ALL, which SQLite merges in order.
 * - Each arm is driven by the index whose condition matches the fewest rows, measured by a
 *   capped count on that index's view; the rest of the conditions are checked per row.
 *   A search is driven from the search index when it matches few rows, else checked per row
 *   against the set of matching rowids (or, for words in most events, one rowid at a time).
 * - An index is a table of its own read through a view named after it (store/eventIndexes.ts):
 *   an arm reads `events_actor AS events`, so every clause names columns as on events, and
 *   SQLite looks an event's row up only when a condition or the select needs a column the
 *   index does not carry.
 */
import type { Db } from './database';
import { ftsWatermark, maxEventId, presentSecondaryIndexes, SECONDARY_INDEXES, type IndexName } from './eventIndexes';
import { ACTOR_MATCH, andAll, inList, ipCondition, SEARCH_SUBQUERY, timeCondition, type NormalizedFilter, type SqlParam, type SqlWhere } from './filterSql';
import { refreshRollups } from './rollups';

export type Order = 'desc' | 'asc';

/** A row's position in the (occurred_at, id) order. */
export interface Key {
  at: number;
  id: number;
}

/** How an arm reads events: through an index's view, by rowid (NOT INDEXED), or SQLite's choice. */
type Driver = IndexName | 'rowid' | null;

interface Condition extends SqlWhere {
  /** the index that can walk this condition in time order */
  index?: IndexName;
  /**
   * The condition as stated on that index's view, where it differs: a missing key reads 0
   * there, not NULL (store/migrations/0005-own-indexes.ts).
   */
  onIndex?: string;
  /** the facet combinations this condition lists */
  combos?: readonly FacetCombo[];
}

interface SearchCondition {
  /** the FTS5 MATCH expression */
  match: string;
  /** matches most events: checked one rowid at a time while walking, for first pages */
  veryCommon: boolean;
}

export interface Arm {
  driver: Driver;
  conditions: Condition[];
  search: SearchCondition | null;
}

/** Disjoint arms whose union is the filter's result; no arms = nothing matches. */
export interface Plan {
  arms: Arm[];
}

const FACET_COLUMNS = ['source_id', 'severity', 'outcome', 'category', 'action'] as const;
type FacetCombo = [string, number, string, string, string];

/** Above this many facet combinations the filter is stated per column instead (still the facet index). */
const MAX_COMBOS = 2000;
/** An IP prefix with more addresses than this is a range walk instead of a list of addresses. */
const MAX_PREFIX_ADDRESSES = 256;
/** Capped counts for choosing a driver: enough to tell selective from common. */
const PROBE_CAP = 20_000;
/** A search this selective is driven from the search index (its rows fetched and sorted). */
const SEARCH_DRIVE_MAX = 1_500;
/** Newest matches sampled to tell a search word in most events. */
const SEARCH_SAMPLE = 2_000;
const VERY_COMMON_SHARE = 0.25;
/** Preference among drivers of equal estimate: covering and selective first, the time walk last. */
const DRIVER_PREFERENCE: readonly Driver[] = ['rowid', 'events_target_id', 'events_target_name', 'events_actor', 'events_ip', 'events_facet', 'events_time'];

const EMPTY: Plan = { arms: [] };

/** What the plans of one open engagement may cache, valid while its events and schema stay the same. */
export class PlanContext {
  generation = '';
  maxId = 0;
  ftsThrough = 0;
  private indexes = new Set<IndexName>();
  private combos: FacetCombo[] | null = null;
  private readonly probes = new Map<string, Record<string, number | null>>();

  constructor(readonly db: Db) {}

  /**
   * Re-reads what the caches depend on: the newest event id (events are append-only), the
   * search index watermark and the schema version (indexes dropped or built). Answers the
   * generation, which changes whenever any of them does.
   */
  refresh(): string {
    this.maxId = maxEventId(this.db);
    this.ftsThrough = ftsWatermark(this.db);
    const schema = Number(this.db.pragma('schema_version', { simple: true }));
    const generation = `${this.maxId}:${this.ftsThrough}:${schema}`;
    if (generation !== this.generation) {
      this.generation = generation;
      this.indexes = presentSecondaryIndexes(this.db);
      this.combos = null;
      this.probes.clear();
    }
    return generation;
  }

  has(index: IndexName): boolean {
    return this.indexes.has(index);
  }

  /** Every (source, severity, outcome, category, action) present, by skipping through the facet index. */
  facetCombos(): FacetCombo[] {
    this.combos ??= distinctFacetCombos(this.db);
    return this.combos;
  }

  /** A one-row measurement (a capped count, a sample), remembered for this generation. */
  measure<T extends Record<string, number | null>>(sql: string, params: SqlParam[]): T {
    const key = `${sql}\u0000${JSON.stringify(params)}`;
    let row = this.probes.get(key);
    if (row === undefined) {
      row = this.db.prepare(sql).get(...params) as T;
      this.probes.set(key, row);
    }
    return row as T;
  }

  /** A capped count (`SELECT count(*) AS n …`), remembered for this generation. */
  estimate(sql: string, params: SqlParam[]): number {
    return this.measure<{ n: number }>(sql, params).n;
  }
}

const contexts = new WeakMap<Db, PlanContext>();

/** The plan cache of an open database handle (a new handle, after a reopen, starts empty). */
export function planContext(db: Db): PlanContext {
  let ctx = contexts.get(db);
  if (!ctx) {
    ctx = new PlanContext(db);
    contexts.set(db, ctx);
  }
  ctx.refresh();
  return ctx;
}

function distinctFacetCombos(db: Db): FacetCombo[] {
  const levels = FACET_COLUMNS.map((column, level) => {
    const prefix = FACET_COLUMNS.slice(0, level).map((c) => `${c} = ?`);
    const where = (extra: string[]) => (extra.length ? `WHERE ${extra.join(' AND ')}` : '');
    const sql = (extra: string[]) => `SELECT ${column} AS v FROM ix_facet ${where(extra)} ORDER BY ${column} LIMIT 1`;
    return { first: db.prepare(sql(prefix)).pluck(), next: db.prepare(sql([...prefix, `${column} > ?`])).pluck() };
  });
  const combos: FacetCombo[] = [];
  const walk = (prefix: (string | number)[]) => {
    const level = levels[prefix.length];
    if (!level) {
      combos.push(prefix as FacetCombo);
      return;
    }
    for (let value = level.first.get(...prefix) as string | number | undefined; value !== undefined; value = level.next.get(...prefix, value) as string | number | undefined) {
      walk([...prefix, value]);
    }
  };
  walk([]);
  return combos;
}

function hasFacetFilter(f: NormalizedFilter): boolean {
  return Boolean(f.sources || f.severities || f.outcomes || f.categories || f.actions);
}

function comboMatches(f: NormalizedFilter, [source, severity, outcome, category, action]: FacetCombo): boolean {
  return (
    (!f.sources || f.sources.includes(source)) &&
    (!f.severities || f.severities.includes(severity)) &&
    (!f.outcomes || f.outcomes.includes(outcome)) &&
    (!f.categories || f.categories.includes(category)) &&
    (!f.actions || f.actions.includes(action))
  );
}

/**
 * The facet fields as the combinations that exist: null when none exists (nothing matches),
 * undefined when all do (no condition needed — e.g. the only source there is).
 */
function facetCondition(ctx: PlanContext, f: NormalizedFilter): Condition | null | undefined {
  if (!hasFacetFilter(f)) return undefined;
  if (!ctx.has('events_facet')) {
    const parts: SqlWhere[] = [];
    if (f.sources) parts.push(inList('source_id', f.sources));
    if (f.severities) parts.push(inList('severity', f.severities));
    if (f.outcomes) parts.push(inList('outcome', f.outcomes));
    if (f.categories) parts.push(inList('category', f.categories));
    if (f.actions) parts.push(inList('action', f.actions));
    return f.severities?.length === 0 ? null : andAll(parts);
  }
  const all = ctx.facetCombos();
  const combos = all.filter((combo) => comboMatches(f, combo));
  if (combos.length === 0) return null;
  if (combos.length === all.length) return undefined;
  if (combos.length > MAX_COMBOS) {
    const column = (i: number) => [...new Set(combos.map((c) => c[i] as SqlParam))];
    return { ...andAll(FACET_COLUMNS.map((name, i) => inList(name, column(i)))), index: 'events_facet' };
  }
  return combosCondition(combos);
}

function combosCondition(combos: readonly FacetCombo[]): Condition {
  if (combos.length === 0) return { clause: '0', params: [] };
  return {
    clause: `(${FACET_COLUMNS.join(', ')}) IN (VALUES ${combos.map(() => '(?, ?, ?, ?, ?)').join(', ')})`,
    params: combos.flat(),
    index: 'events_facet',
    combos,
  };
}

/**
 * The facet fields of a filter as a condition the facet index always serves — every
 * combination when the filter has none — so a count grouped by category, severity or action
 * reads that index alone, never the rows. Null when nothing matches.
 */
export function coveringFacetCondition(ctx: PlanContext, f: NormalizedFilter): { from: string; where: SqlWhere } | null {
  const condition = facetCondition(ctx, f);
  if (condition === null) return null;
  if (!ctx.has('events_facet')) return { from: 'events', where: condition ?? { clause: '1', params: [] } };
  const { clause, params } = condition ?? combosCondition(ctx.facetCombos());
  return { from: 'ix_facet AS events', where: { clause, params } };
}

/** The addresses under a prefix, by skipping through the IP index; null when there are too many. */
function prefixAddresses(db: Db, from: string, below: string): string[] | null {
  // Text bounds: the 0 that stands for "no address" is never between them.
  const first = db.prepare('SELECT ip FROM ix_ip WHERE ip >= ? AND ip < ? ORDER BY ip LIMIT 1').pluck();
  const next = db.prepare('SELECT ip FROM ix_ip WHERE ip > ? AND ip < ? ORDER BY ip LIMIT 1').pluck();
  const addresses: string[] = [];
  for (let ip = first.get(from, below) as string | undefined; ip !== undefined; ip = next.get(ip, below) as string | undefined) {
    if (addresses.length === MAX_PREFIX_ADDRESSES) return null;
    addresses.push(ip);
  }
  return addresses;
}

/** The IP filter as an index condition; null when no event has such an address. */
function ipPlanCondition(ctx: PlanContext, f: NormalizedFilter): Condition | null | undefined {
  if (!f.ip) return undefined;
  const index = ctx.has('events_ip') ? ('events_ip' as const) : undefined;
  if ('exact' in f.ip || !index) return { ...ipCondition(f.ip), ...(index ? { index } : {}) };
  const addresses = prefixAddresses(ctx.db, f.ip.from, f.ip.below);
  if (addresses === null) return { ...ipCondition(f.ip), index };
  return addresses.length ? { ...inList('ip', addresses), index } : null;
}

/** SQLite's NOCASE folds ASCII letters only; the actor directory must compare the same way. */
function asciiLower(text: string): string {
  return text.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

interface ActorTuple {
  actor_id: string | null;
  actor_email: string | null;
  actor_name: string | null;
}

function actorMatches(t: ActorTuple, value: string): boolean {
  return t.actor_id === value || (t.actor_email !== null && asciiLower(t.actor_email) === asciiLower(value)) || t.actor_name === value;
}

/**
 * The actor filter as alternatives, through the directory of actors as recorded: ids all of
 * whose records match (no per-row check), ids some of whose records match (with the check),
 * and records without an id (walked on the index's NULL range, with the check).
 */
function actorAlternatives(ctx: PlanContext, actor: string): Condition[][] {
  refreshRollups(ctx.db);
  const directory = ctx.db.prepare(`SELECT actor_id, actor_email, actor_name FROM rollup_actors WHERE ${ACTOR_MATCH}`).all(actor, actor, actor) as ActorTuple[];
  const ids = [...new Set(directory.map((t) => t.actor_id).filter((id): id is string => id !== null))];
  const index = ctx.has('events_actor') ? ('events_actor' as const) : undefined;
  const withIndex = (c: SqlWhere): Condition => (index ? { ...c, index } : c);
  const check: Condition = { clause: ACTOR_MATCH, params: [actor, actor, actor] };
  const alternatives: Condition[][] = [];
  if (ids.length) {
    const records = ctx.db.prepare(`SELECT actor_id, actor_email, actor_name FROM rollup_actors WHERE ${inList('actor_id', ids).clause}`).all(...ids) as ActorTuple[];
    const partial = new Set(records.filter((t) => !actorMatches(t, actor)).map((t) => t.actor_id));
    const whole = ids.filter((id) => !partial.has(id));
    if (whole.length) alternatives.push([withIndex(inList('actor_id', whole))]);
    if (partial.size) alternatives.push([withIndex(inList('actor_id', [...partial] as string[])), check]);
  }
  if (directory.some((t) => t.actor_id === null)) alternatives.push([{ ...withIndex({ clause: 'actor_id IS NULL', params: [] }), ...(index ? { onIndex: 'actor_id = 0' } : {}) }, check]);
  return alternatives;
}

interface Alternative {
  conditions: Condition[];
}

/**
 * The target filter as two disjoint alternatives: by name, and by id where the name differs
 * (events_target_id carries the name, so that check stays in the index).
 */
function targetAlternatives(ctx: PlanContext, target: string): Alternative[] {
  const indexed = (index: IndexName, c: SqlWhere): Condition => (ctx.has(index) ? { ...c, index } : c);
  return [
    { conditions: [indexed('events_target_name', { clause: 'target_name = ?', params: [target] })] },
    { conditions: [indexed('events_target_id', { clause: 'target_id = ?', params: [target] }), { clause: 'target_name IS NOT ?', params: [target] }] },
  ];
}

/**
 * Whether a search matches most events: the share of rowids its newest matches span. FTS5
 * reads a term's rowids newest first without a seek, where counting the matches of a rowid
 * range of a word in most events cost 340 ms.
 */
function searchIsVeryCommon(ctx: PlanContext, match: string): boolean {
  const sample = ctx.measure<{ n: number; lowest: number | null }>(
    `SELECT count(*) AS n, min(rowid) AS lowest FROM (SELECT rowid FROM events_fts WHERE events_fts MATCH ? ORDER BY rowid DESC LIMIT ${SEARCH_SAMPLE})`,
    [match],
  );
  if (sample.n < SEARCH_SAMPLE || sample.lowest === null) return false;
  return sample.n / (ctx.ftsThrough - sample.lowest + 1) > VERY_COMMON_SHARE;
}

/**
 * Picks the arm's driver: the candidate whose own conditions match the fewest rows. With a
 * single candidate besides the time walk and no time range, there is nothing to measure.
 */
function chooseDriver(ctx: PlanContext, conditions: Condition[], time: SqlWhere | null, match: string | undefined): Driver {
  const indexes = new Set(conditions.map((c) => c.index).filter((i): i is IndexName => i !== undefined));
  if (match === undefined && time === null && indexes.size === 1) return [...indexes][0] ?? null;
  const estimates = new Map<Driver, number>();
  if (match !== undefined) {
    const matches = ctx.estimate(`SELECT count(*) AS n FROM (SELECT 1 FROM events_fts WHERE events_fts MATCH ? LIMIT ${PROBE_CAP})`, [match]);
    // A search drives only when it is selective: its rows are fetched and sorted by time.
    if (matches <= SEARCH_DRIVE_MAX) estimates.set('rowid', matches);
  }
  if (ctx.has('events_time')) indexes.add('events_time');
  for (const index of indexes) {
    const own = andAll([...conditions.filter((c) => c.index === index).map((c) => statedOn(c, index)), ...(time ? [time] : [])]);
    estimates.set(index, ctx.estimate(`SELECT count(*) AS n FROM (SELECT 1 FROM ${fromClause(index, own.clause)} WHERE ${own.clause} LIMIT ${PROBE_CAP})`, own.params));
  }
  let best: Driver = null;
  let bestEstimate = Infinity;
  for (const driver of DRIVER_PREFERENCE) {
    const estimate = estimates.get(driver);
    if (estimate !== undefined && estimate < bestEstimate) {
      best = driver;
      bestEstimate = estimate;
    }
  }
  return best;
}

function planArm(ctx: PlanContext, base: Condition[], time: SqlWhere | null, alternative: Alternative, match: string | undefined): Arm {
  const own = [...base, ...alternative.conditions];
  const driver = chooseDriver(ctx, own, time, match);
  const conditions = [...own, ...(time ? [time] : [])];
  const search = match === undefined ? null : { match, veryCommon: driver !== 'rowid' && searchIsVeryCommon(ctx, match) };
  return { driver, conditions, search };
}

/** Every combination of one alternative from each list (a filter has at most two such lists). */
function crossProduct(lists: Alternative[][]): Alternative[] {
  return lists.reduce<Alternative[]>((acc, list) => acc.flatMap((a) => list.map((b) => ({ conditions: [...a.conditions, ...b.conditions] }))), [{ conditions: [] }]);
}

export function planFilter(ctx: PlanContext, f: NormalizedFilter): Plan {
  const base: Condition[] = [];
  const facet = facetCondition(ctx, f);
  if (facet === null) return EMPTY;
  if (facet) base.push(facet);
  const ip = ipPlanCondition(ctx, f);
  if (ip === null) return EMPTY;
  if (ip) base.push(ip);
  const lists: Alternative[][] = [];
  if (f.actor !== undefined) {
    const actor = actorAlternatives(ctx, f.actor);
    if (actor.length === 0) return EMPTY;
    lists.push(actor.map((conditions) => ({ conditions })));
  }
  if (f.target !== undefined) lists.push(targetAlternatives(ctx, f.target));
  const time = timeCondition(f);
  return { arms: crossProduct(lists).map((alternative) => planArm(ctx, base, time, alternative, f.search)) };
}

/** Where a walk starts: after (or at, when inclusive) a key, in the plan's order. */
export interface Bound {
  key: Key;
  inclusive: boolean;
}

function keysetCondition(order: Order, bound: Bound): SqlWhere {
  const { at, id } = bound.key;
  const [outer, strict, idOp] = order === 'desc' ? ['<=', '<', bound.inclusive ? '<=' : '<'] : ['>=', '>', bound.inclusive ? '>=' : '>'];
  return { clause: `occurred_at ${outer} ? AND (occurred_at ${strict} ? OR id ${idOp} ?)`, params: [at, at, id] };
}

function searchSql(arm: Arm, firstRows: boolean): SqlWhere | null {
  if (!arm.search) return null;
  if (firstRows && arm.search.veryCommon) {
    return { clause: 'EXISTS (SELECT 1 FROM events_fts WHERE events_fts MATCH ? AND rowid = events.id)', params: [arm.search.match] };
  }
  return { clause: `id IN (${SEARCH_SUBQUERY})`, params: [arm.search.match] };
}

/** The columns of events, as a query names them. */
const EVENT_COLUMN =
  /\b(id|uid|source_id|event_id|occurred_at|zoned|action|category|severity|outcome|actor_kind|actor_id|actor_name|actor_email|target_kind|target_id|target_name|ip|description|extra|import_id|raw_block|raw_index)\b/g;

/**
 * The table an arm reads, always named `events`: an index's own table when `sql` names only
 * its columns, else its view (the rest of the event by id); the events table by rowid, or as
 * SQLite likes. The view is avoided where it can be: SQLite leaves its join out, but not before
 * it has given up stopping each range of an IN list early (a first window of one category of
 * 1 M events: 7.1 ms through the view, 0.2 ms on the table).
 */
function fromClause(driver: Driver, sql: string): string {
  if (driver === 'rowid') return 'events NOT INDEXED';
  if (!driver) return 'events';
  const index = SECONDARY_INDEXES.find((i) => i.name === driver);
  const covered = index !== undefined && (sql.match(EVENT_COLUMN) ?? []).every((column) => index.columns.includes(column));
  return covered ? `${index.table} AS events` : `${driver} AS events`;
}

/** A condition as stated on the view of `driver`. */
function statedOn(condition: Condition, driver: Driver): SqlWhere {
  return condition.onIndex !== undefined && condition.index === driver ? { clause: condition.onIndex, params: condition.params } : condition;
}

/** One arm as `SELECT <columns> FROM events … WHERE …`. */
export function armSelect(arm: Arm, columns: string, order: Order, bound: Bound | null, firstRows: boolean): SqlWhere {
  const parts: SqlWhere[] = arm.conditions.map((c) => statedOn(c, arm.driver));
  const search = searchSql(arm, firstRows);
  if (search) parts.push(search);
  if (bound) parts.push(keysetCondition(order, bound));
  const where = andAll(parts);
  return { clause: `SELECT ${columns} FROM ${fromClause(arm.driver, `${columns} ${where.clause}`)} WHERE ${where.clause}`, params: where.params };
}

/**
 * An arm's rows as a subquery for an aggregate to read. SQLite leaves a view's row lookups out
 * of a plain select of the index's columns, but not out of an aggregate it flattens the view
 * into; LIMIT -1 (no limit) keeps the subquery whole.
 */
export function armRows(arm: Arm, columns: string): SqlWhere {
  const select = armSelect(arm, columns, 'desc', null, false);
  return { clause: `(${select.clause} LIMIT -1)`, params: select.params };
}

/**
 * An arm walked on the facet index as one arm per facet combination. For a first page the
 * combined IN list is as fast (SQLite stops each range early), but to skip thousands of rows
 * it keeps every range's rows up to the offset in a sorter, where a merge of the ranges
 * (UNION ALL … ORDER BY) steps through the skipped rows once: 1.7 ms instead of 10 ms to skip
 * 8,000 rows of a ten-combination category over 5 M events.
 */
function perCombination(arm: Arm): Arm[] {
  const facet = arm.driver === 'events_facet' ? arm.conditions.find((c) => c.combos) : undefined;
  if (!facet?.combos || facet.combos.length < 2) return [arm];
  const others = arm.conditions.filter((c) => c !== facet);
  return facet.combos.map((combo) => ({
    ...arm,
    conditions: [{ clause: FACET_COLUMNS.map((c) => `${c} = ?`).join(' AND '), params: [...combo] }, ...others],
  }));
}

/** SQLite's limit on the arms of one compound SELECT is 500. */
const MAX_MERGED_ARMS = 400;

function mergeArms(plan: Plan): Arm[] {
  const expanded = plan.arms.flatMap(perCombination);
  return expanded.length <= MAX_MERGED_ARMS ? expanded : plan.arms;
}

export interface KeysWindow {
  order: Order;
  bound: Bound | null;
  offset: number;
  limit: number;
  /** the caller wants a few rows from the start of a walk, not a long skip */
  firstRows: boolean;
}

/** The keys of rows [offset, offset + limit) after the bound, in order; null when the plan is empty. */
export function keysQuery(plan: Plan, window: KeysWindow): SqlWhere | null {
  if (plan.arms.length === 0) return null;
  const direction = window.order === 'desc' ? 'DESC' : 'ASC';
  const walked = window.firstRows ? plan.arms : mergeArms(plan);
  const arms = walked.map((arm) => armSelect(arm, 'occurred_at, id', window.order, window.bound, window.firstRows));
  return {
    clause: `${arms.map((a) => a.clause).join(' UNION ALL ')} ORDER BY occurred_at ${direction}, id ${direction} LIMIT ? OFFSET ?`,
    params: [...arms.flatMap((a) => a.params), window.limit, window.offset],
  };
}

export function readKeys(db: Db, plan: Plan, window: KeysWindow): Key[] {
  const query = keysQuery(plan, window);
  if (!query) return [];
  return (db.prepare(query.clause).raw().all(...query.params) as [number, number][]).map(([at, id]) => ({ at, id }));
}

/**
 * How many rows the plan matches (its arms are disjoint). A search and nothing else is counted
 * in the search index alone: each of its rows is an event, and no event row needs reading.
 */
export function countPlan(db: Db, plan: Plan): number {
  let total = 0;
  for (const arm of plan.arms) {
    const rows = armRows(arm, '1');
    const select =
      arm.search && arm.conditions.length === 0
        ? { clause: 'SELECT count(*) AS n FROM events_fts WHERE events_fts MATCH ?', params: [arm.search.match] }
        : { clause: `SELECT count(*) AS n FROM ${rows.clause}`, params: rows.params };
    total += (db.prepare(select.clause).get(...select.params) as { n: number }).n;
  }
  return total;
}
