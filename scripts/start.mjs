// `npm start` (after the build): runs the app in the Electron runtime. Electron 45 downloads its
// binary on first use, which needs github.com; without it this says so in one line instead of
// hanging in node_modules/electron/index.js's synchronous download, then starts the browser
// demo (scripts/demo.mjs) so the command still shows the app. `npm start -- --no-demo` exits 1.
import { spawn } from 'node:child_process';
import { MISSING_ELECTRON_MESSAGE, PROJECT_ROOT, locateElectron, tryInstallElectron } from './electronBinary.mjs';

let electron = locateElectron();
if (!electron.executable && electron.packageDir) {
  process.stdout.write('start: the Electron runtime is missing; trying to download it (up to 90 s)\n');
  electron = tryInstallElectron({ timeoutMs: 90_000 });
}
if (!electron.executable) {
  process.stderr.write(
    `${electron.packageDir ? MISSING_ELECTRON_MESSAGE : 'The electron package is not installed: run `npm ci` in the project folder'}\n`,
  );
  if (process.argv.includes('--no-demo')) process.exit(1);
  process.stdout.write('start: showing the same app in your browser instead (the CLI demo and the development harness)\n');
  await import('./demo.mjs');
} else {
  // package.json "main" is dist/main/main.js.
  const child = spawn(electron.executable, ['.', ...process.argv.slice(2)], { cwd: PROJECT_ROOT, stdio: 'inherit', windowsHide: false });
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => child.kill(signal));
  }
  child.on('error', (error) => {
    process.stderr.write(`start: could not run ${electron.executable}: ${error.message}\n`);
    process.exit(1);
  });
  child.on('close', (code, signal) => {
    process.exit(code ?? (signal ? 1 : 0));
  });
}

