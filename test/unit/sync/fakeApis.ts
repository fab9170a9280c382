/**
 * Minimal stand-ins for the four tenant APIs, enough to test each connector's paging, windows
 * and lifecycle (the full simulated tenant lives in test/tenant). Events are 10 s apart from
 * 2026-01-01T00:00:00Z; each API answers the ones in the window it was asked for.
 */
import type { ServerResponse } from 'node:http';
import { json, text, TOKEN, type Handler, type SeenRequest } from './fakeServer';

export const T0 = Date.UTC(2026, 0, 1);
export const STEP_MS = 10_000;

export interface FakeEvent {
  id: string;
  ms: number;
}

export function events(n: number, from = T0): FakeEvent[] {
  return Array.from({ length: n }, (_, i) => ({ id: `evt_${String(i).padStart(6, '0')}`, ms: from + i * STEP_MS }));
}

function unauthorised(req: SeenRequest, scheme: string, res: ServerResponse, token = TOKEN): boolean {
  if (req.headers['authorization'] === `${scheme} ${token}`) return false;
  json(res, 401, { error: 'invalid token' });
  return true;
}

function nextLink(req: SeenRequest, after: number): string {
  const next = new URL(req.url.href);
  next.searchParams.set('after', String(after));
  return `<${next.href}>; rel="next", <${req.url.href}>; rel="self"`;
}

/** Okta `GET /api/v1/logs`: [since, until), ascending, `after` = index, Link rel=next. */
export function oktaApi(all: FakeEvent[], scheme = 'SSWS', token = TOKEN): Handler {
  return (req, res) => {
    if (unauthorised(req, scheme, res, token)) return;
    const q = req.url.searchParams;
    const since = Date.parse(q.get('since') ?? '');
    const until = Date.parse(q.get('until') ?? '');
    const limit = Number(q.get('limit') ?? 100);
    const after = Number(q.get('after') ?? 0);
    const window = all.filter((e) => e.ms >= since && e.ms < until);
    const page = window.slice(after, after + limit);
    const body = page.map((e) => ({ uuid: e.id, published: new Date(e.ms).toISOString(), eventType: 'user.session.start' }));
    json(res, 200, body, after + limit < window.length ? { link: nextLink(req, after + limit) } : {});
  };
}

/** GitHub `GET /orgs/acme/audit-log`: phrase created:>=D, order asc, per_page, Link rel=next. */
export function githubApi(all: FakeEvent[]): Handler {
  return (req, res) => {
    if (unauthorised(req, 'Bearer', res)) return;
    if (req.url.pathname !== '/orgs/acme/audit-log') return json(res, 404, { message: 'Not Found' });
    const q = req.url.searchParams;
    const created = /created:>=(\S+)/.exec(q.get('phrase') ?? '');
    const since = created ? Date.parse(created[1]!) : 0;
    const perPage = Number(q.get('per_page') ?? 30);
    const after = Number(q.get('after') ?? 0);
    const window = all.filter((e) => e.ms >= since);
    if (q.get('order') !== 'asc') window.reverse();
    const page = window.slice(after, after + perPage);
    json(res, 200, page.map((e) => ({ '@timestamp': e.ms, _document_id: e.id, action: 'repo.create', actor: 'octo' })), after + perPage < window.length ? { link: nextLink(req, after + perPage) } : {});
  };
}

export interface PullOptions {
  /** entries before now − retention are not served; X-Retention-Start says so */
  retentionStartMs?: number;
  /** say it was clamped only through `clamped: true` in the body */
  flagOnly?: boolean;
  now?: number;
}

