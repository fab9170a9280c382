/**
 * A batch's event rows packed into one buffer, which the parsing thread hands to the writer
 * thread by transfer (no copy, no serialisation) and the writer reads back one row at a time
 * into a single reused array.
 *
 * Measured before (1 M-event import, two in-flight batches of 16,384 rows): rows sent as
 * arrays of strings cost three copies of every batch at once — the parser's arrays, the
 * structured-clone buffer (malloc'd, ~20 MB per batch), and the writer's deserialised arrays
 * (its heap held 67 MB live of 97 MB). Packed, a batch is its UTF-8 bytes, once.
 *
 * Layout: each row is a u16 field count, then per field a tag byte and its value:
 * null; a number as float64 LE; text as u32 LE byte length + UTF-8; bytes as u32 LE length + bytes.
 */
export type PackedValue = string | number | Uint8Array | null;

export interface PackedRows {
  bytes: Uint8Array;
  /** where each row starts, in the order the rows are to be written */
  starts: Uint32Array;
}

const NULL = 0;
const NUMBER = 1;
const TEXT = 2;
const BYTES = 3;

/** Texts longer than this are measured exactly instead of reserving 3 bytes per UTF-16 unit. */
const MEASURE_ABOVE = 4096;
const FIRST_CAPACITY = 1 << 20;

/**
 * Buffers the writer handed back once it had stored their rows (one thread's pool: each
 * thread has its own module instance). Reusing them instead of allocating ~15 MB per batch
 * keeps memory flat: with the parser and the writer busy at the same time, glibc kept the
 * freed buffers' memory in its per-thread arenas and an import of 1 M events grew from ~250 to
 * ~320 MB while streaming (with MALLOC_ARENA_MAX=2 it stayed at ~260 MB).
 */
const spares: ArrayBuffer[] = [];
const MAX_SPARES = 2;
/** A buffer grown past a batch's usual size (a single record of tens of MB) is let go. */
const MAX_SPARE_BYTES = 48 * 1024 * 1024;

/** Gives a packed batch's buffer back for the next batch (after its rows were stored). */
export function recyclePackedBuffer(buffer: ArrayBuffer): void {
  if (buffer.byteLength === 0 || buffer.byteLength > MAX_SPARE_BYTES) return;
  spares.push(buffer);
  spares.sort((a, b) => b.byteLength - a.byteLength);
  spares.length = Math.min(spares.length, MAX_SPARES);
}

/** A buffer of at least `bytes`: a spare when one is big enough, else a new one. */
function bufferOf(bytes: number): Buffer {
  const i = spares.findLastIndex((spare) => spare.byteLength >= bytes);
  if (i >= 0) return Buffer.from(spares.splice(i, 1)[0]!);
  return Buffer.allocUnsafeSlow(bytes);
}

export class RowPacker {
  private buf = bufferOf(FIRST_CAPACITY);
  private length = 0;
  private starts: number[] = [];

  get count(): number {
    return this.starts.length;
  }

  /** bytes packed so far */
  get bytes(): number {
    return this.length;
  }

  private reserve(bytes: number): void {
    if (this.length + bytes <= this.buf.length) return;
    const grown = bufferOf(Math.max(this.length + bytes, Math.ceil(this.buf.length * 1.5)));
    this.buf.copy(grown, 0, 0, this.length);
    recyclePackedBuffer(this.buf.buffer as ArrayBuffer);
    this.buf = grown;
  }

  add(row: readonly PackedValue[]): void {
    this.starts.push(this.length);
    this.reserve(2);
    this.buf.writeUInt16LE(row.length, this.length);
    this.length += 2;
    for (const value of row) {
      if (value === null) {
        this.reserve(1);
        this.buf[this.length++] = NULL;
      } else if (typeof value === 'number') {
        this.reserve(9);
        this.buf[this.length++] = NUMBER;
        this.buf.writeDoubleLE(value, this.length);
        this.length += 8;
      } else if (typeof value === 'string') {
        this.reserve(5 + (value.length > MEASURE_ABOVE ? Buffer.byteLength(value, 'utf8') : value.length * 3));
        this.buf[this.length++] = TEXT;
        const written = this.buf.write(value, this.length + 4, 'utf8');
        this.buf.writeUInt32LE(written, this.length);
        this.length += 4 + written;
      } else {
        this.reserve(5 + value.byteLength);
        this.buf[this.length++] = BYTES;
        this.buf.writeUInt32LE(value.byteLength, this.length);
        this.buf.set(value, this.length + 4);
        this.length += 4 + value.byteLength;
      }
    }
  }

