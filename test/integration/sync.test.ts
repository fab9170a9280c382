/**
 * Sync against the simulated tenant (test/tenant): for each connector the local event set
 * equals the server's population for the window; faults end with the right data or a clear
 * error; the token never shows in the engagement folder, an engine answer or the activity log.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Result } from '../../src-shared/errors';
import type { ResponseOf } from '../../src-shared/contract';
import type { SyncResult } from '../../src-shared/sources';
import type { SourceKind } from '../../src-main/engine/sync/connector';
import { createInProcessEngine } from '../../src-main/engine/inProcessEngine';
import { createHttpClient } from '../../src-main/engine/sync/httpClient';
import { createTenantServer, type TenantServer } from '../tenant/tenantServer';
import { tempDir } from '../support/tempDir';
import { cleanupsAfterEach } from '../support/engineTests';

const cleanups = cleanupsAfterEach();

const FROM = '2026-01-01';
const TO = '2026-01-15';
const SOURCE_ID: Record<SourceKind, string> = { 'export-job': 'file-export', pull: 'calkeep-audit', okta: 'okta-system-log', github: 'github-audit' };
const answers: unknown[] = [];

function value<T>(result: Result<T>): T {
  answers.push(result);
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

async function setup(count = 1500, tenantOptions: Parameters<typeof createTenantServer>[0] = {}) {
  const tenant = await createTenantServer({ seed: 7, count, from: `${FROM}T00:00:00Z`, to: `${TO}T00:00:00Z`, ...tenantOptions });
  const dir = tempDir('aw-sync-');
  // Fast retries for tests; Retry-After stays a minimum (the client never waits less).
  const client = createInProcessEngine({
    stateDir: null,
    engagementsRoot: dir.path,
    transport: 'test',
    httpClientFactory: (sourceName, proxy) => createHttpClient({ sourceName, proxy, userAgent: 'aw-test', baseDelayMs: 5, maxDelayMs: 50, maxAttempts: 6, requestsPerSecond: 1000, timeoutMs: 5000 }),
  });
  cleanups.push(() => tenant.close(), dir.cleanup, () => client.close());
  const folder = join(dir.path, 'e');
  value(await client.call('engagement.create', { folder, name: 'Sync', periodFrom: FROM, periodTo: TO, timeZone: 'UTC', passphrase: 'sync test passphrase' }));
  return { tenant, client, folder };
}

async function addSource(client: ReturnType<typeof createInProcessEngine>, tenant: TenantServer, kind: SourceKind, options: Record<string, string> = {}) {
  return value(
    await client.call('sources.add', {
      name: `${kind} source`,
      kind,
      baseUrl: tenant.url,
      credential: { type: 'token', token: tenant.token },
      options: kind === 'github' ? { org: tenant.org, ...options } : options,
    }),
  );
}

async function sync(client: ReturnType<typeof createInProcessEngine>): Promise<SyncResult> {
  const job = value(await client.call('sync.start', {}));
  const done = await client.engine.waitForJob(job.id);
  answers.push(done);
  if (done.status !== 'COMPLETED') throw new Error(`${done.status}: ${JSON.stringify(done.error)}`);
  return done.result as SyncResult;
}

async function localIds(client: ReturnType<typeof createInProcessEngine>, sourceId: string): Promise<string[]> {
  const ids: string[] = [];
  let after: { at: number; row: number } | null = null;
  for (;;) {
    const page: ResponseOf<'events.page'> = value(await client.call('events.page', { limit: 1000, after }));
    for (const row of page.rows) if (row.sourceId === sourceId && row.eventId) ids.push(row.eventId);
    if (!page.next) break;
    after = page.next;
  }
  return ids.sort();
}

describe('sync against the simulated tenant', () => {
  it.each(['okta', 'github', 'pull', 'export-job'] as const)('%s: the local event set equals the server population for the window', async (kind) => {
    const { tenant, client } = await setup();
    await addSource(client, tenant, kind);
    const result = await sync(client);
    expect(result.sources[0]).toMatchObject({ status: 'COMPLETED', error: null });
    const expected = tenant.population.ids().sort();
    expect(await localIds(client, SOURCE_ID[kind])).toEqual(expected);
    // a second run re-reads only the overlap, and adds nothing
    const again = await sync(client);
    expect(again.sources[0]?.imported).toBe(0);
    expect(await localIds(client, SOURCE_ID[kind])).toEqual(expected);
  });

  it('catches late-arriving events in the overlap window and records the covered window', async () => {
    const { tenant, client } = await setup(800);
    await addSource(client, tenant, 'okta');
    await sync(client);
    const late = tenant.addLateEvents(5);
    const second = await sync(client);
    expect(second.sources[0]?.imported).toBe(5);
    expect(await localIds(client, 'okta-system-log')).toEqual(tenant.population.ids().sort());
    expect(late.every((id) => typeof id === 'string')).toBe(true);
    const [source] = value(await client.call('sources.list', {})).sources;
    expect(source).toMatchObject({ eventsPulled: expect.any(Number), lastError: null, coveredFrom: expect.any(String), coveredTo: expect.any(String) });
  });

  it('survives 429s, 5xx, dropped connections and truncated bodies with the right data, waiting at least Retry-After', async () => {
    const { tenant, client } = await setup(1200, { pageLimits: { okta: 100 } as never });
    await addSource(client, tenant, 'okta', { pageSize: '100' });
    tenant.setFaults({ rateLimit: { every: 5, retryAfterSeconds: 1 }, serverErrors: { every: 7 }, dropConnection: { every: 11 }, truncate: { every: 13 } });
    await sync(client);
    expect(await localIds(client, 'okta-system-log')).toEqual(tenant.population.ids().sort());
    const records = tenant.stats.requests;
    for (const [i, r] of records.entries()) {
      if (r.status !== 429) continue;
      const next = records[i + 1];
      if (next) expect(next.at - r.at).toBeGreaterThanOrEqual(1000);
    }
    expect(records.filter((r) => r.status === 429).length).toBeGreaterThan(0);
  });

  it('stops a source with a clear message on 401 and names what to fix, without the token', async () => {
    const { tenant, client } = await setup(200);
    value(await client.call('sources.add', { name: 'bad token', kind: 'okta', baseUrl: tenant.url, credential: { type: 'token', token: 'not-the-right-token-123456' } }));
    const job = value(await client.call('sync.start', {}));
    const done = await client.engine.waitForJob(job.id);
    const result = done.result as SyncResult;
    expect(result.sources[0]).toMatchObject({ status: 'FAILED', error: expect.stringMatching(/401|token/i) });
    expect(JSON.stringify(result)).not.toContain('not-the-right-token-123456');
    const [source] = value(await client.call('sources.list', {})).sources;
    expect(source?.lastError).toMatch(/401|token/i);
  });

  it('keeps the token out of the engagement folder, every engine answer and the activity log', async () => {
    const { tenant, client, folder } = await setup(300);
    await addSource(client, tenant, 'pull');
    await sync(client);
    answers.push(value(await client.call('sources.list', {})), value(await client.call('activity.list', {})), value(await client.call('imports.list', {})));
    expect(JSON.stringify(answers)).not.toContain(tenant.token);
    value(await client.call('engagement.close', {}));
    const token = Buffer.from(tenant.token);
    for (const name of readdirSync(folder, { recursive: true, encoding: 'utf8' })) {
      const file = join(folder, name);
      if (statSync(file).isFile()) expect(readFileSync(file).includes(token), name).toBe(false);
    }
  });

  it('cancels a running sync: the job ends CANCELLED, what was stored stays, and the next run completes the set', async () => {
    const { tenant, client } = await setup(2000, { faults: { slowMs: 30 } });
    await addSource(client, tenant, 'okta', { pageSize: '100' });
    const job = value(await client.call('sync.start', {}));
    const cancelled = new Promise<void>((resolve) => {
      const off = client.onEvent((event) => {
        if (event.type === 'job' && event.job.id === job.id && event.job.progress.done > 0) {
          off();
          void client.call('jobs.cancel', { id: job.id }).then(() => resolve());
        }
      });
    });
    await cancelled;
    const done = await client.engine.waitForJob(job.id);
    expect(done.status).toBe('CANCELLED');
    const stored = await localIds(client, 'okta-system-log');
    expect(stored.length).toBeGreaterThan(0);
    expect(stored.length).toBeLessThan(2000);
    const activity = value(await client.call('activity.list', {})).entries.map((e) => e.action);
    expect(activity).toContain('sync.cancelled');
    await sync(client);
    expect(await localIds(client, 'okta-system-log')).toEqual(tenant.population.ids().sort());
  });
});
