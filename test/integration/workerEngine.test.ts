import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../src-shared/contract';
import type { Job } from '../../src-shared/jobs';
import type { EngineClient } from '../../src-main/engine/engineClient';
import { startWorkerEngine } from '../../src-main/engine/workerEngine';
import { tempDir } from '../support/tempDir';
import { fileExportNdjson } from '../support/fileExportLines';
import { cleanupsAfterEach } from '../support/engineTests';

const WORKER = join(import.meta.dirname, '../../dist/main/engineWorker.js');
const cleanups = cleanupsAfterEach();

async function start(): Promise<{ client: EngineClient; dir: string }> {
  if (!existsSync(WORKER)) throw new Error(`${WORKER} is missing: run \`npm run build:node\` first (npm test does)`);
  const dir = tempDir('aw-worker-');
  const client = await startWorkerEngine({ workerPath: WORKER, stateDir: join(dir.path, 'state'), engagementsRoot: dir.path, transport: 'test' });
  cleanups.push(dir.cleanup, () => client.close());
  return { client, dir: dir.path };
}

describe('engine in a worker thread', () => {
  it('serves the contract and streams job progress until the import completes', async () => {
    const { client, dir } = await start();
    const info = await client.call('app.info', {});
    expect(info).toEqual({ ok: true, value: { name: 'Auditor Workstation', version: expect.any(String), transport: 'test', engagementsRoot: dir } });
    const created = await client.call('engagement.create', { folder: join(dir, 'e'), name: 'Worker', periodFrom: '2026-01-01', periodTo: '2026-12-31', timeZone: 'UTC', passphrase: 'worker passphrase' });
    expect(created.ok).toBe(true);
    const file = join(dir, 'big.ndjson');
    writeFileSync(file, fileExportNdjson({ count: 20_000 }));
    const events: EngineEvent[] = [];
    const finished = new Promise<Job>((resolve) => {
      client.onEvent((event) => {
        events.push(event);
        if (event.type === 'job' && ['COMPLETED', 'FAILED', 'CANCELLED'].includes(event.job.status)) resolve(event.job);
      });
    });
    const job = await client.call('import.start', { paths: [file] });
    expect(job.ok && job.value.status).toBe('RUNNING');
    const done = await finished;
    expect(done.status).toBe('COMPLETED');
    expect(done.result).toMatchObject({ imported: 20_000 });
    expect(events.filter((e) => e.type === 'job').length).toBeGreaterThan(1);
    const stats = await client.call('events.stats', {});
    expect(stats.ok && stats.value.total).toBe(20_000);
  });

  it('answers a bad request with BAD_REQUEST and keeps running', async () => {
    const { client } = await start();
    const bad = await client.call('events.page', { limit: -1 } as never);
    expect(bad.ok ? 'ok' : bad.error.code).toBe('BAD_REQUEST');
    const unknown = await client.call('no.such.channel' as never, {} as never);
    expect(unknown.ok ? 'ok' : unknown.error.code).toBe('BAD_REQUEST');
    const current = await client.call('engagement.current', {});
    expect(current).toEqual({ ok: true, value: null });
  });
});
