/**
 * What the column-mapping step offers: the canonical fields a profile can map
 * (src-shared/mappingProfile.ts), the columns a part offers (its CSV/XLSX header, or the dotted
 * paths of its first JSON record), and that first record split into column → value so the
 * auditor sees what each choice would read.
 */
import type { MappingProfile } from '../../../src-shared/mappingProfile';

export type ColumnField = Exclude<keyof MappingProfile['fields'], 'timeFormat' | 'timeZone'>;

/** In the order an auditor thinks about an event: when, what, who, on what, how, where from. */
export const COLUMN_FIELDS: readonly { field: ColumnField; label: string; required?: boolean }[] = [
  { field: 'occurredAt', label: 'Time', required: true },
  { field: 'action', label: 'Action', required: true },
  { field: 'eventId', label: 'Event id' },
  { field: 'outcome', label: 'Outcome' },
  { field: 'actorEmail', label: 'Actor email' },
  { field: 'actorName', label: 'Actor name' },
  { field: 'actorId', label: 'Actor id' },
  { field: 'actorKind', label: 'Actor kind' },
  { field: 'targetKind', label: 'Target kind' },
  { field: 'targetId', label: 'Target id' },
  { field: 'targetName', label: 'Target name' },
  { field: 'description', label: 'Description' },
  { field: 'category', label: 'Category' },
  { field: 'severity', label: 'Severity' },
  { field: 'ip', label: 'IP address' },
  { field: 'userAgent', label: 'User agent' },
  { field: 'requestId', label: 'Request id' },
  { field: 'sessionId', label: 'Session id' },
];

export function isColumnField(name: string): name is ColumnField {
  return COLUMN_FIELDS.some((entry) => entry.field === name);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Dotted paths of a record's scalar leaves, a few levels deep — the same paths the engine's
 * suggestion offers (src-main/engine/ingest/families/mappingProfile.ts, `leafPaths`).
 */
function leafValues(value: Record<string, unknown>, prefix: string, depth: number, out: Map<string, unknown>): void {
  for (const [key, child] of Object.entries(value)) {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    if (isRecord(child) && depth < 4) leafValues(child, path, depth + 1, out);
    else out.set(path, child);
  }
}

/** One CSV record's cells (RFC 4180: quoted fields, doubled quotes, quoted newlines). */
export function splitCsvRecord(text: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      cells.push(cell);
      cell = '';
    } else if (char !== '\r' && char !== '\n') cell += char;
  }
  cells.push(cell);
  return cells;
}

export interface PartColumns {
  /** what a field can name: header columns or dotted JSON paths */
  columns: string[];
  /** the first record's value per column, when it could be read */
  values: Map<string, string>;
  /** the first record as parsed JSON, for `profiles.suggest` */
  sampleObject: Record<string, unknown> | null;
}

function display(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null; // a sample cut at the preview length is not whole JSON
  }
}

export function partColumns(header: readonly string[] | null, sample: string | null): PartColumns {
  const values = new Map<string, string>();
  if (header) {
    const columns = header.map((name) => name.replace(/^\uFEFF/, '')).filter((name) => name.trim() !== '');
    if (sample !== null) {
      const cells = splitCsvRecord(sample);
      // Only a sample that splits into the header's width is shown cell by cell.
      if (cells.length === header.length) header.forEach((name, index) => values.set(name.replace(/^\uFEFF/, ''), cells[index] ?? ''));
    }
    return { columns, values, sampleObject: null };
  }
  const parsed = sample === null ? null : parseJson(sample);
  if (!isRecord(parsed)) return { columns: [], values, sampleObject: null };
  const leaves = new Map<string, unknown>();
  leafValues(parsed, '', 0, leaves);
  for (const [path, value] of leaves) values.set(path, display(value));
  return { columns: [...leaves.keys()], values, sampleObject: parsed };
}

/** A source id from a profile name: what `mappingProfileSchema` accepts. */
export function sourceIdFrom(name: string): string {
  const id = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .slice(0, 64)
    .replace(/-+$/, '');
  return id;
}
