/**
 * What an exported event looks like, for every writer of events: the engine's export job (a
 * file) and the CLI's standard output. Both build their bytes here, so the same filter gives
 * the same rows whichever way it is exported.
 *
 * CSV follows RFC 4180, starts with a UTF-8 byte-order mark so Excel reads accented names
 * (product doc 004), and neutralises cells a spreadsheet would run as a formula (OWASP "CSV
 * injection") by prefixing a quote. XLSX needs no prefix: its cells are typed text
 * (xlsxEventWriter.ts), so it takes the same cells unaltered.
 */
import type { EventRow } from '../../../src-shared/event';
import type { EventFilter, ExportFormat, SortOrder } from '../../../src-shared/query';

export const CSV_BOM = '\uFEFF';

/** The columns of a tabular export (CSV, and XLSX after its date column), in order. */
export const EVENT_COLUMNS = [
  'occurred_at',
  'event_id',
  'source_id',
  'category',
  'severity',
  'type',
  'outcome',
  'actor_kind',
  'actor_id',
  'actor_name',
  'actor_email',
  'target_kind',
  'target_id',
  'target_name',
  'ip',
  'user_agent',
  'request_id',
  'session_id',
  'description',
  'tags',
  'uid',
] as const;

/** One event as the cells of EVENT_COLUMNS; null is an empty cell. */
export function eventCells(e: EventRow): (string | null)[] {
  return [
    e.occurredAt,
    e.eventId,
    e.sourceId,
    e.category,
    e.severity,
    e.action,
    e.outcome,
    e.actor.kind,
    e.actor.id,
    e.actor.name,
    e.actor.email,
    e.target.kind,
    e.target.id,
    e.target.name,
    e.context.ip,
    e.context.userAgent,
    e.context.requestId,
    e.context.sessionId,
    e.description,
    e.tags.join(';'),
    e.uid,
  ];
}

/**
 * A cell a spreadsheet could take for a formula: one starting with = + - @ tab or CR (OWASP),
 * and — because spreadsheets may skip leading blanks and some convert full-width signs on
 * entry — one whose first non-blank character (after any Unicode white space) is any of
 * = + - @ or their full-width or small forms (＝ ＋ － ＠ ﹦ ﹢ ﹣ ﹫).
 */
const FORMULA_START = /^(?:[\t\r]|\s*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20\uFE66\uFE62\uFE63\uFE6B])/;

/** The one neutralisation of formula-like text: a leading quote, which spreadsheets show as text. */
export function neutraliseFormula(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

export function csvCell(value: string | null): string {
  if (value === null) return '';
  const safe = neutraliseFormula(value);
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvHeader(): string {
  return `${EVENT_COLUMNS.join(',')}\r\n`;
}

export function csvRow(e: EventRow): string {
  return `${eventCells(e).map(csvCell).join(',')}\r\n`;
}

/** One canonical event per line. */
export function ndjsonRow(e: EventRow): string {
  return `${JSON.stringify(e)}\n`;
}

/** What an export states about itself (the JSON document's head, the activity entry). */
export interface ExportMeta {
  exportedAt: string;
  filter: EventFilter;
  order: SortOrder;
}

/** The formats written as text (XLSX is a zip: xlsxEventWriter.ts). */
export type TextFormat = Exclude<ExportFormat, 'xlsx'>;

/** A text export as three pieces, so it can be streamed: head, one piece per row, tail. */
export interface TextDocument {
  head: string;
  /** `index` counts rows from 0 (the JSON document puts a comma before every row but the first) */
  row(e: EventRow, index: number): string;
  tail(count: number): string;
}

/**
 * The JSON document is `{exported_at, filters, order, entries: [...], count}`: the count comes
 * after the entries because it is the number actually written, known only at the end.
 */
function jsonDocument(meta: ExportMeta): TextDocument {
  return {
    head: `{"exported_at":${JSON.stringify(meta.exportedAt)},"filters":${JSON.stringify(meta.filter)},"order":${JSON.stringify(meta.order)},"entries":[`,
    row: (e, index) => `${index === 0 ? '' : ','}\n${JSON.stringify(e)}`,
    tail: (count) => `\n],"count":${count}}\n`,
  };
}

export function textDocument(format: TextFormat, meta: ExportMeta): TextDocument {
  switch (format) {
    case 'csv':
      return { head: CSV_BOM + csvHeader(), row: csvRow, tail: () => '' };
    case 'ndjson':
      return { head: '', row: ndjsonRow, tail: () => '' };
    case 'json':
      return jsonDocument(meta);
  }
}
