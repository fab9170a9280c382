import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { NEW_DB_CIPHER, openEncryptedDatabase } from '../../../../src-main/engine/store/database';
import { migrate, schemaVersion } from '../../../../src-main/engine/store/migrate';
import { MIGRATIONS } from '../../../../src-main/engine/store/migrations';
import { migration0004 } from '../../../../src-main/engine/store/migrations/0004-rollups';
import { refreshRollups, rollupWatermark } from '../../../../src-main/engine/store/rollups';
import { tempDir } from '../../../support/tempDir';

const dirs: { cleanup: () => void }[] = [];
afterEach(() => dirs.splice(0).forEach((d) => d.cleanup()));

describe('migration 0004-rollups', () => {
  it('adds empty rollups to an engagement that already holds events; the first refresh fills them from its events', () => {
    const dir = tempDir();
    dirs.push(dir);
    const db = openEncryptedDatabase(join(dir.path, 'engagement.db'), randomBytes(32), { create: true, cipher: NEW_DB_CIPHER });
    migrate(db, MIGRATIONS.slice(0, 3));
    db.prepare("INSERT INTO imports (id, file_name, file_path, size, status, started_at) VALUES (1, 'f', 'f', 0, 'COMPLETED', 'now')").run();
    db.prepare("INSERT INTO raw_blocks (id, import_id, codec, count, bytes) VALUES (1, 1, 'none', 0, x'')").run();
    db.prepare(
      `INSERT INTO events (uid, source_id, occurred_at, zoned, action, category, severity, outcome, actor_kind, actor_id, ip, target_name, description, extra, raw_block, raw_index)
       VALUES (x'01', 'okta', 1767225600000000, 1, 'user.signed_in', 'AUTH', 0, 'success', 'user', 'u1', '10.0.0.1', 'Portal', 'd', '{}', 1, 0)`,
    ).run();
    expect(migrate(db, MIGRATIONS.slice(0, 4))).toEqual({ from: 3, to: 4 });
    expect(schemaVersion(db)).toBe(4);
    expect(MIGRATIONS[3]).toBe(migration0004);
    expect(db.prepare('SELECT count(*) AS n FROM rollup_days').get()).toEqual({ n: 0 });
    expect(refreshRollups(db)).toBe(1);
    expect(rollupWatermark(db)).toBe(1);
    expect(db.prepare('SELECT day, source_id, events, first_at, last_at FROM rollup_days').all()).toEqual([
      { day: 20454, source_id: 'okta', events: 1, first_at: 1767225600000000, last_at: 1767225600000000 },
    ]);
    expect(db.prepare('SELECT field, value, events FROM rollup_values ORDER BY field').all()).toEqual([
      { field: 'action', value: 'user.signed_in', events: 1 },
      { field: 'ip', value: '10.0.0.1', events: 1 },
      { field: 'outcome', value: 'success', events: 1 },
      { field: 'source', value: 'okta', events: 1 },
      { field: 'target', value: 'Portal', events: 1 },
    ]);
    db.close();
  });
});
