/**
 * The import job, writer side (engine thread). Each file is parsed and mapped by an ingest
 * run on the other core while this side stores the ready-made rows: every batch is one
 * transaction holding its events, raw blocks, roster rows, quarantined records and the
 * import's counters, so whatever stops the job (cancel, crash, a bad file) the engagement
 * states exactly what was stored. A large import drops the secondary indexes first and
 * rebuilds them in bulk at the end; the batch writer counts each batch into the dashboard
 * rollups and the search index follows each batch from its watermark (while the parser works
 * on the next batch), so the end of the import only builds indexes.
 */
import { basename, join, resolve } from 'node:path';
import { stat } from 'node:fs/promises';
import type { FileImportResult, ImportFormat, ImportResult, Rejection as ReportedRejection } from '../../../src-shared/imports';
import { AppError } from '../../../src-shared/errors';
import { appendActivity } from '../activity/activityLog';
import type { JobControl } from '../jobs/jobRunner';
import { switchToRollbackJournal, useBulkCache, type Db } from '../store/database';
import { dropSecondaryIndexes, refreshSearchIndex } from '../store/eventIndexes';
import { ORIGINALS_DIR } from '../store/originals';
import { refreshRollups } from '../store/rollups';
import { catchUpDerivedState } from '../workspace/repairIndexes';
import { createBatchWriter } from './batchWriter';
import { ingestParsers, type IngestParsers } from './pipeline/ingestChannel';
import type { IngestRequest } from './pipeline/ingestProtocol';
import type { TextFormat } from './readers/readItem';

const REPORTED_REJECTIONS = 100;
/** Below this many expected new events, keeping indexes live is cheaper than rebuilding them. */
const BULK_MIN_EVENTS = 100_000;
/** A rough bytes-per-record of audit exports, to estimate a job's size before reading it. */
const BYTES_PER_RECORD = 400;

export interface FileToImport {
  path: string;
  format: ImportFormat;
  platform?: string;
  /** a parsed mapping profile */
  profile?: unknown;
}

export interface ImportContext {
  db: Db;
  folder: string;
  dataKey: Buffer;
  ingestWorkerPath: string | null;
  /** the index build helper's bundle (store/indexHelper.ts); null: the build stays in this thread */
  indexWorkerPath: string | null;
}

interface FileOutcome {
  result: FileImportResult;
  cancelled: boolean;
}

async function importOne(
  ctx: ImportContext,
  parsers: IngestParsers,
  file: FileToImport,
  control: JobControl,
  progress: { bytesBefore: number; totalBytes: number; recordsBefore: number },
): Promise<FileOutcome> {
  const { db } = ctx;
  const path = resolve(file.path);
  const name = basename(path);
  let size = 0;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new Error('not a file');
    size = info.size;
  } catch (error) {
    const reason = `cannot read ${path}: ${(error as Error).message}`;
    db.transaction(() => appendActivity(db, 'import.failed', { file: name, path, reason }))();
    return { cancelled: false, result: emptyResult(path, reason) };
  }
  const importId = Number(
    db
      .prepare('INSERT INTO imports (file_name, file_path, size, status, started_at) VALUES (?, ?, ?, ?, ?)')
      .run(name, path, size, 'RUNNING', new Date().toISOString()).lastInsertRowid,
  );
  // Each batch goes back to the parser with the ack, to be packed again (packedRows.ts: flat memory).
  const writeBatch = createBatchWriter(db, { handBack: true });
  const request: IngestRequest = {
    path,
    originalsDir: join(ctx.folder, ORIGINALS_DIR),
    dataKey: ctx.dataKey,
    ...(file.format !== 'auto' ? { format: file.format as TextFormat } : {}),
    ...(file.platform ? { platform: file.platform } : {}),
    ...(file.profile !== undefined ? { profile: file.profile } : {}),
  };
  const channel = await parsers.start(request);
  const totals = { read: 0, imported: 0, duplicates: 0, rejected: 0, unzoned: 0, credentials: 0 };
  const errors: ReportedRejection[] = [];
  const parts: FileImportResult['parts'] = [];
  let cancelRequested = false;
  let final: { status: 'COMPLETED' | 'FAILED' | 'CANCELLED'; sha256: string | null; original: string | null; failure: string | null } = {
    status: 'FAILED',
    sha256: null,
    original: null,
    failure: 'the parser ended without a result',
  };
  let storeError: unknown = null;
  const onAbort = () => {
    cancelRequested = true;
    channel.cancel();
  };
  control.signal.addEventListener('abort', onAbort, { once: true });
  if (control.signal.aborted) onAbort();
  try {
    for await (const message of channel.messages) {
      if (message.type === 'part') {
        parts.push({ part: message.part, format: message.format, platform: message.platformName });
      } else if (message.type === 'batch') {
        // One commit per batch: its events, then (the parser already has its buffer back and is
        // on the next batch) its search entries while its pages are cached, instead of
        // rereading every event at the end. The writer counted the batch into the rollups; they
        // only have events to catch up on here when they lagged behind before it. A separate
        // commit for the search entries cost a second synced commit per batch (1 M events:
        // 60.8 and 64.6 s against 66.0 and 66.4 s, alternated; 8 % less CPU).
        const stored = db.transaction(() => {
          const written = writeBatch(importId, message.batch);
          channel.ack(message.batch);
          refreshSearchIndex(db);
          refreshRollups(db);
          return written;
        })();
        totals.read += message.batch.read;
        totals.imported += stored.imported;
        totals.duplicates += stored.duplicates;
        totals.credentials += stored.credentials;
        totals.rejected += message.batch.rejections.length;
        totals.unzoned += message.batch.unzoned;
        for (const r of message.batch.rejections) if (errors.length < REPORTED_REJECTIONS) errors.push({ part: r.part, line: r.line, reason: r.reason });
        control.progress({ done: progress.bytesBefore + message.batch.bytesSoFar, events: progress.recordsBefore + totals.read });
        // Let queued requests (the UI's pages, a cancel) run between batches.
        await new Promise((r) => setImmediate(r));
      } else if (message.type === 'done') {
        final = { status: 'COMPLETED', sha256: message.sha256, original: message.original, failure: null };
      } else if (message.type === 'cancelled') {
        final = { status: 'CANCELLED', sha256: null, original: null, failure: null };
      } else {
        final = { status: cancelRequested ? 'CANCELLED' : 'FAILED', sha256: null, original: null, failure: cancelRequested ? null : message.message };
      }
    }
  } catch (error) {
    // Storing failed (the disk, the database): the batch's transaction left nothing of it
    // behind, and the import is recorded as failed with the reason before the job fails.
    storeError = error;
    final = { status: 'FAILED', sha256: null, original: null, failure: `storing failed: ${(error as Error).message}` };
  } finally {
    control.signal.removeEventListener('abort', onAbort);
  }
  const formats = JSON.stringify(parts);
  db.transaction(() => {
    db.prepare('UPDATE imports SET status = ?, finished_at = ?, sha256 = ?, original = ?, formats = ? WHERE id = ?').run(
      final.status,
      new Date().toISOString(),
      final.sha256,
      final.original,
      formats,
      importId,
    );
    const action = final.status === 'COMPLETED' ? 'import.completed' : final.status === 'CANCELLED' ? 'import.cancelled' : 'import.failed';
    appendActivity(db, action, {
      importId,
      file: name,
      path,
      size,
      sha256: final.sha256,
      parts,
      ...totals,
      ...(final.failure ? { failure: final.failure } : {}),
    });
  })();
  if (storeError !== null) throw storeError;
  const platforms = [...new Set(parts.map((p) => p.platform).filter((p): p is string => p !== null))];
  return {
    cancelled: final.status === 'CANCELLED',
    result: {
      path,
      format: [...new Set(parts.map((p) => p.format))].join(', ') || 'unknown',
      platform: platforms.join(', ') || 'unknown',
      sha256: final.sha256 ?? '',
      size,
      ...totals,
      parts,
      importId,
      errors,
      failure: final.failure,
    },
  };
}

