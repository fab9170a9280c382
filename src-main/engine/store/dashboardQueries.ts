/**
 * The dashboard: totals, events over time and log coverage. Whole UTC days are read from the
 * day rollup (store/rollups.ts: a few rows per day instead of every event), and the partial
 * days at the edges of a range from the facet index, whose entries carry category, severity
 * and action — so no answer reads event rows in bulk, however many millions there are.
 */
import { CATEGORIES, SEVERITIES } from '../../../src-shared/event';
import type { Coverage, Dashboard, EventFilter, Histogram } from '../../../src-shared/query';
import { formatMicros, parseDay } from '../../../src-shared/time';
import { CALKEEP_AUDIT_SOURCE_ID } from '../ingest/families/calkeepPullFamily';
import { FILE_EXPORT_SOURCE_ID } from '../ingest/fileExport/fileExportMapping';
import { GITHUB_AUDIT_ID } from '../ingest/platforms/githubAudit';
import { OKTA_SYSTEM_LOG_ID } from '../ingest/platforms/oktaSystemLog';
import type { SourceKind } from '../sync/connector';
import type { Db } from './database';
import { browserFor } from './eventBrowser';
import { armRows, coveringFacetCondition, planContext, planFilter, readKeys, type PlanContext } from './filterPlan';
import { andAll, boundMicros, normalizeFilter, timeCondition, type NormalizedFilter, type SqlParam, type SqlWhere } from './filterSql';
import { DAY_MICROS, refreshRollups } from './rollups';
import { boundsOn, isFacetOnly, rollupFacetWhere, splitByDays, type Range } from './rollupQueries';

const HOUR_MICROS = 3_600_000_000;
const TOP_ACTIONS = 5;
const RECENT_HIGH_SEVERITY = 5;

type TallyRow = { category: string; severity: number; action: string; n: number };

/** Sums of events by category, severity and action. */
class Tally {
  total = 0;
  readonly byCategory: Record<string, number> = Object.fromEntries(CATEGORIES.map((c) => [c, 0]));
  readonly bySeverity = [0, 0, 0, 0];
  readonly byAction = new Map<string, number>();

  add(row: TallyRow): void {
    this.total += row.n;
    this.byCategory[row.category] = (this.byCategory[row.category] ?? 0) + row.n;
    this.bySeverity[row.severity] = (this.bySeverity[row.severity] ?? 0) + row.n;
    this.byAction.set(row.action, (this.byAction.get(row.action) ?? 0) + row.n);
  }

  topActions(n: number): { action: string; count: number }[] {
    return [...this.byAction]
      .map(([action, count]) => ({ action, count }))
      .sort((a, b) => b.count - a.count || (a.action < b.action ? -1 : 1))
      .slice(0, n);
  }
}

function tallyRange(db: Db, ctx: PlanContext, range: Range): Tally {
  const tally = new Tally();
  const { days, edges } = splitByDays(range);
  if (days) {
    const where = boundsOn('day', days.first, days.end);
    for (const row of db.prepare(`SELECT category, severity, action, sum(events) AS n FROM rollup_days WHERE ${where.clause} GROUP BY category, severity, action`).all(...where.params) as TallyRow[]) {
      tally.add(row);
    }
  }
  // With no facet field the condition lists every combination; it is never null here.
  const facet = coveringFacetCondition(ctx, {});
  if (facet) {
    for (const [from, to] of edges) {
      const where = andAll([facet.where, boundsOn('occurred_at', from, to)]);
      for (const row of db.prepare(`SELECT category, severity, action, count(*) AS n FROM ${facet.from} WHERE ${where.clause} GROUP BY category, severity, action`).all(...where.params) as TallyRow[]) {
        tally.add(row);
      }
    }
  }
  return tally;
}

interface UserRecord {
  actor_id: string | null;
  actor_email: string | null;
  actor_name: string | null;
}

