/**
 * What a filter means, once: `normalizeFilter` turns the request's fields into bound values
 * (times in microseconds, severities as ranks, the search text as a safe FTS5 expression, an
 * IP prefix as a range), and `filterToSql` states the whole filter as one WHERE clause. That
 * clause is the reference: stats and exports use it as is, and the browser's planned queries
 * (store/filterPlan.ts) must return exactly its rows. Every value is bound, never spliced.
 */
import { AppError } from '../../../src-shared/errors';
import { SEVERITIES } from '../../../src-shared/event';
import type { EventFilter } from '../../../src-shared/query';
import { parseDay, parseInstant } from '../../../src-shared/time';
import { ftsQuery } from './searchText';

export type SqlParam = string | number;

export interface SqlWhere {
  clause: string;
  params: SqlParam[];
}

/** An IP filter: one address, or every address in [from, below) — a prefix such as "10.0." */
export type IpFilter = { exact: string } | { from: string; below: string };

export interface NormalizedFilter {
  /** inclusive, UTC microseconds */
  from?: number;
  /** exclusive, UTC microseconds */
  to?: number;
  sources?: string[];
  categories?: string[];
  /** severity ranks (0 INFO … 3 CRITICAL): the listed severities at or above minSeverity */
  severities?: number[];
  outcomes?: string[];
  actions?: string[];
  actor?: string;
  target?: string;
  ip?: IpFilter;
  /** the FTS5 MATCH expression of the search text (store/searchText.ts) */
  search?: string;
}

export const SEARCH_SUBQUERY = 'SELECT rowid FROM events_fts WHERE events_fts MATCH ?';

export function boundMicros(text: string, field: 'from' | 'to'): number {
  const day = parseDay(text);
  if (day !== null) return field === 'to' ? day + 86_400_000_000 : day; // a bare date `to` includes that whole day
  const instant = parseInstant(text);
  if (!instant) throw new AppError('BAD_REQUEST', `filter.${field} is not an ISO-8601 date or time: ${JSON.stringify(text)}`);
  return instant.micros;
}

/** The character after `c` in code-unit order: the exclusive end of a prefix range. */
function nextChar(c: string): string {
  return String.fromCharCode(c.charCodeAt(0) + 1);
}

/** An address ending in '.' or ':' is a prefix (IPv4 octets, IPv6 groups); anything else is exact. */
export function ipFilter(text: string): IpFilter {
  const last = text.at(-1);
  if (last !== '.' && last !== ':') return { exact: text };
  return { from: text, below: text.slice(0, -1) + nextChar(last) };
}

function severityRanks(filter: EventFilter): number[] | undefined {
  const listed = filter.severities?.length ? filter.severities.map((s) => SEVERITIES.indexOf(s)) : undefined;
  if (!filter.minSeverity) return listed;
  const floor = SEVERITIES.indexOf(filter.minSeverity);
  return (listed ?? SEVERITIES.map((_, rank) => rank)).filter((rank) => rank >= floor);
}

const nonEmpty = <T>(values: readonly T[] | undefined): T[] | undefined => (values?.length ? [...values] : undefined);

export function normalizeFilter(filter: EventFilter): NormalizedFilter {
  const normalized: NormalizedFilter = {};
  if (filter.from) normalized.from = boundMicros(filter.from, 'from');
  if (filter.to) normalized.to = boundMicros(filter.to, 'to');
  const sources = nonEmpty(filter.sources);
  if (sources) normalized.sources = sources;
  const categories = nonEmpty(filter.categories);
  if (categories) normalized.categories = categories;
  const severities = severityRanks(filter);
  if (severities) normalized.severities = severities;
  const outcomes = nonEmpty(filter.outcomes);
  if (outcomes) normalized.outcomes = outcomes;
  const actions = nonEmpty(filter.actions);
  if (actions) normalized.actions = actions;
  if (filter.actor) normalized.actor = filter.actor;
  if (filter.target) normalized.target = filter.target;
  if (filter.ip) normalized.ip = ipFilter(filter.ip);
  // A search text with no letter or digit in it searches for nothing, so it filters nothing.
  const search = filter.search === undefined ? null : ftsQuery(filter.search);
  if (search !== null) normalized.search = search;
  return normalized;
}

/** An actor is matched by id or name exactly, by email regardless of (ASCII) case. */
export const ACTOR_MATCH = '(actor_id = ? OR actor_email = ? COLLATE NOCASE OR actor_name = ?)';

export function ipCondition(ip: IpFilter): SqlWhere {
  return 'exact' in ip ? { clause: 'ip = ?', params: [ip.exact] } : { clause: 'ip >= ? AND ip < ?', params: [ip.from, ip.below] };
}

export function timeCondition(filter: Pick<NormalizedFilter, 'from' | 'to'>): SqlWhere | null {
  const parts: string[] = [];
  const params: SqlParam[] = [];
  if (filter.from !== undefined) {
    parts.push('occurred_at >= ?');
    params.push(filter.from);
  }
  if (filter.to !== undefined) {
    parts.push('occurred_at < ?');
    params.push(filter.to);
  }
  return parts.length ? { clause: parts.join(' AND '), params } : null;
}

export function inList(column: string, values: readonly SqlParam[]): SqlWhere {
  return { clause: `${column} IN (${values.map(() => '?').join(', ')})`, params: [...values] };
}

export function andAll(parts: readonly SqlWhere[]): SqlWhere {
  if (parts.length === 0) return { clause: '1', params: [] };
  return { clause: parts.map((p) => p.clause).join(' AND '), params: parts.flatMap((p) => p.params) };
}

/** The whole filter as one WHERE clause over events. */
export function normalizedToSql(filter: NormalizedFilter): SqlWhere {
  const parts: SqlWhere[] = [];
  if (filter.sources) parts.push(inList('source_id', filter.sources));
  if (filter.categories) parts.push(inList('category', filter.categories));
  if (filter.severities) parts.push(filter.severities.length ? inList('severity', filter.severities) : { clause: '0', params: [] });
  if (filter.outcomes) parts.push(inList('outcome', filter.outcomes));
  if (filter.actions) parts.push(inList('action', filter.actions));
  if (filter.actor !== undefined) parts.push({ clause: ACTOR_MATCH, params: [filter.actor, filter.actor, filter.actor] });
  if (filter.target !== undefined) parts.push({ clause: '(target_id = ? OR target_name = ?)', params: [filter.target, filter.target] });
  if (filter.ip) parts.push(ipCondition(filter.ip));
  if (filter.search !== undefined) parts.push({ clause: `id IN (${SEARCH_SUBQUERY})`, params: [filter.search] });
  const time = timeCondition(filter);
  if (time) parts.push(time);
  return andAll(parts);
}

export function filterToSql(filter: EventFilter): SqlWhere {
  return normalizedToSql(normalizeFilter(filter));
}