/** CalKeep pull API (doc 002): audit.json|csv with since/limit/cursor, credentials.json|csv. */
export function pullApi(all: FakeEvent[], options: PullOptions = {}): Handler {
  return (req, res) => {
    if (unauthorised(req, 'Bearer', res)) return;
    const m = /^\/api\/admin\/compliance\/(audit|credentials)\.(json|csv)$/.exec(req.url.pathname);
    if (!m) return json(res, 404, { error: 'no such endpoint' });
    const format = m[2];
    if (m[1] === 'credentials') {
      if (format === 'csv') return text(res, 200, 'user_id,email,credential_type,state\nu1,a@x.test,passkey,active\nu2,b@x.test,security-key,revoked\n');
      return json(res, 200, { generatedAt: new Date(T0).toISOString(), count: 2, credentials: [{ user_id: 'u1', state: 'active' }, { user_id: 'u2', state: 'revoked' }] });
    }
    const q = req.url.searchParams;
    let since = Date.parse(q.get('since') ?? '');
    const headers: Record<string, string> = {};
    if (options.retentionStartMs !== undefined && since < options.retentionStartMs) {
      since = options.retentionStartMs;
      if (!options.flagOnly) headers['x-retention-start'] = new Date(since).toISOString();
    }
    const actions = q.get('actions');
    const window = all.filter((e) => e.ms >= since && (actions === null || actions.split(',').includes('LOGIN')));
    const limit = Number(q.get('limit') ?? window.length);
    const at = Number(q.get('cursor') ?? 0);
    const page = window.slice(at, at + limit);
    const next = at + limit < window.length ? String(at + limit) : null;
    if (format === 'csv') {
      if (next !== null) headers['x-next-cursor'] = next;
      return text(res, 200, `id,timestamp,action,actor_id\n${page.map((e) => `${e.id},${new Date(e.ms).toISOString()},LOGIN,u1\n`).join('')}`, headers);
    }
    const body: Record<string, unknown> = { generatedAt: new Date(options.now ?? all.at(-1)!.ms + 1000).toISOString(), workspaceSlug: 'acme', count: page.length };
    if (options.flagOnly && options.retentionStartMs !== undefined) body['clamped'] = true;
    body['entries'] = page.map((e) => ({ id: e.id, action: 'LOGIN', timestamp: new Date(e.ms).toISOString(), actor: { id: 'u1' } }));
    if (next !== null) body['next_cursor'] = next;
    json(res, 200, body, headers);
  };
}

export interface ExportFaults {
  /** the first N jobs report EXPIRED once COMPLETED would be reached */
  expireJobs?: number;
  /** the first N download links answer 410 Gone */
  goneDownloads?: number;
  /** every job FAILs with this error */
  failWith?: string;
  /** create answers 403 (a BUNDLE_EXPORT policy) */
  deny?: boolean;
}

export interface ExportApi {
  handler: Handler;
  creates: Record<string, unknown>[];
}

/** Export-job API (doc 000): POST /api/v1/exports, GET /api/v1/exports/{id}, GET …/download. */
export function exportApi(all: FakeEvent[], faults: ExportFaults = {}): ExportApi {
  const creates: Record<string, unknown>[] = [];
  const jobs = new Map<string, { polls: number; from: number; to: number; format: string; n: number }>();
  let gone = 0;
  const handler: Handler = (req, res) => {
    const path = req.url.pathname;
    if (path === '/api/v1/exports' && req.method === 'POST') {
      if (unauthorised(req, 'Bearer', res)) return;
      if (faults.deny) return json(res, 403, { error: 'BUNDLE_EXPORT policy denied the export' });
      const body = JSON.parse(req.body) as Record<string, string>;
      creates.push(body);
      const id = `exp_${creates.length}`;
      jobs.set(id, { polls: 0, from: Date.parse(body['from']!), to: Date.parse(body['to']!), format: body['format']!, n: creates.length });
      return json(res, 201, { id, status: 'PENDING' });
    }
    const m = /^\/api\/v1\/exports\/(\w+)(\/download)?$/.exec(path);
    const job = m ? jobs.get(m[1]!) : undefined;
    if (!m || !job) return json(res, 404, { error: 'no such job' });
    if (m[2]) {
      if (gone < (faults.goneDownloads ?? 0)) {
        gone += 1;
        return json(res, 410, { error: 'the download link has expired' });
      }
      const window = all.filter((e) => e.ms >= job.from && e.ms < job.to);
      if (job.format === 'csv') {
        return text(res, 200, `id,type,occurred_at,outcome\n${window.map((e) => `${e.id},user.signed_in,${new Date(e.ms).toISOString()},success\n`).join('')}`);
      }
      return text(res, 200, window.map((e) => `${JSON.stringify({ id: e.id, type: 'user.signed_in', occurred_at: new Date(e.ms).toISOString() })}\n`).join(''));
    }
    if (unauthorised(req, 'Bearer', res)) return;
    job.polls += 1;
    const status = job.polls === 1 ? 'RUNNING' : faults.failWith ? 'FAILED' : job.n <= (faults.expireJobs ?? 0) ? 'EXPIRED' : 'COMPLETED';
    const view: Record<string, unknown> = { id: m[1], status };
    if (status === 'COMPLETED') view['download_url'] = `/api/v1/exports/${m[1]}/download?sig=s3cr3t-signature`;
    if (status === 'FAILED') view['error'] = faults.failWith;
    json(res, 200, view);
  };
  return { handler, creates };
}
