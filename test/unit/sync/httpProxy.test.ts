import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import net, { type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpClient } from '../../../src-main/engine/sync/httpClient';
import { tempDir } from '../../support/tempDir';
import { rejection } from './fakeServer';

/** A self-signed certificate for tenant.test, so TLS through the tunnel is verified for real. */
function certificate(): { key: Buffer; cert: Buffer } | null {
  const dir = tempDir();
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir.path, 'key.pem'), '-out', join(dir.path, 'cert.pem'), '-days', '1', '-subj', '/CN=tenant.test', '-addext', 'subjectAltName=DNS:tenant.test'], { stdio: 'ignore' });
    return { key: readFileSync(join(dir.path, 'key.pem')), cert: readFileSync(join(dir.path, 'cert.pem')) };
  } catch {
    return null;
  } finally {
    dir.cleanup();
  }
}

const tls = certificate();
const servers: Server[] = [];
let tenantPort = 0;
let proxyUrl = '';
const connects: { authority: string; auth: string | undefined }[] = [];
const tunnels: net.Socket[] = [];

function listen(server: Server): Promise<number> {
  servers.push(server);
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

beforeAll(async () => {
  if (!tls) return;
  tenantPort = await listen(
    createHttpsServer({ key: tls.key, cert: tls.cert }, (req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ path: req.url, host: req.headers.host, auth: req.headers.authorization ?? null }));
    }),
  );
  // A CONNECT proxy (RFC 9110 §9.3.6) that sends every tunnel to the local tenant and wants a password.
  const proxy = createHttpServer((_, res) => res.writeHead(405).end());
  proxy.on('connect', (req, socket: net.Socket) => {
    tunnels.push(socket);
    connects.push({ authority: req.url ?? '', auth: req.headers['proxy-authorization'] });
    if (req.headers['proxy-authorization'] !== `Basic ${Buffer.from('alice:pr0xy-pass').toString('base64')}`) {
      socket.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic\r\n\r\n');
      return;
    }
    const upstream = net.connect(tenantPort, '127.0.0.1', () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    tunnels.push(upstream);
    upstream.on('error', () => socket.destroy());
    socket.on('error', () => upstream.destroy());
  });
  proxyUrl = `http://127.0.0.1:${await listen(proxy)}`;
});

afterAll(async () => {
  for (const socket of tunnels) socket.destroy();
  await Promise.all(
    servers.map(
      (s) =>
        new Promise<void>((resolve) => {
          s.closeAllConnections();
          s.close(() => resolve());
        }),
    ),
  );
});

describe.skipIf(tls === null)('http client through an HTTPS proxy', () => {
  it('tunnels with CONNECT and verifies the tenant certificate by its name', async () => {
    const http = createHttpClient({ userAgent: 't', proxy: `http://alice:pr0xy-pass@${proxyUrl.slice(7)}`, ca: tls!.cert, maxAttempts: 1 });
    const response = await http.request({ url: 'https://tenant.test/api/v1/logs?limit=1', headers: { authorization: 'SSWS abcdef123456' }, expect: 'json' }, new AbortController().signal);
    expect(response.body).toEqual({ path: '/api/v1/logs?limit=1', host: 'tenant.test', auth: 'SSWS abcdef123456' });
    expect(connects.at(-1)?.authority).toBe('tenant.test:443');
  });

  it('reports a proxy that wants credentials, without retrying and without the password', async () => {
    const http = createHttpClient({ userAgent: 't', proxy: `http://alice:wrong-pass@${proxyUrl.slice(7)}`, ca: tls!.cert, maxAttempts: 3 });
    const before = connects.length;
    const error = await rejection(http.request({ url: 'https://tenant.test/x', expect: 'json' }, new AbortController().signal));
    expect(connects.length - before).toBe(1);
    expect(error.message).toMatch(/requires authentication \(407\)/);
    expect(error.message).not.toContain('wrong-pass');
  });

  it('refuses a certificate it does not trust', async () => {
    const http = createHttpClient({ userAgent: 't', proxy: `http://alice:pr0xy-pass@${proxyUrl.slice(7)}`, maxAttempts: 3 });
    const error = await rejection(http.request({ url: 'https://tenant.test/x', expect: 'json' }, new AbortController().signal));
    expect(error.code).toBe('NETWORK');
    expect(error.message).toMatch(/TLS certificate not trusted/);
    expect(error.message).not.toMatch(/after \d attempts/);
  });
});
