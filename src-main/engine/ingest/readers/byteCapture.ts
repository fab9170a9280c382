/**
 * Collects the bytes of one region of a byte stream (a JSON element, a top-level object) as
 * the chunks holding it go by, up to a cap: past the cap it keeps nothing and only remembers
 * that the region was too long, so one huge value cannot exhaust memory.
 */
export class Capture {
  private parts: Buffer[] = [];
  private bytes = 0;
  tooLong = false;
  /** where the region starts in the current chunk */
  start = 0;

  constructor(private readonly cap: number) {}

  reset(start: number): void {
    this.parts = [];
    this.bytes = 0;
    this.tooLong = false;
    this.start = start;
  }

  /** The region continues past this chunk. */
  carry(chunk: Buffer): void {
    this.add(chunk.subarray(this.start));
    this.start = 0;
  }

  /** The region ends at `end` in this chunk; null when it was too long to keep. */
  finish(chunk: Buffer, end: number): Buffer | null {
    this.add(chunk.subarray(this.start, end));
    const joined = this.tooLong ? null : this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts, this.bytes);
    this.parts = [];
    this.bytes = 0;
    return joined;
  }

  private add(piece: Buffer): void {
    if (this.tooLong || piece.length === 0) return;
    if (this.bytes + piece.length > this.cap) {
      this.tooLong = true;
      this.parts = [];
      this.bytes = 0;
      return;
    }
    this.parts.push(piece);
    this.bytes += piece.length;
  }
}
