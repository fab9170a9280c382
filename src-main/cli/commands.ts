/** The CLI's commands: each opens the engagement through the same engine as the app. */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { AppError, type Result } from '../../src-shared/errors';
import type { Channel, RequestOf, ResponseOf } from '../../src-shared/contract';
import { isFinished, type Job } from '../../src-shared/jobs';
import { fileOutcome, IMPORT_FORMATS, type FileImportResult, type ImportFormat, type ImportResult } from '../../src-shared/imports';
import { parseProfileFile } from '../engine/ingest/families/mappingProfile';
import { readFile } from 'node:fs/promises';
import { EXPORT_FORMATS, exportResultSchema, sortOrderSchema, type ExportFormat, type SortOrder } from '../../src-shared/query';
import { textDocument, type ExportMeta, type TextFormat } from '../engine/export/eventFormats';
import { eventPages } from '../engine/export/eventPages';
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

async function withEngagement<T>(workspace: string, io: Io, work: (client: Client) => Promise<T>): Promise<T> {
  const passphrase = await readPassphrase({ confirm: false });
  const client = await newClient();
  try {
    await call(client, 'engagement.open', { folder: workspace, passphrase });
    await finishRepair(client, io);
    return await work(client);
  } finally {
    await client.close();
  }
}

/**
 * After a crash the engine repairs the engagement's indexes in a job once it is open. A command
 * waits for it: closing would cancel it, and reads are quicker with the indexes in place.
 */
async function finishRepair(client: Client, io: Io): Promise<void> {
  const repair = (await call(client, 'jobs.list', {})).jobs.find((job) => job.kind === 'indexes' && !isFinished(job.status));
  if (!repair) return;
  io.stderr.write('An import was interrupted: bringing the browse and search indexes up to date first.\n');
  const done = await followJob(client, repair, io);
  if (done.status !== 'COMPLETED') throw new AppError(done.error?.code ?? 'INTERNAL', `the index repair did not complete: ${done.error?.message ?? done.status}`);
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
  withEngagement: <T>(workspace: string, work: (client: Client) => Promise<T>) => Promise<T>;
  printJson: (value: unknown) => void;
  follow: (client: Client, job: Job) => Promise<Job>;
}

export function commandContext(io: Io): CommandContext {
  return { io, call, withEngagement: (workspace, work) => withEngagement(workspace, io, work), printJson: (value) => printJson(io, value), follow: (client, job) => followJob(client, job, io) };
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
  return withEngagement(workspace, io, async (client) => {
    if (profile) await call(client, 'profiles.save', { profile });
    const files = positionals.map((p) => ({ path: resolve(p), format, ...(platform ? { platform } : {}), ...(profile ? { profile: profile.name } : {}) }));
    const job = await call(client, 'import.start', { files });
    const finished = await followJob(client, job, io);
    if (finished.status === 'FAILED') throw new AppError(finished.error?.code ?? 'INTERNAL', finished.error?.message ?? 'the import failed');
    const result = finished.result as ImportResult;
    if (values.json) {
      printJson(io, result);
    } else {
      for (const f of result.files) for (const line of importedFileLines(f, workspace)) io.stdout.write(`${line}\n`);
      io.stdout.write(`imported ${result.imported}, duplicates ${result.duplicates}, rejected ${result.rejected}\n`);
    }
    // A file read part-way counts too: what it held after the failure is missing.
    const unreadable = result.files.filter((f) => f.failure);
    if (unreadable[0]) {
      const partly = unreadable.some((f) => fileOutcome(f) === 'stopped') ? ' to the end' : '';
      io.stderr.write(`auditor: ${unreadable.length} file(s) could not be read${partly}: ${printable(unreadable[0].failure ?? '')}\n`);
      return 1;
    }
    return 0;
  });
}

/**
 * What `auditor import` prints for one file: its counts, or why it was not imported, or — for a
 * file that failed part-way — why, and what was kept from it; then its first rejections.
 */
export function importedFileLines(f: FileImportResult, workspace: string): string[] {
  const counts = `${f.format}, read ${f.read}, imported ${f.imported}, duplicates ${f.duplicates}, rejected ${f.rejected}`;
  const path = printable(f.path);
  const outcome = fileOutcome(f);
  const failure = printable(f.failure ?? '');
  const lines =
    outcome === 'not-imported'
      ? [`${path}: not imported — ${failure}`]
      : outcome === 'stopped'
        ? [`${path}: stopped part-way — ${failure}`, `  ${counts} (kept)`]
        : [`${path}: ${counts}, sha256 ${f.sha256}`];
  const shown = f.errors.slice(0, SHOWN_REJECTIONS);
  for (const e of shown) lines.push(`  ${e.part ? `${printable(e.part)} ` : ''}line ${e.line}: ${printable(e.reason)}`);
  if (f.rejected > shown.length && f.importId !== null) {
    lines.push(`  … and ${f.rejected - shown.length} more: auditor quarantine --workspace ${shellWord(workspace)} --import ${f.importId}`);
  }
  return lines;
}

const SHOWN_REJECTIONS = 10;
const QUARANTINE_PAGE = 1000;

/**
 * Text from an export (a reason quoting a record, a zip entry's name) as a terminal shows it
 * safely: control characters, which a hostile file could use to move the cursor or rewrite
 * what was printed, are written as \u escapes.
 */
