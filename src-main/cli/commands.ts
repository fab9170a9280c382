/** The CLI's commands: each opens the engagement through the same engine as the app. */
import { createWriteStream } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { AppError, type Result } from '../../src-shared/errors';
import type { Channel, RequestOf, ResponseOf } from '../../src-shared/contract';
import type { Job } from '../../src-shared/jobs';
import { IMPORT_FORMATS, type ImportFormat, type ImportResult } from '../../src-shared/imports';
import { parseProfileFile } from '../engine/ingest/families/mappingProfile';
import { readFile } from 'node:fs/promises';
import type { EventFilter } from '../../src-shared/query';
import { csvHeader, csvRow, CSV_BOM, ndjsonRow } from '../engine/export/eventFormats';
import type { EngineClient } from '../engine/engineClient';
import { startWorkerEngine } from '../engine/workerEngine';
import { awaitJob } from '../engine/jobs/awaitJob';
import { DEMO_DEFAULTS } from '../engine/demo/syntheticTenant';
import { filterFrom, FILTER_OPTIONS, parse, positiveInt, requireString } from './args';
import { readPassphrase } from './passphrase';
import { UsageError } from './usage';

type Client = EngineClient;

export interface Io {
  stdout: Writable & { isTTY?: boolean };
  stderr: Writable & { isTTY?: boolean };
}

function unwrap<T>(result: Result<T>): T {
  if (!result.ok) throw new AppError(result.error.code, result.error.message);
  return result.value;
}

async function call<C extends Channel>(client: Client, channel: C, request: RequestOf<C>): Promise<ResponseOf<C>> {
  return unwrap(await client.call(channel, request));
}

/**
 * The CLI talks to the same engine worker as the desktop app (bin/auditor.js runs
 * dist/cli/auditor.js; the workers are bundled in dist/main), with the same bounded memory.
 */
function newClient(): Promise<Client> {
  return startWorkerEngine({
    workerPath: fileURLToPath(new URL('../main/engineWorker.js', import.meta.url)),
    stateDir: null,
    engagementsRoot: process.cwd(),
    transport: 'cli',
  });
}

async function withEngagement<T>(workspace: string, work: (client: Client) => Promise<T>): Promise<T> {
  const passphrase = await readPassphrase({ confirm: false });
  const client = await newClient();
  try {
    await call(client, 'engagement.open', { folder: workspace, passphrase });
    return await work(client);
  } finally {
    await client.close();
  }
}

function printJson(io: Io, value: unknown): void {
  io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Follows a job to its end, drawing a progress line on a terminal. */
async function followJob(client: Client, job: Job, io: Io): Promise<Job> {
  const done = await awaitJob(client, job.id, (running) => {
    if (!io.stderr.isTTY) return;
    const p = running.progress;
    const pct = p.total ? ` ${Math.floor((100 * p.done) / p.total)}%` : '';
    io.stderr.write(`\r${p.phase}${pct} ${p.detail ?? ''} ${Math.round(p.rate).toLocaleString('en')} events/s   `);
  });
  if (io.stderr.isTTY) io.stderr.write('\n');
  return done;
}

function isImportFormat(value: string): value is ImportFormat {
  return (IMPORT_FORMATS as readonly string[]).includes(value);
}

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/** What the sync commands use from this module. */
export interface CommandContext {
  io: Io;
  call: typeof call;
  withEngagement: typeof withEngagement;
  printJson: (value: unknown) => void;
  follow: (client: Client, job: Job) => Promise<Job>;
}

export function commandContext(io: Io): CommandContext {
  return { io, call, withEngagement, printJson: (value) => printJson(io, value), follow: (client, job) => followJob(client, job, io) };
}

export async function initCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(argv, {
    workspace: { type: 'string' },
    name: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    tz: { type: 'string' },
    json: { type: 'boolean' },
  });
  if (positionals.length) throw new UsageError(`unexpected argument ${positionals[0]}`);
  const workspace = requireString(values, 'workspace');
  const name = requireString(values, 'name');
  const to = typeof values.to === 'string' ? values.to : today();
  const from = typeof values.from === 'string' ? values.from : new Date(Date.parse(`${to}T00:00:00Z`) - 89 * 86_400_000).toISOString().slice(0, 10);
  const timeZone = typeof values.tz === 'string' ? values.tz : Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  const passphrase = await readPassphrase({ confirm: true });
  const client = await newClient();
  try {
    const summary = await call(client, 'engagement.create', { folder: workspace, name, periodFrom: from, periodTo: to, timeZone, passphrase, remember: false });
    if (values.json) printJson(io, summary);
    else io.stdout.write(`Created engagement "${summary.name}" (${summary.periodFrom} to ${summary.periodTo}, ${summary.timeZone}) in ${summary.folder}\n`);
  } finally {
    await client.close();
  }
  return 0;
}

