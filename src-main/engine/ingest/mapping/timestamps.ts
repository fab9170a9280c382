/**
 * Every timestamp shape the tenant exports use, to UTC microseconds. ISO-8601 with a zone is
 * exact; a time without a zone (GitHub's "YYYY-MM-DD HH:MM:SS.fff", Panther fixtures, some
 * CSVs) is read as UTC and flagged `zoned: false` so the UI and reports can say so — never
 * guessed silently. Epoch numbers are told apart by magnitude (s, ms, µs, ns).
 */
import { parseInstant, type ParsedInstant } from '../../../../src-shared/time';
import { at, quote } from './values';

const EPOCH_DIGITS = /^-?\d{9,19}(\.\d+)?$/;
const COMPACT = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\.\d{1,9})?$/;

function fromEpoch(n: number): ParsedInstant | null {
  if (!Number.isFinite(n) || n <= 0) return null;
  let micros: number;
  if (n < 1e11) micros = Math.round(n * 1e6); // seconds (until year 5138)
  else if (n < 1e14) micros = Math.round(n * 1e3); // milliseconds
  else if (n < 1e17) micros = Math.round(n); // microseconds
  else micros = Math.round(n / 1e3); // nanoseconds
  return Number.isSafeInteger(micros) ? { micros, zoned: true } : null;
}

export function readInstant(value: unknown): ParsedInstant | null {
  if (typeof value === 'number') return fromEpoch(value);
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  if (trimmed === '') return null;
  // yyyyMMddHHmmss[.SSS] (Salesforce EventLogFile TIMESTAMP): a local time, not epoch ms
  // (a 14-digit epoch in ms would be after the year 2286).
  const compact = COMPACT.exec(trimmed);
  if (compact) {
    const [, y, mo, d, h, mi, s, frac] = compact;
    return parseInstant(`${y}-${mo}-${d}T${h}:${mi}:${s}${frac ?? ''}`);
  }
  if (EPOCH_DIGITS.test(trimmed)) return fromEpoch(Number(trimmed));
  // "2026-05-17 08:00:00 UTC" and "... +0000" spellings
  const normalised = trimmed.replace(/\s+(UTC|GMT)$/i, 'Z').replace(/\s+([+-]\d{2}:?\d{2})$/, '$1');
  return parseInstant(normalised);
}

/** Why the field at `path` is not a readable instant, naming the field and quoting the value. */
export function whyNotInstant(record: unknown, path: string): string {
  const value = at(record, path);
  if (value === undefined || value === null || value === '') return `field '${path}' is missing`;
  return `field '${path}' is not a timestamp: ${quote(value)}`;
}
