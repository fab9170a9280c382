/**
 * Splits a byte stream into lines without ever holding more than one line (plus one read
 * chunk) in memory. Lines end in LF or CRLF; line numbers start at 1 and count every line,
 * blank ones included, so a rejection points at the line a text editor shows.
 */

export const MAX_LINE_BYTES = 64 * 1024 * 1024;

export type SplitLine = { line: number; bytes: Buffer; tooLong: false } | { line: number; bytes: null; tooLong: true };

export async function* splitLines(chunks: AsyncIterable<Buffer>, maxLineBytes = MAX_LINE_BYTES): AsyncGenerator<SplitLine> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let discarding = false; // inside a line already reported as too long
  let line = 0;

  const take = (tail: Buffer): SplitLine => {
    line += 1;
    if (discarding) {
      discarding = false;
      pending = [];
      pendingBytes = 0;
      return { line, bytes: null, tooLong: true };
    }
    if (pendingBytes + tail.length > maxLineBytes) {
      // the line's last piece arrived with its newline: the cap applies to the whole line
      pending = [];
      pendingBytes = 0;
      return { line, bytes: null, tooLong: true };
    }
    let bytes = pending.length ? Buffer.concat([...pending, tail]) : tail;
    pending = [];
    pendingBytes = 0;
    if (bytes.length > 0 && bytes[bytes.length - 1] === 0x0d) bytes = bytes.subarray(0, bytes.length - 1);
    return { line, bytes, tooLong: false };
  };

  for await (const chunk of chunks) {
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(0x0a, start);
      if (nl === -1) break;
      yield take(chunk.subarray(start, nl));
      start = nl + 1;
    }
    if (start < chunk.length) {
      const rest = chunk.subarray(start);
      if (discarding) continue;
      if (pendingBytes + rest.length > maxLineBytes) {
        discarding = true;
        pending = [];
        pendingBytes = 0;
      } else {
        // Copy: the stream may reuse the chunk's memory.
        pending.push(Buffer.from(rest));
        pendingBytes += rest.length;
      }
    }
  }
  if (pendingBytes > 0 || discarding) yield take(Buffer.alloc(0));
}
