import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { basename, dirname, join, sep } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../../src-shared/contract';
import type { Result } from '../../../src-shared/errors';
import type { EngineClient } from '../../../src-main/engine/engineClient';
import {
  MAX_CALL_BODY,
  SESSION_COOKIE,
  createPreviewServer,
  parseArgs,
  sanitizeUploadName,
  type PreviewServer,
} from '../../harness/preview';

/** The edge mock: records calls and lets a test push engine events. */
function fakeEngine() {
  const calls: { channel: string; request: unknown }[] = [];
  const listeners = new Set<(event: EngineEvent) => void>();
  const engine: Pick<EngineClient, 'call' | 'onEvent'> = {
    call: (async (channel: string, request: unknown): Promise<Result<unknown>> => {
      calls.push({ channel, request });
      if (channel === 'app.info') {
        return { ok: true, value: { name: 'Auditor Workstation', version: '0.0.0', transport: 'harness', engagementsRoot: '/w' } };
      }
      return { ok: false, error: { code: 'NO_ENGAGEMENT', message: 'Open an engagement first' } };
    }) as EngineClient['call'],
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return { engine, calls, emit: (event: EngineEvent) => listeners.forEach((listener) => listener(event)), listeners };
}

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

interface Harness {
  preview: PreviewServer;
  port: number;
  host: string;
  origin: string;
  token: string;
  workspace: string;
  fake: ReturnType<typeof fakeEngine>;
}

let harness: Harness;
let root: string;

function send(options: {
  method?: string;
  path: string;
  headers?: Record<string, string | number>;
  body?: string | Buffer;
}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port: harness.port,
        method: options.method ?? 'GET',
        path: options.path,
        headers: { host: harness.host, ...options.headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

async function login(): Promise<string> {
  const reply = await send({ path: `/?token=${harness.token}` });
  const setCookie = reply.headers['set-cookie']?.[0] ?? '';
  return setCookie.split(';')[0] ?? '';
}

function post(path: string, cookie: string, body: string | Buffer, headers: Record<string, string | number> = {}) {
  return send({
    method: 'POST',
    path,
    body,
    headers: { cookie, origin: harness.origin, 'content-type': 'application/json', ...headers },
  });
}

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'aw-preview-'));
  const rendererDir = join(root, 'renderer');
  const workspace = join(root, 'workspace');
  await mkdir(join(rendererDir, 'assets'), { recursive: true });
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>t</title>');
  await writeFile(join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  await writeFile(join(root, 'secret.txt'), 'outside the renderer');
  const fake = fakeEngine();
  const token = 'test-token-0123456789';
  const preview = createPreviewServer({ engine: fake.engine, rendererDir, workspace, token });
  const address = await preview.listen(0);
  harness = { preview, port: address.port, host: `127.0.0.1:${address.port}`, origin: address.origin, token, workspace, fake };
});

afterEach(async () => {
  await harness.preview.close();
  await rm(root, { recursive: true, force: true });
});

describe('session', () => {
  it('listens on 127.0.0.1 only', () => {
    expect(harness.preview.server.address()).toMatchObject({ address: '127.0.0.1', port: harness.port });
  });

  it('exchanges the token for an HttpOnly SameSite=Strict cookie and redirects to /', async () => {
    const reply = await send({ path: `/?token=${harness.token}` });
    expect(reply.status).toBe(302);
    expect(reply.headers.location).toBe('/');
    const cookie = reply.headers['set-cookie']?.[0] ?? '';
    expect(cookie).toMatch(new RegExp(`^${SESSION_COOKIE}=[A-Za-z0-9_-]{43};`));
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).not.toContain(harness.token);
  });

  it('refuses the token a second time', async () => {
    await login();
    const again = await send({ path: `/?token=${harness.token}` });
    expect(again.status).toBe(403);
    expect(again.headers['set-cookie']).toBeUndefined();
  });

  it('refuses a wrong token without spending the right one', async () => {
    expect((await send({ path: '/?token=guess' })).status).toBe(403);
    expect((await send({ path: `/?token=${harness.token}` })).status).toBe(302);
  });

  it('refuses every request without the session cookie', async () => {
    expect((await send({ path: '/' })).status).toBe(403);
    expect((await send({ path: '/assets/app.js' })).status).toBe(403);
    expect((await send({ path: '/api/events' })).status).toBe(403);
    const call = await post('/api/call/app.info', '', '{}');
    expect(call.status).toBe(403);
    expect(JSON.parse(call.body)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(harness.fake.calls).toHaveLength(0);
  });

  it('refuses a forged session cookie', async () => {
    await login();
    expect((await send({ path: '/', headers: { cookie: `${SESSION_COOKIE}=${'A'.repeat(43)}` } })).status).toBe(403);
  });

  it('serves the page with the cookie, with CSP and nosniff', async () => {
    const cookie = await login();
    const reply = await send({ path: '/', headers: { cookie } });
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toContain('text/html');
    expect(reply.headers['content-security-policy']).toContain("default-src 'none'");
    expect(reply.headers['content-security-policy']).toContain("script-src 'self'");
    expect(reply.headers['x-content-type-options']).toBe('nosniff');
  });

  it('does not serve files outside the renderer folder', async () => {
    const cookie = await login();
    const reply = await send({ path: '/%2e%2e/secret.txt', headers: { cookie } });
    expect(reply.status).toBe(404);
    expect(reply.body).not.toContain('outside the renderer');
  });
});

