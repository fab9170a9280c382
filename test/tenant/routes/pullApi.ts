/**
 * CalKeep's compliance pull API (product doc 002):
 *   GET /api/admin/compliance/audit.json|audit.csv?since=ISO&days=N&actions=A,B
 *   GET /api/admin/compliance/credentials.json|credentials.csv
 * The window is [start, now): start is `since` when given, else now − `days` (default 90);
 * doc 002 does not say how the two combine, so `since` wins. `actions` is a comma list of
 * exact actions or `PREFIX*` (doc 002's "MFA_*, SAML_*"). Entries are in timestamp order.
 *
 * Retention (doc 002: "the time window is clamped to your workspace's audit retention"): a
 * start older than now − retention is moved up to it, the response covers less than asked,
 * and says so in `X-Retention-Start` (the clamped start, ISO-8601). Absent when not clamped.
 *
 * Paging is OUR ASSUMPTION — doc 002 documents none: without `limit` the whole window comes in
 * one streamed response; with `limit=N` (capped) a page of N entries, and while more remain
 * the JSON carries `next_cursor` and both formats an `X-Next-Cursor` header; the client sends
 * it back as `cursor=` with the same other parameters. `count` is the entries in this response.
 */
import type { ApiContext } from '../context';
import { intParam, timeParam } from '../context';
import { apiError } from '../errors';
import type { Window } from '../paging';
import { concat, decodeCursor, encodeCursor, pageOf, renderSnapshot, snapshot } from '../paging';
import type { TenantEvent } from '../population';
import type { Headers, Reply } from '../respond';
import { calkeepAction, calkeepCsvHeader, calkeepCsvRow, calkeepEntry, credentialCsv, credentialRoster } from '../shapes/calkeepShape';

const DAY_MS = 86_400_000;

function actionFilter(list: string | null): ((event: TenantEvent) => boolean) | undefined {
  if (list === null || list.trim() === '') return undefined;
  const exact = new Set<string>();
  const prefixes: string[] = [];
  for (const item of list.split(',').map((a) => a.trim()).filter((a) => a !== '')) {
    if (item.endsWith('*')) prefixes.push(item.slice(0, -1));
    else exact.add(item);
  }
  return (event) => {
    const action = calkeepAction(event);
    return exact.has(action) || prefixes.some((prefix) => action.startsWith(prefix));
  };
}

function envelopeHead(ctx: ApiContext, count: number): string {
  return `{"generatedAt":${JSON.stringify(new Date(ctx.now()).toISOString())},"workspaceSlug":${JSON.stringify(ctx.workspaceSlug)},"count":${count},"entries":[`;
}

export function auditExport(ctx: ApiContext, format: 'json' | 'csv'): Reply {
  const { url } = ctx;
  const now = ctx.now();
  const since = timeParam(url.searchParams.get('since'));
  if (Number.isNaN(since)) return apiError('pull', 400, "'since' is not an ISO-8601 timestamp");
  const days = intParam(url.searchParams.get('days'), 90, 100_000);
  if (days === null) return apiError('pull', 400, "'days' must be a positive integer");
  let start = since ?? now - days * DAY_MS;
  const headers: Headers = {};
  const retention = ctx.retentionDays();
  if (retention !== null && start < now - retention * DAY_MS) {
    start = now - retention * DAY_MS;
    headers['X-Retention-Start'] = new Date(start).toISOString();
    ctx.count('retentionClamp');
  }
  const window: Window = { fromMs: start, toMs: now };
  const filter = actionFilter(url.searchParams.get('actions'));
  const limitText = url.searchParams.get('limit');
  const cursorText = url.searchParams.get('cursor');

  if (limitText === null && cursorText === null) {
    const serials = snapshot(ctx.population, window, filter);
    if (format === 'csv') {
      return {
        status: 200,
        headers,
        body: { contentType: 'text/csv; charset=utf-8', pieces: () => concat([calkeepCsvHeader()], renderSnapshot(ctx.population, serials, calkeepCsvRow, ctx.served)) },
      };
    }
    const render = (event: TenantEvent, index: number): string => (index === 0 ? '' : ',') + JSON.stringify(calkeepEntry(event));
    return {
      status: 200,
      headers,
      body: { contentType: 'application/json; charset=utf-8', pieces: () => concat([envelopeHead(ctx, serials.length)], renderSnapshot(ctx.population, serials, render, ctx.served), [']}']) },
    };
  }

  const limit = intParam(limitText, ctx.pageLimits.pull, ctx.pageLimits.pull);
  if (limit === null) return apiError('pull', 400, "'limit' must be a positive integer");
  const after = cursorText === null ? null : decodeCursor(cursorText);
  if (cursorText !== null && after === null) return apiError('pull', 400, "'cursor' is not a cursor this API issued");
  const page = pageOf(ctx.population, { window, limit, after, ...(filter ? { filter } : {}) });
  for (const event of page.events) ctx.served(event);
  const next = page.more && page.last ? encodeCursor(page.last) : null;
  if (next !== null) headers['X-Next-Cursor'] = next;
  if (format === 'csv') {
    const text = calkeepCsvHeader() + page.events.map(calkeepCsvRow).join('');
    return { status: 200, headers, body: { contentType: 'text/csv; charset=utf-8', pieces: () => [text] } };
  }
  const json: Record<string, unknown> = {
    generatedAt: new Date(now).toISOString(),
    workspaceSlug: ctx.workspaceSlug,
    count: page.events.length,
    entries: page.events.map(calkeepEntry),
  };
  if (next !== null) json['next_cursor'] = next;
  return { status: 200, headers, json };
}

export function credentialsExport(ctx: ApiContext, format: 'json' | 'csv'): Reply {
  const { population } = ctx;
  const rows = credentialRoster(population.seed, population.fromMs, population.toMs);
  if (format === 'csv') {
    const text = credentialCsv(rows);
    return { status: 200, body: { contentType: 'text/csv; charset=utf-8', pieces: () => [text] } };
  }
  return { status: 200, json: { generatedAt: new Date(ctx.now()).toISOString(), workspaceSlug: ctx.workspaceSlug, count: rows.length, credentials: rows } };
}
