/** Small, total readers for untrusted record values: they never throw, they answer null. */

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A non-empty trimmed string from a string or finite number, else null. */
export function text(value: unknown): string | null {
  if (typeof value === 'string') {
    const trimmed = value.trim();
    return trimmed === '' ? null : trimmed;
  }
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'bigint') return value.toString();
  return null;
}

/** The value at a dotted path (`protoPayload.authenticationInfo.principalEmail`); own keys only. */
export function at(record: unknown, path: string): unknown {
  let current: unknown = record;
  for (const key of path.split('.')) {
    if (!isObject(current) || !Object.hasOwn(current, key)) return undefined;
    current = current[key];
  }
  return current;
}

/** The first path that holds text. */
export function firstText(record: unknown, ...paths: string[]): string | null {
  for (const path of paths) {
    const value = text(at(record, path));
    if (value !== null) return value;
  }
  return null;
}

/** Looks a key up ignoring case (some exports lower-case every key, SOURCE.txt notes). */
export function atIgnoringCase(record: unknown, key: string): unknown {
  if (!isObject(record)) return undefined;
  if (Object.hasOwn(record, key)) return record[key];
  const lower = key.toLowerCase();
  for (const k of Object.keys(record)) if (k.toLowerCase() === lower) return record[k];
  return undefined;
}

export function describeJsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

/** A value quoted for an error message, cut short so a 50 MB field cannot flood a report. */
export function quote(value: unknown, max = 80): string {
  const json = JSON.stringify(value) ?? String(value);
  return json.length > max ? `${json.slice(0, max - 1)}…` : json;
}

/** A JSON text when the value is an object/array, else the value's text; for CSV cells that hold JSON. */
export function parseJsonCell(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const trimmed = value.trim();
  if (!(trimmed.startsWith('{') || trimmed.startsWith('['))) return value;
  try {
    return JSON.parse(trimmed) as unknown;
  } catch {
    return value;
  }
}

/**
 * Why the field at `path` holds no usable text, naming the field — the refusal every mapping
 * gives for a missing required field ("field 'action' is missing").
 */
export function whyNotText(record: unknown, path: string): string {
  const value = at(record, path);
  if (value === undefined || value === null) return `field '${path}' is missing`;
  if (typeof value === 'string' && value.trim() === '') return `field '${path}' is empty`;
  return `field '${path}' is not text (got ${describeJsonType(value)})`;
}

/** `at` with every key of the dotted path looked up ignoring case (Panther lower-cases keys, Sentinel Pascal-cases them). */
export function atIgnoringCasePath(record: unknown, path: string): unknown {
  let current: unknown = record;
  for (const key of path.split('.')) {
    current = atIgnoringCase(current, key);
    if (current === undefined) return undefined;
  }
  return current;
}

/**
 * An IP address as text without the port some exports append: "1.2.3.4:10736" → "1.2.3.4",
 * "[2001:db8::1]:443" → "2001:db8::1"; a bare IPv6 address ("::1", "2001:db8::1") is kept whole.
 */
export function ipAddressOf(value: unknown): string | null {
  const raw = text(value);
  if (raw === null) return null;
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(raw);
  if (bracketed) return bracketed[1] ?? null;
  const v4WithPort = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(raw);
  if (v4WithPort) return v4WithPort[1] ?? null;
  return raw;
}
