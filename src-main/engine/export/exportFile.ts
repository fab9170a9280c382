/**
 * The file an export writes. Bytes go to a temporary name beside the final one (opened with
 * 'wx', flushed to disk before it is closed) and are hashed (SHA-256) and counted on the way;
 * only a complete file is published under the final name, and never over an existing file.
 * So a half-written export never carries the name the user chose, and a cancelled or failed
 * one leaves nothing behind: it is our own output, not the user's data.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, linkSync, renameSync, unlinkSync, existsSync } from 'node:fs';
import { lstat, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { basename, dirname, isAbsolute, join } from 'node:path';
import { Transform, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../../../src-shared/errors';

function existsError(path: string): AppError {
  return new AppError('IO_ERROR', `${path} already exists; an export never overwrites a file, so choose another name`);
}

function ioError(path: string, error: unknown): AppError {
  return new AppError('IO_ERROR', `cannot write ${path}: ${(error as Error).message}`);
}

/** Refuses a target that is not absolute or already exists (checked again when publishing). */
export async function refuseExistingTarget(path: string): Promise<void> {
  if (!isAbsolute(path)) throw new AppError('BAD_REQUEST', `an export needs an absolute path, not ${JSON.stringify(path)}`);
  const found = await lstat(path).then(
    () => true,
    (error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? false : Promise.reject(ioError(path, error))),
  );
  if (found) throw existsError(path);
}

/** Where a filesystem cannot make hard links (FAT, exFAT, some network shares), link() fails so. */
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS']);

interface WrittenFile {
  bytes: number;
  sha256: string;
}

export class ExportFile {
  private bytes = 0;
  private readonly hash = createHash('sha256');
  /** Write here: every chunk is hashed, counted and passed on to the temporary file. */
  readonly input: Transform;
  /** Settles when the temporary file is flushed and closed, or fails. */
  private readonly written: Promise<void>;
  /** Rejects when the file fails, or closes while the export still writes: what every wait races. */
  private readonly failure: Promise<never>;

  private constructor(
    readonly path: string,
    private readonly tempPath: string,
    file: Writable,
    private readonly signal: AbortSignal,
  ) {
    this.input = new Transform({
      transform: (chunk: Buffer, _encoding, done) => {
        this.hash.update(chunk);
        this.bytes += chunk.length;
        done(null, chunk);
      },
    });
    this.written = pipeline(this.input, file);
    this.failure = this.written.then(
      () => Promise.reject(new AppError('INTERNAL', `${path}: the file was closed before the export ended`)),
      (error: unknown) => Promise.reject(ioError(path, error)),
    );
    // Both are observed where they matter (a wait, close); this only keeps them from being "unhandled".
    this.written.catch(() => {});
    this.failure.catch(() => {});
  }

  /** Creates the temporary file beside `path`; fails if the folder is missing or not writable. */
  static async create(path: string, signal: AbortSignal): Promise<ExportFile> {
    const tempPath = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.part`);
    const file = createWriteStream(tempPath, { flags: 'wx', flush: true });
    try {
      await once(file, 'open');
    } catch (error) {
      throw ioError(path, error);
    }
    return new ExportFile(path, tempPath, file, signal);
  }

  /** Writes text, waiting while the disk is behind. */
  async write(text: string): Promise<void> {
    if (!this.input.write(text)) await this.drained(this.input);
  }

  /**
   * Waits for `stream` to drain — ours, or one inside a library that feeds ours — unless the
   * file fails (the drain would never come) or the job is cancelled.
   */
  async drained(stream: NodeJS.EventEmitter): Promise<void> {
    await Promise.race([once(stream, 'drain', { signal: this.signal }), this.failure]);
  }

  /** Waits for a library's own completion, unless the file fails first (it would never complete). */
  async until<T>(work: Promise<T>): Promise<T> {
    return Promise.race([work, this.failure]);
  }

  /** Ends the file and waits until it is on disk; the size and hash are then final. */
  async close(): Promise<WrittenFile> {
    if (!this.input.writableEnded) this.input.end();
    try {
      await this.written;
    } catch (error) {
      throw ioError(this.path, error);
    }
    return { bytes: this.bytes, sha256: this.hash.digest('hex') };
  }

  /**
   * Gives the closed file its final name: a hard link fails if the name was taken meanwhile,
   * so nothing is ever overwritten. Synchronous on purpose: the caller records the export in
   * the same step, so a cancel comes either before (nothing published) or too late.
   */
  publishSync(): void {
    try {
      linkSync(this.tempPath, this.path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? '';
      if (code === 'EEXIST') throw existsError(this.path);
      if (!NO_HARD_LINKS.has(code)) throw ioError(this.path, error);
      // No hard links here: check, then rename (which would replace a file appearing in between).
      if (existsSync(this.path)) throw existsError(this.path);
      renameSync(this.tempPath, this.path);
      return;
    }
    unlinkSync(this.tempPath);
  }

  /** Removes a published file again (its export could not be recorded). */
  unpublishSync(): void {
    unlinkSync(this.path);
  }

  /** Stops writing and deletes the temporary file. */
  async discard(): Promise<void> {
    this.input.destroy();
    await this.written.catch(() => {});
    await rm(this.tempPath, { force: true });
  }
}
