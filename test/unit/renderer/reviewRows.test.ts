import { describe, expect, it } from 'vitest';
import { reviewRows, type ReviewFile } from '../../../src-renderer/views/import/review';

function file(i: number, over: { platformName?: string | null; problem?: string | null; format?: string; size?: number } = {}): ReviewFile {
  const platformName = over.platformName === undefined ? 'AWS CloudTrail' : over.platformName;
  return {
    path: `/logs/part-${i}.json.gz`,
    label: `part-${i}.json.gz`,
    inspected: {
      path: `/logs/part-${i}.json.gz`,
      size: over.size ?? 1000,
      problem: over.problem ?? null,
      parts: [{ part: `part-${i}.json`, format: over.format ?? 'json', platform: platformName === null ? null : 'aws-cloudtrail', platformName, score: 1, header: null, sample: null }],
    },
    format: 'auto',
    choice: { kind: 'detected' },
  };
}

describe('the rows of the import review', () => {
  it('lists every file while there are few', () => {
    const files = Array.from({ length: 5 }, (_, i) => file(i));
    expect(reviewRows(files, 200)).toEqual({ shown: files, summarised: [] });
  });

  it('past the limit, lists what needs attention or was changed, then ready files, and sums up the rest by what was detected', () => {
    const files = Array.from({ length: 1000 }, (_, i) => file(i, { format: i % 10 === 0 ? 'ndjson' : 'json' }));
    files[700] = file(700, { platformName: null, problem: 'not recognised' });
    files[900] = { ...file(900), choice: { kind: 'profile', name: 'acme' } };
    const { shown, summarised } = reviewRows(files, 50);
    expect(shown).toHaveLength(50);
    // In their own order: the first 48 ready files, then the two that cannot stay summed up.
    expect(shown.map((f) => f.path)).toEqual([...files.slice(0, 48), files[700]!, files[900]!].map((f) => f.path));
    expect(summarised).toEqual([
      { detected: 'JSON → AWS CloudTrail', files: 857, bytes: 857_000 },
      { detected: 'NDJSON → AWS CloudTrail', files: 93, bytes: 93_000 },
    ]);
    expect(shown.length + summarised.reduce((n, g) => n + g.files, 0)).toBe(files.length);
  });

  it('never sums up a file that needs attention, however many there are', () => {
    const files = Array.from({ length: 300 }, (_, i) => file(i, { platformName: null, problem: 'not recognised' }));
    expect(reviewRows(files, 50)).toEqual({ shown: files, summarised: [] });
  });
});
