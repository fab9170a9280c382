/**
 * Okta System Log, `GET /api/v1/logs?since=&until=&limit=&after=&sortOrder=`: a JSON array of
 * LogEvents ordered by `published`, ascending unless `sortOrder=DESCENDING`.
 *  - since defaults to 7 days before now and until to now, as Okta's do; the window is [since, until).
 *  - limit defaults to 100 and is capped (Okta caps it at 1000).
 *  - paging: while more events remain, `Link: <…&after=CURSOR>; rel="next"` beside
 *    `rel="self"`. Okta's own polling mode always returns a next link; we give one only while
 *    there is more, so a client can tell "done" from "poll again" in tests.
 *  - X-Rate-Limit-Limit / -Remaining / -Reset (epoch seconds) on every answer; the budget is
 *    enforced by the server (429 when spent), see tenantServer.ts.
 */
import type { ApiContext } from '../context';
import { intParam, timeParam } from '../context';
import { apiError } from '../errors';
import { decodeCursor, encodeCursor, pageOf } from '../paging';
import type { Reply } from '../respond';
import { oktaEventJson } from '../shapes/oktaShape';

const DAY_MS = 86_400_000;

export function oktaLogs(ctx: ApiContext): Reply {
  const { url } = ctx;
  const now = ctx.now();
  const since = timeParam(url.searchParams.get('since')) ?? now - 7 * DAY_MS;
  const until = timeParam(url.searchParams.get('until')) ?? now;
  if (Number.isNaN(since)) return apiError('okta', 400, 'Api validation failed: since');
  if (Number.isNaN(until)) return apiError('okta', 400, 'Api validation failed: until');
  const limit = intParam(url.searchParams.get('limit'), 100, ctx.pageLimits.okta);
  if (limit === null) return apiError('okta', 400, 'Api validation failed: limit');
  const afterText = url.searchParams.get('after');
  const after = afterText === null ? null : decodeCursor(afterText);
  if (afterText !== null && after === null) return apiError('okta', 400, 'Api validation failed: after');
  const sortOrder = url.searchParams.get('sortOrder') ?? 'ASCENDING';
  if (sortOrder !== 'ASCENDING' && sortOrder !== 'DESCENDING') return apiError('okta', 400, 'Api validation failed: sortOrder');

  const page = pageOf(ctx.population, { window: { fromMs: since, toMs: until }, limit, after, descending: sortOrder === 'DESCENDING' });
  const events = page.events.map((event) => {
    ctx.served(event);
    return oktaEventJson(event);
  });
  const links = [`<${url.href}>; rel="self"`];
  if (page.more && page.last) {
    const next = new URL(url.href);
    next.searchParams.set('after', encodeCursor(page.last));
    links.push(`<${next.href}>; rel="next"`);
  }
  const text = `[${events.join(',')}]`;
  return { status: 200, headers: { Link: links.join(', ') }, body: { contentType: 'application/json; charset=utf-8', pieces: () => [text] } };
}
