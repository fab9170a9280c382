/**
 * The grep test (issue "Sync": credentials never written to a log or an error message): every
 * connector, every way a request can fail, against a server that echoes the request's headers
 * and body back in its error text — and the credential appears in no thrown message and in
 * nothing written to the console.
 */
import type { ServerResponse } from 'node:http';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SourceCredential, SourceKind } from '../../../src-main/engine/sync/connector';
import { connectorFor } from '../../../src-main/engine/sync/connectors';
import { collect, fakeServer, json, runOf, sourceOf, testClient, TOKEN, type FakeServer, type SeenRequest } from './fakeServer';

const CLIENT_SECRET = 'oauth-SECRET-7d3e9b1f5a';
const ACCESS_TOKEN = 'access-SECRET-c4e8a2f6b0';
const KINDS: SourceKind[] = ['export-job', 'pull', 'okta', 'github'];
const FAULTS = ['401', '403', '400', '500', 'failed-job', 'token-400', 'token-401'] as const;
type Fault = (typeof FAULTS)[number];

const servers: FakeServer[] = [];
const written: string[] = [];
beforeEach(() => {
  for (const method of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      written.push(args.map((a) => (a instanceof Error ? `${a.message} ${a.stack ?? ''}` : typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
    });
  }
});
afterEach(async () => {
  vi.restoreAllMocks();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

function echo(req: SeenRequest): string {
  return `you sent ${req.method} ${req.url.href} with ${JSON.stringify(req.headers)} and body ${req.body}`;
}

function echoingServer(fault: Fault): (req: SeenRequest, res: ServerResponse) => void {
  return (req, res) => {
    if (req.url.pathname === '/token') {
      if (fault === 'token-400') return json(res, 400, { error: 'invalid_client', error_description: echo(req) });
      if (fault === 'token-401') return json(res, 401, { error: 'invalid_client', error_description: echo(req) });
      return json(res, 200, { access_token: ACCESS_TOKEN, token_type: 'Bearer', expires_in: 60 });
    }
    if (fault === 'failed-job') {
      if (req.method === 'POST') return json(res, 201, { id: 'exp_1', status: 'PENDING' });
      if (req.url.pathname.startsWith('/api/v1/exports/')) return json(res, 200, { id: 'exp_1', status: 'FAILED', error: echo(req) });
    }
    const status = fault === '401' ? 401 : fault === '403' ? 403 : fault === '500' ? 500 : 400;
    json(res, status, { message: echo(req), error: echo(req), errorSummary: echo(req) }, { 'x-echo': String(req.headers['authorization'] ?? '') });
  };
}

const secrets = [TOKEN, CLIENT_SECRET, ACCESS_TOKEN, Buffer.from(`client-z:${CLIENT_SECRET}`).toString('base64')];

describe.each(KINDS)('%s connector never reveals a credential', (kind) => {
  it.each(FAULTS)('when the server answers %s', async (fault) => {
    const server = await fakeServer(echoingServer(fault));
    servers.push(server);
    const oauth = fault.startsWith('token');
    const credential: SourceCredential = oauth ? { type: 'oauth-client', clientId: 'client-z', clientSecret: CLIENT_SECRET, tokenUrl: `${server.url}/token` } : { type: 'token', token: TOKEN };
    const source = sourceOf(kind, server.url, { org: 'acme' }, credential);
    const { http } = testClient({ maxAttempts: 2 });
    const messages: string[] = [];
    for (const attempt of [() => collect(connectorFor(kind), runOf(source, http)), () => connectorFor(kind).test({ source, http, signal: new AbortController().signal })]) {
      try {
        await attempt();
        messages.push('(no error)');
      } catch (error) {
        messages.push(`${(error as Error).message} ${JSON.stringify(error)} ${(error as Error).stack ?? ''}`);
      }
    }
    expect(server.requests.length).toBeGreaterThan(0);
    expect(messages).not.toContain('(no error)');
    const everything = [...messages, ...written].join('\n');
    for (const secret of secrets) expect(everything).not.toContain(secret);
  });
});
