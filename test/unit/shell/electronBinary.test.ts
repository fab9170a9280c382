import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MISSING_ELECTRON_MESSAGE, locateElectron } from '../../../scripts/electronBinary.mjs';

let root: string;
let electronDir: string;
beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'aw-electron-'));
  electronDir = path.join(root, 'node_modules', 'electron');
  await mkdir(electronDir, { recursive: true });
  await writeFile(path.join(root, 'package.json'), '{"name":"probe"}');
  await writeFile(path.join(electronDir, 'package.json'), '{"name":"electron","version":"45.4.1","main":"index.js"}');
  // index.js would start a download if it were ever required.
  await writeFile(path.join(electronDir, 'index.js'), 'throw new Error("index.js must not be required")');
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('locating the Electron runtime', () => {
  it('reports it missing when path.txt was never written', () => {
    expect(locateElectron({ root, env: {} })).toEqual({ executable: null, packageDir: electronDir, expected: null });
  });

  it('reports it missing when path.txt names a file that is not there', async () => {
    await writeFile(path.join(electronDir, 'path.txt'), 'electron');
    expect(locateElectron({ root, env: {} })).toMatchObject({ executable: null, expected: path.join(electronDir, 'dist', 'electron') });
  });

  it('finds dist/<path.txt> like node_modules/electron/index.js', async () => {
    await writeFile(path.join(electronDir, 'path.txt'), 'electron');
    await mkdir(path.join(electronDir, 'dist'));
    await writeFile(path.join(electronDir, 'dist', 'electron'), '');
    expect(locateElectron({ root, env: {} }).executable).toBe(path.join(electronDir, 'dist', 'electron'));
  });

  it('honours ELECTRON_OVERRIDE_DIST_PATH', async () => {
    const override = path.join(root, 'electron-45');
    await mkdir(override);
    const executable = path.join(override, process.platform === 'win32' ? 'electron.exe' : process.platform === 'darwin' ? 'Electron.app/Contents/MacOS/Electron' : 'electron');
    await mkdir(path.dirname(executable), { recursive: true });
    await writeFile(executable, '');
    expect(locateElectron({ root, env: { ELECTRON_OVERRIDE_DIST_PATH: override } }).executable).toBe(executable);
  });

  it('says what is missing and how to get it in one line', () => {
    expect(MISSING_ELECTRON_MESSAGE).not.toContain('\n');
    expect(MISSING_ELECTRON_MESSAGE).toMatch(/Electron 45/);
    expect(MISSING_ELECTRON_MESSAGE).toMatch(/github\.com\/electron\/electron/);
    expect(MISSING_ELECTRON_MESSAGE).toMatch(/npx install-electron/);
    expect(MISSING_ELECTRON_MESSAGE).toMatch(/ELECTRON_OVERRIDE_DIST_PATH/);
    expect(MISSING_ELECTRON_MESSAGE).toMatch(/npm run preview -- --workspace DIR/);
  });
});
