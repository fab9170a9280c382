// Smoke test of the real Electron shell: the window opens on app://auditor, `window.auditor`
// offers exactly the named methods and the page has no Node. Skips, saying why, where the
// Electron 45 runtime was never downloaded (BUILD-NOTES.md: no github.com on the build machines).
import { _electron as electron, expect, test, type ElectronApplication } from '@playwright/test';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { MISSING_ELECTRON_MESSAGE, PROJECT_ROOT, locateElectron } from '../../scripts/electronBinary.mjs';
import { PUBLIC_CHANNELS } from '../../src-shared/channels';

function skipReason(executable: string | null): string | null {
  if (!executable) return MISSING_ELECTRON_MESSAGE;
  if (!existsSync(path.join(PROJECT_ROOT, 'dist', 'main', 'main.js')) || !existsSync(path.join(PROJECT_ROOT, 'dist', 'renderer', 'index.html'))) {
    return 'the app is not built: run `npm run build` first';
  }
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return 'no display: run the Electron smoke test under xvfb-run';
  }
  return null;
}

const { executable } = locateElectron();
const reason = skipReason(executable);

test.describe('Electron shell', () => {
  let app: ElectronApplication | undefined;
  let userData: string | undefined;

  test.beforeAll(async () => {
    if (reason !== null || executable === null) return;
    userData = await mkdtemp(path.join(os.tmpdir(), 'aw-electron-e2e-'));
    app = await electron.launch({
      executablePath: executable,
      args: ['.'],
      cwd: PROJECT_ROOT,
      env: { ...process.env, AUDITOR_USER_DATA_DIR: userData },
    });
  });

  test.afterAll(async () => {
    await app?.close();
    if (userData) await rm(userData, { recursive: true, force: true });
  });

  test('opens a sandboxed window exposing only the named bridge', async () => {
    if (reason !== null) {
      console.log(`electron.spec: skipped: ${reason}`);
      test.skip(true, reason);
    }
    if (!app) throw new Error('Electron did not start');

    const page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
    expect(page.url()).toBe('app://auditor/index.html');

    const camel = (channel: string) => channel.replace(/\.([a-z])/g, (_m, c: string) => c.toUpperCase());
    const expected = [...PUBLIC_CHANNELS.map(camel), 'onEvent', 'pathForFile'].sort();
    const keys = (await page.evaluate('Object.keys(window.auditor).sort()')) as string[];
    expect(keys).toEqual(expected);
    expect(await page.evaluate('typeof require')).toBe('undefined');
    expect(await page.evaluate('typeof process')).toBe('undefined');

    const info = (await page.evaluate('window.auditor.appInfo()')) as { ok: boolean };
    expect(info.ok).toBe(true);
  });
});
