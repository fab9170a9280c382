/**
 * Maps one record of the file-export family (product doc 003, NDJSON) to the canonical event:
 *   {id, type, occurred_at, actor{kind,id,label,email}, target{kind,id,label}, outcome,
 *    data, context{ip, user_agent, request_id, session_id, geolocation, ...}}
 * The CSV flavour of the same export flattens these into `actor_kind`, `context_ip`,
 * `data_json`, ... (doc 003, "CSV flattens to columns"); a CSV row handed over as an object
 * with those keys maps the same way. A nested key wins over its flattened twin.
 * The mapping never throws: a record it cannot use is refused with a reason naming the field.
 */
import type { Actor, ActorKind, CanonicalEventInput, EventContext, MappingOutcome, Outcome, Target } from '../../../../src-shared/event';
import { CATEGORIES, OUTCOMES, SEVERITIES } from '../../../../src-shared/event';
import { parseInstant } from '../../../../src-shared/time';
import { parseJsonCell } from '../mapping/values';
import { TAGS_BY_CATEGORY, describeAction, ruleForType, severityForOutcome } from './actionCatalog';

export const FILE_EXPORT_SOURCE_ID = 'file-export';

type JsonObject = Record<string, unknown>;

/** Doc 004: automated jobs have no signed-in user and show as "System". */
const SYSTEM_ACTOR: Actor = { kind: 'system', id: null, name: 'System', email: null };

/**
 * Actor kinds seen in exports, by the canonical kind they mean. A kind not listed here is
 * mapped to `user` — doc 003's actor is a person unless it says otherwise — and the tenant's
 * own word survives in the verbatim `raw` record, so nothing is lost and `data` (the tenant's
 * detail) is left untouched. A Map, so a kind such as `constructor` cannot reach Object.prototype.
 */
const ACTOR_KIND_BY_NAME: ReadonlyMap<string, ActorKind> = new Map<string, ActorKind>([
  ['user', 'user'],
  ['person', 'user'],
  ['member', 'user'],
  ['service', 'service'],
  ['service_account', 'service'],
  ['app', 'service'],
  ['application', 'service'],
  ['integration', 'service'],
  ['bot', 'service'],
  ['system', 'system'],
  ['api_key', 'apiKey'],
  ['apikey', 'apiKey'],
  ['token', 'apiKey'],
  ['api_token', 'apiKey'],
]);

const OUTCOME_LIST = OUTCOMES.join(', ');

export function mapFileExportRecord(value: unknown, raw: string): MappingOutcome {
  if (!isObject(value)) return refuse(`record is not a JSON object (got ${describeJsonType(value)})`);
  const record = value;

  const type = record['type'];
  if (type === undefined || type === null) return refuse("field 'type' is missing");
  if (typeof type !== 'string') return refuse(`field 'type' is not a string (got ${describeJsonType(type)})`);
  const action = type.trim();
  if (action === '') return refuse("field 'type' is empty");

  const occurredAtValue = record['occurred_at'];
  if (occurredAtValue === undefined || occurredAtValue === null || occurredAtValue === '') {
    return refuse("field 'occurred_at' is missing");
  }
  if (typeof occurredAtValue !== 'string') {
    return refuse(`field 'occurred_at' is not a string (got ${describeJsonType(occurredAtValue)})`);
  }
  const instant = parseInstant(occurredAtValue);
  if (!instant) return refuse(`field 'occurred_at' is not an ISO-8601 instant: ${quote(occurredAtValue)}`);

  const idValue = record['id'];
  let eventId: string | null = null;
  if (typeof idValue === 'string') {
    eventId = idValue === '' ? null : idValue;
  } else if (typeof idValue === 'number' && Number.isFinite(idValue)) {
    // A numeric id above 2^53 has already lost digits in JSON.parse; the importer reads such
    // lines with a reviver that keeps the source text. Here we can only keep what we got.
    eventId = String(idValue);
  } else if (idValue !== undefined && idValue !== null) {
    return refuse(`field 'id' is not a string or number (got ${describeJsonType(idValue)})`);
  }

  const outcome = readOutcome(record);
  if (typeof outcome === 'object') return refuse(outcome.reason);

  const actor = readActor(record);
  if ('reason' in actor) return refuse(actor.reason);
  const target = readTarget(record);
  if ('reason' in target) return refuse(target.reason);

  const rule = ruleForType(action);
  const category = readEnum(record, 'category', CATEGORIES);
  if (typeof category === 'object') return refuse(category.reason);
  const severity = readEnum(record, 'severity', SEVERITIES);
  if (typeof severity === 'object') return refuse(severity.reason);
  const finalCategory = category ?? rule.category;

  const tags = readTags(record);
  if (tags !== undefined && 'reason' in tags) return refuse(tags.reason);

  const explicitDescription = text(record['description']);
  const description =
    explicitDescription ??
    describeAction(rule.template, {
      actor: actor.name ?? actor.email ?? actor.id ?? (actor.kind === 'system' ? 'System' : 'Unknown actor'),
      target: target.name ?? target.id ?? target.kind,
      type: action,
    });

  const event: CanonicalEventInput = {
    sourceId: FILE_EXPORT_SOURCE_ID,
    eventId,
    occurredAt: instant.micros,
    zoned: instant.zoned,
    action,
    category: finalCategory,
    // An explicit severity is the tenant's own judgement and already reflects the outcome.
    severity: severity ?? severityForOutcome(rule, outcome),
    outcome,
    actor,
    target,
    context: readContext(record),
    description,
    tags: tags ?? [...TAGS_BY_CATEGORY[finalCategory]],
    data: readData(record),
    raw,
  };
  return { ok: true, event };
}

