/** The query model: one filter shape for the viewer, the CLI, exports and stats. */
import { z } from 'zod';
import { categorySchema, eventRowSchema, severitySchema, outcomeSchema } from './event';

export const eventFilterSchema = z
  .object({
    categories: z.array(categorySchema).max(14).optional(),
    severities: z.array(severitySchema).max(4).optional(),
    minSeverity: severitySchema.optional(),
    outcomes: z.array(outcomeSchema).max(5).optional(),
    actions: z.array(z.string().max(500)).max(100).optional(),
    /** an actor id, email or name (exact, case-insensitive for emails) */
    actor: z.string().max(500).optional(),
    /** free text over description, event type, actor and target (SQLite FTS5); words are ANDed, a trailing * is a prefix */
    search: z.string().max(500).optional(),
    /** a target (subject) id or name, exact */
    target: z.string().max(500).optional(),
    /** source ids (sources.list names, or the platform source id of an import) */
    sources: z.array(z.string().max(200)).max(100).optional(),
    /** an IP address, exact; or a prefix ending in '.' or ':' (e.g. "10.0.") */
    ip: z.string().max(100).optional(),
    /** inclusive lower bound, ISO-8601 */
    from: z.string().max(40).optional(),
    /** exclusive upper bound, ISO-8601 */
    to: z.string().max(40).optional(),
  })
  .strict();
export type EventFilter = z.infer<typeof eventFilterSchema>;

/** Keyset cursor: the (occurredAt, rowid) of the last row seen, newest first. */
export const pageCursorSchema = z.object({ at: z.number().int(), row: z.number().int() }).strict();
export type PageCursor = z.infer<typeof pageCursorSchema>;

/** Rows are always ordered by (occurred_at, id); `desc` = newest first (the default). */
export const sortOrderSchema = z.enum(['desc', 'asc']);
export type SortOrder = z.infer<typeof sortOrderSchema>;

export const eventPageRequestSchema = z
  .object({
    filter: eventFilterSchema.default({}),
    order: sortOrderSchema.default('desc'),
    limit: z.number().int().min(1).max(1000).default(200),
    after: pageCursorSchema.nullable().default(null),
  })
  .strict();
export type EventPageRequest = z.input<typeof eventPageRequestSchema>;

export const eventPageSchema = z.object({
  rows: z.array(eventRowSchema),
  next: pageCursorSchema.nullable(),
});
export type EventPage = z.infer<typeof eventPageSchema>;

export const eventStatsSchema = z.object({
  total: z.number().int(),
  byCategory: z.record(z.string(), z.number().int()),
  bySeverity: z.record(z.string(), z.number().int()),
  from: z.string().nullable(),
  to: z.string().nullable(),
});
export type EventStats = z.infer<typeof eventStatsSchema>;

/** The number of events matching a filter (the viewer shows it; exact, never estimated). */
export const eventCountSchema = z.object({ total: z.number().int() });

/**
 * Positional access for the virtualized grid: rows [offset, offset + limit) of the result in
 * the given order. The engine keeps sparse checkpoints per filter, so a jump to any offset of
 * a 10 M-row result costs a seek plus a short step, not a scan.
 */
export const eventWindowRequestSchema = z
  .object({
    filter: eventFilterSchema.default({}),
    order: sortOrderSchema.default('desc'),
    offset: z.number().int().min(0).max(1_000_000_000),
    limit: z.number().int().min(1).max(1000).default(100),
  })
  .strict();
export type EventWindowRequest = z.input<typeof eventWindowRequestSchema>;
export const eventWindowSchema = z.object({ offset: z.number().int(), rows: z.array(eventRowSchema) });
export type EventWindow = z.infer<typeof eventWindowSchema>;

/** Values present for a filterable field, most frequent first (the filter bar's suggestions). */
export const DISTINCT_FIELDS = ['action', 'actor', 'target', 'source', 'ip', 'outcome'] as const;
export const eventDistinctRequestSchema = z
  .object({
    field: z.enum(DISTINCT_FIELDS),
    prefix: z.string().max(200).default(''),
    limit: z.number().int().min(1).max(200).default(50),
  })
  .strict();
