import { describe, expect, it } from 'vitest';
import { JobRunner } from '../../../src-main/engine/jobs/jobRunner';
import type { Job } from '../../../src-shared/jobs';

/** A job's work that runs until the test lets it end. */
function gate() {
  let open!: (value: string) => void;
  const opened = new Promise<string>((resolve) => (open = resolve));
  return { open, opened };
}

function runner() {
  const events: Job[] = [];
  const persisted: string[] = [];
  return { jobs: new JobRunner((job) => events.push(job), (job) => persisted.push(`${job.id} ${job.status}`)), events, persisted };
}

describe('the job runner', () => {
  it('runs the jobs of one lane one after another, in the order started, the waiting ones PENDING', async () => {
    const { jobs, events, persisted } = runner();
    const order: string[] = [];
    const first = gate();
    const a = jobs.start('import', 'import', async () => {
      order.push('a starts');
      const result = await first.opened;
      order.push('a ends');
      return result;
    }, { lane: 'events' });
    const b = jobs.start('sync', 'sync', async () => {
      order.push('b starts');
      return 'b';
    }, { lane: 'events', waiting: 'after the import' });
    // Another lane and no lane at all do not wait.
    const c = jobs.start('export', 'export', async () => {
      order.push('c starts');
      return 'c';
    });
    expect(a.status).toBe('RUNNING');
    expect(b.status).toBe('PENDING');
    expect(b.progress).toMatchObject({ phase: 'queued', detail: 'after the import' });
    expect(c.status).toBe('RUNNING');
    await jobs.wait(c.id);
    expect(order).toEqual(['a starts', 'c starts']);
    expect(jobs.get(b.id).status).toBe('PENDING');

    first.open('a');
    expect((await jobs.wait(b.id)).result).toBe('b');
    expect(order).toEqual(['a starts', 'c starts', 'a ends', 'b starts']);
    // b was announced RUNNING, in its own phase, after a had finished.
    const bRunning = events.findIndex((j) => j.id === b.id && j.status === 'RUNNING');
    const aDone = events.findIndex((j) => j.id === a.id && j.status === 'COMPLETED');
    expect(aDone).toBeGreaterThanOrEqual(0);
    expect(bRunning).toBeGreaterThan(aDone);
    expect(events[bRunning]!.progress.phase).toBe('sync');
    // The jobs table follows it through every status.
    expect(persisted.filter((line) => line.startsWith(b.id))).toEqual([`${b.id} PENDING`, `${b.id} RUNNING`, `${b.id} COMPLETED`]);
  });

  it('starts the next job of the lane after one that failed, and runs a job cancelled while waiting with its signal aborted', async () => {
    const { jobs } = runner();
    const first = gate();
    const a = jobs.start('import', 'import', async () => {
      await first.opened;
      throw new Error('disk full');
    }, { lane: 'events' });
    let sawAborted: boolean | null = null;
    const b = jobs.start('import', 'import', async (control) => {
      sawAborted = control.signal.aborted;
      return { files: [] };
    }, { lane: 'events' });
    const c = jobs.start('sync', 'sync', async () => 'c', { lane: 'events' });
    expect(jobs.cancel(b.id).status).toBe('PENDING');
    first.open('');
    expect((await jobs.wait(a.id)).status).toBe('FAILED');
    const cancelled = await jobs.wait(b.id);
    expect(cancelled.status).toBe('CANCELLED');
    expect(cancelled.result).toEqual({ files: [] });
    expect(sawAborted).toBe(true);
    expect((await jobs.wait(c.id)).status).toBe('COMPLETED');
    // With the lane empty again, a new job runs at once.
    expect(jobs.start('sync', 'sync', async () => 'd', { lane: 'events' }).status).toBe('RUNNING');
  });

  it('keeps the phase announced as next while its phase lasts, and clears it when the phase changes', async () => {
    const { jobs } = runner();
    const seen: (string | null | undefined)[] = [];
    const job = jobs.start('import', 'import', async (control) => {
      const next = () => seen.push(jobs.get(job.id).progress.next);
      control.progress({ phase: 'import', done: 0, total: 10, unit: 'bytes', next: 'indexing' });
      next();
      control.progress({ phase: 'import', done: 5 });
      next();
      control.progress({ phase: 'indexing', detail: 'search index' });
      next();
      control.progress({ phase: 'finishing', next: 'report' });
      next();
      return null;
    });
    await jobs.wait(job.id);
    expect(seen).toEqual(['indexing', 'indexing', null, 'report']);
  });
});