interface Refusal {
  reason: string;
}

function refuse(reason: string): MappingOutcome {
  return { ok: false, reason };
}

function readOutcome(record: JsonObject): Outcome | Refusal {
  const value = record['outcome'];
  // Doc 003 lists success/failure/denied/partial; an export without the key says nothing.
  if (value === undefined || value === null || value === '') return 'unknown';
  if (typeof value !== 'string') return { reason: `field 'outcome' is not a string (got ${describeJsonType(value)})` };
  const normalised = value.trim().toLowerCase();
  if (isOutcome(normalised)) return normalised;
  return { reason: `field 'outcome' has unknown value ${quote(value)} (expected one of ${OUTCOME_LIST})` };
}

function readActor(record: JsonObject): Actor | Refusal {
  const nested = record['actor'];
  let source: JsonObject;
  if (nested === undefined || nested === null) {
    const flat = flattened(record, 'actor_', ['kind', 'id', 'label', 'email']);
    if (flat === null) return { ...SYSTEM_ACTOR };
    source = flat;
  } else if (isObject(nested)) {
    source = nested;
  } else {
    return { reason: `field 'actor' is not an object (got ${describeJsonType(nested)})` };
  }
  const kindText = text(source['kind']);
  let kind: ActorKind = 'user';
  if (kindText !== null) {
    kind = ACTOR_KIND_BY_NAME.get(kindText.toLowerCase().replace(/[\s-]/g, '_')) ?? 'user';
  } else if (Object.keys(source).length === 0) {
    // `"actor": {}` names nobody: the same as no actor, i.e. the platform itself (doc 004).
    return { ...SYSTEM_ACTOR };
  }
  const name = text(source['label']) ?? text(source['name']);
  return {
    kind,
    id: text(source['id']),
    name: name ?? (kind === 'system' ? 'System' : null),
    email: text(source['email']),
  };
}

function readTarget(record: JsonObject): Target | Refusal {
  const nested = record['target'];
  let source: JsonObject | null;
  if (nested === undefined || nested === null) {
    source = flattened(record, 'target_', ['kind', 'id', 'label']);
  } else if (isObject(nested)) {
    source = nested;
  } else {
    return { reason: `field 'target' is not an object (got ${describeJsonType(nested)})` };
  }
  if (source === null) return { kind: null, id: null, name: null };
  return {
    kind: text(source['kind']) ?? text(source['type']),
    id: text(source['id']),
    name: text(source['label']) ?? text(source['name']),
  };
}

