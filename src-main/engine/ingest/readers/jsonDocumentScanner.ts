/**
 * Finds the records of a JSON document (RFC 8259) in a byte stream without parsing the whole
 * document: a hand-written scanner that tracks only string/escape state and bracket depth
 * (integers, no recursion, no stack of open brackets), and cuts out the exact source text of
 * each element of the records array. Each element is then parsed on its own by the caller
 * with the native JSON.parse. Memory holds one element (capped) at a time.
 *
 * The records array is a top-level array, or the value of the first array-valued member of a
 * top-level object (CloudTrail `{"Records":[…]}`, doc 002 `{generatedAt, …, entries:[…]}`,
 * Graph `{value:[…]}`). Scalar members seen before that array are kept as the envelope. A
 * top-level object without any array is one record; further top-level values after it
 * (concatenated, pretty-printed records) are records too.
 *
 * Structural damage never throws: it becomes an event the caller turns into a rejection.
 * Bytes are only counted and copied here; UTF-8 and JSON validity are the caller's checks.
 */
import { Capture } from './byteCapture';

export const MAX_ELEMENT_BYTES = 64 * 1024 * 1024;

export type ScanEvent =
  /** the records array begins (`arrayPath` '' for a top-level array) or, with null, the document is not an envelope */
  | { kind: 'envelope'; arrayPath: string | null; fields: Record<string, string> }
  /** one element's exact text, or why it cannot be had (`bytes` null) */
  | { kind: 'element'; line: number; bytes: Buffer | null; problem: string | null; depth: number }
  /** damage outside any element; scanning goes on only where it can resynchronise */
  | { kind: 'problem'; line: number; reason: string; excerpt: string };

type Phase =
  | 'top' // before the top-level value
  | 'objKey' // in the top-level object, before a member name or `}`
  | 'objColon'
  | 'objValue'
  | 'objNext' // after a member value: `,` or `}`
  | 'arrElem' // in the records array, before an element or `]`
  | 'arrNext' // after an element: `,` or `]`
  | 'trailing' // after the top-level value
  | 'stopped';

/** What the value being cut is, so its end can be found. */
type ValueKind = 'container' | 'string' | 'scalar';

/** What the value being cut is for, once it is complete. */
type ValueRole = 'key' | 'member' | 'element' | 'sequence';

function isSpace(b: number): boolean {
  return b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
}

/** A bare literal (number, true, false, null, or garbage) ends at any of these. */
function endsScalar(b: number): boolean {
  return isSpace(b) || b === 0x2c || b === 0x5d || b === 0x7d || b === 0x5b || b === 0x7b || b === 0x3a || b === 0x22;
}

export class JsonDocumentScanner {
  readonly events: ScanEvent[] = [];
  private phase: Phase = 'top';
  private line = 1;
  /** 'array'/'envelope' once records were found, 'single' once the top value was an object without an array */
  private shape: 'none' | 'array' | 'envelope' | 'single' = 'none';
  private arrayDone = false;
  private key = '';
  private readonly fields: Record<string, string> = {};
  private readonly top: Capture;
  private topLine = 1;

  // the value being cut
  private inValue = false;
  private role: ValueRole = 'element';
  private kind: ValueKind = 'scalar';
  private capturing = false;
  private depth = 0;
  private deepest = 0;
  private inString = false;
  private escaped = false;
  private valueLine = 1;
  private readonly value: Capture;
  /** positions in the current chunk, found lazily (-2: not looked for yet; -1: none left) */
  private nextBackslash = -2;
  private nextLf = -2;

  constructor(private readonly cap = MAX_ELEMENT_BYTES) {
    this.value = new Capture(cap);
    this.top = new Capture(cap);
  }

  push(chunk: Buffer): void {
    const n = chunk.length;
    let i = 0;
    this.nextBackslash = -2;
    this.nextLf = -2;
    while (i < n && this.phase !== 'stopped') {
      if (this.inValue) {
        i = this.kind === 'scalar' ? this.scanScalar(chunk, i) : this.scanNested(chunk, i);
        continue;
      }
      const b = chunk[i]!;
      if (isSpace(b)) {
        if (b === 0x0a) this.line += 1;
        i += 1;
        continue;
      }
      i = this.structural(chunk, i, b);
    }
    if (this.inValue && this.capturing) this.value.carry(chunk);
    if (this.capturingTop()) this.top.carry(chunk);
  }

  end(): void {
    if (this.inValue && this.kind === 'scalar') this.completeValue(Buffer.alloc(0), 0);
    if (this.phase === 'stopped') return;
    if (this.inValue) {
      const what = this.role === 'key' || this.role === 'member' ? 'the top-level object' : 'an element';
      this.problem(this.valueLine, `document ends inside ${what} (started at line ${this.valueLine}, file ends at line ${this.line})`, '');
      return;
    }
    switch (this.phase) {
      case 'top':
      case 'trailing':
        return;
      case 'arrElem':
      case 'arrNext':
        this.problem(this.line, `document ends before the records array is closed (line ${this.line})`, '');
        return;
      default:
        this.problem(this.arrayDone ? this.line : this.topLine, `document ends inside the top-level object (started at line ${this.topLine}, file ends at line ${this.line})`, '');
    }
  }

