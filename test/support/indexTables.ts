/** What the secondary index tables must hold, and what they do hold. */
import type { Db } from '../../src-main/engine/store/database';
import type { OwnIndex } from '../../src-main/engine/store/eventIndexes';

/** What an index table must hold: one row per event, its key's NULL as 0, in key order. */
export function expected(db: Db, index: OwnIndex): unknown[][] {
  const columns = index.columns.map((c) => (c === index.nullableKey ? `coalesce(${c}, 0)` : c));
  const key = index.columns.slice(0, index.columns.indexOf('id') + 1).map((_, i) => i + 1);
  return db.prepare(`SELECT ${columns.join(', ')} FROM events ORDER BY ${key.join(', ')}`).raw().all() as unknown[][];
}

/** The table as stored, read in its primary key order. */
export const stored = (db: Db, index: OwnIndex) => db.prepare(`SELECT ${index.columns.join(', ')} FROM ${index.table}`).raw().all() as unknown[][];
