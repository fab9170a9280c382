/**
 * The simulated tenant: one seeded event population served over loopback HTTP through four
 * APIs — CalKeep's export jobs (doc 000) and compliance pull (doc 002), Okta's System Log and
 * GitHub's organisation audit log — with switches for the faults a sync must survive. Tests
 * start one per suite; `npm run tenant` starts one for a person (tenantMain.ts).
 *
 * A request goes: route → token (401) → `forbidden` (403) → `slowMs` → `rateLimit` (429) →
 * Okta's request budget (429) → `serverErrors` (500/503) → the API → `dropConnection` /
 * `truncate` on a successful body. Everything is recorded in `stats`.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ApiContext, PageLimits } from './context';
import { apiError, message } from './errors';
import type { ApiName, TenantFaults } from './faults';
import { FaultState } from './faults';
import type { Population } from './population';
import { population as seededPopulation, toMs } from './population';
import type { Headers, Reply } from './respond';
import { jsonReply, send } from './respond';
import { ExportJobs } from './routes/exportJobs';
import { githubAuditLog } from './routes/githubAuditLog';
import { oktaLogs } from './routes/oktaLogs';
import { auditExport, credentialsExport } from './routes/pullApi';
import { TenantStats } from './stats';
import { TENANT } from './eventKinds';

export type { TenantFaults } from './faults';
export type { RequestRecord } from './stats';

const DAY_MS = 86_400_000;
const MAX_BODY_BYTES = 1024 * 1024;

export interface TenantServerOptions {
  /** population: seed (default 20260101), count (default 10,000), [from, to) (default the 90 days before now) */
  seed?: number;
  count?: number;
  from?: number | string | Date;
  to?: number | string | Date;
  /** or a population built beforehand (shared between servers, or reused across tests) */
  population?: Population;
  /** the API token (default: random) */
  token?: string;
  /** OAuth client credentials accepted at POST /oauth2/v1/token (defaults: `tenant-client` and a random secret) */
  clientId?: string;
  clientSecret?: string;
  org?: string;
  workspaceSlug?: string;
  /** the pull API's audit retention; null (default) keeps everything */
  retentionDays?: number | null;
  /** export jobs: polls per status (default 1) and link lifetime (default 15 min) */
  pollsPerStatus?: number;
  linkTtlMs?: number;
  pageLimits?: Partial<PageLimits>;
  /** Okta's per-window request budget (default 100,000 per 60 s, i.e. never in the way) */
  oktaRateLimit?: { limit: number; windowSeconds: number };
  faults?: TenantFaults;
  /** the tenant's clock (default Date.now) */
  now?: () => number;
  port?: number;
}

export interface TenantServer {
  /** http://127.0.0.1:PORT — the base URL of every API */
  url: string;
  token: string;
  clientId: string;
  clientSecret: string;
  org: string;
  workspaceSlug: string;
  /** each API's entry point, for people and logs */
  urls: { exportJobs: string; pull: string; okta: string; github: string; oauthToken: string };
  population: Population;
  stats: TenantStats;
  /** replaces the fault switches (an empty object turns all off) and restarts their counters */
  setFaults(faults: TenantFaults): void;
  /** adds `n` late events within the hour before the newest event served so far; returns their ids */
  addLateEvents(n: number): string[];
  close(): Promise<void>;
}

type Scheme = 'bearer' | 'token' | 'ssws';