export async function importCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(argv, {
    workspace: { type: 'string' },
    format: { type: 'string' },
    platform: { type: 'string' },
    mapping: { type: 'string' },
    json: { type: 'boolean' },
  });
  const workspace = requireString(values, 'workspace');
  if (positionals.length === 0) throw new UsageError('name at least one FILE to import');
  const format = typeof values.format === 'string' ? values.format : 'auto';
  if (!isImportFormat(format)) throw new UsageError(`--format ${format}: expected one of ${IMPORT_FORMATS.join(', ')}`);
  const platform = typeof values.platform === 'string' ? values.platform : undefined;
  const mappingFile = typeof values.mapping === 'string' ? values.mapping : undefined;
  if (platform && mappingFile) throw new UsageError('use either --platform or --mapping, not both');
  // A mapping file is checked before the passphrase is asked for: a typo costs nothing.
  const profile = mappingFile ? parseProfileFile(await readFile(mappingFile, 'utf8').catch((e: Error) => Promise.reject(new AppError('IO_ERROR', `cannot read ${mappingFile}: ${e.message}`))), mappingFile) : undefined;
  return withEngagement(workspace, async (client) => {
    if (profile) await call(client, 'profiles.save', { profile });
    const files = positionals.map((p) => ({ path: resolve(p), format, ...(platform ? { platform } : {}), ...(profile ? { profile: profile.name } : {}) }));
    const job = await call(client, 'import.start', { files });
    const finished = await followJob(client, job, io);
    if (finished.status === 'FAILED') throw new AppError(finished.error?.code ?? 'INTERNAL', finished.error?.message ?? 'the import failed');
    const result = finished.result as ImportResult;
    if (values.json) {
      printJson(io, result);
    } else {
      for (const f of result.files) {
        if (f.failure) io.stdout.write(`${f.path}: not imported — ${f.failure}\n`);
        else io.stdout.write(`${f.path}: ${f.format}, read ${f.read}, imported ${f.imported}, duplicates ${f.duplicates}, rejected ${f.rejected}, sha256 ${f.sha256}\n`);
        for (const e of f.errors.slice(0, 10)) io.stdout.write(`  ${e.part ? `${e.part} ` : ''}line ${e.line}: ${e.reason}\n`);
      }
      io.stdout.write(`imported ${result.imported}, duplicates ${result.duplicates}, rejected ${result.rejected}\n`);
    }
    const unreadable = result.files.filter((f) => f.failure);
    if (unreadable[0]) {
      io.stderr.write(`auditor: ${unreadable.length} file(s) could not be read: ${unreadable[0].failure}\n`);
      return 1;
    }
    return 0;
  });
}

export async function statsCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(argv, { workspace: { type: 'string' }, json: { type: 'boolean' }, ...FILTER_OPTIONS });
  if (positionals.length) throw new UsageError(`unexpected argument ${positionals[0]}`);
  const workspace = requireString(values, 'workspace');
  const filter = filterFrom(values);
  return withEngagement(workspace, async (client) => {
    const stats = await call(client, 'events.stats', { filter });
    if (values.json) printJson(io, stats);
    else {
      io.stdout.write(`${stats.total} events${stats.from ? ` from ${stats.from} to ${stats.to}` : ''}\n`);
      for (const [k, v] of Object.entries(stats.bySeverity)) io.stdout.write(`  ${k.padEnd(14)} ${v}\n`);
      for (const [k, v] of Object.entries(stats.byCategory)) io.stdout.write(`  ${k.padEnd(14)} ${v}\n`);
    }
    return 0;
  });
}

async function write(out: Writable, text: string): Promise<void> {
  if (!out.write(text)) await once(out, 'drain');
}

