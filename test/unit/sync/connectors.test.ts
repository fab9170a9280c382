import { afterEach, describe, expect, it } from 'vitest';
import { formatMicros } from '../../../src-shared/time';
import type { FetchedPage } from '../../../src-main/engine/sync/connector';
import { connectorFor } from '../../../src-main/engine/sync/connectors';
import { cursorMicros } from '../../../src-main/engine/sync/syncWindow';
import { events, exportApi, githubApi, oktaApi, pullApi, STEP_MS, T0, type FakeEvent } from './fakeApis';
import { collect, fakeServer, json, rejection, runOf, sourceOf, testClient, type FakeServer, type Handler } from './fakeServer';

const servers: FakeServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(handler: Handler): Promise<FakeServer> {
  const server = await fakeServer(handler);
  servers.push(server);
  return server;
}

const UNTIL = (T0 + 86_400_000) * 1000;

function idsOf(pages: FetchedPage[], field: string): string[] {
  return pages.flatMap((p) => p.records.map((r) => String((r.value as Record<string, unknown>)[field])));
}

/** Cursors never move back; the last is the newest event (the watermark), the window covered to its end. */
function expectWatermark(pages: FetchedPage[], newest: FakeEvent): void {
  const positions = pages.map((p) => cursorMicros(p.cursor) ?? -1);
  positions.forEach((at, i) => expect(at).toBeGreaterThanOrEqual(positions[i - 1] ?? -1));
  expect(pages.at(-1)?.cursor).toEqual({ to: formatMicros(newest.ms * 1000) });
  expect(pages.at(-1)?.covered.to).toBe(UNTIL);
}

function within(all: FakeEvent[], fromMs: number): string[] {
  return all.filter((e) => e.ms >= fromMs && e.ms * 1000 < UNTIL).map((e) => e.id);
}

describe('okta connector', () => {
  it('follows Link rel="next" and reads every event of the window once', async () => {
    const all = events(2500);
    const server = await serve(oktaApi(all));
    const { http } = testClient();
    const pages = await collect(connectorFor('okta'), runOf(sourceOf('okta', server.url), http));
    expect(pages.map((p) => p.records.length)).toEqual([1000, 1000, 500]);
    expect(idsOf(pages, 'uuid')).toEqual(all.map((e) => e.id));
    expect(new Set(pages.map((p) => p.platform))).toEqual(new Set(['okta-system-log']));
    expect(server.requests[0]?.headers['authorization']).toMatch(/^SSWS /);
    expect(server.requests[0]?.url.searchParams.get('sortOrder')).toBe('ASCENDING');
    expectWatermark(pages, all.at(-1)!);
  });

  it('moves the cursor to the newest event of each oldest-first page', async () => {
    const all = events(2500);
    const server = await serve(oktaApi(all));
    const { http } = testClient();
    const pages = await collect(connectorFor('okta'), runOf(sourceOf('okta', server.url), http));
    expect(pages[0]?.cursor).toEqual({ to: formatMicros(all[999]!.ms * 1000) });
    expect(pages[0]?.covered).toEqual({ from: T0 * 1000, to: all[999]!.ms * 1000 });
  });

  it('starts the next run an overlap before the cursor', async () => {
    const all = events(100);
    const server = await serve(oktaApi(all));
    const { http } = testClient();
    const cursorAt = all[50]!.ms * 1000;
    const pages = await collect(connectorFor('okta'), runOf(sourceOf('okta', server.url), http, { cursor: { to: formatMicros(cursorAt) }, overlapMicros: 5 * STEP_MS * 1000 }));
    expect(server.requests[0]?.url.searchParams.get('since')).toBe(new Date(all[45]!.ms).toISOString());
    expect(idsOf(pages, 'uuid')).toEqual(within(all, all[45]!.ms));
  });

  it('answers an empty window with one page that covers it and leaves the cursor', async () => {
    const server = await serve(oktaApi([]));
    const { http } = testClient();
    const cursor = { to: formatMicros(T0 * 1000) };
    const pages = await collect(connectorFor('okta'), runOf(sourceOf('okta', server.url), http, { cursor }));
    expect(pages).toHaveLength(1);
    expect(pages[0]?.records).toEqual([]);
    expect(pages[0]?.cursor).toEqual(cursor);
    expect(pages[0]?.covered.to).toBe(UNTIL);
  });

  it('re-reads from the newest stored event, so events arriving late behind it are caught', async () => {
    const all = events(100);
    const server = await serve(oktaApi(all));
    const { http } = testClient();
    const first = await collect(connectorFor('okta'), runOf(sourceOf('okta', server.url), http));
    all.push({ id: 'evt_late', ms: all[99]!.ms - 20 * 60_000 }); // recorded 20 min before the newest, delivered now
    all.sort((a, b) => a.ms - b.ms);
    const second = await collect(connectorFor('okta'), runOf(sourceOf('okta', server.url), http, { cursor: first.at(-1)!.cursor }));
    expect(idsOf(second, 'uuid')).toContain('evt_late');
  });
});