/** A user's identity: the actor id, else the email (any ASCII case), else the name. */
function userIdentity(user: UserRecord): string | null {
  if (user.actor_id !== null) return `id:${user.actor_id}`;
  if (user.actor_email !== null) return `email:${user.actor_email.replace(/[A-Z]/g, (c) => c.toLowerCase())}`;
  return user.actor_name === null ? null : `name:${user.actor_name}`;
}

/**
 * Active users: distinct people (actor kind "user", told apart by actor id, else email, else
 * name) with at least one event in the range. Each known user is one index probe for an
 * event of theirs in the range — the engagement's users, not its events, set the cost.
 */
function activeUsers(db: Db, ctx: PlanContext, range: Range): number {
  const users = db.prepare("SELECT actor_id, actor_email, actor_name FROM rollup_actors WHERE actor_kind = 'user'").all() as UserRecord[];
  const time = boundsOn('occurred_at', range.from, range.to);
  // On the actor index's view an event without an actor id has the key 0 (migration 0005).
  const [from, noId] = ctx.has('events_actor') ? ['events_actor AS events', 'actor_id = 0'] : ['events', 'actor_id IS NULL'];
  const byId = db.prepare(`SELECT 1 FROM ${from} WHERE actor_id = ? AND actor_kind = 'user' AND ${time.clause} LIMIT 1`);
  const withoutId = db.prepare(
    `SELECT 1 FROM ${from} WHERE ${noId} AND actor_kind = 'user' AND actor_email IS ? COLLATE NOCASE AND actor_name IS ? AND ${time.clause} LIMIT 1`,
  );
  const bounded = range.from !== null || range.to !== null;
  const active = new Set<string>();
  for (const user of users) {
    const identity = userIdentity(user);
    if (identity === null || active.has(identity)) continue;
    const seen = !bounded || (user.actor_id !== null ? byId.get(user.actor_id, ...time.params) : withoutId.get(user.actor_email, user.actor_name, ...time.params));
    if (seen) active.add(identity);
  }
  return active.size;
}

export function dashboardSummary(db: Db, request: { from?: string; to?: string }): Dashboard {
  refreshRollups(db);
  const ctx = planContext(db);
  const range: Range = { from: request.from ? boundMicros(request.from, 'from') : null, to: request.to ? boundMicros(request.to, 'to') : null };
  const tally = tallyRange(db, ctx, range);
  const highSeverity: EventFilter = { minSeverity: 'ERROR', ...(request.from ? { from: request.from } : {}), ...(request.to ? { to: request.to } : {}) };
  return {
    total: tally.total,
    criticalAndError: (tally.bySeverity[2] ?? 0) + (tally.bySeverity[3] ?? 0),
    warnings: tally.bySeverity[1] ?? 0,
    activeUsers: activeUsers(db, ctx, range),
    byCategory: tally.byCategory,
    topActions: tally.topActions(TOP_ACTIONS),
    recentHighSeverity: browserFor(db).window(highSeverity, 'desc', 0, RECENT_HIGH_SEVERITY).rows,
  };
}

// ---------------------------------------------------------------------------------------------
// Histogram

const SECOND = 1_000_000;
/** Bucket widths a person reads at a glance; beyond the last, whole multiples of 30 days. */
const NICE_WIDTHS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800, 259200, 604800, 1209600, 2592000].map((s) => s * SECOND);

/** Equal buckets over [lo, hi): the narrowest nice width that needs at most `max` buckets, aligned to it (or to the UTC day). */
export function bucketLayout(lo: number, hi: number, max: number): { start: number; width: number; count: number } {
  const fits = (width: number) => {
    const align = Math.min(width, DAY_MICROS);
    const start = Math.floor(lo / align) * align;
    const count = Math.max(1, Math.ceil((hi - start) / width));
    return count <= max ? { start, width, count } : null;
  };
  for (const width of NICE_WIDTHS) {
    const layout = fits(width);
    if (layout) return layout;
  }
  const month = 30 * DAY_MICROS;
  for (let width = 2 * month; ; width += month) {
    const layout = fits(width);
    if (layout) return layout;
  }
}

