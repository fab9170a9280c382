/**
 * The dashboard's time range (product doc 001, "Time range": Last 24 Hours, Last 7 Days,
 * Last 30 Days — plus the engagement period and custom dates).
 *
 * Decisions, so every number on the dashboard can be reproduced in the viewer or the CLI:
 *  - A range is `[from, to)` in UTC, the filter's own semantics (src-shared/query.ts).
 *  - Day-based ranges (the engagement period, custom dates) are whole UTC days, as the engine
 *    reads a bare period date (eventQueries `boundMicros`) and as log coverage counts days.
 *  - "Last N" counts back from the latest event in the engagement, not from the clock: audit
 *    data is historical, and an engagement about last quarter would show nothing for "the
 *    last 24 hours" of today. The end is the first whole UTC hour after that event, so the
 *    histogram's buckets fall on the hour. With no events at all there is nothing to anchor
 *    to, and the clock is used instead.
 * Pure functions only (no DOM), unit-tested in test/unit/renderer/dashboardRange.test.ts.
 */
import { formatMicros, parseDay, parseInstant } from '../../../src-shared/time';

export const RANGE_PRESETS = ['period', '24h', '7d', '30d', 'custom'] as const;
export type RangePreset = (typeof RANGE_PRESETS)[number];

export const HOUR_MICROS = 3_600_000_000;
export const DAY_MICROS = 24 * HOUR_MICROS;

const LAST_DAYS: Record<'24h' | '7d' | '30d', number> = { '24h': 1, '7d': 7, '30d': 30 };

/** `[from, to)` as ISO-8601 UTC strings (what the filter, the dashboard and the URL carry). */
export interface TimeRange {
  from: string;
  to: string;
}

/** Calendar dates `YYYY-MM-DD`, both included. */
export interface DayRange {
  from: string;
  to: string;
}

export interface RangeContext {
  /** the engagement period */
  period: DayRange;
  /** the custom dates typed by the auditor (either may still be empty) */
  custom: DayRange;
  /** the latest event in the engagement (ISO UTC), or null when it holds none */
  latest: string | null;
  /** the clock, UTC microseconds: only used when there is no latest event */
  nowMicros: number;
}

export type RangeResult = { ok: true; range: TimeRange } | { ok: false; problem: string };

export function presetLabel(preset: RangePreset, period?: DayRange): string {
  switch (preset) {
    case 'period':
      return period ? `Engagement period (${period.from} – ${period.to})` : 'Engagement period';
    case '24h':
      return 'Last 24 hours of data';
    case '7d':
      return 'Last 7 days of data';
    case '30d':
      return 'Last 30 days of data';
    case 'custom':
      return 'Custom dates (UTC)';
  }
}

/** `2026-05-17T08:00:00Z`; the fraction only when there is one (microseconds, never rounded). */
export function isoUtc(micros: number): string {
  const full = formatMicros(micros);
  return full.endsWith('.000000Z') ? `${full.slice(0, 19)}Z` : full;
}

/** UTC microseconds of an ISO instant or a bare date (its start), or null. */
export function toMicros(text: string): number | null {
  return parseDay(text) ?? parseInstant(text)?.micros ?? null;
}

/** The whole UTC days `from`..`to` (both included) as `[from 00:00Z, day after to 00:00Z)`. */
export function dayRange(days: DayRange): RangeResult {
  if (!days.from || !days.to) return { ok: false, problem: 'Choose both dates.' };
  const from = parseDay(days.from);
  const to = parseDay(days.to);
  if (from === null) return { ok: false, problem: `${days.from} is not a date.` };
  if (to === null) return { ok: false, problem: `${days.to} is not a date.` };
  if (to < from) return { ok: false, problem: 'The end date is before the start date.' };
  return { ok: true, range: { from: isoUtc(from), to: isoUtc(to + DAY_MICROS) } };
}

/** The end of a "last N" range: the first whole UTC hour strictly after the anchor. */
export function lastRangeEnd(anchorMicros: number): number {
  return (Math.floor(anchorMicros / HOUR_MICROS) + 1) * HOUR_MICROS;
}

export function presetRange(preset: RangePreset, context: RangeContext): RangeResult {
  if (preset === 'period') return dayRange(context.period);
  if (preset === 'custom') return dayRange(context.custom);
  const anchor = (context.latest === null ? null : toMicros(context.latest)) ?? context.nowMicros;
  const to = lastRangeEnd(anchor);
  return { ok: true, range: { from: isoUtc(to - LAST_DAYS[preset] * DAY_MICROS), to: isoUtc(to) } };
}

/** Whether a range starts and ends on UTC midnights (then it reads best as dates). */
export function isWholeDays(range: TimeRange): boolean {
  const from = toMicros(range.from);
  const to = toMicros(range.to);
  return from !== null && to !== null && from % DAY_MICROS === 0 && to % DAY_MICROS === 0;
}

/** The last day a whole-day range includes (`to` is exclusive). */
export function lastIncludedDay(range: TimeRange): string {
  const to = toMicros(range.to);
  return to === null ? range.to : isoUtc(to - DAY_MICROS).slice(0, 10);
}

// The engine's nice widths (store/dashboardQueries.ts `bucketLayout`), in minutes.
const NICE_WIDTHS_MINUTES = [1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440, 2880, 4320, 10_080, 20_160, 43_200];
const TARGET_BUCKETS = 100;
const MAX_BUCKETS = 400;

/**
 * How many histogram buckets to ask for. The engine takes the number as a ceiling and picks
 * the narrowest nice width (15 min, 1 h, 6 h, 1 day…) that needs no more, aligned to it; asking
 * for exactly range / width of a nice width that divides the range makes the buckets tile the
 * range with none hanging over its ends. Among those widths, the count nearest ~100 (on a log
 * scale) is taken.
 */
export function bucketCount(range: TimeRange): number {
  const from = toMicros(range.from);
  const to = toMicros(range.to);
  if (from === null || to === null || to <= from) return 1;
  const span = to - from;
  let best: { count: number; score: number } | null = null;
  for (const minutes of NICE_WIDTHS_MINUTES) {
    const width = minutes * 60_000_000;
    if (span % width !== 0) continue;
    const count = span / width;
    if (count > MAX_BUCKETS || count < 1) continue;
    const score = Math.abs(Math.log(count / TARGET_BUCKETS));
    if (!best || score < best.score) best = { count, score };
  }
  if (best) return best.count;
  // No nice width divides the range exactly: the nearest nice width, at most 400 buckets.
  const fallback = NICE_WIDTHS_MINUTES.map((minutes) => Math.ceil(span / (minutes * 60_000_000))).find((count) => count <= TARGET_BUCKETS * 1.5);
  return Math.max(1, Math.min(MAX_BUCKETS, fallback ?? TARGET_BUCKETS));
}
