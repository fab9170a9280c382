/**
 * The filter bar's suggestions: values of a field, most frequent first, with their event
 * counts over the whole engagement. They come from the rollups (store/rollups.ts), so the
 * answer never scans events however many there are; a prefix matches case-insensitively
 * (ASCII, like SQLite's LIKE). Target suggestions are names: ids are one per object and are
 * picked from an event instead.
 */
import type { z } from 'zod';
import type { DISTINCT_FIELDS, eventDistinctSchema } from '../../../src-shared/query';
import type { Db } from './database';
import { refreshRollups } from './rollups';

type DistinctField = (typeof DISTINCT_FIELDS)[number];
type DistinctValues = z.infer<typeof eventDistinctSchema>;

/** A LIKE pattern for "starts with", the user's % and _ taken literally. */
function startsWithPattern(prefix: string): string {
  return `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function asciiLower(text: string): string {
  return text.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

function fieldValues(db: Db, field: Exclude<DistinctField, 'actor'>, prefix: string, limit: number): DistinctValues {
  const rows = db
    .prepare(`SELECT value, events AS count FROM rollup_values WHERE field = ? AND value LIKE ? ESCAPE '\\' ORDER BY events DESC, value LIMIT ?`)
    .all(field, startsWithPattern(prefix), limit) as { value: string; count: number }[];
  return { values: rows };
}

interface ActorRecord {
  actor_id: string | null;
  actor_email: string | null;
  actor_name: string | null;
  events: number;
}

/**
 * Actors are suggested by what was typed: the email, name or id that starts with the prefix
 * (each is accepted by the actor filter); with no prefix, the email, else the name, else the id.
 */
function actorValues(db: Db, prefix: string, limit: number): DistinctValues {
  const wanted = asciiLower(prefix);
  const counts = new Map<string, number>();
  for (const record of db.prepare('SELECT actor_id, actor_email, actor_name, events FROM rollup_actors').all() as ActorRecord[]) {
    const value = [record.actor_email, record.actor_name, record.actor_id].find((v): v is string => v !== null && asciiLower(v).startsWith(wanted));
    if (value !== undefined) counts.set(value, (counts.get(value) ?? 0) + record.events);
  }
  const values = [...counts].map(([value, count]) => ({ value, count }));
  values.sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
  return { values: values.slice(0, limit) };
}

export function distinctValues(db: Db, field: DistinctField, prefix: string, limit: number): DistinctValues {
  refreshRollups(db);
  return field === 'actor' ? actorValues(db, prefix, limit) : fieldValues(db, field, prefix, limit);
}