describe('DNS-rebinding and cross-origin defences', () => {
  it('refuses a Host header other than 127.0.0.1:PORT, even with the token', async () => {
    for (const host of ['evil.example', `localhost:${harness.port}`, `evil.example:${harness.port}`, '127.0.0.1']) {
      const reply = await send({ path: `/?token=${harness.token}`, headers: { host } });
      expect(reply.status, host).toBe(403);
    }
    // the token was not spent by the refused attempts
    expect((await send({ path: `/?token=${harness.token}` })).status).toBe(302);
  });

  it('refuses a wrong Host header even with a valid cookie', async () => {
    const cookie = await login();
    expect((await send({ path: '/', headers: { cookie, host: 'rebound.example' } })).status).toBe(403);
  });

  it('refuses a POST without our Origin', async () => {
    const cookie = await login();
    const foreign = await post('/api/call/app.info', cookie, '{}', { origin: 'http://evil.example' });
    expect(foreign.status).toBe(403);
    const missing = await send({
      method: 'POST',
      path: '/api/call/app.info',
      body: '{}',
      headers: { cookie, 'content-type': 'application/json' },
    });
    expect(missing.status).toBe(403);
    const crossSite = await post('/api/call/app.info', cookie, '{}', { 'sec-fetch-site': 'cross-site' });
    expect(crossSite.status).toBe(403);
    expect(harness.fake.calls).toHaveLength(0);
  });
});

