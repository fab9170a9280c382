/**
 * Property-based checks of the text readers (fast-check): arbitrary bytes never make them
 * throw, every item names a line inside the input, well-formed input round-trips exactly, and
 * corrupted input still reads without throwing. Chunk borders are chosen by fast-check too.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openCsv } from '../../../../src-main/engine/ingest/readers/csvReader';
import { openJsonDocument } from '../../../../src-main/engine/ingest/readers/jsonDocumentReader';
import { readNdjson } from '../../../../src-main/engine/ingest/readers/ndjsonReader';
import type { ReadItem } from '../../../../src-main/engine/ingest/readers/readItem';
import { chunksBy, collect, lastLineOf } from './readerFixtures';

const RUNS = { numRuns: 200 };
const chunkSizes = fc.array(fc.integer({ min: 1, max: 97 }), { maxLength: 6 });

type Reader = (chunks: AsyncIterable<Buffer>) => Promise<ReadItem[]>;

const readers: Record<'ndjson' | 'csv' | 'json', Reader> = {
  ndjson: (chunks) => collect(readNdjson(chunks, 'p')),
  csv: async (chunks) => collect((await openCsv(chunks, 'p')).records),
  json: async (chunks) => collect((await openJsonDocument(chunks, 'p')).records),
};

function expectLinesWithin(items: readonly ReadItem[], bytes: Uint8Array): void {
  const last = lastLineOf(bytes);
  let previous = 0;
  for (const item of items) {
    expect(item.position.part).toBe('p');
    expect(item.position.line).toBeGreaterThanOrEqual(1);
    expect(item.position.line).toBeLessThanOrEqual(last);
    expect(item.position.line).toBeGreaterThanOrEqual(previous);
    previous = item.position.line;
    if (item.kind === 'rejected') expect(item.reason.length).toBeGreaterThan(0);
  }
}

/** Inserts, deletes or replaces bytes, favouring the ones that matter to the parsers. */
const corruption = fc.array(
  fc.record({
    at: fc.nat(),
    kind: fc.constantFrom('insert', 'delete', 'replace'),
    byte: fc.constantFrom(0x22, 0x2c, 0x0a, 0x0d, 0x7b, 0x7d, 0x5b, 0x5d, 0x5c, 0x3a, 0xff, 0xc3, 0x00, 0x3b, 0x09),
  }),
  { minLength: 1, maxLength: 6 },
);

function corrupt(bytes: Buffer, edits: readonly { at: number; kind: string; byte: number }[]): Buffer {
  const out = [...bytes];
  for (const edit of edits) {
    const at = out.length === 0 ? 0 : edit.at % (out.length + 1);
    if (edit.kind === 'insert' || out.length === 0) out.splice(at, 0, edit.byte);
    else if (edit.kind === 'delete') out.splice(Math.min(at, out.length - 1), 1);
    else out[Math.min(at, out.length - 1)] = edit.byte;
  }
  return Buffer.from(out);
}

describe.each(Object.entries(readers))('%s reader on arbitrary bytes', (_name, read) => {
  it('never throws, and every item names a line within the input', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 2000 }), chunkSizes, async (bytes, sizes) => {
        expectLinesWithin(await read(chunksBy(bytes, sizes)), bytes);
      }),
      RUNS,
    );
  });
});

// ---- CSV: well-formed files round-trip; corrupted ones still read -------------------------

const fieldText = fc.string({ unit: fc.constantFrom('a', 'b', 'é', '€', ' ', ',', '"', '\n', '\r\n', ';', '1'), maxLength: 8 });
const csvTable = fc.integer({ min: 1, max: 5 }).chain((width) =>
  fc.record({
    header: fc.uniqueArray(fc.stringMatching(/^[a-z][a-z0-9_]{0,6}$/), { minLength: width, maxLength: width }),
    rows: fc.array(fc.array(fieldText, { minLength: width, maxLength: width }), { maxLength: 8 }),
    crlf: fc.array(fc.boolean(), { minLength: 10, maxLength: 10 }),
    bom: fc.boolean(),
  }),
);

