import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeRawBlock, encodeRawBlock } from '../../../../src-main/engine/ingest/pipeline/rawBlocks';

/** What UTF-8 keeps of a JavaScript string: lone surrogates become U+FFFD. */
const utf8 = (text: string) => Buffer.from(text, 'utf8').toString('utf8');

describe('raw blocks', () => {
  it('give back every record verbatim, whatever it holds (one reused buffer across blocks)', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string({ unit: 'grapheme', maxLength: 60 }), fc.string({ maxLength: 200 }), fc.constant('a\nb'), fc.constant('')), { minLength: 1, maxLength: 80 }), (records) => {
        const block = encodeRawBlock(records);
        expect(block.count).toBe(records.length);
        expect(block.codec.endsWith(records.some((r) => r.includes('\n')) ? '+json' : '+lines')).toBe(true);
        expect(decodeRawBlock(block.codec, block.bytes)).toEqual(records.map(utf8));
      }),
      { numRuns: 300 },
    );
  });

  it('keeps a block larger than the reused buffer, and the next small block after it', () => {
    const big = Array.from({ length: 40 }, (_, i) => `${'é'.repeat(100_000)}${i}`);
    const bigBlock = encodeRawBlock(big);
    expect(decodeRawBlock(bigBlock.codec, bigBlock.bytes)).toEqual(big);
    const small = ['{"a":1}', '{"b":"日本"}'];
    const block = encodeRawBlock(small);
    expect(decodeRawBlock(block.codec, block.bytes)).toEqual(small);
  });
});
