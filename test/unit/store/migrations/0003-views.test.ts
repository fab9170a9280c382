import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { NEW_DB_CIPHER, openEncryptedDatabase } from '../../../../src-main/engine/store/database';
import { migrate, schemaVersion } from '../../../../src-main/engine/store/migrate';
import { migration0001 } from '../../../../src-main/engine/store/migrations/0001-initial';
import { migration0002 } from '../../../../src-main/engine/store/migrations/0002-sources';
import { migration0003 } from '../../../../src-main/engine/store/migrations/0003-views';
import { MIGRATIONS } from '../../../../src-main/engine/store/migrations';
import { tempDir } from '../../../support/tempDir';

const dirs: { cleanup: () => void }[] = [];
afterEach(() => dirs.splice(0).forEach((d) => d.cleanup()));

describe('migration 0003-views', () => {
  it('upgrades a schema-2 engagement, keeping its sources, and adds saved views keyed by name', () => {
    const dir = tempDir();
    dirs.push(dir);
    const db = openEncryptedDatabase(join(dir.path, 'engagement.db'), randomBytes(32), { create: true, cipher: NEW_DB_CIPHER });
    migrate(db, [migration0001, migration0002]);
    db.prepare("INSERT INTO sources (id, name, kind, base_url, credential, options, created_at) VALUES ('s1', 'Okta', 'okta', 'https://x', '{}', '{}', 'now')").run();
    expect(migrate(db, [migration0001, migration0002, migration0003])).toEqual({ from: 2, to: 3 });
    expect(schemaVersion(db)).toBe(3);
    expect(db.prepare('SELECT name FROM sources').get()).toEqual({ name: 'Okta' });
    db.prepare("INSERT INTO saved_views (name, state, updated_at) VALUES ('Failures', '{}', 'now')").run();
    expect(() => db.prepare("INSERT INTO saved_views (name, state, updated_at) VALUES ('Failures', '{}', 'later')").run()).toThrow(/UNIQUE|PRIMARY KEY/);
    expect(MIGRATIONS[2]).toBe(migration0003);
    db.close();
  });
});
