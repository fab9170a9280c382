import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { EventFilter, EventPage, ExportResult, ExportStartRequest, PageCursor, SortOrder } from '../../src-shared/query';
import { exportResultSchema } from '../../src-shared/query';
import type { EventRow } from '../../src-shared/event';
import { createInProcessEngine } from '../../src-main/engine/inProcessEngine';
import { EVENT_COLUMNS } from '../../src-main/engine/export/eventFormats';
import { runExportJob, startExportJob } from '../../src-main/engine/export/exportJob';
import { runImportJob } from '../../src-main/engine/ingest/importJob';
import { JobRunner, type JobControl } from '../../src-main/engine/jobs/jobRunner';
import { NEW_DB_CIPHER, openEncryptedDatabase, type Db } from '../../src-main/engine/store/database';
import { migrate } from '../../src-main/engine/store/migrate';
import { corpusNdjson, INJECTION_CORPUS } from '../support/exportCorpus';
import { fileExportNdjson, fileExportRecord } from '../support/fileExportLines';
import { tempDir } from '../support/tempDir';
import { zipEntryTexts } from '../support/zipEntryText';
import { cleanupsAfterEach, value } from '../support/engineTests';

const PASS = 'export test passphrase';
const XLSX_COLUMNS = ['time_utc', ...EVENT_COLUMNS];
const cleanups = cleanupsAfterEach();