function readContext(record: JsonObject): EventContext {
  // Context is supporting detail; a malformed context is ignored rather than refusing the
  // event, and the original stays in `raw`.
  const nested = record['context'];
  const source = isObject(nested)
    ? nested
    : (flattened(record, 'context_', ['ip', 'user_agent', 'request_id', 'session_id', 'geolocation', 'geo']) ?? {});
  return {
    ip: text(source['ip']),
    userAgent: text(source['user_agent']) ?? text(source['userAgent']),
    requestId: text(source['request_id']) ?? text(source['requestId']),
    sessionId: text(source['session_id']) ?? text(source['sessionId']),
    // The CSV flavour JSON-encodes the nested geolocation in its `context_geolocation` cell
    // (doc 003, "CSV flattens ... json-stringified"); decoded, it reads as the NDJSON one does.
    geo: geoText(parseJsonCell(source['geolocation'] ?? source['geo'])),
  };
}

function readData(record: JsonObject): unknown {
  if (record['data'] !== undefined) return record['data'];
  const encoded = record['data_json'];
  if (typeof encoded !== 'string' || encoded === '') return null;
  try {
    return JSON.parse(encoded) as unknown;
  } catch {
    // Doc 003's data_json should be JSON; if it is not, the text itself is the detail.
    return encoded;
  }
}

/** Explicit tags, from `tags` or `compliance_tags` (doc 001's event-viewer export). */
function readTags(record: JsonObject): string[] | Refusal | undefined {
  for (const field of ['tags', 'compliance_tags']) {
    const value = record[field];
    if (value === undefined || value === null) continue;
    // A flattened CSV cell carries the list as "SOX;GDPR" or "SOX, GDPR".
    const items = typeof value === 'string' ? value.split(/[,;|]/) : value;
    if (!Array.isArray(items) || !items.every((item) => typeof item === 'string')) {
      return { reason: `field '${field}' is not an array of strings` };
    }
    const trimmed = items.map((item: string) => item.trim()).filter((item) => item !== '');
    return [...new Set(trimmed)];
  }
  return undefined;
}

/** Reads an explicit category/severity; doc 001 writes them upper-case, we accept any case. */
function readEnum<T extends string>(record: JsonObject, field: string, allowed: readonly T[]): T | Refusal | undefined {
  const value = record[field];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'string') {
    const upper = value.trim().toUpperCase();
    const match = allowed.find((candidate) => candidate === upper);
    if (match !== undefined) return match;
  }
  // Refused rather than replaced by our own guess: the tenant classified the event and we
  // would silently contradict it.
  return { reason: `field '${field}' has unknown value ${quote(value)} (expected one of ${allowed.join(', ')})` };
}

/** Collects `prefix + key` columns of a flattened CSV row; null when none is present. */
function flattened(record: JsonObject, prefix: string, keys: readonly string[]): JsonObject | null {
  let found: JsonObject | null = null;
  for (const key of keys) {
    const value = record[prefix + key];
    if (value === undefined || value === null || value === '') continue;
    found ??= {};
    found[key] = value;
  }
  return found;
}

function geoText(value: unknown): string | null {
  if (isObject(value)) {
    const parts = ['city', 'region', 'country', 'country_code']
      .map((key) => text(value[key]))
      .filter((part): part is string => part !== null);
    if (parts.length > 0) return parts.join(', ');
    return Object.keys(value).length > 0 ? safeJson(value) : null;
  }
  return text(value);
}

/** A scalar as text; ids exported as numbers keep their digits. Objects and arrays are not text. */
function text(value: unknown): string | null {
  if (typeof value === 'string') return value.trim() === '' ? null : value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  return null;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isOutcome(value: unknown): value is Outcome {
  return typeof value === 'string' && (OUTCOMES as readonly string[]).includes(value);
}

function describeJsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

/** Quotes a value for a reason, cut short so a hostile line cannot flood the import report. */
function quote(value: unknown): string {
  const shown = typeof value === 'string' ? value : safeJson(value);
  return JSON.stringify(shown.length > 60 ? `${shown.slice(0, 60)}…` : shown);
}

/** JSON text of a value that came from JSON; anything JSON cannot write is named by its type. */
function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? describeJsonType(value);
  } catch {
    return describeJsonType(value);
  }
}
