/**
 * Opens an untrusted zip (APPNOTE.TXT) and vets every entry in its central directory before a
 * single byte of content is read, so a refused archive yields no records at all.
 *
 * Nothing is ever extracted: entries are streamed from the archive into memory and parsed,
 * so no path in the archive can name a place on disk. The checks below still refuse the
 * archive as a whole when an entry is of the kinds that attack extractors (zip-slip paths,
 * symlinks) or hide content (encryption), because such an archive is not an honest export
 * and the auditor should hear so, rather than get a silently partial import.
 */
import type { FileHandle } from 'node:fs/promises';
import { Readable } from 'node:stream';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { AppError } from '../../../../src-shared/errors';
import { formatBytes, RATIO_GRACE_BYTES, type ContainerLimits } from './containerLimits';

export interface ZipMember {
  /** the entry's path as stored (forward or back slashes as written) */
  name: string;
  entry: Entry;
}

export interface ZipArchive {
  zip: ZipFile;
  /** every entry, in central-directory order, directories included */
  members: ZipMember[];
  close(): void;
}

/** APPNOTE.TXT §4.4.4: bit 0 — encrypted; bit 6 — strong encryption. */
const ENCRYPTED = 0x0001 | 0x0040;
/** Unix st_mode lives in the high 16 bits of the external attributes (Info-ZIP convention). */
const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;
/** APPNOTE.TXT §4.3.7: a local file header is at least 30 bytes before its data. */
const LOCAL_HEADER_BYTES = 30;

/** Why an entry name is refused, or null when it is an ordinary relative path. */
export function unsafeName(name: string): string | null {
  if (name.length === 0) return 'has an empty name';
  if ([...name].some((ch) => ch.charCodeAt(0) < 0x20)) return 'has control characters in its name';
  if (name.startsWith('/') || name.startsWith('\\')) return 'is an absolute path';
  if (/^[A-Za-z]:/.test(name)) return 'starts with a drive letter';
  // APPNOTE.TXT §4.4.17.1 names use '/', but extractors on Windows also split on '\'.
  if (name.split(/[/\\]/).includes('..')) return 'escapes its folder with ".."';
  return null;
}

const RANGE_CHUNK_BYTES = 64 * 1024;

/**
 * yauzl reads through this instead of a raw fd: yauzl closes an fd it was given when the zip
 * is closed, while the caller's FileHandle (which it must close itself) also holds it.
 */
class FileHandleReader extends yauzl.RandomAccessReader {
  constructor(private readonly handle: FileHandle) {
    super();
  }

  override _readStreamForRange(start: number, end: number): Readable {
    const handle = this.handle;
    async function* range(): AsyncGenerator<Buffer> {
      for (let position = start; position < end; ) {
        const buffer = Buffer.allocUnsafe(Math.min(RANGE_CHUNK_BYTES, end - position));
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
        if (bytesRead === 0) return;
        position += bytesRead;
        yield bytesRead === buffer.length ? buffer : buffer.subarray(0, bytesRead);
      }
    }
    return Readable.from(range(), { objectMode: false });
  }

  override read(buffer: Buffer, offset: number, length: number, position: number, callback: (error: Error | null) => void): void {
    this.handle.read(buffer, offset, length, position).then(
      ({ bytesRead }) => callback(bytesRead === length ? null : new Error('unexpected end of file')),
      (error: Error) => callback(error),
    );
  }

  override close(callback: (error: Error | null) => void): void {
    callback(null);
  }
}

function decodeName(entry: Entry, withExtraFields: boolean): string {
  return yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileNameRaw, withExtraFields ? entry.extraFields : [], true);
}

function refusal(file: string, name: string, why: string): AppError {
  return new AppError('FORBIDDEN', `${file}: zip entry ${JSON.stringify(name)} ${why}; the archive is refused`);
}

function readMembers(zip: ZipFile, file: string, limits: ContainerLimits): Promise<ZipMember[]> {
  return new Promise((resolve, reject) => {
    const members: ZipMember[] = [];
    zip.on('error', (error: Error) => {
      if (/strong encryption/i.test(error.message)) reject(new AppError('FORBIDDEN', `${file}: zip entry ${members.length + 1} is encrypted; the archive is refused`));
      else reject(new AppError('UNSUPPORTED_FORMAT', `${file}: the zip's central directory is damaged (${error.message})`));
    });
    zip.on('entry', (entry: Entry) => {
      if (members.length >= limits.maxEntries) {
        reject(new AppError('FORBIDDEN', `${file}: the zip holds more than ${limits.maxEntries.toLocaleString('en')} entries (maxEntries); the archive is refused`));
        return;
      }
      members.push({ name: decodeName(entry, true), entry });
      zip.readEntry();
    });
    zip.on('end', () => resolve(members));
    zip.readEntry();
  });
}