  /**
   * Hands over the rows packed so far and starts empty. With `byLeadingBytes`, the rows come
   * out ordered by their first field's bytes (the uid: inserting a batch in uid order touches
   * each leaf of the random-keyed uid index once instead of at random).
   */
  take(byLeadingBytes: boolean): PackedRows {
    const bytes = this.buf.subarray(0, this.length);
    const starts = Uint32Array.from(this.starts);
    if (byLeadingBytes) sortByLeadingBytes(bytes, starts);
    // The next batch starts at about this one's size: few regrowths, no oversized buffer kept.
    this.buf = bufferOf(Math.max(FIRST_CAPACITY, Math.ceil(this.length * 1.1)));
    this.length = 0;
    this.starts = [];
    return { bytes, starts };
  }
}

/** The length of a row's leading field's bytes (a BYTES or TEXT field; 0 otherwise). */
function leadingLength(bytes: Buffer, start: number): number {
  const tag = bytes[start + 2];
  return tag === BYTES || tag === TEXT ? bytes.readUInt32LE(start + 3) : 0;
}

/** The leading field's bytes of a row (a BYTES or TEXT field; empty otherwise). */
function leadingBytes(bytes: Buffer, start: number): Buffer {
  return bytes.subarray(start + 7, start + 7 + leadingLength(bytes, start));
}

/**
 * Sorts row starts by their leading bytes, comparing the first 6 as a number read in place
 * (cheaper than Buffer.compare on every pair, and no view per row; ties fall back to it).
 */
function sortByLeadingBytes(bytes: Buffer, starts: Uint32Array): void {
  const keys = new Float64Array(starts.length);
  const order = new Uint32Array(starts.length);
  for (let i = 0; i < starts.length; i += 1) {
    const start = starts[i] ?? 0;
    keys[i] = leadingLength(bytes, start) >= 6 ? bytes.readUIntBE(start + 7, 6) : 0;
    order[i] = i;
  }
  const lead = (i: number) => leadingBytes(bytes, starts[i] ?? 0);
  order.sort((a, b) => (keys[a] ?? 0) - (keys[b] ?? 0) || Buffer.compare(lead(a), lead(b)));
  starts.set(Array.from(order, (i) => starts[i] ?? 0));
}

/** The buffers to transfer with a packed batch (both are owned by it alone: never pooled). */
export function packedTransferList(rows: PackedRows): ArrayBuffer[] {
  return [rows.bytes.buffer as ArrayBuffer, rows.starts.buffer as ArrayBuffer];
}

/**
 * Frees a batch's buffers now, once it is written, rather than whenever the collector runs
 * (detaching an ArrayBuffer releases its memory; the writer heap barely grows, so a full
 * collection can be far off). The rows must not be read afterwards.
 */
export function releasePackedRows(rows: PackedRows): void {
  for (const buffer of packedTransferList(rows)) (buffer as ArrayBuffer & { transfer?: (length: number) => ArrayBuffer }).transfer?.(0);
}

/**
 * Calls `visit` with each row in order, in one array reused for every row (the visitor binds
 * it and lets go; it may write past the row's fields, which the next row overwrites).
 */
export function forEachPackedRow(rows: PackedRows, visit: (row: PackedValue[]) => void): void {
  const bytes = Buffer.from(rows.bytes.buffer, rows.bytes.byteOffset, rows.bytes.byteLength);
  const row: PackedValue[] = [];
  for (const start of rows.starts) {
    const fields = bytes.readUInt16LE(start);
    let at = start + 2;
    row.length = fields;
    for (let i = 0; i < fields; i += 1) {
      const tag = bytes[at++];
      if (tag === NULL) {
        row[i] = null;
      } else if (tag === NUMBER) {
        row[i] = bytes.readDoubleLE(at);
        at += 8;
      } else if (tag === TEXT || tag === BYTES) {
        const length = bytes.readUInt32LE(at);
        at += 4;
        row[i] = tag === TEXT ? bytes.toString('utf8', at, at + length) : bytes.subarray(at, at + length);
        at += length;
      } else {
        throw new Error(`packed row at byte ${start}: unknown field tag ${String(tag)}`);
      }
    }
    visit(row);
  }
}
