import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { forEachPackedRow, recyclePackedBuffer, RowPacker, type PackedRows, type PackedValue } from '../../../../src-main/engine/ingest/pipeline/packedRows';

const value = fc.oneof(
  fc.constant(null),
  fc.double({ noNaN: true }),
  fc.integer({ min: -(2 ** 53) + 1, max: 2 ** 53 - 1 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ maxLength: 5000 }),
  fc.uint8Array({ maxLength: 40 }).map((bytes) => Buffer.from(bytes)),
);
const row = fc.array(value, { maxLength: 24 });

function unpack(rows: PackedRows): PackedValue[][] {
  const out: PackedValue[][] = [];
  forEachPackedRow(rows, (r) => out.push(r.map((v) => (v instanceof Uint8Array ? Buffer.from(v) : v))));
  return out;
}

/** What a value reads back as: Buffers compare by content, -0 stays -0 (float64 keeps it). */
function expected(r: readonly PackedValue[]): PackedValue[] {
  return r.map((v) => (v instanceof Uint8Array ? Buffer.from(v) : v));
}

describe('packed rows', () => {
  it('read back exactly the rows added, in order, across many batches from one packer', () => {
    const packer = new RowPacker();
    fc.assert(
      fc.property(fc.array(row, { maxLength: 60 }), (rows) => {
        for (const r of rows) packer.add(r);
        expect(packer.count).toBe(rows.length);
        expect(unpack(packer.take(false))).toEqual(rows.map(expected));
        expect(packer.count).toBe(0);
      }),
      { numRuns: 300 },
    );
  });

  it('packs the next batches into the buffers the writer hands back, and reads them back exactly', () => {
    const packer = new RowPacker();
    fc.assert(
      fc.property(fc.array(fc.array(row, { maxLength: 40 }), { minLength: 2, maxLength: 6 }), (batches) => {
        const handedBack = new Set<ArrayBuffer>();
        for (const rows of batches) {
          for (const r of rows) packer.add(r);
          const taken = packer.take(false);
          // Whatever the recycled buffer held before (a bigger batch) never shows in these rows.
          expect(unpack(taken)).toEqual(rows.map(expected));
          const buffer = taken.bytes.buffer as ArrayBuffer;
          recyclePackedBuffer(buffer);
          handedBack.add(buffer);
        }
        // The next batch is packed into one of the buffers handed back, not a new allocation.
        packer.add(['x']);
        const next = packer.take(false);
        expect(handedBack.has(next.bytes.buffer as ArrayBuffer)).toBe(true);
        expect(unpack(next)).toEqual([['x']]);
      }),
      { numRuns: 100 },
    );
  });

  it('round-trips text that is not plain ASCII, lone surrogates as U+FFFD (as SQLite binding does)', () => {
    const packer = new RowPacker();
    packer.add(['Zoë 日本 🎉', '\ud800x', '', 'a'.repeat(300_000) + 'é']);
    const [back] = unpack(packer.take(false));
    expect(back).toEqual(['Zoë 日本 🎉', '\ufffdx', '', 'a'.repeat(300_000) + 'é']);
  });

  it('orders rows by their leading bytes (the uid) when asked, keeping every row once', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.uint8Array({ minLength: 16, maxLength: 16 }), fc.string({ maxLength: 10 })), { maxLength: 200 }), (rows) => {
        const packer = new RowPacker();
        for (const [uid, text] of rows) packer.add([Buffer.from(uid), text]);
        const back = unpack(packer.take(true));
        const sorted = [...rows].map(([uid, text]) => [Buffer.from(uid), text]).sort((a, b) => Buffer.compare(a[0] as Buffer, b[0] as Buffer));
        expect(back.map((r) => (r[0] as Buffer).toString('hex'))).toEqual(sorted.map((r) => (r[0] as Buffer).toString('hex')));
        expect(back.map(String).sort()).toEqual(sorted.map(String).sort());
      }),
      { numRuns: 200 },
    );
  });

  it('orders uids that share their first six bytes by the rest', () => {
    const packer = new RowPacker();
    const uid = (last: number) => Buffer.from([1, 2, 3, 4, 5, 6, 9, 9, 9, 9, 9, 9, 9, 9, 9, last]);
    for (const last of [7, 3, 5]) packer.add([uid(last), last]);
    expect(unpack(packer.take(true)).map((r) => r[1])).toEqual([3, 5, 7]);
  });

  it('refuses a damaged buffer instead of inventing values', () => {
    const packer = new RowPacker();
    packer.add(['x', 1]);
    const rows = packer.take(false);
    rows.bytes[2] = 99;
    expect(() => unpack(rows)).toThrow(/unknown field tag 99/);
  });
});
