/**
 * One HTTP exchange over node:http/https, with the checks a retry decision needs: a deadline
 * for the connection and the response head, an idle deadline between body chunks and one for
 * the whole body, the body counted against Content-Length (RFC 9112 §6.3: a message shorter
 * than its Content-Length is incomplete), gzip/deflate/br decoded (RFC 9110 §8.4), and an
 * optional HTTPS proxy reached with CONNECT (RFC 9110 §9.3.6). No dependency beyond Node:
 * per-request proxies and these deadlines are what an HTTP library would have been added for.
 *
 * Failures come back as TransportFailure, marked retryable or not; messages name the host and
 * path only (redaction.ts).
 */
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import tls from 'node:tls';
import zlib from 'node:zlib';
import type { Duplex } from 'node:stream';
import { describeUrl } from './redaction';

export class TransportFailure extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    /** 'timeout' | 'connection' | 'truncated' | 'proxy' | 'too-large' | 'cancelled' */
    readonly kind: string,
  ) {
    super(message);
    this.name = 'TransportFailure';
  }
}

export interface RawResponse {
  status: number;
  /** lower-cased names; repeated headers joined with ", " (RFC 9110 §5.3) */
  headers: Record<string, string>;
  body: Buffer;
}

export interface TransportOptions {
  /** connect + TLS + response head */
  timeoutMs: number;
  /** the whole body, from the response head to its last byte */
  bodyTimeoutMs: number;
  maxBodyBytes: number;
  proxy: URL | null;
  ca: string | Buffer | undefined;
  agents: { http: http.Agent; https: https.Agent };
}

export interface OutgoingRequest {
  method: 'GET' | 'POST';
  url: URL;
  headers: Record<string, string>;
  body: Buffer | null;
}

const RETRYABLE_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ECONNABORTED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENETDOWN', 'EAI_AGAIN', 'ENOTFOUND', 'UND_ERR_SOCKET']);

function networkFailure(error: unknown, where: string): TransportFailure {
  if (error instanceof TransportFailure) return error;
  const code = (error as NodeJS.ErrnoException).code ?? '';
  const tlsProblem = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/i.test(code);
  const what = code === 'ECONNREFUSED' ? 'connection refused' : code === 'ECONNRESET' ? 'connection reset' : code === 'ENOTFOUND' ? 'host not found' : tlsProblem ? `TLS certificate not trusted (${code})` : code || 'connection failed';
  // A certificate problem does not fix itself; a refused or reset connection often does.
  return new TransportFailure(`${where}: ${what}`, !tlsProblem && (RETRYABLE_CODES.has(code) || code === ''), 'connection');
}

const decoders: Record<string, () => zlib.Gunzip | zlib.Inflate | zlib.BrotliDecompress> = {
  gzip: () => zlib.createGunzip(),
  'x-gzip': () => zlib.createGunzip(),
  deflate: () => zlib.createInflate(),
  br: () => zlib.createBrotliDecompress(),
};

/** A tunnel through an HTTP(S) proxy to `host:port`, ready for TLS to the tenant. */
function openTunnel(proxy: URL, host: string, port: number, options: TransportOptions, signal: AbortSignal): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    const proxyPort = Number(proxy.port) || (proxy.protocol === 'https:' ? 443 : 80);
    const socket: net.Socket =
      proxy.protocol === 'https:'
        ? tls.connect({ host: proxy.hostname, port: proxyPort, servername: net.isIP(proxy.hostname) ? undefined : proxy.hostname, ca: options.ca })
        : net.connect({ host: proxy.hostname, port: proxyPort });
    const where = `proxy ${describeUrl(proxy)}`;
    const done = (error: TransportFailure | null): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      socket.removeAllListeners('data');
      socket.removeListener('error', onError);
      if (error) {
        socket.destroy();
        reject(error);
      } else resolve(socket);
    };
    const onError = (error: unknown): void => done(networkFailure(error, where));
    const onAbort = (): void => done(new TransportFailure('cancelled', false, 'cancelled'));
    const timer = setTimeout(() => done(new TransportFailure(`${where}: no answer within ${options.timeoutMs} ms`, true, 'timeout')), options.timeoutMs);
    signal.addEventListener('abort', onAbort, { once: true });
    socket.on('error', onError);
    const authority = `${host.includes(':') ? `[${host}]` : host}:${port}`;
    const lines = [`CONNECT ${authority} HTTP/1.1`, `Host: ${authority}`];
    if (proxy.username !== '') {
      const basic = Buffer.from(`${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`).toString('base64');
      lines.push(`Proxy-Authorization: Basic ${basic}`);
    }
    socket.write(`${lines.join('\r\n')}\r\n\r\n`);
    let head = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end === -1) {
        if (head.length > 16 * 1024) done(new TransportFailure(`${where}: unreadable answer to CONNECT`, false, 'proxy'));
        return;
      }
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(head.toString('latin1', 0, end))?.[1] ?? NaN);
      if (status === 200) {
        const rest = head.subarray(end + 4);
        if (rest.length > 0) socket.unshift(rest);
        done(null);
      } else if (status === 407) done(new TransportFailure(`${where} requires authentication (407): put the proxy user and password in the proxy URL`, false, 'proxy'));
      else done(new TransportFailure(`${where} refused the tunnel to ${host} (${Number.isNaN(status) ? 'unreadable answer' : status})`, status >= 500 || Number.isNaN(status), 'proxy'));
    });
  });
}

