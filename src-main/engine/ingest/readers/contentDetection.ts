/**
 * Which reader a text part needs, from its content only: the name of a file says what its
 * sender hoped it was, the bytes say what it is (`events.json` is often NDJSON; CloudTrail
 * writes one JSON document per `.json.gz`).
 *
 * - `[` first: a JSON document whose records are the array's elements.
 * - `{` first: NDJSON when the first line is a complete JSON value and the next non-empty line
 *   starts another object; otherwise a JSON document (a pretty-printed object or envelope, or
 *   a one-line CloudTrail `{"Records":[…]}` file).
 * - anything else: CSV when the first line has at least two delimited fields (or Excel's
 *   `sep=` hint); else not something this workstation reads.
 */
import type { ByteSource } from './byteSource';
import { sniffDelimiter } from './csvReader';
import type { TextFormat } from './readItem';

export type Detection = { format: TextFormat } | { unreadable: string };

const SNIFF_BYTES = 64 * 1024;
/** The first NDJSON line may be long (the readers accept 64 MiB lines); look that far at most. */
const MAX_FIRST_LINE_BYTES = 64 * 1024 * 1024;

function isSpace(b: number | undefined): boolean {
  return b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
}

function firstNonSpace(bytes: Buffer, from: number): number {
  for (let i = from; i < bytes.length; i += 1) if (!isSpace(bytes[i])) return i;
  return -1;
}

function hasNonSpace(bytes: Buffer): boolean {
  return firstNonSpace(bytes, 0) !== -1;
}

export const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
/** An empty zip is only its end-of-central-directory record (APPNOTE.TXT §4.3.16). */
export const EMPTY_ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x05, 0x06]);
/** RFC 1952 §2.3.1: ID1 ID2. */
export const GZIP_MAGIC = Buffer.from([0x1f, 0x8b]);

export function startsWith(bytes: Buffer, magic: Buffer): boolean {
  return bytes.length >= magic.length && bytes.subarray(0, magic.length).equals(magic);
}

/** Decides the text format of what `source` holds; peeked bytes stay in the source. */
export async function detectTextFormat(source: ByteSource): Promise<Detection> {
  let head = await source.peek((_, total) => total >= SNIFF_BYTES);
  if (head.length === 0) return { unreadable: 'is empty' };
  if (startsWith(head, ZIP_MAGIC) || startsWith(head, EMPTY_ZIP_MAGIC)) return { unreadable: 'is a zip archive inside a container, which is not opened; extract it and import it on its own' };
  if (startsWith(head, GZIP_MAGIC)) return { unreadable: 'is gzip inside gzip, which is not opened; decompress it once and import the result' };
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) {
    return { unreadable: 'is UTF-16 text (Excel "Unicode Text"); save it as UTF-8 CSV and import that' };
  }
  const bom = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  if (head.subarray(0, SNIFF_BYTES).includes(0)) return { unreadable: 'holds binary data, not a text export' };
  const start = firstNonSpace(head, bom);
  if (start === -1) return { unreadable: 'holds only blank lines' };

  const first = head[start];
  if (first === 0x5b) return { format: 'json' };
  if (first === 0x7b) {
    let lineEnd = head.indexOf(0x0a, start);
    while (lineEnd === -1 && !source.exhausted && head.length < MAX_FIRST_LINE_BYTES) {
      head = await source.peek((latest, total) => latest.includes(0x0a) || total >= MAX_FIRST_LINE_BYTES, true);
      lineEnd = head.indexOf(0x0a, start);
    }
    if (lineEnd === -1) return { format: 'json' };
    try {
      JSON.parse(head.toString('utf8', start, lineEnd));
    } catch {
      return { format: 'json' };
    }
    let next = firstNonSpace(head, lineEnd + 1);
    while (next === -1 && !source.exhausted) {
      head = await source.peek((latest) => hasNonSpace(latest), true);
      next = firstNonSpace(head, lineEnd + 1);
    }
    return { format: next !== -1 && head[next] === 0x7b ? 'ndjson' : 'json' };
  }

  const lineEnd = head.indexOf(0x0a, start);
  const line = head.toString('utf8', start, lineEnd === -1 ? Math.min(head.length, SNIFF_BYTES) : lineEnd);
  if (/^sep=[,;\t]\r?$/.test(line)) return { format: 'csv' };
  const delimiter = sniffDelimiter(line);
  if (line.includes(delimiter)) return { format: 'csv' };
  return { unreadable: 'is not a recognised export (neither JSON nor NDJSON, and its first line is not a delimited CSV header)' };
}
