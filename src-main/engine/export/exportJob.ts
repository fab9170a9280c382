/**
 * The export job: exactly the events of a filter, in the chosen order, into a new file (CSV,
 * XLSX, JSON or NDJSON). Rows are read in keyset pages and written with backpressure, so the
 * job holds one page at a time however many rows it exports. Progress counts rows against
 * the filter's count. The finished file is recorded in the activity log with its SHA-256:
 * exporting the audit trail is itself audited (product docs 003, 004).
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { basename } from 'node:path';
import { AppError } from '../../../src-shared/errors';
import type { Job } from '../../../src-shared/jobs';
import type { z } from 'zod';
import type { EventFilter, ExportResult, exportStartSchema } from '../../../src-shared/query';
import { appendActivity } from '../activity/activityLog';
import type { Db } from '../store/database';
import { pageEvents } from '../store/eventQueries';
import { browserFor } from '../store/eventBrowser';
import type { JobControl, JobRunner } from '../jobs/jobRunner';
import { ExportFile, refuseExistingTarget } from './exportFile';
import { openEventWriter, type EventWriter, type WriterOptions } from './eventWriters';
import { eventPages } from './eventPages';
import type { ExportMeta } from './eventFormats';

export type ExportRequest = z.output<typeof exportStartSchema>;

/**
 * How many rows the export will write: the filter's count (planned and cached by the browser,
 * the same number the viewer shows), or the limit if smaller.
 */
function rowsToExport(db: Db, filter: EventFilter, limit: number | undefined): number {
  const n = browserFor(db).count(filter);
  return limit === undefined ? n : Math.min(n, limit);
}

/** Copies the matching events page by page into the writer; returns the rows written. */
async function copyEvents(db: Db, request: ExportRequest, writer: EventWriter, control: JobControl): Promise<number> {
  let rows = 0;
  for await (const page of eventPages((limit, after) => pageEvents(db, request.filter, limit, after, request.order), request.limit)) {
    control.signal.throwIfAborted();
    await writer.writePage(page);
    rows += page.length;
    control.progress({ done: rows, events: rows });
    // Let the engine answer other requests — a cancel among them — between pages.
    await nextTurn();
  }
  return rows;
}

export async function runExportJob(db: Db, request: ExportRequest, control: JobControl, options: WriterOptions = {}): Promise<ExportResult> {
  const total = rowsToExport(db, request.filter, request.limit);
  control.progress({ phase: 'export', done: 0, total, unit: 'rows', detail: basename(request.path) });
  const meta: ExportMeta = { exportedAt: new Date().toISOString(), filter: request.filter, order: request.order };
  const file = await ExportFile.create(request.path, control.signal);
  try {
    const writer = await openEventWriter(request.format, file, meta, options);
    const rows = await copyEvents(db, request, writer, control);
    control.progress({ phase: 'finishing' });
    const { sheets, notes } = await writer.finish(rows);
    const { bytes, sha256 } = await file.close();
    control.signal.throwIfAborted();
    const result: ExportResult = { path: request.path, format: request.format, rows, sheets, bytes, sha256, notes };
    publishAndRecord(db, file, result, request);
    return result;
  } catch (error) {
    await file.discard();
    if (control.signal.aborted) throw new AppError('CANCELLED', `export cancelled; the partial file was deleted and ${request.path} was not created`);
    throw error;
  }
}

/**
 * Publishes the file and records it in one synchronous step: no cancel can come between, and
 * a file whose export could not be recorded does not stay behind unrecorded.
 */
function publishAndRecord(db: Db, file: ExportFile, result: ExportResult, request: ExportRequest): void {
  file.publishSync();
  try {
    appendActivity(db, 'events.exported', {
      format: result.format,
      filters: request.filter,
      order: request.order,
      ...(request.limit === undefined ? {} : { limit: request.limit }),
      rows: result.rows,
      sheets: result.sheets,
      path: result.path,
      sha256: result.sha256,
      bytes: result.bytes,
    });
  } catch (error) {
    file.unpublishSync();
    throw error;
  }
}

/** Starts an export job — after refusing, at once, a target that already exists. */
export async function startExportJob(db: Db, jobs: JobRunner, request: ExportRequest, options: WriterOptions = {}): Promise<Job> {
  await refuseExistingTarget(request.path);
  return jobs.start('export', 'export', (control) => runExportJob(db, request, control, options));
}
