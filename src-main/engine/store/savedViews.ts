/**
 * Saved views: a named filter, order and column layout, kept in the engagement (migration
 * 0003). Saving under an existing name replaces that view. A stored state that no longer
 * passes the schema (written by a newer app) is left out of the list rather than failing it.
 */
import { viewStateSchema, type SavedView, type ViewState } from '../../../src-shared/query';
import type { Db } from './database';

interface SavedViewRow {
  name: string;
  state: string;
  updated_at: string;
}

export function listViews(db: Db): SavedView[] {
  const rows = db.prepare('SELECT name, state, updated_at FROM saved_views ORDER BY name').all() as SavedViewRow[];
  return rows.flatMap((row) => {
    const state = viewStateSchema.safeParse(JSON.parse(row.state));
    return state.success ? [{ name: row.name, state: state.data, updatedAt: row.updated_at }] : [];
  });
}

export function saveView(db: Db, name: string, state: ViewState, now: Date = new Date()): SavedView {
  const updatedAt = now.toISOString();
  db.prepare('INSERT INTO saved_views (name, state, updated_at) VALUES (?, ?, ?) ON CONFLICT(name) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at').run(
    name,
    JSON.stringify(state),
    updatedAt,
  );
  return { name, state, updatedAt };
}

export function removeView(db: Db, name: string): boolean {
  return db.prepare('DELETE FROM saved_views WHERE name = ?').run(name).changes === 1;
}
