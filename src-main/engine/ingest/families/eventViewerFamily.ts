/**
 * The event-viewer export (product doc 001, Audit & Compliance → Event Viewer → Export as CSV,
 * Excel or JSON; JSON is an array or `{events|entries: […]}`, unwrapped by the reader).
 *
 * Each row carries doc 001's columns: timestamp, category, severity, event type, user,
 * description, event id, IP address, role, stack, region, request id, session id, compliance
 * tags, metadata. Header spellings vary between the formats ("Event Type", "event_type",
 * "eventType"), so keys are matched ignoring case, spaces, underscores, hyphens and dots.
 *
 * Decisions:
 * - category and severity are the tenant's own classification and are used as given; a value
 *   outside doc 001's 14 categories / 4 severities refuses the record, naming the value,
 *   rather than being replaced by a guess that would contradict the tenant.
 * - Outcome: an explicit outcome/status/result column wins; otherwise an event type that says
 *   it failed or was denied, or doc 001's ERROR severity ("failed operations"), means failure;
 *   anything else is unknown.
 * - Compliance tags are used as given ("SOX; GDPR", "SOX, GDPR" or a JSON array); an empty or
 *   absent cell gets the category's default tags (doc 001: tags follow the category).
 * - role, stack, region and metadata have no canonical field; they are kept in `data`.
 * - Excel times: a date cell (a JS Date) or a date serial number has no zone; it is read as
 *   UTC and flagged `zoned: false`.
 */
import type { Actor, Category, MappingOutcome, Outcome, Severity } from '../../../../src-shared/event';
import type { ParsedInstant } from '../../../../src-shared/time';
import type { PlatformMapping } from '../mapping/platform';
import type { JsonObject } from '../mapping/values';
import { CATEGORIES, OUTCOMES, SEVERITIES } from '../../../../src-shared/event';
import { canonicalEvent, refuse } from '../mapping/canonicalEvent';
import { emailOf, systemActor } from '../mapping/actors';
import { defaultTags } from '../mapping/tags';
import { readInstant } from '../mapping/timestamps';
import { describeJsonType, isObject, parseJsonCell, quote, text } from '../mapping/values';

export const EVENT_VIEWER_SOURCE_ID = 'event-viewer';

type Field =
  | 'timestamp'
  | 'category'
  | 'severity'
  | 'eventType'
  | 'user'
  | 'userId'
  | 'description'
  | 'eventId'
  | 'ip'
  | 'userAgent'
  | 'role'
  | 'stack'
  | 'region'
  | 'requestId'
  | 'sessionId'
  | 'tags'
  | 'metadata'
  | 'outcome';

/** Each field's accepted header names, normalised (lower case, no spaces/underscores/hyphens/dots). */
export const EVENT_VIEWER_COLUMNS: Readonly<Record<Field, readonly string[]>> = {
  timestamp: ['timestamp', 'time', 'date', 'datetime', 'createdat', 'occurredat', 'eventtime'],
  category: ['category', 'eventcategory'],
  severity: ['severity', 'severitylevel', 'level'],
  eventType: ['eventtype', 'type', 'action', 'eventname', 'operation'],
  user: ['user', 'username', 'actor', 'useremail', 'actoremail', 'email'],
  userId: ['userid', 'actorid'],
  description: ['description', 'details', 'message'],
  eventId: ['eventid', 'id'],
  ip: ['ipaddress', 'ip', 'sourceip', 'clientip'],
  userAgent: ['useragent'],
  role: ['role', 'userrole'],
  stack: ['stack', 'stackname'],
  region: ['region'],
  requestId: ['requestid'],
  sessionId: ['sessionid'],
  tags: ['compliancetags', 'tags'],
  metadata: ['metadata', 'meta'],
  outcome: ['outcome', 'status', 'result'],
};

export function normaliseKey(key: string): string {
  return key.replace(/^\uFEFF/, '').toLowerCase().replace(/[\s_.-]+/g, '');
}

/** Outcome words an explicit column may use. */
const OUTCOME_WORDS: ReadonlyMap<string, Outcome> = new Map<string, Outcome>([
  ...OUTCOMES.map((o): [string, Outcome] => [o, o]),
  ['succeeded', 'success'],
  ['ok', 'success'],
  ['failed', 'failure'],
  ['error', 'failure'],
  ['forbidden', 'denied'],
  ['unauthorized', 'denied'],
  ['blocked', 'denied'],
]);

interface Cell {
  /** the header as the file spells it, for messages */
  header: string;
  value: unknown;
}

type Row = Partial<Record<Field, Cell>>;

function readRow(record: JsonObject): Row {
  const byNormalised = new Map<string, Cell>();
  for (const [header, value] of Object.entries(record)) {
    const key = normaliseKey(header);
    if (!byNormalised.has(key)) byNormalised.set(key, { header, value });
  }
  const row: Row = {};
  for (const [field, names] of Object.entries(EVENT_VIEWER_COLUMNS) as [Field, readonly string[]][]) {
    for (const name of names) {
      const found = byNormalised.get(name);
      if (found !== undefined && found.value !== undefined && found.value !== null && found.value !== '') {
        row[field] = found;
        break;
      }
    }
  }
  return row;
}

function readEnum<T extends string>(cell: Cell | undefined, field: string, allowed: readonly T[]): T | { reason: string } {
  if (cell === undefined) return { reason: `field '${field}' is missing` };
  const upper = text(cell.value)?.toUpperCase().replace(/[\s-]+/g, '_');
  const match = allowed.find((candidate) => candidate === upper);
  if (match !== undefined) return match;
  return { reason: `field '${cell.header}' has unknown value ${quote(cell.value)} (expected one of ${allowed.join(', ')})` };
}