export async function queryCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(argv, {
    workspace: { type: 'string' },
    format: { type: 'string' },
    limit: { type: 'string' },
    out: { type: 'string' },
    ...FILTER_OPTIONS,
  });
  if (positionals.length) throw new UsageError(`unexpected argument ${positionals[0]}`);
  const workspace = requireString(values, 'workspace');
  const format = typeof values.format === 'string' ? values.format : 'ndjson';
  if (!['ndjson', 'csv', 'json'].includes(format)) throw new UsageError(`--format ${format}: expected ndjson, csv or json`);
  const limit = positiveInt(values, 'limit', null);
  const filter: EventFilter = filterFrom(values);
  return withEngagement(workspace, async (client) => {
    const out: Writable = typeof values.out === 'string' ? createWriteStream(values.out, { flags: 'wx' }) : io.stdout;
    let count = 0;
    let after: { at: number; row: number } | null = null;
    if (format === 'csv') await write(out, CSV_BOM + csvHeader());
    if (format === 'json') await write(out, `{"exported_at":${JSON.stringify(new Date().toISOString())},"filters":${JSON.stringify(filter)},"entries":[`);
    for (;;) {
      const want = Math.min(1000, limit === null ? 1000 : limit - count);
      if (want <= 0) break;
      const page: ResponseOf<'events.page'> = await call(client, 'events.page', { filter, limit: want, after });
      for (const row of page.rows) {
        if (format === 'csv') await write(out, csvRow(row));
        else if (format === 'ndjson') await write(out, ndjsonRow(row));
        else await write(out, `${count === 0 ? '' : ','}\n${JSON.stringify(row)}`);
        count += 1;
      }
      if (!page.next) break;
      after = page.next;
    }
    if (format === 'json') await write(out, `\n],"count":${count}}\n`);
    if (out !== io.stdout) {
      out.end();
      await once(out, 'finish');
    }
    return 0;
  });
}

export async function activityCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(argv, { workspace: { type: 'string' }, verify: { type: 'boolean' }, json: { type: 'boolean' } });
  if (positionals.length) throw new UsageError(`unexpected argument ${positionals[0]}`);
  const workspace = requireString(values, 'workspace');
  return withEngagement(workspace, async (client) => {
    const verdict = await call(client, 'activity.verify', {});
    const { entries } = await call(client, 'activity.list', { limit: 100_000 });
    if (values.json) {
      printJson(io, { entries, chain: verdict.chain, ...(verdict.chain === 'broken' ? { firstBroken: verdict.firstBroken } : {}) });
    } else {
      for (const e of entries) io.stdout.write(`#${e.seq} ${e.at} ${e.action} ${JSON.stringify(e.details)}\n`);
      io.stdout.write(
        verdict.chain === 'intact'
          ? `chain intact (${verdict.entries} entries)\n`
          : `chain BROKEN at entry #${verdict.firstBroken.seq}: ${verdict.firstBroken.reason}\n`,
      );
    }
    return values.verify && verdict.chain === 'broken' ? 1 : 0;
  });
}

export async function demoCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(argv, { workspace: { type: 'string' }, events: { type: 'string' }, seed: { type: 'string' }, json: { type: 'boolean' } });
  if (positionals.length) throw new UsageError(`unexpected argument ${positionals[0]}`);
  const workspace = requireString(values, 'workspace');
  const events = positiveInt(values, 'events', 100_000) ?? 100_000;
  const seed = positiveInt(values, 'seed', DEMO_DEFAULTS.seed) ?? DEMO_DEFAULTS.seed;
  const passphrase = await readPassphrase({ confirm: false });
  const client = await newClient();
  try {
    const opened = await client.call('engagement.open', { folder: workspace, passphrase });
    if (!opened.ok) {
      if (opened.error.code !== 'NOT_AN_ENGAGEMENT') throw new AppError(opened.error.code, opened.error.message);
      await call(client, 'engagement.create', {
        folder: workspace,
        name: 'Demo tenant (synthetic)',
        periodFrom: DEMO_DEFAULTS.from,
        periodTo: DEMO_DEFAULTS.to,
        timeZone: 'Europe/Berlin',
        passphrase,
        remember: false,
      });
    }
    const job = unwrap(await client.internal('demo.generate', { events, seed }));
    const finished = await followJob(client, job, io);
    if (finished.status !== 'COMPLETED') throw new AppError(finished.error?.code ?? 'INTERNAL', finished.error?.message ?? 'demo generation did not complete');
    const summary = await call(client, 'engagement.current', {});
    if (values.json) printJson(io, { engagement: summary, result: finished.result });
    else io.stdout.write(`Demo engagement in ${summary?.folder}: ${summary?.eventCount} events (seed ${seed}). Try: auditor stats --workspace ${workspace} --json\n`);
  } finally {
    await client.close();
  }
  return 0;
}
