import { isFinished, type Job } from '../../../src-shared/jobs';
import { syncResultSchema, type SyncSourceResult } from '../../../src-shared/sources';
import { ApiError } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatCount, formatInZone, utcTitle } from '../../format';
import { plural } from '../import/display';
import { phaseName } from './display';
import { CountHeaders } from '../../components/CountHeaders';

/** A running sync (phase, events pulled, detail, events/s, Cancel) or, once done, what each source gave. */
export function SyncJobPanel({ job, timeZone, cancelling, onCancel }: { job: Job; timeZone: string; cancelling: boolean; onCancel: () => void }) {
  return (
    <div className="job" data-testid="sync-job" data-job-status={job.status}>
      {isFinished(job.status) ? <SyncResults job={job} timeZone={timeZone} /> : <SyncProgress job={job} cancelling={cancelling} onCancel={onCancel} />}
    </div>
  );
}

function SyncProgress({ job, cancelling, onCancel }: { job: Job; cancelling: boolean; onCancel: () => void }) {
  const { progress } = job;
  return (
    <section aria-label="Sync in progress">
      <div className="job-line" role="status" aria-live="polite">
        <span className="job-phase" data-phase={progress.phase}>
          {phaseName(progress.phase)}
        </span>
        <span data-testid="sync-pulled">{plural(progress.done, 'event')} pulled</span>
        <span className="job-numbers">{formatCount(progress.rate)} events/s</span>
        {progress.detail ? <span className="job-detail">{progress.detail}</span> : null}
      </div>
      <progress aria-label={`${phaseName(progress.phase)}: progress`} />
      <div className="actions">
        <button type="button" onClick={onCancel} disabled={cancelling}>
          {cancelling ? 'Cancelling…' : 'Cancel sync'}
        </button>
      </div>
      <p className="help">Cancelling keeps every page already stored, with each source&apos;s position: the next sync carries on from there.</p>
    </section>
  );
}

const STATUS_WORDS: Readonly<Record<SyncSourceResult['status'], string>> = { COMPLETED: 'Completed', FAILED: 'Failed', CANCELLED: 'Cancelled' };

function SyncResults({ job, timeZone }: { job: Job; timeZone: string }) {
  const parsed = syncResultSchema.safeParse(job.result);
  const sources = parsed.success ? parsed.data.sources : [];
  const pulled = sources.reduce((sum, source) => sum + source.pulled, 0);
  const imported = sources.reduce((sum, source) => sum + source.imported, 0);
  const failed = sources.filter((source) => source.status === 'FAILED').length;
  return (
    <section aria-label="Sync result" data-testid="sync-result">
      {job.status === 'FAILED' ? <ErrorAlert error={new ApiError(job.error?.code ?? 'INTERNAL', job.error?.message ?? 'The sync failed.')} /> : null}
      {job.status !== 'FAILED' ? (
        <p className={`outcome-line ${failed > 0 || job.status === 'CANCELLED' ? 'warning' : 'success'}`} role="status">
          {job.status === 'CANCELLED' ? 'Sync cancelled: ' : 'Sync finished: '}
          {plural(pulled, 'event')} pulled, {formatCount(imported)} new
          {failed > 0 ? `; ${failed === 1 ? 'one source' : `${failed} sources`} failed, see below` : ''}.
        </p>
      ) : null}
      {sources.length > 0 ? (
        <div className="table-wrap">
          <table className="data">
            <caption className="visually-hidden">What each source gave</caption>
            <thead>
              <tr>
                <th scope="col">Source</th>
                <th scope="col">Status</th>
                <CountHeaders labels={['Pulled', 'Imported', 'Duplicates', 'Rejected']} />
                <th scope="col">Window</th>
                <th scope="col">Error</th>
              </tr>
            </thead>
            <tbody>
              {sources.map((source, index) => (
                <tr key={`${source.source}-${index}`} data-testid="sync-result-row" data-source={source.source}>
                  <th scope="row">{source.source}</th>
                  <td>
                    <span className={`import-status status-${source.status.toLowerCase()}`}>{STATUS_WORDS[source.status]}</span>
                  </td>
                  <td className="num" data-testid="result-pulled">
                    {formatCount(source.pulled)}
                  </td>
                  <td className="num" data-testid="result-imported">
                    {formatCount(source.imported)}
                  </td>
                  <td className="num">{formatCount(source.duplicates)}</td>
                  <td className="num">{formatCount(source.rejected)}</td>
                  <td className="source-window">
                    {source.windowFrom && source.windowTo ? (
                      <>
                        <time title={utcTitle(source.windowFrom)}>{formatInZone(source.windowFrom, timeZone)}</time>
                        <span aria-label="to"> → </span>
                        <time title={utcTitle(source.windowTo)}>{formatInZone(source.windowTo, timeZone)}</time>
                      </>
                    ) : (
                      '—'
                    )}
                    {source.clampedFrom ? (
                      <span className="source-sub warning-text" title={utcTitle(source.clampedFrom)}>
                        retention starts {formatInZone(source.clampedFrom, timeZone).slice(0, 10)}
                      </span>
                    ) : null}
                  </td>
                  <td className="source-error">
                    {source.error ? (
                      <div className="alert">
                        <span className="alert-message">{source.error}</span>
                      </div>
                    ) : (
                      '—'
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
