/**
 * Named, typed read queries over events. Every value is bound, never spliced into SQL.
 * Pages are keyset (occurred_at, id) in either order, so page N costs the same as page 1;
 * what a filter means is store/filterSql.ts, how it is walked store/filterPlan.ts.
 */
import { AppError } from '../../../src-shared/errors';
import { CATEGORIES, SEVERITIES, type Category, type EventDetail, type EventRow, type Outcome, type Severity } from '../../../src-shared/event';
import type { EventFilter, EventPage, EventStats, PageCursor } from '../../../src-shared/query';
import { formatMicros } from '../../../src-shared/time';
import type { Db } from './database';
import { andAll, normalizeFilter, timeCondition, type SqlWhere } from './filterSql';
import { armRows, coveringFacetCondition, planContext, planFilter, readKeys, type Key, type Order } from './filterPlan';
import { isFacetOnly } from './rollupQueries';
import { decodeRawBlock } from '../ingest/pipeline/rawBlocks';
import { TAGS_BY_CATEGORY } from '../ingest/mapping/tags';

interface EventDbRow {
  id: number;
  uid: Buffer;
  source_id: string;
  event_id: string | null;
  occurred_at: number;
  action: string;
  category: string;
  severity: number;
  outcome: string;
  actor_kind: string;
  actor_id: string | null;
  actor_name: string | null;
  actor_email: string | null;
  target_kind: string | null;
  target_id: string | null;
  target_name: string | null;
  ip: string | null;
  description: string;
  extra: string;
  raw_block?: number;
  raw_index?: number;
  import_id?: number | null;
}

interface Extra {
  tags?: string[];
  userAgent?: string;
  requestId?: string;
  sessionId?: string;
  geo?: string;
}

const ROW_COLUMNS = `id, uid, source_id, event_id, occurred_at, action, category, severity, outcome,
  actor_kind, actor_id, actor_name, actor_email, target_kind, target_id, target_name,
  ip, description, extra`;

export { filterToSql } from './filterSql';
export type { SqlWhere } from './filterSql';

export function toEventRow(row: EventDbRow): EventRow {
  const extra = JSON.parse(row.extra) as Extra;
  return {
    uid: row.uid.toString('hex'),
    sourceId: row.source_id,
    eventId: row.event_id,
    occurredAt: formatMicros(row.occurred_at),
    action: row.action,
    category: row.category as Category,
    severity: (SEVERITIES[row.severity] ?? 'INFO') as Severity,
    outcome: row.outcome as Outcome,
    actor: { kind: row.actor_kind as EventRow['actor']['kind'], id: row.actor_id, name: row.actor_name, email: row.actor_email },
    target: { kind: row.target_kind, id: row.target_id, name: row.target_name },
    context: { ip: row.ip, userAgent: extra.userAgent ?? null, requestId: extra.requestId ?? null, sessionId: extra.sessionId ?? null, geo: extra.geo ?? null },
    description: row.description,
    tags: extra.tags ?? [...TAGS_BY_CATEGORY[row.category as Category]],
  };
}

/** The full rows of the given keys, in the keys' order. */
export function rowsForKeys(db: Db, keys: readonly Key[]): EventRow[] {
  if (keys.length === 0) return [];
  const ids = keys.map((k) => k.id);
  const rows = db.prepare(`SELECT ${ROW_COLUMNS} FROM events WHERE id IN (${ids.map(() => '?').join(', ')})`).all(...ids) as EventDbRow[];
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.flatMap((id) => {
    const row = byId.get(id);
    return row ? [toEventRow(row)] : [];
  });
}

/** Keyset paging: the `limit` rows after the cursor, in `order` (the export job and events.page). */
export function pageEvents(db: Db, filter: EventFilter, limit: number, after: PageCursor | null, order: Order = 'desc'): EventPage {
  const plan = planFilter(planContext(db), normalizeFilter(filter));
  const bound = after ? { key: { at: after.at, id: after.row }, inclusive: false } : null;
  const keys = readKeys(db, plan, { order, bound, offset: 0, limit, firstRows: true });
  const last = keys.at(-1);
  return {
    rows: rowsForKeys(db, keys),
    next: keys.length === limit && last ? { at: last.at, row: last.id } : null,
  };
}

