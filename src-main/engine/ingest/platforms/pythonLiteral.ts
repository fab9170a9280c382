/**
 * A lenient reader for Python literal reprs — `{'type': 'AWSAccount', 'principalId': ''}` —
 * which third-party exports write into CSV cells where JSON was meant (the honey-bucket
 * CloudTrail CSV's "User ID" and "Request Parameters", SOURCE.txt file 2). It reads dicts,
 * lists, tuples, single- or double-quoted strings (with backslash escapes), numbers, True,
 * False and None. It is total: anything else answers null, never throws, and nests at most
 * MAX_DEPTH deep so a hostile cell cannot exhaust the stack.
 */

const MAX_DEPTH = 64;

type Literal = null | boolean | number | string | Literal[] | { [key: string]: Literal };

class Reader {
  private index = 0;
  constructor(private readonly source: string) {}

  read(): Literal | undefined {
    const value = this.value(0);
    this.skipSpace();
    return this.index === this.source.length ? value : undefined;
  }

  private skipSpace(): void {
    while (this.index < this.source.length && /\s/.test(this.source[this.index] ?? '')) this.index += 1;
  }

  private value(depth: number): Literal | undefined {
    if (depth > MAX_DEPTH) return undefined;
    this.skipSpace();
    const char = this.source[this.index];
    if (char === '{') return this.dict(depth);
    if (char === '[' || char === '(') return this.list(depth, char === '[' ? ']' : ')');
    if (char === "'" || char === '"') return this.string(char);
    return this.word();
  }

  private dict(depth: number): Literal | undefined {
    this.index += 1;
    const result: { [key: string]: Literal } = {};
    for (;;) {
      this.skipSpace();
      if (this.source[this.index] === '}') {
        this.index += 1;
        return result;
      }
      const key = this.value(depth + 1);
      if (key === undefined || (typeof key !== 'string' && typeof key !== 'number')) return undefined;
      this.skipSpace();
      if (this.source[this.index] !== ':') return undefined;
      this.index += 1;
      const value = this.value(depth + 1);
      if (value === undefined) return undefined;
      // defineProperty, so a key such as "__proto__" stays an ordinary own key
      Object.defineProperty(result, String(key), { value, enumerable: true, writable: true, configurable: true });
      if (!this.separator('}')) return undefined;
    }
  }

  private list(depth: number, close: string): Literal | undefined {
    this.index += 1;
    const result: Literal[] = [];
    for (;;) {
      this.skipSpace();
      if (this.source[this.index] === close) {
        this.index += 1;
        return result;
      }
      const value = this.value(depth + 1);
      if (value === undefined) return undefined;
      result.push(value);
      if (!this.separator(close)) return undefined;
    }
  }

  /** After an item: a comma (consumed), or the closing bracket (left for the caller). */
  private separator(close: string): boolean {
    this.skipSpace();
    const char = this.source[this.index];
    if (char === ',') {
      this.index += 1;
      return true;
    }
    return char === close;
  }

  private string(quoteChar: string): Literal | undefined {
    this.index += 1;
    let result = '';
    while (this.index < this.source.length) {
      const char = this.source[this.index] ?? '';
      this.index += 1;
      if (char === quoteChar) return result;
      if (char !== '\\') {
        result += char;
        continue;
      }
      const next = this.source[this.index] ?? '';
      this.index += 1;
      result += ESCAPES[next] ?? next;
    }
    return undefined;
  }

  private word(): Literal | undefined {
    const match = /^(True|False|None|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(this.source.slice(this.index, this.index + 64));
    if (!match) return undefined;
    const token = match[1] ?? '';
    this.index += token.length;
    if (token === 'True') return true;
    if (token === 'False') return false;
    if (token === 'None') return null;
    // Integers beyond 2^53 (account ids, big counters) stay text rather than lose digits.
    const number = Number(token);
    return Number.isSafeInteger(number) || !/^-?\d+$/.test(token) ? number : token;
  }
}

const ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"' };

/** The value of a Python literal repr, or null when the text is not one. */
export function parsePythonLiteral(source: string): Literal | null {
  if (source.length > 1_000_000) return null;
  try {
    return new Reader(source.trim()).read() ?? null;
  } catch {
    return null;
  }
}
