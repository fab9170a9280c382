/**
 * Export-job API (doc 000): `POST /api/v1/exports` creates an export of the audit log or a
 * framework report (`report_type` soc2 | gdpr | hipaa) in `format` json | csv for a date
 * range; `GET /api/v1/exports/{id}` is polled through PENDING → RUNNING → COMPLETED or
 * FAILED (its `error` says why); the COMPLETED job's `download_url` (or `…/{id}/download`)
 * is the file: doc 003's NDJSON or CSV, read with the file-import readers and handed on in
 * pages of ~5,000 records for the `file-export` mapping.
 *
 * An EXPIRED job or a 410 on the download link creates the export again, once; a second
 * expiry is reported. A 403 on create is a policy decision (doc 000: a BUNDLE_EXPORT issuance
 * policy, the tenant.audit.export permission, the Compliance Pack add-on), reported at once.
 * The cursor moves only after a window's last page (export files have no promised order), to
 * the newest event in it (syncWindow.ts); `windowDays` splits a long window into one export
 * per slice.
 *
 * Options: reportType (default audit), format (default json), windowDays, exportsPath
 * (default /api/v1/exports; /v1/audit/exports for the public Truthlocks API), maxWaitMinutes
 * (default 60).
 */
import { AppError } from '../../../src-shared/errors';
import { FILE_EXPORT_SOURCE_ID } from '../ingest/fileExport/fileExportMapping';
import { readInstant } from '../ingest/mapping/timestamps';
import type { Connector, ConnectorRun, FetchedPage } from './connector';
import { HttpError } from './httpClient';
import { formatOf, gunzipped, textRecords, type PageRecord } from './pageRecords';
import { realSleep, pause } from './retryPolicy';
import { createSourceAuth, type SourceAuth } from './sourceAuth';
import { Coverage, isoMillis, windowStart } from './syncWindow';

export const RECORDS_PER_PAGE = 5000;
/** The project's reading of doc 000 (test/tenant); Truthlocks' public API uses /v1/audit/exports. */
const DEFAULT_EXPORTS_PATH = '/api/v1/exports';
const FIRST_POLL_MS = 500;
const MAX_POLL_MS = 15_000;
const DAY_MICROS = 86_400_000_000;

type JobState = { kind: 'ready'; downloadUrl: string } | { kind: 'expired' };

function member(body: unknown, ...names: string[]): unknown {
  if (body === null || typeof body !== 'object') return undefined;
  for (const name of names) {
    const value = (body as Record<string, unknown>)[name];
    if (value !== undefined && value !== null && value !== '') return value;
  }
  return undefined;
}

class ExportJob {
  private readonly exportsUrl: string;

  constructor(
    private readonly run: ConnectorRun,
    private readonly auth: SourceAuth,
  ) {
    this.exportsUrl = auth.url(run.source.options['exportsPath'] ?? DEFAULT_EXPORTS_PATH);
  }

  private get name(): string {
    return this.run.source.name;
  }

  private wait(ms: number): Promise<void> {
    return this.run.http.pause ? this.run.http.pause(ms, this.run.signal) : pause(realSleep, ms, this.run.signal);
  }

  async create(from: number, to: number): Promise<{ id: string; body: unknown }> {
    const { options } = this.run.source;
    const range = { from: isoMillis(from), to: isoMillis(to, 'up') };
    const body = {
      report_type: options['reportType'] ?? 'audit',
      format: options['format'] ?? 'json',
      ...range,
      // doc 000's API names the range start_date/end_date; both spellings are sent.
      start_date: range.from,
      end_date: range.to,
    };
    let response;
    try {
      response = await this.auth.request({ method: 'POST', url: this.exportsUrl, json: body, expect: 'json' }, this.run.signal);
    } catch (error) {
      if (error instanceof HttpError && error.status === 403) {
        throw new HttpError(
          'FORBIDDEN',
          `Source "${this.name}": the tenant refused to create the export (403). A BUNDLE_EXPORT issuance policy may deny it, or the token lacks the tenant.audit.export permission or the Compliance Pack add-on (doc 000).${error.detail ? ` The server said: ${error.detail}` : ''}`,
          403,
          error.detail,
        );
      }
      throw error;
    }
    const id = member(response.body, 'job_id', 'export_id', 'id');
    if (typeof id !== 'string' && typeof id !== 'number') throw new AppError('REMOTE_ERROR', `Source "${this.name}": the export was accepted without a job id.`);
    return { id: String(id), body: response.body };
  }

