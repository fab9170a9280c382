import { useCallback, useEffect, useRef, useState } from 'react';
import { isFinished, type Job, type JobKind } from '../../src-shared/jobs';
import { call, transport } from '../api';

const POLL_MS = 1000;

export interface FollowOptions {
  /** pick up a job of the kind that has already finished too (one the engine started itself) */
  pickUpFinished?: boolean;
}

/**
 * Follows one job of `kind` by its pushed events, with a one-second `jobs.get` poll as the
 * fallback should an event be lost; picks up a job of that kind still running from before a
 * reload, and calls `onFinished` once per finished job. `onUpdate` sees every accepted update
 * of a running job (the import view derives its time-left estimate there).
 */
export function useFollowedJob(kind: JobKind, onFinished: (job: Job) => void, onUpdate?: (job: Job) => void, options: FollowOptions = {}) {
  const pickUpFinished = options.pickUpFinished === true;
  const [job, setJob] = useState<Job | null>(null);
  const reported = useRef(new Set<string>());
  const onFinishedRef = useRef(onFinished);
  const onUpdateRef = useRef(onUpdate);
  useEffect(() => {
    onFinishedRef.current = onFinished;
    onUpdateRef.current = onUpdate;
  }, [onFinished, onUpdate]);

  // A job only moves forward: a late poll answer must not undo a pushed final state.
  const accept = useCallback((update: Job) => {
    setJob((current) => {
      if (current && current.id === update.id && isFinished(current.status) && !isFinished(update.status)) return current;
      return update;
    });
    if (!isFinished(update.status)) onUpdateRef.current?.(update);
  }, []);

  useEffect(() => {
    let cancelled = false;
    call('jobs.list', {})
      .then(({ jobs }) => {
        const found = jobs.find((candidate) => candidate.kind === kind && (pickUpFinished || !isFinished(candidate.status)));
        if (!cancelled && found) setJob((current) => current ?? found);
      })
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, [kind, pickUpFinished]);

  const jobId = job?.id ?? null;
  const finished = job ? isFinished(job.status) : true;

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

  const clear = useCallback(() => setJob(null), []);
  return { job, accept, clear };
}
