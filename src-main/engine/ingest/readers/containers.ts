/**
 * Opens one input file as the readable parts it holds: the file itself, the text inside a
 * gzip (RFC 1952), every file inside a zip (APPNOTE.TXT), or the first sheet of an XLSX
 * workbook. What a part is comes from its bytes, never its name; `options.format` overrides
 * that for the file or for every part of a zip.
 *
 * Safety: containers are untrusted. Zips are vetted entry by entry before anything is read
 * (zipArchive.ts); every decompressed byte is counted against ContainerLimits (inflate.ts).
 * NOTHING IS EVER WRITTEN TO DISK here: parts are decompressed in memory and parsed as they
 * stream, so no entry name can place a file anywhere — inside or outside the engagement.
 *
 * Provenance: `onRawChunk` receives every byte of the original file exactly once, in order,
 * for the digest and the encrypted copy. A plain or gzip file is tapped while it streams (one
 * pass). A zip is read once sequentially for the tap and then opened by yauzl, whose central
 * directory and entries need random access: entries are read in directory order, may be far
 * apart, and the bytes between them (local headers, padding, anything an archiver hid) would
 * otherwise never be seen. Both passes use the same open file handle, so the archive read is
 * the file that was hashed even if its path is replaced meanwhile.
 *
 * Parts are sequential: a part's records must be read before the next part is asked for;
 * asking for it closes the previous part's stream. Breaking off the loop closes the file.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { basename } from 'node:path';
import { AppError } from '../../../../src-shared/errors';
import { ByteSource } from './byteSource';
import { ExpansionBudget, type ContainerLimits } from './containerLimits';
import { detectTextFormat, EMPTY_ZIP_MAGIC, GZIP_MAGIC, startsWith, ZIP_MAGIC } from './contentDetection';
import { openCsv } from './csvReader';
import { inflate, type Compression } from './inflate';
import { openJsonDocument } from './jsonDocumentReader';
import { readNdjson } from './ndjsonReader';
import type { ReadItem, SourcePart, TextFormat } from './readItem';
import { openXlsx } from './xlsxReader';
import { isClutter, isDirectory, openRawStream, openZipArchive, type ZipArchive, type ZipMember } from './zipArchive';

export interface OpenInputOptions {
  format?: TextFormat;
  limits?: Partial<ContainerLimits>;
  onRawChunk?: (chunk: Buffer) => void;
}

const READ_CHUNK_BYTES = 1024 * 1024;

function ioError(file: string, error: unknown): AppError {
  if (error instanceof AppError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'EISDIR' ? 'is a folder' : (error as Error).message;
  return new AppError('IO_ERROR', `${file}: cannot be read (${why})`);
}

/**
 * The file's bytes from the start, by positional reads on the handle (a FileHandle stream
 * closes the handle when destroyed, and the zip pass must keep it open for yauzl).
 */
async function* fileChunks(handle: FileHandle, file: string, tap: ((chunk: Buffer) => void) | undefined): AsyncGenerator<Buffer> {
  let position = 0;
  for (;;) {
    const buffer = Buffer.allocUnsafe(READ_CHUNK_BYTES);
    let bytesRead: number;
    try {
      ({ bytesRead } = await handle.read(buffer, 0, buffer.length, position));
    } catch (error) {
      throw ioError(file, error);
    }
    if (bytesRead === 0) return;
    position += bytesRead;
    const chunk = bytesRead === buffer.length ? buffer : buffer.subarray(0, bytesRead);
    tap?.(chunk);
    yield chunk;
  }
}

/**
 * A part's records, readable once and only while the part is current: asking for the next
 * part closes them, and reading them afterwards is a caller bug worth a clear error.
 */
function gated(inner: AsyncGenerator<ReadItem>, what: string): { records: AsyncIterable<ReadItem>; close: () => Promise<void> } {
  let closed = false;
  const iterator: AsyncIterator<ReadItem> = {
    next: async () => {
      if (closed) throw new Error(`${what}: records were read after the next part was asked for; read each part's records first`);
      return inner.next();
    },
    return: async () => {
      await inner.return(undefined);
      return { done: true, value: undefined };
    },
  };
  return {
    records: { [Symbol.asyncIterator]: () => iterator },
    close: async () => {
      closed = true;
      await inner.return(undefined);
    },
  };
}

type OpenedPart = Omit<SourcePart, 'records'> & { records: AsyncGenerator<ReadItem> };

