/**
 * Splits CSV (RFC 4180) into records and fields, byte by byte, in a stream.
 *
 * Why not csv-parse: measured on these machines (csv-parse 7.0.3) its error recovery cannot
 * meet "bad records never stop the good ones". In strict mode with skip_records_with_error a
 * field like `"abc"def` leaves it inside the quote, so every following row is swallowed into
 * one skipped record; with `encoding: null` a short row crashes its CsvError constructor
 * (uncaught TypeError); after CSV_MAX_RECORD_SIZE its parser returns mid-buffer and loses its
 * place; `info.lines` counts a quoted CRLF as two lines. It also ran at 39k rows/s with the
 * raw+info options this reader needs (600-byte rows). This scanner keeps exact byte offsets,
 * so lines, raw text and UTF-8 checks are exact, and it decides what a damaged row costs:
 *
 * - Records end at LF or CRLF outside quotes; a quoted field may hold delimiters, quotes as
 *   `""` and line breaks (RFC 4180 §2.5–2.7). Lines are counted by LF, like the NDJSON
 *   reader, so a record's line is the physical line it starts on.
 * - Text after a closing quote (`"abc"def`) makes the record a rejection; the rest of the
 *   field is read as unquoted text, so the record still ends at its own line break and the
 *   next row reads normally.
 * - A quote inside an unquoted field (`5'10"`) is kept as a literal character: unambiguous,
 *   and common in exports that do not quote.
 * - A quote that never closes runs to the end of the input (no parser can tell where the
 *   field was meant to end): one rejection naming the lines it covers.
 * - A record longer than the cap is not kept: one rejection, and reading goes on after it.
 */
import { isUtf8 } from 'node:buffer';

export const MAX_RECORD_BYTES = 64 * 1024 * 1024;

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

export interface CsvRow {
  /** 1-based physical line where the record starts */
  line: number;
  /** the record's text without its line break (UTF-8, or Latin-1 when not valid UTF-8) */
  raw: string;
  /** the fields, unquoted; null when the record is rejected */
  fields: string[] | null;
  problem: string | null;
}

type Mode = 'fieldStart' | 'unquoted' | 'quoted' | 'afterQuote' | 'afterQuoteCr';

/** Field boundaries within the record: start, end, and whether `""` must be unescaped. */
const PLAIN = 0;
const QUOTED = 1;
const ESCAPED = 2;

export class CsvScanner {
  readonly rows: CsvRow[] = [];
  private mode: Mode = 'fieldStart';
  private line = 1;
  private recordLine = 1;
  /** bytes of the current record in earlier chunks */
  private parts: Buffer[] = [];
  private carried = 0;
  /** where the current record starts in the current chunk */
  private recordStart = 0;
  private tooLong = false;
  private problem: string | null = null;
  /** [start, end, flags] per finished field, offsets relative to the record start */
  private fields: number[] = [];
  private fieldStart = 0;
  private fieldFlags = PLAIN;
  private closingQuote = 0;
  /** the record has a byte other than its line break */
  private hasContent = false;

  constructor(
    private readonly delimiter: number,
    private readonly cap = MAX_RECORD_BYTES,
  ) {}

  push(chunk: Buffer): void {
    const n = chunk.length;
    const delimiter = this.delimiter;
    this.recordStart = 0;
    let i = 0;
    // The next LF at or after the scan position, found once and reused: quoted fields full of
    // `""` would otherwise search for it again at every quote.
    let nextLf = -2;
    while (i < n) {
      switch (this.mode) {
        case 'fieldStart': {
          const b = chunk[i]!;
          const at = this.offset(i);
          if (b === QUOTE) {
            this.mode = 'quoted';
            this.fieldStart = at + 1;
            this.fieldFlags = QUOTED;
            this.hasContent = true;
            i += 1;
          } else if (b === delimiter) {
            this.fields.push(at, at, PLAIN);
            this.hasContent = true;
            i += 1;
          } else if (b === LF) {
            this.fields.push(at, at, PLAIN);
            i = this.endRecord(chunk, i);
          } else {
            this.mode = 'unquoted';
            this.fieldStart = at;
            this.fieldFlags = PLAIN;
            this.hasContent = true;
          }
          break;
        }
        case 'unquoted': {
          // Fields are short; a byte loop beats two indexOf calls per field.
          let j = i;
          while (j < n) {
            const b = chunk[j]!;
            if (b === delimiter || b === LF) break;
            j += 1;
          }
          if (j === n) {
            i = n;
            break;
          }
          this.fields.push(this.fieldStart, this.offset(j), PLAIN);
          this.mode = 'fieldStart';
          if (chunk[j] === LF) i = this.endRecord(chunk, j);
          else i = j + 1;
          break;
        }
        case 'quoted': {
          const q = chunk.indexOf(QUOTE, i);
          const stop = q === -1 ? n : q;
          // RFC 4180 §2.6: line breaks inside quotes belong to the field, and to the line count.
          if (nextLf !== -1 && nextLf < i) nextLf = chunk.indexOf(LF, i);
          while (nextLf !== -1 && nextLf < stop) {
            this.line += 1;
            nextLf = chunk.indexOf(LF, nextLf + 1);
          }
          if (q === -1) {
            i = n;
            break;
          }
          this.closingQuote = this.offset(q);
          this.mode = 'afterQuote';
          i = q + 1;
          break;
        }
        case 'afterQuote': {
          const b = chunk[i]!;
          if (b === QUOTE) {
            // RFC 4180 §2.7: a doubled quote is one quote character.
            this.fieldFlags |= ESCAPED;
            this.mode = 'quoted';
            i += 1;
          } else if (b === delimiter) {
            this.fields.push(this.fieldStart, this.closingQuote, this.fieldFlags);
            this.mode = 'fieldStart';
            i += 1;
          } else if (b === LF) {
            this.fields.push(this.fieldStart, this.closingQuote, this.fieldFlags);
            this.mode = 'fieldStart';
            i = this.endRecord(chunk, i);
          } else if (b === CR) {
            this.mode = 'afterQuoteCr';
            i += 1;
          } else {
            this.textAfterQuote();
          }
          break;
        }
        case 'afterQuoteCr': {
          if (chunk[i] === LF) {
            this.fields.push(this.fieldStart, this.closingQuote, this.fieldFlags);
            this.mode = 'fieldStart';
            i = this.endRecord(chunk, i);
          } else {
            this.textAfterQuote();
          }
          break;
        }
      }
    }
    this.carry(chunk.subarray(this.recordStart));
  }

