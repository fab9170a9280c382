// Finds the Electron runtime the way node_modules/electron/index.js does (path.txt + dist/,
// or ELECTRON_OVERRIDE_DIST_PATH) without requiring index.js, which starts a synchronous
// download when the binary is missing. Shared by scripts/start.mjs and test/e2e/electron.spec.ts.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** One line: what is missing and how to get it (printed by start.mjs, used as the e2e skip reason). */
export const MISSING_ELECTRON_MESSAGE =
  'Electron 45 runtime not downloaded: fetching it needs access to github.com/electron/electron releases; ' +
  'run `npx install-electron` on a connected machine or set ELECTRON_OVERRIDE_DIST_PATH to an unpacked Electron 45; ' +
  'meanwhile use `npm run preview -- --workspace DIR` or `npx auditor demo --workspace DIR`';

function electronPackageDir(root) {
  try {
    return path.dirname(createRequire(path.join(root, 'package.json')).resolve('electron/package.json'));
  } catch {
    return null;
  }
}

/**
 * @returns {{ executable: string | null, packageDir: string | null, expected: string | null }}
 *   executable is set only when the file exists.
 */
export function locateElectron({ root = PROJECT_ROOT, env = process.env } = {}) {
  const packageDir = electronPackageDir(root);
  if (packageDir === null) return { executable: null, packageDir: null, expected: null };
  const pathFile = path.join(packageDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  let expected = null;
  if (env.ELECTRON_OVERRIDE_DIST_PATH) {
    expected = path.join(env.ELECTRON_OVERRIDE_DIST_PATH, relative || defaultExecutable());
  } else if (relative) {
    expected = path.join(packageDir, 'dist', relative);
  }
  return { executable: expected !== null && existsSync(expected) ? expected : null, packageDir, expected };
}

/** The executable's path inside an unpacked Electron zip (node_modules/electron/install.js getPlatformPath). */
function defaultExecutable(platform = process.platform) {
  if (platform === 'darwin' || platform === 'mas') return 'Electron.app/Contents/MacOS/Electron';
  if (platform === 'win32') return 'electron.exe';
  return 'electron';
}

/**
 * Tries Electron's own installer (a download from GitHub) once, bounded by `timeoutMs`.
 * Its output is swallowed: on these machines it is a long stack trace about the network.
 */
export function tryInstallElectron({ root = PROJECT_ROOT, env = process.env, timeoutMs = 90_000 } = {}) {
  const found = locateElectron({ root, env });
  if (found.executable || found.packageDir === null) return found;
  spawnSync(process.execPath, [path.join(found.packageDir, 'install.js')], {
    cwd: found.packageDir,
    env,
    stdio: 'ignore',
    timeout: timeoutMs,
    killSignal: 'SIGKILL',
  });
  return locateElectron({ root, env });
}
