/**
 * A small engagement database filled with generated events whose every filterable field
 * varies (several sources, actors with and without ids, renamed actors, emails in mixed case,
 * targets by id and by name, IPv4 and IPv6, timestamps that tie), and a brute-force
 * JavaScript reading of the filter to check the engine's answers against.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { CATEGORIES, OUTCOMES, SEVERITIES } from '../../src-shared/event';
import type { EventFilter } from '../../src-shared/query';
import { NEW_DB_CIPHER, openEncryptedDatabase, type Db, type DbCipher } from '../../src-main/engine/store/database';
import { migrate } from '../../src-main/engine/store/migrate';
import { catchUpSearchIndex, ensureSecondaryIndexes } from '../../src-main/engine/store/eventIndexes';
import { boundMicros } from '../../src-main/engine/store/filterSql';
import { searchTerms } from '../../src-main/engine/store/searchText';
import { tempDir } from './tempDir';

export interface TestEvent {
  id: number;
  source_id: string;
  occurred_at: number;
  action: string;
  category: string;
  severity: number;
  outcome: string;
  actor_kind: string;
  actor_id: string | null;
  actor_name: string | null;
  actor_email: string | null;
  target_kind: string | null;
  target_id: string | null;
  target_name: string | null;
  ip: string | null;
  description: string;
}

export const DAY = 86_400_000_000;
export const HOUR = 3_600_000_000;
/** 2026-03-01T00:00:00Z */
export const DATASET_START = Date.UTC(2026, 2, 1) * 1000;

/** A deterministic generator (mulberry32), so a failing case replays. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const SOURCES = ['okta', 'github', 'file-export'];
export const ACTIONS = ['user.signed_in', 'user.sign_in_failed', 'file.downloaded', 'role.assigned', 'audit.exported', 'key.rotated', 'record.viewed'];
/** Actors as sources record them: the same id under two names, an email in two cases, no id at all. */
export const ACTORS: Pick<TestEvent, 'actor_kind' | 'actor_id' | 'actor_name' | 'actor_email'>[] = [
  { actor_kind: 'user', actor_id: 'usr_1', actor_name: 'Alice Martin', actor_email: 'alice@example.com' },
  { actor_kind: 'user', actor_id: 'usr_1', actor_name: 'Alice M.', actor_email: 'Alice@Example.com' },
  { actor_kind: 'user', actor_id: 'usr_2', actor_name: 'Bob Stone', actor_email: 'bob@example.com' },
  { actor_kind: 'user', actor_id: null, actor_name: 'Carol Vance', actor_email: 'carol@example.com' },
  { actor_kind: 'user', actor_id: 'usr_4', actor_name: 'Dan Wu', actor_email: null },
  { actor_kind: 'service', actor_id: 'svc_backup', actor_name: 'backup', actor_email: null },
  { actor_kind: 'system', actor_id: null, actor_name: null, actor_email: null },
];
/** Targets by id, by name, both; one whose id is another target's name, one whose id is its name. */
export const TARGETS: Pick<TestEvent, 'target_kind' | 'target_id' | 'target_name'>[] = [
  { target_kind: 'file', target_id: 'fil_1', target_name: 'budget.xlsx' },
  { target_kind: 'file', target_id: 'fil_2', target_name: 'budget.xlsx' },
  { target_kind: 'session', target_id: 'ses_9f3a', target_name: null },
  { target_kind: 'doc', target_id: 'budget.xlsx', target_name: 'Budget copy' },
  { target_kind: 'user', target_id: 'usr_2', target_name: 'Bob Stone' },
  { target_kind: 'bucket', target_id: 'logs', target_name: 'logs' },
  { target_kind: null, target_id: null, target_name: null },
];
export const IPS = ['10.0.0.1', '10.0.0.2', '10.0.1.7', '10.1.0.1', '192.168.1.20', '2001:db8::1', '2001:db8:1::5', null];
const WORDS = ['quarterly', 'budget', 'export', 'alpha', 'beta', 'report', 'denied', 'admin', 'rotation', 'review'];

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

/**
 * `count` events from `startId` on, over `days` days from `start`; about one in eight shares
 * its time with the previous event, so the (time, id) order's tie-break is exercised.
 */
export function generateEvents(seed: number, count: number, options: { startId?: number; start?: number; days?: number } = {}): TestEvent[] {
  const random = seededRandom(seed);
  const start = options.start ?? DATASET_START;
  const span = (options.days ?? 5) * DAY;
  const events: TestEvent[] = [];
  let previousAt = start;
  for (let i = 0; i < count; i++) {
    const at = random() < 0.125 ? previousAt : start + Math.floor(random() * span);
    previousAt = at;
    const action = pick(random, ACTIONS);
    const words = Array.from({ length: 3 }, () => pick(random, WORDS));
    events.push({
      id: (options.startId ?? 1) + i,
      source_id: pick(random, SOURCES),
      occurred_at: at,
      action,
      category: pick(random, CATEGORIES),
      severity: random() < 0.7 ? 0 : Math.floor(random() * SEVERITIES.length),
      outcome: random() < 0.6 ? 'success' : pick(random, OUTCOMES),
      ...pick(random, ACTORS),
      ...pick(random, TARGETS),
      ip: pick(random, IPS),
      description: `${action.replace('.', ' ')} ${words.join(' ')}`,
    });
  }
  return events;
}