  private capturingTop(): boolean {
    return this.shape === 'none' && (this.phase === 'objKey' || this.phase === 'objColon' || this.phase === 'objValue' || this.phase === 'objNext');
  }

  private problem(line: number, reason: string, excerpt: string): void {
    this.events.push({ kind: 'problem', line, reason, excerpt });
    this.phase = 'stopped';
  }

  /** One byte outside any value: the document's skeleton. Returns the next index. */
  private structural(chunk: Buffer, i: number, b: number): number {
    switch (this.phase) {
      case 'top':
        if (b === 0x5b) {
          this.shape = 'array';
          this.events.push({ kind: 'envelope', arrayPath: '', fields: {} });
          this.phase = 'arrElem';
          return i + 1;
        }
        if (b === 0x7b) {
          this.topLine = this.line;
          this.top.reset(i);
          this.phase = 'objKey';
          return i + 1;
        }
        this.problem(this.line, `the document is not a JSON array or object (starts with ${JSON.stringify(String.fromCharCode(b))})`, '');
        return i + 1;
      case 'objKey':
        if (b === 0x22) return this.startValue(chunk, i, 'key', !this.arrayDone);
        if (b === 0x7d) return this.closeTop(chunk, i);
        this.problem(this.line, `expected a member name in the top-level object at line ${this.line}`, '');
        return i + 1;
      case 'objColon':
        if (b === 0x3a) {
          this.phase = 'objValue';
          return i + 1;
        }
        this.problem(this.line, `expected ':' after member "${this.key}" at line ${this.line}`, '');
        return i + 1;
      case 'objValue':
        if (b === 0x5b && !this.arrayDone) {
          // RFC 8259 §4: the first array-valued member holds the records.
          this.shape = 'envelope';
          this.top.reset(0);
          this.events.push({ kind: 'envelope', arrayPath: this.key, fields: { ...this.fields } });
          this.phase = 'arrElem';
          return i + 1;
        }
        return this.startValue(chunk, i, 'member', !this.arrayDone && b !== 0x7b && b !== 0x5b);
      case 'objNext':
        if (b === 0x2c) {
          this.phase = 'objKey';
          return i + 1;
        }
        if (b === 0x7d) return this.closeTop(chunk, i);
        this.problem(this.line, `expected ',' or '}' in the top-level object at line ${this.line}`, '');
        return i + 1;
      case 'arrElem':
      case 'arrNext':
        if (b === 0x5d) {
          this.arrayDone = true;
          this.phase = this.shape === 'array' ? 'trailing' : 'objNext';
          return i + 1;
        }
        if (b === 0x2c) {
          // `[,` or `,,`: an empty element is a syntax error (RFC 8259 §5), but the next one is fine.
          if (this.phase === 'arrElem') this.events.push({ kind: 'element', line: this.line, bytes: null, problem: 'empty array element (",,")', depth: 0 });
          this.phase = 'arrElem';
          return i + 1;
        }
        if (b === 0x7d || b === 0x3a) {
          this.events.push({ kind: 'element', line: this.line, bytes: null, problem: `unexpected ${JSON.stringify(String.fromCharCode(b))} in the records array`, depth: 0 });
          return i + 1;
        }
        // A missing comma between two elements is tolerated: each element is still whole.
        return this.startValue(chunk, i, 'element', true);
      case 'trailing':
        if (this.shape === 'single' && (b === 0x7b || b === 0x5b)) return this.startValue(chunk, i, 'sequence', true);
        // Some tools separate concatenated objects with commas but no enclosing array.
        if (this.shape === 'single' && b === 0x2c) return i + 1;
        this.problem(this.line, `unexpected text after the end of the JSON document at line ${this.line}`, chunk.subarray(i, i + 200).toString('utf8'));
        return i + 1;
      default:
        return i + 1;
    }
  }

  /** The top-level object closed at `i`: without a records array it is itself the one record. */
  private closeTop(chunk: Buffer, i: number): number {
    if (this.shape === 'none') {
      const bytes = this.top.finish(chunk, i + 1);
      this.shape = 'single';
      this.events.push({ kind: 'envelope', arrayPath: null, fields: {} });
      this.events.push({
        kind: 'element',
        line: this.topLine,
        bytes,
        problem: bytes === null ? `the top-level object is larger than ${this.cap / 1024 / 1024} MiB and holds no records array` : null,
        depth: 0,
      });
    }
    this.phase = 'trailing';
    return i + 1;
  }

