// Bundles the Node-side code (Electron main + preload, the engine worker, the CLI, and the
// development-only harness and benchmark) with esbuild. The renderer is built by Vite.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';

// exceljs stays a runtime dependency: bundled, its archiver-utils' `new Buffer(string)` prints a deprecation warning.
const external = ['electron', 'better-sqlite3-multiple-ciphers', 'exceljs', 'playwright', 'playwright-core', '@playwright/test'];
// Bundled CommonJS dependencies may call require(); give ESM bundles one.
const banner = {
  js: "import { createRequire as __awCreateRequire } from 'node:module'; const require = __awCreateRequire(import.meta.url);",
};
const common = { bundle: true, platform: 'node', target: 'node22', sourcemap: 'linked', external, logLevel: 'warning' };

rmSync('dist/main', { recursive: true, force: true });
rmSync('dist/cli', { recursive: true, force: true });
rmSync('dist/harness', { recursive: true, force: true });
rmSync('dist/bench', { recursive: true, force: true });

await Promise.all([
  build({
    ...common,
    format: 'esm',
    banner,
    entryPoints: { main: 'src-main/main.ts', engineWorker: 'src-main/engine/engineWorker.ts', ingestWorker: 'src-main/engine/ingest/pipeline/ingestWorker.ts', indexWorker: 'src-main/engine/store/indexWorker.ts' },
    outdir: 'dist/main',
  }),
  // A sandboxed preload cannot be an ES module and may only require('electron').
  build({ ...common, format: 'cjs', entryPoints: { preload: 'src-main/preload.ts' }, outdir: 'dist/main', outExtension: { '.js': '.cjs' } }),
  build({ ...common, format: 'esm', banner, entryPoints: { auditor: 'src-main/cli/auditor.ts' }, outdir: 'dist/cli' }),
  build({ ...common, format: 'esm', banner, entryPoints: { preview: 'test/harness/preview.ts', simulateCrash: 'test/harness/simulateCrash.ts' }, outdir: 'dist/harness' }),
  build({ ...common, format: 'esm', banner, entryPoints: { bench: 'test/bench/bench.ts' }, outdir: 'dist/bench' }),
  build({ ...common, format: 'esm', banner, entryPoints: { tenantMain: 'test/tenant/tenantMain.ts' }, outdir: 'dist/tenant' }),
]);
