/**
 * The HTTP client every connector uses; connectors and the sync job share this contract.
 * The client adds no credential itself (connectors set Authorization), and answers either a
 * complete, well-formed response or an AppError that says what failed, how often it was tried,
 * and what to fix — never with a token, an Authorization header or a query string in it.
 *
 * Retried (exponential backoff, full jitter; Retry-After a floor): 408, 429, 500, 502, 503,
 * 504, a 403 that is GitHub's rate limit (X-RateLimit-Remaining: 0 or Retry-After), refused /
 * reset / timed-out connections, and a truncated or malformed body (issue "Sync": never a
 * partial import). Not retried: 401 (AUTH_FAILED), 403 (FORBIDDEN), other 4xx (REMOTE_ERROR).
 */
import http from 'node:http';
import https from 'node:https';
import { AppError, type ErrorCode } from '../../../src-shared/errors';
import { TransportFailure, sendOnce, type RawResponse, type TransportOptions } from './httpTransport';
import { describeUrl, scrub, secretsOf, serverText } from './redaction';
import { RateGate, backoffDelay, cancelled, parseRetryAfter, pause, rateLimitHold, realSleep, type Sleep } from './retryPolicy';

export interface HttpRequest {
  method?: 'GET' | 'POST';
  url: string;
  headers?: Record<string, string>;
  /** a JSON body (POST) */
  json?: unknown;
  /** an application/x-www-form-urlencoded body (POST; the OAuth token request, RFC 6749 §4.4.2) */
  form?: Record<string, string>;
  /**
   * What a complete body must look like: a parse failure or truncation is retried.
   * 'bytes' answers the body as a Buffer (downloads, which may be binary or beyond a string's size).
   */
  expect: 'json' | 'text' | 'bytes';
  /** for messages: the source's name, e.g. "check the API token for source \"Acme Okta\"" */
  source?: string;
  /** for messages: which credential the request carries ("the API token", "the OAuth client credentials") */
  credential?: string;
  /** further strings that must never appear in a message (header values are always scrubbed) */
  secrets?: readonly string[];
}

export interface HttpResponse {
  status: number;
  /** lower-cased header names */
  headers: Record<string, string>;
  /** the parsed JSON (expect 'json'), the text (expect 'text') or a Buffer (expect 'bytes') */
  body: unknown;
  /** the text ('' for expect 'bytes') */
  text: string;
  /** the body's bytes as received (after Content-Encoding) */
  bytes?: Buffer;
}

export interface HttpClient {
  request(request: HttpRequest, signal: AbortSignal): Promise<HttpResponse>;
  /** waits on the client's clock (tests inject it); rejects with CANCELLED when `signal` aborts */
  pause?(ms: number, signal: AbortSignal): Promise<void>;
  /** closes idle keep-alive connections */
  close?(): void;
}

/** An AppError about an HTTP answer, with the status (null when none came) for callers that branch on it. */
export class HttpError extends AppError {
  constructor(
    code: ErrorCode,
    message: string,
    readonly status: number | null,
    /** the server's own explanation, scrubbed and shortened */
    readonly detail: string,
  ) {
    super(code, message);
  }
}

export interface HttpClientOptions {
  userAgent: string;
  /** names the source in messages when a request does not */
  sourceName?: string;
  /** connect + response head; also the longest pause between body chunks (default 30 s) */
  timeoutMs?: number;
  /** tries per request, the first included (default 5) */
  maxAttempts?: number;
  /** the backoff before retry n is random in [0, min(maxDelayMs, baseDelayMs · 2^(n−1))) (defaults 500 ms, 30 s) */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** the ceiling (default 10); 0 or Infinity for none */
  requestsPerSecond?: number;
  /** how many requests may start back to back before the ceiling spaces them (default 1) */
  burst?: number;
  /** an HTTP(S) proxy URL for every non-loopback request */
  proxy?: string | null;
  /** extra trusted CA certificates (a TLS-inspecting corporate proxy, a test tenant) */
  ca?: string | Buffer;
  /** the whole body (default 30 min: a large export download) */
  bodyTimeoutMs?: number;
  /** default 1 GiB ('bytes'), and 256 MiB for text or JSON */
  maxBodyBytes?: number;
  /** a Retry-After longer than this fails the request instead of waiting (default 10 min) */
  maxRetryAfterMs?: number;
  sleep?: Sleep;
  now?: () => number;
  random?: () => number;
}

