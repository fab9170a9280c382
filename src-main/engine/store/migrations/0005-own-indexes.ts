/**
 * The browse indexes become tables the engine builds itself (issue "Ingest": flat memory).
 *
 * SQLite builds an index by sorting every row of the table in memory: temporary files of
 * SQLite3 Multiple Ciphers 2.4.0 are not encrypted, so temp_store stays MEMORY, and building
 * the actor index of 8.4 M events took the process to 1.35 GB. Each index is now a WITHOUT
 * ROWID table whose primary key is the old index's key plus the event id, so the rows are
 * the index entries, in the same order. store/eventIndexes.ts fills it from sorted runs of a
 * bounded number of events merged in order, so memory no longer grows with the table.
 *
 * Each table is read through a view named as the index was (events_actor, …): the table's
 * columns, then every other column of the event through a LEFT JOIN on the id. SQLite leaves
 * the join out of a query that reads only the table's columns (not of an aggregate: callers
 * count over a subquery), and a filter on the other columns looks the row up, as the index did.
 *
 * Nullable keys (actor id, IP, target id, target name) are stored as 0 where the event has
 * none: a primary key of a WITHOUT ROWID table cannot hold NULL, and 0 sorts first, where
 * NULL did, before every text. Through the view such an event's key reads 0, not NULL.
 *
 * The tables start empty and without their fill trigger: the repair job the engine starts
 * when the engagement opens builds them (workspace/repairIndexes.ts), and an index counts as
 * present once its trigger exists.
 * A change to the events table must recreate these views in its own migration.
 */
import type { Migration } from './migration';

const FACETS = ['source_id TEXT NOT NULL', 'severity INTEGER NOT NULL', 'outcome TEXT NOT NULL', 'category TEXT NOT NULL', 'action TEXT NOT NULL'];
const TIME = ['occurred_at INTEGER NOT NULL', 'id INTEGER NOT NULL'];

/** view (the old index's name), table, columns (the key first, then what is carried), key length */
const TABLES: readonly [string, string, string[], number][] = [
  ['events_time', 'ix_time', TIME, 2],
  ['events_facet', 'ix_facet', [...FACETS, ...TIME], 7],
  ['events_actor', 'ix_actor', ['actor_id NOT NULL', ...TIME, ...FACETS], 3],
  ['events_ip', 'ix_ip', ['ip NOT NULL', ...TIME, ...FACETS], 3],
  ['events_target_id', 'ix_target_id', ['target_id NOT NULL', ...TIME, ...FACETS, 'target_name TEXT'], 3],
  ['events_target_name', 'ix_target_name', ['target_name NOT NULL', ...TIME, ...FACETS], 3],
];

/** The events table's columns as migration 0001 created them. */
const EVENT_COLUMNS = [
  'id', 'uid', 'source_id', 'event_id', 'occurred_at', 'zoned', 'action', 'category', 'severity', 'outcome', 'actor_kind', 'actor_id', 'actor_name',
  'actor_email', 'target_kind', 'target_id', 'target_name', 'ip', 'description', 'extra', 'import_id', 'raw_block', 'raw_index',
];

const columnName = (definition: string) => definition.split(' ')[0]!;

function tableSql([, table, columns, keyLength]: (typeof TABLES)[number]): string {
  const key = columns.slice(0, keyLength).map(columnName).join(', ');
  return `CREATE TABLE ${table} (\n  ${columns.join(',\n  ')},\n  PRIMARY KEY (${key})\n) WITHOUT ROWID;`;
}

function viewSql([view, table, columns]: (typeof TABLES)[number]): string {
  const own = columns.map(columnName);
  const rest = EVENT_COLUMNS.filter((c) => !own.includes(c));
  const select = [...own.map((c) => `x.${c} AS ${c}`), ...rest.map((c) => `e.${c} AS ${c}`)].join(', ');
  return `CREATE VIEW ${view} AS SELECT ${select} FROM ${table} AS x LEFT JOIN events AS e ON e.id = x.id;`;
}

export const migration0005: Migration = {
  version: 5,
  name: 'own-indexes',
  sql: [
    ...['events_time', 'events_facet', 'events_actor', 'events_ip', 'events_target_id', 'events_target_name'].map((name) => `DROP INDEX IF EXISTS ${name};`),
    ...['events_category_time', 'events_severity_time', 'events_action_time', 'events_actor_time'].map((name) => `DROP INDEX IF EXISTS ${name};`),
    ...TABLES.map(tableSql),
    ...TABLES.map(viewSql),
  ].join('\n'),
};
