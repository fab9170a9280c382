import { describe, expect, it } from 'vitest';
import { formatHours, heatLevel, periodDays, summarise } from '../../../src-renderer/views/dashboard/coverage';

describe('coverage heat scale', () => {
  it('keeps level 0 for a day without events, whatever the maximum', () => {
    expect(heatLevel(0, 1000)).toBe(0);
    expect(heatLevel(0, 0)).toBe(0);
  });

  it('gives any day with events at least level 1 and the busiest day the top level', () => {
    expect(heatLevel(1, 10_000)).toBe(1);
    expect(heatLevel(10_000, 10_000)).toBe(5);
    expect(heatLevel(3, 3)).toBe(5);
    expect(heatLevel(1, 1)).toBe(5);
  });

  it('is logarithmic: a tenth of the busiest day is well above the lowest step', () => {
    expect(heatLevel(1000, 10_000)).toBe(4);
    expect(heatLevel(100, 10_000)).toBe(3);
    expect(heatLevel(10, 10_000)).toBe(2);
  });

  it('never decreases as the count grows', () => {
    let previous = 0;
    for (let count = 0; count <= 5000; count += 7) {
      const level = heatLevel(count, 5000);
      expect(level).toBeGreaterThanOrEqual(previous);
      previous = level;
    }
  });
});

describe('coverage days and summary', () => {
  it('lists every UTC day of a date period, both ends included', () => {
    const days = periodDays('2026-02-27', '2026-03-02');
    expect(days).toEqual(['2026-02-27', '2026-02-28', '2026-03-01', '2026-03-02']);
  });

  it('reads an instant end as exclusive', () => {
    expect(periodDays('2026-01-01T00:00:00Z', '2026-01-03T00:00:00Z')).toEqual(['2026-01-01', '2026-01-02']);
    expect(periodDays('2026-01-01T00:00:00Z', '2026-01-03T05:00:00Z')).toEqual(['2026-01-01', '2026-01-02', '2026-01-03']);
  });

  it('summarises days with events, gaps and the longest gap, and marks gap days', () => {
    const days = periodDays('2026-01-01', '2026-01-10');
    const coverage = summarise(
      {
        sourceId: 'okta',
        perDay: { '2026-01-01': 40, '2026-01-02': 3, '2026-01-06': 12, '2026-01-10': 1, '2025-12-31': 99 },
        first: '2026-01-01T08:00:00Z',
        last: '2026-01-10T09:00:00Z',
        gaps: [
          { from: '2026-01-02T17:00:00Z', to: '2026-01-06T08:00:00Z', hours: 87 },
          { from: '2026-01-06T18:00:00Z', to: '2026-01-10T09:00:00Z', hours: 87 + 0 },
        ],
        retentionFrom: '2026-01-04T12:00:00Z',
      },
      days,
    );
    expect(coverage.daysWithEvents).toBe(4);
    expect(coverage.total).toBe(56);
    expect(coverage.max).toBe(40);
    expect(coverage.summary).toBe('4 of 10 days with events, 2 gaps, longest 3 days 15 h');
    expect(coverage.cells.filter((c) => c.inGap).map((c) => c.day)).toEqual([
      '2026-01-02',
      '2026-01-03',
      '2026-01-04',
      '2026-01-05',
      '2026-01-06',
      '2026-01-07',
      '2026-01-08',
      '2026-01-09',
      '2026-01-10',
    ]);
    expect(coverage.retentionDay).toBe('2026-01-04');
    expect(coverage.cells.filter((c) => c.beyondRetention).map((c) => c.day)).toEqual(['2026-01-01', '2026-01-02', '2026-01-03']);
  });

  it('leaves out "longest" when there is no gap', () => {
    const days = periodDays('2026-01-01', '2026-01-02');
    const none = summarise({ sourceId: 's', perDay: { '2026-01-01': 1, '2026-01-02': 1 }, first: null, last: null, gaps: [], retentionFrom: null }, days);
    expect(none.summary).toBe('2 of 2 days with events, 0 gaps');
    expect(none.retentionDay).toBeNull();
  });

  it('writes durations in hours, then days', () => {
    expect(formatHours(24)).toBe('24 h');
    expect(formatHours(30.25)).toBe('30.3 h');
    expect(formatHours(48)).toBe('2 days');
    expect(formatHours(126)).toBe('5 days 6 h');
    expect(formatHours(24 * 12 + 5)).toBe('12 days');
  });
});