  private startValue(chunk: Buffer, i: number, role: ValueRole, capture: boolean): number {
    const b = chunk[i]!;
    this.inValue = true;
    this.role = role;
    this.capturing = capture;
    this.valueLine = this.line;
    this.escaped = false;
    this.deepest = 0;
    if (capture) this.value.reset(i);
    if (b === 0x7b || b === 0x5b) {
      this.kind = 'container';
      this.depth = 1;
      this.deepest = 1;
      this.inString = false;
      return i + 1;
    }
    if (b === 0x22) {
      this.kind = 'string';
      this.depth = 0;
      this.inString = true;
      return i + 1;
    }
    this.kind = 'scalar';
    this.depth = 0;
    this.inString = false;
    return i + 1;
  }

  /** Bare literal: runs to the next delimiter, which is left for the skeleton. */
  private scanScalar(chunk: Buffer, i: number): number {
    const n = chunk.length;
    while (i < n) {
      if (endsScalar(chunk[i]!)) {
        this.completeValue(chunk, i);
        return i;
      }
      i += 1;
    }
    return i;
  }

  /**
   * Object, array or string: runs until the depth returns to zero outside a string. String
   * contents, most of the bytes, are skipped with native indexOf; the next backslash and LF
   * positions in the chunk are found once and reused until passed, so the scan stays linear.
   */
  private scanNested(chunk: Buffer, i: number): number {
    const n = chunk.length;
    let depth = this.depth;
    let deepest = this.deepest;
    let inString = this.inString;
    let escaped = this.escaped;
    let line = this.line;
    let nextBackslash = this.nextBackslash;
    let nextLf = this.nextLf;
    let done = false;
    while (i < n) {
      if (inString) {
        if (escaped) {
          escaped = false;
          if (chunk[i] === 0x0a) line += 1;
          i += 1;
          continue;
        }
        const quote = chunk.indexOf(0x22, i);
        let stop = quote === -1 ? n : quote;
        if (nextBackslash !== -1 && nextBackslash < i) nextBackslash = chunk.indexOf(0x5c, i);
        const escapeFirst = nextBackslash !== -1 && nextBackslash < stop;
        if (escapeFirst) stop = nextBackslash;
        // A raw LF inside a string is invalid JSON, but the line numbers must stay true.
        if (nextLf !== -1 && nextLf < i) nextLf = chunk.indexOf(0x0a, i);
        while (nextLf !== -1 && nextLf < stop) {
          line += 1;
          nextLf = chunk.indexOf(0x0a, nextLf + 1);
        }
        if (escapeFirst) {
          escaped = true;
          i = stop + 1;
          continue;
        }
        if (quote === -1) {
          i = n;
          break;
        }
        i = quote + 1;
        inString = false;
        if (depth === 0) {
          done = true;
          break;
        }
        continue;
      }
      const b = chunk[i]!;
      i += 1;
      if (b === 0x22) inString = true;
      else if (b === 0x7b || b === 0x5b) {
        depth += 1;
        if (depth > deepest) deepest = depth;
      } else if (b === 0x7d || b === 0x5d) {
        depth -= 1;
        if (depth === 0) {
          done = true;
          break;
        }
      } else if (b === 0x0a) line += 1;
    }
    this.depth = depth;
    this.deepest = deepest;
    this.inString = inString;
    this.escaped = escaped;
    this.line = line;
    this.nextBackslash = nextBackslash;
    this.nextLf = nextLf;
    if (done) this.completeValue(chunk, i);
    return i;
  }

  /** The value ends just before `end` in `chunk`. */
  private completeValue(chunk: Buffer, end: number): void {
    this.inValue = false;
    const bytes = this.capturing ? this.value.finish(chunk, end) : null;
    const tooLong = this.capturing && bytes === null;
    switch (this.role) {
      case 'key':
        this.key = bytes === null ? '' : keyName(bytes);
        this.phase = 'objColon';
        return;
      case 'member':
        // Scalar members before the records array describe the export (generatedAt, count…).
        if (bytes !== null && !this.arrayDone) this.fields[this.key] = bytes.toString('utf8');
        this.phase = 'objNext';
        return;
      case 'element':
      case 'sequence':
        this.events.push({
          kind: 'element',
          line: this.valueLine,
          bytes,
          problem: tooLong ? `element is larger than ${this.cap / 1024 / 1024} MiB` : null,
          depth: this.deepest,
        });
        this.phase = this.role === 'element' ? 'arrNext' : 'trailing';
    }
  }
}

function keyName(bytes: Buffer): string {
  try {
    const parsed: unknown = JSON.parse(bytes.toString('utf8'));
    return typeof parsed === 'string' ? parsed : '';
  } catch {
    return bytes.toString('utf8').slice(1, -1);
  }
}