function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** What an XML reader sees of a text: line ends normalised to LF (XML 1.0, §2.11). */
function asXmlReads(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

/** An engagement holding the injection corpus (plus `extra` ordinary events), through the engine. */
async function engagementWithCorpus(extra = 0) {
  const dir = tempDir('aw-export-');
  const client = createInProcessEngine({ stateDir: null, engagementsRoot: dir.path, transport: 'test' });
  cleanups.push(dir.cleanup, () => client.close());
  value(await client.call('engagement.create', { folder: join(dir.path, 'eng'), name: 'Export', periodFrom: '2026-01-01', periodTo: '2026-03-31', timeZone: 'UTC', passphrase: PASS }));
  const file = join(dir.path, 'corpus.ndjson');
  writeFileSync(file, corpusNdjson(extra));
  const imported = await client.engine.waitForJob(value(await client.call('import.start', { paths: [file] })).id);
  expect(imported.status).toBe('COMPLETED');
  const out = join(dir.path, 'out');
  mkdirSync(out);
  return { client, out };
}
type Client = Awaited<ReturnType<typeof engagementWithCorpus>>['client'];

async function exportWith(client: Client, request: ExportStartRequest): Promise<ExportResult> {
  const job = await client.engine.waitForJob(value(await client.call('export.start', request)).id);
  expect(job.status, JSON.stringify(job.error)).toBe('COMPLETED');
  expect(job.kind).toBe('export');
  expect(job.progress).toMatchObject({ unit: 'rows', done: job.progress.total });
  return exportResultSchema.parse(job.result);
}

async function pagedRows(client: Client, filter: EventFilter = {}, order: SortOrder = 'desc'): Promise<EventRow[]> {
  const rows: EventRow[] = [];
  let after: PageCursor | null = null;
  for (;;) {
    const page: EventPage = value(await client.call('events.page', { filter, order, limit: 1000, after }));
    rows.push(...page.rows);
    if (!page.next) return rows;
    after = page.next;
  }
}

/** The corpus text each imported event carries, by event id. */
function corpusByEventId(): Map<string, (typeof INJECTION_CORPUS)[number]> {
  return new Map(INJECTION_CORPUS.map((entry, i) => [fileExportRecord(i, { count: 0 }).id as string, entry]));
}

describe('export through the engine', () => {
  it('writes CSV with a BOM, the rows of the filter in order, and every formula-like cell neutralised', async () => {
    const { client, out } = await engagementWithCorpus();
    const path = join(out, 'events.csv');
    const result = await exportWith(client, { format: 'csv', path });
    expect(result).toMatchObject({ path, format: 'csv', rows: INJECTION_CORPUS.length, sheets: 0, notes: [] });
    const text = readFileSync(path, 'utf8');
    expect(text.startsWith('\uFEFFoccurred_at,')).toBe(true);
    const [header, ...records] = parse(text.slice(1)) as string[][];
    expect(header).toEqual([...EVENT_COLUMNS]);
    const column = (name: (typeof EVENT_COLUMNS)[number]) => EVENT_COLUMNS.indexOf(name);
    expect(records.map((r) => r[column('uid')])).toEqual((await pagedRows(client)).map((e) => e.uid));
    const corpus = corpusByEventId();
    for (const record of records) {
      const entry = corpus.get(record[column('event_id')] ?? '');
      expect(entry).toBeDefined();
      const expected = entry?.formula ? `'${entry.text}` : entry?.text;
      for (const name of ['actor_name', 'target_name', 'description'] as const) expect(record[column(name)], `${name} of ${JSON.stringify(entry?.text)}`).toBe(expected);
    }
  });

  it('writes XLSX whose cells are typed text, never a formula, with a UTC date column and a frozen, filterable header', async () => {
    const { client, out } = await engagementWithCorpus();
    const path = join(out, 'events.xlsx');
    const result = await exportWith(client, { format: 'xlsx', path });
    expect(result).toMatchObject({ rows: INJECTION_CORPUS.length, sheets: 1, notes: [] });

    const parts = await zipEntryTexts(path);
    const sheetXml = parts.get('xl/worksheets/sheet1.xml') ?? '';
    for (const [name, xml] of parts) expect(xml, name).not.toMatch(/<f[\s>/]/);
    expect(parts.has('xl/sharedStrings.xml')).toBe(false);
    const cellTypes = new Set([...sheetXml.matchAll(/<c\b[^>]*>/g)].map(([tag]) => /\bt="([^"]*)"/.exec(tag)?.[1] ?? 'number'));
    expect([...cellTypes].sort()).toEqual(['number', 'str']);
    expect(sheetXml).toMatch(/<pane [^>]*ySplit="1"[^>]*state="frozen"/);
    expect(sheetXml).toContain(`<autoFilter ref="A1:V${INJECTION_CORPUS.length + 1}"/>`);

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(path);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['Events']);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getRow(1).values).toEqual([undefined, ...XLSX_COLUMNS]);
    expect(sheet.rowCount).toBe(INJECTION_CORPUS.length + 1);
    const corpus = corpusByEventId();
    const col = (name: string) => XLSX_COLUMNS.indexOf(name) + 1;
    for (let r = 2; r <= sheet.rowCount; r += 1) {
      const row = sheet.getRow(r);
      const occurredAt = String(row.getCell(col('occurred_at')).value);
      expect(occurredAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
      const time = row.getCell(col('time_utc'));
      expect(time.type).toBe(ExcelJS.ValueType.Date);
      expect((time.value as Date).toISOString()).toBe(`${occurredAt.slice(0, 23)}Z`);
      expect(time.numFmt).toBe('yyyy-mm-dd hh:mm:ss.000');
      const entry = corpus.get(String(row.getCell(col('event_id')).value));
      for (const name of ['actor_name', 'target_name', 'description']) {
        const cell = row.getCell(col(name));
        expect(cell.type, `${name} of ${JSON.stringify(entry?.text)}`).toBe(ExcelJS.ValueType.String);
        expect(cell.value).toBe(asXmlReads(entry?.text ?? ''));
      }
    }
  });

  it('writes JSON and NDJSON that parse back to exactly the rows of the filter', async () => {
    const { client, out } = await engagementWithCorpus(30);
    const filter: EventFilter = { outcomes: ['failure'] };
    const expected = await pagedRows(client, filter);
    expect(expected.length).toBeGreaterThan(5);

    const jsonPath = join(out, 'failures.json');
    expect(await exportWith(client, { format: 'json', path: jsonPath, filter })).toMatchObject({ rows: expected.length, sheets: 0 });
    const document = JSON.parse(readFileSync(jsonPath, 'utf8'));
    expect(Object.keys(document)).toEqual(['exported_at', 'filters', 'order', 'entries', 'count']);
    expect(document).toMatchObject({ filters: filter, order: 'desc', count: expected.length });
    expect(document.entries).toEqual(expected);

    const ndjsonPath = join(out, 'failures.ndjson');
    expect(await exportWith(client, { format: 'ndjson', path: ndjsonPath, filter })).toMatchObject({ rows: expected.length });
    const lines = readFileSync(ndjsonPath, 'utf8').split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.map((line) => JSON.parse(line))).toEqual(expected);
  });

  it('exports in the order asked for, up to the limit', async () => {
    const { client, out } = await engagementWithCorpus(30);
    const path = join(out, 'oldest.ndjson');
    expect(await exportWith(client, { format: 'ndjson', path, order: 'asc', limit: 7 })).toMatchObject({ rows: 7 });
    const rows = readFileSync(path, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as EventRow);
    const times = rows.map((e) => e.occurredAt);
    expect(times).toEqual([...times].sort());
    expect(times[0]).toBe((await pagedRows(client, {}, 'desc')).at(-1)?.occurredAt);
    expect(rows.map((e) => e.uid)).toEqual((await pagedRows(client, {}, 'asc')).slice(0, 7).map((e) => e.uid));
  });

  it('writes a valid file with its header when no event matches', async () => {
    const { client, out } = await engagementWithCorpus();
    const filter: EventFilter = { from: '2030-01-01' };
    const xlsx = await exportWith(client, { format: 'xlsx', path: join(out, 'none.xlsx'), filter });
    expect(xlsx).toMatchObject({ rows: 0, sheets: 1, notes: [] });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(join(out, 'none.xlsx'));
    expect(workbook.worksheets[0]?.rowCount).toBe(1);
    await exportWith(client, { format: 'json', path: join(out, 'none.json'), filter });
    expect(JSON.parse(readFileSync(join(out, 'none.json'), 'utf8'))).toMatchObject({ entries: [], count: 0 });
    await exportWith(client, { format: 'csv', path: join(out, 'none.csv'), filter });
    expect(readFileSync(join(out, 'none.csv'), 'utf8')).toBe(`\uFEFF${EVENT_COLUMNS.join(',')}\r\n`);
  });

  it('records the export in the activity log with the SHA-256 and size of the file it wrote', async () => {
    const { client, out } = await engagementWithCorpus();
    const path = join(out, 'auth.csv');
    const filter: EventFilter = { categories: ['AUTH'] };
    const result = await exportWith(client, { format: 'csv', path, filter, order: 'asc' });
    expect(result.sha256).toBe(sha256(path));
    expect(result.bytes).toBe(statSync(path).size);
    const { entries } = value(await client.call('activity.list', {}));
    expect(entries.at(-1)).toMatchObject({
      action: 'events.exported',
      details: { format: 'csv', filters: filter, order: 'asc', rows: result.rows, sheets: 0, path, sha256: sha256(path), bytes: statSync(path).size },
    });
    expect(value(await client.call('activity.verify', {}))).toMatchObject({ chain: 'intact' });
  });

  it('refuses a path that exists, naming it, and leaves that file as it was', async () => {
    const { client, out } = await engagementWithCorpus();
    const path = join(out, 'mine.csv');
    writeFileSync(path, 'the auditor’s own notes');
    const refused = await client.call('export.start', { format: 'csv', path });
    expect(refused).toEqual({ ok: false, error: { code: 'IO_ERROR', message: expect.stringContaining(path) } });
    expect(readFileSync(path, 'utf8')).toBe('the auditor’s own notes');
    const relative = await client.call('export.start', { format: 'csv', path: 'relative.csv' });
    expect(relative.ok ? 'ok' : relative.error.code).toBe('BAD_REQUEST');
    expect(readdirSync(out)).toEqual(['mine.csv']);
  });

  it('ends a cancelled export CANCELLED, with no file left behind and nothing recorded', async () => {
    const { client, out } = await engagementWithCorpus(3000);
    const path = join(out, 'all.xlsx');
    const started = value(await client.call('export.start', { format: 'xlsx', path }));
    value(await client.call('jobs.cancel', { id: started.id }));
    const job = await client.engine.waitForJob(started.id);
    expect(job.status).toBe('CANCELLED');
    expect(job.error?.code).toBe('CANCELLED');
    expect(readdirSync(out)).toEqual([]);
    const { entries } = value(await client.call('activity.list', {}));
    expect(entries.map((e) => e.action)).not.toContain('events.exported');
  });
});

