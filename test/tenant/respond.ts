/**
 * Writes a handler's reply, streaming large bodies with backpressure, and breaks it on purpose
 * when a body fault is due:
 *  - truncate: the body is rendered once to learn its length, then sent with that
 *    Content-Length but only its first half, and the connection is ended;
 *  - dropConnection: the headers and about a third of the body go out, then the socket is
 *    reset (RST where Node can, else destroyed).
 * A body that fits in 1 MiB is sent with a Content-Length; a larger one streams chunked.
 */
import type { ServerResponse } from 'node:http';

export type Headers = Record<string, string>;

export interface Reply {
  status: number;
  headers?: Headers;
  /** a JSON value, serialised in one piece */
  json?: unknown;
  /** or a body rendered piece by piece (called twice when the body is to be truncated) */
  body?: { contentType: string; pieces: () => Iterable<string> };
}

export type BodyFault = 'truncate' | 'dropConnection' | null;

const BUFFER_LIMIT = 1024 * 1024;
const FLUSH_BYTES = 64 * 1024;

export function jsonReply(status: number, json: unknown, headers?: Headers): Reply {
  return headers === undefined ? { status, json } : { status, json, headers };
}

function piecesOf(reply: Reply): { contentType: string; pieces: () => Iterable<string> } | null {
  if (reply.body !== undefined) return reply.body;
  if (reply.json === undefined) return null;
  const text = JSON.stringify(reply.json);
  return { contentType: 'application/json; charset=utf-8', pieces: () => [text] };
}

/** Resolves when the response can take more, or when it can no longer be written at all. */
function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

function written(res: ServerResponse, chunk: Buffer | string): Promise<void> {
  return new Promise((resolve) => {
    res.write(chunk, () => resolve());
  });
}

function resetSocket(res: ServerResponse): void {
  const socket = res.socket;
  if (socket === null) return;
  if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
  else socket.destroy();
}

/** Sends the reply, applying a body fault when one is due and the reply has a body. */
export async function send(res: ServerResponse, reply: Reply, fault: BodyFault): Promise<void> {
  const body = piecesOf(reply);
  const headers: Headers = { ...reply.headers };
  if (body === null) {
    res.writeHead(reply.status, headers);
    res.end();
    return;
  }
  headers['Content-Type'] = body.contentType;

  if (fault === 'truncate') {
    let total = 0;
    for (const piece of body.pieces()) total += Buffer.byteLength(piece);
    res.writeHead(reply.status, { ...headers, 'Content-Length': String(total) });
    const half = Math.floor(total / 2);
    let sent = 0;
    for (const piece of body.pieces()) {
      if (sent >= half || res.destroyed) break;
      const bytes = Buffer.from(piece);
      const part = bytes.subarray(0, Math.min(bytes.length, half - sent));
      sent += part.length;
      await written(res, part);
    }
    // The rest never comes: end the connection under the client's feet.
    res.socket?.end();
    return;
  }

  if (fault === 'dropConnection') {
    // A third of the body, or of its first MiB when it is larger: enough to be mid-response.
    let text = '';
    for (const piece of body.pieces()) {
      text += piece;
      if (text.length >= BUFFER_LIMIT) break;
    }
    res.writeHead(reply.status, headers);
    await written(res, text.slice(0, Math.max(1, Math.floor(text.length / 3))));
    resetSocket(res);
    return;
  }

  const iterator = body.pieces()[Symbol.iterator]();
  const buffered: string[] = [];
  let size = 0;
  let next = iterator.next();
  while (!next.done && size < BUFFER_LIMIT) {
    buffered.push(next.value);
    size += next.value.length;
    next = iterator.next();
  }
  if (next.done) {
    const whole = Buffer.from(buffered.join(''), 'utf8');
    res.writeHead(reply.status, { ...headers, 'Content-Length': String(whole.length) });
    res.end(whole);
    return;
  }
  res.writeHead(reply.status, headers);
  let pending = buffered.join('');
  for (; !next.done; next = iterator.next()) {
    if (res.destroyed) return;
    pending += next.value;
    if (pending.length >= FLUSH_BYTES) {
      const ok = res.write(pending);
      pending = '';
      if (!ok) await drained(res);
    }
  }
  if (!res.destroyed) res.end(pending);
}
