import { isFinished, type Job } from '../../../src-shared/jobs';
import { useFollowedJob } from '../../jobs/useFollowedJob';

/** Follows one sync job (see jobs/useFollowedJob.ts); picks up a sync still running after a reload. */
export function useSyncJob(onFinished: (job: Job) => void) {
  const { job, accept } = useFollowedJob('sync', onFinished);
  return { job, running: job !== null && !isFinished(job.status), begin: accept, accept };
}
