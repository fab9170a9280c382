/**
 * A small deterministic random source for the synthetic tenant: the same seed gives the same
 * tenant on every machine, so a demo, a benchmark and a bug report all see identical events.
 * Math.random cannot be seeded, hence this.
 */

/** Crockford's base32 alphabet, as ULIDs use it (no I, L, O, U). */
export const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

// Two hex digits per byte, looked up rather than formatted: request ids are made per record.
const BYTE_HEX: readonly string[] = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

/**
 * mulberry32 (Tommy Ettinger, public domain): 32 bits of state, period 2^32, passes
 * gjrand/PractRand for the few million draws a demo needs, and is a handful of integer ops.
 */
export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A uniform 32-bit unsigned integer. */
  uint32(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** A uniform float in [0, 1). */
  next(): number {
    return this.uint32() / 4294967296;
  }

  /** A uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** A uniform integer in [min, max]. */
  between(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[this.int(items.length)];
    if (item === undefined) throw new RangeError('pick from an empty list');
    return item;
  }

  /** `count` lowercase hex digits (request and session ids). */
  hex(count: number): string {
    let out = '';
    while (out.length < count) {
      const word = this.uint32();
      out += `${BYTE_HEX[word & 255]}${BYTE_HEX[(word >>> 8) & 255]}${BYTE_HEX[(word >>> 16) & 255]}${BYTE_HEX[word >>> 24]}`;
    }
    return out.length === count ? out : out.slice(0, count);
  }

  /** `count` Crockford base32 digits. */
  base32(count: number): string {
    let out = '';
    let bits = 0;
    let word = 0;
    for (let i = 0; i < count; i++) {
      if (bits < 5) {
        word = this.uint32();
        bits = 32;
      }
      out += CROCKFORD[word & 31];
      word >>>= 5;
      bits -= 5;
    }
    return out;
  }
}