describe('API', () => {
  it('routes a channel to the engine and answers its Result', async () => {
    const cookie = await login();
    const reply = await post('/api/call/app.info', cookie, '{}');
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body)).toMatchObject({ ok: true, value: { transport: 'harness' } });
    expect(harness.fake.calls).toEqual([{ channel: 'app.info', request: {} }]);
  });

  it('passes an engine error through as a Result', async () => {
    const cookie = await login();
    const reply = await post('/api/call/events.page', cookie, '{"limit":5}');
    expect(JSON.parse(reply.body)).toEqual({ ok: false, error: { code: 'NO_ENGAGEMENT', message: 'Open an engagement first' } });
    expect(harness.fake.calls).toEqual([{ channel: 'events.page', request: { limit: 5 } }]);
  });

  it('answers 404 with a Result for an unknown channel', async () => {
    const cookie = await login();
    for (const name of ['key.export', '__proto__', 'constructor', 'demo.generate']) {
      const reply = await post(`/api/call/${name}`, cookie, '{}');
      expect(reply.status, name).toBe(404);
      expect(JSON.parse(reply.body)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    }
    expect(harness.fake.calls).toHaveLength(0);
  });

  it('answers BAD_REQUEST for a body that is not JSON', async () => {
    const cookie = await login();
    const reply = await post('/api/call/app.info', cookie, '{not json');
    expect(reply.status).toBe(400);
    expect(JSON.parse(reply.body)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });

  it('answers BAD_REQUEST for a body that is not declared as JSON', async () => {
    const cookie = await login();
    const reply = await post('/api/call/app.info', cookie, '{}', { 'content-type': 'text/plain' });
    expect(reply.status).toBe(415);
    expect(JSON.parse(reply.body)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });

  it('refuses a declared body over 1 MB before reading it', async () => {
    const cookie = await login();
    const body = Buffer.alloc(MAX_CALL_BODY + 1, 0x20);
    const reply = await post('/api/call/app.info', cookie, body);
    expect(reply.status).toBe(413);
    expect(JSON.parse(reply.body)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(harness.fake.calls).toHaveLength(0);
  });

  it('refuses a chunked body once it passes 1 MB', async () => {
    const cookie = await login();
    const body = Buffer.alloc(MAX_CALL_BODY + 10, 0x20);
    const reply = await post('/api/call/app.info', cookie, body, { 'transfer-encoding': 'chunked' });
    expect(reply.status).toBe(413);
    expect(harness.fake.calls).toHaveLength(0);
  });

  it('streams engine events as server-sent events', async () => {
    const cookie = await login();
    const received = await new Promise<string>((resolve, reject) => {
      const req = httpRequest(
        { host: '127.0.0.1', port: harness.port, path: '/api/events', headers: { host: harness.host, cookie } },
        (res) => {
          expect(res.headers['content-type']).toContain('text/event-stream');
          let text = '';
          res.on('data', (chunk: Buffer) => {
            text += chunk.toString('utf8');
            if (text.includes(': connected')) harness.fake.emit({ type: 'engagement', open: true });
            if (text.includes('data: ')) {
              req.destroy();
              resolve(text);
            }
          });
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(received).toContain('data: {"type":"engagement","open":true}\n\n');
  });
});

describe('upload', () => {
  it('stores the body under the staging folder, named by its basename only', async () => {
    const cookie = await login();
    const reply = await post('/api/upload?name=' + encodeURIComponent('../../../etc/evil.ndjson'), cookie, 'line 1\n', {
      'content-type': 'application/octet-stream',
    });
    expect(reply.status).toBe(200);
    const { ok, value } = JSON.parse(reply.body) as { ok: boolean; value: { path: string } };
    expect(ok).toBe(true);
    expect(basename(value.path)).toBe('evil.ndjson');
    expect(dirname(dirname(value.path))).toBe(join(harness.workspace, '.state', 'uploads'));
    expect(value.path.startsWith(harness.workspace + sep)).toBe(true);
    expect(await readFile(value.path, 'utf8')).toBe('line 1\n');
  });

  it('strips Windows separators too', async () => {
    const cookie = await login();
    const reply = await post('/api/upload?name=' + encodeURIComponent('..\\..\\boot.ini'), cookie, 'x');
    const { value } = JSON.parse(reply.body) as { value: { path: string } };
    expect(basename(value.path)).toBe('boot.ini');
  });

  it('refuses a name that is only dots or empty', async () => {
    const cookie = await login();
    for (const name of ['..', '.', '', '../']) {
      const reply = await post('/api/upload?name=' + encodeURIComponent(name), cookie, 'x');
      expect(reply.status, name).toBe(400);
    }
  });

  it('requires our Origin like every POST', async () => {
    const cookie = await login();
    const reply = await post('/api/upload?name=a.csv', cookie, 'x', { origin: 'null' });
    expect(reply.status).toBe(403);
  });
});

describe('sanitizeUploadName', () => {
  it('keeps the last segment and drops control characters', () => {
    expect(sanitizeUploadName('a/b/c.csv')).toBe('c.csv');
    expect(sanitizeUploadName('Zoë Müller export.ndjson')).toBe('Zoë Müller export.ndjson');
    expect(sanitizeUploadName('bad\u0000\nname.csv')).toBe('badname.csv');
    expect(sanitizeUploadName('...')).toBeNull();
  });
});

describe('parseArgs', () => {
  it('requires --workspace and defaults the port to 0', () => {
    expect(parseArgs(['--workspace', '/tmp/w'])).toEqual({ workspace: '/tmp/w', port: 0 });
    expect(parseArgs(['--workspace=/tmp/w', '--port', '8123'])).toEqual({ workspace: '/tmp/w', port: 8123 });
    expect(() => parseArgs([])).toThrow(/--workspace/);
    expect(() => parseArgs(['--workspace', '/w', '--port', 'x'])).toThrow(/--port/);
  });
});
