/**
 * The date-range filter is typed as wall-clock time in the engagement's zone (what the grid
 * shows) and sent as UTC ISO-8601 (what the engine compares). Pure functions over Intl.
 */
import { zonedFormat } from '../../format';

interface Wall {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallAt(utcMs: number, timeZone: string): Wall {
  const parts = zonedFormat(timeZone).formatToParts(new Date(utcMs));
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return { year: part('year'), month: part('month'), day: part('day'), hour: part('hour'), minute: part('minute'), second: part('second') };
}

/** The zone's offset from UTC at an instant, in ms (east positive). */
function offsetAt(utcMs: number, timeZone: string): number {
  const wall = wallAt(utcMs, timeZone);
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  return asUtc - (utcMs - (utcMs % 1000 + 1000) % 1000);
}

function sameWall(wall: Wall, asUtc: number): boolean {
  return Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second) === asUtc;
}

const WALL = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$/;

/**
 * `2026-05-01T09:30` in `Europe/Berlin` → `2026-05-01T07:30:00.000Z`. A wall time skipped by a
 * DST change resolves forward by the gap; a repeated one resolves to its first occurrence.
 * Null when the text is not a date (and time), or the zone is unknown.
 */
export function zonedWallToUtcIso(wall: string, timeZone: string): string | null {
  const match = WALL.exec(wall.trim());
  if (!match) return null;
  const [, y, mo, d, h = '0', mi = '0', s = '0'] = match;
  const asUtc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  if (Number.isNaN(asUtc)) return null;
  try {
    // The offsets a day either side cover any DST change; keep those that give back this wall time.
    const offsets = [offsetAt(asUtc - 86_400_000, timeZone), offsetAt(asUtc, timeZone), offsetAt(asUtc + 86_400_000, timeZone)];
    const fits = offsets.map((offset) => asUtc - offset).filter((utc) => sameWall(wallAt(utc, timeZone), asUtc));
    // None fits inside a spring-forward gap: the offset before it moves the time forward by the gap.
    const utc = fits.length > 0 ? Math.min(...fits) : asUtc - (offsets[0] ?? 0);
    return new Date(utc).toISOString();
  } catch {
    return null;
  }
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** An ISO instant as the value of an `<input type="datetime-local">` in the zone ('' if unreadable). */
export function utcIsoToZonedWall(iso: string, timeZone: string): string {
  const ms = Date.parse(iso.replace(/(\.\d{3})\d+/, '$1'));
  if (Number.isNaN(ms)) return '';
  try {
    const wall = wallAt(ms, timeZone);
    const base = `${pad(wall.year, 4)}-${pad(wall.month)}-${pad(wall.day)}T${pad(wall.hour)}:${pad(wall.minute)}`;
    return wall.second ? `${base}:${pad(wall.second)}` : base;
  } catch {
    return '';
  }
}
