import { request as httpRequest } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { MappingOutcome } from '../../../src-shared/event';
import { calkeepCredentialsFamily } from '../../../src-main/engine/ingest/families/calkeepCredentialsFamily';
import { CALKEEP_AUDIT_CSV_COLUMNS, calkeepPullFamily } from '../../../src-main/engine/ingest/families/calkeepPullFamily';
import { fileExportFamily } from '../../../src-main/engine/ingest/families/fileExportFamily';
import type { PlatformMapping } from '../../../src-main/engine/ingest/mapping/platform';
import { githubAudit } from '../../../src-main/engine/ingest/platforms/githubAudit';
import { oktaSystemLog } from '../../../src-main/engine/ingest/platforms/oktaSystemLog';
import type { ReadItem } from '../../../src-main/engine/ingest/readers';
import { openCsv, readNdjson } from '../../../src-main/engine/ingest/readers';
import { population } from '../../tenant/population';
import { calkeepAction } from '../../tenant/shapes/calkeepShape';
import type { TenantServer } from '../../tenant/tenantServer';
import { createTenantServer } from '../../tenant/tenantServer';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const NOW = Date.parse('2026-06-30T12:00:00.000Z');
const iso = (ms: number): string => new Date(ms).toISOString();

// One population for most tests; the tenant's clock is a variable the tests move.
const pop = population(7, 4000, NOW - 30 * DAY, NOW);
let clock = NOW;
let tenant: TenantServer;

beforeAll(async () => {
  tenant = await createTenantServer({ population: pop, now: () => clock, pollsPerStatus: 1, linkTtlMs: 60_000 });
});
afterAll(async () => {
  await tenant.close();
});
afterEach(() => {
  tenant.setFaults({});
  clock = NOW;
});

type Scheme = 'Bearer' | 'SSWS' | 'token';

function auth(scheme: Scheme = 'Bearer', token = tenant.token): Record<string, string> {
  return { Authorization: `${scheme} ${token}` };
}

function nextLink(response: Response): string | null {
  const match = /<([^>]+)>;\s*rel="next"/.exec(response.headers.get('link') ?? '');
  return match ? match[1]! : null;
}

async function getJson<T = unknown>(url: string, headers: Record<string, string> = auth()): Promise<{ response: Response; body: T }> {
  const response = await fetch(url, { headers });
  return { response, body: (await response.json()) as T };
}

async function* chunksOf(text: string): AsyncGenerator<Buffer> {
  yield Buffer.from(text, 'utf8');
}

/** The records of a CSV text as the project's reader gives them; any rejection fails the test. */
async function csvItems(text: string): Promise<{ header: string[] | null; records: { value: unknown; raw: string }[] }> {
  const opened = await openCsv(chunksOf(text), null);
  const records: { value: unknown; raw: string }[] = [];
  for await (const item of opened.records) records.push(recordOf(item));
  return { header: opened.header, records };
}

async function ndjsonItems(text: string): Promise<{ value: unknown; raw: string }[]> {
  const records: { value: unknown; raw: string }[] = [];
  for await (const item of readNdjson(chunksOf(text), null)) records.push(recordOf(item));
  return records;
}

function recordOf(item: ReadItem): { value: unknown; raw: string } {
  if (item.kind === 'rejected') throw new Error(`reader rejected line ${item.position.line}: ${item.reason}`);
  return { value: item.value, raw: item.raw };
}

/** Maps every record; returns the event ids, failing on the first refusal. */
function mapAll(mapping: PlatformMapping, records: { value: unknown; raw: string }[]): (string | null)[] {
  return records.map(({ value, raw }) => {
    expect(mapping.recognise(value)).toBeGreaterThanOrEqual(0.5);
    const outcome: MappingOutcome = mapping.map(value, raw);
    if (!outcome.ok) throw new Error(`${mapping.id} refused ${raw.slice(0, 200)}: ${outcome.reason}`);
    return 'event' in outcome ? outcome.event.eventId : outcome.credential.userId;
  });
}

async function oktaAll(since: number, until: number, limit: number, server = tenant): Promise<Record<string, unknown>[]> {
  const events: Record<string, unknown>[] = [];
  let url: string | null = `${server.url}/api/v1/logs?since=${iso(since)}&until=${iso(until)}&limit=${limit}`;
  while (url) {
    const { response, body } = await getJson<Record<string, unknown>[]>(url, auth('SSWS', server.token));
    expect(response.status).toBe(200);
    events.push(...body);
    url = nextLink(response);
  }
  return events;
}

