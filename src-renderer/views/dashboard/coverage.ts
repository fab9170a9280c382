/**
 * Log coverage, the first thing an auditor checks for completeness: per source, one cell per
 * UTC day of the engagement period (the engine counts per UTC day), coloured by how many
 * events that day holds, with the gaps of 24 h or more and the retention reach.
 * Pure functions (test/unit/renderer/dashboardCoverage.test.ts).
 */
import type { Coverage } from '../../../src-shared/query';
import { parseDay } from '../../../src-shared/time';
import { DAY_MICROS, isoUtc, toMicros } from './range';

export type CoverageSource = Coverage['sources'][number];

/** Heat levels 1..HEAT_LEVELS for days with events; 0 is a day without any. */
export const HEAT_LEVELS = 5;

/**
 * The colour step of a day: 0 for none, else 1..5 on a logarithmic scale of the source's
 * busiest day — audit volume is heavy-tailed (a quiet Sunday holds a few events, a batch day
 * thousands), and a linear scale would paint every ordinary day in the lowest step.
 */
export function heatLevel(count: number, max: number, levels = HEAT_LEVELS): number {
  if (!(count > 0)) return 0;
  if (!(max > 1) || count >= max) return levels;
  const level = Math.ceil((levels * Math.log1p(count)) / Math.log1p(max));
  return Math.min(levels, Math.max(1, level));
}

/** The first day of a period bound: a date, or the UTC day of an instant. */
function firstDay(text: string): number | null {
  return parseDay(text.slice(0, 10)) ?? null;
}

/**
 * Every UTC day of the period, `YYYY-MM-DD`. A bare date `to` is included (the engagement's
 * period); an instant `to` is exclusive, so `…T00:00:00Z` ends on the day before.
 */
export function periodDays(from: string, to: string, maxDays = 3660): string[] {
  const start = firstDay(from);
  let end: number | null;
  if (/^\d{4}-\d{2}-\d{2}$/.test(to)) end = parseDay(to);
  else {
    const exclusive = toMicros(to);
    end = exclusive === null ? null : Math.ceil(exclusive / DAY_MICROS) * DAY_MICROS - DAY_MICROS;
  }
  if (start === null || end === null || end < start) return [];
  const days: string[] = [];
  for (let day = start; day <= end && days.length < maxDays; day += DAY_MICROS) days.push(isoUtc(day).slice(0, 10));
  return days;
}

/** Durations in words: `5 h`, `1 day 6 h`, `12 days`. */
export function formatHours(hours: number): string {
  if (!Number.isFinite(hours) || hours < 0) return '—';
  if (hours < 48) {
    const rounded = Math.round(hours * 10) / 10;
    return `${Number.isInteger(rounded) ? rounded : rounded.toFixed(1)} h`;
  }
  const days = Math.floor(hours / 24);
  const rest = Math.round(hours - days * 24);
  const dayText = `${days} ${days === 1 ? 'day' : 'days'}`;
  return rest === 0 || days >= 10 ? dayText : `${dayText} ${rest} h`;
}

export interface DayCell {
  day: string;
  count: number;
  level: number;
  /** the day lies (at least partly) inside a gap */
  inGap: boolean;
  /** the day lies before what the source could still provide (its retention reach) */
  beyondRetention: boolean;
}

export interface SourceCoverage {
  sourceId: string;
  cells: DayCell[];
  max: number;
  daysWithEvents: number;
  total: number;
  gaps: CoverageSource['gaps'];
  longestGapHours: number;
  /** the retention reach as a day inside the period, or null */
  retentionDay: string | null;
  summary: string;
}

/** Days `[from, to)` touched by a gap (a gap's bounds are instants). */
function gapDays(gaps: CoverageSource['gaps']): Set<string> {
  const days = new Set<string>();
  for (const gap of gaps) {
    const from = toMicros(gap.from);
    const to = toMicros(gap.to);
    if (from === null || to === null || to <= from) continue;
    for (let day = Math.floor(from / DAY_MICROS) * DAY_MICROS; day < to && days.size < 100_000; day += DAY_MICROS) {
      days.add(isoUtc(day).slice(0, 10));
    }
  }
  return days;
}

export function summarise(source: CoverageSource, days: readonly string[]): SourceCoverage {
  const inGap = gapDays(source.gaps);
  const retention = source.retentionFrom === null ? null : toMicros(source.retentionFrom);
  const retentionDay = retention === null ? null : isoUtc(Math.floor(retention / DAY_MICROS) * DAY_MICROS).slice(0, 10);
  let max = 0;
  for (const day of days) max = Math.max(max, source.perDay[day] ?? 0);
  let daysWithEvents = 0;
  let total = 0;
  const cells = days.map((day) => {
    const count = source.perDay[day] ?? 0;
    if (count > 0) daysWithEvents += 1;
    total += count;
    return {
      day,
      count,
      level: heatLevel(count, max),
      inGap: inGap.has(day),
      beyondRetention: retentionDay !== null && day < retentionDay,
    };
  });
  const longestGapHours = source.gaps.reduce((longest, gap) => Math.max(longest, gap.hours), 0);
  const gapWord = source.gaps.length === 1 ? 'gap' : 'gaps';
  const summary = [
    `${daysWithEvents} of ${days.length} ${days.length === 1 ? 'day' : 'days'} with events`,
    `${source.gaps.length} ${gapWord}`,
    ...(source.gaps.length ? [`longest ${formatHours(longestGapHours)}`] : []),
  ].join(', ');
  return {
    sourceId: source.sourceId,
    cells,
    max,
    daysWithEvents,
    total,
    gaps: source.gaps,
    longestGapHours,
    retentionDay: retentionDay !== null && days.length > 0 && retentionDay >= (days[0] ?? '') && retentionDay <= (days.at(-1) ?? '') ? retentionDay : null,
    summary,
  };
}
