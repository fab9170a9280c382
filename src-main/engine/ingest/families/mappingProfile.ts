/**
 * The generic column mapping for a CSV / NDJSON / JSON array from a tenant no family knows: a
 * named profile (a JSON file for the CLI's `--mapping`, saved from the UI's column-mapping
 * step) says which column or dotted JSON path holds each canonical field, and carries the
 * tenant's outcome words and classification rows as data.
 *
 *   { "name": "Acme HR", "sourceId": "acme-hr",
 *     "fields": { "eventId": "id", "occurredAt": "when", "timeZone": "Europe/Berlin",
 *                 "action": "event.type", "actorEmail": "who.email", … },
 *     "outcomes": { "OK": "success", "NOPE": "denied" },
 *     "categories": { "login*": "AUTH", "/^role\\./": "PERMISSION", "export": "DATA_ACCESS" },
 *     "defaultCategory": "DATA_MODIFY", "defaultSeverity": "INFO" }
 *
 * A field names a column (CSV header, matched exactly, then ignoring case) or a dotted path
 * (`actor.email`); a path may step into a CSV cell that holds JSON. A category pattern is an
 * exact action, a prefix ending in `*`, or `/regex/flags`; the first matching row wins.
 *
 * Times: `timeFormat` auto (ISO-8601 or epoch by magnitude), iso, epoch-s or epoch-ms. A time
 * without a zone is read in `timeZone` when the profile gives one, else as UTC and flagged
 * `zoned: false`. In the zone, a wall time inside a spring-forward gap (Europe/Berlin
 * 2026-03-29 02:30) never existed: the record is refused, because a log really written in that
 * zone cannot contain it and the profile's zone is then wrong. A wall time in the repeated
 * autumn hour (Europe/Berlin 2026-10-25 02:30) happened twice: the earlier instant is taken
 * (RFC 5545 §3.3.5's and Temporal's "compatible" choice) and the event is flagged
 * `zoned: false`, so the guess is visible rather than silent.
 *
 * No actor column holding a value means the platform acted: the System actor (doc 004).
 * Columns no field uses are kept in `data`; the whole record is always in `raw`.
 */
import type { z } from 'zod';
import type { Actor, Category, MappingOutcome, Outcome, Severity } from '../../../../src-shared/event';
import type { ParsedInstant } from '../../../../src-shared/time';
import type { ClassificationRow } from '../mapping/classification';
import type { PlatformMapping } from '../mapping/platform';
import type { JsonObject } from '../mapping/values';
import { CATEGORIES, SEVERITIES } from '../../../../src-shared/event';
import { AppError } from '../../../../src-shared/errors';
import { actorKindFrom, emailOf, systemActor } from '../mapping/actors';
import { canonicalEvent, refuse } from '../mapping/canonicalEvent';
import { classify } from '../mapping/classification';
import { readInstant } from '../mapping/timestamps';
import { resolveWallTime } from '../mapping/zonedTime';
import { describeJsonType, isObject, parseJsonCell, quote, text } from '../mapping/values';

export { mappingProfileSchema, profileFieldsSchema, TIME_FORMATS, PROFILE_OUTCOMES } from '../../../../src-shared/mappingProfile';
export type { MappingProfile } from '../../../../src-shared/mappingProfile';
import type { MappingProfile, TIME_FORMATS } from '../../../../src-shared/mappingProfile';
import { mappingProfileSchema } from '../../../../src-shared/mappingProfile';
export type ProfileFields = MappingProfile['fields'];
/** The fields that name a column or path (not timeFormat / timeZone). */
export type ProfileColumnField = Exclude<keyof ProfileFields, 'timeFormat' | 'timeZone'>;

function issueText(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type') {
    return issue.input === undefined ? 'is required' : `must be ${issue.expected === 'object' ? 'an object' : `a ${issue.expected}`} (got ${describeJsonType(issue.input)})`;
  }
  if (issue.code === 'unrecognized_keys') return `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}`;
  if (issue.code === 'invalid_key') return issue.issues[0]?.message ?? 'is not a valid key';
  return issue.message;
}

