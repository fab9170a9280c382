/**
 * NDJSON (one JSON value per line) as records with line numbers. Every line that is not a
 * record becomes a rejection with its line number and reason; blank lines are skipped.
 */
import { isUtf8 } from 'node:buffer';
import { splitLines } from './lineSplitter';

export type NdjsonItem = { line: number; value: unknown; raw: string } | { line: number; rejected: string; excerpt: string };

export async function* ndjsonRecords(chunks: AsyncIterable<Buffer>): AsyncGenerator<NdjsonItem> {
  for await (const split of splitLines(chunks)) {
    if (split.tooLong) {
      yield { line: split.line, rejected: 'line is longer than 64 MiB', excerpt: '' };
      continue;
    }
    let bytes = split.bytes;
    if (split.line === 1 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
    if (!isUtf8(bytes)) {
      yield { line: split.line, rejected: 'malformed UTF-8', excerpt: bytes.subarray(0, 200).toString('latin1') };
      continue;
    }
    const raw = bytes.toString('utf8');
    if (raw.trim() === '') continue;
    try {
      yield { line: split.line, value: JSON.parse(raw) as unknown, raw };
    } catch (error) {
      yield { line: split.line, rejected: `invalid JSON: ${(error as Error).message}`, excerpt: raw.slice(0, 500) };
    }
  }
}
