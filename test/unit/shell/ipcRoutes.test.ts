import { beforeEach, describe, expect, it, vi } from 'vitest';
import { EVENT_CHANNEL, IPC_PREFIX, PUBLIC_CHANNELS, type PublicChannel } from '../../../src-shared/channels';
import type { EngineEvent } from '../../../src-shared/contract';
import type { EngagementSummary } from '../../../src-shared/engagement';
import { fail, ok, type Result } from '../../../src-shared/errors';
import type { EngineClient } from '../../../src-main/engine/engineClient';
import { registerIpcRoutes, type FrameLike, type WindowLike } from '../../../src-main/ipcRoutes';
import type { Keychain, KeychainStatus } from '../../../src-main/keychain';

// ipcRoutes reads the app origin from window.ts, which imports electron.
vi.mock('electron', () => ({ BrowserWindow: class {} }));

let warn: ReturnType<typeof vi.spyOn>;
beforeEach(() => {
  warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  return () => warn.mockRestore();
});

const KEY = Buffer.alloc(32, 9).toString('base64');
const PASSPHRASE = 'correct horse battery staple';
const FOLDER = '/cases/acme-2025';

function summary(overrides: Partial<EngagementSummary> = {}): EngagementSummary {
  return {
    id: 'E1',
    name: 'Acme Q1',
    folder: FOLDER,
    periodFrom: '2025-01-01',
    periodTo: '2025-03-31',
    timeZone: 'Europe/Berlin',
    createdAt: '2025-04-01T00:00:00.000Z',
    eventCount: 0,
    remembered: false,
    ...overrides,
  };
}

type Call = { channel: string; request: unknown };

function fakeEngine(options: { exportedId?: string; openWithKey?: Result<EngagementSummary>; throws?: boolean } = {}) {
  const calls: Call[] = [];
  const internals: { op: string; request: unknown }[] = [];
  const listeners = new Set<(event: EngineEvent) => void>();
  const engine: EngineClient = {
    call: async (channel, request) => {
      if (options.throws) throw new Error(`worker exploded while handling ${JSON.stringify(request)}`);
      calls.push({ channel, request });
      if (channel === 'engagement.recent') {
        return ok({ items: [{ id: 'E1', name: 'Acme Q1', folder: FOLDER, lastOpenedAt: '2025-04-02T00:00:00Z', remembered: true }] }) as never;
      }
      if (channel === 'engagement.create' || channel === 'engagement.open') return ok(summary()) as never;
      return ok({ echoed: channel }) as never;
    },
    internal: async (op, request) => {
      internals.push({ op, request });
      if (op === 'key.export') return ok({ engagementId: options.exportedId ?? 'E1', keyBase64: KEY }) as never;
      if (op === 'engagement.openWithKey') return (options.openWithKey ?? ok(summary({ remembered: true }))) as never;
      return ok({ ok: true }) as never;
    },
    onEvent: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close: async () => undefined,
  };
  return { engine, calls, internals, emit: (event: EngineEvent) => listeners.forEach((l) => l(event)), listeners };
}

function fakeKeychain(status: KeychainStatus = { available: true }, remembered: Record<string, string> = {}) {
  const stored: { id: string; key: string }[] = [];
  const keychain: Keychain = {
    status: async () => status,
    store: async (id, key) => {
      stored.push({ id, key });
      remembered[id] = key;
      return ok({ stored: true as const });
    },
    load: async (id) => remembered[id] ?? null,
  };
  return { keychain, stored };
}

function setup(options: { engine?: ReturnType<typeof fakeEngine>; keychain?: ReturnType<typeof fakeKeychain>; url?: string; noWindow?: boolean } = {}) {
  const engine = options.engine ?? fakeEngine();
  const keychain = options.keychain ?? fakeKeychain();
  const handlers = new Map<string, (event: unknown, raw: unknown) => Promise<Result<unknown>>>();
  const ipcMain = {
    handle: vi.fn((channel: string, handler: (event: unknown, raw: unknown) => Promise<Result<unknown>>) => handlers.set(channel, handler)),
    removeHandler: vi.fn((channel: string) => handlers.delete(channel)),
  };
  const mainFrame: FrameLike = { url: options.url ?? 'app://auditor/index.html', processId: 4, routingId: 1 };
  const sent: { channel: string; payload: unknown }[] = [];
  let destroyed = false;
  const window: WindowLike = {
    webContents: { mainFrame, isDestroyed: () => destroyed, send: (channel, payload) => sent.push({ channel, payload }) },
    isDestroyed: () => destroyed,
  };
  const dispose = registerIpcRoutes({
    ipcMain: ipcMain as never,
    engine: engine.engine,
    keychain: keychain.keychain,
    mainWindow: () => (options.noWindow ? null : window),
  });
  const invoke = (channel: PublicChannel, raw: unknown, senderFrame: FrameLike | null = mainFrame) => {
    const handler = handlers.get(IPC_PREFIX + channel);
    if (!handler) throw new Error(`no handler for ${channel}`);
    return handler({ senderFrame }, raw);
  };
  return { engine, keychain, ipcMain, handlers, invoke, mainFrame, sent, dispose, destroy: () => (destroyed = true) };
}