export const eventDistinctSchema = z.object({ values: z.array(z.object({ value: z.string(), count: z.number().int() })) });

/** The dashboard over a time range (ISO-8601 bounds like the filter's from/to). */
export const dashboardRequestSchema = z
  .object({ from: z.string().max(40).optional(), to: z.string().max(40).optional() })
  .strict();
export const dashboardSchema = z.object({
  total: z.number().int(),
  criticalAndError: z.number().int(),
  warnings: z.number().int(),
  activeUsers: z.number().int(),
  byCategory: z.record(z.string(), z.number().int()),
  topActions: z.array(z.object({ action: z.string(), count: z.number().int() })),
  recentHighSeverity: z.array(eventRowSchema),
});
export type Dashboard = z.infer<typeof dashboardSchema>;

/** Events over time in equal buckets, stacked by category or by severity. */
export const histogramRequestSchema = z
  .object({
    filter: eventFilterSchema.default({}),
    stackBy: z.enum(['category', 'severity']).default('category'),
    buckets: z.number().int().min(1).max(500).default(60),
  })
  .strict();
export const histogramSchema = z.object({
  /** bucket i covers [start + i*width, start + (i+1)*width), ISO-8601 UTC; null when no events */
  start: z.string().nullable(),
  widthMicros: z.number().int(),
  keys: z.array(z.string()),
  /** counts[i][k] = events in bucket i with key keys[k] */
  counts: z.array(z.array(z.number().int())),
});
export type Histogram = z.infer<typeof histogramSchema>;

/** Log coverage: per source, events per UTC day over the engagement period, with gaps. */
export const coverageSchema = z.object({
  periodFrom: z.string(),
  periodTo: z.string(),
  sources: z.array(
    z.object({
      sourceId: z.string(),
      /** YYYY-MM-DD → events that UTC day (days with none are absent) */
      perDay: z.record(z.string(), z.number().int()),
      first: z.string().nullable(),
      last: z.string().nullable(),
      /** stretches of >= 24 h with no events inside the period, ISO-8601 bounds */
      gaps: z.array(z.object({ from: z.string(), to: z.string(), hours: z.number() })),
      /** the earliest time the source could still provide (a sync's retention clamp), if known */
      retentionFrom: z.string().nullable(),
    }),
  ),
});
export type Coverage = z.infer<typeof coverageSchema>;

/** What a bookmark or saved view restores: the filter, the order and the grid's columns. */
export const viewStateSchema = z
  .object({
    filter: eventFilterSchema.default({}),
    order: sortOrderSchema.default('desc'),
    columns: z.array(z.object({ id: z.string().max(40), width: z.number().int().min(30).max(2000), hidden: z.boolean() })).max(30).optional(),
  })
  .strict();
export type ViewState = z.infer<typeof viewStateSchema>;
export const savedViewSchema = z.object({ name: z.string(), state: viewStateSchema, updatedAt: z.string() });
export type SavedView = z.infer<typeof savedViewSchema>;

export const EXPORT_FORMATS = ['csv', 'xlsx', 'json', 'ndjson'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export const exportStartSchema = z
  .object({
    filter: eventFilterSchema.default({}),
    order: sortOrderSchema.default('desc'),
    format: z.enum(EXPORT_FORMATS),
    /** absolute path of the file to create; an existing file is never overwritten */
    path: z.string().min(1).max(4096),
    /** at most this many rows (the first ones in `order`); all when absent */
    limit: z.number().int().min(1).optional(),
  })
  .strict();
export type ExportStartRequest = z.input<typeof exportStartSchema>;
/** A finished export job's result. */
export const exportResultSchema = z.object({
  path: z.string(),
  format: z.enum(EXPORT_FORMATS),
  rows: z.number().int(),
  /** XLSX: the sheets written (a sheet holds at most 1,048,575 rows under its header); 0 for the text formats */
  sheets: z.number().int(),
  bytes: z.number().int(),
  sha256: z.string(),
  /** what the reader of the file should know, e.g. that the rows continue over several sheets */
  notes: z.array(z.string()),
});
export type ExportResult = z.infer<typeof exportResultSchema>;
