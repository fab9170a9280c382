/**
 * Encrypted copies of the original export files, inside the engagement (`originals/`), so
 * evidence packs can include exactly what the tenant handed over. Format (one file each):
 *   "AWORIG1\n" | fileId (16 bytes) | segments…
 *   segment = plaintext length (u32 BE) | IV (12) | AES-256-GCM ciphertext | tag (16)
 * The key is HKDF-SHA256(data key, info "auditor-workstation/originals/v1"); each segment's
 * associated data is fileId | segment index | final flag, so reordering, splicing files or
 * cutting the tail is detected on read. A copy is written under a `.partial` name and renamed
 * when complete; an identical original (same SHA-256) is stored once.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, readSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../../src-shared/errors';

const MAGIC = Buffer.from('AWORIG1\n');
const SEGMENT_BYTES = 1024 * 1024;
export const ORIGINALS_DIR = 'originals';

function originalsKey(dataKey: Uint8Array): Buffer {
  return Buffer.from(hkdfSync('sha256', dataKey, Buffer.alloc(0), 'auditor-workstation/originals/v1', 32));
}

function aad(fileId: Buffer, index: number, final: boolean): Buffer {
  const b = Buffer.alloc(fileId.length + 5);
  fileId.copy(b, 0);
  b.writeUInt32BE(index, fileId.length);
  b[fileId.length + 4] = final ? 1 : 0;
  return b;
}

/** A copy being written is named by this many random bytes in hex, then `.partial`. */
const PARTIAL_ID_BYTES = 8;
const PARTIAL_NAME = new RegExp(`^[0-9a-f]{${PARTIAL_ID_BYTES * 2}}\\.partial$`);

/**
 * Removes the unfinished copies a killed import left in the engagement's `originals/` (when it
 * is opened): encrypted, but never referenced and never completed. Nothing else is touched.
 */
export function removeUnfinishedOriginals(folder: string): void {
  const dir = join(folder, ORIGINALS_DIR);
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir)) if (PARTIAL_NAME.test(name)) rmSync(join(dir, name), { force: true });
}

export class OriginalWriter {
  private readonly fd: number;
  private readonly key: Buffer;
  private readonly fileId = randomBytes(16);
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private index = 0;
  private closed = false;
  readonly partialPath: string;

  constructor(private readonly dir: string, dataKey: Uint8Array) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    this.partialPath = join(dir, `${randomBytes(PARTIAL_ID_BYTES).toString('hex')}.partial`);
    this.fd = openSync(this.partialPath, 'wx', 0o600);
    this.key = originalsKey(dataKey);
    writeSync(this.fd, Buffer.concat([MAGIC, this.fileId]));
  }

  private writeSegment(plain: Buffer, final: boolean): void {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(aad(this.fileId, this.index, final));
    const body = Buffer.concat([cipher.update(plain), cipher.final()]);
    const head = Buffer.alloc(4);
    head.writeUInt32BE(plain.length, 0);
    writeSync(this.fd, Buffer.concat([head, iv, body, cipher.getAuthTag()]));
    this.index += 1;
  }

  write(chunk: Uint8Array): void {
    this.pending.push(Buffer.from(chunk));
    this.pendingBytes += chunk.length;
    while (this.pendingBytes > SEGMENT_BYTES) {
      const all = Buffer.concat(this.pending);
      this.writeSegment(all.subarray(0, SEGMENT_BYTES), false);
      const rest = all.subarray(SEGMENT_BYTES);
      this.pending = [rest];
      this.pendingBytes = rest.length;
    }
  }

  /**
   * Seals the copy under its SHA-256 and answers the stored file name (relative to the
   * engagement). The copy is on disk before its name is, and its name before the import that
   * refers to it is committed: a crash or power loss never leaves an import whose original is
   * missing or cut short.
   */
  finish(sha256: string): string {
    this.writeSegment(Buffer.concat(this.pending), true);
    this.pending = [];
    fsyncSync(this.fd);
    closeSync(this.fd);
    this.closed = true;
    const name = `${sha256}.aworig`;
    const final = join(this.dir, name);
    if (existsSync(final)) rmSync(this.partialPath);
    else renameSync(this.partialPath, final);
    syncFolder(this.dir);
    this.key.fill(0);
    return `${ORIGINALS_DIR}/${name}`;
  }

  /** Removes this writer's own unfinished copy (a cancelled or failed import). */
  abandon(): void {
    if (!this.closed) closeSync(this.fd);
    this.closed = true;
    rmSync(this.partialPath, { force: true });
    this.key.fill(0);
  }
}

/**
 * Makes a folder's entries (a rename) durable. POSIX only: Windows cannot open a folder as a
 * file, and NTFS journals the rename itself.
 */
function syncFolder(dir: string): void {
  if (process.platform === 'win32') return;
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Reads a stored original back, verifying every segment; throws CORRUPT naming the file. */
export function* readOriginal(path: string, dataKey: Uint8Array): Generator<Buffer> {
  const fd = openSync(path, 'r');
  const key = originalsKey(dataKey);
  try {
    const header = Buffer.alloc(MAGIC.length + 16);
    if (readSync(fd, header, 0, header.length, 0) !== header.length || !header.subarray(0, MAGIC.length).equals(MAGIC)) {
      throw new AppError('CORRUPT', `${path} is not a stored original`);
    }
    const fileId = header.subarray(MAGIC.length);
    let position = header.length;
    for (let index = 0; ; index += 1) {
      const head = Buffer.alloc(16);
      if (readSync(fd, head, 0, 16, position) !== 16) throw new AppError('CORRUPT', `${path} ends before its final segment (truncated)`);
      const length = head.readUInt32BE(0);
      if (length > SEGMENT_BYTES) throw new AppError('CORRUPT', `${path}: segment ${index} claims ${length} bytes`);
      const body = Buffer.alloc(length + 16);
      if (readSync(fd, body, 0, body.length, position + 16) !== body.length) throw new AppError('CORRUPT', `${path}: segment ${index} is truncated`);
      position += 16 + body.length;
      const atEnd = readSync(fd, Buffer.alloc(1), 0, 1, position) === 0;
      const decipher = createDecipheriv('aes-256-gcm', key, head.subarray(4, 16));
      decipher.setAAD(aad(fileId, index, atEnd));
      decipher.setAuthTag(body.subarray(length));
      let plain: Buffer;
      try {
        plain = Buffer.concat([decipher.update(body.subarray(0, length)), decipher.final()]);
      } catch {
        throw new AppError('CORRUPT', `${path}: segment ${index} fails its integrity check (altered, reordered or cut)`);
      }
      yield plain;
      if (atEnd) return;
    }
  } finally {
    key.fill(0);
    closeSync(fd);
  }
}