/** A migrated, indexed engagement database in a temporary folder, with one import to hang events on. */
export function openDatasetDb(cipher: DbCipher = NEW_DB_CIPHER): { db: Db; cleanup: () => void } {
  const dir = tempDir('aw-browse-');
  const db = openEncryptedDatabase(join(dir.path, 'engagement.db'), randomBytes(32), { create: true, cipher });
  migrate(db);
  ensureSecondaryIndexes(db);
  db.prepare("INSERT INTO imports (id, file_name, file_path, size, status, started_at) VALUES (1, 'test', 'test', 0, 'COMPLETED', 'now')").run();
  db.prepare("INSERT INTO raw_blocks (id, import_id, codec, count, bytes) VALUES (1, 1, 'none', 0, x'')").run();
  return {
    db,
    cleanup: () => {
      db.close();
      dir.cleanup();
    },
  };
}

/** The uid the dataset gives an event: its id, so a returned row names the event it is. */
export function uidOf(id: number): Buffer {
  return Buffer.from(id.toString(16).padStart(32, '0'), 'hex');
}

export function idOfUid(uidHex: string): number {
  return Number.parseInt(uidHex, 16);
}

/** Stores the events (their ids as given) and brings the search index up to date unless told not to. */
export async function insertEvents(db: Db, events: readonly TestEvent[], options: { search?: boolean } = {}): Promise<void> {
  const insert = db.prepare(`INSERT INTO events (id, uid, source_id, event_id, occurred_at, zoned, action, category, severity, outcome,
    actor_kind, actor_id, actor_name, actor_email, target_kind, target_id, target_name, ip, description, extra, import_id, raw_block, raw_index)
    VALUES (@id, @uid, @source_id, NULL, @occurred_at, 1, @action, @category, @severity, @outcome,
    @actor_kind, @actor_id, @actor_name, @actor_email, @target_kind, @target_id, @target_name, @ip, @description, '{}', 1, 1, 0)`);
  db.transaction(() => {
    for (const event of events) insert.run({ ...event, uid: uidOf(event.id) });
  })();
  if (options.search !== false) await catchUpSearchIndex(db);
}

function asciiLower(text: string): string {
  return text.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

/** The search index's words of a text (ASCII test data: letters and digits, case-folded). */
function words(text: string): string[] {
  return text.toLowerCase().match(/[a-z0-9]+/g) ?? [];
}

/** The four columns of the search index, as catchUpSearchIndex fills them. */
function searchColumns(e: TestEvent): string[][] {
  const join = (...parts: (string | null)[]) => parts.filter((p): p is string => p !== null).join(' ');
  return [words(e.description), words(e.action), words(join(e.actor_name, e.actor_email, e.actor_id)), words(join(e.target_name, e.target_id, e.target_kind))];
}

function phraseIn(column: string[], tokens: string[], prefix: boolean): boolean {
  for (let i = 0; i + tokens.length <= column.length; i++) {
    const fits = tokens.every((token, j) => {
      const word = column[i + j] ?? '';
      return prefix && j === tokens.length - 1 ? word.startsWith(token) : word === token;
    });
    if (fits) return true;
  }
  return false;
}

/** Whether an event is searchable and matches the search text, word for word. */
export function matchesSearch(e: TestEvent, text: string, searchableThrough: number): boolean {
  const terms = searchTerms(text);
  if (terms.length === 0) return true;
  if (e.id > searchableThrough) return false;
  const columns = searchColumns(e);
  return terms.every((term) => columns.some((column) => phraseIn(column, term.tokens.map((t) => t.toLowerCase()), term.prefix)));
}

/** The filter, read field by field in plain JavaScript. */
export function matchesFilter(e: TestEvent, filter: EventFilter, searchableThrough = Infinity): boolean {
  if (filter.categories?.length && !filter.categories.includes(e.category as never)) return false;
  if (filter.severities?.length && !filter.severities.map((s) => SEVERITIES.indexOf(s)).includes(e.severity)) return false;
  if (filter.minSeverity && e.severity < SEVERITIES.indexOf(filter.minSeverity)) return false;
  if (filter.outcomes?.length && !filter.outcomes.includes(e.outcome as never)) return false;
  if (filter.actions?.length && !filter.actions.includes(e.action)) return false;
  if (filter.sources?.length && !filter.sources.includes(e.source_id)) return false;
  if (filter.actor !== undefined) {
    const v = filter.actor;
    if (!(e.actor_id === v || e.actor_name === v || (e.actor_email !== null && asciiLower(e.actor_email) === asciiLower(v)))) return false;
  }
  if (filter.target !== undefined && !(e.target_id === filter.target || e.target_name === filter.target)) return false;
  if (filter.ip !== undefined) {
    const prefix = filter.ip.endsWith('.') || filter.ip.endsWith(':');
    if (e.ip === null || !(prefix ? e.ip.startsWith(filter.ip) : e.ip === filter.ip)) return false;
  }
  if (filter.from !== undefined && e.occurred_at < boundMicros(filter.from, 'from')) return false;
  if (filter.to !== undefined && e.occurred_at >= boundMicros(filter.to, 'to')) return false;
  if (filter.search !== undefined && !matchesSearch(e, filter.search, searchableThrough)) return false;
  return true;
}

/** The events in (occurred_at, id) order, newest first for 'desc'. */
export function ordered(events: readonly TestEvent[], order: 'desc' | 'asc'): TestEvent[] {
  const sign = order === 'desc' ? -1 : 1;
  return [...events].sort((a, b) => sign * (a.occurred_at - b.occurred_at || a.id - b.id));
}