/** RFC 4180 §2.6–2.7: quote fields holding a delimiter, quote or line break; double the quotes. */
function csvField(text: string): string {
  return /[",\r\n]/.test(text) || text.trim() !== text || text === '' ? `"${text.replaceAll('"', '""')}"` : text;
}

function serialise(table: { header: string[]; rows: string[][]; crlf: boolean[]; bom: boolean }): { text: string; lines: number[] } {
  let text = table.bom ? '\ufeff' : '';
  const lines: number[] = [];
  const records = [table.header, ...table.rows];
  records.forEach((fields, i) => {
    if (i > 0) lines.push(text.split('\n').length);
    text += fields.map(csvField).join(',') + (table.crlf[i % table.crlf.length] ? '\r\n' : '\n');
  });
  return { text, lines };
}

describe('CSV reader on generated tables', () => {
  it('reads every well-formed row back exactly, at the line it starts on', async () => {
    await fc.assert(
      fc.asyncProperty(csvTable, chunkSizes, async (table, sizes) => {
        const { text, lines } = serialise(table);
        const opened = await openCsv(chunksBy(Buffer.from(text), sizes), 'p');
        const items = await collect(opened.records);
        expect(opened.header).toEqual(table.header);
        const expected = table.rows.flatMap((row, i) =>
          row.every((field) => field.trim() === '') ? [] : [{ line: lines[i], value: Object.fromEntries(table.header.map((key, k) => [key, row[k]])) }],
        );
        expect(items.map((item) => (item.kind === 'record' ? { line: item.position.line, value: item.value } : item.reason))).toEqual(expected);
      }),
      RUNS,
    );
  });

  it('reads corrupted tables without throwing, with lines inside the input', async () => {
    await fc.assert(
      fc.asyncProperty(csvTable, corruption, chunkSizes, async (table, edits, sizes) => {
        const bytes = corrupt(Buffer.from(serialise(table).text), edits);
        const items = await readers.csv(chunksBy(bytes, sizes));
        expectLinesWithin(items, bytes);
        expect(items.length).toBeLessThanOrEqual(lastLineOf(bytes));
      }),
      RUNS,
    );
  });
});

// ---- NDJSON and JSON documents -----------------------------------------------------------

const record = fc.dictionary(
  fc.string({ maxLength: 6 }),
  fc.oneof(fc.string({ maxLength: 10 }), fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.integer(), { maxLength: 3 })),
  { maxKeys: 5 },
);

describe('NDJSON reader on generated lines', () => {
  it('reads every line back with its verbatim text and line number', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(record, fc.constantFrom('\n', '\r\n', '\n\n')), { maxLength: 10 }), chunkSizes, async (lines, sizes) => {
        let text = '';
        const expected: { line: number; raw: string; value: unknown }[] = [];
        for (const [value, end] of lines) {
          const raw = JSON.stringify(value);
          expected.push({ line: text.split('\n').length, raw, value });
          text += raw + end;
        }
        const items = await readers.ndjson(chunksBy(Buffer.from(text), sizes));
        expect(items.map((item) => (item.kind === 'record' ? { line: item.position.line, raw: item.raw, value: item.value } : item.reason))).toEqual(expected);
      }),
      RUNS,
    );
  });

  it('reads corrupted lines without throwing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(record, { maxLength: 8 }), corruption, chunkSizes, async (values, edits, sizes) => {
        const bytes = corrupt(Buffer.from(values.map((v) => JSON.stringify(v)).join('\n')), edits);
        expectLinesWithin(await readers.ndjson(chunksBy(bytes, sizes)), bytes);
      }),
      RUNS,
    );
  });
});

describe('JSON document reader on generated documents', () => {
  const spacing = fc.constantFrom('', ' ', '\n', '\r\n  ', '\n\n');
  const document = fc.record({
    elements: fc.array(fc.tuple(record, spacing, spacing), { maxLength: 8 }),
    envelope: fc.option(fc.constantFrom('Records', 'entries', 'value', 'items'), { nil: null }),
    pretty: fc.boolean(),
  });

  function build(doc: { elements: [Record<string, unknown>, string, string][]; envelope: string | null; pretty: boolean }): { text: string; expected: { line: number; raw: string }[] } {
    let text = doc.envelope === null ? '[' : `{"exported_at":"2026-05-17",\n"${doc.envelope}":[`;
    const expected: { line: number; raw: string }[] = [];
    doc.elements.forEach(([value, before, after], i) => {
      if (i > 0) text += ',';
      text += before;
      const raw = doc.pretty ? JSON.stringify(value, null, 2) : JSON.stringify(value);
      expected.push({ line: text.split('\n').length, raw });
      text += raw + after;
    });
    text += doc.envelope === null ? ']' : ']}';
    return { text, expected };
  }

  it('reads every element back with its exact text and starting line', async () => {
    await fc.assert(
      fc.asyncProperty(document, chunkSizes, async (doc, sizes) => {
        const { text, expected } = build(doc);
        const opened = await openJsonDocument(chunksBy(Buffer.from(text), sizes), 'p');
        expect(opened.envelope?.arrayPath).toBe(doc.envelope ?? '');
        const items = await collect(opened.records);
        expect(items.map((item) => (item.kind === 'record' ? { line: item.position.line, raw: item.raw } : item.reason))).toEqual(expected);
      }),
      RUNS,
    );
  });

  it('reads corrupted documents without throwing', async () => {
    await fc.assert(
      fc.asyncProperty(document, corruption, chunkSizes, async (doc, edits, sizes) => {
        const bytes = corrupt(Buffer.from(build(doc).text), edits);
        expectLinesWithin(await readers.json(chunksBy(bytes, sizes)), bytes);
      }),
      RUNS,
    );
  });
});
