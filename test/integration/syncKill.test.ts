/**
 * Kill the sync process at random points, ten times, then let it finish: no event missing, none
 * stored twice, and after every kill the stored cursor is consistent — every tenant event
 * before it is already stored (the cursor moves in the transaction that stores its events).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenantServer, type TenantServer } from '../tenant/tenantServer';
import { tempDir } from '../support/tempDir';

const CLI = join(import.meta.dirname, '../../dist/cli/auditor.js');
const PASS = 'kill test passphrase';
let tenant: TenantServer;
let dir: ReturnType<typeof tempDir>;
let seed = 20260101;
/** everything the CLI printed, checked for the token at the end */
const printed: string[] = [];

/** A small deterministic PRNG so a failing run can be repeated. */
function random(): number {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
}

function env(): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, AUDITOR_PASSPHRASE: PASS, TENANT_TOKEN: tenant.token };
}

function auditor(args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: env(), timeout: 120_000, maxBuffer: 512 * 1024 * 1024 });
  printed.push(r.stdout, r.stderr);
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Sync must run asynchronously: the simulated tenant lives in this process's event loop. */
function syncToEnd(ws: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, 'sync', '--workspace', ws, '--json'], { env: env() });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => {
      printed.push(stdout, stderr);
      resolve({ code, stdout, stderr });
    });
  });
}

function killedSync(ws: string, afterMs: number): Promise<void> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, 'sync', '--workspace', ws], { env: env(), stdio: 'ignore' });
    const timer = setTimeout(() => child.kill('SIGKILL'), afterMs);
    child.on('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build:node\` first (npm test does)`);
  tenant = await createTenantServer({ seed: 11, count: 3000, from: '2026-02-01T00:00:00Z', to: '2026-02-20T00:00:00Z', faults: { slowMs: 15 } });
  dir = tempDir('aw-kill-');
});
afterAll(async () => {
  await tenant.close();
  dir.cleanup();
});

describe('sync killed at random points', () => {
  it('resumes ten times without a missing or doubled event, the cursor never ahead of what is stored', async () => {
    const ws = join(dir.path, 'e');
    expect(auditor(['init', '--workspace', ws, '--name', 'Kill', '--from', '2026-02-01', '--to', '2026-02-28', '--tz', 'UTC']).code).toBe(0);
    const add = auditor(['source', 'add', '--workspace', ws, '--name', 'okta', '--kind', 'okta', '--url', tenant.url, '--token-env', 'TENANT_TOKEN', '--option', 'pageSize=50']);
    expect(add.code, add.stderr).toBe(0);
    const all = tenant.population.ids();
    for (let round = 0; round < 10; round += 1) {
      await killedSync(ws, 700 + Math.floor(random() * 2500));
      const stored: string[] = auditor(['query', '--workspace', ws, '--format', 'ndjson']).stdout.trim().split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { eventId: string }).eventId);
      expect(new Set(stored).size, `round ${round}: a stored event twice`).toBe(stored.length);
      const [source] = JSON.parse(auditor(['source', 'list', '--workspace', ws, '--json']).stdout).sources as { coveredTo: string | null }[];
      if (source?.coveredTo) {
        const cursorMs = Date.parse(source.coveredTo);
        const before = tenant.population.ids(-Infinity, cursorMs);
        const have = new Set(stored);
        expect(before.filter((id) => !have.has(id)), `round ${round}: events before the cursor missing`).toEqual([]);
      }
    }
    const final = await syncToEnd(ws);
    expect(final.code, final.stderr).toBe(0);
    const stored = auditor(['query', '--workspace', ws, '--format', 'ndjson']).stdout.trim().split('\n').map((l) => (JSON.parse(l) as { eventId: string }).eventId);
    expect(stored.length).toBe(all.length);
    expect(stored.sort()).toEqual([...all].sort());
    const stats = JSON.parse(auditor(['stats', '--workspace', ws, '--json']).stdout) as { total: number };
    expect(stats.total).toBe(all.length);
    // the CLI's own output (results, progress, errors) never shows the token
    expect(printed.join('\n')).not.toContain(tenant.token);
  });
});
