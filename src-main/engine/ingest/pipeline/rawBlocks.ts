/**
 * Raw records are kept verbatim in compressed blocks: a JSON array of strings, compressed with
 * zstd where the runtime has it (Node >= 22.15) and raw DEFLATE otherwise; the codec is stored
 * per block so either can be read back. Compression runs on the parsing thread, not the writer.
 */
import zlib from 'node:zlib';
import { AppError } from '../../../../src-shared/errors';

export type RawCodec = 'zstd' | 'deflate-raw';

const hasZstd = typeof zlib.zstdCompressSync === 'function';

export const RAW_BLOCK_RECORDS = 512;

export interface EncodedRawBlock {
  codec: RawCodec;
  count: number;
  bytes: Uint8Array;
}

export function encodeRawBlock(records: string[]): EncodedRawBlock {
  const json = Buffer.from(JSON.stringify(records));
  if (hasZstd) {
    const bytes = zlib.zstdCompressSync(json, { params: { [zlib.constants.ZSTD_c_compressionLevel]: 1 } });
    return { codec: 'zstd', count: records.length, bytes };
  }
  return { codec: 'deflate-raw', count: records.length, bytes: zlib.deflateRawSync(json, { level: 1 }) };
}

export function decodeRawBlock(codec: string, bytes: Uint8Array): string[] {
  let json: Buffer;
  if (codec === 'zstd') {
    if (!hasZstd) throw new AppError('CORRUPT', 'this runtime cannot read zstd-compressed records (needs Node 22.15 or later)');
    json = zlib.zstdDecompressSync(bytes);
  } else if (codec === 'deflate-raw') {
    json = zlib.inflateRawSync(bytes);
  } else {
    throw new AppError('CORRUPT', `unknown raw block codec ${JSON.stringify(codec)}`);
  }
  return JSON.parse(json.toString('utf8')) as string[];
}
