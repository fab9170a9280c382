/**
 * The XLSX export, streamed with exceljs's WorkbookWriter: every row is committed (written to
 * the zip and forgotten) as soon as it is added, strings are written inline (no shared-string
 * table growing with the export), so memory stays flat for millions of rows.
 *
 * * Text is never a formula: every value is a plain string cell (`t="str"`, no `<f>`); exceljs
 *   makes formulas only of `{formula}` objects, which are never passed. So, unlike CSV, no
 *   quote prefix is needed and the cells hold the exact text.
 * * Time: the first column, `time_utc`, is a real Excel date (UTC, shown to the millisecond —
 *   as far as Excel's display and its floating-point days go); `occurred_at` keeps the exact
 *   ISO-8601 text with microseconds, so nothing is lost.
 * * Excel holds 1,048,576 rows per sheet: past that the rows continue on "Events (2)", …,
 *   each with the header, frozen and filterable; the result's notes say so.
 * * What a cell cannot hold in XLSX — more than 32,767 characters, control characters XML
 *   forbids — is cut or left out, counted, and stated in a note; CSV, JSON and NDJSON keep it.
 */
import ExcelJS from 'exceljs';
import { AppError } from '../../../src-shared/errors';
import type { EventRow } from '../../../src-shared/event';
import { parseInstant } from '../../../src-shared/time';
import type { ExportFile } from './exportFile';
import { EVENT_COLUMNS, eventCells } from './eventFormats';
import type { EventWriter, WriterEnd } from './eventWriters';

/** Excel's row limit per sheet is 1,048,576, the header included. */
export const XLSX_ROWS_PER_SHEET = 1_048_575;
const EXCEL_CELL_MAX_CHARS = 32_767;
const XLSX_COLUMNS = ['time_utc', ...EVENT_COLUMNS] as const;
const TIME_FORMAT = 'yyyy-mm-dd hh:mm:ss.000';
const SHEET_NAME = 'Events';

const COLUMN_WIDTHS: Partial<Record<(typeof XLSX_COLUMNS)[number], number>> = {
  time_utc: 24,
  occurred_at: 29,
  type: 26,
  actor_email: 28,
  target_name: 28,
  user_agent: 28,
  description: 60,
  uid: 34,
};
const DEFAULT_WIDTH = 18;

/** What exceljs silently drops because XML 1.0 cannot carry it; we drop it knowingly and count it. */
// eslint-disable-next-line no-control-regex -- control characters are what is being removed
const XML_FORBIDDEN = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F]/g;

/**
 * exceljs moves a committed sheet's XML into the zip without waiting: its sheet buffer writes
 * 64 KiB chunks into archiver's input stream and ignores `write()`'s answer, so rows produced
 * faster than they are deflated would pile up in memory. That input stream — exceljs 4 keeps
 * it at `sheet.stream.pipes[0]`, a readable-stream 2 PassThrough, which has no
 * `writableLength` yet — is where the backlog shows; the writer waits for it to drain.
 */
interface ZipInput extends NodeJS.EventEmitter {
  _writableState: { length: number; highWaterMark: number };
}

function zipInputOf(sheet: ExcelJS.Worksheet): ZipInput {
  const input = (sheet as unknown as { stream?: { pipes?: unknown[] } }).stream?.pipes?.[0] as Partial<ZipInput> | undefined;
  const state = input?._writableState;
  if (typeof state?.length !== 'number' || typeof state.highWaterMark !== 'number' || typeof input?.once !== 'function') {
    // Without it an export would buffer without bound; refuse rather than risk the engine's memory.
    throw new AppError('INTERNAL', 'this version of exceljs does not expose its sheet stream; XLSX export cannot bound its memory');
  }
  return input as ZipInput;
}

/** Whether the zip is behind the rows written: more than its input buffer holds is waiting. */
function isBehind(input: ZipInput): boolean {
  return input._writableState.length >= input._writableState.highWaterMark;
}

function sheetName(index: number): string {
  return index === 1 ? SHEET_NAME : `${SHEET_NAME} (${index})`;
}

/** The event time as a Date (milliseconds: what a JavaScript Date and Excel's display hold). */
function eventDate(e: EventRow): Date {
  const instant = parseInstant(e.occurredAt);
  if (!instant) throw new AppError('INTERNAL', `event ${e.uid} has an unreadable time ${JSON.stringify(e.occurredAt)}`);
  return new Date(Math.floor(instant.micros / 1000));
}

