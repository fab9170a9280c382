import { describe, expect, it } from 'vitest';
import { progressNumbers } from '../../../src-renderer/views/import/display';
import type { JobProgress } from '../../../src-shared/jobs';

const importing: JobProgress = { phase: 'import', done: 300, total: 1000, unit: 'bytes', rate: 48_381, detail: '1m.ndjson', next: null };

describe('the numbers under an import progress bar', () => {
  it('states the time left as the phase’s when the indexes are built after it', () => {
    expect(progressNumbers({ ...importing, next: 'indexing' }, 20)).toBe('30% of this phase · 48,381 events/s · about 20 s left in this phase, then building the indexes');
    // Before there is an estimate, the phase that follows is still named.
    expect(progressNumbers({ ...importing, next: 'indexing' }, null)).toBe('30% of this phase · 48,381 events/s · then building the indexes');
  });

  it('states the time left alone when nothing follows, and counts without a total', () => {
    expect(progressNumbers(importing, 20)).toBe('30% of this phase · 48,381 events/s · about 20 s left');
    expect(progressNumbers({ ...importing, next: undefined }, null)).toBe('30% of this phase · 48,381 events/s');
    expect(progressNumbers({ ...importing, phase: 'indexing', total: null, done: 3, unit: 'steps', rate: 0 }, null)).toBe('3 steps done · 0 events/s');
  });
});
