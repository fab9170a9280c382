/** Named queries over imports, their quarantine, and saved mapping profiles. */
import type { ImportRecord, QuarantineItem } from '../../../src-shared/imports';
import { mappingProfileSchema, type MappingProfile } from '../../../src-shared/mappingProfile';
import type { Db } from './database';

interface ImportRow {
  id: number;
  file_name: string;
  file_path: string;
  size: number;
  sha256: string | null;
  formats: string;
  status: string;
  started_at: string;
  finished_at: string | null;
  read: number;
  imported: number;
  duplicates: number;
  rejected: number;
  unzoned: number;
  credentials: number;
  original: string | null;
}

export function listImports(db: Db): ImportRecord[] {
  return (db.prepare('SELECT * FROM imports ORDER BY id DESC').all() as ImportRow[]).map((r) => ({
    id: r.id,
    fileName: r.file_name,
    path: r.file_path,
    size: r.size,
    sha256: r.sha256,
    parts: JSON.parse(r.formats) as ImportRecord['parts'],
    status: r.status,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    read: r.read,
    imported: r.imported,
    duplicates: r.duplicates,
    rejected: r.rejected,
    unzoned: r.unzoned,
    credentials: r.credentials,
    original: r.original,
  }));
}

export function quarantinePage(db: Db, importId: number, offset: number, limit: number): { total: number; items: QuarantineItem[] } {
  const total = (db.prepare('SELECT count(*) AS n FROM quarantine WHERE import_id = ?').get(importId) as { n: number }).n;
  const items = db
    .prepare('SELECT part, line, reason, excerpt FROM quarantine WHERE import_id = ? ORDER BY id LIMIT ? OFFSET ?')
    .all(importId, limit, offset) as QuarantineItem[];
  return { total, items };
}

export function saveProfile(db: Db, profile: MappingProfile): void {
  db.prepare('INSERT INTO mapping_profiles (name, profile, updated_at) VALUES (?, ?, ?) ON CONFLICT(name) DO UPDATE SET profile = excluded.profile, updated_at = excluded.updated_at').run(
    profile.name,
    JSON.stringify(profile),
    new Date().toISOString(),
  );
}

export function listProfiles(db: Db): { name: string; updatedAt: string; profile: MappingProfile }[] {
  const rows = db.prepare('SELECT name, profile, updated_at FROM mapping_profiles ORDER BY name').all() as { name: string; profile: string; updated_at: string }[];
  return rows.flatMap((r) => {
    const parsed = mappingProfileSchema.safeParse(JSON.parse(r.profile));
    return parsed.success ? [{ name: r.name, updatedAt: r.updated_at, profile: parsed.data }] : [];
  });
}
