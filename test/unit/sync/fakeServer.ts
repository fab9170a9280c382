/**
 * A tiny loopback HTTP server per test (the network edge the sync tests mock), and the
 * client and run a connector test needs: no real waiting (sleep resolves at once and is
 * recorded), no jitter unless a test asks for it.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Connector, ConnectorRun, FetchedPage, SourceConfig, SourceCredential, SourceKind } from '../../../src-main/engine/sync/connector';
import { createHttpClient, type HttpClient, type HttpClientOptions } from '../../../src-main/engine/sync/httpClient';

export interface SeenRequest {
  method: string;
  url: URL;
  headers: IncomingMessage['headers'];
  body: string;
}

export type Handler = (req: SeenRequest, res: ServerResponse) => void | Promise<void>;

export interface FakeServer {
  url: string;
  requests: SeenRequest[];
  close(): Promise<void>;
}

export async function fakeServer(handler: Handler, host = '127.0.0.1'): Promise<FakeServer> {
  const requests: SeenRequest[] = [];
  let base = '';
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const seen: SeenRequest = { method: req.method ?? 'GET', url: new URL(req.url ?? '/', base), headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      requests.push(seen);
      Promise.resolve(handler(seen, res)).catch((error: unknown) => {
        res.writeHead(599);
        res.end(String(error));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  base = `http://${host === '::1' ? '[::1]' : host}:${port}`;
  return {
    url: base,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)), ...headers });
  res.end(text);
}

export function text(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-length': String(Buffer.byteLength(body)), ...headers });
  res.end(body);
}

/** A client that never really waits: every sleep is recorded and advances `clock`. */
export function testClient(overrides: Partial<HttpClientOptions> = {}): { http: HttpClient; sleeps: number[]; clock: { now: number } } {
  const sleeps: number[] = [];
  const clock = { now: Date.UTC(2026, 0, 1) };
  const http = createHttpClient({
    userAgent: 'auditor-test',
    timeoutMs: 2000,
    maxAttempts: 3,
    baseDelayMs: 10,
    maxDelayMs: 100,
    requestsPerSecond: 0,
    sleep: async (ms) => {
      sleeps.push(ms);
      clock.now += ms;
    },
    now: () => clock.now,
    random: () => 0,
    ...overrides,
  });
  return { http, sleeps, clock };
}

export const TOKEN = 'tok_SECRET_5f1c9a7e2b4d6c8a0e1f3b5d';

export function sourceOf(kind: SourceKind, baseUrl: string, options: Record<string, string> = {}, credential: SourceCredential = { type: 'token', token: TOKEN }): SourceConfig {
  return { id: `src-${kind}`, name: `Acme ${kind}`, kind, baseUrl, credential, proxy: null, options };
}

export const MICROS_PER_MS = 1000;

export function runOf(source: SourceConfig, http: HttpClient, extra: Partial<ConnectorRun> = {}): ConnectorRun {
  return {
    source,
    http,
    cursor: null,
    defaultFrom: Date.UTC(2026, 0, 1) * MICROS_PER_MS,
    until: Date.UTC(2026, 0, 2) * MICROS_PER_MS,
    overlapMicros: 3600 * 1_000_000,
    signal: new AbortController().signal,
    ...extra,
  };
}

export async function collect(connector: Connector, run: ConnectorRun): Promise<FetchedPage[]> {
  const pages: FetchedPage[] = [];
  for await (const page of connector.pages(run)) pages.push(page);
  return pages;
}

/** The error a promise rejects with (fails the test when it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<Error & { code?: string; status?: number | null }> {
  try {
    await promise;
  } catch (error) {
    return error as Error & { code?: string };
  }
  throw new Error('expected a rejection');
}
