/**
 * The development-only browser harness (never packaged): serves the built renderer and the
 * engine's contract over HTTP on 127.0.0.1 so the real UI can run in a plain Chromium
 * (DESIGN.md, "Processes": the third transport).
 *
 * A local HTTP port is reachable by every process and every web page on the machine, so:
 *  - only 127.0.0.1 is bound, and the Host header must name it with our port: a page on a
 *    rebinding domain (evil.example → 127.0.0.1) sends its own Host and is refused;
 *  - a one-time 32-byte token in the printed URL is exchanged for an HttpOnly SameSite=Strict
 *    session cookie; nothing else is served without that cookie;
 *  - state-changing requests must carry our exact Origin (and, when the browser sends it,
 *    Sec-Fetch-Site: same-origin), so a cross-site form or fetch cannot call the engine;
 *  - the API never reaches `engine.internal` (keys) — only the public contract.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, rm, stat, readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { extname, join, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isChannel, type Channel, type EngineEvent, type RequestOf } from '../../src-shared/contract';
import type { ErrorCode, Result } from '../../src-shared/errors';
import type { EngineClient } from '../../src-main/engine/engineClient';
import { CONTENT_SECURITY_POLICY, CONTENT_TYPES } from '../../src-shared/securityPolicy';

export const SESSION_COOKIE = 'aw_session';
export const MAX_CALL_BODY = 1024 * 1024;
const HEARTBEAT_MS = 15_000;

export { CONTENT_SECURITY_POLICY };

export interface PreviewServerOptions {
  engine: Pick<EngineClient, 'call' | 'onEvent'>;
  /** the built renderer (dist/renderer) */
  rendererDir: string;
  /** the workspace folder; uploads are staged under `${workspace}/.state/uploads` */
  workspace: string;
  /** fixed token for tests; by default 32 random bytes */
  token?: string;
}

export interface PreviewAddress {
  port: number;
  origin: string;
  /** the one-time URL to open: `http://127.0.0.1:PORT/?token=…` */
  url: string;
}

export interface PreviewServer {
  readonly server: Server;
  listen(port?: number): Promise<PreviewAddress>;
  close(): Promise<void>;
}

/** Keeps only the last path segment of a browser-supplied name, printable and non-empty. */
export function sanitizeUploadName(name: string): string | null {
  const last = name.split(/[\\/]/).pop() ?? '';
  const printable = [...last].filter((char) => {
    const code = char.codePointAt(0) ?? 0;
    return code >= 0x20 && code !== 0x7f;
  });
  const cleaned = printable.join('').replace(/[<>:"|?*]/g, '_').trim();
  if (cleaned === '' || /^\.+$/.test(cleaned)) return null;
  // Keep the end (the extension decides the importer) and stay well under NAME_MAX.
  return cleaned.length > 200 ? cleaned.slice(-200) : cleaned;
}

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const index = part.indexOf('=');
    if (index > 0 && part.slice(0, index).trim() === name) return part.slice(index + 1).trim();
  }
  return null;
}

function failure(code: ErrorCode, message: string): Result<never> {
  return { ok: false, error: { code, message } };
}

function sendJson(res: ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    ...extra,
  });
  res.end(text);
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
  });
  res.end(text);
}

class BodyTooLarge extends Error {}

async function readBody(req: IncomingMessage, cap: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > cap) throw new BodyTooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > cap) throw new BodyTooLarge();
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