  /** Polls until the job is ready to download or its link expired; FAILED is an error. */
  async settle(id: string, first: unknown): Promise<JobState> {
    const statusUrl = `${this.exportsUrl}/${encodeURIComponent(id)}`;
    const maxWaitMs = (Number(this.run.source.options['maxWaitMinutes']) || 60) * 60_000;
    let body = first;
    let delay = FIRST_POLL_MS;
    let waited = 0;
    for (;;) {
      const status = String(member(body, 'status') ?? '').toUpperCase();
      if (status === 'COMPLETED') {
        const link = member(body, 'download_url', 'downloadUrl', 'url');
        return { kind: 'ready', downloadUrl: typeof link === 'string' ? new URL(link, this.exportsUrl).toString() : `${statusUrl}/download` };
      }
      if (status === 'EXPIRED') return { kind: 'expired' };
      if (status === 'FAILED') {
        const why = member(body, 'error', 'error_message', 'message');
        const text = typeof why === 'string' ? this.auth.serverText(why) : why === undefined ? 'no reason given' : this.auth.serverText(JSON.stringify(why));
        throw new AppError('REMOTE_ERROR', `Source "${this.name}": export job ${id.slice(0, 80)} FAILED: ${text}`);
      }
      if (status !== '' && status !== 'PENDING' && status !== 'RUNNING') throw new AppError('REMOTE_ERROR', `Source "${this.name}": export job ${id.slice(0, 80)} reports an unknown status "${status.slice(0, 40)}".`);
      if (waited >= maxWaitMs) throw new AppError('REMOTE_ERROR', `Source "${this.name}": export job ${id.slice(0, 80)} is still ${status || 'PENDING'} after ${Math.round(waited / 60_000)} minutes; sync again later.`);
      await this.wait(delay);
      waited += delay;
      delay = Math.min(MAX_POLL_MS, Math.round(delay * 1.5));
      body = (await this.auth.request({ url: statusUrl, expect: 'json' }, this.run.signal)).body;
    }
  }

  /** The file's bytes, or null when the link has expired (410 Gone, RFC 9110 §15.5.11). */
  async download(url: string): Promise<Buffer | null> {
    try {
      const response = await this.auth.request({ url, expect: 'bytes' }, this.run.signal);
      return response.bytes ?? (response.body as Buffer);
    } catch (error) {
      if (error instanceof HttpError && error.status === 410) return null;
      throw error;
    }
  }

  /** One export of [from, to], created again once if its link expires. */
  async fetch(from: number, to: number): Promise<Buffer> {
    for (let round = 1; ; round += 1) {
      const job = await this.create(from, to);
      const state = await this.settle(job.id, job.body);
      const bytes = state.kind === 'ready' ? await this.download(state.downloadUrl) : null;
      if (bytes !== null) return bytes;
      if (round >= 2) throw new AppError('REMOTE_ERROR', `Source "${this.name}": the export's download link expired twice in a row (EXPIRED); sync again later.`);
    }
  }
}

/** Doc 003's `occurred_at` (NDJSON and CSV alike); a framework report may say `timestamp`. */
function occurredOf(value: unknown): number | null {
  if (value === null || typeof value !== 'object') return null;
  const record = value as Record<string, unknown>;
  return readInstant(record['occurred_at'] ?? record['timestamp'] ?? record['created_at'])?.micros ?? null;
}

/** [from, to] in slices of `windowDays` (all of it when unset). */
function slices(from: number, to: number, windowDays: string | undefined): [number, number][] {
  const days = Number(windowDays);
  const step = Number.isFinite(days) && days > 0 ? days * DAY_MICROS : Number.POSITIVE_INFINITY;
  const out: [number, number][] = [];
  for (let at = from; at < to; at += step) out.push([at, Math.min(to, at + step)]);
  return out;
}

async function* pages(run: ConnectorRun): AsyncGenerator<FetchedPage> {
  const { source } = run;
  const auth = createSourceAuth(source, run.http, source.credential.type === 'token' ? 'api-key' : 'bearer');
  const job = new ExportJob(run, auth);
  const from = windowStart(run);
  const coverage = new Coverage(from, run, false, run.until);
  const windows = slices(from, run.until, source.options['windowDays']);
  // Nothing to ask for (the cursor is at the end already): one empty page still says so.
  if (windows.length === 0) yield coverage.page([], FILE_EXPORT_SOURCE_ID, run.until);
  for (const [start, end] of windows) {
    const what = `The export download from source "${source.name}"`;
    const bytes = gunzipped(await job.fetch(start, end), what);
    let batch: PageRecord[] = [];
    if (bytes.some((b) => b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09)) {
      for await (const record of textRecords(bytes, await formatOf(bytes, what), what)) {
        coverage.observe(occurredOf(record.value));
        batch.push(record);
        if (batch.length === RECORDS_PER_PAGE) {
          yield coverage.page(batch, FILE_EXPORT_SOURCE_ID);
          batch = [];
        }
      }
    }
    yield coverage.page(batch, FILE_EXPORT_SOURCE_ID, end);
  }
}

export const exportJobConnector: Connector = {
  kind: 'export-job',
  async test(run) {
    const auth = createSourceAuth(run.source, run.http, run.source.credential.type === 'token' ? 'api-key' : 'bearer');
    try {
      await auth.request({ url: auth.url(run.source.options['exportsPath'] ?? DEFAULT_EXPORTS_PATH, { limit: '1' }), expect: 'text' }, run.signal);
    } catch (error) {
      // Listing exports is not in doc 000; a 404/405 past authentication still proves the token.
      if (error instanceof HttpError && (error.status === 404 || error.status === 405)) return;
      throw error;
    }
  },
  pages,
};
