import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as delay } from 'node:timers/promises';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATEGORIES, SEVERITIES } from '../../src-shared/event';
import { tempDir } from '../support/tempDir';
import { fileExportNdjson } from '../support/fileExportLines';
import { corpusNdjson } from '../support/exportCorpus';
import { createInProcessEngine } from '../../src-main/engine/inProcessEngine';
import type { EventRow } from '../../src-shared/event';
import { value } from '../support/engineTests';

const CLI = join(import.meta.dirname, '../../dist/cli/auditor.js');
const PASS = 'cli test passphrase';
let dir: ReturnType<typeof tempDir>;


/** Exports through the app's own engine (in this process) from a workspace the CLI made. */
async function appExport(workspace: string, request: { filter: object; order: 'asc' | 'desc'; format: 'csv' | 'json'; path: string }): Promise<void> {
  const client = createInProcessEngine({ stateDir: null, engagementsRoot: dir.path, transport: 'test' });
  try {
    value(await client.call('engagement.open', { folder: workspace, passphrase: PASS }));
    const job = await client.engine.waitForJob(value(await client.call('export.start', request)).id);
    expect(job.status, JSON.stringify(job.error)).toBe('COMPLETED');
  } finally {
    await client.close();
  }
}

function auditor(args: string[], env: Record<string, string | undefined> = { AUDITOR_PASSPHRASE: PASS }) {
  const result = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { PATH: process.env.PATH, ...env }, timeout: 120_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build:node\` first (npm test does)`);
  dir = tempDir('aw-cli-');
});
afterAll(() => dir.cleanup());