async function openText(source: ByteSource, name: string | null, format: TextFormat, what: string): Promise<OpenedPart> {
  switch (format) {
    case 'ndjson':
      return { name, format, envelope: null, header: null, records: readNdjson(source.stream(), name) };
    case 'json': {
      const opened = await openJsonDocument(source.stream(), name);
      return { name, format, envelope: opened.envelope, header: null, records: opened.records };
    }
    case 'csv': {
      const opened = await openCsv(source.stream(), name);
      return { name, format, envelope: null, header: opened.header, records: opened.records };
    }
    case 'xlsx':
      throw new AppError('UNSUPPORTED_FORMAT', `${what}: not an XLSX workbook (an XLSX file is a zip archive)`);
  }
}

/** Detects (unless told) and opens one text part; null with the reason when it is not readable. */
async function openDetected(source: ByteSource, name: string | null, forced: TextFormat | undefined, what: string): Promise<OpenedPart | { unreadable: string }> {
  if (forced !== undefined) return openText(source, name, forced, what);
  const detected = await detectTextFormat(source);
  if ('unreadable' in detected) return detected;
  return openText(source, name, detected.format, what);
}

/** RFC 1952 §2.3.1: the optional FNAME field holds the original file name (ISO 8859-1). */
export function gzipInnerName(head: Buffer, file: string): string {
  const fallback = file.replace(/\.gz$/i, '') || file;
  const flags = head[3] ?? 0;
  let at = 10;
  if (flags & 0x04) at = at + 2 <= head.length ? at + 2 + head.readUInt16LE(at) : head.length;
  if (!(flags & 0x08) || at >= head.length) return fallback;
  const end = head.indexOf(0, at);
  if (end === -1) return fallback;
  const name = [...basename(head.toString('latin1', at, end).replace(/[\\]/g, '/'))].filter((ch) => ch.charCodeAt(0) >= 0x20).join('');
  return name || fallback;
}

async function* streamedParts(handle: FileHandle, file: string, options: OpenInputOptions, budget: ExpansionBudget, gzip: boolean): AsyncGenerator<SourcePart> {
  const raw = ByteSource.of(fileChunks(handle, file, options.onRawChunk));
  let text = raw;
  let part: OpenedPart | null = null;
  try {
    let name: string | null = null;
    if (gzip) {
      name = gzipInnerName(await raw.peek((_, total) => total >= 64 * 1024), file);
      text = ByteSource.of(inflate(raw.stream(), 'gzip', budget, `${file}`, null));
    }
    const what = name === null ? file : `${file} (${name})`;
    const opened = await openDetected(text, name, options.format, what);
    if ('unreadable' in opened) throw new AppError('UNSUPPORTED_FORMAT', `${what} ${opened.unreadable}`);
    part = opened;
    // Damage inside a gzip (truncated, corrupt) ends its part with a rejection after the records
    // read before it, as in a zip entry: the file's bytes are still read to the end, so its
    // digest and copy are kept. A failure to read the file's own bytes is not damage:
    // raw.drain() below fails with it again (caps still stop everything).
    const gate = gated(gzip ? tolerant(part.records, name ?? basename(file)) : part.records, what);
    yield { ...part, records: gate.records };
    // Asked for the next part: this one is over. The digest must still cover the whole file.
    await gate.close();
    if (text !== raw) await text.close();
    await raw.drain();
  } finally {
    await part?.records.return(undefined);
    if (text !== raw) await text.close();
    await raw.close();
  }
}

/** One unreadable zip entry: a part with a single rejection, so the other parts still import. */
function refusedPart(name: string, format: TextFormat, reason: string): SourcePart {
  async function* records(): AsyncGenerator<ReadItem> {
    yield { kind: 'rejected', position: { part: name, line: 0 }, reason, excerpt: '' };
  }
  return { name, format, envelope: null, header: null, records: records() };
}

/** Damage found while reading an entry ends that part with a rejection; caps still stop everything. */
async function* tolerant(records: AsyncGenerator<ReadItem>, name: string): AsyncGenerator<ReadItem> {
  let line = 0;
  try {
    for await (const item of records) {
      line = item.position.line;
      yield item;
    }
  } catch (error) {
    if (error instanceof AppError && error.code === 'FORBIDDEN') throw error;
    yield { kind: 'rejected', position: { part: name, line: 0 }, reason: `reading stopped after line ${line}: ${(error as Error).message}`, excerpt: '' };
  }
}

function compressionOf(member: ZipMember): Compression | null {
  // APPNOTE.TXT §4.4.5: 0 stored, 8 deflated; others (bzip2, LZMA, zstd…) are not read.
  return member.entry.compressionMethod === 0 ? 'stored' : member.entry.compressionMethod === 8 ? 'deflate' : null;
}

