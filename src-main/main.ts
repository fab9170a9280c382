/**
 * The Electron entry point, kept thin (DESIGN.md, "Processes"): it hardens the app, starts
 * the engine worker, wires the IPC routes and opens the window. Everything that must happen
 * before `ready` runs synchronously at the top: an ES-module entry point may see `ready` fire
 * while it is still awaiting (Electron docs, "ES Modules (ESM) in Electron").
 */
import { app, dialog, ipcMain, protocol, safeStorage, session, shell, type BrowserWindow } from 'electron';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EngineClient } from './engine/engineClient';
import { startWorkerEngine } from './engine/workerEngine';
import { registerIpcRoutes } from './ipcRoutes';
import { createKeychain } from './keychain';
import { APP_SCHEME_PRIVILEGES, createMainWindow, hardenSession, hardenWebContents, serveRenderer } from './window';

const here = path.dirname(fileURLToPath(import.meta.url));
const ENGINE_CLOSE_TIMEOUT_MS = 10_000;

// Tests and side-by-side installs keep their state apart.
const userDataOverride = process.env.AUDITOR_USER_DATA_DIR;
if (userDataOverride) app.setPath('userData', path.resolve(userDataOverride));

app.enableSandbox();
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, (url) => shell.openExternal(url)));

let mainWindow: BrowserWindow | null = null;
let engine: EngineClient | null = null;

if (app.requestSingleInstanceLock()) {
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('will-quit', (event) => {
    if (!engine) return;
    const closing = engine;
    engine = null;
    event.preventDefault();
    const timeout = new Promise<void>((resolve) => setTimeout(resolve, ENGINE_CLOSE_TIMEOUT_MS).unref());
    Promise.race([closing.close(), timeout])
      .catch((error: unknown) => console.error('auditor: the engine did not close cleanly:', describe(error)))
      .finally(() => app.quit());
  });
  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      dialog.showErrorBox('Auditor Workstation could not start', describe(error));
      app.exit(1);
    });
} else {
  // Another instance owns the engagements; it is focused through 'second-instance'.
  app.quit();
}

async function start(): Promise<void> {
  hardenSession(session.defaultSession);
  serveRenderer(protocol, path.join(here, '..', 'renderer'));
  const userData = app.getPath('userData');
  engine = await startWorkerEngine({
    workerPath: path.join(here, 'engineWorker.js'),
    stateDir: userData,
    engagementsRoot: path.join(app.getPath('documents'), 'Auditor Workstation'),
    transport: 'electron',
  });
  registerIpcRoutes({
    ipcMain,
    engine,
    keychain: createKeychain({ safeStorage, dir: path.join(userData, 'keychain') }),
    mainWindow: () => mainWindow,
  });
  openWindow();
  app.on('activate', () => {
    if (!mainWindow) openWindow();
  });
}

function openWindow(): void {
  const window = createMainWindow({ preloadPath: path.join(here, 'preload.cjs') });
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = null;
  });
  mainWindow = window;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
