/**
 * The search index merges its segments less eagerly: FTS5's `automerge` 4 → 16 and
 * `crisismerge` 16 → 64 (settings kept in the index's own config table). Filling it after
 * every batch of 32,768 events, 1 M events took 10.4–10.5 s with the defaults and 7.5–8.0 s
 * with these (three runs each, one engagement of 1 M synthetic events, 2026-12-07); the
 * searches the viewer runs took the same time on either index (a newest-200 page 0.1–0.5 ms;
 * counting "user signed" among 198,550 matches 19.6 against 21.4 ms, the others within
 * 0.3 ms). It applies to what is merged from now on; an existing index stays as it is.
 */
import type { Migration } from './migration';

export const migration0006: Migration = {
  version: 6,
  name: 'search-merge',
  sql: `
INSERT INTO events_fts (events_fts, rank) VALUES ('automerge', 16);
INSERT INTO events_fts (events_fts, rank) VALUES ('crisismerge', 64);
`,
};