describe('auditor CLI', () => {
  it('exits 2 with usage for bad usage and 0 for --help', () => {
    expect(auditor([]).code).toBe(2);
    expect(auditor(['frobnicate']).code).toBe(2);
    const missing = auditor(['init', '--workspace', join(dir.path, 'x')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--name is required/);
    expect(auditor(['query', '--workspace', dir.path, '--severity', 'LOUD']).code).toBe(2);
    const help = auditor(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/auditor demo/);
  });

  it('initialises, imports, reports stats, queries and shows the activity chain', () => {
    const ws = join(dir.path, 'eng');
    const init = auditor(['init', '--workspace', ws, '--name', 'Client Q1', '--from', '2026-01-01', '--to', '2026-03-31', '--tz', 'Europe/Paris', '--json']);
    expect(init.code, init.stderr).toBe(0);
    expect(JSON.parse(init.stdout)).toMatchObject({ name: 'Client Q1', timeZone: 'Europe/Paris' });

    const file = join(dir.path, 'export.ndjson');
    writeFileSync(file, fileExportNdjson({ count: 40 }));
    const imported = auditor(['import', '--workspace', ws, file, '--json']);
    expect(imported.code, imported.stderr).toBe(0);
    const result = JSON.parse(imported.stdout);
    expect(result).toMatchObject({ imported: 40, duplicates: 0, rejected: 0 });
    expect(result.files[0]).toMatchObject({ path: file, format: 'ndjson', platform: 'Audit-log file export (CSV / NDJSON)', read: 40, errors: [] });
    const again = JSON.parse(auditor(['import', '--workspace', ws, file, '--json']).stdout);
    expect(again).toMatchObject({ imported: 0, duplicates: 40 });

    const stats = JSON.parse(auditor(['stats', '--workspace', ws, '--json']).stdout);
    expect(Object.keys(stats).sort()).toEqual(['byCategory', 'bySeverity', 'from', 'to', 'total']);
    expect(stats.total).toBe(40);
    expect(stats.from).toBe('2026-03-01T08:00:00.000000Z');

    const csv = auditor(['query', '--workspace', ws, '--format', 'csv', '--limit', '5']);
    expect(csv.code).toBe(0);
    expect(csv.stdout.startsWith('\uFEFFoccurred_at,event_id')).toBe(true);
    expect(csv.stdout.trim().split('\r\n')).toHaveLength(6);
    const ndjson = auditor(['query', '--workspace', ws, '--format', 'ndjson', '--limit', '7']).stdout.trim().split('\n');
    expect(ndjson).toHaveLength(7);
    expect(JSON.parse(ndjson[0]!).eventId).toBe('evt_00000039');
    const json = JSON.parse(auditor(['query', '--workspace', ws, '--format', 'json', '--category', 'AUTH']).stdout);
    expect(json.count).toBe(stats.byCategory.AUTH);
    expect(json.entries.every((e: { category: string }) => e.category === 'AUTH')).toBe(true);

    const activity = JSON.parse(auditor(['activity', '--workspace', ws, '--json']).stdout);
    expect(activity.chain).toBe('intact');
    expect(activity.entries[0]).toMatchObject({ seq: 1, action: 'engagement.created', prevHash: '0'.repeat(64) });
    expect(Object.keys(activity.entries[0]).sort()).toEqual(['action', 'at', 'details', 'hash', 'prevHash', 'seq']);
    expect(activity.entries.filter((e: { action: string }) => e.action === 'import.completed')).toHaveLength(2);
  });

  it('query takes the filters of the app and exports the same rows and bytes as the app, never over a file', async () => {
    const ws = join(dir.path, 'export');
    expect(auditor(['init', '--workspace', ws, '--name', 'Export']).code).toBe(0);
    const file = join(dir.path, 'corpus.ndjson');
    writeFileSync(file, corpusNdjson(60));
    expect(auditor(['import', '--workspace', ws, file]).code).toBe(0);
    const filterArgs = ['--type', 'user.signed_in,file.downloaded', '--search', 'document', '--target', 'doc_40', '--source', 'file-export', '--ip', '203.0.113.', '--order', 'asc'];
    const filter = { actions: ['user.signed_in', 'file.downloaded'], search: 'document', target: 'doc_40', sources: ['file-export'], ip: '203.0.113.' };
    const broad = ['--type', 'user.signed_in,file.downloaded', '--order', 'asc'];

    const printed = auditor(['query', '--workspace', ws, '--format', 'csv', ...broad]);
    expect(printed.code, printed.stderr).toBe(0);
    const cliFile = join(dir.path, 'cli.csv');
    const written = auditor(['query', '--workspace', ws, '--format', 'csv', ...broad, '--out', cliFile, '--json']);
    expect(written.code, written.stderr).toBe(0);
    const result = JSON.parse(written.stdout);
    expect(result).toMatchObject({ path: cliFile, format: 'csv', rows: printed.stdout.trim().split('\r\n').length - 1, sheets: 0 });
    expect(readFileSync(cliFile, 'utf8')).toBe(printed.stdout);

    const again = auditor(['query', '--workspace', ws, '--format', 'csv', '--out', cliFile]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`${cliFile} already exists`);
    expect(auditor(['query', '--workspace', ws, '--format', 'xlsx']).code).toBe(2);
    expect(auditor(['query', '--workspace', ws, '--order', 'sideways']).code).toBe(2);

    const appFile = join(dir.path, 'app.csv');
    await appExport(ws, { filter: { actions: ['user.signed_in', 'file.downloaded'] }, order: 'asc', format: 'csv', path: appFile });
    expect(readFileSync(appFile, 'utf8')).toBe(readFileSync(cliFile, 'utf8'));

    const cliJson = JSON.parse(auditor(['query', '--workspace', ws, '--format', 'json', ...filterArgs]).stdout);
    expect(cliJson).toMatchObject({ filters: filter, order: 'asc', count: 1 });
    expect(cliJson.entries[0]).toMatchObject({ action: 'user.signed_in', target: { id: 'doc_40' }, context: { ip: '203.0.113.40' } });
    const appJsonFile = join(dir.path, 'app.json');
    await appExport(ws, { filter, order: 'asc', format: 'json', path: appJsonFile });
    const appJson = JSON.parse(readFileSync(appJsonFile, 'utf8'));
    const ends = (d: { count: number; entries: EventRow[] }) => [d.count, d.entries[0]?.uid, d.entries.at(-1)?.uid];
    expect(ends(cliJson)).toEqual(ends(appJson));
    expect(cliJson.entries).toEqual(appJson.entries);

    const activity = JSON.parse(auditor(['activity', '--workspace', ws, '--json']).stdout);
    const exported = activity.entries.filter((e: { action: string }) => e.action === 'events.exported');
    expect(exported.map((e: { details: { path: string } }) => e.details.path)).toEqual([cliFile, appFile, appJsonFile]);
    expect(readdirSync(dir.path).filter((name) => name.endsWith('.part'))).toEqual([]);
  });

  it('after a crash, a command waits for the index repair the open starts, and answers from complete indexes', async () => {
    const ws = join(dir.path, 'crashed');
    expect(auditor(['init', '--workspace', ws, '--name', 'Crashed', '--from', '2026-01-01', '--to', '2026-03-31', '--tz', 'UTC']).code).toBe(0);
    const file = join(dir.path, 'crashed.ndjson');
    writeFileSync(file, fileExportNdjson({ count: 30, idPrefix: 'crash_' }));
    expect(auditor(['import', '--workspace', ws, file]).code).toBe(0);
    // What a kill during a bulk import leaves: the actor index without its trigger, and emptied.
    const app = createInProcessEngine({ stateDir: null, engagementsRoot: dir.path, transport: 'test' });
    try {
      value(await app.call('engagement.open', { folder: ws, passphrase: PASS }));
      (app.engine as unknown as { current: { db: { exec(sql: string): void } } }).current.db.exec('DROP TRIGGER ix_actor_fill; DELETE FROM ix_actor');
    } finally {
      await app.close();
    }
    const query = auditor(['query', '--workspace', ws, '--actor', 'user3@example.com', '--format', 'json']);
    expect(query.code, query.stderr).toBe(0);
    expect(query.stderr).toMatch(/An import was interrupted: bringing the browse and search indexes up to date first/);
    const answer = JSON.parse(query.stdout) as { count: number; entries: { eventId: string }[] };
    expect(answer.count).toBe(4);
    expect(answer.entries.map((e) => e.eventId).sort()).toEqual(['crash_00000003', 'crash_00000010', 'crash_00000017', 'crash_00000024']);
    // The repair completed under the CLI: the next open has nothing to repair.
    const again = createInProcessEngine({ stateDir: null, engagementsRoot: dir.path, transport: 'test' });
    try {
      value(await again.call('engagement.open', { folder: ws, passphrase: PASS }));
      expect(value(await again.call('jobs.list', {})).jobs).toEqual([]);
      const rebuilt = value(await again.call('activity.list', {})).entries.filter((e) => e.action === 'indexes.rebuilt');
      expect(rebuilt.map((e) => e.details)).toEqual([{ indexes: ['events_actor'] }]);
    } finally {
      await again.close();
    }
  });

  it('exits 1 with one line on stderr for a wrong or missing passphrase', () => {
    const ws = join(dir.path, 'locked');
    expect(auditor(['init', '--workspace', ws, '--name', 'Locked']).code).toBe(0);
    const wrong = auditor(['stats', '--workspace', ws, '--json'], { AUDITOR_PASSPHRASE: 'wrong passphrase!' });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr.trim().split('\n')).toHaveLength(1);
    expect(wrong.stderr).toMatch(/passphrase does not unlock/);
    const none = auditor(['stats', '--workspace', ws, '--json'], {});
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/AUDITOR_PASSPHRASE/);
  });

  it('fills a demo engagement with every category and severity', () => {
    const ws = join(dir.path, 'demo');
    const demo = auditor(['demo', '--workspace', ws, '--events', '3000', '--json']);
    expect(demo.code, demo.stderr).toBe(0);
    const stats = JSON.parse(auditor(['stats', '--workspace', ws, '--json']).stdout);
    expect(stats.total).toBe(3000);
    for (const c of CATEGORIES) expect(stats.byCategory[c], c).toBeGreaterThan(0);
    for (const s of SEVERITIES) expect(stats.bySeverity[s], s).toBeGreaterThan(0);
  });

  it('imports an unknown tenant CSV with a mapping file, quarantines its bad row and exits 0', () => {
    const ws = join(dir.path, 'mapped');
    expect(auditor(['init', '--workspace', ws, '--name', 'Mapped']).code).toBe(0);
    const csv = join(dir.path, 'acme.csv');
    writeFileSync(csv, 'when,who,what,result\n2026-02-01T10:00:00Z,ann@acme.example,login,OK\n2026-02-01T10:05:00Z,bob@acme.example,export,NOPE\nyesterday,eve@acme.example,login,OK\n');
    const mapping = join(dir.path, 'acme.json');
    writeFileSync(mapping, JSON.stringify({ name: 'Acme HR', sourceId: 'acme-hr', fields: { occurredAt: 'when', action: 'what', actorEmail: 'who', outcome: 'result' }, outcomes: { OK: 'success', NOPE: 'denied' }, categories: { login: 'AUTH', export: 'DATA_ACCESS' } }));
    const run = auditor(['import', '--workspace', ws, '--mapping', mapping, csv, '--json']);
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result).toMatchObject({ imported: 2, duplicates: 0, rejected: 1 });
    expect(result.files[0]).toMatchObject({ path: csv, format: 'csv', platform: 'Acme HR', read: 3, imported: 2, rejected: 1 });
    expect(result.files[0].errors).toEqual([{ part: null, line: 4, reason: expect.stringMatching(/occurredAt|when/) }]);
    const denied = JSON.parse(auditor(['query', '--workspace', ws, '--format', 'json', '--outcome', 'denied']).stdout);
    expect(denied.entries.map((e: { action: string; category: string; actor: { email: string } }) => [e.action, e.category, e.actor.email])).toEqual([['export', 'DATA_ACCESS', 'bob@acme.example']]);
  });

  it('refuses a bad mapping file with its path and problem before asking for anything (exit 1)', () => {
    const mapping = join(dir.path, 'bad-mapping.json');
    writeFileSync(mapping, JSON.stringify({ name: 'x', sourceId: 'x', fields: { action: 'what' } }));
    const run = auditor(['import', '--workspace', join(dir.path, 'mapped'), '--mapping', mapping, join(dir.path, 'acme.csv')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/bad-mapping\.json: fields\.occurredAt: is required/);
  });

  it('exits 1 naming the file when a file cannot be read at all, after importing the others', () => {
    const ws = join(dir.path, 'partial');
    expect(auditor(['init', '--workspace', ws, '--name', 'Partial']).code).toBe(0);
    const good = join(dir.path, 'good.ndjson');
    writeFileSync(good, fileExportNdjson({ count: 5 }));
    const binary = join(dir.path, 'noise.bin');
    writeFileSync(binary, Buffer.from([0, 159, 146, 150, 0, 1, 2, 3, 255, 254]));
    const run = auditor(['import', '--workspace', ws, good, binary, '--json']);
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/noise\.bin/);
    const result = JSON.parse(run.stdout);
    expect(result.imported).toBe(5);
    expect(result.files[1]).toMatchObject({ path: binary, imported: 0, failure: expect.stringMatching(/noise\.bin/) });
  });

  it('imports every file in a folder and its subfolders, in name order, skipping hidden files', () => {
    const ws = join(dir.path, 'folder-ws');
    expect(auditor(['init', '--workspace', ws, '--name', 'Folder']).code).toBe(0);
    const exportDir = join(dir.path, 'folder-of-parts');
    mkdirSync(join(exportDir, 'part-2'), { recursive: true });
    const all = fileExportNdjson({ count: 30 }).split('\n').filter(Boolean);
    writeFileSync(join(exportDir, 'part-1.ndjson'), all.slice(0, 10).join('\n') + '\n');
    writeFileSync(join(exportDir, 'part-2', 'events.ndjson'), all.slice(10, 30).join('\n') + '\n');
    writeFileSync(join(exportDir, '.DS_Store'), Buffer.from([0, 0, 0, 1]));
    const run = auditor(['import', '--workspace', ws, exportDir, '--json']);
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result.files.map((f: { path: string }) => f.path)).toEqual([join(exportDir, 'part-1.ndjson'), join(exportDir, 'part-2', 'events.ndjson')]);
    expect(result).toMatchObject({ imported: 30, duplicates: 0, rejected: 0 });
  });

  it('lists every quarantined record with the quarantine command, after the ten the import prints', () => {
    const ws = join(dir.path, 'quarantine-ws');
    expect(auditor(['init', '--workspace', ws, '--name', 'Quarantine']).code).toBe(0);
    const good = fileExportNdjson({ count: 20 }).split('\n').filter(Boolean);
    const lines = good.flatMap((line, i) => (i < 15 ? [line, `{"broken": ${i}`] : [line]));
    const path = join(dir.path, 'with-bad-lines.ndjson');
    writeFileSync(path, lines.join('\n') + '\n');
    const run = auditor(['import', '--workspace', ws, path]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`  … and 5 more: auditor quarantine --workspace ${ws} --import 1\n`);
    expect(run.stdout.split('\n').filter((l) => / line \d+: invalid JSON/.test(l))).toHaveLength(10);

    const listed = auditor(['quarantine', '--workspace', ws, '--import', '1', '--json']);
    expect(listed.code, listed.stderr).toBe(0);
    const items = listed.stdout.trim().split('\n').map((l) => JSON.parse(l) as { importId: number; file: string; line: number; reason: string; excerpt: string });
    expect(items.map((i) => i.line)).toEqual(Array.from({ length: 15 }, (_, i) => 2 * i + 2));
    expect(items[0]).toMatchObject({ importId: 1, file: path, excerpt: '{"broken": 0' });
    expect(items[0]?.reason).toMatch(/^invalid JSON/);
    // Without --import: every import's rejections; text names the file and line.
    const text = auditor(['quarantine', '--workspace', ws]);
    expect(text.stdout.split('\n').filter((l) => l.startsWith('#1 with-bad-lines.ndjson line '))).toHaveLength(15);
    const missing = auditor(['quarantine', '--workspace', ws, '--import', '9']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/no import #9/);
  });

  it('imports a truncated gzip up to the damage and lists the damage with the rejections (exit 0)', () => {
    const ws = join(dir.path, 'damaged');
    expect(auditor(['init', '--workspace', ws, '--name', 'Damaged']).code).toBe(0);
    const whole = gzipSync(Buffer.from(fileExportNdjson({ count: 2_000 })));
    const path = join(dir.path, 'cut.ndjson.gz');
    writeFileSync(path, whole.subarray(0, Math.floor(whole.length / 2)));
    const run = auditor(['import', '--workspace', ws, path]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    const counts = /: ndjson, read (\d+), imported (\d+), duplicates 0, rejected 1, sha256 [0-9a-f]{64}\n/.exec(run.stdout);
    expect(Number(counts?.[2])).toBeGreaterThan(0);
    expect(Number(counts?.[1])).toBe(Number(counts?.[2]) + 1);
    expect(run.stdout).toContain(`  cut.ndjson line 0: reading stopped after line ${counts?.[2]}: cut.ndjson.gz: the gzip data is damaged or truncated (unexpected end of file)\n`);
  });
});