describe('github connector', () => {
  it('pages with the Link cursor, oldest first, and reads every entry once', async () => {
    const all = events(250);
    const server = await serve(githubApi(all));
    const { http } = testClient();
    const pages = await collect(connectorFor('github'), runOf(sourceOf('github', server.url, { org: 'acme' }), http));
    expect(pages.map((p) => p.records.length)).toEqual([100, 100, 50]);
    expect(idsOf(pages, '_document_id')).toEqual(all.map((e) => e.id));
    expect(new Set(pages.map((p) => p.platform))).toEqual(new Set(['github-audit']));
    const first = server.requests[0]!;
    expect(first.headers['authorization']).toMatch(/^Bearer /);
    expect(first.url.searchParams.get('phrase')).toBe('created:>=2026-01-01T00:00:00+00:00');
    expect(first.url.searchParams.get('order')).toBe('asc');
    expectWatermark(pages, all.at(-1)!);
  });

  it('keeps each raw record as the exact JSON element the API sent', async () => {
    const server = await serve((_, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('[ {"@timestamp": 1767225600000,  "action":"repo.create"} ]');
    });
    const { http } = testClient();
    const pages = await collect(connectorFor('github'), runOf(sourceOf('github', server.url, { org: 'acme' }), http));
    expect(pages[0]?.records[0]?.raw).toBe('{"@timestamp": 1767225600000,  "action":"repo.create"}');
  });

  it('asks for the org option', async () => {
    const { http } = testClient();
    const error = await rejection(collect(connectorFor('github'), runOf(sourceOf('github', 'https://api.github.com'), http)));
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toMatch(/set the option org/);
  });

  it('refuses a next-page link to another host', async () => {
    const server = await serve((_, res) => json(res, 200, [{ '@timestamp': T0, action: 'a' }], { link: '<https://evil.example/next>; rel="next"' }));
    const { http } = testClient();
    const error = await rejection(collect(connectorFor('github'), runOf(sourceOf('github', server.url, { org: 'acme' }), http)));
    expect(error.message).toMatch(/another host/);
  });
});

