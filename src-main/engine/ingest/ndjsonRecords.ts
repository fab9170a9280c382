/**
 * NDJSON (one JSON value per line) as records with line numbers, in the shape the first
 * import slice uses. The reading itself (BOM, UTF-8, 64 MiB lines, integers beyond 2^53 kept
 * as strings, nesting bound) lives in readers/ndjsonReader.
 */
import { readNdjson } from './readers/ndjsonReader';

export type NdjsonItem = { line: number; value: unknown; raw: string } | { line: number; rejected: string; excerpt: string };

export async function* ndjsonRecords(chunks: AsyncIterable<Buffer>): AsyncGenerator<NdjsonItem> {
  for await (const item of readNdjson(chunks, null)) {
    if (item.kind === 'record') yield { line: item.position.line, value: item.value, raw: item.raw };
    else yield { line: item.position.line, rejected: item.reason, excerpt: item.excerpt };
  }
}
