/**
 * CalKeep's export-job API (product doc 000):
 *   POST /api/v1/exports {report_type: audit|soc2|gdpr|hipaa, format: json|csv, from, to}
 *        → 201 {id, status: 'PENDING', …}; a BUNDLE_EXPORT policy denial → 403 {error}
 *   GET  /api/v1/exports/{id} → the job; each poll counts, and after `pollsPerStatus` polls
 *        it moves on: PENDING → RUNNING → COMPLETED (with download_url, expires_at) or FAILED
 *        (with error). A link past its expiry turns the job EXPIRED (doc 000: "Create a new export").
 *   GET  {download_url} → the window [from, to) as the audit-log file export (doc 003):
 *        NDJSON for json, CSV with `data_json` for csv. The link is signed (no Authorization
 *        header needed), works any number of times until it expires, then answers 410 Gone.
 * Every report type serves the same audit entries: the tenant has one audit log, and doc 000's
 * SOC 2 / GDPR / HIPAA reports are that log scoped to a framework. The report is generated —
 * its events fixed — when the job completes; events recorded later are not in it.
 */
import { randomBytes } from 'node:crypto';
import type { ApiContext } from '../context';
import { apiError } from '../errors';
import { concat, renderSnapshot, snapshot } from '../paging';
import type { Reply } from '../respond';
import { jsonReply } from '../respond';
import { fileExportCsvHeader, fileExportCsvRow, fileExportRecord } from '../shapes/fileExportShape';

export const REPORT_TYPES = ['audit', 'soc2', 'gdpr', 'hipaa'] as const;
export const EXPORT_FORMATS = ['json', 'csv'] as const;
export type JobStatus = 'PENDING' | 'RUNNING' | 'COMPLETED' | 'FAILED' | 'EXPIRED';

const DAY_MS = 86_400_000;

interface Job {
  id: string;
  status: JobStatus;
  reportType: string;
  format: 'json' | 'csv';
  fromMs: number;
  toMs: number;
  createdMs: number;
  polls: number;
  willFail: boolean;
  signature: string | null;
  expiresMs: number | null;
  /** the link was issued already expired (the expiredLinks fault) */
  expiredAtIssue: boolean;
  serials: Uint32Array | null;
  error: string | null;
}

export interface ExportJobOptions {
  /** polls a job spends in PENDING and in RUNNING before it moves on (0: completes on the first poll) */
  pollsPerStatus: number;
  /** how long a download link works */
  linkTtlMs: number;
}

export class ExportJobs {
  private readonly jobs = new Map<string, Job>();
  private serial = 0;

  constructor(private readonly options: ExportJobOptions) {}

