/**
 * The parsing thread turns mapped events into row tuples in the exact column order of the
 * writer's INSERT (computing the uid there too), so the writer thread only binds and inserts.
 * Event rows cross the thread boundary packed in one transferred buffer (packedRows.ts).
 */
import type { CanonicalEventInput, CredentialInput } from '../../../../src-shared/event';
import { severityRank } from '../../../../src-shared/event';
import { canonicalJson } from '../../../../src-shared/canonicalJson';
import { hash } from 'node:crypto';
import type { EncodedRawBlock } from './rawBlocks';
import type { PackedRows } from './packedRows';
import { TAGS_BY_CATEGORY } from '../mapping/tags';

function sameTags(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((t, i) => t === b[i]);
}

export const EVENT_COLUMNS = [
  'uid',
  'source_id',
  'event_id',
  'occurred_at',
  'zoned',
  'action',
  'category',
  'severity',
  'outcome',
  'actor_kind',
  'actor_id',
  'actor_name',
  'actor_email',
  'target_kind',
  'target_id',
  'target_name',
  'ip',
  'description',
  'extra',
] as const;

/**
 * A row in EVENT_COLUMNS order, followed by [block ordinal within the batch, index in block].
 * It is packed as soon as it is built (packedRows.ts); the writer reads it back into one
 * reused array and binds that, after replacing the ordinal with the block's id and appending
 * the import id.
 */
export type EventTuple = (string | number | Uint8Array | null)[];

export const CREDENTIAL_COLUMNS = ['uid', 'source_id', 'user_id', 'email', 'name', 'credential_type', 'state', 'created_at', 'last_used_at', 'raw'] as const;
export type CredentialTuple = (string | number | Uint8Array | null)[];

export interface Rejection {
  part: string | null;
  line: number;
  reason: string;
  excerpt: string;
}

export interface EncodedBatch {
  /** EventTuples, packed, in uid order */
  events: PackedRows;
  blocks: EncodedRawBlock[];
  credentials: CredentialTuple[];
  rejections: Rejection[];
  /** records read in this batch: events + credentials + rejections */
  read: number;
  unzoned: number;
  /** bytes of the original file consumed so far */
  bytesSoFar: number;
}

export function eventUid(event: Pick<CanonicalEventInput, 'sourceId' | 'eventId' | 'occurredAt' | 'action' | 'actor' | 'target' | 'outcome' | 'context' | 'data'>): Buffer {
  const identity =
    event.eventId !== null && event.eventId !== ''
      ? `id\0${event.sourceId}\0${event.eventId}`
      : `content\0${event.sourceId}\0${canonicalJson([event.occurredAt, event.action, event.actor, event.target, event.outcome, event.context, event.data])}`;
  // One-shot hashing: no Hash object per event (measured: the per-event createHash was ~8 % of parsing).
  return hash('sha256', identity, 'buffer').subarray(0, 16);
}

/**
 * The fields nobody filters on, as compact JSON (only what is present). Tags are stored only
 * when they differ from the category's defaults, which readers fill back in.
 */
export function extraJson(e: CanonicalEventInput): string {
  const extra: Record<string, unknown> = {};
  if (!sameTags(e.tags, TAGS_BY_CATEGORY[e.category])) extra.tags = e.tags;
  if (e.context.userAgent !== null) extra.userAgent = e.context.userAgent;
  if (e.context.requestId !== null) extra.requestId = e.context.requestId;
  if (e.context.sessionId !== null) extra.sessionId = e.context.sessionId;
  if (e.context.geo !== null) extra.geo = e.context.geo;
  return JSON.stringify(extra);
}

export function eventTuple(e: CanonicalEventInput, blockOrdinal: number, indexInBlock: number): EventTuple {
  return [
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
    e.description,
    extraJson(e),
    blockOrdinal,
    indexInBlock,
  ];
}

export function credentialTuple(c: CredentialInput): CredentialTuple {
  const uid = hash('sha256', canonicalJson([c.sourceId, c.userId, c.email, c.credentialType, c.state, c.createdAt, c.lastUsedAt]), 'buffer').subarray(0, 16);
  return [uid, c.sourceId, c.userId, c.email, c.name, c.credentialType, c.state, c.createdAt, c.lastUsedAt, c.raw];
}
