/**
 * The console audit-log export (product doc 004, Admin → Audit log → Export CSV / JSON).
 *
 * JSON: `{exported_at, entries[…]}`; the reader hands over one entry:
 *   {id, timestamp, channel, event, description, actor{id,name,email}, subject{type,id}, properties}
 * CSV (UTF-8 with a byte-order mark): doc 004 lists the contents — "entry ID, timestamp, log
 * channel, event, description, the actor's email and ID, the subject's type and ID, and the
 * full change properties" — but not the header; we define it in that order:
 *   id,timestamp,channel,event,description,actor_email,actor_id,subject_type,subject_id,properties
 * with `properties` JSON-encoded. An `actor_name` column, if present, is read too.
 *
 * Decisions:
 * - action = `${channel}.${event}` (`hardware.created`, `pii-read.other`): the two filters the
 *   console itself offers (Subject = channel, Event = kind), so an auditor's filter here means
 *   what it means there. The description (`pii.read.user`, "Audit log export downloaded") is
 *   kept verbatim and is what search matches, as in the console.
 * - No actor (JSON null/absent/{}, or empty CSV actor cells) is the System actor (doc 004:
 *   "no person was signed in. That's expected, not a gap").
 * - Pseudonymised actors after a GDPR erasure are kept exactly as exported (doc 004: "the
 *   action trail stays intact while the person's identity is removed").
 * - Outcome: a created/updated/deleted entry records a change that happened (success); other
 *   entries are failure/denied only when the description says so, else unknown.
 */
import type { Actor, Category, EventContext, MappingOutcome, Outcome, Severity, Target } from '../../../../src-shared/event';
import type { PlatformMapping } from '../mapping/platform';
import type { JsonObject } from '../mapping/values';
import { canonicalEvent, refuse } from '../mapping/canonicalEvent';
import { classify } from '../mapping/classification';
import { systemActor } from '../mapping/actors';
import { readInstant } from '../mapping/timestamps';
import { describeJsonType, isObject, parseJsonCell, quote, text } from '../mapping/values';

export const CONSOLE_EXPORT_SOURCE_ID = 'console-export';

export const CONSOLE_EXPORT_CSV_COLUMNS = ['id', 'timestamp', 'channel', 'event', 'description', 'actor_email', 'actor_id', 'subject_type', 'subject_id', 'properties'] as const;

export type ConsoleEventKind = 'created' | 'updated' | 'deleted' | 'other';

interface ConsoleRule {
  /** log channel(s) it applies to; absent: any */
  channel?: readonly string[];
  /** event kind(s); absent: any */
  event?: readonly ConsoleEventKind[];
  /** a pattern the description must match; absent: any */
  description?: RegExp;
  /** only for entries without a signed-in person */
  systemActor?: true;
  category: Category;
  severity: Severity;
  severityOnFailure: Severity;
  why: string;
}

/**
 * hardware and any other record channel: doc 001 DATA_MODIFY, "create, update, or delete
 * operations on data"; an "other" event there is a state transition of the record.
 */
const FALLBACK_RULE: ConsoleRule = { category: 'DATA_MODIFY', severity: 'INFO', severityOnFailure: 'ERROR', why: 'doc 001 DATA_MODIFY' };

