import type { Job } from '../../../src-shared/jobs';
import { amount, PHASES, progressNumbers } from './display';

/** Step 2: phase, percent, events/s, time left, and Cancel. */
export function JobProgress({ job, eta, cancelling, onCancel }: { job: Job; eta: number | null; cancelling: boolean; onCancel: () => void }) {
  const { progress } = job;
  const phase = PHASES[progress.phase] ?? progress.phase;
  return (
    <section className="import-step" aria-labelledby="progress-heading">
      <h3 id="progress-heading">2. Import</h3>
      <div className="job-line" role="status" aria-live="polite">
        <span className="job-phase" data-phase={progress.phase}>
          {phase}
        </span>
        {progress.detail ? <span className="job-detail">{progress.detail}</span> : null}
      </div>
      {progress.total !== null ? (
        <progress
          max={progress.total || 1}
          value={Math.min(progress.done, progress.total)}
          aria-label={`${phase}: progress`}
          title={`${amount(progress.done, progress.unit)} of ${amount(progress.total, progress.unit)}`}
        />
      ) : (
        <progress aria-label={`${phase}: progress`} />
      )}
      <p className="job-numbers">{progressNumbers(progress, eta)}</p>
      <div className="actions">
        <button type="button" onClick={onCancel} disabled={cancelling}>
          {cancelling ? 'Cancelling…' : 'Cancel import'}
        </button>
      </div>
      <p className="help">Cancelling keeps every batch already committed; the summary then says exactly what was stored.</p>
    </section>
  );
}