const validCreate = {
  folder: FOLDER,
  name: 'Acme Q1',
  periodFrom: '2025-01-01',
  periodTo: '2025-03-31',
  timeZone: 'Europe/Berlin',
  passphrase: PASSPHRASE,
};

describe('IPC routes: registration and senders', () => {
  it('registers exactly one prefixed handler per public channel', () => {
    const { handlers } = setup();
    expect([...handlers.keys()].sort()).toEqual(PUBLIC_CHANNELS.map((c) => IPC_PREFIX + c).sort());
  });

  it('forwards a valid call from the app main frame to the engine and returns its Result', async () => {
    const { invoke, engine } = setup();
    expect(await invoke('jobs.get', { id: 'job-1' })).toEqual({ ok: true, value: { echoed: 'jobs.get' } });
    expect(engine.calls).toEqual([{ channel: 'jobs.get', request: { id: 'job-1' } }]);
  });

  it('passes the parsed request, defaults filled in', async () => {
    const { invoke, engine } = setup();
    await invoke('activity.list', undefined);
    expect(engine.calls).toEqual([{ channel: 'activity.list', request: { limit: 1000 } }]);
  });

  it.each([
    ['another frame on the app origin (a subframe)', { url: 'app://auditor/index.html', processId: 4, routingId: 2 }],
    ['a frame of another window', { url: 'app://auditor/index.html', processId: 7, routingId: 1 }],
    ['a destroyed frame', null],
  ])('refuses %s with FORBIDDEN before the engine sees it', async (_label, frame) => {
    const { invoke, engine } = setup();
    expect(await invoke('engagement.current', {}, frame)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(engine.calls).toEqual([]);
    expect(warn).toHaveBeenCalledOnce();
  });

  it.each(['https://evil.example/', 'file:///tmp/index.html', 'app://evil/index.html', 'about:blank'])(
    'refuses the main frame when it shows %s',
    async (url) => {
      const { invoke, engine, mainFrame } = setup({ url });
      expect(await invoke('engagement.create', validCreate, mainFrame)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      expect(engine.calls).toEqual([]);
    },
  );

  it('refuses calls while no window is open', async () => {
    const { invoke, engine } = setup({ noWindow: true });
    expect(await invoke('app.info', {}, { url: 'app://auditor/index.html', processId: 4, routingId: 1 })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(engine.calls).toEqual([]);
  });

  it('removes its handlers and event forwarding when disposed', () => {
    const { dispose, handlers, engine } = setup();
    dispose();
    expect(handlers.size).toBe(0);
    expect(engine.listeners.size).toBe(0);
  });
});

describe('IPC routes: validation', () => {
  it.each<[PublicChannel, unknown]>([
    ['jobs.get', { id: 5 }],
    ['jobs.get', {}],
    ['events.get', { uid: 'u1', extra: true }],
    ['engagement.close', { sneaky: 1 }],
    ['app.info', 'not an object'],
    ['engagement.create', { ...validCreate, periodFrom: '2025-04-01', periodTo: '2025-01-01' }],
  ])('answers BAD_REQUEST to %s %j without calling the engine', async (channel, raw) => {
    const { invoke, engine } = setup();
    const result = await invoke(channel, raw);
    expect(result).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(engine.calls).toEqual([]);
    expect(engine.internals).toEqual([]);
  });

  it.each([
    ['a too-short passphrase', { ...validCreate, passphrase: 'hunter2' }, 'hunter2'],
    ['a passphrase beside a bad field', { ...validCreate, timeZone: 42 }, PASSPHRASE],
    ['a passphrase repeated as an unknown key', { ...validCreate, [PASSPHRASE]: true }, PASSPHRASE],
    ['a passphrase that is not a string', { ...validCreate, passphrase: { value: PASSPHRASE } }, PASSPHRASE],
    ['a passphrase of the wrong type', { ...validCreate, passphrase: 12345678 }, '12345678'],
  ])('never echoes %s in a BAD_REQUEST message', async (_label, raw, secret) => {
    const { invoke } = setup();
    const result = await invoke('engagement.create', raw);
    expect(result.ok).toBe(false);
    expect(JSON.stringify(result)).not.toContain(secret);
  });

  it('still says what is wrong with a passphrase', async () => {
    const { invoke } = setup();
    const result = await invoke('engagement.create', { ...validCreate, passphrase: 'hunter2' });
    expect(result).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', message: expect.stringContaining('passphrase: use at least 8 characters') } });
  });
});

describe('IPC routes: OS keychain', () => {
  it('wraps exactly the exported key after a create with remember', async () => {
    const { invoke, keychain, engine } = setup();
    const result = await invoke('engagement.create', { ...validCreate, remember: true });
    expect(result).toEqual({ ok: true, value: summary({ remembered: true }) });
    expect(keychain.stored).toEqual([{ id: 'E1', key: KEY }]);
    expect(engine.internals).toEqual([
      { op: 'key.export', request: {} },
      { op: 'recent.setRemembered', request: { folder: FOLDER, remembered: true } },
    ]);
    expect(JSON.stringify(result)).not.toContain(KEY);
  });

  it('does not export the key when remember is not asked for', async () => {
    const { invoke, keychain, engine } = setup();
    await invoke('engagement.open', { folder: FOLDER, passphrase: PASSPHRASE });
    expect(engine.internals).toEqual([]);
    expect(keychain.stored).toEqual([]);
  });

  it('wraps the key after an open with passphrase and remember', async () => {
    const { invoke, keychain, engine } = setup();
    const result = await invoke('engagement.open', { folder: FOLDER, passphrase: PASSPHRASE, remember: true });
    expect(result).toMatchObject({ ok: true, value: { remembered: true } });
    expect(engine.calls[0]).toEqual({ channel: 'engagement.open', request: { folder: FOLDER, passphrase: PASSPHRASE, remember: true } });
    expect(keychain.stored).toEqual([{ id: 'E1', key: KEY }]);
  });

  it('never files a key exported for another engagement', async () => {
    const { invoke, keychain } = setup({ engine: fakeEngine({ exportedId: 'E9' }) });
    const result = await invoke('engagement.create', { ...validCreate, remember: true });
    expect(result).toMatchObject({ ok: true, value: { remembered: false } });
    expect(keychain.stored).toEqual([]);
  });

  it('opens the engagement but reports remembered=false when there is no keychain', async () => {
    const { invoke, keychain, engine } = setup({ keychain: fakeKeychain({ available: false, reason: 'basic_text' }) });
    const result = await invoke('engagement.create', { ...validCreate, remember: true });
    expect(result).toMatchObject({ ok: true, value: { id: 'E1', remembered: false } });
    expect(engine.internals).toEqual([]);
    expect(keychain.stored).toEqual([]);
  });

  it('opens with the remembered key through engagement.openWithKey', async () => {
    const { invoke, engine } = setup({ keychain: fakeKeychain({ available: true }, { E1: KEY }) });
    const result = await invoke('engagement.open', { folder: FOLDER });
    expect(result).toEqual({ ok: true, value: summary({ remembered: true }) });
    expect(engine.internals).toEqual([{ op: 'engagement.openWithKey', request: { folder: FOLDER, keyBase64: KEY } }]);
    expect(engine.calls.map((c) => c.channel)).toEqual(['engagement.recent']);
    expect(JSON.stringify(result)).not.toContain(KEY);
  });

  it('asks for the passphrase when nothing is remembered', async () => {
    const { invoke, engine } = setup();
    expect(await invoke('engagement.open', { folder: FOLDER })).toMatchObject({ ok: false, error: { code: 'PASSPHRASE_REQUIRED' } });
    expect(engine.internals).toEqual([]);
  });

  it('asks for the passphrase when the folder is not in the recent list', async () => {
    const { invoke, engine } = setup({ keychain: fakeKeychain({ available: true }, { E1: KEY }) });
    expect(await invoke('engagement.open', { folder: '/cases/other' })).toMatchObject({ ok: false, error: { code: 'PASSPHRASE_REQUIRED' } });
    expect(engine.internals).toEqual([]);
  });

  it('answers KEYCHAIN_UNAVAILABLE without a usable keychain', async () => {
    const { invoke, engine } = setup({ keychain: fakeKeychain({ available: false, reason: 'basic_text' }, { E1: KEY }) });
    expect(await invoke('engagement.open', { folder: FOLDER })).toMatchObject({ ok: false, error: { code: 'KEYCHAIN_UNAVAILABLE' } });
    expect(engine.internals).toEqual([]);
  });

  it('asks for the passphrase when the remembered key no longer fits', async () => {
    const engine = fakeEngine({ openWithKey: fail('WRONG_PASSPHRASE', 'the passphrase does not unlock this engagement') });
    const { invoke } = setup({ engine, keychain: fakeKeychain({ available: true }, { E1: KEY }) });
    expect(await invoke('engagement.open', { folder: FOLDER })).toMatchObject({ ok: false, error: { code: 'PASSPHRASE_REQUIRED' } });
  });
});

describe('IPC routes: engine failures and events', () => {
  it('answers INTERNAL without the thrown message when the engine throws', async () => {
    const { invoke } = setup({ engine: fakeEngine({ throws: true }) });
    const result = await invoke('engagement.open', { folder: FOLDER, passphrase: PASSPHRASE });
    expect(result).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(JSON.stringify(result)).not.toContain(PASSPHRASE);
  });

  it('forwards engine events to the window on the event channel', () => {
    const { engine, sent } = setup();
    engine.emit({ type: 'engagement', open: true });
    expect(sent).toEqual([{ channel: EVENT_CHANNEL, payload: { type: 'engagement', open: true } }]);
  });

  it('does not send engine events to a page that is not the app', () => {
    const { engine, sent } = setup({ url: 'https://evil.example/' });
    engine.emit({ type: 'engagement', open: true });
    expect(sent).toEqual([]);
  });

  it('drops engine events once the window is destroyed', () => {
    const { engine, sent, destroy } = setup();
    destroy();
    engine.emit({ type: 'engagement', open: false });
    expect(sent).toEqual([]);
  });
});
