/** Words and numbers the import view shows. */
import { formatCount } from '../../format';

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