describe('the process the CLI runs in', () => {
  // glibc's setting, read at process start: see src-main/cli/mallocThreshold.ts.
  it.skipIf(process.platform !== 'linux')('on Linux, starts itself again once with glibc\'s mmap threshold fixed (same process id); a value the user set is kept', async () => {
    for (const [given, expected] of [[undefined, '131072'], ['262144', '262144']] as const) {
      const env = { PATH: process.env.PATH, AUDITOR_PASSPHRASE: PASS, ...(given ? { MALLOC_MMAP_THRESHOLD_: given } : {}) };
      const child = spawn(process.execPath, [CLI, 'init', '--workspace', join(dir.path, `malloc-${expected}`), '--name', 'malloc'], { env, stdio: 'ignore' });
      const exited = once(child, 'exit') as Promise<[number | null]>;
      let running = true;
      void exited.then(() => (running = false));
      // What the process holds while it works (the passphrase's scrypt alone takes a few hundred ms).
      const seen: string[] = [];
      while (running) {
        try {
          const entries = readFileSync(`/proc/${child.pid}/environ`, 'latin1').split('\0');
          seen.push(entries.find((entry) => entry.startsWith('MALLOC_MMAP_THRESHOLD_=')) ?? 'unset');
        } catch {
          // gone between the check and the read
        }
        await delay(2);
      }
      expect((await exited)[0]).toBe(0);
      expect(seen.length).toBeGreaterThan(0);
      expect(seen.at(-1)).toBe(`MALLOC_MMAP_THRESHOLD_=${expected}`);
    }
  });
});
