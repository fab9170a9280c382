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

-- Derived-state watermarks, e.g. the last event id copied into the search index.
CREATE TABLE engagement_state (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE imports (
  id INTEGER PRIMARY KEY,
  file_name TEXT NOT NULL,
  file_path TEXT NOT NULL,
  size INTEGER NOT NULL,
  sha256 TEXT,
  -- what was detected per part, e.g. [{"part":null,"format":"ndjson","platform":"okta"}]
  formats TEXT NOT NULL DEFAULT '[]',
  status TEXT NOT NULL,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  read INTEGER NOT NULL DEFAULT 0,
  imported INTEGER NOT NULL DEFAULT 0,
  duplicates INTEGER NOT NULL DEFAULT 0,
  rejected INTEGER NOT NULL DEFAULT 0,
  unzoned INTEGER NOT NULL DEFAULT 0,
  credentials INTEGER NOT NULL DEFAULT 0,
  -- the encrypted copy of the original file in the engagement's originals/ folder
  original TEXT
);

-- The tenant's original records, verbatim, in compressed blocks (a JSON array of strings per
-- block): kept apart from the narrow event rows so browsing and indexing touch a fifth of the
-- bytes, and so normalisation can be re-run from exactly what the tenant exported.
CREATE TABLE raw_blocks (
  id INTEGER PRIMARY KEY,
  import_id INTEGER NOT NULL REFERENCES imports(id),
  codec TEXT NOT NULL,
  count INTEGER NOT NULL,
  bytes BLOB NOT NULL
);

-- One row per canonical event (src-shared/event.ts). uid is the first 16 bytes of the
-- SHA-256 of (source, tenant event id), or of the canonical content where there is no id.
-- Times are UTC microseconds; severity is its rank (0 INFO .. 3 CRITICAL) so "at or above" is
-- a range; zoned = 0 flags a source time that carried no zone. "extra" holds the JSON of the
-- fields nobody filters on (user agent, request/session ids, geo, tags); "data" is derived
-- from the raw record by re-running the mapping.
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
  description TEXT NOT NULL,
  extra TEXT NOT NULL,
  import_id INTEGER REFERENCES imports(id),
  raw_block INTEGER NOT NULL REFERENCES raw_blocks(id),
  raw_index INTEGER NOT NULL
);
CREATE UNIQUE INDEX events_uid ON events(uid);
-- Every secondary index ends in occurred_at (and, implicitly, the rowid) so a filtered,
-- newest-first keyset page is an index range walk (BUILD-NOTES: 590 ms -> 1.7 ms). A large
-- import drops and rebuilds these in bulk (ingest/bulkIndexes.ts); the list lives there too.
CREATE INDEX events_time ON events(occurred_at);
CREATE INDEX events_category_time ON events(category, occurred_at);
CREATE INDEX events_severity_time ON events(severity, occurred_at);
CREATE INDEX events_action_time ON events(action, occurred_at);
CREATE INDEX events_actor_time ON events(actor_id, occurred_at);

-- Free-text search over what a person reads: description, type, actor, target (FTS5,
-- external content: the text lives once, in events).
CREATE VIRTUAL TABLE events_fts USING fts5(
  description, action, actor, target,
  content='', contentless_delete=1,
  tokenize='unicode61 remove_diacritics 2'
);

CREATE TABLE quarantine (
  id INTEGER PRIMARY KEY,
  import_id INTEGER NOT NULL REFERENCES imports(id),
  part TEXT,
  line INTEGER NOT NULL,
  reason TEXT NOT NULL,
  excerpt TEXT NOT NULL
);
CREATE INDEX quarantine_import ON quarantine(import_id, line);

-- A credential roster (product doc 002: users x credential type x state), a second kind of
-- evidence beside events (MFA coverage). Re-importing the same roster row adds nothing.
CREATE TABLE credentials (
  id INTEGER PRIMARY KEY,
  uid BLOB NOT NULL UNIQUE,
  import_id INTEGER NOT NULL REFERENCES imports(id),
  source_id TEXT NOT NULL,
  user_id TEXT,
  email TEXT,
  name TEXT,
  credential_type TEXT NOT NULL,
  state TEXT NOT NULL,
  created_at INTEGER,
  last_used_at INTEGER,
  raw TEXT NOT NULL
);

-- Named column mappings for exports from unknown tenants, reused across imports.
CREATE TABLE mapping_profiles (
  name TEXT PRIMARY KEY,
  profile TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

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