/** A bare engagement database (no engine) with the given NDJSON imported, for the job's own options. */
async function databaseWith(ndjson: string): Promise<{ db: Db; runner: JobRunner; out: string }> {
  const dir = tempDir('aw-export-job-');
  const db = openEncryptedDatabase(join(dir.path, 'engagement.db'), randomBytes(32), { create: true, cipher: NEW_DB_CIPHER });
  migrate(db);
  cleanups.push(dir.cleanup, () => {
    db.close();
  });
  const file = join(dir.path, 'in.ndjson');
  writeFileSync(file, ndjson);
  const runner = new JobRunner(() => {});
  const job = runner.start('import', 'import', (control) => runImportJob({ db, folder: dir.path, dataKey: randomBytes(32), ingestWorkerPath: null, indexWorkerPath: null }, [{ path: file, format: 'auto' }], control));
  expect((await runner.wait(job.id)).status).toBe('COMPLETED');
  const out = join(dir.path, 'out');
  mkdirSync(out);
  return { db, runner, out };
}

describe('the export job', () => {
  it('continues past the rows of a sheet on further sheets, each with its header, and says so', async () => {
    const { db, runner, out } = await databaseWith(fileExportNdjson({ count: 12 }));
    const path = join(out, 'rollover.xlsx');
    const job = await runner.wait((await startExportJob(db, runner, { filter: {}, order: 'asc', format: 'xlsx', path }, { xlsxRowsPerSheet: 5 })).id);
    expect(job.status, JSON.stringify(job.error)).toBe('COMPLETED');
    const result = exportResultSchema.parse(job.result);
    expect(result).toMatchObject({ rows: 12, sheets: 3 });
    expect(result.notes).toEqual([expect.stringMatching(/12 rows .* over 3 sheets, Events to Events \(3\), each with the header/)]);

    const parts = await zipEntryTexts(path);
    expect([1, 2, 3].map((n) => parts.get(`xl/worksheets/sheet${n}.xml`)?.match(/<autoFilter ref="([^"]+)"/)?.[1])).toEqual(['A1:V6', 'A1:V6', 'A1:V3']);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(path);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['Events', 'Events (2)', 'Events (3)']);
    const idColumn = XLSX_COLUMNS.indexOf('event_id') + 1;
    const ids: string[] = [];
    for (const sheet of workbook.worksheets) {
      expect(sheet.getRow(1).values).toEqual([undefined, ...XLSX_COLUMNS]);
      expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      for (let r = 2; r <= sheet.rowCount; r += 1) ids.push(String(sheet.getRow(r).getCell(idColumn).value));
    }
    expect(workbook.worksheets.map((w) => w.rowCount)).toEqual([6, 6, 3]);
    // Oldest first, as asked: the fixture's events are one minute apart in id order.
    expect(ids).toEqual(Array.from({ length: 12 }, (_, i) => fileExportRecord(i, { count: 0 }).id));
  });

  it('deletes its partial file when cancelled in the middle', async () => {
    const { db, out } = await databaseWith(fileExportNdjson({ count: 2500 }));
    const abort = new AbortController();
    const written: number[] = [];
    const control: JobControl = {
      signal: abort.signal,
      progress: (update) => {
        if (update.done === undefined || update.done === 0) return;
        written.push(update.done);
        // Cancel once the first page is in the file: the job is then mid-way.
        expect(readdirSync(out)).toEqual([expect.stringMatching(/^\.half\.csv\.[0-9a-f]+\.part$/)]);
        abort.abort();
      },
    };
    await expect(runExportJob(db, { filter: {}, order: 'desc', format: 'csv', path: join(out, 'half.csv') }, control)).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(written).toEqual([1000]);
    expect(readdirSync(out)).toEqual([]);
  });

  it('cuts what an XLSX cell cannot hold and says so, where CSV keeps it whole', async () => {
    const long = 'x'.repeat(40_000);
    const record = { ...fileExportRecord(0, { count: 0 }), description: long, target: { kind: 'document', id: 'doc_0', label: 'bell\u0007ring' } };
    const { db, runner, out } = await databaseWith(`${JSON.stringify(record)}\n`);
    const run = async (format: 'csv' | 'xlsx') => {
      const job = await runner.wait((await startExportJob(db, runner, { filter: {}, order: 'desc', format, path: join(out, `long.${format}`) })).id);
      return exportResultSchema.parse(job.result);
    };
    const xlsx = await run('xlsx');
    expect(xlsx.notes).toEqual([expect.stringMatching(/^1 cells were longer than Excel's 32,767 characters/), expect.stringMatching(/^1 cells held control characters/)]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(join(out, 'long.xlsx'));
    const row = workbook.worksheets[0]!.getRow(2);
    expect(row.getCell(XLSX_COLUMNS.indexOf('description') + 1).value).toBe(long.slice(0, 32_767));
    expect(row.getCell(XLSX_COLUMNS.indexOf('target_name') + 1).value).toBe('bellring');
    expect((await run('csv')).notes).toEqual([]);
    const [, csvRow] = parse(readFileSync(join(out, 'long.csv'), 'utf8').slice(1)) as string[][];
    expect(csvRow?.[EVENT_COLUMNS.indexOf('description')]).toBe(long);
    expect(csvRow?.[EVENT_COLUMNS.indexOf('target_name')]).toBe('bell\u0007ring');
  });
});
