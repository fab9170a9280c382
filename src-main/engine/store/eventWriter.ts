/**
 * Writes canonical events. The identity of an event is (source, tenant event id), or the
 * hash of its canonical content where the tenant gave no id; the unique index on that uid
 * makes every re-import and every overlapping export idempotent (INSERT OR IGNORE).
 */
import { createHash } from 'node:crypto';
import type { CanonicalEventInput } from '../../../src-shared/event';
import { severityRank } from '../../../src-shared/event';
import { canonicalJson } from '../../../src-shared/canonicalJson';
import type { Db } from './database';

export function eventUid(event: CanonicalEventInput): Buffer {
  const identity =
    event.eventId !== null && event.eventId !== ''
      ? `id\0${event.sourceId}\0${event.eventId}`
      : `content\0${event.sourceId}\0${canonicalJson([event.occurredAt, event.action, event.actor, event.target, event.outcome, event.context, event.data])}`;
  return createHash('sha256').update(identity).digest().subarray(0, 16);
}

export interface EventWriter {
  /** Returns true when the event was new, false when it was a duplicate. */
  insert(event: CanonicalEventInput, importId: number | null): boolean;
}

export function createEventWriter(db: Db): EventWriter {
  const statement = db.prepare(`INSERT OR IGNORE INTO events (
      uid, source_id, event_id, occurred_at, zoned, action, category, severity, outcome,
      actor_kind, actor_id, actor_name, actor_email, target_kind, target_id, target_name,
      ip, user_agent, request_id, session_id, geo, description, tags, data, raw, import_id)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  return {
    insert(e, importId) {
      const info = statement.run(
        eventUid(e),
        e.sourceId,
        e.eventId,
        e.occurredAt,
        e.zoned ? 1 : 0,
        e.action,
        e.category,
        severityRank(e.severity),
        e.outcome,
        e.actor.kind,
        e.actor.id,
        e.actor.name,
        e.actor.email,
        e.target.kind,
        e.target.id,
        e.target.name,
        e.context.ip,
        e.context.userAgent,
        e.context.requestId,
        e.context.sessionId,
        e.context.geo,
        e.description,
        JSON.stringify(e.tags),
        e.data === undefined || e.data === null ? null : JSON.stringify(e.data),
        e.raw,
        importId,
      );
      return info.changes === 1;
    },
  };
}
