/**
 * The schema of a generic column-mapping profile (the CLI's `--mapping FILE`, the UI's saved
 * column mappings). Pure data, shared by the contract and the engine; the engine compiles a
 * profile into a mapping (src-main/engine/ingest/families/mappingProfile.ts, which documents
 * the semantics).
 */
import { z } from 'zod';
import { CATEGORIES, SEVERITIES } from './event';

/** True when Intl knows the IANA zone. */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const column = z.string().trim().min(1, 'must name a column or a dotted path');
const upperEnum = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .string()
    .transform((s) => s.trim().toUpperCase())
    .pipe(z.enum(values, { error: () => `must be one of ${values.join(', ')}` }));

/** A category pattern: `/regex/flags` must compile. */
function isPattern(pattern: string): boolean {
  const regex = /^\/(.+)\/([a-z]*)$/.exec(pattern);
  if (regex === null) return pattern.trim() !== '';
  try {
    new RegExp(regex[1] ?? '', regex[2]);
    return true;
  } catch {
    return false;
  }
}

export const TIME_FORMATS = ['auto', 'iso', 'epoch-s', 'epoch-ms'] as const;
export const PROFILE_OUTCOMES = ['success', 'failure', 'denied', 'partial'] as const;

export const profileFieldsSchema = z.strictObject({
  eventId: column.optional(),
  occurredAt: column,
  timeFormat: z.enum(TIME_FORMATS, { error: () => `must be one of ${TIME_FORMATS.join(', ')}` }).optional(),
  timeZone: z.string().refine(isTimeZone, { error: 'is not an IANA time zone (e.g. Europe/Berlin)' }).optional(),
  action: column,
  description: column.optional(),
  actorId: column.optional(),
  actorName: column.optional(),
  actorEmail: column.optional(),
  actorKind: column.optional(),
  targetKind: column.optional(),
  targetId: column.optional(),
  targetName: column.optional(),
  outcome: column.optional(),
  ip: column.optional(),
  userAgent: column.optional(),
  requestId: column.optional(),
  sessionId: column.optional(),
  category: column.optional(),
  severity: column.optional(),
});

export const mappingProfileSchema = z.strictObject({
  name: z.string().trim().min(1, 'must not be empty'),
  sourceId: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'must be 1–64 lower-case letters, digits, ".", "_" or "-"'),
  fields: profileFieldsSchema,
  outcomes: z.record(z.string(), z.enum(PROFILE_OUTCOMES, { error: () => `must be one of ${PROFILE_OUTCOMES.join(', ')}` })).optional(),
  categories: z.record(z.string().refine(isPattern, { error: 'is not a valid pattern (exact, prefix*, or /regex/)' }), upperEnum(CATEGORIES)).optional(),
  defaultCategory: upperEnum(CATEGORIES).optional(),
  defaultSeverity: upperEnum(SEVERITIES).optional(),
});

export type MappingProfile = z.infer<typeof mappingProfileSchema>;
