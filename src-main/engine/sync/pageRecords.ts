/**
 * A downloaded body as records with their verbatim text, through the same readers a file
 * import uses (ingest/readers): each JSON element's exact text, each CSV row as written, each
 * NDJSON line. A body is all or nothing: a record the reader rejects means the body is not
 * what the API promised, and nothing of it is handed on (issue "Sync": never a partial import).
 */
import { gunzipSync } from 'node:zlib';
import { AppError } from '../../../src-shared/errors';
import { ByteSource } from '../ingest/readers/byteSource';
import { GZIP_MAGIC, ZIP_MAGIC, detectTextFormat, startsWith } from '../ingest/readers/contentDetection';
import { openCsv } from '../ingest/readers/csvReader';
import { openJsonDocument } from '../ingest/readers/jsonDocumentReader';
import { readNdjson } from '../ingest/readers/ndjsonReader';
import type { ReadItem, TextFormat } from '../ingest/readers/readItem';

export interface PageRecord {
  value: unknown;
  raw: string;
}

const CHUNK_BYTES = 1024 * 1024;
/** A gzip download may expand this far; beyond it the body is refused (a decompression bomb). */
const MAX_GUNZIPPED_BYTES = 2 * 1024 * 1024 * 1024 - 1;

export async function* chunksOf(bytes: Buffer): AsyncGenerator<Buffer> {
  for (let at = 0; at < bytes.length; at += CHUNK_BYTES) yield bytes.subarray(at, at + CHUNK_BYTES);
}

function record(item: ReadItem, what: string): PageRecord {
  if (item.kind === 'record') return { value: item.value, raw: item.raw };
  throw new AppError('REMOTE_ERROR', `${what} is damaged at line ${item.position.line} (${item.reason}); nothing from it was imported.`);
}

/** Which text format the body is, from its bytes (as a file import decides). */
export async function formatOf(bytes: Buffer, what: string): Promise<TextFormat> {
  if (startsWith(bytes, ZIP_MAGIC)) {
    throw new AppError('UNSUPPORTED_FORMAT', `${what} is a zip of several files (an export of more than 50,000 entries, doc 003); set the source option windowDays to a smaller window so each export is one file.`);
  }
  const detected = await detectTextFormat(ByteSource.of(chunksOf(bytes)));
  if ('unreadable' in detected) throw new AppError('UNSUPPORTED_FORMAT', `${what} ${detected.unreadable}.`);
  return detected.format;
}

/** The body, gunzipped when it is a gzip file rather than a gzip-encoded response. */
export function gunzipped(bytes: Buffer, what: string): Buffer {
  if (!startsWith(bytes, GZIP_MAGIC)) return bytes;
  try {
    return gunzipSync(bytes, { maxOutputLength: MAX_GUNZIPPED_BYTES });
  } catch (error) {
    throw new AppError('REMOTE_ERROR', `${what} is a damaged gzip file (${(error as Error).message.slice(0, 80)}).`);
  }
}

/**
 * The records of a JSON document: the elements of the array member named `arrayPath` ('' for
 * a top-level array; null for whichever array the document leads with). `parsed` is the same
 * document already parsed, used when the array is not the one the streaming reader meets first.
 */
export async function* jsonRecords(bytes: Buffer, arrayPath: string | null, parsed: unknown, what: string): AsyncGenerator<PageRecord> {
  const opened = await openJsonDocument(chunksOf(bytes), null);
  if (opened.envelope !== null && (arrayPath === null || opened.envelope.arrayPath === arrayPath)) {
    for await (const item of opened.records) yield record(item, what);
    return;
  }
  await opened.records.return(undefined);
  let array: unknown;
  if (Array.isArray(parsed)) array = arrayPath === null || arrayPath === '' ? parsed : undefined;
  else if (parsed !== null && typeof parsed === 'object') {
    const members = parsed as Record<string, unknown>;
    array = arrayPath === null ? Object.values(members).find(Array.isArray) : members[arrayPath];
  }
  if (!Array.isArray(array)) throw new AppError('REMOTE_ERROR', `${what} has no ${arrayPath ? `"${arrayPath}" ` : ''}array of records.`);
  for (const value of array as unknown[]) yield { value, raw: JSON.stringify(value) };
}

/** The records of a body in `format`. */
export async function* textRecords(bytes: Buffer, format: TextFormat, what: string): AsyncGenerator<PageRecord> {
  switch (format) {
    case 'ndjson':
      for await (const item of readNdjson(chunksOf(bytes), null)) yield record(item, what);
      return;
    case 'csv': {
      const opened = await openCsv(chunksOf(bytes), null);
      for await (const item of opened.records) yield record(item, what);
      return;
    }
    case 'json': {
      const opened = await openJsonDocument(chunksOf(bytes), null);
      for await (const item of opened.records) yield record(item, what);
      return;
    }
    case 'xlsx':
      throw new AppError('UNSUPPORTED_FORMAT', `${what} is a workbook, not a text export.`);
  }
}
