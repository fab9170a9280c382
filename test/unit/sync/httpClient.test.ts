import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { checkUrl, createHttpClient, isLoopback } from '../../../src-main/engine/sync/httpClient';
import { fakeServer, json, rejection, testClient, text, TOKEN, type FakeServer, type Handler } from './fakeServer';

const servers: FakeServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(handler: Handler, host?: string): Promise<FakeServer> {
  const server = await fakeServer(handler, host);
  servers.push(server);
  return server;
}

/** Answers with `failures` in turn, then 200 {"ok":true}. */
function failingThen(failures: Handler[]): Handler {
  let n = 0;
  return (req, res) => {
    const next = failures[n++];
    if (next) return next(req, res);
    json(res, 200, { ok: true });
  };
}

const signal = new AbortController().signal;

describe('http client retries', () => {
  it('waits at least Retry-After (seconds) before retrying a 429', async () => {
    const server = await serve(failingThen([(_, res) => json(res, 429, { error: 'slow down' }, { 'retry-after': '7' })]));
    const { http, sleeps } = testClient({ random: () => 0.99 });
    const response = await http.request({ url: `${server.url}/x`, expect: 'json' }, signal);
    expect(response.body).toEqual({ ok: true });
    expect(sleeps).toEqual([7000]);
    expect(server.requests).toHaveLength(2);
  });

  it('reads Retry-After as an HTTP date against the injected clock', async () => {
    const { http, sleeps, clock } = testClient();
    const server = await serve(failingThen([(_, res) => json(res, 503, {}, { 'retry-after': new Date(clock.now + 12_000).toUTCString() })]));
    await http.request({ url: `${server.url}/x`, expect: 'json' }, signal);
    expect(sleeps).toEqual([12_000]);
  });

  it('keeps the backoff when it is longer than Retry-After', async () => {
    const server = await serve(failingThen([(_, res) => json(res, 429, {}, { 'retry-after': '0' })]));
    const { http, sleeps } = testClient({ baseDelayMs: 1000, maxDelayMs: 60_000, random: () => 0.5 });
    await http.request({ url: `${server.url}/x`, expect: 'json' }, signal);
    expect(sleeps).toEqual([500]);
  });

  it('backs off exponentially with full jitter, capped at maxDelay', async () => {
    const fail: Handler = (_, res) => json(res, 500, {});
    const server = await serve(failingThen([fail, fail, fail, fail, fail]));
    const { http, sleeps } = testClient({ maxAttempts: 6, baseDelayMs: 100, maxDelayMs: 1000, random: () => 0.5 });
    await http.request({ url: `${server.url}/x`, expect: 'json' }, signal);
    // ceilings 100, 200, 400, 800, 1000 (capped); half of each
    expect(sleeps).toEqual([50, 100, 200, 400, 500]);
  });

  it('keeps every jittered wait inside [0, ceiling)', async () => {
    const fail: Handler = (_, res) => json(res, 502, {});
    const server = await serve(failingThen([fail, fail, fail]));
    const { http, sleeps } = testClient({ maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 10_000, random: Math.random });
    await http.request({ url: `${server.url}/x`, expect: 'json' }, signal);
    sleeps.forEach((ms, i) => {
      expect(ms).toBeGreaterThanOrEqual(0);
      expect(ms).toBeLessThan(100 * 2 ** i);
    });
  });

  it('stops after maxAttempts and says what failed and how often', async () => {
    const server = await serve((_, res) => json(res, 503, { error: 'maintenance' }));
    const { http } = testClient({ maxAttempts: 3 });
    const error = await rejection(http.request({ url: `${server.url}/api/logs?token=abc123secret`, expect: 'json', source: 'Acme' }, signal));
    expect(server.requests).toHaveLength(3);
    expect(error.code).toBe('NETWORK');
    expect(error.message).toMatch(/Source "Acme": GET http:\/\/127\.0\.0\.1:\d+\/api\/logs failed after 3 attempts; the last: 503: maintenance/);
    expect(error.message).not.toContain('abc123secret');
  });

  it('ends a run of 429s as RATE_LIMITED', async () => {
    const server = await serve((_, res) => json(res, 429, {}, { 'retry-after': '1' }));
    const { http, sleeps } = testClient({ maxAttempts: 2 });
    const error = await rejection(http.request({ url: `${server.url}/x`, expect: 'json' }, signal));
    expect(error.code).toBe('RATE_LIMITED');
    expect(sleeps).toEqual([1000]);
  });

  it('refuses to wait longer than maxRetryAfter instead of retrying early', async () => {
    const server = await serve((_, res) => json(res, 429, {}, { 'retry-after': '3600' }));
    const { http, sleeps } = testClient({ maxRetryAfterMs: 60_000 });
    const error = await rejection(http.request({ url: `${server.url}/x`, expect: 'json' }, signal));
    expect(error.code).toBe('RATE_LIMITED');
    expect(error.message).toMatch(/asked to wait 3600 s/);
    expect(sleeps).toEqual([]);
  });

  it('retries a body cut short of its Content-Length', async () => {
    const server = await serve(
      failingThen([
        (_, res) => {
          res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
          res.write('{"ok":');
          setTimeout(() => res.destroy(), 10);
        },
      ]),
    );
    const { http } = testClient();
    const response = await http.request({ url: `${server.url}/x`, expect: 'json' }, signal);
    expect(response.body).toEqual({ ok: true });
    expect(server.requests).toHaveLength(2);
  });

  it('retries a chunked body that ends without its last chunk', async () => {
    const server = await serve(
      failingThen([
        (_, res) => {
          res.writeHead(200, { 'content-type': 'text/plain' });
          res.write('partial');
          setTimeout(() => res.socket?.destroy(), 10);
        },
      ]),
    );
    const { http } = testClient();
    const response = await http.request({ url: `${server.url}/x`, expect: 'text' }, signal);
    expect(response.text).toBe('{"ok":true}');
  });

  it('retries malformed JSON and gives up with a clear error', async () => {
    const server = await serve((_, res) => text(res, 200, '{"entries": [1, 2,', { 'content-type': 'application/json' }));
    const { http } = testClient({ maxAttempts: 2 });
    const error = await rejection(http.request({ url: `${server.url}/x`, expect: 'json' }, signal));
    expect(server.requests).toHaveLength(2);
    expect(error.code).toBe('REMOTE_ERROR');
    expect(error.message).toMatch(/after 2 attempts; the last: malformed JSON body/);
  });

  it('retries a reset connection', async () => {
    const server = await serve(failingThen([(_, res) => void res.socket?.destroy()]));
    const { http } = testClient();
    expect((await http.request({ url: `${server.url}/x`, expect: 'json' }, signal)).body).toEqual({ ok: true });
  });

  it('retries a refused connection and names it', async () => {
    const server = await serve(() => undefined);
    const url = server.url;
    await server.close();
    servers.pop();
    const { http } = testClient({ maxAttempts: 2 });
    const error = await rejection(http.request({ url: `${url}/x`, expect: 'json' }, signal));
    expect(error.code).toBe('NETWORK');
    expect(error.message).toMatch(/failed after 2 attempts; the last: .*connection refused/);
  });

  it('times out a server that does not answer', async () => {
    const server = await serve(() => undefined);
    const { http } = testClient({ timeoutMs: 100, maxAttempts: 2 });
    const error = await rejection(http.request({ url: `${server.url}/x`, expect: 'json' }, signal));
    expect(error.code).toBe('NETWORK');
    expect(error.message).toMatch(/no response within 100 ms/);
    expect(server.requests).toHaveLength(2);
  });

  it('times out a body that stalls', async () => {
    const server = await serve((_, res) => {
      res.writeHead(200, { 'content-length': '50' });
      res.write('{');
    });
    const { http } = testClient({ timeoutMs: 100, maxAttempts: 1 });
    const error = await rejection(http.request({ url: `${server.url}/x`, expect: 'json' }, signal));
    expect(error.message).toMatch(/stalled for 100 ms/);
  });

  it('stops waiting when the sync is cancelled', async () => {
    const server = await serve((_, res) => json(res, 503, {}));
    const controller = new AbortController();
    const http = createHttpClient({ userAgent: 't', maxAttempts: 5, baseDelayMs: 60_000, maxDelayMs: 60_000, requestsPerSecond: 0, random: () => 1 });
    const pending = http.request({ url: `${server.url}/x`, expect: 'json' }, controller.signal);
    setTimeout(() => controller.abort(), 50);
    const error = await rejection(pending);
    expect(error.code).toBe('CANCELLED');
  });
});

