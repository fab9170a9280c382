/**
 * Saved views (issue "Browse"): a named filter, order and column layout of the event grid,
 * restored as it was saved. The state is the JSON of src-shared/query.ts `ViewState`.
 */
import type { Migration } from './migration';

export const migration0003: Migration = {
  version: 3,
  name: 'views',
  sql: `
CREATE TABLE saved_views (
  name TEXT PRIMARY KEY,
  state TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
`,
};
