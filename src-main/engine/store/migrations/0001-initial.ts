/** The first schema: engagement metadata, events, imports and their quarantine, activity, jobs. */
import type { Migration } from './migration';

export const migration0001: Migration = {
  version: 1,
  name: 'initial',
  sql: `
CREATE TABLE schema_migrations (
  version INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  applied_at TEXT NOT NULL
);

CREATE TABLE engagement (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  period_from TEXT NOT NULL,
  period_to TEXT NOT NULL,
  time_zone TEXT NOT NULL,
  created_at TEXT NOT NULL
);

CREATE TABLE imports (
  id INTEGER PRIMARY KEY,
  file_name TEXT NOT NULL,
  file_path TEXT NOT NULL,
  size INTEGER NOT NULL,
  sha256 TEXT,
  format TEXT NOT NULL,
  platform TEXT NOT NULL,
  status TEXT NOT NULL,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  read INTEGER NOT NULL DEFAULT 0,
  imported INTEGER NOT NULL DEFAULT 0,
  duplicates INTEGER NOT NULL DEFAULT 0,
  rejected INTEGER NOT NULL DEFAULT 0
);

-- One row per canonical event (src-shared/event.ts). uid is the first 16 bytes of the
-- SHA-256 of (source, tenant event id), or of the canonical content where there is no id.
-- Times are UTC microseconds; severity is its rank (0 INFO .. 3 CRITICAL) so "at or above" is a range.
CREATE TABLE events (
  id INTEGER PRIMARY KEY,
  uid BLOB NOT NULL,
  source_id TEXT NOT NULL,
  event_id TEXT,
  occurred_at INTEGER NOT NULL,
  zoned INTEGER NOT NULL,
  action TEXT NOT NULL,
  category TEXT NOT NULL,
  severity INTEGER NOT NULL,
  outcome TEXT NOT NULL,
  actor_kind TEXT NOT NULL,
  actor_id TEXT,
  actor_name TEXT,
  actor_email TEXT,
  target_kind TEXT,
  target_id TEXT,
  target_name TEXT,
  ip TEXT,
  user_agent TEXT,
  request_id TEXT,
  session_id TEXT,
  geo TEXT,
  description TEXT NOT NULL,
  tags TEXT NOT NULL,
  data TEXT,
  raw TEXT NOT NULL,
  import_id INTEGER REFERENCES imports(id)
);
CREATE UNIQUE INDEX events_uid ON events(uid);
-- Every secondary index ends in occurred_at (and, implicitly, the rowid) so a filtered,
-- newest-first keyset page is an index range walk (BUILD-NOTES: 590 ms -> 1.7 ms).
CREATE INDEX events_time ON events(occurred_at);
CREATE INDEX events_category_time ON events(category, occurred_at);
CREATE INDEX events_severity_time ON events(severity, occurred_at);
CREATE INDEX events_action_time ON events(action, occurred_at);
CREATE INDEX events_actor_time ON events(actor_id, occurred_at);

CREATE TABLE quarantine (
  id INTEGER PRIMARY KEY,
  import_id INTEGER NOT NULL REFERENCES imports(id),
  part TEXT,
  line INTEGER NOT NULL,
  reason TEXT NOT NULL,
  excerpt TEXT NOT NULL
);
CREATE INDEX quarantine_import ON quarantine(import_id, line);

CREATE TABLE activity (
  seq INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  action TEXT NOT NULL,
  details TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);

CREATE TABLE jobs (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  status TEXT NOT NULL,
  created_at TEXT NOT NULL,
  finished_at TEXT,
  progress TEXT NOT NULL,
  error TEXT,
  result TEXT
);
`,
};