export const HTTP_DEFAULTS = { timeoutMs: 30_000, maxAttempts: 5, baseDelayMs: 500, maxDelayMs: 30_000, requestsPerSecond: 10 } as const;

const RETRY_STATUSES = new Set([408, 429, 500, 502, 503, 504]);
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 5;
const MAX_TEXT_BYTES = 256 * 1024 * 1024;
const MAX_RATE_HOLD_MS = 5 * 60_000;

/** Loopback per RFC 6890 (127.0.0.0/8, ::1) and RFC 6761 §6.3 (localhost). */
export function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** HTTPS, or plain HTTP to a loopback address only; no credentials in the URL. */
export function checkUrl(text: string, what = 'URL'): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new AppError('BAD_REQUEST', `The ${what} is not a valid URL.`);
  }
  if (url.username !== '' || url.password !== '') throw new AppError('BAD_REQUEST', `The ${what} ${describeUrl(url)} carries a user name or password; give credentials as the source's credential instead.`);
  if (url.protocol === 'https:') return url;
  if (url.protocol === 'http:' && isLoopback(url.hostname)) return url;
  throw new AppError('BAD_REQUEST', `The ${what} ${describeUrl(url)} is not HTTPS: tenant APIs are reached over HTTPS only (plain HTTP is allowed for loopback addresses).`);
}

function checkProxy(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new AppError('BAD_REQUEST', 'The proxy is not a valid URL.');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new AppError('BAD_REQUEST', `The proxy ${describeUrl(url)} must be an http:// or https:// URL.`);
  return url;
}

type Attempt = { ok: true; response: RawResponse } | { ok: false; retryable: boolean; reason: string; code: ErrorCode; status: number | null; detail: string; retryAfterMs: number | null };

