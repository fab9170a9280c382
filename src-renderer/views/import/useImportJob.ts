import { useCallback, useRef, useState } from 'react';
import type { Job } from '../../../src-shared/jobs';
import { useFollowedJob } from '../../jobs/useFollowedJob';

interface PhaseMark {
  phase: string;
  at: number;
  done: number;
}

/**
 * Follows one import job (see jobs/useFollowedJob.ts) and keeps a time-left estimate for its
 * current phase; picks up an import still running from before a reload.
 */
export function useImportJob(onFinished: (job: Job) => void) {
  const [eta, setEta] = useState<number | null>(null);
  const phaseMark = useRef<PhaseMark | null>(null);

  const onUpdate = useCallback((update: Job) => {
    const now = Date.now();
    const mark = phaseMark.current;
    if (!mark || mark.phase !== update.progress.phase || update.progress.done < mark.done) {
      // Each phase counts its own unit from its own start; time it from when it was first seen,
      // or from the job's start for the first phase.
      phaseMark.current = mark ? { phase: update.progress.phase, at: now, done: update.progress.done } : { phase: update.progress.phase, at: Date.parse(update.createdAt), done: 0 };
    }
    setEta(estimateSecondsLeft(update, phaseMark.current ?? { phase: '', at: now, done: 0 }, now));
  }, []);

  const { job, accept, clear: clearJob } = useFollowedJob('import', onFinished, onUpdate);

  const begin = useCallback(
    (started: Job) => {
      phaseMark.current = null;
      setEta(null);
      accept(started);
    },
    [accept],
  );

  const clear = useCallback(() => {
    clearJob();
    setEta(null);
  }, [clearJob]);

  return { job, eta, begin, accept, clear };
}

/**
 * `done`/`total` count `progress.unit` (an import reads bytes, then indexes events) while
 * `rate` is events per second, so the time left is extrapolated from the fraction of the
 * current phase done and the time it has taken, which holds for any unit.
 */
export function estimateSecondsLeft(job: Job, mark: PhaseMark, now: number): number | null {
  const { done, total } = job.progress;
  const elapsed = (now - mark.at) / 1000;
  const progressed = done - mark.done;
  if (total === null || total <= 0 || progressed <= 0 || !(elapsed > 1)) return null;
  return (elapsed * Math.max(0, total - done)) / progressed;
}
