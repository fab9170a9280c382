/**
 * One JSON text (RFC 8259) to a value, the way every JSON reader here needs it:
 *
 * - Integers beyond 2^53 stay exact. RFC 8259 §6 warns that numbers outside IEEE 754 double
 *   precision lose digits in most parsers; tenant ids (Okta, Slack, Zoom, GitHub) are such
 *   integers. When a text holds a run of 16+ digits we parse it again with a reviver that
 *   reads each number's source text (JSON.parse source text access, V8 ≥ 11.4 / Node 22)
 *   and keeps unsafe integers as strings. Texts without such a run (nearly all) take plain
 *   JSON.parse, which is several times faster than any reviver.
 * - Nesting is bounded. V8's JSON.parse is iterative and accepts 100k-deep input, but the
 *   reviver, JSON.stringify, SQLite's JSON functions (depth 1000) and every recursive walk in
 *   the mapping code are not; a value deeper than MAX_JSON_DEPTH is refused here, as a
 *   rejection, so nothing downstream can overflow its stack.
 */

export const MAX_JSON_DEPTH = 512;

/** A value of depth d needs at least 2·d bytes; shorter texts need no depth scan. */
const DEPTH_SCAN_FROM_BYTES = 2 * MAX_JSON_DEPTH;

// Spelled out, not `\d{16}`: V8's irregexp scans this form about 7× faster (measured).
const LONG_DIGIT_RUN = new RegExp('\\d'.repeat(16));
const INTEGER_LITERAL = /^-?\d+$/;

export type JsonParse = { ok: true; value: unknown } | { ok: false; reason: string };

interface ReviverContext {
  source?: string;
}

function keepBigIntegers(_key: string, value: unknown, context?: ReviverContext): unknown {
  if (typeof value === 'number' && !Number.isSafeInteger(value) && context?.source !== undefined && INTEGER_LITERAL.test(context.source)) {
    return context.source;
  }
  return value;
}

/**
 * The deepest nesting of `[`/`{` in a JSON text (strings skipped), stopping as soon as it
 * passes `limit`. Works on malformed text too: it only counts. String contents — most of a
 * record's bytes — are skipped with native indexOf (the next backslash is found once and
 * reused until passed), which makes the check cheap next to the parse itself.
 */
export function nestingDepth(bytes: Uint8Array, limit: number): number {
  const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = buffer.length;
  let depth = 0;
  let deepest = 0;
  let nextBackslash = -2;
  let i = 0;
  while (i < n) {
    const b = buffer[i]!;
    i += 1;
    if (b === 0x22) {
      // Inside a string: jump to its closing quote, stepping over escapes.
      for (;;) {
        const quote = buffer.indexOf(0x22, i);
        if (quote === -1) return deepest;
        if (nextBackslash !== -1 && nextBackslash < i) nextBackslash = buffer.indexOf(0x5c, i);
        if (nextBackslash !== -1 && nextBackslash < quote) {
          i = nextBackslash + 2;
          continue;
        }
        i = quote + 1;
        break;
      }
    } else if (b === 0x7b || b === 0x5b) {
      depth += 1;
      if (depth > deepest) {
        deepest = depth;
        if (deepest > limit) return deepest;
      }
    } else if (b === 0x7d || b === 0x5d) depth -= 1;
  }
  return deepest;
}

export const TOO_DEEP = `nested too deeply (more than ${MAX_JSON_DEPTH} levels of arrays/objects)`;

/**
 * Parses one record's JSON text. `bytes` (the same text as UTF-8) lets the depth check run
 * on bytes; pass null when the caller already knows the depth is within bounds.
 */
export function parseJsonText(text: string, bytes: Uint8Array | null): JsonParse {
  if (bytes !== null && bytes.length >= DEPTH_SCAN_FROM_BYTES && nestingDepth(bytes, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
    return { ok: false, reason: TOO_DEEP };
  }
  try {
    const value: unknown = LONG_DIGIT_RUN.test(text) ? JSON.parse(text, keepBigIntegers) : JSON.parse(text);
    return { ok: true, value };
  } catch (error) {
    if (error instanceof RangeError) return { ok: false, reason: TOO_DEEP };
    return { ok: false, reason: `invalid JSON: ${(error as Error).message}` };
  }
}
