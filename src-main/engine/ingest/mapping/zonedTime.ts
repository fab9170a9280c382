/**
 * A zone-less local time ("2026-03-29 02:30") read in an IANA time zone, to UTC — with Intl
 * only, no time-zone library. The zone's offset at an instant comes from formatting that
 * instant in the zone; a wall time is then solved by trying the offsets in force a day either
 * side of it (no zone changes its offset twice within a day) and keeping those that agree.
 *   one solution  → the instant;
 *   none          → the wall time falls in a spring-forward gap and never existed there;
 *   two solutions → it falls in the repeated autumn hour and happened twice.
 */

export type WallTimeResolution =
  | { kind: 'exact'; micros: number }
  | { kind: 'ambiguous'; earlier: number; later: number }
  | { kind: 'nonexistent' };

const DAY_MS = 86_400_000;
const MAX_DATE_MS = 8.64e15;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      era: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, f);
  }
  return f;
}

export function isTimeZone(zone: string): boolean {
  try {
    formatter(zone);
    return true;
  } catch {
    return false;
  }
}

/** The zone's offset from UTC, in ms, at a UTC instant (whole seconds). */
export function zoneOffsetMs(utcMs: number, zone: string): number {
  const seconds = Math.floor(utcMs / 1000) * 1000;
  const parts: Record<string, string> = {};
  for (const part of formatter(zone).formatToParts(new Date(seconds))) parts[part.type] = part.value;
  const yearOfEra = Number(parts['year']);
  const year = parts['era'] === 'BC' || parts['era'] === 'B' ? 1 - yearOfEra : yearOfEra;
  const wall = Date.UTC(year, Number(parts['month']) - 1, Number(parts['day']), Number(parts['hour']) % 24, Number(parts['minute']), Number(parts['second']));
  // Date.UTC maps years 0–99 to 1900–1999; set the year again for those.
  const fixed = year >= 0 && year < 100 ? new Date(wall).setUTCFullYear(year) : wall;
  return fixed - seconds;
}

/**
 * `wallMicros` is the local time's fields read as if they were UTC (what parseInstant gives
 * for a zone-less time); the answer is the UTC instant(s) that show that time in `zone`.
 */
export function resolveWallTime(wallMicros: number, zone: string): WallTimeResolution {
  const wallMs = Math.floor(wallMicros / 1000);
  const subMs = wallMicros - wallMs * 1000;
  // Beyond ±8.64e15 ms a Date is invalid and Intl would throw; no export holds such times.
  if (!Number.isFinite(wallMs) || Math.abs(wallMs) > MAX_DATE_MS - DAY_MS) return { kind: 'nonexistent' };
  const offsets = new Set([zoneOffsetMs(wallMs - DAY_MS, zone), zoneOffsetMs(wallMs, zone), zoneOffsetMs(wallMs + DAY_MS, zone)]);
  const solutions = [...offsets]
    .map((offset) => wallMs - offset)
    .filter((utcMs) => zoneOffsetMs(utcMs, zone) === wallMs - utcMs)
    .sort((a, b) => a - b)
    .map((utcMs) => utcMs * 1000 + subMs);
  const [first, second] = solutions;
  if (first === undefined) return { kind: 'nonexistent' };
  if (second === undefined) return { kind: 'exact', micros: first };
  return { kind: 'ambiguous', earlier: first, later: second };
}
