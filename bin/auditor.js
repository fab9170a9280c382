#!/usr/bin/env node
// The `auditor` command (DESIGN.md, "The CLI"). The TypeScript source lives in src-main/cli;
// `npm install` builds it into dist/cli through the package's prepare script.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const bundle = fileURLToPath(new URL('../dist/cli/auditor.js', import.meta.url));
if (!existsSync(bundle)) {
  process.stderr.write('auditor: the CLI is not built yet; run `npm install` (or `npm run build:node`) in the project folder\n');
  process.exit(1);
}
await import(bundle);
