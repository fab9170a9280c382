import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { NEW_DB_CIPHER, openEncryptedDatabase } from '../../../../src-main/engine/store/database';
import { migrate, schemaVersion } from '../../../../src-main/engine/store/migrate';
import { MIGRATIONS } from '../../../../src-main/engine/store/migrations';
import { migration0006 } from '../../../../src-main/engine/store/migrations/0006-search-merge';
import { tempDir } from '../../../support/tempDir';

const dirs: { cleanup: () => void }[] = [];
afterEach(() => dirs.splice(0).forEach((d) => d.cleanup()));

const config = (db: ReturnType<typeof openEncryptedDatabase>) => Object.fromEntries(db.prepare('SELECT k, v FROM events_fts_config').raw().all() as [string, unknown][]);

describe('migration 0006-search-merge', () => {
  it('sets the search index to merge 16 segments at a time (crisis at 64) and keeps what it holds searchable', () => {
    const dir = tempDir();
    dirs.push(dir);
    const key = randomBytes(32);
    const db = openEncryptedDatabase(join(dir.path, 'engagement.db'), key, { create: true, cipher: NEW_DB_CIPHER });
    migrate(db, MIGRATIONS.slice(0, 5));
    db.prepare("INSERT INTO events_fts (rowid, description, action, actor, target) VALUES (1, 'invoice paid', 'billing.paid', 'Zoë', 'INV-1')").run();
    expect(config(db)).not.toHaveProperty('automerge');
    expect(migrate(db)).toEqual({ from: 5, to: 6 });
    expect(MIGRATIONS[5]).toBe(migration0006);
    expect(schemaVersion(db)).toBe(6);
    expect(config(db)).toMatchObject({ automerge: 16, crisismerge: 64 });
    expect(db.prepare('SELECT rowid FROM events_fts WHERE events_fts MATCH ?').pluck().all('"zoe"')).toEqual([1]);
    // The settings are the index's own: they hold on the next open.
    db.close();
    const reopened = openEncryptedDatabase(join(dir.path, 'engagement.db'), key, { create: false, cipher: NEW_DB_CIPHER });
    expect(config(reopened)).toMatchObject({ automerge: 16, crisismerge: 64 });
    reopened.close();
  });
});
