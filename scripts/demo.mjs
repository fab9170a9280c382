// `npm run demo` (and `npm start` where the Electron runtime is missing): the newcomer's first
// look without Electron — a seeded demo engagement made by the `auditor` CLI, then the same
// renderer in your browser through the development harness (127.0.0.1, one-time token).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const workspace = path.resolve(process.env.AUDITOR_DEMO_WORKSPACE ?? path.join(root, '.tmp', 'demo'));
const engagement = path.join(workspace, 'northwind-demo');
const events = process.env.AUDITOR_DEMO_EVENTS ?? '200000';
// A demo convenience only: real engagements take the passphrase from a prompt or the variable.
const passphrase = process.env.AUDITOR_PASSPHRASE || 'demo passphrase';
const env = { ...process.env, AUDITOR_PASSPHRASE: passphrase };
const cli = path.join(root, 'bin', 'auditor.js');

function auditor(args) {
  const result = spawnSync(process.execPath, [cli, ...args], { env, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
  if (result.status !== 0) process.exit(result.status ?? 1);
  return result.stdout;
}

if (!existsSync(path.join(engagement, 'keys.json'))) {
  process.stdout.write(`demo: creating a synthetic tenant with ${events} events in ${engagement}\n`);
  auditor(['demo', '--workspace', engagement, '--events', events]);
}
const stats = JSON.parse(auditor(['stats', '--workspace', engagement, '--json']));
process.stdout.write(`demo: ${stats.total} events from ${stats.from} to ${stats.to}; by severity ${JSON.stringify(stats.bySeverity)}\n`);
process.stdout.write(`demo: try the CLI too: AUDITOR_PASSPHRASE='${passphrase}' npx auditor query --workspace ${engagement} --min-severity ERROR --limit 5\n`);
process.stdout.write(`demo: in the browser, open the engagement folder ${engagement} with the passphrase "${passphrase}"\n`);

const preview = spawn(process.execPath, [path.join(root, 'dist', 'harness', 'preview.js'), '--workspace', workspace], { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => preview.kill(signal));
preview.on('close', (code) => process.exit(code ?? 0));
