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
    actor: z.string().max(500).optional(),
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

export const eventPageRequestSchema = z
  .object({
    filter: eventFilterSchema.default({}),
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