/** Every reason to refuse the archive, checked over all entries before any is read. */
function vet(members: readonly ZipMember[], file: string, limits: ContainerLimits): void {
  let declaredTotal = 0;
  for (const { name, entry } of members) {
    // The Info-ZIP Unicode Path field (0x7075) may name the entry differently than its raw name: vet both.
    const rawName = decodeName(entry, false);
    for (const candidate of new Set([name, rawName])) {
      const why = unsafeName(candidate);
      if (why !== null) throw refusal(file, candidate, why);
    }
    if (((entry.externalFileAttributes >>> 16) & S_IFMT) === S_IFLNK) throw refusal(file, name, 'is a symbolic link');
    if ((entry.generalPurposeBitFlag & ENCRYPTED) !== 0) throw refusal(file, name, 'is encrypted');
    if (entry.uncompressedSize > limits.maxEntryUncompressed) {
      throw refusal(file, name, `declares ${formatBytes(entry.uncompressedSize)}, more than ${formatBytes(limits.maxEntryUncompressed)} (maxEntryUncompressed)`);
    }
    if (entry.uncompressedSize > RATIO_GRACE_BYTES && entry.uncompressedSize > limits.maxRatio * Math.max(entry.compressedSize, 1)) {
      throw refusal(file, name, `declares an expansion of more than ${limits.maxRatio}× (${formatBytes(entry.uncompressedSize)} from ${formatBytes(entry.compressedSize)}; maxRatio)`);
    }
    declaredTotal += entry.uncompressedSize;
    if (declaredTotal > limits.maxTotalUncompressed) {
      throw new AppError('FORBIDDEN', `${file}: the zip declares more than ${formatBytes(limits.maxTotalUncompressed)} in total (maxTotalUncompressed); the archive is refused`);
    }
  }
  // Entries sharing compressed data multiply it without limit (the "overlapping files" zip bomb).
  const byOffset = [...members].sort((a, b) => a.entry.relativeOffsetOfLocalHeader - b.entry.relativeOffsetOfLocalHeader);
  for (let i = 1; i < byOffset.length; i += 1) {
    const before = byOffset[i - 1]!;
    const after = byOffset[i]!;
    if (before.entry.relativeOffsetOfLocalHeader + LOCAL_HEADER_BYTES + before.entry.compressedSize > after.entry.relativeOffsetOfLocalHeader) {
      throw refusal(file, after.name, `overlaps the data of entry ${JSON.stringify(before.name)} (an overlapping-entry zip bomb)`);
    }
  }
}

export async function openZipArchive(handle: FileHandle, size: number, file: string, limits: ContainerLimits): Promise<ZipArchive> {
  let zip: ZipFile;
  try {
    zip = await yauzl.fromRandomAccessReaderPromise(new FileHandleReader(handle), size, { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: false, strictFileNames: true });
  } catch (error) {
    throw new AppError('UNSUPPORTED_FORMAT', `${file}: not a readable zip archive (${(error as Error).message})`);
  }
  try {
    if (zip.entryCount > limits.maxEntries) {
      throw new AppError('FORBIDDEN', `${file}: the zip holds ${zip.entryCount.toLocaleString('en')} entries, more than ${limits.maxEntries.toLocaleString('en')} (maxEntries); the archive is refused`);
    }
    const members = await readMembers(zip, file, limits);
    vet(members, file, limits);
    return { zip, members, close: () => zip.close() };
  } catch (error) {
    zip.close();
    throw error;
  }
}

/** The entry's stored bytes, still compressed (inflating is the caller's, so it can be counted). */
export function openRawStream(archive: ZipArchive, member: ZipMember): Promise<Readable> {
  return new Promise((resolve, reject) => {
    archive.zip.openReadStream(member.entry, { decodeFileData: false }, (error, stream) => {
      if (error) reject(error);
      else resolve(stream);
    });
  });
}

export function isDirectory(member: ZipMember): boolean {
  return member.name.endsWith('/') || member.name.endsWith('\\');
}

/** Files every OS or archiver adds that are never an export (APPNOTE says nothing; Finder and Explorer do). */
export function isClutter(member: ZipMember): boolean {
  const segments = member.name.split(/[/\\]/);
  const base = segments[segments.length - 1] ?? '';
  return segments[0] === '__MACOSX' || base === '.DS_Store' || base === 'Thumbs.db' || base === 'desktop.ini';
}