interface Route {
  api: ApiName | 'oauth' | null;
  schemes: readonly Scheme[] | null;
  handle: (ctx: ApiContext) => Reply | Promise<Reply>;
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) req.destroy(new Error('request body too large'));
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export async function createTenantServer(options: TenantServerOptions = {}): Promise<TenantServer> {
  const now = options.now ?? Date.now;
  const pop =
    options.population ??
    (() => {
      const to = options.to === undefined ? Math.floor(now()) : toMs(options.to);
      const from = options.from === undefined ? to - 90 * DAY_MS : toMs(options.from);
      return seededPopulation(options.seed ?? 20260101, options.count ?? 10_000, from, to);
    })();
  const token = options.token ?? `tnt_${randomBytes(24).toString('base64url')}`;
  const tokenDigest = digest(token);
  const clientId = options.clientId ?? 'tenant-client';
  const clientSecret = options.clientSecret ?? randomBytes(18).toString('base64url');
  const org = options.org ?? TENANT.org;
  const workspaceSlug = options.workspaceSlug ?? TENANT.workspaceSlug;
  const pageLimits: PageLimits = { okta: 1000, github: 100, pull: 5000, ...options.pageLimits };
  const budget = options.oktaRateLimit ?? { limit: 100_000, windowSeconds: 60 };
  const stats = new TenantStats();
  const faults = new FaultState();
  faults.set(options.faults ?? {});
  const jobs = new ExportJobs({ pollsPerStatus: options.pollsPerStatus ?? 1, linkTtlMs: options.linkTtlMs ?? 15 * 60_000 });
  let oktaWindow = { start: now(), used: 0 };
  let serverErrors = 0;
  let baseUrl = '';

  function route(method: string, path: string): Route | 'method' | null {
    const ck: readonly Scheme[] = ['bearer'];
    let m: RegExpExecArray | null;
    if (path === '/oauth2/v1/token') return method === 'POST' ? { api: 'oauth', schemes: null, handle: oauthToken } : 'method';
    if (path === '/api/v1/exports') return method === 'POST' ? { api: 'export', schemes: ck, handle: (ctx) => jobs.create(ctx) } : 'method';
    if ((m = /^\/api\/v1\/exports\/([\w-]+)\/download$/.exec(path))) {
      const id = m[1]!;
      // The link is signed: it needs no Authorization header, as a pre-signed download would not.
      return method === 'GET' ? { api: 'export', schemes: null, handle: (ctx) => jobs.download(ctx, id) } : 'method';
    }
    if ((m = /^\/api\/v1\/exports\/([\w-]+)$/.exec(path))) {
      const id = m[1]!;
      return method === 'GET' ? { api: 'export', schemes: ck, handle: (ctx) => jobs.poll(ctx, id) } : 'method';
    }
    if ((m = /^\/api\/admin\/compliance\/(audit|credentials)\.(json|csv)$/.exec(path))) {
      const format = m[2] === 'csv' ? 'csv' : 'json';
      const handle = m[1] === 'audit' ? (ctx: ApiContext) => auditExport(ctx, format) : (ctx: ApiContext) => credentialsExport(ctx, format);
      return method === 'GET' ? { api: 'pull', schemes: ck, handle } : 'method';
    }
    if (path === '/api/v1/logs') return method === 'GET' ? { api: 'okta', schemes: ['ssws', 'bearer'], handle: oktaLogs } : 'method';
    if ((m = /^\/orgs\/([^/]+)\/audit-log$/.exec(path))) {
      const name = decodeURIComponent(m[1]!);
      return method === 'GET' ? { api: 'github', schemes: ['token', 'bearer'], handle: (ctx) => githubAuditLog(ctx, name) } : 'method';
    }
    return null;
  }

  function authorised(header: string | undefined, schemes: readonly Scheme[]): boolean {
    const match = /^(\S+)\s+(\S+)\s*$/.exec(header ?? '');
    if (!match || !(schemes as readonly string[]).includes(match[1]!.toLowerCase())) return false;
    return timingSafeEqual(digest(match[2]!), tokenDigest);
  }

  /** OAuth 2.0 client credentials (RFC 6749 §4.4): client_secret_basic or _post; the access token is the API token. */
  async function oauthToken(ctx: ApiContext): Promise<Reply> {
    const form = new URLSearchParams(await ctx.body());
    let id = form.get('client_id');
    let secret = form.get('client_secret');
    const basic = /^Basic\s+(\S+)$/i.exec(ctx.headers['authorization'] ?? '');
    if (basic) {
      const [user, ...rest] = Buffer.from(basic[1]!, 'base64').toString('utf8').split(':');
      id = decodeURIComponent(user ?? '');
      secret = decodeURIComponent(rest.join(':'));
    }
    if (form.get('grant_type') !== 'client_credentials') return jsonReply(400, { error: 'unsupported_grant_type' });
    if (id !== clientId || secret === null || !timingSafeEqual(digest(secret), digest(clientSecret))) return apiError('oauth', 401, 'unknown client or wrong secret');
    return jsonReply(200, { access_token: token, token_type: 'Bearer', expires_in: 3600, scope: form.get('scope') ?? 'audit.read' });
  }

  function oktaHeaders(spend: boolean): { headers: Headers; spent: boolean } {
    const t = now();
    const windowMs = budget.windowSeconds * 1000;
    if (t >= oktaWindow.start + windowMs) oktaWindow = { start: t, used: 0 };
    if (spend) oktaWindow.used++;
    const reset = Math.ceil((oktaWindow.start + windowMs) / 1000);
    const headers = { 'X-Rate-Limit-Limit': String(budget.limit), 'X-Rate-Limit-Remaining': String(Math.max(0, budget.limit - oktaWindow.used)), 'X-Rate-Limit-Reset': String(reset) };
    return { headers, spent: oktaWindow.used > budget.limit };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const record = stats.begin(method, req.url ?? '/');
    res.on('close', () => {
      record.endedAt = Date.now();
    });
    const reply = async (r: Reply, fault: 'truncate' | 'dropConnection' | null = null): Promise<void> => {
      record.status = r.status;
      await send(res, r, fault);
    };
    const url = new URL(req.url ?? '/', baseUrl);
    const found = route(method, url.pathname);
    if (found === null) return reply(apiError(null, 404, `no such endpoint: ${url.pathname}`));
    if (found === 'method') return reply(apiError(null, 405, `method ${method} not allowed here`));
    const { api } = found;
    record.api = api;
    if (found.schemes !== null && !authorised(req.headers.authorization, found.schemes)) {
      return reply(apiError(api, 401, message('unauthorized', api), { 'WWW-Authenticate': `${api === 'okta' ? 'SSWS' : 'Bearer'} realm="tenant"` }));
    }
    const ctx: ApiContext = {
      url,
      method,
      baseUrl,
      headers: req.headers,
      population: pop,
      faults,
      pageLimits,
      workspaceSlug,
      org,
      now,
      retentionDays: () => faults.current.retentionDays ?? options.retentionDays ?? null,
      served: (event) => stats.served(event.ms),
      count: (fault) => stats.count(fault, record),
      body: () => readBody(req),
    };
    if (api === 'oauth') return reply(await found.handle(ctx));
    const current = faults.current;
    if (current.forbidden) {
      stats.count('forbidden', record);
      return reply(apiError(api, 403, message('forbidden', api)));
    }
    if (current.slowMs !== undefined && current.slowMs > 0) {
      stats.count('slow', record);
      await delay(current.slowMs);
    }
    const okta = api === 'okta' ? oktaHeaders(true) : null;
    if (api !== null && current.rateLimit && faults.hits('rateLimit', api)) {
      stats.count('rateLimit', record);
      const seconds = current.rateLimit.retryAfterSeconds;
      const headers: Headers = { 'Retry-After': String(seconds) };
      if (okta) Object.assign(headers, okta.headers, { 'X-Rate-Limit-Remaining': '0', 'X-Rate-Limit-Reset': String(Math.ceil(now() / 1000) + seconds) });
      return reply(apiError(api, 429, 'rate limit exceeded; retry after the delay in Retry-After', headers));
    }
    if (okta?.spent) {
      stats.count('oktaRateBudget', record);
      const retryAfter = Math.max(1, Number(okta.headers['X-Rate-Limit-Reset']) - Math.floor(now() / 1000));
      return reply(apiError(api, 429, 'API call exceeded rate limit due to too many requests.', { ...okta.headers, 'Retry-After': String(retryAfter) }));
    }
    if (api !== null && faults.hits('serverErrors', api)) {
      stats.count('serverError', record);
      const status = serverErrors++ % 2 === 0 ? 500 : 503;
      return reply(apiError(api, status, status === 500 ? 'Internal Server Error' : 'Service Unavailable'));
    }
    const answer = await found.handle(ctx);
    if (okta) answer.headers = { ...answer.headers, ...okta.headers };
    let fault: 'truncate' | 'dropConnection' | null = null;
    if (api !== null && answer.status >= 200 && answer.status < 300) {
      if (faults.hits('dropConnection', api)) fault = 'dropConnection';
      else if (faults.hits('truncate', api)) fault = 'truncate';
      if (fault !== null) stats.count(fault, record);
    }
    return reply(answer, fault);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) {
        res.writeHead(500, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ error: `tenant simulator failed: ${error instanceof Error ? error.message : String(error)}` }));
      } else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://127.0.0.1:${port}`;

  return {
    url: baseUrl,
    token,
    clientId,
    clientSecret,
    org,
    workspaceSlug,
    urls: {
      exportJobs: `${baseUrl}/api/v1/exports`,
      pull: `${baseUrl}/api/admin/compliance/audit.json`,
      okta: `${baseUrl}/api/v1/logs`,
      github: `${baseUrl}/orgs/${org}/audit-log`,
      oauthToken: `${baseUrl}/oauth2/v1/token`,
    },
    population: pop,
    stats,
    setFaults: (next) => faults.set(next),
    addLateEvents(n) {
      const anchor = Number.isFinite(stats.maxServedMs) ? stats.maxServedMs : Math.min(pop.toMs - 1, now());
      return pop.addLate(n, anchor).map((event) => event.id);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
