/**
 * `npm run bench`: import throughput against the same machine's JSON-parse-only rate, in one
 * run, over the seeded synthetic tenant written as file-export NDJSON. Prints figures; asserts
 * nothing (tests never assert wall-clock times).
 *   --events N   how many events (default 1,000,000)
 */
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createInProcessEngine } from '../../src-main/engine/inProcessEngine';
import { demoRange } from '../../src-main/engine/demo/demoImport';
import { DEMO_DEFAULTS, syntheticNdjson } from '../../src-main/engine/demo/syntheticTenant';
import { ndjsonRecords } from '../../src-main/engine/ingest/ndjsonRecords';
import type { ImportResult } from '../../src-shared/imports';

const { values } = parseArgs({ options: { events: { type: 'string', default: '1000000' } } });
const events = Number(values.events);

class RssSampler {
  peak = process.memoryUsage.rss();
  private timer = setInterval(() => {
    this.peak = Math.max(this.peak, process.memoryUsage.rss());
  }, 50);
  stop(): number {
    clearInterval(this.timer);
    return Math.max(this.peak, process.memoryUsage.rss());
  }
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const rate = (n: number, ms: number) => Math.round((n / ms) * 1000);

async function writeSample(file: string): Promise<void> {
  const out = createWriteStream(file);
  const batch: string[] = [];
  for (const line of syntheticNdjson({ seed: DEMO_DEFAULTS.seed, count: events, ...demoRange({}) })) {
    batch.push(line);
    if (batch.length === 2000) {
      if (!out.write(`${batch.join('\n')}\n`)) await once(out, 'drain');
      batch.length = 0;
    }
  }
  if (batch.length) out.write(`${batch.join('\n')}\n`);
  out.end();
  await once(out, 'finish');
}

async function parseOnly(file: string): Promise<{ ms: number; records: number }> {
  const start = performance.now();
  let records = 0;
  for await (const item of ndjsonRecords(createReadStream(file, { highWaterMark: 1024 * 1024 }))) if ('value' in item) records += 1;
  return { ms: performance.now() - start, records };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'aw-bench-'));
  try {
    const file = join(dir, 'synthetic.ndjson');
    console.log(`Auditor Workstation bench — ${events.toLocaleString('en')} synthetic events (seed ${DEMO_DEFAULTS.seed})`);
    let t = performance.now();
    await writeSample(file);
    const size = statSync(file).size;
    console.log(`  sample written: ${mb(size)} NDJSON in ${((performance.now() - t) / 1000).toFixed(1)} s (${Math.round(size / events)} bytes/event)`);

    const parse = await parseOnly(file);
    const parseRate = rate(parse.records, parse.ms);
    console.log(`  JSON parse only (read + split + JSON.parse): ${parseRate.toLocaleString('en')} events/s`);

    const client = createInProcessEngine({ stateDir: null, engagementsRoot: dir, transport: 'cli' });
    const created = await client.call('engagement.create', {
      folder: join(dir, 'engagement'),
      name: 'bench',
      periodFrom: DEMO_DEFAULTS.from,
      periodTo: DEMO_DEFAULTS.to,
      timeZone: 'UTC',
      passphrase: 'bench-passphrase',
    });
    if (!created.ok) throw new Error(created.error.message);
    const sampler = new RssSampler();
    t = performance.now();
    const job = await client.call('import.start', { paths: [file] });
    if (!job.ok) throw new Error(job.error.message);
    const done = await client.engine.waitForJob(job.value.id);
    const importMs = performance.now() - t;
    const peak = sampler.stop();
    const result = done.result as ImportResult;
    const importRate = rate(result.imported, importMs);
    console.log(`  full import (encrypted, indexed, deduplicated): ${importRate.toLocaleString('en')} events/s — ${result.imported.toLocaleString('en')} imported in ${(importMs / 1000).toFixed(1)} s`);
    console.log(`  import / parse-only ratio: ${((100 * importRate) / parseRate).toFixed(1)} %`);
    console.log(`  peak RSS during import: ${mb(peak)}`);
    const dbSize = statSync(join(dir, 'engagement', 'engagement.db')).size;
    console.log(`  engagement database: ${mb(dbSize)} (${Math.round(dbSize / result.imported)} bytes/event)`);
    await client.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