describe('pull connector', () => {
  it('reads the roster once, then pages audit.json through next_cursor', async () => {
    const all = events(1200);
    const server = await serve(pullApi(all));
    const { http } = testClient();
    const pages = await collect(connectorFor('pull'), runOf(sourceOf('pull', server.url, { pageSize: '500', actions: 'LOGIN,MFA_*' }), http));
    expect(pages.map((p) => [p.platform, p.records.length])).toEqual([
      ['calkeep-credentials', 2],
      ['calkeep-audit', 500],
      ['calkeep-audit', 500],
      ['calkeep-audit', 200],
    ]);
    expect(idsOf(pages.slice(1), 'id')).toEqual(all.map((e) => e.id));
    const audit = server.requests.filter((r) => r.url.pathname.endsWith('audit.json'));
    expect(audit.map((r) => r.url.searchParams.get('cursor'))).toEqual([null, '500', '1000']);
    expect(audit[0]?.url.searchParams.get('since')).toBe('2026-01-01T00:00:00.000Z');
    expect(audit[0]?.url.searchParams.get('actions')).toBe('LOGIN,MFA_*');
    // No promised order: only the last page moves the cursor; the server's generatedAt ends the window.
    expect(pages.slice(0, 3).every((p) => p.cursor === null)).toBe(true);
    expect(cursorMicros(pages.at(-1)?.cursor)).toBe(all.at(-1)!.ms * 1000);
    expect(pages.at(-1)?.covered.to).toBe((all.at(-1)!.ms + 1000) * 1000);
  });

  it('reads audit.csv rows verbatim and pages through X-Next-Cursor', async () => {
    const all = events(30);
    const server = await serve(pullApi(all));
    const { http } = testClient();
    const pages = await collect(connectorFor('pull'), runOf(sourceOf('pull', server.url, { format: 'csv', pageSize: '20' }), http));
    expect(pages.map((p) => p.records.length)).toEqual([2, 20, 10]);
    expect(pages[1]?.records[0]?.raw).toBe(`evt_000000,${new Date(T0).toISOString()},LOGIN,u1`);
    expect(idsOf(pages.slice(1), 'id')).toEqual(all.map((e) => e.id));
  });

  it('records the retention clamp the server reports in X-Retention-Start', async () => {
    const all = events(100);
    const retentionStartMs = all[40]!.ms;
    const server = await serve(pullApi(all, { retentionStartMs }));
    const { http } = testClient();
    const pages = await collect(connectorFor('pull'), runOf(sourceOf('pull', server.url, { credentials: 'false' }), http));
    const last = pages.at(-1)!;
    expect(last.clampedFrom).toBe(retentionStartMs * 1000);
    expect(last.covered.from).toBe(retentionStartMs * 1000);
    expect(idsOf(pages, 'id')).toEqual(within(all, retentionStartMs));
  });

  it('records a clamp the server only flags, from its first entry', async () => {
    const all = events(100);
    const server = await serve(pullApi(all, { retentionStartMs: all[10]!.ms, flagOnly: true }));
    const { http } = testClient();
    const pages = await collect(connectorFor('pull'), runOf(sourceOf('pull', server.url, { credentials: 'false' }), http));
    expect(pages.at(-1)?.clampedFrom).toBe(all[10]!.ms * 1000);
  });

  it('leaves clampedFrom unset when the server covered the whole window', async () => {
    const server = await serve(pullApi(events(10)));
    const { http } = testClient();
    const pages = await collect(connectorFor('pull'), runOf(sourceOf('pull', server.url), http));
    expect(pages.every((p) => p.clampedFrom === undefined)).toBe(true);
  });
});

