import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { NEW_DB_CIPHER, openEncryptedDatabase } from '../../../../src-main/engine/store/database';
import { migrate, migrationHash, schemaVersion } from '../../../../src-main/engine/store/migrate';
import { MIGRATIONS } from '../../../../src-main/engine/store/migrations';
import { migration0001 } from '../../../../src-main/engine/store/migrations/0001-initial';
import { tempDir } from '../../../support/tempDir';

const dirs: { cleanup: () => void }[] = [];
afterEach(() => dirs.splice(0).forEach((d) => d.cleanup()));

function freshDb() {
  const dir = tempDir();
  dirs.push(dir);
  const file = join(dir.path, 'engagement.db');
  const key = randomBytes(32);
  return { file, key, db: openEncryptedDatabase(file, key, { create: true, cipher: NEW_DB_CIPHER }) };
}

describe('migration 0001-initial', () => {
  it('creates the schema and records its hash', () => {
    const { db } = freshDb();
    expect(migrate(db, [migration0001])).toEqual({ from: 0, to: 1 });
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
    expect(tables).toEqual(expect.arrayContaining(['activity', 'engagement', 'events', 'imports', 'jobs', 'quarantine', 'schema_migrations']));
    expect(schemaVersion(db)).toBe(1);
    expect(db.prepare('SELECT sha256 FROM schema_migrations WHERE version = 1').get()).toEqual({ sha256: migrationHash(migration0001) });
    db.close();
  });

  it('is listed first and is idempotent on reopen', () => {
    expect(MIGRATIONS[0]).toBe(migration0001);
    const { db } = freshDb();
    migrate(db, [migration0001]);
    expect(migrate(db, [migration0001])).toEqual({ from: 1, to: 1 });
    db.close();
  });

  it('indexes every filter column together with time', () => {
    const { db } = freshDb();
    migrate(db, [migration0001]);
    const indexes = (db.prepare("SELECT name FROM sqlite_master WHERE type='index' AND tbl_name='events'").all() as { name: string }[]).map((r) => r.name);
    expect(indexes).toEqual(expect.arrayContaining(['events_uid', 'events_time', 'events_category_time', 'events_severity_time', 'events_action_time', 'events_actor_time']));
    db.close();
  });
});

describe('migration runner', () => {
  it('leaves the database file byte-for-byte unchanged when a migration fails, and says so', () => {
    const { db, file, key } = freshDb();
    migrate(db, [migration0001]);
    db.close();
    const before = readFileSync(file);
    const reopened = openEncryptedDatabase(file, key, { create: false, cipher: NEW_DB_CIPHER });
    const broken = { version: 2, name: 'broken', sql: 'CREATE TABLE ok_table (a); THIS IS NOT SQL;' };
    expect(() => migrate(reopened, [migration0001, broken])).toThrow(/0002-broken.*left unchanged/);
    expect(schemaVersion(reopened)).toBe(1);
    expect(reopened.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'ok_table'").get()).toEqual({ n: 0 });
    reopened.close();
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('refuses to continue when an applied migration was edited', () => {
    const { db } = freshDb();
    migrate(db, [migration0001]);
    const edited = { ...migration0001, sql: `${migration0001.sql}\n-- edited` };
    expect(() => migrate(db, [edited])).toThrow(/differs from the one applied/);
    db.close();
  });

  it('refuses a database written by a newer schema', () => {
    const { db } = freshDb();
    migrate(db, [migration0001]);
    db.pragma('user_version = 99');
    expect(() => migrate(db, [migration0001])).toThrow(/newer than this version/);
    db.close();
  });
});