async function githubAll(phrase: string, perPage: number, order?: 'asc' | 'desc'): Promise<Record<string, unknown>[]> {
  const entries: Record<string, unknown>[] = [];
  let url: string | null = `${tenant.urls.github}?phrase=${encodeURIComponent(phrase)}&per_page=${perPage}${order ? `&order=${order}` : ''}`;
  while (url) {
    const { response, body } = await getJson<Record<string, unknown>[]>(url, auth('token'));
    expect(response.status).toBe(200);
    entries.push(...body);
    url = nextLink(response);
  }
  return entries;
}

interface Job {
  id: string;
  status: string;
  download_url?: string;
  expires_at?: string;
  error?: string;
}

async function createJob(body: Record<string, unknown>): Promise<{ status: number; job: Job }> {
  const response = await fetch(tenant.urls.exportJobs, { method: 'POST', headers: { ...auth(), 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, job: (await response.json()) as Job };
}

async function poll(id: string): Promise<Job> {
  return (await getJson<Job>(`${tenant.urls.exportJobs}/${id}`)).body;
}

async function completedJob(body: Record<string, unknown>): Promise<Job> {
  const { job } = await createJob(body);
  let current = job;
  for (let i = 0; i < 10 && current.status !== 'COMPLETED' && current.status !== 'FAILED'; i++) current = await poll(job.id);
  return current;
}

/** A GET by node:http that reports what arrived, even when the connection ends early. */
function rawGet(url: string, headers: Record<string, string>): Promise<{ status: number; declared: number; received: number; complete: boolean }> {
  return new Promise((resolve) => {
    const req = httpRequest(url, { headers, agent: false }, (res) => {
      let received = 0;
      const done = (): void => resolve({ status: res.statusCode ?? 0, declared: Number(res.headers['content-length'] ?? -1), received, complete: res.complete });
      res.on('data', (chunk: Buffer) => {
        received += chunk.length;
      });
      res.on('end', done);
      res.on('error', done);
      res.on('close', done);
    });
    req.on('error', () => resolve({ status: 0, declared: -1, received: 0, complete: false }));
    req.end();
  });
}

describe('population', () => {
  it('is deterministic, time-ordered and has unique ids', () => {
    const again = population(7, 4000, NOW - 30 * DAY, NOW);

    const ids = pop.ids();

    expect(again.ids()).toEqual(ids);
    expect(new Set(ids).size).toBe(4000);
    const times = Array.from({ length: pop.count }, (_, p) => pop.timeAt(p));
    expect(times.every((t, i) => i === 0 || t >= times[i - 1]!)).toBe(true);
    expect(times[0]).toBeGreaterThanOrEqual(NOW - 30 * DAY);
    expect(times[times.length - 1]).toBeLessThan(NOW);
  });

  it('builds a million events in compact arrays and serves a page from their end at once', async () => {
    const started = performance.now();
    const big = population(1, 1_000_000, NOW - 90 * DAY, NOW);
    const built = performance.now() - started;
    const server = await createTenantServer({ population: big, now: () => NOW });
    try {
      const asked = performance.now();
      const { response, body } = await getJson<{ count: number }>(`${server.urls.pull}?since=${iso(NOW - HOUR)}&limit=5000`, auth('Bearer', server.token));

      expect(response.status).toBe(200);
      expect(big.count).toBe(1_000_000);
      expect(built).toBeLessThan(10_000);
      expect(performance.now() - asked).toBeLessThan(2_000);
      expect(body.count).toBe(big.ids(NOW - HOUR, NOW).length);
    } finally {
      await server.close();
    }
  });
});

describe('one population through four APIs', () => {
  const from = NOW - 10 * DAY;

  it('serves the same events for a window through all four APIs, ids matching', async () => {
    const expected = pop.ids(from, NOW);

    const okta = (await oktaAll(from, NOW, 250)).map((e) => e['uuid']);
    const github = (await githubAll(`created:>=${iso(from)}`, 100, 'asc')).map((e) => e['_document_id']);
    const pulled = (await getJson<{ count: number; entries: { id: string }[] }>(`${tenant.urls.pull}?since=${iso(from)}`)).body;
    const job = await completedJob({ report_type: 'audit', format: 'json', from: iso(from), to: iso(NOW) });
    const download = await (await fetch(job.download_url!)).text();
    const exported = (await ndjsonItems(download)).map((r) => (r.value as { id: string }).id);

    expect(expected.length).toBeGreaterThan(1000);
    expect(okta).toEqual(expected);
    expect(github).toEqual(expected);
    expect(pulled.count).toBe(expected.length);
    expect(pulled.entries.map((e) => e.id)).toEqual(expected);
    expect(exported).toEqual(expected);
  });

  it('pages GitHub newest first by default, covering the window exactly once', async () => {
    const expected = pop.ids(from, NOW);

    const ids = (await githubAll(`created:>=${iso(from).slice(0, 10)}`, 37)).map((e) => e['_document_id'] as string);

    expect(ids).toEqual(pop.ids(Date.parse(iso(from).slice(0, 10)), NOW).reverse());
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBeGreaterThanOrEqual(expected.length);
  });

  it('reads GitHub created: ranges and action: filters', async () => {
    const start = NOW - 3 * DAY;
    const end = NOW - 2 * DAY;

    const ids = (await githubAll(`created:>=${iso(start)} created:<${iso(end)} action:git.*`, 100, 'asc')).map((e) => e['_document_id']);

    const expected = [...pop.range(pop.lowerBound(start), pop.lowerBound(end))].filter((e) => e.kind.github[e.outcome === 'success' ? 0 : 1].startsWith('git.')).map((e) => e.id);
    expect(expected.length).toBeGreaterThan(0);
    expect(ids).toEqual(expected);
  });

  it('pages the pull API by limit and next_cursor exactly once, in JSON and in CSV', async () => {
    const expected = pop.ids(from, NOW);
    const jsonIds: string[] = [];
    const csvIds: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const { response, body }: { response: Response; body: { count: number; entries: { id: string }[]; next_cursor?: string } } = await getJson(
        `${tenant.urls.pull}?since=${iso(from)}&limit=400${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(body.count).toBe(body.entries.length);
      expect(response.headers.get('x-next-cursor')).toBe(body.next_cursor ?? null);
      jsonIds.push(...body.entries.map((e) => e.id));
      cursor = body.next_cursor ?? null;
      pages++;
    } while (cursor !== null);
    let csvCursor: string | null = null;
    do {
      const response: Response = await fetch(`${tenant.url}/api/admin/compliance/audit.csv?since=${iso(from)}&limit=999${csvCursor ? `&cursor=${csvCursor}` : ''}`, { headers: auth() });
      const { records } = await csvItems(await response.text());
      csvIds.push(...records.map((r) => (r.value as { id: string }).id));
      csvCursor = response.headers.get('x-next-cursor');
    } while (csvCursor !== null);

    expect(pages).toBe(Math.ceil(expected.length / 400));
    expect(jsonIds).toEqual(expected);
    expect(csvIds).toEqual(expected);
  });

  it('filters the pull API by actions, exact or PREFIX*', async () => {
    const expected = [...pop.range(pop.lowerBound(from), pop.count)].filter((e) => calkeepAction(e).startsWith('MFA_') || calkeepAction(e) === 'LOGOUT').map((e) => e.id);

    const { body } = await getJson<{ entries: { id: string; action: string }[] }>(`${tenant.urls.pull}?since=${iso(from)}&actions=MFA_*,LOGOUT&limit=100`);
    const all = await getJson<{ entries: { id: string }[] }>(`${tenant.urls.pull}?since=${iso(from)}&actions=MFA_*,LOGOUT`);

    expect(expected.length).toBeGreaterThan(100);
    expect(body.entries.map((e) => e.id)).toEqual(expected.slice(0, 100));
    expect(all.body.entries.map((e) => e.id)).toEqual(expected);
  });

  it('uses days when since is absent, over [now - days, now)', async () => {
    const { body } = await getJson<{ entries: { id: string }[] }>(`${tenant.urls.pull}?days=2`);

    expect(body.entries.map((e) => e.id)).toEqual(pop.ids(NOW - 2 * DAY, NOW));
  });

  it('sends Okta rate-limit headers and a rel="next" Link only while more remain', async () => {
    const since = NOW - DAY;
    const count = pop.ids(since, NOW).length;

    const first = await fetch(`${tenant.urls.okta}?since=${iso(since)}&limit=${count - 1}`, { headers: auth('SSWS') });
    const last = await fetch(nextLink(first)!, { headers: auth('SSWS') });

    expect(first.headers.get('x-rate-limit-limit')).toMatch(/^\d+$/);
    expect(Number(first.headers.get('x-rate-limit-remaining'))).toBeLessThan(Number(first.headers.get('x-rate-limit-limit')));
    expect(Number(first.headers.get('x-rate-limit-reset'))).toBeGreaterThan(NOW / 1000);
    expect(first.headers.get('link')).toContain('rel="self"');
    expect(((await last.json()) as unknown[]).length).toBe(1);
    expect(nextLink(last)).toBeNull();
  });
});

describe('authentication', () => {
  const endpoints = (): [string, Scheme][] => [
    [`${tenant.urls.exportJobs}/exp_unknown`, 'Bearer'],
    [tenant.urls.pull, 'Bearer'],
    [tenant.urls.okta, 'SSWS'],
    [tenant.urls.github, 'token'],
  ];

  it('refuses a missing or wrong token with 401 and a JSON error on every API', async () => {
    for (const [url, scheme] of endpoints()) {
      const missing = await fetch(url);
      const wrong = await fetch(url, { headers: auth(scheme, 'not-the-token') });

      expect(missing.status, url).toBe(401);
      expect(wrong.status, url).toBe(401);
      expect(Object.keys((await missing.json()) as object).length).toBeGreaterThan(0);
      expect(JSON.stringify(await wrong.json())).not.toContain(tenant.token);
    }
  });

  it("accepts each API's own scheme and Bearer, and refuses another API's scheme", async () => {
    expect((await fetch(`${tenant.urls.okta}?limit=1`, { headers: auth('SSWS') })).status).toBe(200);
    expect((await fetch(`${tenant.urls.okta}?limit=1`, { headers: auth('Bearer') })).status).toBe(200);
    expect((await fetch(`${tenant.urls.github}?per_page=1`, { headers: auth('token') })).status).toBe(200);
    expect((await fetch(`${tenant.urls.github}?per_page=1`, { headers: auth('Bearer') })).status).toBe(200);
    expect((await fetch(`${tenant.urls.pull}?days=1`, { headers: auth('SSWS') })).status).toBe(401);
  });

  it('answers 403 while the forbidden fault is on, and counts it', async () => {
    const before = tenant.stats.faults.forbidden;
    tenant.setFaults({ forbidden: true });

    const responses = await Promise.all(endpoints().map(([url, scheme]) => fetch(url, { headers: auth(scheme) })));

    expect(responses.map((r) => r.status)).toEqual([403, 403, 403, 403]);
    expect(tenant.stats.faults.forbidden - before).toBe(4);
  });

  it('exchanges OAuth client credentials for the API token', async () => {
    const basic = Buffer.from(`${tenant.clientId}:${tenant.clientSecret}`).toString('base64');
    const good = await fetch(tenant.urls.oauthToken, { method: 'POST', headers: { Authorization: `Basic ${basic}`, 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'grant_type=client_credentials' });
    const bad = await fetch(tenant.urls.oauthToken, { method: 'POST', body: `grant_type=client_credentials&client_id=${tenant.clientId}&client_secret=wrong` });

    expect(good.status).toBe(200);
    expect(((await good.json()) as { access_token: string }).access_token).toBe(tenant.token);
    expect(bad.status).toBe(401);
  });
});

describe('faults', () => {
  it('answers every Nth request 429 with Retry-After, counted and recorded', async () => {
    tenant.setFaults({ rateLimit: { every: 2, retryAfterSeconds: 3 } });
    const seq = tenant.stats.requests.length;

    const first = await fetch(`${tenant.urls.okta}?limit=1`, { headers: auth('SSWS') });
    const second = await fetch(`${tenant.urls.okta}?limit=1`, { headers: auth('SSWS') });

    expect(first.status).toBe(200);
    expect(second.status).toBe(429);
    expect(second.headers.get('retry-after')).toBe('3');
    expect(second.headers.get('x-rate-limit-remaining')).toBe('0');
    expect(((await second.json()) as { errorCode: string }).errorCode).toBe('E0000047');
    expect(tenant.stats.faults.rateLimit).toBeGreaterThanOrEqual(1);
    const recorded = tenant.stats.requests.slice(seq);
    expect(recorded.map((r) => [r.api, r.path, r.status, r.fault])).toEqual([
      ['okta', '/api/v1/logs', 200, null],
      ['okta', '/api/v1/logs', 429, 'rateLimit'],
    ]);
    expect(recorded[1]!.at).toBeGreaterThanOrEqual(recorded[0]!.at);
  });

  it('limits an every-N fault to the APIs it names', async () => {
    tenant.setFaults({ rateLimit: { every: 1, retryAfterSeconds: 1, apis: ['github'] } });

    const okta = await fetch(`${tenant.urls.okta}?limit=1`, { headers: auth('SSWS') });
    const github = await fetch(`${tenant.urls.github}?per_page=1`, { headers: auth('token') });

    expect(okta.status).toBe(200);
    expect(github.status).toBe(429);
  });

  it('answers 500 and 503 alternately for server errors, counted', async () => {
    const before = tenant.stats.faults.serverError;
    tenant.setFaults({ serverErrors: { every: 1 } });

    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await fetch(`${tenant.urls.pull}?days=1`, { headers: auth() })).status);

    expect(new Set(statuses)).toEqual(new Set([500, 503]));
    expect(tenant.stats.faults.serverError - before).toBe(4);
  });

  it('drops the connection mid-response, counted; the next request is served', async () => {
    const before = tenant.stats.faults.dropConnection;
    tenant.setFaults({ dropConnection: { every: 1 } });

    const dropped = fetch(`${tenant.urls.pull}?days=5`, { headers: auth() }).then((r) => r.text());
    await expect(dropped).rejects.toThrow();
    tenant.setFaults({});
    const after = await fetch(`${tenant.urls.pull}?days=5`, { headers: auth() });

    expect(tenant.stats.faults.dropConnection - before).toBe(1);
    expect(after.status).toBe(200);
    expect(((await after.json()) as { count: number }).count).toBe(pop.ids(NOW - 5 * DAY, NOW).length);
  });

  it('declares a Content-Length and sends only half the body when truncating', async () => {
    tenant.setFaults({ truncate: { every: 1 } });

    const result = await rawGet(`${tenant.urls.okta}?since=${iso(NOW - 2 * DAY)}&limit=200`, auth('SSWS'));

    expect(result.status).toBe(200);
    expect(result.declared).toBeGreaterThan(1000);
    expect(result.received).toBe(Math.floor(result.declared / 2));
    expect(result.complete).toBe(false);
    expect(tenant.stats.faults.truncate).toBeGreaterThanOrEqual(1);
  });

  it('truncates a streamed whole-window body too, and fetch notices', async () => {
    tenant.setFaults({ truncate: { every: 1 } });

    const read = fetch(`${tenant.url}/api/admin/compliance/audit.csv?days=30`, { headers: auth() }).then((r) => r.text());

    await expect(read).rejects.toThrow();
  });

  it('delays responses by slowMs', async () => {
    tenant.setFaults({ slowMs: 200 });

    const started = performance.now();
    const response = await fetch(`${tenant.urls.github}?per_page=1`, { headers: auth('token') });

    expect(response.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(190);
    expect(tenant.stats.faults.slow).toBeGreaterThanOrEqual(1);
  });

  it("enforces Okta's request budget with 429 until the window resets", async () => {
    const server = await createTenantServer({ population: pop, now: () => NOW, oktaRateLimit: { limit: 2, windowSeconds: 60 } });
    try {
      const statuses: number[] = [];
      let last: Response | null = null;
      for (let i = 0; i < 3; i++) {
        last = await fetch(`${server.urls.okta}?limit=1`, { headers: auth('SSWS', server.token) });
        statuses.push(last.status);
      }

      expect(statuses).toEqual([200, 200, 429]);
      expect(last!.headers.get('x-rate-limit-remaining')).toBe('0');
      expect(Number(last!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(server.stats.faults.oktaRateBudget).toBe(1);
    } finally {
      await server.close();
    }
  });
});

describe('retention clamp', () => {
  it('clamps a since older than the retention and says where the response starts', async () => {
    tenant.setFaults({ retentionDays: 5 });

    const { response, body } = await getJson<{ entries: { id: string }[] }>(`${tenant.urls.pull}?since=${iso(NOW - 20 * DAY)}`);

    expect(response.headers.get('x-retention-start')).toBe(iso(NOW - 5 * DAY));
    expect(body.entries.map((e) => e.id)).toEqual(pop.ids(NOW - 5 * DAY, NOW));
    expect(tenant.stats.faults.retentionClamp).toBeGreaterThanOrEqual(1);
  });

  it('leaves a window inside the retention alone', async () => {
    tenant.setFaults({ retentionDays: 5 });

    const { response, body } = await getJson<{ entries: { id: string }[] }>(`${tenant.url}/api/admin/compliance/audit.json?since=${iso(NOW - 3 * DAY)}`);

    expect(response.headers.get('x-retention-start')).toBeNull();
    expect(body.entries.map((e) => e.id)).toEqual(pop.ids(NOW - 3 * DAY, NOW));
  });
});

describe('late events', () => {
  it('inserts events within the hour behind what was served: a cursor skips them, an overlap re-read finds them', async () => {
    const own = population(11, 3000, NOW - 5 * DAY, NOW);
    const server = await createTenantServer({ population: own, now: () => NOW });
    try {
      const since = NOW - 5 * DAY;
      const first = await fetch(`${server.urls.okta}?since=${iso(since)}&until=${iso(NOW)}&limit=1000`, { headers: auth('SSWS', server.token) });
      const page = (await first.json()) as { uuid: string; published: string }[];
      const servedUpTo = Date.parse(page[page.length - 1]!.published);

      const late = server.addLateEvents(5);
      const continued: string[] = [];
      let url: string | null = nextLink(first);
      while (url) {
        const response: Response = await fetch(url, { headers: auth('SSWS', server.token) });
        continued.push(...((await response.json()) as { uuid: string }[]).map((e) => e.uuid));
        url = nextLink(response);
      }
      const overlap = (await oktaAll(servedUpTo - HOUR, NOW, 1000, server)).map((e) => e['uuid']);

      expect(own.count).toBe(3005);
      expect(new Set(own.ids()).size).toBe(3005);
      for (const id of late) {
        const position = own.ids().indexOf(id);
        const ms = own.timeAt(position);
        expect(ms).toBeGreaterThanOrEqual(servedUpTo - HOUR);
        expect(ms).toBeLessThanOrEqual(servedUpTo);
        expect(continued).not.toContain(id);
        expect(overlap).toContain(id);
      }
    } finally {
      await server.close();
    }
  });
});

describe('export jobs', () => {
  const from = NOW - 7 * DAY;

  it('moves a job PENDING → RUNNING → COMPLETED, one step per poll, with an expiring download link', async () => {
    const { status, job } = await createJob({ report_type: 'soc2', format: 'json', from: iso(from), to: iso(NOW) });
    const running = await poll(job.id);
    const completed = await poll(job.id);

    expect(status).toBe(201);
    expect(job.status).toBe('PENDING');
    expect(running.status).toBe('RUNNING');
    expect(completed.status).toBe('COMPLETED');
    expect(completed.download_url).toMatch(new RegExp(`^${tenant.url}/api/v1/exports/${job.id}/download\\?sig=[0-9a-f]+$`));
    expect(Date.parse(completed.expires_at!)).toBe(NOW + 60_000);
  });

  it('serves the CSV flavour with data_json, the same events', async () => {
    const job = await completedJob({ report_type: 'hipaa', format: 'csv', from: iso(from), to: iso(NOW) });

    const response = await fetch(job.download_url!);
    const { header, records } = await csvItems(await response.text());

    expect(response.headers.get('content-type')).toContain('text/csv');
    expect(header).toContain('data_json');
    expect(mapAll(fileExportFamily, records)).toEqual(pop.ids(from, NOW));
  });

  it('answers 410 for a link past its expiry and turns the job EXPIRED', async () => {
    const before = tenant.stats.faults.expiredLink;
    const job = await completedJob({ report_type: 'audit', format: 'json', from: iso(from), to: iso(NOW) });
    clock = NOW + 60_001;

    const download = await fetch(job.download_url!);
    const after = await poll(job.id);

    expect(download.status).toBe(410);
    expect(after.status).toBe('EXPIRED');
    expect(after.download_url).toBeUndefined();
    expect(tenant.stats.faults.expiredLink - before).toBe(1);
  });

  it('issues already-expired links while expiredLinks is on (for the next N jobs when given a count)', async () => {
    tenant.setFaults({ expiredLinks: { count: 1 } });

    const first = await completedJob({ report_type: 'gdpr', format: 'json', from: iso(from), to: iso(NOW) });
    const firstDownload = await fetch(first.download_url!);
    const second = await completedJob({ report_type: 'gdpr', format: 'json', from: iso(from), to: iso(NOW) });
    const secondDownload = await fetch(second.download_url!);

    expect(firstDownload.status).toBe(410);
    expect((await poll(first.id)).status).toBe('EXPIRED');
    expect(secondDownload.status).toBe(200);
  });

  it('fails jobs with an error while failJobs is on', async () => {
    tenant.setFaults({ failJobs: true });

    const job = await completedJob({ report_type: 'audit', format: 'csv', from: iso(from), to: iso(NOW) });

    expect(job.status).toBe('FAILED');
    expect(job.error).toMatch(/failed/i);
    expect(job.download_url).toBeUndefined();
    expect(tenant.stats.faults.failJob).toBeGreaterThanOrEqual(1);
  });

  it('refuses the export with 403 when a BUNDLE_EXPORT policy denies it', async () => {
    tenant.setFaults({ denyExport: true });

    const { status, job } = await createJob({ report_type: 'audit', format: 'json', from: iso(from), to: iso(NOW) });

    expect(status).toBe(403);
    expect(job).toEqual({ error: 'BUNDLE_EXPORT policy denied the export' });
    expect(tenant.stats.faults.denyExport).toBeGreaterThanOrEqual(1);
  });

  it('refuses an unknown report type or format with 400', async () => {
    const badType = await createJob({ report_type: 'pci', format: 'json' });
    const badFormat = await createJob({ report_type: 'audit', format: 'xml' });

    expect(badType.status).toBe(400);
    expect(badFormat.status).toBe(400);
  });
});

describe("the project's readers and mappings read what the tenant serves", () => {
  const from = NOW - 4 * DAY;

  it('audit.csv: our CSV reader and calkeepPullFamily, no refusals', async () => {
    const text = await (await fetch(`${tenant.url}/api/admin/compliance/audit.csv?since=${iso(from)}`, { headers: auth() })).text();

    const { header, records } = await csvItems(text);

    expect(header).toEqual([...CALKEEP_AUDIT_CSV_COLUMNS]);
    expect(mapAll(calkeepPullFamily, records)).toEqual(pop.ids(from, NOW));
  });

  it('audit.json entries: calkeepPullFamily, no refusals', async () => {
    const { body } = await getJson<{ entries: unknown[] }>(`${tenant.urls.pull}?since=${iso(from)}`);

    const ids = mapAll(calkeepPullFamily, body.entries.map((value) => ({ value, raw: JSON.stringify(value) })));

    expect(ids).toEqual(pop.ids(from, NOW));
  });

  it('credentials.csv and credentials.json: calkeepCredentialsFamily, no refusals', async () => {
    const csv = await csvItems(await (await fetch(`${tenant.url}/api/admin/compliance/credentials.csv`, { headers: auth() })).text());
    const { body } = await getJson<{ count: number; credentials: unknown[] }>(`${tenant.url}/api/admin/compliance/credentials.json`);

    const fromCsv = mapAll(calkeepCredentialsFamily, csv.records);
    const fromJson = mapAll(calkeepCredentialsFamily, body.credentials.map((value) => ({ value, raw: JSON.stringify(value) })));

    expect(fromCsv.length).toBeGreaterThan(40);
    expect(fromJson).toEqual(fromCsv);
    expect(body.count).toBe(fromCsv.length);
  });

  it('Okta events: oktaSystemLog, no refusals, uuid as the event id', async () => {
    const events = await oktaAll(from, NOW, 1000);

    const ids = mapAll(oktaSystemLog, events.map((value) => ({ value, raw: JSON.stringify(value) })));

    expect(ids).toEqual(pop.ids(from, NOW));
  });

  it('GitHub entries: githubAudit, no refusals, _document_id as the event id', async () => {
    const entries = await githubAll(`created:>=${iso(from)}`, 100, 'asc');

    const ids = mapAll(githubAudit, entries.map((value) => ({ value, raw: JSON.stringify(value) })));

    expect(ids).toEqual(pop.ids(from, NOW));
  });

  it('export NDJSON: our NDJSON reader and fileExportFamily, no refusals', async () => {
    const job = await completedJob({ report_type: 'audit', format: 'json', from: iso(from), to: iso(NOW) });

    const records = await ndjsonItems(await (await fetch(job.download_url!)).text());

    expect(mapAll(fileExportFamily, records)).toEqual(pop.ids(from, NOW));
  });
});