  async create(ctx: ApiContext): Promise<Reply> {
    if (ctx.faults.current.denyExport) {
      ctx.count('denyExport');
      return apiError('export', 403, 'BUNDLE_EXPORT policy denied the export');
    }
    let request: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse(await ctx.body());
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new TypeError('not an object');
      request = parsed as Record<string, unknown>;
    } catch {
      return apiError('export', 400, 'request body must be a JSON object');
    }
    const reportType = request['report_type'];
    if (typeof reportType !== 'string' || !(REPORT_TYPES as readonly string[]).includes(reportType)) {
      return apiError('export', 400, `report_type must be one of ${REPORT_TYPES.join(', ')}`);
    }
    const format = request['format'] ?? 'json';
    if (format !== 'json' && format !== 'csv') return apiError('export', 400, `format must be one of ${EXPORT_FORMATS.join(', ')}`);
    const now = ctx.now();
    const toMs = request['to'] === undefined ? now : Date.parse(String(request['to']));
    const fromMs = request['from'] === undefined ? toMs - 30 * DAY_MS : Date.parse(String(request['from']));
    if (Number.isNaN(fromMs) || Number.isNaN(toMs) || fromMs >= toMs) return apiError('export', 400, "'from' and 'to' must be ISO-8601 timestamps with from before to");
    const job: Job = {
      id: `exp_${(++this.serial).toString().padStart(6, '0')}${randomBytes(4).toString('hex')}`,
      status: 'PENDING',
      reportType,
      format,
      fromMs,
      toMs,
      createdMs: now,
      polls: 0,
      willFail: false,
      signature: null,
      expiresMs: null,
      expiredAtIssue: false,
      serials: null,
      error: null,
    };
    this.jobs.set(job.id, job);
    return jsonReply(201, this.view(job, ctx));
  }

  poll(ctx: ApiContext, id: string): Reply {
    const job = this.jobs.get(id);
    if (!job) return apiError('export', 404, `no export job ${id}`);
    job.polls++;
    if ((job.status === 'PENDING' || job.status === 'RUNNING') && job.polls >= this.options.pollsPerStatus) {
      job.polls = 0;
      this.advance(job, ctx);
      // With no polls per status, one poll goes all the way.
      if (this.options.pollsPerStatus === 0 && job.status === 'RUNNING') this.advance(job, ctx);
    }
    if (job.status === 'COMPLETED' && job.expiresMs !== null && ctx.now() > job.expiresMs) this.expire(job, ctx);
    return jsonReply(200, this.view(job, ctx));
  }

  download(ctx: ApiContext, id: string): Reply {
    const job = this.jobs.get(id);
    const signature = ctx.url.searchParams.get('sig');
    if (!job || job.signature === null || signature !== job.signature) return apiError('export', 404, 'no such download');
    if (job.status === 'EXPIRED' || job.expiredAtIssue || (job.expiresMs !== null && ctx.now() > job.expiresMs)) {
      if (job.status !== 'EXPIRED') this.expire(job, ctx);
      return apiError('export', 410, 'the download link has expired; create a new export');
    }
    const serials = job.serials ?? new Uint32Array(0);
    const { population } = ctx;
    const filename = `${job.reportType}-export-${job.id}.${job.format === 'csv' ? 'csv' : 'ndjson'}`;
    const headers = { 'Content-Disposition': `attachment; filename="${filename}"` };
    if (job.format === 'csv') {
      return { status: 200, headers, body: { contentType: 'text/csv; charset=utf-8', pieces: () => concat([fileExportCsvHeader()], renderSnapshot(population, serials, fileExportCsvRow, ctx.served)) } };
    }
    const line = (event: Parameters<typeof fileExportRecord>[0]): string => `${JSON.stringify(fileExportRecord(event))}\n`;
    return { status: 200, headers, body: { contentType: 'application/x-ndjson; charset=utf-8', pieces: () => renderSnapshot(population, serials, line, ctx.served) } };
  }

  private advance(job: Job, ctx: ApiContext): void {
    if (job.status === 'PENDING') {
      job.status = 'RUNNING';
      job.willFail = ctx.faults.takes('failJobs');
      return;
    }
    if (job.willFail) {
      job.status = 'FAILED';
      job.error = 'Report generation failed: the audit store did not answer in time (simulated). Create a new export.';
      ctx.count('failJob');
      return;
    }
    job.status = 'COMPLETED';
    job.serials = snapshot(ctx.population, { fromMs: job.fromMs, toMs: job.toMs });
    job.signature = randomBytes(16).toString('hex');
    job.expiresMs = ctx.now() + this.options.linkTtlMs;
    job.expiredAtIssue = ctx.faults.takes('expiredLinks');
  }

  private expire(job: Job, ctx: ApiContext): void {
    job.status = 'EXPIRED';
    job.serials = null;
    ctx.count('expiredLink');
  }

  private view(job: Job, ctx: ApiContext): Record<string, unknown> {
    const view: Record<string, unknown> = {
      id: job.id,
      status: job.status,
      report_type: job.reportType,
      format: job.format,
      from: new Date(job.fromMs).toISOString(),
      to: new Date(job.toMs).toISOString(),
      created_at: new Date(job.createdMs).toISOString(),
    };
    if (job.status === 'COMPLETED' && job.signature !== null && job.expiresMs !== null) {
      view['download_url'] = `${ctx.baseUrl}/api/v1/exports/${job.id}/download?sig=${job.signature}`;
      view['expires_at'] = new Date(job.expiredAtIssue ? job.createdMs : job.expiresMs).toISOString();
      view['record_count'] = job.serials?.length ?? 0;
    }
    if (job.status === 'FAILED') view['error'] = job.error;
    return view;
  }
}
