import { useCallback, useId, useState } from 'react';
import type { EngagementSummary } from '../../../src-shared/engagement';
import type { Job } from '../../../src-shared/jobs';
import { EXPORT_FORMATS, exportResultSchema, type EventFilter, type ExportFormat, type ExportResult, type SortOrder } from '../../../src-shared/query';
import { ApiError, call, toApiError } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatCount } from '../../format';
import { useFollowedJob } from '../../jobs/useFollowedJob';
import { CopyButton } from './CopyButton';
import { suggestedExportPath, withExtension } from './exportPath';
import { Popover } from './Popover';

const FORMAT_LABELS: Readonly<Record<ExportFormat, string>> = {
  csv: 'CSV (spreadsheet-safe, UTF-8 with BOM)',
  xlsx: 'Excel workbook (XLSX)',
  json: 'JSON document',
  ndjson: 'NDJSON (one event per line)',
};

function finishedResult(job: Job | null): ExportResult | null {
  if (!job || job.status !== 'COMPLETED') return null;
  const parsed = exportResultSchema.safeParse(job.result);
  return parsed.success ? parsed.data : null;
}

/** Exports the current result (filter and order as shown) through the export job. */
export function ExportPanel({ engagement, filter, order, total }: { engagement: EngagementSummary; filter: EventFilter; order: SortOrder; total: number | null }) {
  const [format, setFormat] = useState<ExportFormat>('csv');
  const [path, setPath] = useState(() => suggestedExportPath(engagement, 'csv', new Date()));
  const [starting, setStarting] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const formatId = useId();
  const pathId = useId();
  const onFinished = useCallback(
    (finished: Job) => {
      setCancelling(false);
      // The next export must not collide with the file just written (exports never overwrite).
      if (finished.status === 'COMPLETED') setPath(suggestedExportPath(engagement, format, new Date()));
    },
    [engagement, format],
  );
  const { job, accept } = useFollowedJob('export', onFinished);

  const running = job !== null && (job.status === 'RUNNING' || job.status === 'PENDING');
  const result = finishedResult(job);

  const start = async () => {
    setStarting(true);
    setError(null);
    try {
      accept(await call('export.start', { filter, order, format, path: path.trim() }));
    } catch (caught) {
      setError(toApiError(caught));
    } finally {
      setStarting(false);
    }
  };

  const cancel = async () => {
    if (!job) return;
    setCancelling(true);
    try {
      accept(await call('jobs.cancel', { id: job.id }));
    } catch (caught) {
      setError(toApiError(caught));
      setCancelling(false);
    }
  };

  return (
    <Popover label={running ? 'Export (running…)' : 'Export'} className="export-menu" testId="export-panel" active={running}>
      <form
        className="form export-form"
        onSubmit={(event) => {
          event.preventDefault();
          void start();
        }}
      >
        <p className="help">
          Exports the {total === null ? '' : `${formatCount(total)} `}events of the current filter, in the order shown.
        </p>
        <div className="field">
          <label htmlFor={formatId}>Format</label>
          <select
            id={formatId}
            value={format}
            onChange={(event) => {
              const next = EXPORT_FORMATS.find((candidate) => candidate === event.target.value) ?? 'csv';
              setFormat(next);
              setPath((current) => withExtension(current, next));
            }}
          >
            {EXPORT_FORMATS.map((candidate) => (
              <option key={candidate} value={candidate}>
                {FORMAT_LABELS[candidate]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={pathId}>Save as (absolute path)</label>
          <input id={pathId} type="text" className="mono" value={path} spellCheck={false} onChange={(event) => setPath(event.target.value)} />
        </div>
        <div className="actions">
          <button type="submit" className="primary" disabled={starting || running || !path.trim()}>
            {starting ? 'Starting…' : 'Start export'}
          </button>
          {running ? (
            <button type="button" onClick={() => void cancel()} disabled={cancelling}>
              {cancelling ? 'Cancelling…' : 'Cancel export'}
            </button>
          ) : null}
        </div>
      </form>
      <ErrorAlert error={error} />
      {job ? <ExportJobState job={job} result={result} /> : null}
    </Popover>
  );
}

function ExportJobState({ job, result }: { job: Job; result: ExportResult | null }) {
  const { progress } = job;
  return (
    <div className="export-job" data-testid="export-job" data-job-status={job.status}>
      {job.status === 'RUNNING' || job.status === 'PENDING' ? (
        <>
          <progress
            max={progress.total || 1}
            value={progress.total === null ? undefined : Math.min(progress.done, progress.total)}
            aria-label="Export progress"
          />
          <p className="job-numbers" role="status">
            {formatCount(progress.done)}
            {progress.total !== null ? ` of ${formatCount(progress.total)}` : ''} rows · {formatCount(progress.rate)} rows/s
          </p>
        </>
      ) : null}
      {job.status === 'COMPLETED' && result ? (
        <dl className="export-result" role="status" data-testid="export-result">
          <div>
            <dt>File</dt>
            <dd className="path" data-testid="export-path">
              {result.path}
            </dd>
          </div>
          <div>
            <dt>Rows</dt>
            <dd data-testid="export-rows">{formatCount(result.rows)}</dd>
          </div>
          {result.format === 'xlsx' ? (
            <div>
              <dt>Sheets</dt>
              <dd>{result.sheets}</dd>
            </div>
          ) : null}
          <div>
            <dt>SHA-256</dt>
            <dd className="mono sha-full" data-testid="export-sha256">
              {result.sha256} <CopyButton text={result.sha256} label="Copy SHA-256" />
            </dd>
          </div>
        </dl>
      ) : null}
      {result?.notes.map((note) => (
        <p key={note} className="help">
          {note}
        </p>
      ))}
      {job.status === 'FAILED' ? (
        <ErrorAlert error={job.error ? new ApiError(job.error.code, job.error.message) : null} />
      ) : null}
      {job.status === 'CANCELLED' ? <p className="outcome-line">Export cancelled; no file was written.</p> : null}
    </div>
  );
}
