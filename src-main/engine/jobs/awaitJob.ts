/** Follows a job through any EngineClient to its end: events for progress, a poll for certainty. */
import type { Job } from '../../../src-shared/jobs';
import { isFinished } from '../../../src-shared/jobs';
import type { EngineClient } from '../engineClient';

export async function awaitJob(client: EngineClient, jobId: string, onProgress: (job: Job) => void = () => {}): Promise<Job> {
  let finish: (job: Job) => void = () => {};
  const finished = new Promise<Job>((resolve) => {
    finish = resolve;
  });
  const unsubscribe = client.onEvent((event) => {
    if (event.type !== 'job' || event.job.id !== jobId) return;
    if (isFinished(event.job.status)) finish(event.job);
    else onProgress(event.job);
  });
  // Progress events are throttled; asking now and then makes the end certain.
  const poll = setInterval(() => {
    void client.call('jobs.get', { id: jobId }).then((r) => {
      if (r.ok && isFinished(r.value.status)) finish(r.value);
    });
  }, 500);
  try {
    return await finished;
  } finally {
    clearInterval(poll);
    unsubscribe();
  }
}
