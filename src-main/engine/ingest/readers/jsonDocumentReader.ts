/**
 * A JSON document (RFC 8259) whose records are the elements of an array — a top-level array
 * or the first array-valued member of a top-level object — streamed element by element (see
 * jsonDocumentScanner). Opening reads just far enough to know the envelope (the array's name
 * and the scalar members before it), so the part can be described before its records flow.
 */
import { isUtf8 } from 'node:buffer';
import { withoutBom } from './byteSource';
import { JsonDocumentScanner, type ScanEvent } from './jsonDocumentScanner';
import { MAX_JSON_DEPTH, TOO_DEEP, parseJsonText } from './jsonText';
import type { ReadItem, SourcePart } from './readItem';

const EXCERPT_CHARS = 500;
const SCAN_SLICE_BYTES = 64 * 1024;

export interface OpenedJsonDocument {
  envelope: SourcePart['envelope'];
  records: AsyncGenerator<ReadItem>;
}

function excerptOf(bytes: Buffer | null): string {
  if (bytes === null) return '';
  return bytes.subarray(0, EXCERPT_CHARS * 2).toString('utf8').slice(0, EXCERPT_CHARS);
}

function toItem(event: Exclude<ScanEvent, { kind: 'envelope' }>, part: string | null): ReadItem {
  const position = { part, line: event.line };
  if (event.kind === 'problem') return { kind: 'rejected', position, reason: event.reason, excerpt: event.excerpt.slice(0, EXCERPT_CHARS) };
  const { bytes } = event;
  if (event.problem !== null || bytes === null) return { kind: 'rejected', position, reason: event.problem ?? 'element could not be read', excerpt: excerptOf(bytes) };
  // RFC 8259 §8.1: JSON exchanged between systems MUST be UTF-8.
  if (!isUtf8(bytes)) return { kind: 'rejected', position, reason: 'malformed UTF-8', excerpt: bytes.subarray(0, 200).toString('latin1') };
  if (event.depth > MAX_JSON_DEPTH) return { kind: 'rejected', position, reason: TOO_DEEP, excerpt: excerptOf(bytes) };
  const raw = bytes.toString('utf8');
  // The scanner measured the element's depth; a whole single object (depth 0) is measured here.
  const parsed = parseJsonText(raw, event.depth === 0 ? bytes : null);
  if (parsed.ok) return { kind: 'record', position, value: parsed.value, raw };
  return { kind: 'rejected', position, reason: parsed.reason, excerpt: raw.slice(0, EXCERPT_CHARS) };
}

function envelopeOf(event: Extract<ScanEvent, { kind: 'envelope' }>): SourcePart['envelope'] {
  if (event.arrayPath === null) return null;
  const fields: Record<string, unknown> = {};
  for (const [key, text] of Object.entries(event.fields)) {
    const parsed = parseJsonText(text, null);
    fields[key] = parsed.ok ? parsed.value : text;
  }
  return { arrayPath: event.arrayPath, fields };
}

export async function openJsonDocument(chunks: AsyncIterable<Buffer>, part: string | null): Promise<OpenedJsonDocument> {
  const iterator = withoutBom(chunks)[Symbol.asyncIterator]();
  const scanner = new JsonDocumentScanner();
  let ended = false;

  // Large reads are scanned a slice at a time, so the elements alive together stay few (as in
  // the CSV reader: whole 1 MiB reads made the garbage collector the main cost).
  let rest: Buffer | null = null;
  const pull = async (): Promise<void> => {
    if (rest === null) {
      const next = await iterator.next();
      if (next.done) {
        ended = true;
        scanner.end();
        return;
      }
      rest = next.value;
    }
    scanner.push(rest.subarray(0, SCAN_SLICE_BYTES));
    rest = rest.length > SCAN_SLICE_BYTES ? rest.subarray(SCAN_SLICE_BYTES) : null;
  };

  // Read until the document's shape is known: its records array began, it turned out to be a
  // single object, or it is damaged before either.
  let envelope: SourcePart['envelope'] = null;
  try {
    while (!ended && !scanner.events.some((e) => e.kind !== 'element')) await pull();
  } catch (error) {
    await iterator.return?.(undefined);
    throw error;
  }
  const first = scanner.events.findIndex((e) => e.kind === 'envelope');
  if (first !== -1) {
    const [event] = scanner.events.splice(first, 1);
    if (event?.kind === 'envelope') envelope = envelopeOf(event);
  }

  async function* records(): AsyncGenerator<ReadItem> {
    try {
      for (;;) {
        for (const event of scanner.events.splice(0)) if (event.kind !== 'envelope') yield toItem(event, part);
        if (ended) return;
        await pull();
      }
    } finally {
      await iterator.return?.(undefined);
    }
  }

  return { envelope, records: records() };
}
