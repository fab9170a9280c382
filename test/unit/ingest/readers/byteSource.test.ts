import { describe, expect, it } from 'vitest';
import { ByteSource } from '../../../../src-main/engine/ingest/readers/byteSource';

async function* failingAfter(chunks: string[], error: Error): AsyncGenerator<Buffer> {
  for (const chunk of chunks) yield Buffer.from(chunk);
  throw error;
}

describe('a byte source whose stream fails', () => {
  it('fails every later read with the same error, so draining it never passes for a complete read', async () => {
    const error = new Error('EIO: i/o error, read');
    const source = ByteSource.of(failingAfter(['ab', 'cd'], error));
    const seen: string[] = [];
    await expect(
      (async () => {
        for await (const chunk of source.stream()) seen.push(chunk.toString());
      })(),
    ).rejects.toBe(error);
    expect(seen).toEqual(['ab', 'cd']);
    // The generator that threw now answers "done"; the source still remembers why it ended.
    await expect(source.drain()).rejects.toBe(error);
    await expect(source.peek(() => true, true)).rejects.toBe(error);
    expect(source.exhausted).toBe(false);
  });

  it('drains a stream that ends normally', async () => {
    const taps: string[] = [];
    async function* chunks() {
      for (const c of ['x', 'y', 'z']) {
        taps.push(c);
        yield Buffer.from(c);
      }
    }
    const source = ByteSource.of(chunks());
    expect((await source.peek(() => true)).toString()).toBe('x');
    await source.drain();
    expect(taps).toEqual(['x', 'y', 'z']);
    expect(source.exhausted).toBe(true);
  });
});
