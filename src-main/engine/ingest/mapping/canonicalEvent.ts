/** Assembles a canonical event from a mapping's parts, filling what the platform does not say. */
import type { Actor, CanonicalEventInput, EventContext, MappingOutcome, Outcome, Target } from '../../../../src-shared/event';
import type { ParsedInstant } from '../../../../src-shared/time';
import type { Classification } from './classification';
import { defaultTags } from './tags';

export interface EventParts {
  sourceId: string;
  eventId: string | null;
  instant: ParsedInstant;
  action: string;
  classification: Classification;
  outcome: Outcome;
  actor: Actor;
  target?: Partial<Target>;
  context?: Partial<EventContext>;
  description: string;
  tags?: string[];
  data?: unknown;
  raw: string;
}

export function canonicalEvent(parts: EventParts): MappingOutcome {
  const event: CanonicalEventInput = {
    sourceId: parts.sourceId,
    eventId: parts.eventId,
    occurredAt: parts.instant.micros,
    zoned: parts.instant.zoned,
    action: parts.action,
    category: parts.classification.category,
    severity: parts.classification.severity,
    outcome: parts.outcome,
    actor: parts.actor,
    target: { kind: parts.target?.kind ?? null, id: parts.target?.id ?? null, name: parts.target?.name ?? null },
    context: {
      ip: parts.context?.ip ?? null,
      userAgent: parts.context?.userAgent ?? null,
      requestId: parts.context?.requestId ?? null,
      sessionId: parts.context?.sessionId ?? null,
      geo: parts.context?.geo ?? null,
    },
    description: parts.description,
    tags: parts.tags ?? defaultTags(parts.classification.category),
    data: parts.data ?? null,
    raw: parts.raw,
  };
  return { ok: true, event };
}

export function refuse(reason: string): MappingOutcome {
  return { ok: false, reason };
}
