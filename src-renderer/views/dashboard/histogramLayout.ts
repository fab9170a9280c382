/**
 * Geometry of the events-over-time histogram, kept apart from React so it can be unit-tested
 * (test/unit/renderer/dashboardHistogram.test.ts): stacked bar layout, a "nice" y axis,
 * which bucket a pointer is over, and the time range a brushed run of buckets stands for.
 */
import type { Histogram } from '../../../src-shared/query';
import { isoUtc, toMicros, type TimeRange } from './range';

export interface ChartBox {
  width: number;
  height: number;
  /** room for the y-axis labels on the left and the x-axis labels below */
  left: number;
  right: number;
  top: number;
  bottom: number;
}

export interface Segment {
  key: string;
  count: number;
  y: number;
  height: number;
}

export interface Bar {
  index: number;
  x: number;
  width: number;
  total: number;
  segments: Segment[];
}

export interface HistogramLayout {
  bars: Bar[];
  /** the left edge and the width of one bucket's slot (the bar is inset inside it) */
  plotLeft: number;
  plotWidth: number;
  plotTop: number;
  plotBottom: number;
  slot: number;
  yMax: number;
  yTicks: { value: number; y: number }[];
}

/** The smallest 1·10^k, 2·10^k, 2.5·10^k or 5·10^k at or above `value` (at least 1). */
export function niceCeiling(value: number): number {
  if (!(value > 1)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) {
    const candidate = step * power;
    if (candidate >= value) return Number.isInteger(candidate) ? candidate : Math.ceil(candidate);
  }
  return 10 * power;
}

/** Total per bucket. */
export function bucketTotals(histogram: Pick<Histogram, 'counts'>): number[] {
  return histogram.counts.map((row) => row.reduce((sum, n) => sum + n, 0));
}

/** Total per key over all buckets (for the legend). */
export function keyTotals(histogram: Pick<Histogram, 'counts' | 'keys'>): number[] {
  return histogram.keys.map((_, k) => histogram.counts.reduce((sum, row) => sum + (row[k] ?? 0), 0));
}

/**
 * Stacked bars bottom-up in the order of `keys` (the engine orders categories and severities
 * as the contract lists them), one slot per bucket across the plot.
 */
export function layoutHistogram(histogram: Pick<Histogram, 'counts' | 'keys'>, box: ChartBox): HistogramLayout {
  const plotLeft = box.left;
  const plotWidth = Math.max(1, box.width - box.left - box.right);
  const plotTop = box.top;
  const plotBottom = Math.max(box.top + 1, box.height - box.bottom);
  const plotHeight = plotBottom - plotTop;
  const n = histogram.counts.length;
  const slot = n > 0 ? plotWidth / n : plotWidth;
  // A hairline gap between bars while they are wide enough to afford one.
  const gap = slot >= 4 ? Math.min(2, slot * 0.15) : 0;
  const totals = bucketTotals(histogram);
  const yMax = niceCeiling(Math.max(0, ...totals));
  const scale = plotHeight / yMax;

  const bars = histogram.counts.map((row, index) => {
    let base = plotBottom;
    const segments: Segment[] = [];
    row.forEach((count, k) => {
      if (count <= 0) return;
      const height = count * scale;
      base -= height;
      segments.push({ key: histogram.keys[k] ?? String(k), count, y: base, height });
    });
    return { index, x: plotLeft + index * slot + gap / 2, width: Math.max(0.5, slot - gap), total: totals[index] ?? 0, segments };
  });

  const yTicks = [0, yMax / 2, yMax].filter((value, i, all) => all.indexOf(value) === i && Number.isInteger(value)).map((value) => ({ value, y: plotBottom - value * scale }));
  return { bars, plotLeft, plotWidth, plotTop, plotBottom, slot, yMax, yTicks };
}

/** The bucket under a horizontal position in chart coordinates, clamped to the first/last. */
export function bucketAt(x: number, layout: Pick<HistogramLayout, 'plotLeft' | 'slot' | 'bars'>): number {
  const n = layout.bars.length;
  if (n === 0) return 0;
  const index = Math.floor((x - layout.plotLeft) / layout.slot);
  return Math.min(n - 1, Math.max(0, index));
}

/** `[start of bucket i, start of bucket i + 1)` in UTC microseconds. */
export function bucketBounds(startMicros: number, widthMicros: number, index: number): { from: number; to: number } {
  return { from: startMicros + index * widthMicros, to: startMicros + (index + 1) * widthMicros };
}

/**
 * The time range a brush over buckets `a`..`b` (either order, both included) selects:
 * from the first bucket's start to the last bucket's end, clipped to the range the chart was
 * asked for (a last bucket may reach past it when the range does not divide evenly).
 */
export function brushRange(histogram: Pick<Histogram, 'start' | 'widthMicros'>, a: number, b: number, clip?: TimeRange): TimeRange | null {
  if (histogram.start === null) return null;
  const start = toMicros(histogram.start);
  if (start === null) return null;
  let from = start + Math.min(a, b) * histogram.widthMicros;
  let to = start + (Math.max(a, b) + 1) * histogram.widthMicros;
  const lower = clip ? toMicros(clip.from) : null;
  const upper = clip ? toMicros(clip.to) : null;
  if (lower !== null) from = Math.max(from, lower);
  if (upper !== null) to = Math.min(to, upper);
  if (to <= from) return null;
  return { from: isoUtc(from), to: isoUtc(to) };
}

/** About `wanted` bucket indexes spread evenly for x-axis labels, first and last included. */
export function labelIndexes(buckets: number, wanted: number): number[] {
  if (buckets <= 0) return [];
  if (buckets <= wanted) return Array.from({ length: buckets }, (_, i) => i);
  const step = Math.ceil((buckets - 1) / Math.max(1, wanted - 1));
  const indexes: number[] = [];
  for (let i = 0; i < buckets; i += step) indexes.push(i);
  return indexes;
}

/** Moves a keyboard brush: the cursor moves; with `extend` the anchor stays where it was. */
export function moveBrush(
  state: { anchor: number; cursor: number },
  key: 'ArrowLeft' | 'ArrowRight' | 'Home' | 'End' | 'PageUp' | 'PageDown',
  extend: boolean,
  buckets: number,
): { anchor: number; cursor: number } {
  const last = Math.max(0, buckets - 1);
  const page = Math.max(1, Math.round(buckets / 10));
  const moves: Record<typeof key, number> = {
    ArrowLeft: state.cursor - 1,
    ArrowRight: state.cursor + 1,
    Home: 0,
    End: last,
    PageUp: state.cursor - page,
    PageDown: state.cursor + page,
  };
  const cursor = Math.min(last, Math.max(0, moves[key]));
  return { anchor: extend ? state.anchor : cursor, cursor };
}

/** A bucket width in words: `15 min`, `6 h`, `1 day`, `7 days`. */
export function formatWidth(widthMicros: number): string {
  const minutes = widthMicros / 60_000_000;
  if (minutes < 60) return `${Math.round(minutes * 10) / 10} min`;
  const hours = minutes / 60;
  if (hours < 24 || !Number.isInteger(hours / 24)) return `${Math.round(hours * 10) / 10} h`;
  const days = hours / 24;
  return `${days} ${days === 1 ? 'day' : 'days'}`;
}