/** The filter's time span: its bounds, else its first and last events; null when nothing matches. */
function histogramSpan(db: Db, ctx: PlanContext, f: NormalizedFilter): { lo: number; hi: number } | null {
  const plan = planFilter(ctx, f);
  const [first] = readKeys(db, plan, { order: 'asc', bound: null, offset: 0, limit: 1, firstRows: true });
  if (!first) return null;
  const [last] = readKeys(db, plan, { order: 'desc', bound: null, offset: 0, limit: 1, firstRows: true });
  return { lo: f.from ?? first.at, hi: f.to ?? (last ?? first).at + 1 };
}

/** better-sqlite3 binds every JavaScript number as a REAL; a bucket number needs integer division. */
const INTEGER = 'CAST(? AS INTEGER)';

interface BucketRow {
  b: number;
  k: string | number;
  n: number;
}

/** Whole days from the rollup (the layout's width is whole days), edges from the events. */
function bucketsFromRollup(db: Db, ctx: PlanContext, f: NormalizedFilter, span: { lo: number; hi: number }, layout: { start: number; width: number }, key: string): BucketRow[] {
  const { days, edges } = splitByDays({ from: span.lo, to: span.hi });
  const rows: BucketRow[] = [];
  if (days) {
    const where = andAll([rollupFacetWhere(f), boundsOn('day', days.first, days.end)]);
    rows.push(
      ...(db
        .prepare(`SELECT (day * ${DAY_MICROS} - ${INTEGER}) / ${INTEGER} AS b, ${key} AS k, sum(events) AS n FROM rollup_days WHERE ${where.clause} GROUP BY b, k`)
        .all(layout.start, layout.width, ...where.params) as BucketRow[]),
    );
  }
  for (const [from, to] of edges) rows.push(...bucketsFromEvents(db, ctx, { ...f, from, to }, layout, key));
  return rows;
}

/** Counts per bucket and key straight from the events of the filter (index-only when it has only facet fields). */
function bucketsFromEvents(db: Db, ctx: PlanContext, f: NormalizedFilter, layout: { start: number; width: number }, key: string): BucketRow[] {
  const group = (from: string, where: SqlWhere, params: SqlParam[] = []) =>
    db.prepare(`SELECT (occurred_at - ${INTEGER}) / ${INTEGER} AS b, ${key} AS k, count(*) AS n FROM ${from} WHERE ${where.clause} GROUP BY b, k`).all(layout.start, layout.width, ...params, ...where.params) as BucketRow[];
  if (isFacetOnly(f)) {
    const facet = coveringFacetCondition(ctx, f);
    if (!facet) return [];
    const time = timeCondition(f);
    return group(facet.from, andAll(time ? [facet.where, time] : [facet.where]));
  }
  return planFilter(ctx, f).arms.flatMap((arm) => {
    const rows = armRows(arm, `occurred_at, ${key}`);
    return group(rows.clause, { clause: '1', params: [] }, rows.params);
  });
}

export function histogram(db: Db, request: { filter: EventFilter; stackBy: 'category' | 'severity'; buckets: number }): Histogram {
  const ctx = planContext(db);
  const f = normalizeFilter(request.filter);
  const keys: string[] = request.stackBy === 'category' ? [...CATEGORIES] : [...SEVERITIES];
  const span = histogramSpan(db, ctx, f);
  if (!span) return { start: null, widthMicros: 0, keys, counts: [] };
  const layout = bucketLayout(span.lo, span.hi, request.buckets);
  const key = request.stackBy;
  const useRollup = isFacetOnly(f) && layout.width % DAY_MICROS === 0;
  if (useRollup) refreshRollups(db);
  const rows = useRollup ? bucketsFromRollup(db, ctx, f, span, layout, key) : bucketsFromEvents(db, ctx, f, layout, key);
  const counts = Array.from({ length: layout.count }, () => keys.map(() => 0));
  for (const row of rows) {
    const column = request.stackBy === 'category' ? keys.indexOf(row.k as string) : (row.k as number);
    const bucket = counts[row.b];
    if (bucket && column >= 0 && column < keys.length) bucket[column] = (bucket[column] ?? 0) + row.n;
  }
  return { start: formatMicros(layout.start), widthMicros: layout.width, keys, counts };
}

