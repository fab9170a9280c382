/**
 * Fills the open engagement with the seeded synthetic tenant through the very same import
 * path as a real file-export NDJSON: the generated file is written to the OS temp folder
 * (synthetic data, nobody's secrets), imported — its encrypted copy kept as the import's
 * original like any export — and removed.
 */
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { ImportResult } from '../../../src-shared/imports';
import { parseDay } from '../../../src-shared/time';
import type { JobControl } from '../jobs/jobRunner';
import { runImportJob, type ImportContext } from '../ingest/importJob';
import { DEMO_DEFAULTS, syntheticNdjson } from './syntheticTenant';

export interface DemoOptions {
  events: number;
  seed: number;
  from?: string;
  to?: string;
}

export function demoRange(options: { from?: string; to?: string }): { fromMicros: number; toMicros: number } {
  const fromMicros = parseDay(options.from ?? DEMO_DEFAULTS.from);
  const toDay = parseDay(options.to ?? DEMO_DEFAULTS.to);
  if (fromMicros === null || toDay === null) throw new Error('demo range must be YYYY-MM-DD dates');
  // The period's last day is included whole.
  return { fromMicros, toMicros: toDay + 86_400_000_000 - 1 };
}

/** Writes the synthetic tenant as file-export NDJSON (product doc 003) to `file`. */
export async function writeSyntheticNdjson(file: string, options: { seed: number; count: number; from?: string; to?: string }, onLines?: (n: number) => void): Promise<void> {
  const out = createWriteStream(file, { mode: 0o600 });
  const batch: string[] = [];
  let written = 0;
  for (const line of syntheticNdjson({ seed: options.seed, count: options.count, ...demoRange(options) })) {
    batch.push(line);
    if (batch.length === 2000) {
      written += batch.length;
      if (!out.write(`${batch.join('\n')}\n`)) await once(out, 'drain');
      batch.length = 0;
      onLines?.(written);
    }
  }
  if (batch.length) out.write(`${batch.join('\n')}\n`);
  out.end();
  await once(out, 'finish');
}

export async function generateDemo(ctx: ImportContext, options: DemoOptions, control: JobControl): Promise<ImportResult> {
  // Cancelled while it waited for the job before it: no tenant to generate (the import answers
  // its empty result at once).
  if (control.signal.aborted) return runImportJob(ctx, [], control);
  const file = join(tmpdir(), `synthetic-tenant-seed-${options.seed}-${randomBytes(4).toString('hex')}.ndjson`);
  try {
    control.progress({ phase: 'generate', done: 0, total: options.events, unit: 'events', detail: 'synthetic tenant' });
    await writeSyntheticNdjson(file, { seed: options.seed, count: options.events, ...(options.from ? { from: options.from } : {}), ...(options.to ? { to: options.to } : {}) }, (n) =>
      control.progress({ done: n }),
    );
    return await runImportJob(ctx, [{ path: file, format: 'ndjson' }], control);
  } finally {
    await rm(file, { force: true });
  }
}
