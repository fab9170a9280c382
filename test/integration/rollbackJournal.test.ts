/**
 * The bulk-import journal (store/database.ts, switchToRollbackJournal): the switch and the way
 * back, the journal encrypted like the database, and a process killed in the middle of a
 * transaction — with uncommitted pages already spilled into the database file — leaving
 * exactly the committed rows after the next open.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { NEW_DB_CIPHER, openEncryptedDatabase, switchToRollbackJournal } from '../../src-main/engine/store/database';
import { tempDir } from '../support/tempDir';

const KEY = Buffer.alloc(32, 0x5a);
const MARKER = 'JOURNAL-PLAINTEXT-MARKER';
const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

function freshDb() {
  const dir = tempDir('aw-journal-');
  cleanups.push(() => dir.cleanup());
  const file = join(dir.path, 'engagement.db');
  const db = openEncryptedDatabase(file, KEY, { create: true, cipher: NEW_DB_CIPHER, pageSize: 16384 });
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
  const insert = db.prepare('INSERT INTO t (body) VALUES (?)');
  db.transaction(() => {
    for (let i = 0; i < 2000; i++) insert.run(`${MARKER} committed ${i} ${'x'.repeat(200)}`);
  })();
  return { file, db };
}

describe('the rollback journal of a bulk import', () => {
  it('switches to TRUNCATE with full syncs and back to WAL; the journal holds no plaintext', () => {
    const { file, db } = freshDb();
    cleanups.push(() => db.open && db.close());
    expect(db.pragma('main.journal_mode', { simple: true })).toBe('wal');
    const restore = switchToRollbackJournal(db);
    expect(db.pragma('main.journal_mode', { simple: true })).toBe('truncate');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    // Rewrite the existing pages inside a transaction: their old content goes to the journal.
    db.exec('BEGIN');
    db.prepare('UPDATE t SET body = ?').run('changed');
    expect(existsSync(`${file}-journal`)).toBe(true);
    const journal = readFileSync(`${file}-journal`);
    expect(journal.length).toBeGreaterThan(16384);
    expect(journal.includes(MARKER)).toBe(false);
    db.exec('ROLLBACK');
    restore();
    expect(db.pragma('main.journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(1);
    expect(db.prepare("SELECT count(*) AS n FROM t WHERE body LIKE 'JOURNAL%'").get()).toEqual({ n: 2000 });
  });

  it('a process killed mid-transaction leaves a hot journal; the next open rolls it back to the committed rows', () => {
    const { file, db } = freshDb();
    db.close();
    // A separate process: open, switch, write far more than its small cache so uncommitted
    // pages spill into the database file, rewrite committed rows, then die without a word.
    const script = `
      const Database = require(${JSON.stringify(createRequire(import.meta.url).resolve('better-sqlite3-multiple-ciphers'))});
      const db = new Database(${JSON.stringify(file)});
      db.pragma("cipher = 'aegis'");
      db.pragma("algorithm = 'aegis-256'");
      db.pragma(\`key = "x'${KEY.toString('hex')}'"\`);
      db.pragma('locking_mode = EXCLUSIVE');
      db.pragma('main.journal_mode = TRUNCATE');
      db.pragma('synchronous = FULL');
      db.pragma('cache_size = 16');
      db.exec('BEGIN');
      const insert = db.prepare('INSERT INTO t (body) VALUES (?)');
      for (let i = 0; i < 20000; i++) insert.run('uncommitted ' + i + ' ' + 'y'.repeat(300));
      db.prepare("UPDATE t SET body = 'overwritten' WHERE id <= 2000").run();
      process.kill(process.pid, 'SIGKILL');
    `;
    const sizeBefore = statSync(file).size;
    const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    expect(child.signal).toBe('SIGKILL');
    expect(statSync(`${file}-journal`).size).toBeGreaterThan(0);
    expect(statSync(file).size).toBeGreaterThan(sizeBefore);

    const reopened = openEncryptedDatabase(file, KEY, { create: false, cipher: NEW_DB_CIPHER });
    cleanups.push(() => reopened.close());
    expect(reopened.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(reopened.prepare('SELECT count(*) AS n FROM t').get()).toEqual({ n: 2000 });
    expect(reopened.prepare("SELECT count(*) AS n FROM t WHERE body LIKE 'JOURNAL%'").get()).toEqual({ n: 2000 });
    expect(reopened.pragma('main.journal_mode', { simple: true })).toBe('wal');
  });
});
