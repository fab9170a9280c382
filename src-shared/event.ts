/**
 * The canonical event every importer maps to (DESIGN.md, "The canonical event").
 * Categories and severities are the 14 + 4 of the event-viewer export (product doc 001).
 */
import { z } from 'zod';

export const CATEGORIES = [
  'AUTH',
  'USER_MGMT',
  'TENANT_MGMT',
  'SUBSCRIPTION',
  'PERMISSION',
  'DATA_ACCESS',
  'DATA_MODIFY',
  'INFRASTRUCTURE',
  'SECURITY',
  'COMPLIANCE',
  'API_ACCESS',
  'FILE_OPS',
  'AI_USAGE',
  'SYSTEM',
] as const;
export type Category = (typeof CATEGORIES)[number];

/** Ordered from least to most severe: the index is the rank stored in the database. */
export const SEVERITIES = ['INFO', 'WARNING', 'ERROR', 'CRITICAL'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const OUTCOMES = ['success', 'failure', 'denied', 'partial', 'unknown'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const ACTOR_KINDS = ['user', 'service', 'system', 'apiKey'] as const;
export type ActorKind = (typeof ACTOR_KINDS)[number];

export const categorySchema = z.enum(CATEGORIES);
export const severitySchema = z.enum(SEVERITIES);
export const outcomeSchema = z.enum(OUTCOMES);

const optionalText = z.string().nullable();

export const actorSchema = z.object({
  kind: z.enum(ACTOR_KINDS),
  id: optionalText,
  name: optionalText,
  email: optionalText,
});
export type Actor = z.infer<typeof actorSchema>;

export const targetSchema = z.object({
  kind: optionalText,
  id: optionalText,
  name: optionalText,
});
export type Target = z.infer<typeof targetSchema>;

export const eventContextSchema = z.object({
  ip: optionalText,
  userAgent: optionalText,
  requestId: optionalText,
  sessionId: optionalText,
  geo: optionalText,
});
export type EventContext = z.infer<typeof eventContextSchema>;

/** An event as the engine returns it: times as ISO-8601 UTC with microseconds. */
export const eventRowSchema = z.object({
  uid: z.string(),
  sourceId: z.string(),
  eventId: optionalText,
  occurredAt: z.string(),
  action: z.string(),
  category: categorySchema,
  severity: severitySchema,
  outcome: outcomeSchema,
  actor: actorSchema,
  target: targetSchema,
  context: eventContextSchema,
  description: z.string(),
  tags: z.array(z.string()),
});
export type EventRow = z.infer<typeof eventRowSchema>;

/** The full event with its nested detail and the tenant's original record, verbatim. */
export const eventDetailSchema = eventRowSchema.extend({
  data: z.unknown(),
  raw: z.string(),
  importId: z.number().int().nullable(),
});
export type EventDetail = z.infer<typeof eventDetailSchema>;

export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

/**
 * What an importer's mapping produces for one source record, before it is stored.
 * `occurredAt` is UTC microseconds; `zoned` is false when the source gave no zone.
 */
export interface CanonicalEventInput {
  sourceId: string;
  eventId: string | null;
  occurredAt: number;
  zoned: boolean;
  action: string;
  category: Category;
  severity: Severity;
  outcome: Outcome;
  actor: Actor;
  target: Target;
  context: EventContext;
  description: string;
  tags: string[];
  data: unknown;
  /** the tenant's original record, verbatim (the exact line or JSON text) */
  raw: string;
}

/**
 * One row of a credential roster (product doc 002, `credentials.csv|json`: users × credential
 * type × state) — a second kind of evidence beside events (MFA coverage), stored on its own.
 */
export interface CredentialInput {
  sourceId: string;
  userId: string | null;
  email: string | null;
  name: string | null;
  credentialType: string;
  state: string;
  /** UTC microseconds, when the roster says */
  createdAt: number | null;
  lastUsedAt: number | null;
  raw: string;
}

/** A mapping yields an event (or a roster row), or says in words why the record was refused. */
export type MappingOutcome =
  | { ok: true; event: CanonicalEventInput }
  | { ok: true; credential: CredentialInput }
  | { ok: false; reason: string };
