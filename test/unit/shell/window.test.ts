import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

const electron = vi.hoisted(() => {
  class FakeBrowserWindow {
    static instances: FakeBrowserWindow[] = [];
    readonly options: Record<string, unknown>;
    readonly once = vi.fn((event: string, listener: () => void) => this.onceListeners.set(event, listener));
    readonly show = vi.fn();
    readonly loadURL = vi.fn(async (_url: string) => undefined);
    readonly onceListeners = new Map<string, () => void>();
    constructor(options: Record<string, unknown>) {
      this.options = options;
      FakeBrowserWindow.instances.push(this);
    }
  }
  return { BrowserWindow: FakeBrowserWindow };
});
vi.mock('electron', () => electron);

const {
  APP_ENTRY_URL,
  CONTENT_SECURITY_POLICY,
  createMainWindow,
  hardenSession,
  hardenWebContents,
  isExternalLinkAllowed,
  rendererResponse,
} = await import('../../../src-main/window');

const EXPECTED_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; object-src 'none'";

describe('main window', () => {
  it('is created hidden with the secure webPreferences and the bundled preload', () => {
    createMainWindow({ preloadPath: '/app/dist/main/preload.cjs' });
    const window = electron.BrowserWindow.instances.at(-1);
    expect(window?.options.show).toBe(false);
    expect(window?.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      spellcheck: false,
      preload: '/app/dist/main/preload.cjs',
    });
  });

  it('loads the app origin and shows itself once ready to show', () => {
    createMainWindow({ preloadPath: '/p.cjs' });
    const window = electron.BrowserWindow.instances.at(-1);
    expect(window?.loadURL).toHaveBeenCalledExactlyOnceWith(APP_ENTRY_URL);
    expect(APP_ENTRY_URL).toBe('app://auditor/index.html');
    expect(window?.show).not.toHaveBeenCalled();
    window?.onceListeners.get('ready-to-show')?.();
    expect(window?.show).toHaveBeenCalledOnce();
  });
});

describe('app:// protocol', () => {
  let base: string;
  let rendererDir: string;
  beforeAll(async () => {
    base = await mkdtemp(path.join(os.tmpdir(), 'aw-protocol-'));
    rendererDir = path.join(base, 'renderer');
    await mkdir(path.join(rendererDir, 'assets'), { recursive: true });
    await writeFile(path.join(rendererDir, 'index.html'), '<!doctype html><title>Auditor</title>');
    await writeFile(path.join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
    await writeFile(path.join(base, 'secret.txt'), 'TOP SECRET');
  });
  afterAll(async () => {
    await rm(base, { recursive: true, force: true });
  });
  const get = (url: string, method = 'GET') => rendererResponse(rendererDir, new Request(url, { method }));

  it('serves index.html with the strict CSP and nosniff', async () => {
    const response = await get('app://auditor/');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('content-security-policy')).toBe(EXPECTED_CSP);
    expect(CONTENT_SECURITY_POLICY).toBe(EXPECTED_CSP);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toContain('<title>Auditor</title>');
  });

  it('serves scripts as JavaScript with the same headers', async () => {
    const response = await get('app://auditor/assets/app.js');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(response.headers.get('content-security-policy')).toBe(EXPECTED_CSP);
  });

  it.each([
    'app://auditor/..%2fsecret.txt',
    'app://auditor/%2e%2e/secret.txt',
    'app://auditor/%2e%2e%2fsecret.txt',
    'app://auditor/assets/..%2f..%2fsecret.txt',
    'app://auditor/..%5csecret.txt',
    `app://auditor/${encodeURIComponent(path.join(os.tmpdir(), 'secret.txt'))}`,
    'app://auditor/index.html%00.js',
  ])('refuses the path traversal %s', async (url) => {
    const response = await get(url);
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(await response.text()).not.toContain('TOP SECRET');
    expect(response.headers.get('content-security-policy')).toBe(EXPECTED_CSP);
  });

  it('answers 404 for another host, a folder or a missing file', async () => {
    expect((await get('app://elsewhere/index.html')).status).toBe(404);
    expect((await get('app://auditor/assets')).status).toBe(404);
    expect((await get('app://auditor/missing.js')).status).toBe(404);
  });

  it('refuses methods other than GET and HEAD', async () => {
    expect((await get('app://auditor/index.html', 'POST')).status).toBe(405);
    expect((await get('app://auditor/index.html', 'HEAD')).status).toBe(200);
  });
});

describe('session and navigation guards', () => {
  it('denies every permission request and check', () => {
    const session = { setPermissionRequestHandler: vi.fn(), setPermissionCheckHandler: vi.fn() };
    hardenSession(session as never);
    const [request] = session.setPermissionRequestHandler.mock.calls[0] as [(...args: unknown[]) => void];
    const callback = vi.fn();
    request({}, 'media', callback, {});
    expect(callback).toHaveBeenCalledExactlyOnceWith(false);
    const [check] = session.setPermissionCheckHandler.mock.calls[0] as [(...args: unknown[]) => boolean];
    expect(check({}, 'clipboard-read', 'app://auditor', {})).toBe(false);
  });

  function guardedContents() {
    const listeners = new Map<string, (event: { preventDefault: () => void }, ...rest: unknown[]) => void>();
    let openHandler: ((details: { url: string }) => { action: string }) | undefined;
    const contents = {
      on: vi.fn((event: string, listener: (event: { preventDefault: () => void }) => void) => listeners.set(event, listener)),
      setWindowOpenHandler: vi.fn((handler: (details: { url: string }) => { action: string }) => (openHandler = handler)),
    };
    const openExternal = vi.fn(async (_url: string) => undefined);
    hardenWebContents(contents as never, openExternal);
    const fire = (name: string) => {
      const event = { preventDefault: vi.fn() };
      listeners.get(name)?.(event, 'https://evil.example/');
      return event.preventDefault;
    };
    return { fire, open: (url: string) => openHandler?.({ url }), openExternal };
  }

  it.each(['will-navigate', 'will-redirect', 'will-attach-webview'])('prevents %s', (name) => {
    expect(guardedContents().fire(name)).toHaveBeenCalledOnce();
  });

  it('denies window.open and hands https links to the system browser', () => {
    const { open, openExternal } = guardedContents();
    expect(open('https://docs.example.com/audit')).toEqual({ action: 'deny' });
    expect(openExternal).toHaveBeenCalledExactlyOnceWith('https://docs.example.com/audit');
  });

  it.each(['http://example.com/', 'file:///etc/passwd', 'javascript:alert(1)', 'app://auditor/index.html', 'smb://host/share', 'https://user:pw@example.com/'])(
    'denies window.open of %s without opening anything',
    (url) => {
      const { open, openExternal } = guardedContents();
      expect(open(url)).toEqual({ action: 'deny' });
      expect(openExternal).not.toHaveBeenCalled();
      expect(isExternalLinkAllowed(url)).toBe(false);
    },
  );
});