describe('http client refusals', () => {
  it('does not retry a 401 and names what to fix without the token', async () => {
    const server = await serve((req, res) => json(res, 401, { error: `invalid token ${String(req.headers['authorization'])}` }));
    const { http } = testClient();
    const error = await rejection(
      http.request({ url: `${server.url}/api/v1/logs?apikey=${TOKEN}`, headers: { authorization: `SSWS ${TOKEN}` }, expect: 'json', source: 'Acme Okta', credential: 'the API token' }, signal),
    );
    expect(server.requests).toHaveLength(1);
    expect(error.code).toBe('AUTH_FAILED');
    expect(error.message).toContain('check the API token for source "Acme Okta"');
    expect(error.message).toContain('(401)');
    expect(error.message).not.toContain(TOKEN);
    expect(JSON.stringify(error)).not.toContain(TOKEN);
  });

  it('does not retry a 403 and reports FORBIDDEN', async () => {
    const server = await serve((_, res) => json(res, 403, { message: 'Resource not accessible by integration' }));
    const { http } = testClient();
    const error = await rejection(http.request({ url: `${server.url}/x`, expect: 'json', source: 'Acme' }, signal));
    expect(server.requests).toHaveLength(1);
    expect(error.code).toBe('FORBIDDEN');
    expect(error.message).toMatch(/refused this request \(403\).*Resource not accessible by integration/);
  });

  it("retries GitHub's rate-limit 403 like a 429", async () => {
    const server = await serve(failingThen([(_, res) => json(res, 403, { message: 'API rate limit exceeded' }, { 'x-ratelimit-remaining': '0', 'retry-after': '2' })]));
    const { http, sleeps } = testClient();
    await http.request({ url: `${server.url}/x`, expect: 'json' }, signal);
    expect(sleeps[0]).toBeGreaterThanOrEqual(2000);
  });

  it('reports another 4xx once, with the status and the server text shortened and scrubbed', async () => {
    const long = 'x'.repeat(1000);
    const server = await serve((req, res) => json(res, 422, { message: `bad phrase; you sent Bearer ${TOKEN} ${long}` }));
    const { http } = testClient();
    const error = await rejection(http.request({ url: `${server.url}/x`, headers: { authorization: `Bearer ${TOKEN}` }, expect: 'json' }, signal));
    expect(server.requests).toHaveLength(1);
    expect(error.code).toBe('REMOTE_ERROR');
    expect(error.message).toMatch(/failed: 422: bad phrase/);
    expect(error.message).not.toContain(TOKEN);
    expect(error.message.length).toBeLessThan(500);
  });

  it('reports a credential with a line break in it without sending or echoing it', async () => {
    const server = await serve((_, res) => json(res, 200, {}));
    const { http } = testClient();
    const error = await rejection(http.request({ url: `${server.url}/x`, headers: { authorization: `Bearer ${TOKEN}\n` }, expect: 'json' }, signal));
    expect(server.requests).toHaveLength(0);
    expect(error.message).toMatch(/could not be sent .*line breaks/);
    expect(error.message).not.toContain(TOKEN);
  });

  it('requires HTTPS for anything but loopback', async () => {
    const { http } = testClient();
    const error = await rejection(http.request({ url: 'http://tenant.example.com/api/v1/logs?token=abc123secret', expect: 'json' }, signal));
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toContain('http://tenant.example.com/api/v1/logs is not HTTPS');
    expect(error.message).not.toContain('abc123secret');
  });

  it('knows the loopback addresses', () => {
    expect(['localhost', '127.0.0.1', '127.1.2.3', '[::1]'].every(isLoopback)).toBe(true);
    expect(['10.0.0.1', '128.0.0.1', 'example.com', '127.0.0.1.example.com'].some(isLoopback)).toBe(false);
    expect(checkUrl('http://[::1]:8080/x').hostname).toBe('[::1]');
    expect(() => checkUrl('https://user:pw@tenant.example.com/')).toThrow(/user name or password/);
  });
});

