/**
 * The first worksheet of an XLSX workbook as records keyed by its first row, streamed with
 * exceljs's WorkbookReader (shared strings cached, styles cached so date cells are known as
 * dates, hyperlinks ignored). Every cell becomes text: the record has the same shape as a CSV
 * row of the same export (doc 001 offers both), so one mapping serves both.
 *
 * - Formulas are never evaluated: a formula cell gives the result Excel cached when it saved.
 * - Date cells carry no zone in the file format (ECMA-376 §18.17.4: a serial day count), so
 *   they become ISO-8601 without a zone designator ("2026-05-17T08:00:00.000"): the
 *   timestamp reader then takes them as UTC and flags them as unzoned, never guessing.
 * - `line` is the sheet's row number; `raw` is the record as JSON text.
 */
import ExcelJS from 'exceljs';
import { AppError } from '../../../../src-shared/errors';
import type { ExpansionBudget } from './containerLimits';
import type { ReadItem } from './readItem';
import { headerKeys, keyed } from './recordKeys';
import { locateWorkbookParts, repackedWorkbook } from './xlsxPackage';
import type { ZipArchive } from './zipArchive';

export interface OpenedXlsx {
  header: string[] | null;
  records: AsyncGenerator<ReadItem>;
}

interface CellObject {
  richText?: { text?: unknown }[];
  formula?: unknown;
  sharedFormula?: unknown;
  result?: unknown;
  text?: unknown;
  error?: unknown;
}

/** A cell's value as the text a CSV export of the same sheet would hold. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, -1);
  if (typeof value === 'object') {
    const cell = value as CellObject;
    if (Array.isArray(cell.richText)) return cell.richText.map((run) => (typeof run.text === 'string' ? run.text : '')).join('');
    if ('formula' in cell || 'sharedFormula' in cell) return cellText(cell.result);
    if ('text' in cell) return cellText(cell.text);
    if ('error' in cell) return String(cell.error);
  }
  return '';
}

/** Row values are 1-based and sparse; this gives texts from column 1. */
function rowTexts(values: unknown): string[] {
  if (!Array.isArray(values)) return [];
  const texts: string[] = [];
  for (let col = 1; col < values.length; col += 1) texts.push(cellText(values[col]));
  let end = texts.length;
  while (end > 0 && texts[end - 1] === '') end -= 1;
  return texts.slice(0, end);
}

/** exceljs does not end when its input stream fails; race every step against that failure. */
function failureOf(stream: NodeJS.ReadableStream): Promise<never> {
  return new Promise((_, reject) => stream.once('error', reject));
}

export async function openXlsx(archive: ZipArchive, file: string, budget: ExpansionBudget): Promise<OpenedXlsx> {
  const parts = await locateWorkbookParts(archive, file, budget);
  const input = repackedWorkbook(archive, parts, file, budget);
  const failed = failureOf(input);
  failed.catch(() => undefined);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    entries: 'emit',
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    // Styles say which numeric cells are dates; the styles part is small.
    styles: 'cache',
  });
  const sheets = reader[Symbol.asyncIterator]();
  const step = async <T>(promise: Promise<T>): Promise<T> => {
    try {
      return await Promise.race([promise, failed]);
    } catch (error) {
      if (error instanceof AppError) throw error;
      throw new AppError('UNSUPPORTED_FORMAT', `${file}: the workbook could not be read (${(error as Error).message})`);
    }
  };

  let rows: AsyncIterator<ExcelJS.Row> | null = null;
  let header: string[] | null = null;
  let headerWidth = 0;
  try {
    const sheet = await step(sheets.next());
    if (!sheet.done) {
      rows = sheet.value[Symbol.asyncIterator]();
      for (;;) {
        const row = await step(rows.next());
        if (row.done) break;
        const texts = rowTexts(row.value.values);
        if (texts.length === 0) continue;
        header = headerKeys(texts);
        headerWidth = texts.length;
        break;
      }
    }
  } catch (error) {
    input.destroy();
    throw error;
  }

  const keys = header ?? [];
  async function* records(): AsyncGenerator<ReadItem> {
    try {
      if (rows === null) return;
      for (;;) {
        const next = await step(rows.next());
        if (next.done) return;
        const texts = rowTexts(next.value.values);
        if (texts.length === 0) continue;
        const position = { part: null, line: next.value.number };
        if (texts.length > headerWidth) {
          yield {
            kind: 'rejected',
            position,
            reason: `row has a value in column ${texts.length}, beyond the header's ${headerWidth} columns`,
            excerpt: JSON.stringify(texts).slice(0, 500),
          };
          continue;
        }
        const value = keyed(keys, texts);
        yield { kind: 'record', position, value, raw: JSON.stringify(value) };
      }
    } finally {
      input.destroy();
    }
  }

  return { header, records: records() };
}
