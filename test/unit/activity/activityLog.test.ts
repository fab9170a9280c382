import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { appendActivity, GENESIS_HASH, listActivity, verifyActivity } from '../../../src-main/engine/activity/activityLog';
import { NEW_DB_CIPHER, openEncryptedDatabase, type Db } from '../../../src-main/engine/store/database';
import { migrate } from '../../../src-main/engine/store/migrate';
import { tempDir } from '../../support/tempDir';

const open: { db: Db; cleanup: () => void }[] = [];
afterEach(() =>
  open.splice(0).forEach((o) => {
    o.db.close();
    o.cleanup();
  }),
);

function logWith(n: number): Db {
  const dir = tempDir();
  const db = openEncryptedDatabase(join(dir.path, 'a.db'), randomBytes(32), { create: true, cipher: NEW_DB_CIPHER });
  migrate(db);
  open.push({ db, cleanup: dir.cleanup });
  for (let i = 1; i <= n; i += 1) appendActivity(db, 'import.completed', { file: `f${i}.ndjson`, imported: i });
  return db;
}

describe('activity log', () => {
  it('chains each entry to the previous one from the genesis hash', () => {
    const db = logWith(3);
    const { entries, total } = listActivity(db, 10);
    expect(total).toBe(3);
    expect(entries[0]?.prevHash).toBe(GENESIS_HASH);
    expect(entries[1]?.prevHash).toBe(entries[0]?.hash);
    expect(entries[2]?.prevHash).toBe(entries[1]?.hash);
    expect(verifyActivity(db)).toEqual({ chain: 'intact', entries: 3 });
  });

  it('names the first altered entry', () => {
    const db = logWith(5);
    db.prepare('UPDATE activity SET details = ? WHERE seq = 3').run('{"file":"f3.ndjson","imported":999}');
    expect(verifyActivity(db)).toEqual({ chain: 'broken', entries: 3, firstBroken: { seq: 3, reason: expect.stringMatching(/altered/) } });
  });

  it('names the entry after a removed one', () => {
    const db = logWith(5);
    db.prepare('DELETE FROM activity WHERE seq = 2').run();
    const verdict = verifyActivity(db);
    expect(verdict.chain).toBe('broken');
    expect(verdict.chain === 'broken' && verdict.firstBroken.seq).toBe(3);
  });

  it('detects an entry whose hash was recomputed but whose link was not', () => {
    const db = logWith(4);
    db.prepare("UPDATE activity SET prev_hash = ? WHERE seq = 4").run('f'.repeat(64));
    const verdict = verifyActivity(db);
    expect(verdict.chain === 'broken' && verdict.firstBroken).toEqual({ seq: 4, reason: expect.stringMatching(/prevHash/) });
  });
});
