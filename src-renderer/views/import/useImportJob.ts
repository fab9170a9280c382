import { useCallback, useEffect, useRef, useState } from 'react';
import { isFinished, type Job } from '../../../src-shared/jobs';
import { call, transport } from '../../api';

const POLL_MS = 1000;

interface PhaseMark {
  phase: string;
  at: number;
  done: number;
}

/**
 * Follows one import job by its pushed events, with a one-second `jobs.get` poll as the
 * fallback should an event be lost; picks up an import still running from before a reload.
 */
export function useImportJob(onFinished: (job: Job) => void) {
  const [job, setJob] = useState<Job | null>(null);
  const [eta, setEta] = useState<number | null>(null);
  const phaseMark = useRef<PhaseMark | null>(null);
  const reported = useRef(new Set<string>());
  const onFinishedRef = useRef(onFinished);
  useEffect(() => {
    onFinishedRef.current = onFinished;
  }, [onFinished]);

  // A job only moves forward: a late poll answer must not undo a pushed final state.
  const accept = useCallback((update: Job) => {
    setJob((current) => {
      if (current && current.id === update.id && isFinished(current.status) && !isFinished(update.status)) return current;
      return update;
    });
    if (isFinished(update.status)) return;
    const now = Date.now();
    const mark = phaseMark.current;
    if (!mark || mark.phase !== update.progress.phase || update.progress.done < mark.done) {
      // Each phase counts its own unit from its own start; time it from when it was first seen,
      // or from the job's start for the first phase.
      phaseMark.current = mark ? { phase: update.progress.phase, at: now, done: update.progress.done } : { phase: update.progress.phase, at: Date.parse(update.createdAt), done: 0 };
    }
    setEta(estimateSecondsLeft(update, phaseMark.current ?? { phase: '', at: now, done: 0 }, now));
  }, []);

  const jobId = job?.id ?? null;
  const finished = job ? isFinished(job.status) : true;

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
      onFinishedRef.current(job);
    }
  }, [job]);

  const begin = useCallback(
    (started: Job) => {
      phaseMark.current = null;
      setEta(null);
      accept(started);
    },
    [accept],
  );

  const clear = useCallback(() => {
    setJob(null);
    setEta(null);
  }, []);

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
