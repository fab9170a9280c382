/**
 * Starts `node dist/harness/preview.js` as a child process for a spec and reads the one line
 * it prints. Node is `process.execPath`: under `npm run` / `npx` that is the project's Node 22.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

const PREVIEW = resolve('dist/harness/preview.js');
const URL_LINE = /^Auditor Workstation preview: (http:\/\/127\.0\.0\.1:(\d+)\/\?token=(\S+))$/;

export interface PreviewProcess {
  url: string;
  origin: string;
  port: number;
  token: string;
  workspace: string;
  child: ChildProcess;
  stderr: () => string;
  stop(): Promise<void>;
}

export async function startPreview(): Promise<PreviewProcess> {
  if (!existsSync(PREVIEW) || !existsSync(resolve('dist/renderer/index.html'))) {
    throw new Error('dist/ is not built: run `npm run build` before `npx playwright test`');
  }
  const major = Number(process.versions.node.split('.')[0]);
  if (major < 22) throw new Error(`the harness needs Node 22 (got ${process.version}); run through npx or npm run`);

  const workspace = await mkdtemp(join(tmpdir(), 'aw-e2e-'));
  const child = spawn(process.execPath, [PREVIEW, '--workspace', workspace], { stdio: ['ignore', 'pipe', 'pipe'] });
  let errors = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    errors += chunk;
  });

  const match = await new Promise<RegExpExecArray>((resolveLine, reject) => {
    const timer = setTimeout(() => reject(new Error(`the harness printed no URL within 30 s\n${errors}`)), 30_000);
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      const found = URL_LINE.exec(line);
      if (found) {
        clearTimeout(timer);
        resolveLine(found);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the harness exited with code ${code}\n${errors}`));
    });
  });
  const [, url = '', port = '0', token = ''] = match;

  return {
    url,
    port: Number(port),
    origin: `http://127.0.0.1:${port}`,
    token,
    workspace,
    child,
    stderr: () => errors,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
        child.kill('SIGTERM');
        const timeout = new Promise<'timeout'>((resolveTimeout) => setTimeout(() => resolveTimeout('timeout'), 10_000));
        if ((await Promise.race([exited, timeout])) === 'timeout') {
          child.kill('SIGKILL');
          await exited;
        }
      }
      // AW_KEEP_E2E_WORKSPACE=1 keeps the folder for a post-mortem.
      if (!process.env.AW_KEEP_E2E_WORKSPACE) await rm(workspace, { recursive: true, force: true });
    },
  };
}
