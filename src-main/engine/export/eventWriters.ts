/** Writers of an export's events into its file, one page of rows at a time. */
import type { EventRow } from '../../../src-shared/event';
import type { ExportFormat } from '../../../src-shared/query';
import type { ExportFile } from './exportFile';
import { textDocument, type ExportMeta, type TextDocument } from './eventFormats';
import { XlsxEventWriter, XLSX_ROWS_PER_SHEET } from './xlsxEventWriter';

export interface WriterEnd {
  /** XLSX: the sheets written; 0 for the text formats */
  sheets: number;
  /** what the reader of the file should know (rows spread over sheets, cells Excel cannot hold) */
  notes: string[];
}

export interface EventWriter {
  /** Writes rows in order; resolves when more may be written (the file is not behind). */
  writePage(rows: readonly EventRow[]): Promise<void>;
  /** Writes what follows the last row; `count` is the number of rows written. */
  finish(count: number): Promise<WriterEnd>;
}

export interface WriterOptions {
  /** rows per XLSX sheet under its header; tests make it small to see the rollover */
  xlsxRowsPerSheet?: number;
}

/** CSV, JSON and NDJSON: the shared text document, one string per page. */
class TextEventWriter implements EventWriter {
  private written = 0;

  constructor(
    private readonly file: ExportFile,
    private readonly document: TextDocument,
  ) {}

  async writePage(rows: readonly EventRow[]): Promise<void> {
    let text = '';
    for (const e of rows) text += this.document.row(e, this.written++);
    await this.file.write(text);
  }

  async finish(count: number): Promise<WriterEnd> {
    await this.file.write(this.document.tail(count));
    return { sheets: 0, notes: [] };
  }
}

export async function openEventWriter(format: ExportFormat, file: ExportFile, meta: ExportMeta, options: WriterOptions = {}): Promise<EventWriter> {
  if (format === 'xlsx') return new XlsxEventWriter(file, options.xlsxRowsPerSheet ?? XLSX_ROWS_PER_SHEET);
  const document = textDocument(format, meta);
  await file.write(document.head);
  return new TextEventWriter(file, document);
}