/** First matching rule wins; every entry matches the last one. */
export const CONSOLE_RULES: readonly ConsoleRule[] = [
  { description: /^audit log export downloaded\b/i, category: 'COMPLIANCE', severity: 'INFO', severityOnFailure: 'WARNING', why: 'doc 004: exporting the trail is itself an auditable action' },
  { systemActor: true, description: /\b(retention|prun(e|ed|ing))\b/i, category: 'SYSTEM', severity: 'INFO', severityOnFailure: 'ERROR', why: 'doc 004: the nightly retention prune records its own entry; doc 001 SYSTEM: background task results' },
  { channel: ['pii-read'], category: 'DATA_ACCESS', severity: 'INFO', severityOnFailure: 'WARNING', why: 'doc 004: reads of personal-data records (SOC 2 CC6.1, NIS2 Art. 21(2)(j))' },
  { channel: ['auth'], category: 'AUTH', severity: 'INFO', severityOnFailure: 'WARNING', why: 'doc 004: auth for sign-in events' },
  { channel: ['security'], description: /\b(role|roles|permission|permissions|scim|group|admin)\b/i, category: 'PERMISSION', severity: 'WARNING', severityOnFailure: 'ERROR', why: 'doc 004: security holds SSO and SCIM role changes' },
  { channel: ['security'], category: 'SECURITY', severity: 'WARNING', severityOnFailure: 'ERROR', why: 'doc 004: security holds SSO configuration' },
  { channel: ['compliance'], category: 'COMPLIANCE', severity: 'INFO', severityOnFailure: 'ERROR', why: 'doc 004: compliance for evidence and effectiveness actions' },
  { channel: ['users', 'user', 'people', 'members'], category: 'USER_MGMT', severity: 'INFO', severityOnFailure: 'ERROR', why: 'doc 001 USER_MGMT' },
  { channel: ['settings', 'workspace', 'tenant'], category: 'TENANT_MGMT', severity: 'INFO', severityOnFailure: 'ERROR', why: 'doc 001 TENANT_MGMT' },
  { channel: ['billing', 'subscription'], category: 'SUBSCRIPTION', severity: 'INFO', severityOnFailure: 'ERROR', why: 'doc 001 SUBSCRIPTION' },
  { channel: ['files', 'file', 'documents'], category: 'FILE_OPS', severity: 'INFO', severityOnFailure: 'ERROR', why: 'doc 001 FILE_OPS' },
  { channel: ['api', 'api-keys'], category: 'API_ACCESS', severity: 'INFO', severityOnFailure: 'WARNING', why: 'doc 001 API_ACCESS' },
  { event: ['other'], description: /\bexport(ed)?\b/i, category: 'DATA_ACCESS', severity: 'WARNING', severityOnFailure: 'ERROR', why: 'doc 004: an export is an "other" event; exporting records reads them in bulk' },
  FALLBACK_RULE,
];

const EVENT_KINDS: readonly ConsoleEventKind[] = ['created', 'updated', 'deleted', 'other'];

function eventKind(value: string): ConsoleEventKind {
  const lower = value.toLowerCase();
  return EVENT_KINDS.find((kind) => kind === lower) ?? 'other';
}

function outcomeOf(kind: ConsoleEventKind, description: string): Outcome {
  if (/\b(denied|blocked|rejected|forbidden)\b/i.test(description)) return 'denied';
  if (/\b(fail|failed|failure|error)\b/i.test(description)) return 'failure';
  return kind === 'other' ? 'unknown' : 'success';
}

/** A cell read by name; the CSV's first header may still carry the UTF-8 byte-order mark. */
function cell(record: JsonObject, key: string): unknown {
  if (Object.hasOwn(record, key)) return record[key];
  const withBom = `\uFEFF${key}`;
  return Object.hasOwn(record, withBom) ? record[withBom] : undefined;
}

/** Doc 004 shows a missing subject as an em dash. */
function blankable(value: unknown): string | null {
  const t = text(value);
  return t === null || t === '—' || t === '-' ? null : t;
}

function readActor(record: JsonObject): Actor | { reason: string } {
  const nested = cell(record, 'actor');
  let source: JsonObject;
  if (isObject(nested)) source = nested;
  else if (nested === undefined || nested === null || nested === '') source = { id: cell(record, 'actor_id'), email: cell(record, 'actor_email'), name: cell(record, 'actor_name') };
  else if (typeof nested === 'string') source = { name: nested };
  else return { reason: `field 'actor' is not an object (got ${describeJsonType(nested)})` };
  const id = blankable(source['id']);
  const email = blankable(source['email']);
  const name = blankable(source['name']) ?? blankable(source['label']);
  const kind = text(source['type']) ?? text(source['kind']);
  const isSystem = kind?.toLowerCase() === 'system' || (id === null && email === null && (name === null || name.toLowerCase() === 'system'));
  if (isSystem) return systemActor(name ?? 'System');
  return { kind: 'user', id, name, email };
}

