import { describe, expect, it } from 'vitest';
import {
  brushRange,
  bucketAt,
  formatWidth,
  keyTotals,
  labelIndexes,
  layoutHistogram,
  moveBrush,
  niceCeiling,
} from '../../../src-renderer/views/dashboard/histogramLayout';

const box = { width: 440, height: 220, left: 40, right: 0, top: 20, bottom: 0 };
const histogram = {
  start: '2026-03-01T00:00:00Z',
  widthMicros: 3_600_000_000,
  keys: ['INFO', 'WARNING', 'ERROR', 'CRITICAL'],
  counts: [
    [10, 0, 0, 0],
    [50, 20, 5, 1],
    [0, 0, 0, 0],
    [4, 0, 0, 0],
  ],
};

describe('histogram layout', () => {
  it('gives each bucket an equal slot across the plot', () => {
    const layout = layoutHistogram(histogram, box);
    expect(layout.slot).toBe(100);
    expect(layout.bars.map((bar) => Math.round(bar.x))).toEqual([41, 141, 241, 341]);
  });

  it('stacks the segments bottom-up in key order and scales to a nice maximum', () => {
    const layout = layoutHistogram(histogram, box);
    expect(layout.yMax).toBe(100);
    const busiest = layout.bars[1];
    expect(busiest?.total).toBe(76);
    expect(busiest?.segments.map((s) => s.key)).toEqual(['INFO', 'WARNING', 'ERROR', 'CRITICAL']);
    // 200 px of plot for 100 events: 2 px per event, from the bottom (y = 220) up.
    expect(busiest?.segments.map((s) => [s.y, s.height])).toEqual([
      [120, 100],
      [80, 40],
      [70, 10],
      [68, 2],
    ]);
  });

  it('draws nothing for an empty bucket', () => {
    expect(layoutHistogram(histogram, box).bars[2]?.segments).toEqual([]);
  });

  it('totals each key for the legend', () => {
    expect(keyTotals(histogram)).toEqual([64, 20, 5, 1]);
  });

  it('rounds the axis up to 1, 2, 2.5 or 5 times a power of ten', () => {
    expect([0, 1, 7, 11, 21, 76, 101, 240, 251, 4999].map(niceCeiling)).toEqual([1, 1, 10, 20, 25, 100, 200, 250, 500, 5000]);
  });

  it('finds the bucket under the pointer, clamped at the edges', () => {
    const layout = layoutHistogram(histogram, box);
    expect(bucketAt(40, layout)).toBe(0);
    expect(bucketAt(239.9, layout)).toBe(1);
    expect(bucketAt(5, layout)).toBe(0);
    expect(bucketAt(10_000, layout)).toBe(3);
  });
});

describe('brushing', () => {
  it('selects from the first brushed bucket start to the last one end, in either drag direction', () => {
    expect(brushRange(histogram, 1, 2)).toEqual({ from: '2026-03-01T01:00:00Z', to: '2026-03-01T03:00:00Z' });
    expect(brushRange(histogram, 2, 1)).toEqual({ from: '2026-03-01T01:00:00Z', to: '2026-03-01T03:00:00Z' });
  });

  it('selects a single bucket on a click', () => {
    expect(brushRange(histogram, 3, 3)).toEqual({ from: '2026-03-01T03:00:00Z', to: '2026-03-01T04:00:00Z' });
  });

  it('clips the selection to the range the chart was asked for', () => {
    expect(brushRange(histogram, 0, 3, { from: '2026-03-01T00:30:00Z', to: '2026-03-01T03:15:00Z' })).toEqual({
      from: '2026-03-01T00:30:00Z',
      to: '2026-03-01T03:15:00Z',
    });
  });

  it('selects nothing from an empty histogram', () => {
    expect(brushRange({ start: null, widthMicros: 0 }, 0, 1)).toBeNull();
  });

  it('moves the keyboard cursor and extends the selection with Shift', () => {
    let state = moveBrush({ anchor: 0, cursor: 0 }, 'ArrowRight', false, 4);
    expect(state).toEqual({ anchor: 1, cursor: 1 });
    state = moveBrush(state, 'ArrowRight', true, 4);
    state = moveBrush(state, 'ArrowRight', true, 4);
    expect(state).toEqual({ anchor: 1, cursor: 3 });
    expect(moveBrush(state, 'ArrowRight', true, 4)).toEqual({ anchor: 1, cursor: 3 });
    expect(moveBrush(state, 'Home', false, 4)).toEqual({ anchor: 0, cursor: 0 });
    expect(moveBrush(state, 'End', true, 4)).toEqual({ anchor: 1, cursor: 3 });
  });
});

describe('axis labels', () => {
  it('spreads about the wanted number of labels and keeps the first', () => {
    expect(labelIndexes(3, 6)).toEqual([0, 1, 2]);
    expect(labelIndexes(181, 7)).toEqual([0, 30, 60, 90, 120, 150, 180]);
    expect(labelIndexes(0, 5)).toEqual([]);
  });

  it('names bucket widths in words', () => {
    expect(formatWidth(15 * 60_000_000)).toBe('15 min');
    expect(formatWidth(6 * 3_600_000_000)).toBe('6 h');
    expect(formatWidth(86_400_000_000)).toBe('1 day');
    expect(formatWidth(7 * 86_400_000_000)).toBe('7 days');
  });
});
