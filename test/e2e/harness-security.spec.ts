/** The development harness's own defences, seen from outside (test/harness/preview.ts). */
import { request as httpRequest } from 'node:http';
import { expect, test } from '@playwright/test';
import { startPreview, type PreviewProcess } from './previewProcess';

let preview: PreviewProcess;

test.beforeAll(async () => {
  preview = await startPreview();
});

test.afterAll(async () => {
  await preview?.stop();
});

interface Reply {
  status: number;
  setCookie: string[];
  body: string;
}

/** node:http, because browsers and fetch() will not forge a Host header. */
function get(path: string, headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port: preview.port, path, headers: { host: `127.0.0.1:${preview.port}`, ...headers } },
      (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, setCookie: res.headers['set-cookie'] ?? [], body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

test('refuses a request without the session cookie', async () => {
  expect((await get('/')).status).toBe(403);
  expect((await get('/api/events')).status).toBe(403);
});

test('refuses a wrong Host header, even with the token', async () => {
  const rebound = await get(`/?token=${preview.token}`, { host: `attacker.example:${preview.port}` });
  expect(rebound.status).toBe(403);
  expect(rebound.setCookie).toEqual([]);
});

test('the token works once; reusing it is refused', async ({ browser }) => {
  const first = await get(`/?token=${preview.token}`);
  expect(first.status).toBe(302);
  expect(first.setCookie[0]).toMatch(/HttpOnly/);
  expect(first.setCookie[0]).toMatch(/SameSite=Strict/);

  const again = await get(`/?token=${preview.token}`);
  expect(again.status).toBe(403);

  // A browser given the spent link gets no session either.
  const context = await browser.newContext();
  const page = await context.newPage();
  const response = await page.goto(preview.url);
  expect(response?.status()).toBe(403);
  await context.close();

  // The cookie from the first exchange still works, from our origin only.
  const cookie = first.setCookie[0]?.split(';')[0] ?? '';
  expect((await get('/', { cookie })).status).toBe(200);
  expect((await get('/', { cookie, host: 'localhost:' + preview.port })).status).toBe(403);
});
