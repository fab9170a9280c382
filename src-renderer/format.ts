/**
 * Display formatting. Times are stored in UTC and shown in the engagement's chosen zone with
 * its offset (DESIGN.md, "The canonical event"); the UTC original stays one hover away.
 */

const zonedFormats = new Map<string, Intl.DateTimeFormat>();

/** The zone's cached formatter (numeric parts, 24 h, with the offset): display and zone arithmetic share it. */
export function zonedFormat(timeZone: string): Intl.DateTimeFormat {
  let format = zonedFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'longOffset',
    });
    zonedFormats.set(timeZone, format);
  }
  return format;
}

/** JavaScript dates keep milliseconds; the engine's ISO strings carry microseconds. */
function toDate(iso: string): Date | null {
  const trimmed = iso.replace(/(\.\d{3})\d+/, '$1');
  const date = new Date(trimmed);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** `2026-05-17 10:00:00 +02:00` in the given IANA zone. */
export function formatInZone(iso: string, timeZone: string): string {
  const date = toDate(iso);
  if (!date) return iso;
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = zonedFormat(timeZone).formatToParts(date);
  } catch {
    return iso;
  }
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  const offsetName = part('timeZoneName'); // "GMT+02:00", or "GMT" at offset zero
  const offset = offsetName === 'GMT' || offsetName === 'UTC' ? '+00:00' : offsetName.replace(/^(GMT|UTC)/, '');
  return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}:${part('second')} ${offset}`;
}

export function utcTitle(iso: string): string {
  return `${iso} (UTC)`;
}

export function shortHash(hash: string, length = 12): string {
  return hash.length > length ? `${hash.slice(0, length)}…` : hash;
}

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function formatCount(n: number): string {
  return integer.format(n);
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '—';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** A folder-safe name: accents folded, anything else but letters and digits becomes `-`. */
export function slug(name: string): string {
  const folded = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return folded || 'engagement';
}

/** Joins with the separator the root already uses, so Windows roots stay Windows paths. */
export function joinPath(root: string, name: string): string {
  const separator = root.includes('\\') && !root.includes('/') ? '\\' : '/';
  return root.endsWith(separator) ? `${root}${name}` : `${root}${separator}${name}`;
}

export function baseName(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] ?? path;
}

/** JSON on one line for tables; the full text stays available in the cell's title. */
export function compactJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    return String(value);
  }
}
