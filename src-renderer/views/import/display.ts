/** Words and numbers the import view shows. */
import type { Job } from '../../../src-shared/jobs';
import { formatCount, formatDuration } from '../../format';

const UNITS = ['bytes', 'KB', 'MB', 'GB', 'TB'] as const;

/** 1,024-based, one decimal from KB up: "532 bytes", "4.2 MB". */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${formatCount(value)} ${value === 1 ? 'byte' : 'bytes'}` : `${value.toFixed(1)} ${UNITS[unit]}`;
}

const FORMAT_NAMES: Readonly<Record<string, string>> = { ndjson: 'NDJSON', json: 'JSON', csv: 'CSV', xlsx: 'XLSX', auto: 'Auto' };

export function formatName(format: string): string {
  return FORMAT_NAMES[format] ?? format.toUpperCase();
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

export const PHASES: Readonly<Record<string, string>> = {
  queued: 'Waiting',
  import: 'Reading and storing events',
  indexing: 'Building the indexes',
};

/** A count in its unit: "4.2 MB", "3 steps", "1,200 events". */
export function amount(value: number, unit: Job['progress']['unit']): string {
  if (unit === 'bytes') return formatBytes(value);
  return `${formatCount(value)} ${unit === 'steps' ? (value === 1 ? 'step' : 'steps') : unit}`;
}

/**
 * The numbers under the bar: this phase's share done, events/s, and its time left, which is
 * not the job's when a phase follows (a bulk import builds the browse indexes after storing).
 */
export function progressNumbers(progress: Job['progress'], eta: number | null): string {
  const percent = progress.total ? Math.min(100, Math.floor((progress.done / progress.total) * 100)) : null;
  const share = percent !== null ? `${percent}% of this phase` : `${amount(progress.done, progress.unit)} done`;
  const next = progress.next ? (PHASES[progress.next] ?? progress.next).toLowerCase() : null;
  const left = eta !== null ? ` · about ${formatDuration(eta)} left${next ? ` in this phase, then ${next}` : ''}` : next ? ` · then ${next}` : '';
  return `${share} · ${formatCount(progress.rate)} events/s${left}`;
}
