/**
 * Sync sources (issue "Sync"): each tenant API the engagement pulls from, its credential —
 * stored only here, inside the encrypted database, never shown back in full — and its cursor,
 * which moves in the same transaction as the events it covers.
 */
import type { Migration } from './migration';

export const migration0002: Migration = {
  version: 2,
  name: 'sources',
  sql: `
CREATE TABLE sources (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL,
  base_url TEXT NOT NULL,
  credential TEXT NOT NULL,
  proxy TEXT,
  options TEXT NOT NULL,
  interval_minutes INTEGER,
  created_at TEXT NOT NULL
);

CREATE TABLE source_state (
  source_id TEXT PRIMARY KEY REFERENCES sources(id) ON DELETE CASCADE,
  cursor TEXT,
  covered_from INTEGER,
  covered_to INTEGER,
  clamped_from INTEGER,
  events_pulled INTEGER NOT NULL DEFAULT 0,
  last_success_at TEXT,
  last_error TEXT
);
`,
};