export function createHttpClient(given: HttpClientOptions): HttpClient {
  const options = {
    ...given,
    timeoutMs: given.timeoutMs ?? HTTP_DEFAULTS.timeoutMs,
    maxAttempts: given.maxAttempts ?? HTTP_DEFAULTS.maxAttempts,
    baseDelayMs: given.baseDelayMs ?? HTTP_DEFAULTS.baseDelayMs,
    maxDelayMs: given.maxDelayMs ?? HTTP_DEFAULTS.maxDelayMs,
    requestsPerSecond: given.requestsPerSecond ?? HTTP_DEFAULTS.requestsPerSecond,
  };
  const sleep = options.sleep ?? realSleep;
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const maxAttempts = Math.max(1, Math.floor(options.maxAttempts));
  const maxRetryAfterMs = options.maxRetryAfterMs ?? 10 * 60_000;
  const proxy = options.proxy ? checkProxy(options.proxy) : null;
  const gate = new RateGate(options.requestsPerSecond, Math.max(1, options.burst ?? 1), now, sleep);
  const agents = { http: new http.Agent({ keepAlive: true, maxSockets: 8 }), https: new https.Agent({ keepAlive: true, maxSockets: 8 }) };

  async function attempt(request: HttpRequest, url: URL, headers: Record<string, string>, body: Buffer | null, secrets: string[], signal: AbortSignal): Promise<Attempt> {
    const transport: TransportOptions = {
      timeoutMs: options.timeoutMs,
      bodyTimeoutMs: options.bodyTimeoutMs ?? 30 * 60_000,
      maxBodyBytes: options.maxBodyBytes ?? (request.expect === 'bytes' ? 1024 * 1024 * 1024 : MAX_TEXT_BYTES),
      proxy: proxy !== null && !isLoopback(url.hostname) ? proxy : null,
      ca: options.ca,
      agents,
    };
    let raw: RawResponse;
    try {
      raw = await sendOnce({ method: request.method ?? 'GET', url, headers, body }, transport, signal);
    } catch (error) {
      if (signal.aborted) throw cancelled();
      if (!(error instanceof TransportFailure)) throw error;
      return { ok: false, retryable: error.retryable, reason: scrub(error.message, secrets), code: error.kind === 'too-large' || error.kind === 'proxy' ? 'REMOTE_ERROR' : 'NETWORK', status: null, detail: '', retryAfterMs: null };
    }
    const hold = rateLimitHold(raw.headers, now(), MAX_RATE_HOLD_MS);
    if (hold !== null) gate.holdUntil(hold);
    const status = raw.status;
    if (status >= 200 && status < 300 || REDIRECTS.has(status)) return { ok: true, response: raw };
    const detail = serverText(raw.body.toString('utf8', 0, Math.min(raw.body.length, 64 * 1024)), secrets);
    const retryAfterMs = parseRetryAfter(raw.headers['retry-after'], now());
    const githubLimit = status === 403 && (raw.headers['x-ratelimit-remaining'] === '0' || retryAfterMs !== null);
    const reason = `${status}${raw.headers['x-ratelimit-remaining'] === '0' ? ' (rate limit reached)' : ''}${detail ? `: ${detail}` : ''}`;
    if (RETRY_STATUSES.has(status) || githubLimit) {
      return { ok: false, retryable: true, reason, code: status === 429 || githubLimit ? 'RATE_LIMITED' : 'NETWORK', status, detail, retryAfterMs };
    }
    return { ok: false, retryable: false, reason, code: status === 401 ? 'AUTH_FAILED' : status === 403 ? 'FORBIDDEN' : 'REMOTE_ERROR', status, detail, retryAfterMs };
  }

  /** The body as asked for, or why it is not what was asked for (a retry). */
  function readBody(expect: HttpRequest['expect'], bytes: Buffer): { text: string; body: unknown } | string {
    if (expect === 'bytes') return { text: '', body: bytes };
    const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
    const text = bytes.toString('utf8', start);
    if (expect === 'text') return { text, body: text };
    try {
      return { text, body: JSON.parse(text) as unknown };
    } catch (error) {
      return `malformed JSON body (${(error as Error).message.slice(0, 120)})`;
    }
  }

  function failure(request: HttpRequest, where: string, last: Extract<Attempt, { ok: false }>, attempts: number): HttpError {
    const source = request.source ? `Source "${request.source}": ` : '';
    const credential = request.credential ?? 'the credential';
    const forSource = request.source ? ` for source "${request.source}"` : '';
    if (last.code === 'AUTH_FAILED') {
      return new HttpError('AUTH_FAILED', `${source}the server refused ${credential} (401) at ${where}: check ${credential}${forSource}.${last.detail ? ` The server said: ${last.detail}` : ''}`, last.status, last.detail);
    }
    if (last.code === 'FORBIDDEN') {
      return new HttpError('FORBIDDEN', `${source}the server accepted ${credential} but refused this request (403) at ${where}: check the permissions or scopes granted to ${credential}${forSource}.${last.detail ? ` The server said: ${last.detail}` : ''}`, last.status, last.detail);
    }
    if (!last.retryable) return new HttpError(last.code, `${source}${where} failed: ${last.reason}`, last.status, last.detail);
    const tries = attempts === 1 ? '1 attempt' : `${attempts} attempts`;
    return new HttpError(last.code, `${source}${where} failed after ${tries}; the last: ${last.reason}`, last.status, last.detail);
  }

  async function request(asked: HttpRequest, signal: AbortSignal): Promise<HttpResponse> {
    const request: HttpRequest = asked.source === undefined && options.sourceName !== undefined ? { ...asked, source: options.sourceName } : asked;
    let url = checkUrl(request.url);
    let method = request.method ?? 'GET';
    let body: Buffer | null = null;
    const headers: Record<string, string> = { 'user-agent': options.userAgent, accept: request.expect === 'json' ? 'application/json' : '*/*', 'accept-encoding': 'gzip, deflate, br' };
    if (request.json !== undefined) {
      body = Buffer.from(JSON.stringify(request.json));
      headers['content-type'] = 'application/json';
    } else if (request.form !== undefined) {
      body = Buffer.from(new URLSearchParams(request.form).toString());
      headers['content-type'] = 'application/x-www-form-urlencoded';
    }
    for (const [name, value] of Object.entries(request.headers ?? {})) headers[name.toLowerCase()] = value;
    let secrets = secretsOf(url, request.headers, [...(request.secrets ?? []), ...(proxy ? [decodeURIComponent(proxy.password)] : [])]);
    const origin = url.origin;

    let attempts = 0;
    let redirects = 0;
    for (;;) {
      if (signal.aborted) throw cancelled();
      await gate.take(signal);
      attempts += 1;
      const where = `${method} ${describeUrl(url)}`;
      const result = await attempt({ ...request, method }, url, headers, body, secrets, signal);
      let last: Extract<Attempt, { ok: false }>;
      if (result.ok) {
        const raw = result.response;
        if (REDIRECTS.has(raw.status)) {
          const location = raw.headers['location'];
          if (location === undefined || redirects >= MAX_REDIRECTS) throw new HttpError('REMOTE_ERROR', `${request.source ? `Source "${request.source}": ` : ''}${where} redirected ${location === undefined ? 'without a Location' : `more than ${MAX_REDIRECTS} times`}.`, raw.status, '');
          redirects += 1;
          attempts -= 1; // a redirect is not a failed attempt
          const next = checkUrl(new URL(location, url).toString(), 'redirect target');
          if (url.protocol === 'https:' && next.protocol !== 'https:') throw new AppError('BAD_REQUEST', `${where} redirected from HTTPS to plain HTTP; refused.`);
          if (next.origin !== origin) {
            // RFC 9110 §15.4: a redirect to another origin must not carry this origin's credentials.
            for (const name of Object.keys(headers)) if (!['user-agent', 'accept', 'accept-encoding'].includes(name)) delete headers[name];
          }
          if (raw.status === 303 || ((raw.status === 301 || raw.status === 302) && method === 'POST')) {
            method = 'GET';
            body = null;
            delete headers['content-type'];
          }
          url = next;
          secrets = [...secrets, ...secretsOf(next, undefined, undefined)].sort((a, b) => b.length - a.length);
          continue;
        }
        const parsed = readBody(request.expect, raw.body);
        if (typeof parsed !== 'string') return { status: raw.status, headers: raw.headers, body: parsed.body, text: parsed.text, bytes: raw.body };
        last = { ok: false, retryable: true, reason: parsed, code: 'REMOTE_ERROR', status: raw.status, detail: '', retryAfterMs: null };
      } else last = result;

      if (!last.retryable || attempts >= maxAttempts) throw failure(request, where, last, attempts);
      if (last.retryAfterMs !== null && last.retryAfterMs > maxRetryAfterMs) {
        throw new HttpError('RATE_LIMITED', `${request.source ? `Source "${request.source}": ` : ''}${where} asked to wait ${Math.ceil(last.retryAfterMs / 1000)} s before trying again (${last.status}); sync again later.`, last.status, last.detail);
      }
      await pause(sleep, backoffDelay(attempts, last.retryAfterMs, { baseDelayMs: options.baseDelayMs, maxDelayMs: options.maxDelayMs, random }), signal);
    }
  }

  return {
    request,
    pause: (ms, signal) => pause(sleep, ms, signal),
    close: () => {
      agents.http.destroy();
      agents.https.destroy();
    },
  };
}