  /** The input ended: finish the last record (one without a final line break is normal). */
  end(): void {
    const empty = Buffer.alloc(0);
    this.recordStart = 0;
    switch (this.mode) {
      case 'quoted':
        this.problem ??= `a quoted field that starts on line ${this.recordLine} is never closed, so the rest of the input from that line could not be read`;
        this.emit(empty, 0);
        return;
      case 'afterQuote':
      case 'afterQuoteCr':
        this.fields.push(this.fieldStart, this.closingQuote, this.fieldFlags);
        this.emit(empty, 0);
        return;
      case 'unquoted':
        this.fields.push(this.fieldStart, this.carried, PLAIN);
        this.emit(empty, 0);
        return;
      case 'fieldStart':
        if (this.hasContent) {
          this.fields.push(this.carried, this.carried, PLAIN);
          this.emit(empty, 0);
        }
    }
  }

  private offset(i: number): number {
    return this.carried + i - this.recordStart;
  }

  private textAfterQuote(): void {
    this.problem ??= `text after the closing quote of field ${this.fields.length / 3 + 1} (RFC 4180 §2.7: a quote inside a quoted field must be doubled)`;
    this.mode = 'unquoted';
  }

  private carry(piece: Buffer): void {
    if (piece.length === 0) return;
    if (!this.tooLong && this.carried + piece.length > this.cap) {
      this.tooLong = true;
      this.parts = [];
    }
    if (!this.tooLong) this.parts.push(piece);
    this.carried += piece.length;
  }

  /** The record ends with the LF at `lf`; returns the index after it. */
  private endRecord(chunk: Buffer, lf: number): number {
    this.emit(chunk, lf);
    this.line += 1;
    this.recordLine = this.line;
    this.recordStart = lf + 1;
    return lf + 1;
  }

  private emit(chunk: Buffer, end: number): void {
    const line = this.recordLine;
    const fields = this.fields;
    let problem = this.problem;
    let bytes: Buffer | null = null;
    if (!this.tooLong && this.carried + end - this.recordStart <= this.cap) {
      const tail = chunk.subarray(this.recordStart, end);
      bytes = this.parts.length === 0 ? tail : Buffer.concat([...this.parts, tail]);
    }
    this.parts = [];
    this.carried = 0;
    this.tooLong = false;
    this.problem = null;
    this.fields = [];
    this.hasContent = false;
    this.mode = 'fieldStart';
    if (bytes === null) {
      this.rows.push({ line, raw: '', fields: null, problem: problem ?? `record is longer than ${this.cap / 1024 / 1024} MiB` });
      return;
    }
    // The CR of a CRLF ending belongs to no field; at the very end of the input a lone CR is the same.
    let length = bytes.length;
    if (length > 0 && bytes[length - 1] === CR) {
      length -= 1;
      if (fields.length > 0 && fields[fields.length - 2]! > length) fields[fields.length - 2] = length;
    }
    const record = bytes.subarray(0, length);
    if (length === 0 && fields.length <= 3) return; // a blank line
    if (problem === null && !isUtf8(record)) problem = 'malformed UTF-8';
    if (problem !== null) {
      this.rows.push({ line, raw: record.subarray(0, 2000).toString(isUtf8(record) ? 'utf8' : 'latin1'), fields: null, problem });
      return;
    }
    const raw = record.toString('utf8');
    // All ASCII (one char per byte): fields are slices of the decoded record, no second decode.
    const ascii = raw.length === record.length;
    const values: string[] = new Array<string>(fields.length / 3);
    for (let f = 0; f < fields.length; f += 3) {
      const text = ascii ? raw.slice(fields[f], fields[f + 1]) : record.toString('utf8', fields[f], fields[f + 1]);
      values[f / 3] = (fields[f + 2]! & ESCAPED) !== 0 ? text.replaceAll('""', '"') : text;
    }
    this.rows.push({ line, raw, fields: values, problem: null });
  }
}
