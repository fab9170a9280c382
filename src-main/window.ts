/**
 * The app's one window and the boundary around what it may load: the privileged `app://`
 * scheme that serves dist/renderer, the secure webPreferences, and the guards that refuse
 * navigation, pop-ups, webviews and permission prompts (Electron security checklist items
 * 2–4, 12–15 and 18: https://www.electronjs.org/docs/latest/tutorial/security).
 */
import { BrowserWindow, type CustomScheme, type Protocol, type Session, type WebContents, type WebPreferences } from 'electron';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { CONTENT_SECURITY_POLICY, CONTENT_TYPES } from '../src-shared/securityPolicy';

export const APP_SCHEME = 'app';
export const APP_HOST = 'auditor';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** Registered before `ready`: a standard, secure scheme gets a real origin, so 'self' in the CSP means the app. */
export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true },
} as const satisfies CustomScheme;

export { CONTENT_SECURITY_POLICY };

const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
};


/** True only for URLs of the app's own origin, app://auditor. */
export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    // Node's WHATWG URL serialises the origin of non-special schemes as "null", so compare parts.
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST && parsed.username === '' && parsed.password === '';
  } catch {
    return false;
  }
}

function plainResponse(status: number, text: string): Response {
  return new Response(text, { status, headers: { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' } });
}

/**
 * Answers one app:// request from the files under `rootDir`. Only GET/HEAD of files inside
 * `rootDir` succeed; anything that decodes to a path outside it (`..`, `%2e%2e%2f`, an
 * absolute or drive path, a NUL byte) is refused before the file system is touched.
 */
export async function rendererResponse(rootDir: string, request: Request): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return plainResponse(405, 'method not allowed');
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    return plainResponse(400, 'bad url');
  }
  if (!isAppUrl(url.href)) return plainResponse(404, 'not found');
  let relative: string;
  try {
    relative = decodeURIComponent(url.pathname);
  } catch {
    return plainResponse(400, 'bad path');
  }
  if (relative.includes('\0') || relative.includes('\\')) return plainResponse(403, 'forbidden');
  if (relative === '/' || relative === '') relative = '/index.html';
  const root = path.resolve(rootDir);
  const file = path.resolve(root, `.${relative}`);
  const inside = path.relative(root, file);
  if (inside === '' || inside.startsWith('..') || path.isAbsolute(inside)) return plainResponse(403, 'forbidden');
  try {
    const info = await stat(file);
    if (!info.isFile()) return plainResponse(404, 'not found');
    const body = request.method === 'HEAD' ? null : await readFile(file);
    const type = CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
    return new Response(body, { status: 200, headers: { ...SECURITY_HEADERS, 'Content-Type': type } });
  } catch {
    return plainResponse(404, 'not found');
  }
}

/** Serves dist/renderer on app://auditor/ for the default session. */
export function serveRenderer(protocol: Pick<Protocol, 'handle'>, rootDir: string): void {
  protocol.handle(APP_SCHEME, (request) => rendererResponse(rootDir, request));
}

/** No page of ours needs a camera, notifications, clipboard reads or any other permission. */
export function hardenSession(session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

/** Only https links leave the app, and only to the system browser. */
export function isExternalLinkAllowed(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' && parsed.hostname !== '' && parsed.username === '' && parsed.password === '';
  } catch {
    return false;
  }
}

type GuardedContents = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;

/**
 * Applied to every WebContents the app creates (`web-contents-created`): the page can never
 * navigate away from the app, open a window or attach a webview; https links opened with
 * target=_blank go to the system browser instead.
 */
export function hardenWebContents(contents: GuardedContents, openExternal: (url: string) => Promise<void>): void {
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isExternalLinkAllowed(url)) {
      openExternal(url).catch(() => undefined);
    }
    return { action: 'deny' };
  });
}

export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    spellcheck: false,
    navigateOnDragDrop: false,
    preload: preloadPath,
  };
}

/** Creates the main window hidden and shows it once the first paint is ready (no white flash). */
export function createMainWindow(options: { preloadPath: string; url?: string }): BrowserWindow {
  const window = new BrowserWindow({
    width: 1440,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'Auditor Workstation',
    backgroundColor: '#ffffff',
    webPreferences: secureWebPreferences(options.preloadPath),
  });
  window.once('ready-to-show', () => window.show());
  window.loadURL(options.url ?? APP_ENTRY_URL).catch((error: unknown) => {
    console.error('auditor: the window could not load the app:', error instanceof Error ? error.message : String(error));
  });
  return window;
}
