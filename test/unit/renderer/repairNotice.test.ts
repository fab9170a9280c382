import { describe, expect, it } from 'vitest';
import type { Job } from '../../../src-shared/jobs';
import { repairNotice } from '../../../src-renderer/views/repairNotice';

function job(overrides: Partial<Job>): Job {
  return {
    id: 'job_1',
    kind: 'indexes',
    status: 'RUNNING',
    createdAt: '2026-12-07T10:00:00.000Z',
    finishedAt: null,
    progress: { phase: 'indexing', done: 3, total: 12, unit: 'steps', rate: 0, detail: 'browse indexes: sorted 393,216 of 1,000,000 events into runs' },
    error: null,
    result: null,
    ...overrides,
  };
}

describe('the index repair notice', () => {
  it('while it runs: what it does, how far, and what waits', () => {
    expect(repairNotice(job({}))).toEqual({
      tone: 'working',
      percent: 25,
      text: 'An import was interrupted when this engagement was last open. Bringing its indexes up to date (browse indexes: sorted 393,216 of 1,000,000 events into runs). The event list stays complete meanwhile but may be slow, and imports and syncs wait, until this has finished.',
    });
    expect(repairNotice(job({ progress: { phase: 'indexing', done: 0, total: null, unit: 'events', rate: 0, detail: null } })).percent).toBeNull();
  });

  it('once complete: what it rebuilt and made searchable', () => {
    const done = job({ status: 'COMPLETED', result: { indexes: ['events_time', 'events_actor'], searchable: 1, complete: true } });
    expect(repairNotice(done)).toEqual({
      tone: 'done',
      percent: null,
      text: 'Indexes are up to date after the interrupted import: rebuilt 2 browse indexes, made 1 event searchable. Recorded in the activity log.',
    });
    expect(repairNotice(job({ status: 'COMPLETED', result: { indexes: [], searchable: 0, complete: true } })).text).toBe(
      'Indexes are up to date after the interrupted import. Recorded in the activity log.',
    );
  });

  it('failed, cancelled or incomplete: says so, and that the next open tries again', () => {
    const failed = repairNotice(job({ status: 'FAILED', error: { code: 'INTERNAL', message: 'unexpected error: disk I/O error' } }));
    expect(failed).toMatchObject({ tone: 'failed', text: expect.stringContaining('could not be brought up to date: unexpected error: disk I/O error. The event list stays complete') });
    expect(repairNotice(job({ status: 'CANCELLED', result: { indexes: [], searchable: 0, complete: false } })).tone).toBe('failed');
    expect(repairNotice(job({ status: 'COMPLETED', result: { indexes: ['events_time'], searchable: 0, complete: false } })).tone).toBe('failed');
  });
});