export class XlsxEventWriter implements EventWriter {
  private readonly workbook: ExcelJS.stream.xlsx.WorkbookWriter;
  private sheet: ExcelJS.Worksheet | null = null;
  private zipInput: ZipInput | null = null;
  private sheets = 0;
  private rowsInSheet = 0;
  private cutCells = 0;
  private strippedCells = 0;

  constructor(
    private readonly file: ExportFile,
    private readonly rowsPerSheet: number,
  ) {
    this.workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: file.input, useSharedStrings: false, useStyles: true });
  }

  async writePage(rows: readonly EventRow[]): Promise<void> {
    for (const e of rows) {
      this.sheetWithRoom().addRow([eventDate(e), ...eventCells(e).map((cell) => this.cellText(cell))]).commit();
      this.rowsInSheet += 1;
    }
    if (this.zipInput && isBehind(this.zipInput)) await this.file.drained(this.zipInput);
  }

  async finish(count: number): Promise<WriterEnd> {
    this.sheet ??= this.startSheet(); // an empty export is still a workbook with its header
    this.endSheet(this.sheet);
    await this.file.until(this.workbook.commit());
    return { sheets: this.sheets, notes: this.notes(count) };
  }

  /** The sheet the next row goes to: past the cap, a new one. */
  private sheetWithRoom(): ExcelJS.Worksheet {
    if (this.sheet && this.rowsInSheet < this.rowsPerSheet) return this.sheet;
    if (this.sheet) this.endSheet(this.sheet);
    this.sheet = this.startSheet();
    return this.sheet;
  }

  /** A new sheet with its header: bold, frozen above the rows. */
  private startSheet(): ExcelJS.Worksheet {
    this.sheets += 1;
    const sheet = this.workbook.addWorksheet(sheetName(this.sheets), { views: [{ state: 'frozen', xSplit: 0, ySplit: 1, topLeftCell: 'A2', activeCell: 'A2' }] });
    sheet.columns = XLSX_COLUMNS.map((name) => ({
      key: name,
      width: COLUMN_WIDTHS[name] ?? DEFAULT_WIDTH,
      ...(name === 'time_utc' ? { style: { numFmt: TIME_FORMAT } } : {}),
    }));
    const header = sheet.addRow([...XLSX_COLUMNS]);
    header.font = { bold: true };
    header.commit();
    this.zipInput = zipInputOf(sheet);
    this.rowsInSheet = 0;
    return sheet;
  }

  /**
   * Puts the autofilter over the sheet's rows and commits it: archiver zips entries one after
   * another, so a sheet must be finished before the next one's rows can leave memory.
   */
  private endSheet(sheet: ExcelJS.Worksheet): void {
    sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: this.rowsInSheet + 1, column: XLSX_COLUMNS.length } };
    sheet.commit();
  }

  /** A cell's text as XLSX can hold it; what had to change is counted for the notes. */
  private cellText(value: string | null): string | null {
    if (value === null) return null;
    let text = value;
    const stripped = text.replace(XML_FORBIDDEN, '');
    if (stripped.length !== text.length) {
      text = stripped;
      this.strippedCells += 1;
    }
    if (text.length > EXCEL_CELL_MAX_CHARS) {
      // Do not leave half of a surrogate pair at the cut.
      text = text.slice(0, /[\uD800-\uDBFF]/.test(text[EXCEL_CELL_MAX_CHARS - 1] ?? '') ? EXCEL_CELL_MAX_CHARS - 1 : EXCEL_CELL_MAX_CHARS);
      this.cutCells += 1;
    }
    return text;
  }

  private notes(count: number): string[] {
    const notes: string[] = [];
    if (this.sheets > 1) {
      notes.push(
        `${count.toLocaleString('en')} rows do not fit one Excel sheet (${this.rowsPerSheet.toLocaleString('en')} under the header): they continue over ${this.sheets} sheets, ${sheetName(1)} to ${sheetName(this.sheets)}, each with the header`,
      );
    }
    if (this.cutCells > 0) {
      notes.push(`${this.cutCells.toLocaleString('en')} cells were longer than Excel's ${EXCEL_CELL_MAX_CHARS.toLocaleString('en')} characters and were cut short in the workbook; CSV, JSON and NDJSON exports keep them whole`);
    }
    if (this.strippedCells > 0) {
      notes.push(`${this.strippedCells.toLocaleString('en')} cells held control characters an XLSX file cannot store; they were left out of those cells (CSV, JSON and NDJSON exports keep them)`);
    }
    return notes;
  }
}