const EXCEL_EPOCH_DAYS = 25_569; // 1970-01-01 as an Excel (1900 system) serial
const EXCEL_MAX_SERIAL = 2_958_466; // 9999-12-31

function readTime(value: unknown): ParsedInstant | null {
  if (value instanceof Date) {
    const ms = value.getTime();
    return Number.isFinite(ms) ? { micros: ms * 1000, zoned: false } : null;
  }
  if (typeof value === 'number' && value > EXCEL_EPOCH_DAYS && value < EXCEL_MAX_SERIAL) {
    const micros = Math.round((value - EXCEL_EPOCH_DAYS) * 86_400_000) * 1000;
    return { micros, zoned: false };
  }
  return readInstant(value);
}

function readActor(row: Row): Actor {
  const userId = text(row.userId?.value);
  const user = row.user?.value;
  if (isObject(user)) {
    const email = text(user['email']);
    const name = text(user['name']) ?? text(user['username']);
    const id = text(user['id']) ?? userId;
    if (id === null && email === null && name === null) return systemActor();
    return { kind: 'user', id, name, email };
  }
  const who = text(user);
  if (who === null && userId === null) return systemActor();
  if (who !== null && who.toLowerCase() === 'system') return systemActor(who);
  const email = emailOf(who);
  return { kind: 'user', id: userId, name: email === null ? who : null, email };
}

function readOutcome(row: Row, action: string, severity: Severity): Outcome {
  const explicit = text(row.outcome?.value);
  if (explicit !== null) return OUTCOME_WORDS.get(explicit.toLowerCase()) ?? 'unknown';
  if (/(denied|forbidden|blocked)/i.test(action)) return 'denied';
  if (/fail/i.test(action)) return 'failure';
  return severity === 'ERROR' ? 'failure' : 'unknown';
}

function readTags(cell: Cell | undefined, category: Category): string[] {
  const value = parseJsonCell(cell?.value);
  const items = Array.isArray(value) ? value : typeof value === 'string' ? value.split(/[;,|]/) : [];
  const tags = [...new Set(items.map((item) => text(item)).filter((item): item is string => item !== null))];
  return tags.length > 0 ? tags : defaultTags(category);
}

function readData(row: Row): JsonObject | null {
  const data: JsonObject = {};
  for (const field of ['role', 'stack', 'region'] as const) {
    const value = text(row[field]?.value);
    if (value !== null) data[field] = value;
  }
  if (row.metadata !== undefined) data['metadata'] = parseJsonCell(row.metadata.value);
  return Object.keys(data).length > 0 ? data : null;
}

function map(value: unknown, raw: string): MappingOutcome {
  if (!isObject(value)) return refuse(`record is not a JSON object (got ${describeJsonType(value)})`);
  const row = readRow(value);
  const category = readEnum(row.category, 'category', CATEGORIES);
  if (typeof category === 'object') return refuse(category.reason);
  const severity = readEnum(row.severity, 'severity', SEVERITIES);
  if (typeof severity === 'object') return refuse(severity.reason);
  const action = text(row.eventType?.value);
  if (action === null) return refuse("field 'event type' is missing");
  if (row.timestamp === undefined) return refuse("field 'timestamp' is missing");
  const instant = readTime(row.timestamp.value);
  if (instant === null) return refuse(`field '${row.timestamp.header}' is not a timestamp: ${quote(row.timestamp.value)}`);

  const actor = readActor(row);
  const who = actor.name ?? actor.email ?? actor.id ?? 'System';
  return canonicalEvent({
    sourceId: EVENT_VIEWER_SOURCE_ID,
    eventId: text(row.eventId?.value),
    instant,
    action,
    classification: { category, severity },
    outcome: readOutcome(row, action, severity),
    actor,
    context: {
      ip: text(row.ip?.value),
      userAgent: text(row.userAgent?.value),
      requestId: text(row.requestId?.value),
      sessionId: text(row.sessionId?.value),
    },
    description: text(row.description?.value) ?? `${action} by ${who}`,
    tags: readTags(row.tags, category),
    data: readData(row),
    raw,
  });
}

/** Keys that sign the other families' records (doc 003's flattened actor, doc 004's channel). */
const FOREIGN_KEYS = ['occurredat', 'actorkind', 'datajson', 'channel', 'credentialtype'];

function recognise(value: unknown): number {
  if (!isObject(value)) return 0;
  const keys = new Set(Object.keys(value).map(normaliseKey));
  if (!keys.has('category') || !(keys.has('severity') || keys.has('severitylevel'))) return 0;
  if (FOREIGN_KEYS.some((key) => keys.has(key))) return 0.2;
  const row = readRow(value);
  let score = 5; // tenths, so the sum stays exact
  if (typeof readEnum(row.category, 'category', CATEGORIES) === 'string') score += 2;
  if (typeof readEnum(row.severity, 'severity', SEVERITIES) === 'string') score += 1;
  if (row.eventType !== undefined && row.timestamp !== undefined) score += 2;
  return Math.min(score, 10) / 10;
}

export const eventViewerFamily: PlatformMapping = {
  id: EVENT_VIEWER_SOURCE_ID,
  name: 'Audit & Compliance event-viewer export (CSV / XLSX / JSON)',
  shapes: ['json', 'row'],
  recognise,
  map,
};