export async function sendOnce(request: OutgoingRequest, options: TransportOptions, signal: AbortSignal): Promise<RawResponse> {
  const { url } = request;
  const where = `${request.method} ${describeUrl(url)}`;
  const secure = url.protocol === 'https:';
  const port = Number(url.port) || (secure ? 443 : 80);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let tunnel: Duplex | null = null;
  if (options.proxy !== null) {
    const raw = await openTunnel(options.proxy, host, port, options, signal);
    tunnel = secure ? tls.connect({ socket: raw as net.Socket, servername: net.isIP(host) ? undefined : host, ca: options.ca, ALPNProtocols: ['http/1.1'] }) : raw;
  }

  return new Promise<RawResponse>((resolve, reject) => {
    let settled = false;
    let headTimer: NodeJS.Timeout | null = null;
    let idleTimer: NodeJS.Timeout | null = null;
    let bodyTimer: NodeJS.Timeout | null = null;
    const finish = (error: TransportFailure | null, response?: RawResponse): void => {
      if (settled) return;
      settled = true;
      for (const timer of [headTimer, idleTimer, bodyTimer]) if (timer) clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      if (error) {
        req.destroy();
        reject(error);
      } else resolve(response!);
    };
    const onAbort = (): void => finish(new TransportFailure('cancelled', false, 'cancelled'));

    const lib = secure ? https : http;
    let req: http.ClientRequest;
    try {
      req = lib.request({
        method: request.method,
        protocol: url.protocol,
        hostname: host,
        port,
        path: `${url.pathname}${url.search}`,
        // URL.host leaves out the scheme's default port (RFC 9112 §3.2), as Host should.
        headers: { host: url.host, ...request.headers, ...(request.body ? { 'content-length': String(request.body.length) } : {}) },
        ...(tunnel ? { createConnection: () => tunnel } : { agent: secure ? options.agents.https : options.agents.http }),
        ...(secure && !tunnel ? { ca: options.ca } : {}),
      });
    } catch (error) {
      // Node refuses a header with a line break in it (a token pasted with its newline); its message names no value.
      settled = true;
      tunnel?.destroy();
      reject(new TransportFailure(`${where}: the request could not be sent (${(error as NodeJS.ErrnoException).code ?? 'invalid request'}); check the credential for stray spaces or line breaks`, false, 'connection'));
      return;
    }
    headTimer = setTimeout(() => finish(new TransportFailure(`${where}: no response within ${options.timeoutMs} ms`, true, 'timeout')), options.timeoutMs);
    signal.addEventListener('abort', onAbort, { once: true });
    req.on('error', (error) => finish(networkFailure(error, where)));

    req.on('response', (res) => {
      if (headTimer) clearTimeout(headTimer);
      const headers: Record<string, string> = {};
      for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) {
        const name = res.rawHeaders[i]!.toLowerCase();
        const value = res.rawHeaders[i + 1]!;
        headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
      }
      const status = res.statusCode ?? 0;
      const declared = headers['content-length'] === undefined ? null : Number(headers['content-length']);
      const encoding = (headers['content-encoding'] ?? '').trim().toLowerCase();
      const decoder = encoding !== '' && encoding !== 'identity' ? decoders[encoding]?.() : undefined;
      if (encoding !== '' && encoding !== 'identity' && decoder === undefined) {
        finish(new TransportFailure(`${where}: the server sent an unsupported Content-Encoding "${encoding.slice(0, 40)}"`, false, 'truncated'));
        return;
      }
      const chunks: Buffer[] = [];
      let rawBytes = 0;
      let bodyBytes = 0;
      const collect = (chunk: Buffer): void => {
        bodyBytes += chunk.length;
        if (bodyBytes > options.maxBodyBytes) finish(new TransportFailure(`${where}: the response is larger than ${Math.round(options.maxBodyBytes / 1024 / 1024)} MiB`, false, 'too-large'));
        else chunks.push(chunk);
      };
      const resetIdle = (): void => {
        if (idleTimer) clearTimeout(idleTimer);
        idleTimer = setTimeout(() => finish(new TransportFailure(`${where}: the body stalled for ${options.timeoutMs} ms after ${rawBytes} bytes`, true, 'timeout')), options.timeoutMs);
      };
      bodyTimer = setTimeout(() => finish(new TransportFailure(`${where}: the body took longer than ${options.bodyTimeoutMs} ms`, true, 'timeout')), options.bodyTimeoutMs);
      resetIdle();
      const complete = (): void => finish(null, { status, headers, body: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks) });
      if (decoder) {
        decoder.on('data', collect);
        decoder.on('error', () => finish(new TransportFailure(`${where}: the ${encoding} body is damaged or cut short`, true, 'truncated')));
        decoder.on('end', complete);
      }
      res.on('data', (chunk: Buffer) => {
        rawBytes += chunk.length;
        resetIdle();
        if (decoder) decoder.write(chunk);
        else collect(chunk);
      });
      res.on('error', () => finish(new TransportFailure(`${where}: the connection closed after ${rawBytes}${declared === null ? '' : ` of ${declared}`} bytes (truncated body)`, true, 'truncated')));
      res.on('close', () => {
        if (!res.complete) finish(new TransportFailure(`${where}: the connection closed after ${rawBytes}${declared === null ? '' : ` of ${declared}`} bytes (truncated body)`, true, 'truncated'));
      });
      res.on('end', () => {
        if (declared !== null && Number.isFinite(declared) && rawBytes !== declared) {
          finish(new TransportFailure(`${where}: the body has ${rawBytes} bytes but Content-Length says ${declared} (truncated body)`, true, 'truncated'));
        } else if (decoder) decoder.end();
        else complete();
      });
    });
    if (request.body) req.end(request.body);
    else req.end();
  });
}
