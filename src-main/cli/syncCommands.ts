/** `auditor source add|list|remove` and `auditor sync` (issue "Sync", CLI). */
import { AppError } from '../../src-shared/errors';
import { SOURCE_KIND_NAMES, type SyncResult } from '../../src-shared/sources';
import { parse, requireString } from './args';
import type { CommandContext } from './commands';
import { UsageError } from './usage';

export async function sourceCommand(argv: string[], cx: CommandContext): Promise<number> {
  const [verb, ...rest] = argv;
  if (verb === 'add') return sourceAdd(rest, cx);
  if (verb === 'list') return sourceList(rest, cx);
  if (verb === 'remove') return sourceRemove(rest, cx);
  throw new UsageError('auditor source add|list|remove …');
}

async function sourceAdd(argv: string[], cx: CommandContext): Promise<number> {
  const { values, positionals } = parse(argv, {
    workspace: { type: 'string' },
    name: { type: 'string' },
    kind: { type: 'string' },
    url: { type: 'string' },
    'token-env': { type: 'string' },
    proxy: { type: 'string' },
    option: { type: 'string', multiple: true },
    interval: { type: 'string' },
    json: { type: 'boolean' },
  });
  if (positionals.length) throw new UsageError(`unexpected argument ${positionals[0]}`);
  const workspace = requireString(values, 'workspace');
  const name = requireString(values, 'name');
  const kind = requireString(values, 'kind');
  if (!(SOURCE_KIND_NAMES as readonly string[]).includes(kind)) throw new UsageError(`--kind ${kind}: expected one of ${SOURCE_KIND_NAMES.join(', ')}`);
  const url = requireString(values, 'url');
  // The token comes from an environment variable, never an argument (shell history, ps).
  const tokenEnv = requireString(values, 'token-env');
  const token = process.env[tokenEnv];
  if (!token) throw new AppError('BAD_REQUEST', `the environment variable ${tokenEnv} is empty or not set`);
  const options: Record<string, string> = {};
  for (const pair of (Array.isArray(values.option) ? values.option : []).map(String)) {
    const at = pair.indexOf('=');
    if (at < 1) throw new UsageError(`--option ${pair}: expected key=value`);
    options[pair.slice(0, at)] = pair.slice(at + 1);
  }
  const interval = typeof values.interval === 'string' ? Number(values.interval) : null;
  return cx.withEngagement(workspace, async (client) => {
    const added = await cx.call(client, 'sources.add', {
      name,
      kind: kind as (typeof SOURCE_KIND_NAMES)[number],
      baseUrl: url,
      credential: { type: 'token', token },
      proxy: typeof values.proxy === 'string' ? values.proxy : null,
      options,
      intervalMinutes: interval,
    });
    if (values.json) cx.printJson(added);
    else cx.io.stdout.write(`Added source "${added.name}" (${added.kind}, ${added.baseUrl}, ${added.credentialHint})\n`);
    return 0;
  });
}

async function sourceList(argv: string[], cx: CommandContext): Promise<number> {
  const { values } = parse(argv, { workspace: { type: 'string' }, json: { type: 'boolean' } });
  return cx.withEngagement(requireString(values, 'workspace'), async (client) => {
    const { sources } = await cx.call(client, 'sources.list', {});
    if (values.json) cx.printJson({ sources });
    else
      for (const s of sources) {
        cx.io.stdout.write(
          `${s.name}  ${s.kind}  ${s.baseUrl}  ${s.credentialHint}  covered ${s.coveredFrom ?? '—'} → ${s.coveredTo ?? '—'}  pulled ${s.eventsPulled}` +
            `  last success ${s.lastSuccessAt ?? 'never'}${s.lastError ? `  last error: ${s.lastError}` : ''}\n`,
        );
      }
    return 0;
  });
}

async function sourceRemove(argv: string[], cx: CommandContext): Promise<number> {
  const { values } = parse(argv, { workspace: { type: 'string' }, name: { type: 'string' }, json: { type: 'boolean' } });
  const name = requireString(values, 'name');
  return cx.withEngagement(requireString(values, 'workspace'), async (client) => {
    const { removed } = await cx.call(client, 'sources.remove', { name });
    if (!removed) throw new AppError('NOT_FOUND', `no source named ${JSON.stringify(name)}`);
    if (values.json) cx.printJson({ removed });
    else cx.io.stdout.write(`Removed source "${name}" (events already pulled stay in the engagement)\n`);
    return 0;
  });
}

export async function syncCommand(argv: string[], cx: CommandContext): Promise<number> {
  const { values, positionals } = parse(argv, { workspace: { type: 'string' }, json: { type: 'boolean' } });
  return cx.withEngagement(requireString(values, 'workspace'), async (client) => {
    const job = await cx.call(client, 'sync.start', { names: positionals });
    const done = await cx.follow(client, job);
    if (done.status === 'FAILED') throw new AppError(done.error?.code ?? 'INTERNAL', done.error?.message ?? 'the sync failed');
    const result = done.result as SyncResult;
    if (values.json) cx.printJson(result);
    else
      for (const s of result.sources) {
        cx.io.stdout.write(
          `${s.source}: ${s.status}, pulled ${s.pulled}, imported ${s.imported}, duplicates ${s.duplicates}, window ${s.windowFrom ?? '—'} → ${s.windowTo ?? '—'}` +
            `${s.clampedFrom ? ` (retention starts ${s.clampedFrom})` : ''}${s.error ? ` — ${s.error}` : ''}\n`,
        );
      }
    const failed = result.sources.find((s) => s.status === 'FAILED');
    if (failed) {
      cx.io.stderr.write(`auditor sync: ${failed.source}: ${failed.error ?? 'failed'}\n`);
      return 1;
    }
    return 0;
  });
}
