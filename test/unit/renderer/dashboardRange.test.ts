import { describe, expect, it } from 'vitest';
import { bucketCount, dayRange, isoUtc, isWholeDays, lastIncludedDay, lastRangeEnd, presetRange, toMicros, type RangeContext } from '../../../src-renderer/views/dashboard/range';

const context: RangeContext = {
  period: { from: '2026-01-01', to: '2026-06-30' },
  custom: { from: '2026-03-01', to: '2026-03-07' },
  latest: '2026-06-30T21:14:05.123456Z',
  nowMicros: Date.UTC(2030, 0, 1) * 1000,
};

describe('dashboard range presets', () => {
  it('reads the engagement period as whole UTC days, the last day included', () => {
    expect(presetRange('period', context)).toEqual({ ok: true, range: { from: '2026-01-01T00:00:00Z', to: '2026-07-01T00:00:00Z' } });
  });

  it('counts "last 24 hours" back from the first whole hour after the latest event, not from the clock', () => {
    expect(presetRange('24h', context)).toEqual({ ok: true, range: { from: '2026-06-29T22:00:00Z', to: '2026-06-30T22:00:00Z' } });
  });

  it('counts 7 and 30 days back from the same end', () => {
    expect(presetRange('7d', context)).toEqual({ ok: true, range: { from: '2026-06-23T22:00:00Z', to: '2026-06-30T22:00:00Z' } });
    expect(presetRange('30d', context)).toEqual({ ok: true, range: { from: '2026-05-31T22:00:00Z', to: '2026-06-30T22:00:00Z' } });
  });

  it('includes a latest event that falls exactly on the hour', () => {
    const end = lastRangeEnd(toMicros('2026-06-30T21:00:00Z') ?? 0);
    expect(isoUtc(end)).toBe('2026-06-30T22:00:00Z');
  });

  it('falls back to the clock when the engagement holds no events', () => {
    expect(presetRange('24h', { ...context, latest: null })).toEqual({ ok: true, range: { from: '2029-12-31T01:00:00Z', to: '2030-01-01T01:00:00Z' } });
  });

  it('turns custom dates into whole UTC days', () => {
    expect(presetRange('custom', context)).toEqual({ ok: true, range: { from: '2026-03-01T00:00:00Z', to: '2026-03-08T00:00:00Z' } });
  });

  it('says what is wrong with custom dates in words', () => {
    expect(dayRange({ from: '2026-03-07', to: '2026-03-01' })).toEqual({ ok: false, problem: 'The end date is before the start date.' });
    expect(dayRange({ from: '', to: '2026-03-01' })).toEqual({ ok: false, problem: 'Choose both dates.' });
  });

  it('keeps microseconds in ISO bounds and drops an empty fraction', () => {
    expect(isoUtc(toMicros('2026-05-17T08:00:00.000001Z') ?? 0)).toBe('2026-05-17T08:00:00.000001Z');
    expect(isoUtc(toMicros('2026-05-17') ?? 0)).toBe('2026-05-17T00:00:00Z');
  });

  it('recognises whole-day ranges and their last included day', () => {
    const range = { from: '2026-01-01T00:00:00Z', to: '2026-07-01T00:00:00Z' };
    expect(isWholeDays(range)).toBe(true);
    expect(lastIncludedDay(range)).toBe('2026-06-30');
    expect(isWholeDays({ from: '2026-06-29T22:00:00Z', to: '2026-06-30T22:00:00Z' })).toBe(false);
  });
});

describe('histogram bucket count', () => {
  it('asks for buckets that fall on clock boundaries', () => {
    expect(bucketCount({ from: '2026-06-29T22:00:00Z', to: '2026-06-30T22:00:00Z' })).toBe(96); // 15 min
    expect(bucketCount({ from: '2026-06-23T22:00:00Z', to: '2026-06-30T22:00:00Z' })).toBe(84); // 2 h
    expect(bucketCount({ from: '2026-05-31T22:00:00Z', to: '2026-06-30T22:00:00Z' })).toBe(120); // 6 h
    expect(bucketCount({ from: '2026-01-01T00:00:00Z', to: '2026-07-01T00:00:00Z' })).toBe(181); // 1 day
  });

  it('stays within the contract for odd ranges', () => {
    const count = bucketCount({ from: '2026-01-01T00:00:00.000001Z', to: '2026-01-01T07:13:00Z' });
    expect(count).toBeGreaterThanOrEqual(1);
    expect(count).toBeLessThanOrEqual(500);
    expect(bucketCount({ from: '2026-01-02T00:00:00Z', to: '2026-01-01T00:00:00Z' })).toBe(1);
  });
});