// ---------------------------------------------------------------------------------------------
// Coverage

/** The event source id each kind of sync source writes (its connector's platform). */
const SYNC_KIND_SOURCE_ID: Record<SourceKind, string> = {
  'export-job': FILE_EXPORT_SOURCE_ID,
  pull: CALKEEP_AUDIT_SOURCE_ID,
  okta: OKTA_SYSTEM_LOG_ID,
  github: GITHUB_AUDIT_ID,
};

/** Per event source, the latest retention clamp a sync of that kind recorded. */
function retentionClamps(db: Db): Map<string, number> {
  const clamps = new Map<string, number>();
  const rows = db.prepare('SELECT s.kind, st.clamped_from FROM sources s JOIN source_state st ON st.source_id = s.id WHERE st.clamped_from IS NOT NULL').all() as { kind: SourceKind; clamped_from: number }[];
  for (const row of rows) {
    const sourceId = SYNC_KIND_SOURCE_ID[row.kind];
    clamps.set(sourceId, Math.max(clamps.get(sourceId) ?? row.clamped_from, row.clamped_from));
  }
  return clamps;
}

interface SourceDay {
  source_id: string;
  day: number;
  n: number;
  first_at: number;
  last_at: number;
}

type Gap = Coverage['sources'][number]['gaps'][number];

function gap(from: number, to: number): Gap {
  return { from: formatMicros(from), to: formatMicros(to), hours: (to - from) / HOUR_MICROS };
}

/**
 * Silences of 24 h or more inside the period: between consecutive events, and from the period's
 * start to the first event and from the last event to the period's end. A silence that long
 * always spans a day boundary, so each day's first and last event times find every one.
 */
function gapsOf(days: readonly SourceDay[], periodFrom: number, periodTo: number): Gap[] {
  const gaps: Gap[] = [];
  let previous = periodFrom;
  for (const day of days) {
    if (day.first_at - previous >= 24 * HOUR_MICROS) gaps.push(gap(previous, day.first_at));
    previous = Math.max(previous, day.last_at);
  }
  if (periodTo - previous >= 24 * HOUR_MICROS) gaps.push(gap(previous, periodTo));
  return gaps;
}

export function coverage(db: Db, period: { periodFrom: string; periodTo: string }): Coverage {
  refreshRollups(db);
  const from = parseDay(period.periodFrom) ?? 0;
  // The period's last day is included whole.
  const to = (parseDay(period.periodTo) ?? from) + DAY_MICROS;
  const rows = db
    .prepare(
      `SELECT source_id, day, sum(events) AS n, min(first_at) AS first_at, max(last_at) AS last_at FROM rollup_days
       WHERE day >= ? AND day < ? GROUP BY source_id, day ORDER BY source_id, day`,
    )
    .all(from / DAY_MICROS, to / DAY_MICROS) as SourceDay[];
  const bySource = new Map<string, SourceDay[]>();
  for (const source of db.prepare("SELECT value FROM rollup_values WHERE field = 'source' ORDER BY value").pluck().all() as string[]) bySource.set(source, []);
  for (const row of rows) bySource.get(row.source_id)?.push(row);
  const clamps = retentionClamps(db);
  return {
    periodFrom: period.periodFrom,
    periodTo: period.periodTo,
    sources: [...bySource].map(([sourceId, days]) => {
      const clamp = clamps.get(sourceId);
      return {
        sourceId,
        perDay: Object.fromEntries(days.map((d) => [formatMicros(d.day * DAY_MICROS).slice(0, 10), d.n])),
        first: days.length ? formatMicros(Math.min(...days.map((d) => d.first_at))) : null,
        last: days.length ? formatMicros(Math.max(...days.map((d) => d.last_at))) : null,
        gaps: gapsOf(days, from, to),
        retentionFrom: clamp === undefined ? null : formatMicros(clamp),
      };
    }),
  };
}
