/**
 * The parser/writer channel hands each stored batch's buffer back to the parser, which packs a
 * later batch into it (packedRows.ts). The buffer is only handed back after the synchronous
 * write of its rows, and across the worker it is transferred (so at any moment one thread holds
 * it): these tests check that the buffers do go round, in both channels, and that what is
 * stored is exactly what an import that frees every buffer stores.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBatchWriter } from '../../../../src-main/engine/ingest/batchWriter';
import { dropSecondaryIndexes } from '../../../../src-main/engine/store/eventIndexes';
import { ingestParsers, startIngest } from '../../../../src-main/engine/ingest/pipeline/ingestChannel';
import { writeSyntheticNdjson } from '../../../../src-main/engine/demo/demoImport';
import { openDatasetDb } from '../../../support/browseDataset';
import { tempDir } from '../../../support/tempDir';

/** Four full batches of 32,768 and a part: the fourth is the first one a handed-back buffer can carry. */
const EVENTS = 140_000;
const BUILT_WORKER = join(import.meta.dirname, '../../../../dist/main/ingestWorker.js');

let dir: ReturnType<typeof tempDir>;
let file: string;

beforeAll(async () => {
  dir = tempDir('aw-channel-');
  file = join(dir.path, 'events.ndjson');
  await writeSyntheticNdjson(file, { seed: 11, count: EVENTS });
});
afterAll(() => dir.cleanup());

interface Run {
  digest: string;
  imported: number;
  /** batches whose rows arrived in a buffer an earlier batch had been handed back in */
  reused: number;
  /** batches whose buffer was gone from this thread once acknowledged (transferred back) */
  transferredBack: number;
}

async function importWith(workerPath: string | null, handBack: boolean): Promise<Run> {
  const { db, cleanup } = openDatasetDb();
  try {
    // As a bulk import does: the browse indexes are left to a build afterwards.
    dropSecondaryIndexes(db);
    const write = createBatchWriter(db, { handBack });
    const channel = startIngest({ path: file, originalsDir: join(dir.path, `originals-${randomBytes(4).toString('hex')}`), dataKey: randomBytes(32) }, workerPath);
    const seen = new Set<ArrayBuffer>();
    const run: Run = { digest: '', imported: 0, reused: 0, transferredBack: 0 };
    for await (const message of channel.messages) {
      if (message.type === 'failed') throw new Error(message.message);
      if (message.type !== 'batch') continue;
      const buffer = message.batch.events.bytes.buffer as ArrayBuffer;
      if (seen.has(buffer)) run.reused += 1;
      seen.add(buffer);
      run.imported += write(1, message.batch).imported;
      if (handBack) channel.ack(message.batch);
      else channel.ack();
      if (buffer.byteLength === 0) run.transferredBack += 1;
    }
    const hash = createHash('sha256');
    for (const row of db.prepare('SELECT * FROM events ORDER BY id').raw().iterate()) hash.update(JSON.stringify(row, (_, v: unknown) => (Buffer.isBuffer(v) ? v.toString('hex') : v)));
    run.digest = hash.digest('hex');
    return run;
  } finally {
    cleanup();
  }
}

describe('the ingest channel', () => {
  let freed: Run;
  beforeAll(async () => {
    freed = await importWith(null, false);
    expect(freed.imported).toBe(EVENTS);
  });

  it('packs later batches into the buffers handed back, and stores exactly what freeing them stores', async () => {
    const handedBack = await importWith(null, true);
    expect(handedBack.imported).toBe(EVENTS);
    expect(handedBack.reused).toBeGreaterThan(0);
    expect(handedBack.digest).toBe(freed.digest);
  });

  it.skipIf(!existsSync(BUILT_WORKER))('does the same across the ingest worker thread, the buffer transferred back with the ack', async () => {
    const handedBack = await importWith(BUILT_WORKER, true);
    expect(handedBack.imported).toBe(EVENTS);
    // Five batches: every acknowledged buffer left this thread.
    expect(handedBack.transferredBack).toBe(5);
    expect(handedBack.digest).toBe(freed.digest);
  });

  /** Reads the first batch and stops reading, as the import does when storing a batch failed. */
  async function stopAfterFirstBatch(workerPath: string | null): Promise<void> {
    const originalsDir = join(dir.path, `originals-${randomBytes(4).toString('hex')}`);
    const channel = startIngest({ path: file, originalsDir, dataKey: randomBytes(32) }, workerPath);
    for await (const message of channel.messages) {
      if (message.type !== 'batch') continue;
      // The copy of the original is being written while the parser works.
      expect(readdirSync(originalsDir).filter((name) => name.endsWith('.partial'))).toHaveLength(1);
      break;
    }
    // The parser stopped: neither an unfinished copy is left behind nor a finished one nobody refers to.
    await expect.poll(() => readdirSync(originalsDir), { timeout: 10_000 }).toEqual([]);
  }

  it('stops the parser when the writer stops reading (storing a batch failed), which removes its unfinished original', async () => {
    await stopAfterFirstBatch(null);
  });

  it.skipIf(!existsSync(BUILT_WORKER))('does the same across the ingest worker thread', async () => {
    await stopAfterFirstBatch(BUILT_WORKER);
  });

  it.skipIf(!existsSync(BUILT_WORKER))('parses file after file in one worker, a run cut short by the writer included, each run hearing only its own messages', async () => {
    const small = join(dir.path, 'small.ndjson');
    await writeSyntheticNdjson(small, { seed: 12, count: 300 });
    const parsers = ingestParsers(BUILT_WORKER);
    const originalsDir = join(dir.path, `originals-${randomBytes(4).toString('hex')}`);
    const request = (path: string) => ({ path, originalsDir, dataKey: randomBytes(32) });
    /** Reads a run to its end, acking each batch; answers the events it carried and its final message. */
    const readAll = async (path: string) => {
      const channel = await parsers.start(request(path));
      let events = 0;
      let last = '';
      for await (const message of channel.messages) {
        if (message.type === 'batch') {
          events += message.batch.events.starts.length;
          channel.ack();
        }
        last = message.type;
      }
      return { events, last };
    };
    try {
      expect(await readAll(small)).toEqual({ events: 300, last: 'done' });
      // The writer stops reading the big file after its first batch (storing it failed)…
      const cut = await parsers.start(request(file));
      for await (const message of cut.messages) if (message.type === 'batch') break;
      // …and the next run starts once the parser has stopped that one, with none of its messages.
      expect(await readAll(small)).toEqual({ events: 300, last: 'done' });
      expect(await readAll(file)).toEqual({ events: EVENTS, last: 'done' });
      expect(parsers.workersStarted).toBe(1);
    } finally {
      await parsers.close();
    }
    // Finished copies stay (each names its file's digest); the stopped run left no unfinished one.
    expect(readdirSync(originalsDir).filter((name) => name.endsWith('.partial'))).toEqual([]);
  });
});

if (!existsSync(BUILT_WORKER)) console.log(`ingest channel: the worker-thread case is skipped: ${BUILT_WORKER} is not built (npm run build:node)`);
