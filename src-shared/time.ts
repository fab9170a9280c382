/**
 * Timestamps are stored as integer microseconds since the Unix epoch, UTC (product doc 003:
 * "ISO 8601, microsecond precision"). JavaScript's Date only keeps milliseconds, so the
 * fractional part is parsed by hand and never rounded through a float.
 */

const ISO_PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|z|[+-]\d{2}:?\d{2})?$/;

export interface ParsedInstant {
  micros: number;
  /** false when the source gave no zone and UTC was assumed: such records are flagged. */
  zoned: boolean;
}

export function parseInstant(text: string): ParsedInstant | null {
  const m = ISO_PATTERN.exec(text.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s = '00', frac = '', zone] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) {
    return null;
  }
  const ms = Date.UTC(year, month - 1, day, hour, minute, Math.min(second, 59));
  const check = new Date(ms);
  if (check.getUTCDate() !== day || check.getUTCMonth() !== month - 1) return null;
  let offsetMinutes = 0;
  if (zone && zone !== 'Z' && zone !== 'z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2));
    const om = Number(digits.slice(2, 4));
    if (oh > 23 || om > 59) return null;
    offsetMinutes = sign * (oh * 60 + om);
  }
  const fracMicros = Number((frac + '000000').slice(0, 6));
  const micros = (ms - offsetMinutes * 60_000) * 1000 + fracMicros;
  if (!Number.isSafeInteger(micros)) return null;
  return { micros, zoned: zone !== undefined };
}

/** `2026-05-17T08:00:00.000000Z` — always six fractional digits, always UTC. */
export function formatMicros(micros: number): string {
  const ms = Math.floor(micros / 1000);
  const rest = micros - ms * 1000;
  const iso = new Date(ms).toISOString(); // 2026-05-17T08:00:00.123Z
  return `${iso.slice(0, 23)}${String(rest).padStart(3, '0')}Z`;
}

export function microsFromDate(date: Date): number {
  return date.getTime() * 1000;
}

/** Parses a calendar date `YYYY-MM-DD` as the start of that UTC day, in microseconds. */
export function parseDay(text: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return null;
  const parsed = parseInstant(`${text}T00:00:00Z`);
  return parsed ? parsed.micros : null;
}