async function* memberParts(archive: ZipArchive, file: string, options: OpenInputOptions, budget: ExpansionBudget, member: ZipMember): AsyncGenerator<SourcePart> {
  const what = `${file}: ${member.name}`;
  const fallbackFormat = options.format ?? 'ndjson';
  const compression = compressionOf(member);
  if (compression === null) {
    yield refusedPart(member.name, fallbackFormat, `${what} uses compression method ${member.entry.compressionMethod}, which is not read (only stored and deflate are)`);
    return;
  }
  const raw = await openRawStream(archive, member);
  const entry = ByteSource.of(inflate(raw, compression, budget, what, member.entry.uncompressedSize, member.entry.crc32));
  let text = entry;
  let part: OpenedPart | { refused: string } | null = null;
  try {
    try {
      // A CloudTrail-style `.json.gz` may itself sit in a zip.
      if (startsWith(await entry.peek((_, total) => total >= GZIP_MAGIC.length), GZIP_MAGIC)) {
        text = ByteSource.of(inflate(entry.stream(), 'gzip', budget, `${what} (gunzipped)`, null));
      }
      const opened = await openDetected(text, member.name, options.format, what);
      part = 'unreadable' in opened ? { refused: `${what} ${opened.unreadable}` } : opened;
    } catch (error) {
      if (error instanceof AppError && error.code === 'FORBIDDEN') throw error;
      // Damage found while looking at the part's start (an AppError already names the part).
      part = { refused: error instanceof AppError ? error.message : `${what} could not be read (${(error as Error).message})` };
    }
    if ('refused' in part) {
      yield refusedPart(member.name, fallbackFormat, part.refused);
      return;
    }
    const gate = gated(tolerant(part.records, member.name), what);
    yield { ...part, records: gate.records };
    await gate.close();
  } finally {
    if (part !== null && !('refused' in part)) await part.records.return(undefined);
    if (text !== entry) await text.close();
    await entry.close();
    raw.destroy();
  }
}

async function* zipParts(handle: FileHandle, size: number, file: string, options: OpenInputOptions, budget: ExpansionBudget): AsyncGenerator<SourcePart> {
  if (options.onRawChunk) for await (const chunk of fileChunks(handle, file, options.onRawChunk)) void chunk;
  const archive = await openZipArchive(handle, size, file, budget.limits);
  try {
    const names = new Set(archive.members.map((m) => m.name));
    // ECMA-376 Part 2 (OPC): a workbook package has [Content_Types].xml and the workbook part.
    const isWorkbook = names.has('[Content_Types].xml') && names.has('xl/workbook.xml');
    if (options.format === 'xlsx' || (options.format === undefined && isWorkbook)) {
      if (!isWorkbook) throw new AppError('UNSUPPORTED_FORMAT', `${file}: not an XLSX workbook (no xl/workbook.xml)`);
      const opened = await openXlsx(archive, file, budget);
      const gate = gated(opened.records, file);
      try {
        yield { name: null, format: 'xlsx', envelope: null, header: opened.header, records: gate.records };
      } finally {
        await gate.close();
      }
      return;
    }
    const files = archive.members.filter((m) => !isDirectory(m) && !isClutter(m));
    if (files.length === 0) throw new AppError('UNSUPPORTED_FORMAT', `${file}: the zip holds no files`);
    for (const member of files) yield* memberParts(archive, file, options, budget, member);
  } finally {
    archive.close();
  }
}

export async function* openInput(path: string, options: OpenInputOptions = {}): AsyncGenerator<SourcePart> {
  const file = basename(path);
  const budget = new ExpansionBudget(file, options.limits);
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    throw ioError(file, error);
  }
  try {
    const stat = await handle.stat().catch((error: unknown) => Promise.reject(ioError(file, error)));
    if (!stat.isFile()) throw new AppError('IO_ERROR', `${file}: cannot be read (not a regular file)`);
    if (stat.size === 0) throw new AppError('UNSUPPORTED_FORMAT', `${file} is empty`);
    const magic = Buffer.alloc(4);
    await handle.read(magic, 0, 4, 0).catch((error: unknown) => Promise.reject(ioError(file, error)));
    if (startsWith(magic, ZIP_MAGIC) || startsWith(magic, EMPTY_ZIP_MAGIC)) yield* zipParts(handle, stat.size, file, options, budget);
    else {
      if (options.format === 'xlsx') throw new AppError('UNSUPPORTED_FORMAT', `${file}: not an XLSX workbook (an XLSX file is a zip archive)`);
      yield* streamedParts(handle, file, options, budget, startsWith(magic, GZIP_MAGIC));
    }
  } finally {
    await handle.close();
  }
}
