/**
 * Raw records are kept verbatim in compressed blocks, compressed with zstd where the runtime
 * has it (Node >= 22.15) and raw DEFLATE otherwise. A block is the records joined by "\n" when
 * none contains a newline (every NDJSON line; most CSV rows), else a JSON array of strings —
 * JSON-escaping every quote of every record was the costliest step. The codec names both
 * choices ("zstd+lines"), so every block can be read back. Runs on the parsing thread.
 */
import zlib from 'node:zlib';
import { AppError } from '../../../../src-shared/errors';

export type RawCodec = `${'zstd' | 'deflate-raw'}+${'lines' | 'json'}`;

const hasZstd = typeof zlib.zstdCompressSync === 'function';

export const RAW_BLOCK_RECORDS = 512;
/** A block is also closed once its records reach this many characters, so huge records keep memory bounded. */
export const BLOCK_RAW_CHARS = 4 * 1024 * 1024;

export interface EncodedRawBlock {
  codec: RawCodec;
  count: number;
  bytes: Uint8Array;
}

/** Blocks up to this size are laid out in one buffer reused for every block (no joined string, no new buffer per block). */
const SCRATCH_MAX = 4 * 1024 * 1024;
let scratch = Buffer.allocUnsafeSlow(512 * 1024);

/** The block's text as UTF-8: the records joined by "\n", or the JSON array when one holds a newline. */
function blockText(records: string[]): { text: Buffer; layout: 'lines' | 'json' } {
  const asLines = !records.some((r) => r.includes('\n'));
  if (!asLines) return { text: Buffer.from(JSON.stringify(records)), layout: 'json' };
  const reserve = records.reduce((n, r) => n + r.length * 3 + 1, 0);
  if (reserve > SCRATCH_MAX) return { text: Buffer.from(records.join('\n')), layout: 'lines' };
  if (reserve > scratch.length) scratch = Buffer.allocUnsafeSlow(SCRATCH_MAX);
  let at = 0;
  records.forEach((record, i) => {
    if (i > 0) scratch[at++] = 0x0a;
    at += scratch.write(record, at, 'utf8');
  });
  return { text: scratch.subarray(0, at), layout: 'lines' };
}

export function encodeRawBlock(records: string[]): EncodedRawBlock {
  const { text, layout } = blockText(records);
  if (hasZstd) {
    const bytes = zlib.zstdCompressSync(text, { params: { [zlib.constants.ZSTD_c_compressionLevel]: 1 } });
    return { codec: `zstd+${layout}`, count: records.length, bytes };
  }
  return { codec: `deflate-raw+${layout}`, count: records.length, bytes: zlib.deflateRawSync(text, { level: 1 }) };
}

export function decodeRawBlock(codec: string, bytes: Uint8Array): string[] {
  const [compression, layout] = codec.split('+');
  let text: Buffer;
  if (compression === 'zstd') {
    if (!hasZstd) throw new AppError('CORRUPT', 'this runtime cannot read zstd-compressed records (needs Node 22.15 or later)');
    text = zlib.zstdDecompressSync(bytes);
  } else if (compression === 'deflate-raw') {
    text = zlib.inflateRawSync(bytes);
  } else {
    throw new AppError('CORRUPT', `unknown raw block codec ${JSON.stringify(codec)}`);
  }
  if (layout === 'lines') return text.toString('utf8').split('\n');
  if (layout === 'json') return JSON.parse(text.toString('utf8')) as string[];
  throw new AppError('CORRUPT', `unknown raw block layout in codec ${JSON.stringify(codec)}`);
}