export function createPreviewServer(options: PreviewServerOptions): PreviewServer {
  const { engine, workspace } = options;
  const rendererDir = resolve(options.rendererDir);
  const uploadsDir = join(resolve(workspace), '.state', 'uploads');
  const token = options.token ?? randomBytes(32).toString('base64url');
  let tokenSpent = false;
  let session: string | null = null;
  let expectedHost: string | null = null;
  const streams = new Set<ServerResponse>();

  const forbidden = (req: IncomingMessage, res: ServerResponse, why: string) => {
    if ((req.url ?? '').startsWith('/api/')) sendJson(res, 403, failure('FORBIDDEN', why));
    else sendText(res, 403, `403 Forbidden: ${why}\n`);
  };

  const exchangeToken = (req: IncomingMessage, res: ServerResponse, offered: string) => {
    if (tokenSpent || !sameSecret(offered, token)) {
      forbidden(req, res, 'this preview link is not valid (it can be used once); restart the harness for a new one');
      return;
    }
    tokenSpent = true;
    session = randomBytes(32).toString('base64url');
    res.writeHead(302, {
      location: '/',
      'set-cookie': `${SESSION_COOKIE}=${session}; Path=/; HttpOnly; SameSite=Strict`,
      'cache-control': 'no-store',
      'content-length': 0,
    });
    res.end();
  };

  const handleCall = async (req: IncomingMessage, res: ServerResponse, name: string) => {
    if (!isChannel(name)) {
      sendJson(res, 404, failure('NOT_FOUND', `No channel named ${JSON.stringify(name.slice(0, 100))}`));
      return;
    }
    const channel: Channel = name;
    const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
    if (type !== 'application/json') {
      sendJson(res, 415, failure('BAD_REQUEST', 'Send the request as application/json'));
      return;
    }
    let body: unknown;
    try {
      const raw = await readBody(req, MAX_CALL_BODY);
      body = raw.length === 0 ? {} : JSON.parse(raw.toString('utf8'));
    } catch (error) {
      if (error instanceof BodyTooLarge) {
        // Stop reading: answer, then drop the connection rather than swallow the rest.
        res.on('finish', () => req.destroy());
        sendJson(res, 413, failure('BAD_REQUEST', `The request body exceeds ${MAX_CALL_BODY} bytes`), {
          connection: 'close',
        });
        return;
      }
      sendJson(res, 400, failure('BAD_REQUEST', 'The request body is not valid JSON'));
      return;
    }
    let result: Result<unknown>;
    try {
      // The engine validates the request against the channel's schema before any handler runs.
      result = await engine.call(channel, body as RequestOf<typeof channel>);
    } catch (error) {
      console.error(`preview: ${channel} threw`, error);
      sendJson(res, 500, failure('INTERNAL', 'The engine failed to answer'));
      return;
    }
    sendJson(res, 200, result);
  };

  const handleEvents = (req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
    });
    res.write(': connected\n\n');
    streams.add(res);
    const unsubscribe = engine.onEvent((event: EngineEvent) => {
      res.write(`data: ${JSON.stringify(event)}\n\n`);
    });
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
    heartbeat.unref();
    const stop = () => {
      clearInterval(heartbeat);
      unsubscribe();
      streams.delete(res);
    };
    req.on('close', stop);
    res.on('close', stop);
  };

  const handleUpload = async (req: IncomingMessage, res: ServerResponse, url: URL) => {
    const name = sanitizeUploadName(url.searchParams.get('name') ?? '');
    if (!name) {
      sendJson(res, 400, failure('BAD_REQUEST', 'Give the file name as ?name='));
      return;
    }
    const folder = join(uploadsDir, randomBytes(16).toString('hex'));
    const path = join(folder, name);
    try {
      await mkdir(folder, { recursive: true });
      await pipeline(req, createWriteStream(path, { flags: 'wx' }));
    } catch (error) {
      await rm(folder, { recursive: true, force: true }).catch(() => undefined);
      if (!res.headersSent && !res.destroyed) {
        sendJson(res, 500, failure('IO_ERROR', `The upload could not be stored: ${(error as Error).message}`));
      }
      return;
    }
    sendJson(res, 200, { ok: true, value: { path } });
  };

  const handleStatic = async (req: IncomingMessage, res: ServerResponse, url: URL) => {
    let pathname: string;
    try {
      pathname = decodeURIComponent(url.pathname);
    } catch {
      sendText(res, 400, 'Bad path\n');
      return;
    }
    if (pathname.includes('\0')) {
      sendText(res, 400, 'Bad path\n');
      return;
    }
    const relative = pathname === '/' ? 'index.html' : pathname.replace(/^\/+/, '');
    const file = resolve(rendererDir, relative);
    if (file !== rendererDir && !file.startsWith(rendererDir + sep)) {
      sendText(res, 404, 'Not found\n');
      return;
    }
    let content: Buffer;
    try {
      if (!(await stat(file)).isFile()) throw new Error('not a file');
      content = await readFile(file);
    } catch {
      sendText(res, 404, 'Not found\n');
      return;
    }
    const type = CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
    const headers: Record<string, string | number> = {
      'content-type': type,
      'content-length': content.length,
      'cache-control': 'no-store',
    };
    if (type.startsWith('text/html')) {
      headers['content-security-policy'] = CONTENT_SECURITY_POLICY;
      headers['x-frame-options'] = 'DENY';
    }
    res.writeHead(200, headers);
    res.end(req.method === 'HEAD' ? undefined : content);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('referrer-policy', 'no-referrer');
    res.setHeader('cross-origin-resource-policy', 'same-origin');

    if (!expectedHost || req.headers.host !== expectedHost) {
      forbidden(req, res, 'unexpected Host header');
      return;
    }
    const origin = `http://${expectedHost}`;
    let url: URL;
    try {
      url = new URL(req.url ?? '/', origin);
    } catch {
      sendText(res, 400, 'Bad request\n');
      return;
    }
    const method = req.method ?? 'GET';

    const offered = url.searchParams.get('token');
    if (method === 'GET' && url.pathname === '/' && offered !== null) {
      exchangeToken(req, res, offered);
      return;
    }

    const cookie = readCookie(req.headers.cookie, SESSION_COOKIE);
    if (!session || !cookie || !sameSecret(cookie, session)) {
      forbidden(req, res, 'no valid session; open the URL the harness printed');
      return;
    }

    const safe = method === 'GET' || method === 'HEAD';
    if (!safe) {
      if (req.headers.origin !== origin) {
        forbidden(req, res, 'cross-origin request refused');
        return;
      }
      const site = req.headers['sec-fetch-site'];
      if (site !== undefined && site !== 'same-origin') {
        forbidden(req, res, 'cross-site request refused');
        return;
      }
    }

    const callMatch = /^\/api\/call\/([^/]+)$/.exec(url.pathname);
    if (callMatch) {
      if (method !== 'POST') {
        sendJson(res, 405, failure('BAD_REQUEST', 'Use POST'), { allow: 'POST' });
        return;
      }
      let name: string;
      try {
        name = decodeURIComponent(callMatch[1] ?? '');
      } catch {
        name = '';
      }
      await handleCall(req, res, name);
      return;
    }
    if (url.pathname === '/api/events') {
      if (method !== 'GET') {
        sendJson(res, 405, failure('BAD_REQUEST', 'Use GET'), { allow: 'GET' });
        return;
      }
      handleEvents(req, res);
      return;
    }
    if (url.pathname === '/api/upload') {
      if (method !== 'POST') {
        sendJson(res, 405, failure('BAD_REQUEST', 'Use POST'), { allow: 'POST' });
        return;
      }
      await handleUpload(req, res, url);
      return;
    }
    if (url.pathname.startsWith('/api/')) {
      sendJson(res, 404, failure('NOT_FOUND', 'No such API route'));
      return;
    }
    if (!safe) {
      sendText(res, 405, 'Method not allowed\n');
      return;
    }
    await handleStatic(req, res, url);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      console.error('preview: request failed', error);
      if (!res.headersSent) sendJson(res, 500, failure('INTERNAL', 'The harness failed to answer'));
      else res.destroy();
    });
  });

  return {
    server,
    listen(port = 0) {
      return new Promise<PreviewAddress>((resolveListen, reject) => {
        server.once('error', reject);
        server.listen(port, '127.0.0.1', () => {
          server.off('error', reject);
          const address = server.address();
          if (address === null || typeof address === 'string') {
            reject(new Error('the harness is not listening on TCP'));
            return;
          }
          expectedHost = `127.0.0.1:${address.port}`;
          const origin = `http://${expectedHost}`;
          resolveListen({ port: address.port, origin, url: `${origin}/?token=${token}` });
        });
      });
    },
    async close() {
      for (const stream of streams) stream.end();
      streams.clear();
      await new Promise<void>((resolveClose) => {
        server.close(() => resolveClose());
        server.closeAllConnections();
      });
    },
  };
}

