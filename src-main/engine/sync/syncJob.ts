/**
 * The sync job: for each source, ask its connector for pages, map every record with the same
 * mappings as a file import, and store each page in ONE transaction together with the
 * source's cursor — so a crash or kill at any point leaves the cursor exactly where the stored
 * events end: the next run neither skips nor doubles (re-read overlap is deduplicated by event
 * identity). Every run is an activity entry (source, window, counts — never a credential).
 */
import { AppError } from '../../../src-shared/errors';
import type { SyncResult, SyncSourceResult } from '../../../src-shared/sources';
import { formatMicros } from '../../../src-shared/time';
import { appendActivity } from '../activity/activityLog';
import { createBatchWriter } from '../ingest/batchWriter';
import { BatchBuilder } from '../ingest/pipeline/ingestRun';
import type { EncodedBatch } from '../ingest/pipeline/eventBatch';
import { mappingById } from '../ingest/platforms';
import type { JobControl } from '../jobs/jobRunner';
import type { Db } from '../store/database';
import { catchUpSearchIndex } from '../store/eventIndexes';
import { catchUpRollups } from '../store/rollups';
import type { Connector, FetchedPage, SourceKind } from './connector';
import type { HttpClient } from './httpClient';
import { advanceCursor, displayUrl, loadSource, recordOutcome, sourceNames } from './sourceStore';

/** Each run re-reads this much before the cursor to catch events that arrived late. */
export const OVERLAP_MICROS = 60 * 60 * 1_000_000;

export interface SyncContext {
  db: Db;
  /** where a first sync starts: the engagement period's first day, UTC microseconds */
  defaultFrom: number;
  connectorFor: (kind: SourceKind) => Connector;
  httpFor: (sourceName: string, proxy: string | null) => HttpClient;
  now?: () => number;
}

async function encodePage(page: FetchedPage, pageNumber: number): Promise<EncodedBatch[]> {
  const mapping = mappingById(page.platform);
  if (!mapping) throw new AppError('INTERNAL', `no mapping ${page.platform} for a sync page`);
  const batches: EncodedBatch[] = [];
  const builder = new BatchBuilder(
    {
      cancelled: () => false,
      async send(message) {
        if (message.type === 'batch') batches.push(message.batch);
      },
    },
    () => 0,
  );
  const part = `page ${pageNumber}`;
  for (const [i, record] of page.records.entries()) {
    await builder.add(mapping, { kind: 'record', position: { part, line: i + 1 }, value: record.value, raw: record.raw });
  }
  await builder.flush();
  return batches;
}

async function syncOne(ctx: SyncContext, name: string, control: JobControl): Promise<SyncSourceResult> {
  const { db } = ctx;
  const { config, cursor } = loadSource(db, name);
  const now = (ctx.now ?? (() => Date.now() * 1000))();
  const importId = Number(
    db
      .prepare('INSERT INTO imports (file_name, file_path, size, status, started_at) VALUES (?, ?, 0, ?, ?)')
      .run(`${config.name} (sync)`, displayUrl(config.baseUrl), 'RUNNING', new Date().toISOString()).lastInsertRowid,
  );
  const write = createBatchWriter(db);
  const result: SyncSourceResult = {
    source: config.name,
    status: 'COMPLETED',
    pulled: 0,
    imported: 0,
    duplicates: 0,
    rejected: 0,
    windowFrom: null,
    windowTo: null,
    clampedFrom: null,
    error: null,
  };
  let pageNumber = 0;
  try {
    const connector = ctx.connectorFor(config.kind);
    const pages = connector.pages({
      source: config,
      http: ctx.httpFor(config.name, config.proxy),
      cursor,
      defaultFrom: ctx.defaultFrom,
      until: now,
      overlapMicros: OVERLAP_MICROS,
      signal: control.signal,
    });
    for await (const page of pages) {
      pageNumber += 1;
      const batches = await encodePage(page, pageNumber);
      db.transaction(() => {
        let added = 0;
        for (const batch of batches) {
          const stored = write(importId, batch);
          added += stored.imported;
          result.duplicates += stored.duplicates;
          result.rejected += batch.rejections.length;
        }
        result.imported += added;
        // "events pulled" counts what this source added, not what the overlap re-read
        advanceCursor(db, config.id, page, added);
      })();
      result.pulled += page.records.length;
      result.windowFrom ??= formatMicros(page.covered.from);
      result.windowTo = formatMicros(page.covered.to);
      if (page.clampedFrom !== undefined) result.clampedFrom = formatMicros(page.clampedFrom);
      control.progress({ phase: 'sync', detail: `${config.name}: page ${pageNumber}, window to ${result.windowTo}`, done: result.pulled, events: result.pulled });
      if (control.signal.aborted) break;
    }
    if (control.signal.aborted) result.status = 'CANCELLED';
  } catch (error) {
    result.status = control.signal.aborted ? 'CANCELLED' : 'FAILED';
    // Connector and HTTP errors never carry credentials (sync/httpClient.ts scrubs them).
    result.error = result.status === 'FAILED' ? (error instanceof AppError ? error.message : `unexpected error: ${(error as Error).message}`) : null;
  }
  db.transaction(() => {
    db.prepare('UPDATE imports SET status = ?, finished_at = ?, formats = ? WHERE id = ?').run(
      result.status,
      new Date().toISOString(),
      JSON.stringify([{ part: null, format: 'api', platform: config.kind }]),
      importId,
    );
    recordOutcome(db, config.id, result.status === 'COMPLETED' ? null : result.error ?? 'cancelled');
    appendActivity(db, result.status === 'COMPLETED' ? 'sync.completed' : result.status === 'CANCELLED' ? 'sync.cancelled' : 'sync.failed', {
      importId,
      source: config.name,
      kind: config.kind,
      url: displayUrl(config.baseUrl),
      windowFrom: result.windowFrom,
      windowTo: result.windowTo,
      clampedFrom: result.clampedFrom,
      pulled: result.pulled,
      imported: result.imported,
      duplicates: result.duplicates,
      rejected: result.rejected,
      ...(result.error ? { error: result.error } : {}),
    });
  })();
  return result;
}

export async function runSyncJob(ctx: SyncContext, names: string[], control: JobControl): Promise<SyncResult> {
  const wanted = names.length > 0 ? names : sourceNames(ctx.db);
  if (wanted.length === 0) throw new AppError('BAD_REQUEST', 'no sources to sync: add one first (auditor source add …)');
  control.progress({ phase: 'sync', done: 0, total: null, unit: 'events' });
  const sources: SyncSourceResult[] = [];
  try {
    for (const name of wanted) {
      if (control.signal.aborted) break;
      sources.push(await syncOne(ctx, name, control));
    }
  } finally {
    control.progress({ phase: 'indexing', detail: 'search index' });
    await catchUpSearchIndex(ctx.db);
    await catchUpRollups(ctx.db);
  }
  return { sources };
}
