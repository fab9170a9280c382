/**
 * NDJSON / JSON Lines: one JSON text (RFC 8259) per line, lines ending in LF or CRLF. Every
 * line that is not a record becomes a rejection with its line number and reason; blank lines
 * are skipped. Memory holds one line at a time (capped at 64 MiB by the line splitter), so a
 * 5 GB file streams in flat memory.
 */
import { isUtf8 } from 'node:buffer';
import { MAX_LINE_BYTES, splitLines } from '../lineSplitter';
import { parseJsonText } from './jsonText';
import type { ReadItem } from './readItem';

const EXCERPT_CHARS = 500;
const EXCERPT_BYTES = 200;

function isBlank(bytes: Buffer): boolean {
  for (let i = 0; i < bytes.length; i += 1) {
    const b = bytes[i];
    if (b !== 0x20 && b !== 0x09 && b !== 0x0d) return false;
  }
  return true;
}

export async function* readNdjson(chunks: AsyncIterable<Buffer>, part: string | null): AsyncGenerator<ReadItem> {
  for await (const split of splitLines(chunks, MAX_LINE_BYTES)) {
    const position = { part, line: split.line };
    // The splitter caps the bytes it holds between chunks; the line that ends in a chunk can still pass the cap.
    if (split.tooLong || split.bytes.length > MAX_LINE_BYTES) {
      yield { kind: 'rejected', position, reason: `line is longer than ${MAX_LINE_BYTES / 1024 / 1024} MiB`, excerpt: '' };
      continue;
    }
    let bytes = split.bytes;
    // A UTF-8 byte order mark is allowed before the first line (RFC 8259 §8.1 lets parsers ignore it).
    if (split.line === 1 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
    if (isBlank(bytes)) continue;
    // RFC 8259 §8.1: JSON exchanged between systems MUST be UTF-8.
    if (!isUtf8(bytes)) {
      yield { kind: 'rejected', position, reason: 'malformed UTF-8', excerpt: bytes.subarray(0, EXCERPT_BYTES).toString('latin1') };
      continue;
    }
    const raw = bytes.toString('utf8');
    const parsed = parseJsonText(raw, bytes);
    if (parsed.ok) yield { kind: 'record', position, value: parsed.value, raw };
    else yield { kind: 'rejected', position, reason: parsed.reason, excerpt: raw.slice(0, EXCERPT_CHARS) };
  }
}
