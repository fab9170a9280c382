/**
 * Applies pending migrations in ONE transaction: either the engagement reaches the new
 * schema or it stays byte-for-byte as it was, and the error says so. Applied migrations are
 * hashed (as Bruno does) so a migration edited after release is caught instead of trusted.
 */
import { createHash } from 'node:crypto';
import { AppError } from '../../../src-shared/errors';
import type { Db } from './database';
import type { Migration } from './migrations/migration';
import { MIGRATIONS } from './migrations';

export function migrationHash(migration: Migration): string {
  return createHash('sha256').update(`${migration.version}\n${migration.name}\n${migration.sql}`).digest('hex');
}

function label(m: Migration): string {
  return `${String(m.version).padStart(4, '0')}-${m.name}`;
}

export function schemaVersion(db: Db): number {
  return Number(db.pragma('user_version', { simple: true }));
}

export function migrate(db: Db, migrations: readonly Migration[] = MIGRATIONS): { from: number; to: number } {
  const current = schemaVersion(db);
  const latest = migrations.at(-1)?.version ?? 0;
  if (current > latest) {
    throw new AppError('MIGRATION_FAILED', `this engagement uses schema ${current}, newer than this version of the app understands (${latest}); update the app`);
  }
  if (current > 0) {
    const applied = db.prepare('SELECT version, sha256 FROM schema_migrations').all() as { version: number; sha256: string }[];
    const byVersion = new Map(applied.map((row) => [row.version, row.sha256]));
    for (const m of migrations.filter((x) => x.version <= current)) {
      const stored = byVersion.get(m.version);
      if (stored !== undefined && stored !== migrationHash(m)) {
        throw new AppError('MIGRATION_FAILED', `migration ${label(m)} differs from the one applied to this engagement; refusing to continue`);
      }
    }
  }
  const pending = migrations.filter((m) => m.version > current);
  if (pending.length === 0) return { from: current, to: current };
  let running: Migration | undefined;
  try {
    db.transaction(() => {
      for (const m of pending) {
        running = m;
        db.exec(m.sql);
        db.prepare('INSERT INTO schema_migrations (version, name, sha256, applied_at) VALUES (?, ?, ?, ?)').run(
          m.version,
          m.name,
          migrationHash(m),
          new Date().toISOString(),
        );
        db.pragma(`user_version = ${m.version}`);
      }
    }).immediate();
  } catch (error) {
    const which = running ? label(running) : 'unknown';
    throw new AppError('MIGRATION_FAILED', `upgrading the engagement failed at migration ${which} (${(error as Error).message}); the engagement was left unchanged`);
  }
  return { from: current, to: latest };
}
