/**
 * A byte stream the container can look into before choosing a reader, and keep reading after
 * the reader is done. Readers receive a view whose `return()` does not end the underlying
 * stream: when a reader stops early (a fatal problem, a consumer that broke off), the
 * container still owns the rest of the bytes, so it can pass them to `onRawChunk` (the
 * file's digest and encrypted copy must cover every byte) and then close the file itself.
 */

export class ByteSource {
  private readonly head: Buffer[] = [];
  private headBytes = 0;
  private ended = false;
  /**
   * What the underlying stream failed with. A generator that threw answers "done" from then
   * on, so without this a later drain() would pass for a complete read of a file whose bytes
   * stopped early (and its digest for the file's).
   */
  private failure: { error: unknown } | null = null;

  constructor(private readonly iterator: AsyncIterator<Buffer>) {}

  private async pull(): Promise<IteratorResult<Buffer>> {
    if (this.failure) throw this.failure.error;
    try {
      return await this.iterator.next();
    } catch (error) {
      this.failure = { error };
      throw error;
    }
  }

  static of(chunks: AsyncIterable<Buffer>): ByteSource {
    return new ByteSource(chunks[Symbol.asyncIterator]());
  }

  /**
   * Reads ahead until `enough(latest, total)` holds for the newest chunk and the bytes held,
   * or the stream ends; returns everything held. The bytes stay queued for `stream()`. The
   * condition is first tried on what is already held, unless `more` asks for a new chunk.
   */
  async peek(enough: (latest: Buffer, total: number) => boolean, more = false): Promise<Buffer> {
    const last = this.head[this.head.length - 1];
    if (more || last === undefined || !enough(last, this.headBytes)) {
      while (!this.ended) {
        const next = await this.pull();
        if (next.done) {
          this.ended = true;
          break;
        }
        if (next.value.length === 0) continue;
        this.head.push(next.value);
        this.headBytes += next.value.length;
        if (enough(next.value, this.headBytes)) break;
      }
    }
    return this.head.length === 1 ? this.head[0]! : Buffer.concat(this.head, this.headBytes);
  }

  /** True once the underlying stream has no more bytes to give. */
  get exhausted(): boolean {
    return this.ended;
  }

  /** Every byte not yet handed out (the peeked head first); ending the loop early keeps the source open. */
  stream(): AsyncIterable<Buffer> {
    return { [Symbol.asyncIterator]: () => this.view() };
  }

  /** Reads whatever is left so the caller's tap sees it; the bytes are dropped. */
  async drain(): Promise<void> {
    this.head.length = 0;
    this.headBytes = 0;
    while (!this.ended) {
      const next = await this.pull();
      if (next.done) this.ended = true;
    }
  }

  async close(): Promise<void> {
    this.head.length = 0;
    this.ended = true;
    await this.iterator.return?.();
  }

  private view(): AsyncIterator<Buffer> {
    return {
      next: async (): Promise<IteratorResult<Buffer>> => {
        const first = this.head.shift();
        if (first !== undefined) {
          this.headBytes -= first.length;
          return { done: false, value: first };
        }
        if (this.ended) return { done: true, value: undefined };
        const next = await this.pull();
        if (next.done) this.ended = true;
        return next;
      },
      return: async (): Promise<IteratorResult<Buffer>> => ({ done: true, value: undefined }),
    };
  }
}

/** Calls `tap` with every chunk as it is pulled, exactly once and in order. */
export async function* tapped(chunks: AsyncIterable<Buffer>, tap: ((chunk: Buffer) => void) | undefined): AsyncGenerator<Buffer> {
  for await (const chunk of chunks) {
    tap?.(chunk);
    yield chunk;
  }
}

const BOM = [0xef, 0xbb, 0xbf] as const;

/** The stream without a leading UTF-8 byte order mark (Excel and doc 004's CSV write one). */
export async function* withoutBom(chunks: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  let start: Buffer | null = Buffer.alloc(0);
  for await (const chunk of chunks) {
    if (start === null) {
      yield chunk;
      continue;
    }
    start = Buffer.concat([start, chunk]);
    if (start.length < BOM.length && BOM.slice(0, start.length).every((b, i) => start?.[i] === b)) continue;
    const hasBom = start[0] === BOM[0] && start[1] === BOM[1] && start[2] === BOM[2];
    const rest: Buffer = hasBom ? start.subarray(BOM.length) : start;
    start = null;
    if (rest.length > 0) yield rest;
  }
  // A stream shorter than a BOM that only looked like the start of one.
  if (start !== null && start.length > 0) yield start;
}