describe('export-job connector', () => {
  it('creates, polls and downloads, handing on pages of 5,000 records', async () => {
    const all = events(8000); // 8000 × 10 s: all inside the one-day window
    const api = exportApi(all);
    const server = await serve(api.handler);
    const { http, sleeps } = testClient();
    const pages = await collect(connectorFor('export-job'), runOf(sourceOf('export-job', server.url), http));
    expect(pages.map((p) => p.records.length)).toEqual([5000, 3000]);
    expect(idsOf(pages, 'id')).toEqual(all.map((e) => e.id));
    expect(new Set(pages.map((p) => p.platform))).toEqual(new Set(['file-export']));
    expect(api.creates).toEqual([expect.objectContaining({ report_type: 'audit', format: 'json', from: '2026-01-01T00:00:00.000Z', to: '2026-01-02T00:00:00.000Z' })]);
    expect(sleeps).toEqual([500, 750]); // polls: PENDING → RUNNING → COMPLETED
    expect(pages[0]?.cursor).toBeNull();
    expectWatermark(pages, all.at(-1)!);
    // The signed link's query never reaches a page or a message; the download carried it.
    expect(server.requests.at(-1)?.url.searchParams.get('sig')).toBe('s3cr3t-signature');
  });

  it('reads a CSV export with reportType and format from the options', async () => {
    const all = events(12);
    const api = exportApi(all);
    const server = await serve(api.handler);
    const { http } = testClient();
    const pages = await collect(connectorFor('export-job'), runOf(sourceOf('export-job', server.url, { reportType: 'soc2', format: 'csv' }), http));
    expect(api.creates[0]).toMatchObject({ report_type: 'soc2', format: 'csv' });
    expect(pages[0]?.records[0]?.raw).toBe(`evt_000000,user.signed_in,${new Date(T0).toISOString()},success`);
    expect(idsOf(pages, 'id')).toEqual(all.map((e) => e.id));
  });

  it('creates the export again once when the job reports EXPIRED', async () => {
    const all = events(10);
    const api = exportApi(all, { expireJobs: 1 });
    const server = await serve(api.handler);
    const { http } = testClient();
    const pages = await collect(connectorFor('export-job'), runOf(sourceOf('export-job', server.url), http));
    expect(api.creates).toHaveLength(2);
    expect(idsOf(pages, 'id')).toEqual(all.map((e) => e.id));
  });

  it('creates the export again once when the download link answers 410 Gone', async () => {
    const all = events(10);
    const api = exportApi(all, { goneDownloads: 1 });
    const server = await serve(api.handler);
    const { http } = testClient();
    const pages = await collect(connectorFor('export-job'), runOf(sourceOf('export-job', server.url), http));
    expect(api.creates).toHaveLength(2);
    expect(idsOf(pages, 'id')).toEqual(all.map((e) => e.id));
  });

  it('reports a second expiry instead of looping', async () => {
    const api = exportApi(events(10), { expireJobs: 5 });
    const server = await serve(api.handler);
    const { http } = testClient();
    const error = await rejection(collect(connectorFor('export-job'), runOf(sourceOf('export-job', server.url), http)));
    expect(api.creates).toHaveLength(2);
    expect(error.code).toBe('REMOTE_ERROR');
    expect(error.message).toMatch(/expired twice/);
  });

  it("reports a FAILED job with the job's error text", async () => {
    const api = exportApi(events(10), { failWith: 'Report generation failed: the audit store timed out' });
    const server = await serve(api.handler);
    const { http } = testClient();
    const error = await rejection(collect(connectorFor('export-job'), runOf(sourceOf('export-job', server.url), http)));
    expect(error.code).toBe('REMOTE_ERROR');
    expect(error.message).toMatch(/FAILED: Report generation failed: the audit store timed out/);
    expect(api.creates).toHaveLength(1);
  });

  it('reports a policy denial at create once, naming the policy', async () => {
    const api = exportApi(events(10), { deny: true });
    const server = await serve(api.handler);
    const { http } = testClient();
    const error = await rejection(collect(connectorFor('export-job'), runOf(sourceOf('export-job', server.url), http)));
    expect(server.requests).toHaveLength(1);
    expect(error.code).toBe('FORBIDDEN');
    expect(error.message).toMatch(/BUNDLE_EXPORT issuance policy.*tenant\.audit\.export/);
    expect(error.message).toMatch(/The server said: BUNDLE_EXPORT policy denied the export/);
  });

  it('splits a long window into one export per windowDays slice', async () => {
    const all = events(100, T0 - 3 * 86_400_000);
    const api = exportApi(all);
    const server = await serve(api.handler);
    const { http } = testClient();
    const from = (T0 - 3 * 86_400_000) * 1000;
    const pages = await collect(connectorFor('export-job'), runOf(sourceOf('export-job', server.url, { windowDays: '1' }), http, { defaultFrom: from }));
    expect(api.creates).toHaveLength(4);
    expect(pages.map((p) => p.covered.to)).toEqual([1, 2, 3, 4].map((d) => from + d * 86_400_000_000));
    expect(idsOf(pages, 'id')).toEqual(all.map((e) => e.id));
  });
});

