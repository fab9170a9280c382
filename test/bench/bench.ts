/**
 * `npm run bench`: import throughput of 1,000,000 synthetic events as NDJSON and as CSV
 * (file-export family, product doc 003) — encrypted, indexed, searchable — next to the same
 * machine's JSON-parse-only rate measured in the same run, with peak RSS, the re-import of the
 * same file (every event a duplicate), and the same file
 * through the import's parser and writer into a table with no index at all (the single
 * writer's ceiling). Prints figures; asserts nothing (tests never assert wall-clock times).
 *   --events N   how many events (default 1,000,000; 5,000,000 for browse)
 *   --only ndjson|csv|sync|browse
 *   --workspace DIR   browse: reuse (or create once) the demo engagement in DIR; the
 *                     passphrase is AUDITOR_PASSPHRASE, else "bench-passphrase"
 *   --import-child FILE --label L --workspace DIR   internal: one full import in a child
 *                     process of the bench, which prints its figures as one JSON line
 * The sync section pulls the same number of events from the simulated tenant (test/tenant)
 * over loopback through the pull connector, next to importing the same events as a file.
 * The browse section (only with --only browse: building 5 M events takes many minutes) times
 * the grid's first windows, jumps, search and the dashboard on a demo engagement.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startWorkerEngine } from '../../src-main/engine/workerEngine';
import { awaitJob } from '../../src-main/engine/jobs/awaitJob';
import { demoRange, writeSyntheticNdjson } from '../../src-main/engine/demo/demoImport';
import { withFixedMallocThreshold } from '../../src-main/cli/mallocThreshold';
import { DEMO_DEFAULTS, syntheticRecords } from '../../src-main/engine/demo/syntheticTenant';
import { readNdjson } from '../../src-main/engine/ingest/readers/ndjsonReader';
import { openCsv } from '../../src-main/engine/ingest/readers/csvReader';
import type { ImportResult } from '../../src-shared/imports';
import type { SyncResult } from '../../src-shared/sources';
import type { EventFilter } from '../../src-shared/query';
import type { EngineClient } from '../../src-main/engine/engineClient';
import { createTenantServer } from '../tenant/tenantServer';
import { NEW_DB_CIPHER, openEncryptedDatabase, switchToRollbackJournal } from '../../src-main/engine/store/database';
import { migrate } from '../../src-main/engine/store/migrate';
import { dropSecondaryIndexes } from '../../src-main/engine/store/eventIndexes';
import { ROLLUP_WATERMARK } from '../../src-main/engine/store/rollups';
import { DB_PAGE_SIZE } from '../../src-main/engine/workspace/engagementFolder';
import { createBatchWriter } from '../../src-main/engine/ingest/batchWriter';
import { startIngest } from '../../src-main/engine/ingest/pipeline/ingestChannel';

const { values } = parseArgs({
  options: { events: { type: 'string' }, only: { type: 'string' }, workspace: { type: 'string' }, 'import-child': { type: 'string' }, label: { type: 'string' } },
});
const events = Number(values.events ?? (values.only === 'browse' ? 5_000_000 : 1_000_000));
const engineWorkerPath = fileURLToPath(new URL('../main/engineWorker.js', import.meta.url));
const ingestWorkerPath = fileURLToPath(new URL('../main/ingestWorker.js', import.meta.url));

class RssSampler {
  peak = process.memoryUsage.rss();
  private readonly samples: number[] = [];
  private readonly timer = setInterval(() => {
    const rss = process.memoryUsage.rss();
    this.samples.push(rss);
    this.peak = Math.max(this.peak, rss);
  }, 25);
  stop(): number {
    clearInterval(this.timer);
    return Math.max(this.peak, process.memoryUsage.rss());
  }
  /** The median of the samples taken (every 25 ms): where memory sat for most of the run. */
  median(): number {
    const sorted = [...this.samples].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)] ?? this.peak;
  }
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const perSecond = (n: number, ms: number) => Math.round((n / ms) * 1000);
const fmt = (n: number) => n.toLocaleString('en');