describe('http client pacing and bodies', () => {
  it('spaces requests to the rate ceiling on the injected clock', async () => {
    const arrivals: number[] = [];
    const { http, clock } = testClient({ requestsPerSecond: 4 });
    const server = await serve((_, res) => {
      arrivals.push(clock.now);
      json(res, 200, {});
    });
    const start = clock.now;
    for (let i = 0; i < 5; i += 1) await http.request({ url: `${server.url}/x`, expect: 'json' }, signal);
    expect(arrivals.map((t) => t - start)).toEqual([0, 250, 500, 750, 1000]);
  });

  it('slows down when the server says few requests remain until its reset', async () => {
    const { http, clock, sleeps } = testClient();
    const reset = Math.floor(clock.now / 1000) + 10;
    const server = await serve((_, res) => json(res, 200, {}, { 'x-rate-limit-limit': '100', 'x-rate-limit-remaining': '1', 'x-rate-limit-reset': String(reset) }));
    await http.request({ url: `${server.url}/x`, expect: 'json' }, signal);
    await http.request({ url: `${server.url}/x`, expect: 'json' }, signal);
    // 1 request left in 10 s: spread over the 2 slots until the reset
    expect(sleeps).toEqual([5000]);
  });

  it('decodes a gzip body', async () => {
    const server = await serve((_, res) => {
      const body = gzipSync('{"entries":[1,2,3]}');
      res.writeHead(200, { 'content-encoding': 'gzip', 'content-length': String(body.length) });
      res.end(body);
    });
    const { http } = testClient();
    expect((await http.request({ url: `${server.url}/x`, expect: 'json' }, signal)).body).toEqual({ entries: [1, 2, 3] });
  });

  it('answers bytes for a download', async () => {
    const server = await serve((_, res) => text(res, 200, 'a,b\n1,2\n'));
    const { http } = testClient();
    const response = await http.request({ url: `${server.url}/x`, expect: 'bytes' }, signal);
    expect(Buffer.isBuffer(response.body)).toBe(true);
    expect((response.body as Buffer).toString()).toBe('a,b\n1,2\n');
  });

  it('drops the credential when a redirect leaves the origin', async () => {
    const other = await serve((req, res) => json(res, 200, { authorization: req.headers['authorization'] ?? null, key: req.headers['x-api-key'] ?? null }), 'localhost');
    const server = await serve((_, res) => {
      res.writeHead(302, { location: `${other.url}/file?sig=abc` });
      res.end();
    });
    const { http } = testClient();
    const response = await http.request({ url: `${server.url}/download`, headers: { authorization: `Bearer ${TOKEN}`, 'x-api-key': TOKEN }, expect: 'json' }, signal);
    expect(response.body).toEqual({ authorization: null, key: null });
  });

  it('sends JSON and form bodies with their content types', async () => {
    const server = await serve((req, res) => json(res, 200, { type: req.headers['content-type'], body: req.body }));
    const { http } = testClient();
    const a = await http.request({ method: 'POST', url: `${server.url}/x`, json: { a: 1 }, expect: 'json' }, signal);
    const b = await http.request({ method: 'POST', url: `${server.url}/x`, form: { grant_type: 'client_credentials' }, expect: 'json' }, signal);
    expect(a.body).toEqual({ type: 'application/json', body: '{"a":1}' });
    expect(b.body).toEqual({ type: 'application/x-www-form-urlencoded', body: 'grant_type=client_credentials' });
  });
});
