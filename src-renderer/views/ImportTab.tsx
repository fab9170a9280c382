import { useCallback, useEffect, useRef, useState, type DragEvent } from 'react';
import { importResultSchema, type ImportResult } from '../../src-shared/imports';
import { isFinished, type Job } from '../../src-shared/jobs';
import { ApiError, call, toApiError, transport, type UploadProgress } from '../api';
import { ErrorAlert } from '../components/ErrorAlert';
import { baseName, formatCount, formatDuration, shortHash } from '../format';

const POLL_MS = 1000;

/**
 * Files → paths → `import.start` → a job followed by its pushed events, with a one-second
 * `jobs.get` poll as the fallback should an event be lost.
 */
export function ImportTab({ onImported }: { onImported: () => void }) {
  const [job, setJob] = useState<Job | null>(null);
  const [upload, setUpload] = useState<UploadProgress | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [dragging, setDragging] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  const [eta, setEta] = useState<number | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const reported = useRef(new Set<string>());
  const onImportedRef = useRef(onImported);
  useEffect(() => {
    onImportedRef.current = onImported;
  }, [onImported]);

  // A job only moves forward: a late poll answer must not undo a pushed final state.
  const accept = useCallback((update: Job) => {
    setJob((current) => {
      if (current && current.id === update.id && isFinished(current.status) && !isFinished(update.status)) return current;
      return update;
    });
    if (!isFinished(update.status)) setEta(estimateSecondsLeft(update, Date.now()));
  }, []);

  const jobId = job?.id ?? null;
  const finished = job ? isFinished(job.status) : true;

  // Pick up an import still running from before a reload.
  useEffect(() => {
    let cancelled = false;
    call('jobs.list', {})
      .then(({ jobs }) => {
        const running = jobs.find((candidate) => candidate.kind === 'import' && !isFinished(candidate.status));
        if (!cancelled && running) setJob((current) => current ?? running);
      })
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, []);

  useEffect(() => {
    if (!jobId || finished) return;
    const unsubscribe = transport.onEvent((event) => {
      if (event.type === 'job' && event.job.id === jobId) accept(event.job);
    });
    const timer = window.setInterval(() => {
      call('jobs.get', { id: jobId }).then(accept, () => undefined);
    }, POLL_MS);
    return () => {
      unsubscribe();
      window.clearInterval(timer);
    };
  }, [jobId, finished, accept]);

  useEffect(() => {
    if (job && isFinished(job.status) && !reported.current.has(job.id)) {
      reported.current.add(job.id);
      onImportedRef.current();
    }
  }, [job]);

  const busy = upload !== null || (job !== null && !isFinished(job.status));

  const start = async (files: File[]) => {
    if (files.length === 0 || busy) return;
    setError(null);
    setJob(null);
    setEta(null);
    setCancelling(false);
    try {
      setUpload({ file: files[0]?.name ?? '', index: 0, count: files.length });
      const paths = await transport.resolveFiles(files, setUpload);
      setUpload(null);
      accept(await call('import.start', { paths }));
    } catch (caught) {
      setUpload(null);
      setError(toApiError(caught));
    } finally {
      if (fileInput.current) fileInput.current.value = '';
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

  const onDragOver = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    event.dataTransfer.dropEffect = busy ? 'none' : 'copy';
    setDragging(true);
  };
  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setDragging(false);
    void start([...event.dataTransfer.files]);
  };

  return (
    <section aria-labelledby="import-heading">
      <div className="section-bar">
        <h2 id="import-heading">Import</h2>
      </div>
      <div
        className={`dropzone${dragging ? ' dragging' : ''}${busy ? ' disabled' : ''}`}
        onDragOver={onDragOver}
        onDragEnter={onDragOver}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <p>Drop tenant export files here (CSV, NDJSON, JSON, zip, gz), or</p>
        <label className="button file-button">
          <input
            ref={fileInput}
            className="visually-hidden"
            type="file"
            multiple
            disabled={busy}
            onChange={(event) => void start([...(event.target.files ?? [])])}
          />
          Choose files
        </label>
        <p className="help">The format is detected per file. Originals are hashed (SHA-256) and never modified.</p>
      </div>
      <ErrorAlert error={error} />
      {upload ? (
        <div className="job" role="status">
          <p>
            Preparing {upload.file} ({upload.index + 1} of {upload.count})…
          </p>
          <progress max={upload.count} value={upload.index} aria-label="Preparing files" />
        </div>
      ) : null}
      {job ? <JobView job={job} eta={eta} cancelling={cancelling} onCancel={() => void cancel()} /> : null}
    </section>
  );
}

/**
 * `done`/`total` count `progress.unit` (an import reads bytes) while `rate` is events per
 * second, so the time left is extrapolated from the fraction done and the time spent, which
 * holds for any unit.
 */
function estimateSecondsLeft(job: Job, now: number): number | null {
  const { done, total } = job.progress;
  const elapsed = (now - Date.parse(job.createdAt)) / 1000;
  if (total === null || total <= 0 || done <= 0 || !(elapsed > 1)) return null;
  return (elapsed * (total - done)) / done;
}

function JobView({ job, eta, cancelling, onCancel }: { job: Job; eta: number | null; cancelling: boolean; onCancel: () => void }) {
  const { progress } = job;
  const running = !isFinished(job.status);
  const percent = progress.total ? Math.min(100, Math.floor((progress.done / progress.total) * 100)) : null;
  const parsed = importResultSchema.safeParse(job.result);
  const result = parsed.success ? parsed.data : null;

  return (
    <div className="job" data-testid="import-job" data-job-status={job.status}>
      {running ? (
        <>
          <div className="job-line" role="status" aria-live="polite">
            <span className="job-phase">{progress.phase}</span>
            {progress.detail ? <span className="job-detail">{progress.detail}</span> : null}
          </div>
          {progress.total !== null ? (
            <progress
              max={progress.total || 1}
              value={Math.min(progress.done, progress.total)}
              aria-label="Import progress"
              title={`${formatCount(progress.done)} of ${formatCount(progress.total)} ${progress.unit}`}
            />
          ) : (
            <progress aria-label="Import progress" />
          )}
          <p className="job-numbers">
            {percent !== null ? `${percent}% done` : `${formatCount(progress.done)} done`} · {formatCount(progress.rate)} events/s
            {eta !== null ? ` · about ${formatDuration(eta)} left` : ''}
          </p>
          <div className="actions">
            <button type="button" onClick={onCancel} disabled={cancelling}>
              {cancelling ? 'Cancelling…' : 'Cancel import'}
            </button>
          </div>
        </>
      ) : (
        <JobOutcome job={job} result={result} />
      )}
    </div>
  );
}

function JobOutcome({ job, result }: { job: Job; result: ImportResult | null }) {
  const unreadable = result?.files.filter((file) => file.failure).length ?? 0;
  const readFiles = (result?.files.length ?? 0) - unreadable;
  return (
    <div data-testid="import-summary">
      {job.status === 'COMPLETED' && unreadable > 0 ? (
        <p className="outcome-line warning" role="status">
          {unreadable === 1 ? 'One file was' : `${unreadable} files were`} not imported; see the reason below.
        </p>
      ) : null}
      {job.status === 'COMPLETED' ? (
        <p className="outcome-line success" role="status">
          {result
            ? `Imported ${formatCount(result.imported)} ${result.imported === 1 ? 'event' : 'events'} from ${readFiles} ${
                readFiles === 1 ? 'file' : 'files'
              } (${formatCount(result.duplicates)} duplicates, ${formatCount(result.rejected)} rejected).`
            : 'Import completed.'}
        </p>
      ) : null}
      {job.status === 'CANCELLED' ? (
        <p className="outcome-line" role="status">
          Import cancelled.
        </p>
      ) : null}
      {job.status === 'FAILED' ? (
        <ErrorAlert error={new ApiError(job.error?.code ?? 'INTERNAL', job.error?.message ?? 'The import failed.')} />
      ) : null}
      {result && result.files.length > 0 ? <FileSummary result={result} /> : null}
    </div>
  );
}

function FileSummary({ result }: { result: ImportResult }) {
  return (
    <div className="table-wrap">
      <table className="data">
        <caption>Files imported</caption>
        <thead>
          <tr>
            <th scope="col">File</th>
            <th scope="col">Format</th>
            <th scope="col">SHA-256</th>
            <th scope="col" className="num">
              Read
            </th>
            <th scope="col" className="num">
              Imported
            </th>
            <th scope="col" className="num">
              Duplicates
            </th>
            <th scope="col" className="num">
              Rejected
            </th>
            <th scope="col">First errors</th>
          </tr>
        </thead>
        <tbody>
          {result.files.map((file, index) => (
            <tr key={`${file.path}-${index}`}>
              <th scope="row" className="nowrap" title={file.path}>
                {baseName(file.path)}
              </th>
              <td className="nowrap">{file.format}</td>
              <td className="mono" title={file.sha256 || 'not computed: the file was not read to the end'}>
                {file.sha256 ? shortHash(file.sha256) : '—'}
              </td>
              <td className="num">{formatCount(file.read)}</td>
              <td className="num">{formatCount(file.imported)}</td>
              <td className="num">{formatCount(file.duplicates)}</td>
              <td className="num">{formatCount(file.rejected)}</td>
              <td>
                {file.failure ? <p className="problem file-failure">Not imported: {file.failure}</p> : null}
                {file.errors.length > 0 ? (
                  <ul className="errors">
                    {file.errors.map((rejection) => (
                      <li key={`${rejection.line}-${rejection.reason}`}>
                        Line {rejection.line}: {rejection.reason}
                      </li>
                    ))}
                  </ul>
                ) : null}
                {!file.failure && file.errors.length === 0 ? '—' : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