function readTarget(record: JsonObject): Partial<Target> {
  const subject = cell(record, 'subject');
  if (isObject(subject)) return { kind: blankable(subject['type']), id: blankable(subject['id']), name: blankable(subject['name']) };
  return { kind: blankable(cell(record, 'subject_type')), id: blankable(cell(record, 'subject_id')) };
}

/** The viewer's IP and the page they opened live in a pii-read entry's properties (doc 004). */
function readContext(properties: unknown): Partial<EventContext> {
  if (!isObject(properties)) return {};
  return {
    ip: text(properties['ip']) ?? text(properties['ip_address']),
    userAgent: text(properties['user_agent']) ?? text(properties['userAgent']),
    requestId: text(properties['request_id']) ?? text(properties['requestId']),
  };
}

function ruleFor(channel: string, kind: ConsoleEventKind, description: string, actor: Actor): ConsoleRule {
  const lower = channel.toLowerCase();
  const rule = CONSOLE_RULES.find(
    (r) =>
      (r.channel === undefined || r.channel.includes(lower)) &&
      (r.event === undefined || r.event.includes(kind)) &&
      (r.description === undefined || r.description.test(description)) &&
      (r.systemActor === undefined || actor.kind === 'system'),
  );
  return rule ?? FALLBACK_RULE;
}

function map(value: unknown, raw: string): MappingOutcome {
  if (!isObject(value)) return refuse(`record is not a JSON object (got ${describeJsonType(value)})`);
  const record = value;
  const channel = text(cell(record, 'channel'));
  if (channel === null) return refuse("field 'channel' is missing");
  const eventWord = text(cell(record, 'event'));
  if (eventWord === null) return refuse("field 'event' is missing");
  const stamp = cell(record, 'timestamp');
  if (stamp === undefined || stamp === null || stamp === '') return refuse("field 'timestamp' is missing");
  const instant = readInstant(stamp);
  if (instant === null) return refuse(`field 'timestamp' is not a timestamp: ${quote(stamp)}`);
  const actor = readActor(record);
  if ('reason' in actor) return refuse(actor.reason);

  const kind = eventKind(eventWord);
  const action = `${channel}.${eventWord}`;
  const description = text(cell(record, 'description')) ?? `${channel} ${eventWord}`;
  const outcome = outcomeOf(kind, description);
  const rule = ruleFor(channel, kind, description, actor);
  const propertiesCell = cell(record, 'properties');
  const properties = propertiesCell === '' || propertiesCell === undefined ? null : parseJsonCell(propertiesCell);
  return canonicalEvent({
    sourceId: CONSOLE_EXPORT_SOURCE_ID,
    eventId: text(cell(record, 'id')),
    instant,
    action,
    // The rule is the row; classify applies the shared outcome → severity policy to it.
    classification: classify([[action, rule.category, rule.severity, rule.severityOnFailure]], action, outcome),
    outcome,
    actor,
    target: readTarget(record),
    context: readContext(properties),
    description,
    data: properties,
    raw,
  });
}

/** Keys only the other families use. */
const FOREIGN_KEYS = ['type', 'occurred_at', 'action', 'category', 'severity'] as const;

function recognise(value: unknown): number {
  if (!isObject(value)) return 0;
  if (text(cell(value, 'channel')) === null || text(cell(value, 'event')) === null || cell(value, 'timestamp') === undefined) return 0;
  if (FOREIGN_KEYS.some((key) => Object.hasOwn(value, key))) return 0.1;
  let score = 6; // tenths, so the sum stays exact
  if (cell(value, 'id') !== undefined) score += 1;
  if (isObject(cell(value, 'subject')) || cell(value, 'subject_type') !== undefined) score += 2;
  if (cell(value, 'properties') !== undefined || cell(value, 'description') !== undefined) score += 1;
  return Math.min(score, 10) / 10;
}

export const consoleExportFamily: PlatformMapping = {
  id: CONSOLE_EXPORT_SOURCE_ID,
  name: 'Console audit-log export (CSV / JSON)',
  shapes: ['json', 'row'],
  recognise,
  map,
};