const CSV_COLUMNS = ['id', 'type', 'occurred_at', 'actor_kind', 'actor_id', 'actor_label', 'actor_email', 'target_kind', 'target_id', 'target_label', 'outcome', 'context_ip', 'context_user_agent', 'context_request_id', 'data_json'];

function csvCell(value: unknown): string {
  const text = value === undefined || value === null ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The same synthetic events as the doc-003 CSV export (nested data JSON-encoded in data_json). */
async function writeSyntheticCsv(file: string): Promise<void> {
  const out = createWriteStream(file);
  out.write(`${CSV_COLUMNS.join(',')}\n`);
  let batch: string[] = [];
  for (const r of syntheticRecords({ seed: DEMO_DEFAULTS.seed, count: events, ...demoRange({}) })) {
    const actor = (r.actor ?? {}) as Record<string, unknown>;
    const target = (r.target ?? {}) as Record<string, unknown>;
    const context = (r.context ?? {}) as Record<string, unknown>;
    batch.push(
      [r.id, r.type, r.occurred_at, actor.kind, actor.id, actor.label, actor.email, target.kind, target.id, target.label, r.outcome, context.ip, context.user_agent, context.request_id, r.data].map(csvCell).join(','),
    );
    if (batch.length === 2000) {
      if (!out.write(`${batch.join('\n')}\n`)) await once(out, 'drain');
      batch = [];
    }
  }
  if (batch.length) out.write(`${batch.join('\n')}\n`);
  out.end();
  await once(out, 'finish');
}

/** The floor: read the file, split lines, JSON.parse each — nothing else. */
async function jsonParseOnly(file: string): Promise<number> {
  const start = performance.now();
  let count = 0;
  let rest = '';
  for await (const chunk of createReadStream(file, { highWaterMark: 1024 * 1024, encoding: 'utf8' })) {
    const text = rest + (chunk as string);
    let from = 0;
    for (let nl = text.indexOf('\n', from); nl !== -1; nl = text.indexOf('\n', from)) {
      JSON.parse(text.slice(from, nl));
      count += 1;
      from = nl + 1;
    }
    rest = text.slice(from);
  }
  return perSecond(count, performance.now() - start);
}

async function readerOnly(file: string, kind: 'ndjson' | 'csv'): Promise<number> {
  const start = performance.now();
  let count = 0;
  const chunks = createReadStream(file, { highWaterMark: 1024 * 1024 });
  const items = kind === 'ndjson' ? readNdjson(chunks, null) : (await openCsv(chunks, null)).records;
  for await (const item of items) if (item.kind === 'record') count += 1;
  return perSecond(count, performance.now() - start);
}

/** What one full import measured, in the process that ran it. */
interface ImportFigures {
  imported: number;
  ms: number;
  indexMs: number;
  peakRss: number;
  medianRss: number;
  rssBefore: number;
  dbSize: number;
  /** the same file imported again: every event a duplicate */
  reimportMs: number;
  reimportPeakRss: number;
}

/** The child's answer on stdout, after whatever the engine logged. */
const FIGURES_MARK = 'bench-import-figures ';

/**
 * The full import, in this process: the engine in its worker thread, as the desktop app and
 * the CLI run it. Run by a child process of the bench (`--import-child`), so its peak RSS is
 * the import's own and not the bench's (the sample generator and the parse-only pass leave the
 * bench process at 240–370 MB before an import starts).
 */
async function importHere(dir: string, file: string, label: string): Promise<ImportFigures> {
  const client = await startWorkerEngine({ workerPath: engineWorkerPath, stateDir: null, engagementsRoot: dir, transport: 'cli' });
  const folder = join(dir, `engagement-${label}`);
  const created = await client.call('engagement.create', { folder, name: `bench ${label}`, periodFrom: DEMO_DEFAULTS.from, periodTo: DEMO_DEFAULTS.to, timeZone: 'UTC', passphrase: 'bench-passphrase' });
  if (!created.ok) throw new Error(created.error.message);
  let indexingAt: number | null = null;
  const sampler = new RssSampler();
  const rssBefore = process.memoryUsage.rss();
  const start = performance.now();
  const job = await client.call('import.start', { paths: [file] });
  if (!job.ok) throw new Error(job.error.message);
  const done = await awaitJob(client, job.value.id, (running) => {
    if (running.progress.phase === 'indexing' && indexingAt === null) indexingAt = performance.now();
  });
  const ms = performance.now() - start;
  const peakRss = sampler.stop();
  const result = done.result as ImportResult;
  if (done.status !== 'COMPLETED' || result.imported !== events) throw new Error(`${label}: ${done.status} ${JSON.stringify(done.error ?? result.files[0]?.failure)}`);
  const dbSize = statSync(join(folder, 'engagement.db')).size;
  // The same file again, as an auditor re-imports an export or an overlapping one: nothing is added.
  const again = new RssSampler();
  const reimportStart = performance.now();
  const second = await client.call('import.start', { paths: [file] });
  if (!second.ok) throw new Error(second.error.message);
  const repeated = await awaitJob(client, second.value.id, () => {});
  const reimportMs = performance.now() - reimportStart;
  const reimportPeakRss = again.stop();
  const duplicates = (repeated.result as ImportResult).duplicates;
  if (repeated.status !== 'COMPLETED' || duplicates !== events) throw new Error(`${label} re-import: ${repeated.status}, ${duplicates} duplicates`);
  await client.close();
  return { imported: result.imported, ms, indexMs: indexingAt === null ? 0 : start + ms - indexingAt, peakRss, medianRss: sampler.median(), rssBefore, dbSize, reimportMs, reimportPeakRss };
}

/**
 * A folder of many small exports (as CloudTrail delivers: a file per few minutes per region),
 * imported as one job: what each file costs beyond its events.
 */
async function folderRun(dir: string, ndjson: string): Promise<void> {
  const FILES = 500;
  const PER_FILE = 200;
  const folder = join(dir, 'small-files');
  mkdirSync(folder);
  const lines = createInterface({ input: createReadStream(ndjson), crlfDelay: Infinity });
  let part: string[] = [];
  let written = 0;
  for await (const line of lines) {
    part.push(line);
    if (part.length === PER_FILE) {
      writeFileSync(join(folder, `part-${String(written).padStart(4, '0')}.ndjson`), `${part.join('\n')}\n`);
      part = [];
      written += 1;
      if (written === FILES) break;
    }
  }
  lines.close();
  const client = await startWorkerEngine({ workerPath: engineWorkerPath, stateDir: null, engagementsRoot: dir, transport: 'cli' });
  try {
    const created = await client.call('engagement.create', { folder: join(dir, 'engagement-folder'), name: 'bench folder', periodFrom: DEMO_DEFAULTS.from, periodTo: DEMO_DEFAULTS.to, timeZone: 'UTC', passphrase: 'bench-passphrase' });
    if (!created.ok) throw new Error(created.error.message);
    const start = performance.now();
    const job = await client.call('import.start', { paths: [folder] });
    if (!job.ok) throw new Error(job.error.message);
    const done = await awaitJob(client, job.value.id, () => {});
    const ms = performance.now() - start;
    const result = done.result as ImportResult;
    if (done.status !== 'COMPLETED' || result.imported !== FILES * PER_FILE) throw new Error(`folder import: ${done.status}, ${result.imported} events`);
    console.log(`  folder of ${fmt(FILES)} NDJSON files of ${PER_FILE} events, one import: ${(ms / 1000).toFixed(1)} s, ${(ms / FILES).toFixed(1)} ms per file, ${fmt(perSecond(result.imported, ms))} events/s`);
  } finally {
    await client.close();
  }
}

/** Runs `importHere` in a fresh child process (this script, same flags) and prints its figures. */
async function importRun(dir: string, file: string, label: string, parseRate: number): Promise<void> {
  const args = [...process.execArgv, fileURLToPath(import.meta.url), '--import-child', file, '--label', label, '--workspace', dir, '--events', String(events)];
  // The environment the CLI gives itself (src-main/cli/mallocThreshold.ts), so the peak is the CLI's.
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'], env: withFixedMallocThreshold(process.env) });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  const [code] = (await once(child, 'exit')) as [number | null];
  const line = out.split('\n').find((l) => l.startsWith(FIGURES_MARK));
  if (code !== 0 || !line) throw new Error(`${label} import child exited with ${code}: ${out.slice(-2000)}`);
  const f = JSON.parse(line.slice(FIGURES_MARK.length)) as ImportFigures;
  const rate = perSecond(f.imported, f.ms);
  console.log(`  ${label} full import (encrypted, indexed, searchable, deduplicated): ${fmt(rate)} events/s — ${fmt(f.imported)} in ${(f.ms / 1000).toFixed(1)} s (secondary indexes built at the end: ${(f.indexMs / 1000).toFixed(1)} s of it)`);
  console.log(`  ${label} import / JSON-parse-only ratio: ${((100 * rate) / parseRate).toFixed(1)} %`);
  console.log(`  ${label} peak RSS of the importing process (its own, engine and parser threads; started as the CLI starts itself): ${mb(f.peakRss)}, median ${mb(f.medianRss)} (before the import: ${mb(f.rssBefore)})`);
  console.log(`  ${label} database: ${mb(f.dbSize)} (${Math.round(f.dbSize / f.imported)} bytes/event), original kept encrypted`);
  console.log(`  ${label} re-import of the same file (every event a duplicate, nothing stored): ${fmt(perSecond(f.imported, f.reimportMs))} events/s, ${(f.reimportMs / 1000).toFixed(1)} s, peak RSS ${mb(f.reimportPeakRss)} (the same process, after the import)`);
}

/**
 * The single writer's ceiling: the import's own parser thread and batch writer, into the
 * engagement schema with every index on events dropped (no uid index, so no deduplication; no
 * secondary indexes; no search index; no rollups), in the bulk import's journal mode. SQLite
 * has one writer per database, so no import that keeps those indexes can store events faster
 * than the writer does here, whatever it overlaps.
 */
async function writeCeiling(dir: string, file: string, label: string, parseRate: number): Promise<void> {
  const key = randomBytes(32);
  const db = openEncryptedDatabase(join(dir, `ceiling-${label}.db`), key, { create: true, cipher: NEW_DB_CIPHER, pageSize: DB_PAGE_SIZE });
  try {
    migrate(db);
    dropSecondaryIndexes(db);
    db.exec('DROP INDEX events_uid');
    // Rollups that lag behind the table: the writer leaves them to the catch-up, never run here.
    db.prepare('INSERT INTO engagement_state (key, value) VALUES (?, ?)').run(ROLLUP_WATERMARK, '-1');
    const importId = Number(db.prepare("INSERT INTO imports (file_name, file_path, size, status, started_at) VALUES ('ceiling', ?, 0, 'RUNNING', '')").run(file).lastInsertRowid);
    // A throwaway database: the bulk import's journal mode, never switched back.
    switchToRollbackJournal(db);
    // As the import job does: each batch goes back to the parser with the ack.
    const writeBatch = createBatchWriter(db, { handBack: true });
    const channel = startIngest({ path: file, originalsDir: join(dir, `ceiling-${label}-originals`), dataKey: key }, ingestWorkerPath);
    let writerMs = 0;
    let stored = 0;
    let ending = 'the parser ended without a result';
    const start = performance.now();
    for await (const message of channel.messages) {
      if (message.type === 'batch') {
        const before = performance.now();
        stored += writeBatch(importId, message.batch).imported;
        writerMs += performance.now() - before;
        channel.ack(message.batch);
      } else if (message.type === 'done') {
        ending = 'done';
      } else if (message.type === 'failed') {
        ending = message.message;
      }
    }
    const wallMs = performance.now() - start;
    // A figure from a partial run would mislead: like importRun, refuse it.
    if (ending !== 'done' || stored !== events) throw new Error(`${label} ceiling: ${ending}, ${fmt(stored)} of ${fmt(events)} events stored`);
    const writerRate = perSecond(stored, writerMs);
    console.log(
      `  ${label} write ceiling (same batches, encrypted, no index of any kind on events, no search index, no rollups): writer alone ${fmt(writerRate)} events/s = ${((100 * writerRate) / parseRate).toFixed(1)} % of parse only; with the parser overlapped ${fmt(perSecond(stored, wallMs))} events/s`,
    );
  } finally {
    db.close();
  }
}

/** Syncs `events` from the simulated tenant's pull API, then imports the same events as a file. */
async function syncRun(dir: string): Promise<void> {
  const tenant = await createTenantServer({ seed: 5, count: events, from: '2025-01-01T00:00:00Z', to: '2025-12-31T00:00:00Z' });
  try {
    const client = await startWorkerEngine({ workerPath: engineWorkerPath, stateDir: null, engagementsRoot: dir, transport: 'cli' });
    const created = await client.call('engagement.create', { folder: join(dir, 'engagement-sync'), name: 'bench sync', periodFrom: '2025-01-01', periodTo: '2025-12-31', timeZone: 'UTC', passphrase: 'bench-passphrase' });
    if (!created.ok) throw new Error(created.error.message);
    const added = await client.call('sources.add', { name: 'tenant', kind: 'pull', baseUrl: tenant.url, credential: { type: 'token', token: tenant.token }, options: { credentials: 'false' } });
    if (!added.ok) throw new Error(added.error.message);
    const sampler = new RssSampler();
    const start = performance.now();
    const job = await client.call('sync.start', {});
    if (!job.ok) throw new Error(job.error.message);
    const done = await awaitJob(client, job.value.id);
    const ms = performance.now() - start;
    const peak = sampler.stop();
    const result = (done.result as SyncResult).sources[0];
    if (done.status !== 'COMPLETED' || result?.status !== 'COMPLETED') throw new Error(`sync: ${done.status} ${result?.error ?? JSON.stringify(done.error)}`);
    console.log(`  sync (pull API over loopback, encrypted, indexed, searchable): ${fmt(perSecond(result.imported, ms))} events/s — ${fmt(result.imported)} in ${(ms / 1000).toFixed(1)} s, ${tenant.stats.requests.length} requests, peak RSS ${mb(peak)}`);
    await client.close();
    // The same events as a file export (doc 003 NDJSON), imported.
    const file = join(dir, 'tenant-export.ndjson');
    const out = createWriteStream(file);
    const response = await fetch(`${tenant.url}/api/admin/compliance/audit.json?since=2025-01-01T00:00:00Z`, { headers: { authorization: `Bearer ${tenant.token}` } });
    const body = (await response.json()) as { entries: unknown[] };
    for (const entry of body.entries) out.write(`${JSON.stringify(entry)}\n`);
    out.end();
    await once(out, 'finish');
    const importer = await startWorkerEngine({ workerPath: engineWorkerPath, stateDir: null, engagementsRoot: dir, transport: 'cli' });
    const made = await importer.call('engagement.create', { folder: join(dir, 'engagement-sync-import'), name: 'bench sync import', periodFrom: '2025-01-01', periodTo: '2025-12-31', timeZone: 'UTC', passphrase: 'bench-passphrase' });
    if (!made.ok) throw new Error(made.error.message);
    const t = performance.now();
    const imp = await importer.call('import.start', { paths: [file] });
    if (!imp.ok) throw new Error(imp.error.message);
    const finished = await awaitJob(importer, imp.value.id);
    const importMs = performance.now() - t;
    const imported = (finished.result as ImportResult).imported;
    console.log(`  import-only of the same events (the pull JSON entries as NDJSON): ${fmt(perSecond(imported, importMs))} events/s — ${fmt(imported)} in ${(importMs / 1000).toFixed(1)} s`);
    await importer.close();
  } finally {
    await tenant.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Browse: the grid, search and the dashboard on a demo engagement

const RUNS = 40;

function unwrap<T>(result: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

/** p50 and p95 of the samples, in milliseconds. */
function percentiles(samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? 0;
  return `p50 ${at(0.5).toFixed(1)} ms, p95 ${at(0.95).toFixed(1)} ms`;
}

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const result = await work();
  return [result, performance.now() - start];
}

/** Opens the engagement in `folder`, or creates it and fills it with the demo tenant. */
async function browseEngagement(client: EngineClient, folder: string): Promise<void> {
  const passphrase = process.env.AUDITOR_PASSPHRASE ?? 'bench-passphrase';
  const [opened, openMs] = await timed(() => client.call('engagement.open', { folder, passphrase }));
  if (opened.ok) {
    console.log(`  opened ${folder}: ${fmt(opened.value.eventCount)} events (${(openMs / 1000).toFixed(1)} s, including any index the schema added)`);
    return;
  }
  if (opened.error.code !== 'NOT_AN_ENGAGEMENT') throw new Error(opened.error.message);
  unwrap(await client.call('engagement.create', { folder, name: 'bench browse', periodFrom: DEMO_DEFAULTS.from, periodTo: DEMO_DEFAULTS.to, timeZone: 'UTC', passphrase }));
  const [done, ms] = await timed(async () => awaitJob(client, unwrap(await client.internal('demo.generate', { events, seed: DEMO_DEFAULTS.seed })).id));
  if (done.status !== 'COMPLETED') throw new Error(`demo: ${done.status} ${JSON.stringify(done.error)}`);
  console.log(`  created the demo engagement in ${folder}: ${fmt(events)} events in ${(ms / 1000).toFixed(0)} s`);
}

/** A deterministic sequence in [0, 1), so runs jump to the same offsets. */
function offsetsRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

async function browseRun(dir: string): Promise<void> {
  const client = await startWorkerEngine({ workerPath: engineWorkerPath, stateDir: null, engagementsRoot: dir, transport: 'cli' });
  try {
    await browseEngagement(client, values.workspace ? resolve(values.workspace) : join(dir, 'engagement-browse'));
    const window = (filter: EventFilter, offset = 0, order: 'desc' | 'asc' = 'desc') => client.call('events.window', { filter, order, offset, limit: 100 });
    const topActor = unwrap(await client.call('events.distinct', { field: 'actor', prefix: '', limit: 2 })).values.find((v) => v.value.includes('@'))?.value ?? '';
    const representative: [string, EventFilter][] = [
      ['none', {}],
      ['one category (SECURITY)', { categories: ['SECURITY'] }],
      ['two categories', { categories: ['SECURITY', 'PERMISSION'] }],
      ['min severity ERROR', { minSeverity: 'ERROR' }],
      ['one action (user.updated)', { actions: ['user.updated'] }],
      [`one actor (${topActor})`, { actor: topActor }],
      ['outcome failure', { outcomes: ['failure'] }],
      ['a week (2026-03-02..08)', { from: '2026-03-02', to: '2026-03-08' }],
      ['category + severity', { categories: ['SECURITY'], minSeverity: 'ERROR' }],
      ['source (file-export)', { sources: ['file-export'] }],
    ];
    // The ten filters rotate through the browser's eight cached plans, so every call plans its filter.
    console.log(`  first window (100 rows), each call planning its filter, ${RUNS} runs:`);
    const samples = new Map<string, number[]>(representative.map(([name]) => [name, []]));
    for (let run = 0; run < RUNS; run++) {
      for (const [name, filter] of representative) samples.get(name)?.push((await timed(async () => unwrap(await window(filter))))[1]);
    }
    for (const [name, times] of samples) console.log(`    ${name.padEnd(44)} ${percentiles(times)} (first call ${times[0]?.toFixed(1)} ms)`);

    console.log(`  jump to a random position (100 rows), ${RUNS} runs:`);
    for (const [name, filter] of [['unfiltered', {}], ['category AUTH', { categories: ['AUTH'] }], ['outcome failure', { outcomes: ['failure'] }]] as [string, EventFilter][]) {
      const [total, countMs] = await timed(async () => unwrap(await client.call('events.count', { filter })).total);
      const [, buildMs] = await timed(async () => unwrap(await window(filter, Math.max(0, total - 100))));
      const random = offsetsRandom(7);
      const jumps: number[] = [];
      for (let run = 0; run < RUNS; run++) jumps.push((await timed(async () => unwrap(await window(filter, Math.floor(random() * Math.max(1, total - 100))))))[1]);
      console.log(`    ${name.padEnd(20)} ${fmt(total)} rows: count ${countMs.toFixed(0)} ms, checkpoints to the end ${buildMs.toFixed(0)} ms; jumps ${percentiles(jumps)}`);
    }

    console.log(`  search, first window (100 rows), ${RUNS} runs:`);
    for (const [name, search] of [['common word "downloaded"', 'downloaded'], ['rare word "malware"', 'malware'], ['word in most events "northwind"', 'northwind']]) {
      const times: number[] = [];
      for (let run = 0; run < RUNS; run++) times.push((await timed(async () => unwrap(await window({ search }))))[1]);
      const [total, countMs] = await timed(async () => unwrap(await client.call('events.count', { filter: { search } })).total);
      console.log(`    ${name!.padEnd(32)} ${percentiles(times)} (first call ${times[0]?.toFixed(1)} ms); count ${fmt(total)} in ${countMs.toFixed(0)} ms`);
    }

    console.log(`  dashboard, ${RUNS} runs:`);
    const dashboard: [string, () => Promise<unknown>][] = [
      ['summary (whole engagement)', async () => unwrap(await client.call('dashboard.summary', {}))],
      ['summary (one month, partial days)', async () => unwrap(await client.call('dashboard.summary', { from: '2026-03-03T09:30:00Z', to: '2026-04-03T17:00:00Z' }))],
      ['histogram (60 buckets, by category)', async () => unwrap(await client.call('dashboard.histogram', { filter: {}, stackBy: 'category', buckets: 60 }))],
      ['histogram (a week, by severity)', async () => unwrap(await client.call('dashboard.histogram', { filter: { from: '2026-03-02', to: '2026-03-08' }, stackBy: 'severity', buckets: 60 }))],
      ['coverage', async () => unwrap(await client.call('dashboard.coverage', {}))],
    ];
    for (const [name, call] of dashboard) {
      const times: number[] = [];
      for (let run = 0; run < RUNS; run++) times.push((await timed(call))[1]);
      console.log(`    ${name.padEnd(36)} ${percentiles(times)} (first call ${times[0]?.toFixed(1)} ms)`);
    }
  } finally {
    await client.close();
  }
}

async function main(): Promise<void> {
  const child = values['import-child'];
  if (child !== undefined) {
    const figures = await importHere(values.workspace ?? tmpdir(), child, values.label ?? 'import');
    process.stdout.write(`${FIGURES_MARK}${JSON.stringify(figures)}\n`);
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'aw-bench-'));
  try {
    if (values.only === 'browse') {
      console.log(`Auditor Workstation browse bench — ${fmt(events)} demo events (seed ${DEMO_DEFAULTS.seed}), ${process.version}`);
      await browseRun(dir);
      return;
    }
    console.log(`Auditor Workstation bench — ${fmt(events)} synthetic events (seed ${DEMO_DEFAULTS.seed}), ${process.version}`);
    const ndjson = join(dir, 'synthetic.ndjson');
    await writeSyntheticNdjson(ndjson, { seed: DEMO_DEFAULTS.seed, count: events });
    const size = statSync(ndjson).size;
    console.log(`  NDJSON sample: ${mb(size)} (${Math.round(size / events)} bytes/event)`);
    const parseRate = await jsonParseOnly(ndjson);
    console.log(`  JSON parse only (read + split + JSON.parse): ${fmt(parseRate)} events/s`);
    if (values.only === 'sync') {
      await syncRun(dir);
      return;
    }
    if (values.only === 'files') {
      await folderRun(dir, ndjson);
      return;
    }
    if (values.only !== 'csv') {
      console.log(`  NDJSON reader only (+ UTF-8 check, positions, raw text): ${fmt(await readerOnly(ndjson, 'ndjson'))} events/s`);
      await importRun(dir, ndjson, 'NDJSON', parseRate);
      await writeCeiling(dir, ndjson, 'NDJSON', parseRate);
    }
    if (values.only !== 'ndjson') {
      const csv = join(dir, 'synthetic.csv');
      await writeSyntheticCsv(csv);
      console.log(`  CSV sample: ${mb(statSync(csv).size)}; CSV reader only: ${fmt(await readerOnly(csv, 'csv'))} events/s`);
      await importRun(dir, csv, 'CSV', parseRate);
      await writeCeiling(dir, csv, 'CSV', parseRate);
    }
    if (values.only !== 'ndjson' && values.only !== 'csv') await folderRun(dir, ndjson);
    if (values.only !== 'ndjson' && values.only !== 'csv') await syncRun(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
