/**
 * Opens an engagement database with its raw 256-bit data key (SQLite3 Multiple Ciphers; every
 * page encrypted and authenticated, the cipher named in the engagement's key wrapper).
 * `PRAGMA key` always answers ok; a wrong key only shows at the first read as SQLITE_NOTADB
 * (BUILD-NOTES), so the handle is probed before anything else touches the file — a failed
 * open leaves every byte as it was.
 */
import Database from 'better-sqlite3-multiple-ciphers';
import { AppError } from '../../../src-shared/errors';

export type Db = Database.Database;

/**
 * The page ciphers an engagement may use, both authenticated encryption with a fresh random
 * nonce per page write: `chacha20` (ChaCha20-Poly1305, engagements created by earlier versions)
 * and `aegis-256` (AEGIS-256, 256-bit key, nonce and tag; AES-NI). SQLite3 Multiple Ciphers
 * 2.4.0 runs ChaCha20 in portable C: it was 30 % of the writer thread's time in an import of
 * 1 M events, and decrypting a 235 MB table took ~470 ms against ~50 ms with AEGIS-256.
 */
export const DB_CIPHERS = ['chacha20', 'aegis-256'] as const;
export type DbCipher = (typeof DB_CIPHERS)[number];
/** What a new engagement is created with. */
export const NEW_DB_CIPHER: DbCipher = 'aegis-256';

/**
 * Makes `cipher` the connection's cipher for every database it keys or attaches with a key
 * from now on. The AEGIS variant is named, not left to the library's default.
 */
export function selectCipher(db: Db, cipher: DbCipher): void {
  if (cipher === 'chacha20') {
    db.pragma(`cipher = 'chacha20'`);
  } else {
    db.pragma(`cipher = 'aegis'`);
    db.pragma(`algorithm = '${cipher}'`);
  }
}

/** The cipher a connection keys with: scratch and helper files of an index build use the same. */
export function connectionCipher(db: Db): DbCipher {
  const name = String(db.pragma('cipher', { simple: true }));
  const cipher = name === 'aegis' ? String(db.pragma('algorithm', { simple: true })) : name;
  const known = DB_CIPHERS.find((c) => c === cipher);
  if (!known) throw new AppError('INTERNAL', `the database connection uses an unexpected cipher (${cipher})`);
  return known;
}

export function openEncryptedDatabase(file: string, key: Buffer, options: { create: boolean; cipher: DbCipher; pageSize?: number }): Db {
  let db: Db;
  try {
    db = new Database(file, { fileMustExist: !options.create });
  } catch (error) {
    throw new AppError('IO_ERROR', `cannot open ${file}: ${(error as Error).message}`);
  }
  try {
    selectCipher(db, options.cipher);
    // x'…' hands the random data key over as raw key material (no passphrase KDF needed).
    db.pragma(`key = "x'${key.toString('hex')}'"`);
    db.prepare('SELECT count(*) FROM sqlite_master').get();
  } catch (error) {
    db.close();
    const code = (error as { code?: string }).code;
    if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') {
      throw new AppError('ENGAGEMENT_OPEN', `${file} is open in another window or process (the app, the CLI or a sync); close it there first`);
    }
    if (code === 'SQLITE_NOTADB') {
      throw new AppError('CORRUPT', `${file} does not open with this engagement's key (the database and its key wrapper do not belong together, or the file is damaged); nothing was changed`);
    }
    throw new AppError('IO_ERROR', `cannot read ${file}: ${(error as Error).message}`);
  }
  // Nothing decrypted may reach disk: temporary tables and sorts stay in memory; the WAL holds
  // encrypted pages like the main file.
  if (options.create && options.pageSize) db.pragma(`page_size = ${options.pageSize}`);
  // One process at a time: a second app window, CLI or sync gets a clear ENGAGEMENT_OPEN
  // instead of two writers interleaving (and one marking the other's import as interrupted).
  // In exclusive mode the WAL index lives in memory, so no -shm file is written either.
  db.pragma('locking_mode = EXCLUSIVE');
  db.pragma('temp_store = MEMORY');
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('cache_size = -65536');
  return db;
}

/**
 * Bulk work (an import, the index repair after a crash) runs with a 16 MiB page cache and
 * answers how to restore the cache it had. Past ~1 M events the uid index outgrows any cache we
 * would afford: 16, 32 and 48 MiB measured the same import time (1 M events: 64, 64, 68 s;
 * 3 M: 223, 221, 242 s) while RSS fell by the difference (3 M events streaming: 243–267
 * against 256–294 MB). A repair at the default 64 MiB, followed by an import, peaked at 379 MB.
 */
export function useBulkCache(db: Db): () => void {
  const before = Number(db.pragma('cache_size', { simple: true }));
  db.pragma('cache_size = -16384');
  return () => {
    db.pragma(`cache_size = ${before}`);
  };
}

function isLockError(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  return code === 'SQLITE_LOCKED' || code === 'SQLITE_BUSY';
}

/**
 * A bulk import writes through a rollback journal instead of the WAL, and answers how to put
 * the WAL back. In WAL mode every new page is encrypted into the WAL and then decrypted and
 * encrypted again into the database by the checkpoint; a rollback journal only keeps the old
 * content of pages that existed before (encrypted too), and appended pages — nearly all of an
 * import — are written once. Measured on 1 M events: 10 s of checkpoint gone, 7 % more time
 * committing batches. Commits sync fully while in this mode (synchronous = FULL), so a crash
 * or power loss still leaves exactly the committed batches (the next open rolls a hot journal
 * back). If the switch is refused (a statement still reading), the import stays in WAL mode.
 */
export function switchToRollbackJournal(db: Db): () => void {
  try {
    const mode = db.pragma('main.journal_mode = TRUNCATE', { simple: true });
    if (mode !== 'truncate') return () => {};
  } catch (error) {
    if (isLockError(error)) return () => {};
    throw error;
  }
  db.pragma('synchronous = FULL');
  return () => {
    try {
      db.pragma('main.journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
    } catch (error) {
      // Still consistent in rollback mode; the next open goes back to WAL.
      if (!isLockError(error)) throw error;
    }
  };
}