export function printable(text: string): string {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A command-line word as a POSIX shell reads it back. */
function shellWord(word: string): string {
  return /^[\w./:@%+=,-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * Lists quarantined records: every rejection of one import (`--import ID`) or of every import,
 * in the order they were read, with file, part, line, reason and the start of the record.
 * `--json` prints one JSON object per line.
 */
export async function quarantineCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(argv, { workspace: { type: 'string' }, import: { type: 'string' }, json: { type: 'boolean' } });
  if (positionals.length) throw new UsageError(`unexpected argument ${positionals[0]}`);
  const workspace = requireString(values, 'workspace');
  const only = positiveInt(values, 'import', null);
  return withEngagement(workspace, io, async (client) => {
    const { imports } = await call(client, 'imports.list', {});
    const chosen = imports.filter((i) => (only === null ? i.rejected > 0 : i.id === only)).sort((a, b) => a.id - b.id);
    if (only !== null && chosen.length === 0) throw new AppError('NOT_FOUND', `no import #${only} in this engagement (auditor activity lists them)`);
    for (const record of chosen) {
      for (let offset = 0; ; offset += QUARANTINE_PAGE) {
        const page = await call(client, 'imports.quarantine', { importId: record.id, offset, limit: QUARANTINE_PAGE });
        for (const item of page.items) {
          io.stdout.write(
            values.json
              ? `${JSON.stringify({ importId: record.id, file: record.path, part: item.part, line: item.line, reason: item.reason, excerpt: item.excerpt })}\n`
              : `#${record.id} ${printable(record.fileName)}${item.part !== null ? ` ${printable(item.part)}` : ''} line ${item.line}: ${printable(item.reason)}${item.excerpt ? `\n  ${JSON.stringify(item.excerpt)}` : ''}\n`,
          );
        }
        if (page.items.length < QUARANTINE_PAGE) break;
      }
    }
    return 0;
  });
}

export async function statsCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(argv, { workspace: { type: 'string' }, json: { type: 'boolean' }, ...FILTER_OPTIONS });
  if (positionals.length) throw new UsageError(`unexpected argument ${positionals[0]}`);
  const workspace = requireString(values, 'workspace');
  const filter = filterFrom(values);
  return withEngagement(workspace, io, async (client) => {
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

function isExportFormat(value: string): value is ExportFormat {
  return (EXPORT_FORMATS as readonly string[]).includes(value);
}

function isSortOrder(value: string): value is SortOrder {
  return (sortOrderSchema.options as readonly string[]).includes(value);
}

/** With --out: the engine's export job — the app's own code path, recorded in the activity log. */
async function exportToFile(client: Client, io: Io, request: RequestOf<'export.start'>, asJson: boolean): Promise<number> {
  const job = await call(client, 'export.start', request);
  const finished = await followJob(client, job, io);
  if (finished.status !== 'COMPLETED') throw new AppError(finished.error?.code ?? 'INTERNAL', finished.error?.message ?? 'the export did not complete');
  const result = exportResultSchema.parse(finished.result);
  if (asJson) {
    printJson(io, result);
  } else {
    io.stdout.write(`exported ${result.rows} rows to ${result.path} (${result.format}, ${result.bytes} bytes, sha256 ${result.sha256})\n`);
    for (const note of result.notes) io.stdout.write(`  ${note}\n`);
  }
  return 0;
}

/** Without --out: the same text document as an exported file, page by page, on standard output. */
async function printEvents(client: Client, io: Io, format: TextFormat, meta: ExportMeta, limit: number | undefined): Promise<number> {
  const document = textDocument(format, meta);
  await write(io.stdout, document.head);
  let count = 0;
  for await (const page of eventPages((want, after) => call(client, 'events.page', { filter: meta.filter, order: meta.order, limit: want, after }), limit)) {
    let text = '';
    for (const row of page) text += document.row(row, count++);
    await write(io.stdout, text);
  }
  await write(io.stdout, document.tail(count));
  return 0;
}

export async function queryCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(argv, {
    workspace: { type: 'string' },
    format: { type: 'string' },
    order: { type: 'string' },
    limit: { type: 'string' },
    out: { type: 'string' },
    json: { type: 'boolean' },
    ...FILTER_OPTIONS,
  });
  if (positionals.length) throw new UsageError(`unexpected argument ${positionals[0]}`);
  const workspace = requireString(values, 'workspace');
  const format = typeof values.format === 'string' ? values.format : 'ndjson';
  if (!isExportFormat(format)) throw new UsageError(`--format ${format}: expected one of ${EXPORT_FORMATS.join(', ')}`);
  const order = typeof values.order === 'string' ? values.order : 'desc';
  if (!isSortOrder(order)) throw new UsageError(`--order ${order}: expected asc or desc`);
  const limit = positiveInt(values, 'limit', null) ?? undefined;
  const filter = filterFrom(values);
  if (typeof values.out === 'string') {
    const request: RequestOf<'export.start'> = { filter, order, format, path: resolve(values.out), ...(limit === undefined ? {} : { limit }) };
    return withEngagement(workspace, io, (client) => exportToFile(client, io, request, values.json === true));
  }
  if (format === 'xlsx') throw new UsageError('--format xlsx writes a workbook: name it with --out FILE');
  if (values.json) throw new UsageError('--json describes the file --out writes; without --out the events themselves are printed');
  const meta: ExportMeta = { exportedAt: new Date().toISOString(), filter, order };
  return withEngagement(workspace, io, (client) => printEvents(client, io, format, meta, limit));
}

export async function activityCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(argv, { workspace: { type: 'string' }, verify: { type: 'boolean' }, json: { type: 'boolean' } });
  if (positionals.length) throw new UsageError(`unexpected argument ${positionals[0]}`);
  const workspace = requireString(values, 'workspace');
  return withEngagement(workspace, io, async (client) => {
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
    if (opened.ok) await finishRepair(client, io);
    else {
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