/** The event with its verbatim raw record; `data` is re-derived from raw by the source's mapping. */
export function getEvent(db: Db, uidHex: string, deriveData: (sourceId: string, raw: string) => unknown): EventDetail {
  if (!/^[0-9a-f]{32}$/.test(uidHex)) throw new AppError('BAD_REQUEST', 'an event uid is 32 hexadecimal characters');
  const row = db.prepare(`SELECT ${ROW_COLUMNS}, raw_block, raw_index, import_id FROM events WHERE uid = ?`).get(Buffer.from(uidHex, 'hex')) as EventDbRow | undefined;
  if (!row) throw new AppError('NOT_FOUND', `no event with uid ${uidHex}`);
  const block = db.prepare('SELECT codec, bytes FROM raw_blocks WHERE id = ?').get(row.raw_block) as { codec: string; bytes: Buffer } | undefined;
  if (!block) throw new AppError('CORRUPT', `the raw record of event ${uidHex} is missing (block ${row.raw_block})`);
  const raw = decodeRawBlock(block.codec, block.bytes)[row.raw_index ?? 0];
  if (raw === undefined) throw new AppError('CORRUPT', `the raw record of event ${uidHex} is missing from block ${row.raw_block}`);
  return { ...toEventRow(row), data: deriveData(row.source_id, raw), raw, importId: row.import_id ?? null };
}

export function countEvents(db: Db): number {
  return (db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;
}

/**
 * Counts by category and severity and the time span of a filter's events. A filter of facet
 * fields and time reads the facet index alone; any other is read arm by arm through the
 * planner (whose actor, IP and target indexes carry the facet columns too).
 */
export function eventStats(db: Db, filter: EventFilter): EventStats {
  const ctx = planContext(db);
  const f = normalizeFilter(filter);
  const sources: SqlWhere[] = [];
  const facet = isFacetOnly(f) ? coveringFacetCondition(ctx, f) : undefined;
  if (facet) {
    const time = timeCondition(f);
    const where = andAll(time ? [facet.where, time] : [facet.where]);
    sources.push({ clause: `(SELECT category, severity, occurred_at FROM ${facet.from} WHERE ${where.clause} LIMIT -1)`, params: where.params });
  } else if (facet === undefined) {
    sources.push(...planFilter(ctx, f).arms.map((arm) => armRows(arm, 'category, severity, occurred_at')));
  }
  const byCategory: Record<string, number> = Object.fromEntries(CATEGORIES.map((c) => [c, 0]));
  const bySeverity: Record<string, number> = Object.fromEntries(SEVERITIES.map((s) => [s, 0]));
  let total = 0;
  let lo: number | null = null;
  let hi: number | null = null;
  for (const source of sources) {
    const rows = db
      .prepare(`SELECT category, severity, count(*) AS n, min(occurred_at) AS lo, max(occurred_at) AS hi FROM ${source.clause} GROUP BY category, severity`)
      .all(...source.params) as { category: string; severity: number; n: number; lo: number; hi: number }[];
    for (const row of rows) {
      total += row.n;
      byCategory[row.category] = (byCategory[row.category] ?? 0) + row.n;
      const severity = SEVERITIES[row.severity] ?? 'INFO';
      bySeverity[severity] = (bySeverity[severity] ?? 0) + row.n;
      lo = lo === null ? row.lo : Math.min(lo, row.lo);
      hi = hi === null ? row.hi : Math.max(hi, row.hi);
    }
  }
  return {
    total,
    byCategory,
    bySeverity,
    from: lo === null ? null : formatMicros(lo),
    to: hi === null ? null : formatMicros(hi),
  };
}
