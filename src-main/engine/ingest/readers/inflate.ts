/**
 * Decompresses a gzip stream (RFC 1952) or a zip entry's deflate data (RFC 1951, APPNOTE.TXT
 * §4.4.5 method 8) in memory, counting what goes in and what comes out so every byte produced
 * is checked against the container caps as it appears — the actual bytes, not a header's
 * claim. Nothing is written to disk.
 */
import { Readable } from 'node:stream';
import { crc32, createGunzip, createInflateRaw } from 'node:zlib';
import { AppError } from '../../../../src-shared/errors';
import type { ExpansionBudget } from './containerLimits';

export type Compression = 'gzip' | 'deflate' | 'stored';

/**
 * zlib inflates a whole input chunk before it looks at backpressure; small input chunks keep
 * one burst of a bomb (≈1,000× per chunk) to tens of MiB.
 */
export const COMPRESSED_CHUNK_BYTES = 64 * 1024;
const OUTPUT_CHUNK_BYTES = 256 * 1024;

function isZlibError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && String((error as NodeJS.ErrnoException).code ?? '').startsWith('Z_');
}

/**
 * `declared` is the size the container's header claims (null for gzip, which claims none);
 * `expectedCrc` the zip entry's CRC-32 (APPNOTE.TXT §4.4.7), checked once the entry is read
 * (gzip checks its own trailer, RFC 1952 §2.3.1).
 */
export async function* inflate(
  compressed: AsyncIterable<Buffer>,
  compression: Compression,
  budget: ExpansionBudget,
  what: string,
  declared: number | null,
  expectedCrc: number | null = null,
): AsyncGenerator<Buffer> {
  let compressedIn = 0;
  let out = 0;
  let crc = 0;
  const checkCrc = (): void => {
    if (expectedCrc !== null && crc >>> 0 !== expectedCrc >>> 0) {
      throw new AppError('IO_ERROR', `${what}: the entry is damaged (its CRC-32 does not match the archive's)`);
    }
  };
  async function* counted(): AsyncGenerator<Buffer> {
    for await (const chunk of compressed) {
      for (let i = 0; i < chunk.length; i += COMPRESSED_CHUNK_BYTES) {
        const piece = chunk.subarray(i, i + COMPRESSED_CHUNK_BYTES);
        compressedIn += piece.length;
        yield piece;
      }
    }
  }

  if (compression === 'stored') {
    for await (const chunk of counted()) {
      out += chunk.length;
      budget.check(what, chunk.length, out, compressedIn, declared);
      if (expectedCrc !== null) crc = crc32(chunk, crc);
      yield chunk;
    }
    checkCrc();
    return;
  }

  const zlib = compression === 'gzip' ? createGunzip({ chunkSize: OUTPUT_CHUNK_BYTES }) : createInflateRaw({ chunkSize: OUTPUT_CHUNK_BYTES });
  const input = Readable.from(counted(), { objectMode: false, highWaterMark: COMPRESSED_CHUNK_BYTES });
  let inputError: unknown = null;
  input.on('error', (error) => {
    inputError = error;
    zlib.destroy(error);
  });
  input.pipe(zlib);
  try {
    for await (const chunk of zlib as AsyncIterable<Buffer>) {
      out += chunk.length;
      budget.check(what, chunk.length, out, compressedIn, declared);
      if (expectedCrc !== null) crc = crc32(chunk, crc);
      yield chunk;
    }
    checkCrc();
  } catch (error) {
    if (inputError !== null) throw inputError;
    if (isZlibError(error)) {
      const kind = compression === 'gzip' ? 'gzip' : 'deflate';
      throw new AppError('IO_ERROR', `${what}: the ${kind} data is damaged or truncated (${error.message})`);
    }
    throw error;
  } finally {
    input.unpipe(zlib);
    input.destroy();
    zlib.destroy();
  }
}
