import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { NEW_DB_CIPHER, openEncryptedDatabase } from '../../../../src-main/engine/store/database';
import { migrate, schemaVersion } from '../../../../src-main/engine/store/migrate';
import { migration0001 } from '../../../../src-main/engine/store/migrations/0001-initial';
import { migration0002 } from '../../../../src-main/engine/store/migrations/0002-sources';
import { tempDir } from '../../../support/tempDir';

const dirs: { cleanup: () => void }[] = [];
afterEach(() => dirs.splice(0).forEach((d) => d.cleanup()));

describe('migration 0002-sources', () => {
  it('upgrades a schema-1 engagement, keeping its events, and adds sources with a cascading state row', () => {
    const dir = tempDir();
    dirs.push(dir);
    const file = join(dir.path, 'engagement.db');
    const key = randomBytes(32);
    const db = openEncryptedDatabase(file, key, { create: true, cipher: NEW_DB_CIPHER });
    migrate(db, [migration0001]);
    db.prepare("INSERT INTO engagement (id, name, period_from, period_to, time_zone, created_at) VALUES ('e', 'E', '2026-01-01', '2026-01-31', 'UTC', 'now')").run();
    expect(migrate(db, [migration0001, migration0002])).toEqual({ from: 1, to: 2 });
    expect(schemaVersion(db)).toBe(2);
    expect(db.prepare('SELECT name FROM engagement').get()).toEqual({ name: 'E' });
    db.prepare("INSERT INTO sources (id, name, kind, base_url, credential, options, created_at) VALUES ('s1', 'Okta', 'okta', 'https://x', '{}', '{}', 'now')").run();
    db.prepare("INSERT INTO source_state (source_id, cursor) VALUES ('s1', 'null')").run();
    expect(() => db.prepare("INSERT INTO sources (id, name, kind, base_url, credential, options, created_at) VALUES ('s2', 'Okta', 'okta', 'https://y', '{}', '{}', 'now')").run()).toThrow(/UNIQUE/);
    db.prepare("DELETE FROM sources WHERE id = 's1'").run();
    expect(db.prepare('SELECT count(*) AS n FROM source_state').get()).toEqual({ n: 0 });
    db.close();
  });
});