describe('oauth client credentials', () => {
  it('fetches a bearer token once and uses it for every request', async () => {
    const all = events(1500);
    const okta = oktaApi(all, 'Bearer', 'access-token-123456');
    let tokenRequests = 0;
    const server = await serve((req, res) => {
      if (req.url.pathname === '/oauth2/v1/token') {
        tokenRequests += 1;
        expect(req.headers['authorization']).toBe(`Basic ${Buffer.from('client-a:client-secret-xyz').toString('base64')}`);
        expect(req.body).toBe('grant_type=client_credentials&scope=okta.logs.read');
        return json(res, 200, { access_token: 'access-token-123456', token_type: 'Bearer', expires_in: 3600 });
      }
      return okta(req, res);
    });
    const { http } = testClient();
    const credential = { type: 'oauth-client' as const, clientId: 'client-a', clientSecret: 'client-secret-xyz', tokenUrl: `${server.url}/oauth2/v1/token`, scope: 'okta.logs.read' };
    const pages = await collect(connectorFor('okta'), runOf(sourceOf('okta', server.url, {}, credential), http));
    expect(idsOf(pages, 'uuid')).toHaveLength(1500);
    expect(tokenRequests).toBe(1);
  });

  it('fetches a fresh token once when the API refuses a cached one', async () => {
    let issued = 0;
    const okta = oktaApi(events(10), 'Bearer', 'access-token-2');
    const server = await serve((req, res) => {
      if (req.url.pathname === '/token') return json(res, 200, { access_token: `access-token-${++issued}`, token_type: 'bearer', expires_in: 3600 });
      return okta(req, res);
    });
    const { http } = testClient();
    const credential = { type: 'oauth-client' as const, clientId: 'client-r', clientSecret: 'client-secret-r', tokenUrl: `${server.url}/token` };
    const pages = await collect(connectorFor('okta'), runOf(sourceOf('okta', server.url, {}, credential), http));
    expect(issued).toBe(2);
    expect(idsOf(pages, 'uuid')).toHaveLength(10);
  });

  it('names the OAuth client when the token endpoint refuses it', async () => {
    const server = await serve((_, res) => json(res, 400, { error: 'invalid_client', error_description: 'unknown client' }));
    const { http } = testClient();
    const credential = { type: 'oauth-client' as const, clientId: 'client-b', clientSecret: 'client-secret-abc', tokenUrl: `${server.url}/token` };
    const error = await rejection(connectorFor('okta').test({ source: sourceOf('okta', server.url, {}, credential), http, signal: new AbortController().signal }));
    expect(error.code).toBe('AUTH_FAILED');
    expect(error.message).toMatch(/check the client id, secret and scope for source "Acme okta"/);
    expect(error.message).not.toContain('client-secret-abc');
  });
});

describe('connection test', () => {
  it('answers ok for a token the API accepts and AUTH_FAILED for one it refuses', async () => {
    const server = await serve(oktaApi(events(3)));
    const { http } = testClient();
    const signal = new AbortController().signal;
    await connectorFor('okta').test({ source: sourceOf('okta', server.url), http, signal });
    const error = await rejection(connectorFor('okta').test({ source: sourceOf('okta', server.url, {}, { type: 'token', token: 'wrong-token-000' }), http, signal }));
    expect(error.code).toBe('AUTH_FAILED');
    expect(error.message).toMatch(/check the API token for source "Acme okta"/);
  });

  it('names the connector kind for every source kind', () => {
    for (const kind of ['export-job', 'pull', 'okta', 'github'] as const) expect(connectorFor(kind).kind).toBe(kind);
  });
});