// ---------------------------------------------------------------------------------------
// CLI: `node dist/harness/preview.js --workspace DIR [--port N]`

const USAGE = 'usage: preview --workspace DIR [--port N]';

export function parseArgs(argv: readonly string[]): { workspace: string; port: number } {
  let workspace: string | null = null;
  let port = 0;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg?.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => {
      const next = inline ?? argv[++i];
      if (next === undefined || next === '') throw new Error(`${flag} needs a value\n${USAGE}`);
      return next;
    };
    if (flag === '--workspace') workspace = value();
    else if (flag === '--port') {
      const text = value();
      port = Number(text);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0–65535, not ${text}`);
    } else throw new Error(`unknown argument ${arg}\n${USAGE}`);
  }
  if (!workspace) throw new Error(`--workspace is required\n${USAGE}`);
  return { workspace, port };
}

async function main(): Promise<void> {
  let args: { workspace: string; port: number };
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (error) {
    console.error((error as Error).message);
    process.exit(2);
  }
  const workspace = resolve(args.workspace);
  const stateDir = join(workspace, '.state');
  await mkdir(stateDir, { recursive: true });
  const rendererDir = fileURLToPath(new URL('../renderer/', import.meta.url));
  try {
    await stat(join(rendererDir, 'index.html'));
  } catch {
    console.error(`preview: ${rendererDir}index.html is missing; run \`npm run build\` first`);
    process.exit(1);
  }

  // Loaded here, not at the top, so unit tests of the routing never start a worker.
  const { startWorkerEngine } = await import('../../src-main/engine/workerEngine');
  const engine = await startWorkerEngine({
    workerPath: fileURLToPath(new URL('../main/engineWorker.js', import.meta.url)),
    stateDir,
    engagementsRoot: workspace,
    transport: 'harness',
  });
  const preview = createPreviewServer({ engine, rendererDir, workspace });
  const { url } = await preview.listen(args.port);
  console.log(`Auditor Workstation preview: ${url}`);

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.error(`preview: ${signal}, closing the engine`);
    // Stop taking requests first, then let the engine checkpoint and close the database.
    preview
      .close()
      .catch(() => undefined)
      .then(() => engine.close())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          console.error('preview: the engine did not close cleanly', error);
          process.exit(1);
        },
      );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

const invokedPath = process.argv[1];
if (invokedPath && import.meta.url === pathToFileURL(resolve(invokedPath)).href) {
  main().catch((error: unknown) => {
    console.error('preview: failed to start', error);
    process.exit(1);
  });
}
