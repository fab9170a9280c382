/**
 * GitHub organisation audit log, `GET /orgs/{org}/audit-log?phrase=&per_page=&after=&order=`:
 * a JSON array of entries.
 *  - order: `desc` (newest first) by default, as GitHub's; `asc` for oldest first.
 *  - phrase: the search qualifiers we read are `created:` (`>=D`, `>D`, `<=D`, `<D`, `D`,
 *    `D1..D2`; D a date, which means that whole UTC day, or an ISO-8601 date-time) and
 *    `action:NAME` (a trailing `*` matches a prefix) and `actor:LOGIN`; others are ignored.
 *  - per_page: default 30, capped (GitHub caps it at 100).
 *  - paging: `Link: <…&after=CURSOR>; rel="next"` while more remain (GitHub's cursor paging),
 *    with `rel="first"`.
 */
import type { ApiContext } from '../context';
import { intParam } from '../context';
import { apiError } from '../errors';
import { decodeCursor, encodeCursor, pageOf } from '../paging';
import type { TenantEvent } from '../population';
import type { Reply } from '../respond';
import { githubAction, githubEntry } from '../shapes/githubShape';

const DAY_MS = 86_400_000;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

interface Phrase {
  fromMs: number;
  toMs: number;
  filters: ((event: TenantEvent) => boolean)[];
}

/** [start, end) of a qualifier value: a whole UTC day for a date, one instant for a date-time. */
function span(value: string): [number, number] | null {
  const ms = Date.parse(DATE_ONLY.test(value) ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(ms)) return null;
  return DATE_ONLY.test(value) ? [ms, ms + DAY_MS] : [ms, ms + 1];
}

function readPhrase(phrase: string): Phrase | string {
  const out: Phrase = { fromMs: Number.NEGATIVE_INFINITY, toMs: Number.POSITIVE_INFINITY, filters: [] };
  for (const term of phrase.split(/\s+/).filter((t) => t !== '')) {
    const colon = term.indexOf(':');
    if (colon < 0) continue;
    const name = term.slice(0, colon);
    const value = term.slice(colon + 1);
    if (name === 'created') {
      const op = /^(>=|<=|>|<)?(.*)$/.exec(value)!;
      const range = op[2]!.split('..');
      if (range.length === 2) {
        const a = span(range[0]!);
        const b = span(range[1]!);
        if (!a || !b) return `invalid created qualifier: ${value}`;
        out.fromMs = Math.max(out.fromMs, a[0]);
        out.toMs = Math.min(out.toMs, b[1]);
        continue;
      }
      const s = span(op[2]!);
      if (!s) return `invalid created qualifier: ${value}`;
      const [start, end] = s;
      if (op[1] === '>=') out.fromMs = Math.max(out.fromMs, start);
      else if (op[1] === '>') out.fromMs = Math.max(out.fromMs, end);
      else if (op[1] === '<=') out.toMs = Math.min(out.toMs, end);
      else if (op[1] === '<') out.toMs = Math.min(out.toMs, start);
      else {
        out.fromMs = Math.max(out.fromMs, start);
        out.toMs = Math.min(out.toMs, end);
      }
    } else if (name === 'action') {
      const prefix = value.endsWith('*') ? value.slice(0, -1) : null;
      out.filters.push((event) => (prefix !== null ? githubAction(event).startsWith(prefix) : githubAction(event) === value));
    } else if (name === 'actor') {
      out.filters.push((event) => event.actor.login === value);
    }
  }
  return out;
}

export function githubAuditLog(ctx: ApiContext, org: string): Reply {
  const { url } = ctx;
  if (org.toLowerCase() !== ctx.org.toLowerCase()) return apiError('github', 404, 'Not Found');
  const phrase = readPhrase(url.searchParams.get('phrase') ?? '');
  if (typeof phrase === 'string') return apiError('github', 422, phrase);
  const perPage = intParam(url.searchParams.get('per_page'), 30, ctx.pageLimits.github);
  if (perPage === null) return apiError('github', 422, 'per_page must be a positive integer');
  const order = url.searchParams.get('order') ?? 'desc';
  if (order !== 'asc' && order !== 'desc') return apiError('github', 422, 'order must be asc or desc');
  const afterText = url.searchParams.get('after');
  const after = afterText === null ? null : decodeCursor(afterText);
  if (afterText !== null && after === null) return apiError('github', 422, 'invalid after cursor');

  const filters = phrase.filters;
  const page = pageOf(ctx.population, {
    window: { fromMs: phrase.fromMs, toMs: phrase.toMs },
    limit: perPage,
    after,
    descending: order === 'desc',
    ...(filters.length > 0 ? { filter: (event: TenantEvent) => filters.every((f) => f(event)) } : {}),
  });
  const entries = page.events.map((event) => {
    ctx.served(event);
    return githubEntry(event);
  });
  const first = new URL(url.href);
  first.searchParams.delete('after');
  const links: string[] = [];
  if (page.more && page.last) {
    const next = new URL(url.href);
    next.searchParams.set('after', encodeCursor(page.last));
    links.push(`<${next.href}>; rel="next"`);
  }
  links.push(`<${first.href}>; rel="first"`);
  return { status: 200, json: entries, headers: { Link: links.join(', ') } };
}