/** Reads a profile file; every problem names the file and the JSON path at fault. */
export function parseProfileFile(text: string, fileName: string): MappingProfile {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new AppError('BAD_REQUEST', `${fileName}: (root): not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const parsed = mappingProfileSchema.safeParse(json, { reportInput: true });
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  if (issue === undefined) throw new AppError('BAD_REQUEST', `${fileName}: (root): not a mapping profile`);
  const path = issue.path.length > 0 ? issue.path.map(String).join('.') : '(root)';
  throw new AppError('BAD_REQUEST', `${fileName}: ${path}: ${issueText(issue)}`);
}

// ---------------------------------------------------------------------------------------------
// Reading a record through a profile

/** A column by exact name, a dotted path (stepping into JSON-holding cells), then ignoring case. */
function valueAt(record: JsonObject, ref: string): unknown {
  if (Object.hasOwn(record, ref)) return record[ref];
  if (Object.hasOwn(record, `\uFEFF${ref}`)) return record[`\uFEFF${ref}`];
  if (ref.includes('.')) {
    let current: unknown = record;
    for (const key of ref.split('.')) {
      current = parseJsonCell(current);
      if (!isObject(current) || !Object.hasOwn(current, key)) {
        current = undefined;
        break;
      }
      current = current[key];
    }
    if (current !== undefined) return current;
  }
  const lower = ref.toLowerCase();
  for (const key of Object.keys(record)) if (key.replace(/^\uFEFF/, '').toLowerCase() === lower) return record[key];
  return undefined;
}

/** Outcome words understood without an `outcomes` table. */
const OUTCOME_WORDS: ReadonlyMap<string, Outcome> = new Map<string, Outcome>([
  ['success', 'success'],
  ['succeeded', 'success'],
  ['ok', 'success'],
  ['true', 'success'],
  ['failure', 'failure'],
  ['failed', 'failure'],
  ['fail', 'failure'],
  ['error', 'failure'],
  ['false', 'failure'],
  ['denied', 'denied'],
  ['forbidden', 'denied'],
  ['unauthorized', 'denied'],
  ['blocked', 'denied'],
  ['partial', 'partial'],
]);

/** Severity words common in tenant exports, by the doc-001 severity they mean. */
const SEVERITY_WORDS: ReadonlyMap<string, Severity> = new Map<string, Severity>([
  ...SEVERITIES.map((s): [string, Severity] => [s.toLowerCase(), s]),
  ['debug', 'INFO'],
  ['information', 'INFO'],
  ['informational', 'INFO'],
  ['notice', 'INFO'],
  ['low', 'INFO'],
  ['warn', 'WARNING'],
  ['medium', 'WARNING'],
  ['moderate', 'WARNING'],
  ['err', 'ERROR'],
  ['high', 'ERROR'],
  ['crit', 'CRITICAL'],
  ['fatal', 'CRITICAL'],
  ['alert', 'CRITICAL'],
  ['emergency', 'CRITICAL'],
  ['severe', 'CRITICAL'],
]);

function toPattern(pattern: string): string | RegExp {
  const regex = /^\/(.+)\/([a-z]*)$/.exec(pattern);
  return regex === null ? pattern : new RegExp(regex[1] ?? '', regex[2]);
}

/** Digits with an optional fraction, scaled to microseconds without a float round-trip. */
function scaledMicros(value: unknown, unitMicros: number): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? Math.round(value * unitMicros) : null;
  if (typeof value !== 'string') return null;
  const m = /^\s*(-?\d+)(?:\.(\d+))?\s*$/.exec(value);
  if (m === null) return null;
  const digits = String(unitMicros).length - 1;
  const whole = Number(m[1]) * unitMicros;
  const frac = Number(((m[2] ?? '') + '0'.repeat(digits)).slice(0, digits) || '0');
  const micros = m[1]?.startsWith('-') ? whole - frac : whole + frac;
  return Number.isSafeInteger(micros) ? micros : null;
}

type TimeResult = ParsedInstant | { reason: string };

const TIME_FORMAT_WORDS: Readonly<Record<(typeof TIME_FORMATS)[number], string>> = {
  auto: 'a timestamp',
  iso: 'an ISO-8601 time',
  'epoch-s': 'epoch seconds',
  'epoch-ms': 'epoch milliseconds',
};

function readTime(value: unknown, ref: string, format: (typeof TIME_FORMATS)[number], zone: string | undefined): TimeResult {
  const bad = { reason: `field 'occurredAt' (${JSON.stringify(ref)}) is not ${TIME_FORMAT_WORDS[format]}: ${quote(value)}` };
  let instant: ParsedInstant | null;
  if (format === 'epoch-s' || format === 'epoch-ms') {
    const micros = scaledMicros(value, format === 'epoch-s' ? 1_000_000 : 1_000);
    instant = micros === null ? null : { micros, zoned: true };
  } else if (format === 'iso') {
    instant = typeof value === 'string' && !/^\s*-?\d+(\.\d+)?\s*$/.test(value) ? readInstant(value) : null;
  } else {
    instant = readInstant(value);
  }
  if (instant === null) return bad;
  if (instant.zoned || zone === undefined) return instant;
  const resolved = resolveWallTime(instant.micros, zone);
  if (resolved.kind === 'exact') return { micros: resolved.micros, zoned: true };
  if (resolved.kind === 'ambiguous') return { micros: resolved.earlier, zoned: false };
  return { reason: `field 'occurredAt' (${JSON.stringify(ref)}): ${quote(value)} does not exist in ${zone} (clocks moved forward past it); is the profile's timeZone right?` };
}

const COLUMN_FIELDS: readonly ProfileColumnField[] = [
  'eventId',
  'occurredAt',
  'action',
  'description',
  'actorId',
  'actorName',
  'actorEmail',
  'actorKind',
  'targetKind',
  'targetId',
  'targetName',
  'outcome',
  'ip',
  'userAgent',
  'requestId',
  'sessionId',
  'category',
  'severity',
];

export function compileProfile(profile: MappingProfile): PlatformMapping {
  const fields = profile.fields;
  const format = fields.timeFormat ?? 'auto';
  const outcomes = new Map<string, Outcome>(Object.entries(profile.outcomes ?? {}).map(([word, outcome]) => [word.trim().toLowerCase(), outcome]));
  const defaultSeverity: Severity = profile.defaultSeverity ?? 'INFO';
  const rows: ClassificationRow[] = Object.entries(profile.categories ?? {}).map(([pattern, category]) => [toPattern(pattern), category, defaultSeverity, 'WARNING']);
  const fallback = { category: profile.defaultCategory ?? ('SYSTEM' satisfies Category), severity: defaultSeverity };
  /** Top-level keys a field reads (a path's first step), so the rest can go to `data`. */
  const usedKeys = new Set(COLUMN_FIELDS.map((f) => fields[f]).filter((ref): ref is string => ref !== undefined).flatMap((ref) => [ref.toLowerCase(), (ref.split('.')[0] ?? ref).toLowerCase()]));

  const read = (record: JsonObject, field: ProfileColumnField): unknown => {
    const ref = fields[field];
    return ref === undefined ? undefined : valueAt(record, ref);
  };
  const textOf = (record: JsonObject, field: ProfileColumnField): string | null => text(read(record, field));

  function readOutcome(record: JsonObject): Outcome {
    const word = textOf(record, 'outcome') ?? (typeof read(record, 'outcome') === 'boolean' ? String(read(record, 'outcome')) : null);
    if (word === null) return 'unknown';
    const key = word.toLowerCase();
    return outcomes.get(key) ?? OUTCOME_WORDS.get(key) ?? 'unknown';
  }

  function readActor(record: JsonObject): Actor {
    const id = textOf(record, 'actorId');
    const name = textOf(record, 'actorName');
    const email = textOf(record, 'actorEmail') ?? emailOf(id, name);
    const kindWord = textOf(record, 'actorKind');
    const kind = actorKindFrom(kindWord);
    if (kind === 'system' || (id === null && name === null && email === null)) return systemActor(name ?? 'System');
    return { kind, id, name, email };
  }

  function unmapped(record: JsonObject): JsonObject | null {
    const rest = Object.entries(record)
      .filter(([key, value]) => !usedKeys.has(key.replace(/^\uFEFF/, '').toLowerCase()) && value !== undefined && value !== null && value !== '')
      .map(([key, value]): [string, unknown] => [key, parseJsonCell(value)]);
    // fromEntries defines own properties, so a column named __proto__ stays a column.
    return rest.length > 0 ? Object.fromEntries(rest) : null;
  }

  function map(value: unknown, raw: string): MappingOutcome {
    if (!isObject(value)) return refuse(`record is not a JSON object (got ${describeJsonType(value)})`);
    const record = value;
    const stamp = read(record, 'occurredAt');
    if (stamp === undefined || stamp === null || stamp === '') return refuse(`field 'occurredAt' (${JSON.stringify(fields.occurredAt)}) is missing`);
    const instant = readTime(stamp, fields.occurredAt, format, fields.timeZone);
    if ('reason' in instant) return refuse(instant.reason);
    const action = textOf(record, 'action');
    if (action === null) return refuse(`field 'action' (${JSON.stringify(fields.action)}) is missing`);

    const outcome = readOutcome(record);
    // The tenant's own category/severity columns, when mapped and filled, beat the table.
    let { category, severity } = classify(rows, action, outcome, fallback);
    const categoryCell = read(record, 'category');
    const categoryWord = text(categoryCell)?.toUpperCase().replace(/[\s-]+/g, '_');
    if (categoryWord !== undefined) {
      const given = CATEGORIES.find((c) => c === categoryWord);
      if (given === undefined) return refuse(`field 'category' (${JSON.stringify(fields.category)}) has unknown value ${quote(categoryCell)} (expected one of ${CATEGORIES.join(', ')})`);
      category = given;
    }
    const severityCell = read(record, 'severity');
    const severityWord = text(severityCell)?.toLowerCase();
    if (severityWord !== undefined) {
      const given = SEVERITY_WORDS.get(severityWord);
      if (given === undefined) return refuse(`field 'severity' (${JSON.stringify(fields.severity)}) has unknown value ${quote(severityCell)} (expected one of ${SEVERITIES.join(', ')})`);
      severity = given;
    }

    const actor = readActor(record);
    const target = { kind: textOf(record, 'targetKind'), id: textOf(record, 'targetId'), name: textOf(record, 'targetName') };
    const who = actor.name ?? actor.email ?? actor.id ?? 'System';
    const what = target.name ?? target.id;
    return canonicalEvent({
      sourceId: profile.sourceId,
      eventId: textOf(record, 'eventId'),
      instant,
      action,
      classification: { category, severity },
      outcome,
      actor,
      target,
      context: { ip: textOf(record, 'ip'), userAgent: textOf(record, 'userAgent'), requestId: textOf(record, 'requestId'), sessionId: textOf(record, 'sessionId') },
      description: textOf(record, 'description') ?? `${action} by ${who}${what === null ? '' : ` on ${what}`}`,
      data: unmapped(record),
      raw,
    });
  }

  function recognise(value: unknown): number {
    if (!isObject(value)) return 0;
    return valueAt(value, fields.occurredAt) !== undefined && valueAt(value, fields.action) !== undefined ? 1 : 0;
  }

  return { id: profile.sourceId, name: profile.name, shapes: ['json', 'row'], recognise, map };
}

// ---------------------------------------------------------------------------------------------
// Suggesting a profile from a header or a sample record

/**
 * Common column names, normalised (lower case, letters and digits only), by the field they
 * usually hold; earlier names win. Nested sample keys are joined (`actor.email` → actoremail).
 */
export const SUGGESTED_NAMES: Readonly<Record<ProfileColumnField, readonly string[]>> = {
  occurredAt: ['occurredat', 'timestamp', 'time', 'eventtime', 'createdat', 'datetime', 'date', 'ts', 'loggedat', 'published', 'when'],
  action: ['action', 'eventtype', 'event', 'eventname', 'type', 'operation', 'activity', 'actiontype'],
  eventId: ['eventid', 'id', 'uuid', 'logid', 'entryid', 'recordid', 'auditid'],
  description: ['description', 'message', 'summary', 'details', 'msg'],
  actorEmail: ['actoremail', 'useremail', 'email', 'emailaddress'],
  actorId: ['actorid', 'userid', 'principalid', 'uid'],
  actorName: ['actorname', 'username', 'user', 'actor', 'actorlabel', 'displayname', 'login'],
  actorKind: ['actorkind', 'actortype', 'usertype', 'principaltype'],
  targetKind: ['targetkind', 'targettype', 'resourcetype', 'objecttype', 'subjecttype', 'entitytype'],
  targetId: ['targetid', 'resourceid', 'objectid', 'subjectid', 'entityid'],
  targetName: ['targetname', 'targetlabel', 'resourcename', 'objectname', 'target', 'resource'],
  outcome: ['outcome', 'result', 'status', 'success'],
  ip: ['ip', 'ipaddress', 'sourceip', 'clientip', 'remoteaddr', 'remoteip', 'srcip', 'contextip', 'sourceipaddress'],
  userAgent: ['useragent', 'contextuseragent', 'ua'],
  requestId: ['requestid', 'contextrequestid', 'correlationid', 'traceid'],
  sessionId: ['sessionid', 'contextsessionid'],
  category: ['category'],
  severity: ['severity', 'level', 'priority'],
};

export interface ProfileSuggestion {
  fields: Partial<Record<ProfileColumnField, string>>;
  /** required fields no column matched: the UI asks the user for these */
  missing: ('occurredAt' | 'action')[];
}

function normaliseName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** Dotted paths of a sample record's scalar leaves, a few levels deep. */
function leafPaths(value: unknown, prefix: string, depth: number, out: string[]): void {
  if (!isObject(value)) return;
  for (const [key, child] of Object.entries(value)) {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    if (isObject(child) && depth < 4) leafPaths(child, path, depth + 1, out);
    else out.push(path);
  }
}

/** A best-guess mapping for the column-mapping step, from a CSV header or a sample record. */
export function suggestProfile(input: readonly string[] | unknown): ProfileSuggestion {
  const columns: string[] = [];
  if (Array.isArray(input)) for (const name of input) if (typeof name === 'string' && name.trim() !== '') columns.push(name.replace(/^\uFEFF/, ''));
  if (isObject(input)) leafPaths(input, '', 0, columns);
  const byName = new Map<string, string>();
  for (const c of columns) if (!byName.has(normaliseName(c))) byName.set(normaliseName(c), c);
  const used = new Set<string>();
  const fields: ProfileSuggestion['fields'] = {};
  for (const [field, names] of Object.entries(SUGGESTED_NAMES) as [ProfileColumnField, readonly string[]][]) {
    const hit = names.map((n) => byName.get(n)).find((c): c is string => c !== undefined && !used.has(c));
    if (hit === undefined) continue;
    fields[field] = hit;
    used.add(hit);
  }
  const missing = (['occurredAt', 'action'] as const).filter((f) => fields[f] === undefined);
  return { fields, missing };
}
