/**
 * Long work runs as a job: status, progress (phase, done, total, rate), cancel, a result, and
 * progress events to every transport, throttled so a fast import does not flood the UI.
 */
import { randomUUID } from 'node:crypto';
import type { Job, JobKind, JobProgress } from '../../../src-shared/jobs';
import { isFinished } from '../../../src-shared/jobs';
import { AppError } from '../../../src-shared/errors';

const PROGRESS_INTERVAL_MS = 100;

export interface JobControl {
  signal: AbortSignal;
  /** `events` is the count behind `rate` (events per second). */
  progress(update: Partial<Omit<JobProgress, 'rate'>> & { events?: number }): void;
}

interface Running {
  job: Job;
  abort: AbortController;
  done: Promise<void>;
  startedAt: number;
  lastEmit: number;
}

export interface StartOptions {
  /**
   * Jobs of one lane run one after another, in the order they were started; a job waits as
   * PENDING (phase `queued`) until the one before it has finished, whatever its ending.
   */
  lane?: string;
  /** the progress detail of a job waiting in its lane */
  waiting?: string;
}

/** A job's progress before its work has reported any. */
const startingProgress = (phase: string, detail: string | null = null): JobProgress => ({ phase, done: 0, total: null, unit: 'events', rate: 0, detail });

export class JobRunner {
  private readonly jobs = new Map<string, Running>();
  /** per lane, the end of the last job started in it */
  private readonly lanes = new Map<string, Promise<void>>();

  constructor(
    private readonly emit: (job: Job) => void,
    private readonly persist: (job: Job) => void = () => {},
  ) {}

  /**
   * `work` returns the job's result; a job aborted by cancel ends CANCELLED with that result. A
   * job cancelled while it waits in its lane still runs `work`, with the signal aborted, so it
   * ends with the result its kind always has (the work returns at once).
   */
  start(kind: JobKind, phase: string, work: (control: JobControl) => Promise<unknown>, options: StartOptions = {}): Job {
    const before = options.lane === undefined ? undefined : this.lanes.get(options.lane);
    const job: Job = {
      id: `job_${randomUUID()}`,
      kind,
      status: before ? 'PENDING' : 'RUNNING',
      createdAt: new Date().toISOString(),
      finishedAt: null,
      progress: before ? startingProgress('queued', options.waiting ?? 'waits for the job before it to finish') : startingProgress(phase),
      error: null,
      result: null,
    };
    const abort = new AbortController();
    const running: Running = { job, abort, done: Promise.resolve(), startedAt: performance.now(), lastEmit: 0 };
    this.jobs.set(job.id, running);
    this.persist(job);
    const control: JobControl = {
      signal: abort.signal,
      progress: (update) => {
        const { events, ...rest } = update;
        const elapsed = (performance.now() - running.startedAt) / 1000;
        // The phase announced as next belongs to the phase that announced it.
        const phaseChanged = rest.phase !== undefined && rest.phase !== job.progress.phase;
        const next = rest.next !== undefined ? rest.next : phaseChanged ? null : (job.progress.next ?? null);
        job.progress = { ...job.progress, ...rest, next, rate: events !== undefined && elapsed > 0 ? events / elapsed : job.progress.rate };
        const now = performance.now();
        if (now - running.lastEmit >= PROGRESS_INTERVAL_MS) {
          running.lastEmit = now;
          this.emit(structuredClone(job));
        }
      },
    };
    running.done = (async () => {
      // Let the caller receive the job before the first progress event.
      await Promise.resolve();
      if (before) {
        await before.catch(() => {});
        job.status = 'RUNNING';
        job.progress = startingProgress(phase);
        running.startedAt = performance.now();
        running.lastEmit = running.startedAt;
        this.persist(job);
        this.emit(structuredClone(job));
      }
      try {
        job.result = await work(control);
        job.status = abort.signal.aborted ? 'CANCELLED' : 'COMPLETED';
      } catch (error) {
        job.status = abort.signal.aborted ? 'CANCELLED' : 'FAILED';
        job.error =
          error instanceof AppError
            ? error.toJSON()
            : { code: 'INTERNAL', message: `unexpected error: ${(error as Error).message}` };
      }
      job.finishedAt = new Date().toISOString();
      this.persist(job);
      this.emit(structuredClone(job));
    })();
    if (options.lane !== undefined) {
      const lane = options.lane;
      const end = running.done;
      this.lanes.set(lane, end);
      // The lane forgets a job once it ended, unless another was queued behind it meanwhile.
      const forget = () => {
        if (this.lanes.get(lane) === end) this.lanes.delete(lane);
      };
      end.then(forget, forget);
    }
    return structuredClone(job);
  }

  get(id: string): Job {
    const running = this.jobs.get(id);
    if (!running) throw new AppError('NOT_FOUND', `no job ${id}`);
    return structuredClone(running.job);
  }

  list(): Job[] {
    return [...this.jobs.values()].map((r) => structuredClone(r.job));
  }

  cancel(id: string): Job {
    const running = this.jobs.get(id);
    if (!running) throw new AppError('NOT_FOUND', `no job ${id}`);
    if (!isFinished(running.job.status)) running.abort.abort();
    return structuredClone(running.job);
  }

  /** Resolves when the job has finished (whatever its status). */
  async wait(id: string): Promise<Job> {
    const running = this.jobs.get(id);
    if (!running) throw new AppError('NOT_FOUND', `no job ${id}`);
    await running.done;
    return structuredClone(running.job);
  }

  /** Cancels every unfinished job and waits for all of them: used before closing the database. */
  async drain(): Promise<void> {
    for (const running of this.jobs.values()) if (!isFinished(running.job.status)) running.abort.abort();
    await Promise.all([...this.jobs.values()].map((r) => r.done));
  }

  /** Whether a job (of those `which` selects) has not finished. */
  hasRunning(which: (job: Job) => boolean = () => true): boolean {
    return [...this.jobs.values()].some((r) => !isFinished(r.job.status) && which(r.job));
  }
}
