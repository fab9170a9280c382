import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { IPC_PREFIX, PUBLIC_CHANNELS } from '../../../src-shared/channels';

const fakes = vi.hoisted(() => {
  type Listener = (...args: unknown[]) => unknown;
  const make = () => {
    const appListeners = new Map<string, Listener[]>();
    const windows: FakeWindow[] = [];
    class FakeWindow {
      readonly options: { webPreferences: { preload: string } };
      readonly webContents = { mainFrame: { url: 'app://auditor/index.html' }, isDestroyed: () => false, send: vi.fn() };
      readonly on = vi.fn();
      readonly once = vi.fn();
      readonly show = vi.fn();
      readonly loadURL = vi.fn(async () => undefined);
      isDestroyed = () => false;
      constructor(options: { webPreferences: { preload: string } }) {
        this.options = options;
        windows.push(this);
      }
    }
    const engine = { call: vi.fn(), internal: vi.fn(), onEvent: vi.fn(() => () => undefined), close: vi.fn(async () => undefined) };
    const electron = {
      app: {
        lock: true,
        enableSandbox: vi.fn(),
        setPath: vi.fn(),
        getPath: vi.fn((name: string) => `/fake/${name}`),
        requestSingleInstanceLock: vi.fn(function (this: { lock: boolean }) {
          return this.lock;
        }),
        whenReady: vi.fn(() => Promise.resolve()),
        on: vi.fn((event: string, listener: Listener) => {
          appListeners.set(event, [...(appListeners.get(event) ?? []), listener]);
        }),
        quit: vi.fn(),
        exit: vi.fn(),
      },
      protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
      session: { defaultSession: { setPermissionRequestHandler: vi.fn(), setPermissionCheckHandler: vi.fn() } },
      shell: { openExternal: vi.fn(async () => undefined) },
      ipcMain: { handle: vi.fn(), removeHandler: vi.fn() },
      safeStorage: {},
      dialog: { showErrorBox: vi.fn() },
      BrowserWindow: FakeWindow,
    };
    return { electron, appListeners, windows, engine, startWorkerEngine: vi.fn(async () => engine) };
  };
  return { current: make(), make };
});

// Mock factories run once; the getters let each boot() see a fresh set of fakes.
vi.mock('electron', () => ({
  get app() {
    return fakes.current.electron.app;
  },
  get protocol() {
    return fakes.current.electron.protocol;
  },
  get session() {
    return fakes.current.electron.session;
  },
  get shell() {
    return fakes.current.electron.shell;
  },
  get ipcMain() {
    return fakes.current.electron.ipcMain;
  },
  get safeStorage() {
    return fakes.current.electron.safeStorage;
  },
  get dialog() {
    return fakes.current.electron.dialog;
  },
  get BrowserWindow() {
    return fakes.current.electron.BrowserWindow;
  },
}));
vi.mock('../../../src-main/engine/workerEngine', () => ({
  startWorkerEngine: (...args: unknown[]) => (fakes.current.startWorkerEngine as (...a: unknown[]) => unknown)(...args),
}));

async function boot(lock = true) {
  vi.resetModules();
  fakes.current = fakes.make();
  fakes.current.electron.app.lock = lock;
  await import('../../../src-main/main');
  const f = fakes.current;
  if (lock) await vi.waitFor(() => expect(f.windows).toHaveLength(1));
  return f;
}

function listener(f: typeof fakes.current, event: string) {
  const found = f.appListeners.get(event)?.[0];
  if (!found) throw new Error(`no app '${event}' listener`);
  return found;
}

describe('main process entry', () => {
  beforeEach(() => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
  });

  it('enables the sandbox and registers the app scheme before ready', async () => {
    const f = await boot();
    const { app, protocol } = f.electron;
    expect(app.enableSandbox).toHaveBeenCalledOnce();
    expect(protocol.registerSchemesAsPrivileged).toHaveBeenCalledExactlyOnceWith([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
    const readyAt = app.whenReady.mock.invocationCallOrder[0] ?? 0;
    expect(app.enableSandbox.mock.invocationCallOrder[0]).toBeLessThan(readyAt);
    expect(protocol.registerSchemesAsPrivileged.mock.invocationCallOrder[0]).toBeLessThan(readyAt);
    expect(app.requestSingleInstanceLock).toHaveBeenCalledOnce();
  });

  it('serves the renderer over app:// with the CSP and refuses traversal', async () => {
    const f = await boot();
    const [scheme, handler] = f.electron.protocol.handle.mock.calls[0] as unknown as [string, (request: Request) => Promise<Response>];
    expect(scheme).toBe('app');
    const response = await handler(new Request('app://auditor/..%2f..%2fpackage.json'));
    expect(response.status).toBe(403);
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
  });

  it('denies permissions on the default session', async () => {
    const f = await boot();
    expect(f.electron.session.defaultSession.setPermissionRequestHandler).toHaveBeenCalledOnce();
    expect(f.electron.session.defaultSession.setPermissionCheckHandler).toHaveBeenCalledOnce();
  });

  it('guards every web contents against navigation and window.open', async () => {
    const f = await boot();
    const contents = { on: vi.fn(), setWindowOpenHandler: vi.fn() };
    listener(f, 'web-contents-created')({}, contents);
    expect(contents.on.mock.calls.map((call) => call[0])).toEqual(expect.arrayContaining(['will-navigate', 'will-redirect']));
    const [openHandler] = contents.setWindowOpenHandler.mock.calls[0] as [(details: { url: string }) => { action: string }];
    expect(openHandler({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
  });

  it('starts the worker engine with the bundled worker and userData as its state folder', async () => {
    const f = await boot();
    expect(f.startWorkerEngine).toHaveBeenCalledOnce();
    const [options] = f.startWorkerEngine.mock.calls[0] as unknown as [{ workerPath: string; stateDir: string; transport: string }];
    expect(path.basename(options.workerPath)).toBe('engineWorker.js');
    expect(options.stateDir).toBe('/fake/userData');
    expect(options.transport).toBe('electron');
    const preload = f.windows[0]?.options.webPreferences.preload ?? '';
    expect(path.basename(preload)).toBe('preload.cjs');
    expect(path.dirname(preload)).toBe(path.dirname(options.workerPath));
  });

  it('routes every public channel through ipcMain', async () => {
    const f = await boot();
    const channels = f.electron.ipcMain.handle.mock.calls.map((call) => call[0]);
    expect(channels.sort()).toEqual(PUBLIC_CHANNELS.map((c) => IPC_PREFIX + c).sort());
  });

  it('closes the engine before quitting', async () => {
    const f = await boot();
    const event = { preventDefault: vi.fn() };
    listener(f, 'will-quit')(event);
    expect(event.preventDefault).toHaveBeenCalledOnce();
    expect(f.engine.close).toHaveBeenCalledOnce();
    await vi.waitFor(() => expect(f.electron.app.quit).toHaveBeenCalledOnce());
    const again = { preventDefault: vi.fn() };
    listener(f, 'will-quit')(again);
    expect(again.preventDefault).not.toHaveBeenCalled();
  });

  it('quits without starting an engine when another instance holds the lock', async () => {
    const f = await boot(false);
    expect(f.electron.app.quit).toHaveBeenCalledOnce();
    expect(f.electron.app.whenReady).not.toHaveBeenCalled();
    expect(f.startWorkerEngine).not.toHaveBeenCalled();
  });
});
