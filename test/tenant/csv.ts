/**
 * CSV rows as RFC 4180 writes them: a cell is quoted when it holds the delimiter, a quote or a
 * line break, and quotes inside are doubled. Rows end in LF, as csv-stringify (doc 002) writes.
 */
export type Cell = string | number | null | undefined;

const NEEDS_QUOTES = /[",\r\n]/;

export function csvCell(value: Cell): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(values: readonly Cell[]): string {
  let line = '';
  for (let i = 0; i < values.length; i++) line += (i === 0 ? '' : ',') + csvCell(values[i]);
  return `${line}\n`;
}