function emptyResult(path: string, failure: string): FileImportResult {
  return {
    path,
    format: 'unknown',
    platform: 'unknown',
    sha256: '',
    size: 0,
    read: 0,
    imported: 0,
    duplicates: 0,
    rejected: 0,
    unzoned: 0,
    credentials: 0,
    parts: [],
    importId: null,
    errors: [],
    failure,
  };
}

export async function runImportJob(ctx: ImportContext, files: FileToImport[], control: JobControl): Promise<ImportResult> {
  const { db } = ctx;
  // Cancelled while it waited for the job before it: nothing to undo, nothing was started.
  if (control.signal.aborted) return { files: [], imported: 0, duplicates: 0, rejected: 0 };
  const sizes = await Promise.all(files.map((f) => stat(f.path).then((s) => (s.isFile() ? s.size : 0), () => 0)));
  const totalBytes = sizes.reduce((a, b) => a + b, 0);
  const existing = (db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;
  const expected = totalBytes / BYTES_PER_RECORD;
  const bulk = expected >= BULK_MIN_EVENTS && expected > existing;
  // A bulk import builds the browse indexes after the last batch: the time left is the phase's.
  control.progress({ phase: 'import', done: 0, total: totalBytes, unit: 'bytes', next: bulk ? 'indexing' : null });
  // A bulk import writes each page once, through a rollback journal (switchToRollbackJournal); a
  // smaller one stays in WAL mode, where checkpoints every 1,000 pages would write each page
  // twice: the WAL grows to ~2 GiB between checkpoints instead. The cache is cut to 16 MiB
  // (useBulkCache).
  const autoCheckpoint = Number(db.pragma('wal_autocheckpoint', { simple: true }));
  const restoreCache = useBulkCache(db);
  db.pragma('wal_autocheckpoint = 131072');
  const restoreJournal = bulk ? switchToRollbackJournal(db) : () => {};
  if (bulk) dropSecondaryIndexes(db);
  const results: FileImportResult[] = [];
  const progress = { bytesBefore: 0, totalBytes, recordsBefore: 0 };
  // One parser for every file of the job (a worker costs ~0.3 s to start).
  const parsers = ingestParsers(ctx.ingestWorkerPath);
  try {
    for (const [index, file] of files.entries()) {
      if (control.signal.aborted) break;
      control.progress({ phase: 'import', detail: basename(file.path) });
      const outcome = await importOne(ctx, parsers, file, control, progress);
      results.push(outcome.result);
      progress.bytesBefore += sizes[index] ?? 0;
      progress.recordsBefore += outcome.result.read;
      if (outcome.cancelled) break;
    }
  } finally {
    await parsers.close();
    // Whatever happened, every stored event ends up indexed and searchable.
    await catchUpDerivedState(db, control, { build: bulk, indexWorkerPath: ctx.indexWorkerPath });
    restoreCache();
    db.pragma(`wal_autocheckpoint = ${autoCheckpoint}`);
    restoreJournal();
  }
  if (results.length === 0 && files.length > 0 && !control.signal.aborted) throw new AppError('INTERNAL', 'no file was imported');
  return {
    files: results,
    imported: results.reduce((n, f) => n + f.imported, 0),
    duplicates: results.reduce((n, f) => n + f.duplicates, 0),
    rejected: results.reduce((n, f) => n + f.rejected, 0),
  };
}
