/**
 * Streaming keeps memory flat: ~300 MB of records go through each reader (NDJSON, and the
 * same records as one JSON document and as CSV) while the process's resident set is sampled;
 * it may not grow by more than ~150 MB.
 */
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCsv } from '../../../../src-main/engine/ingest/readers/csvReader';
import { openJsonDocument } from '../../../../src-main/engine/ingest/readers/jsonDocumentReader';
import { readNdjson } from '../../../../src-main/engine/ingest/readers/ndjsonReader';
import type { ReadItem } from '../../../../src-main/engine/ingest/readers/readItem';
import { tempDir } from '../../../support/tempDir';

const TARGET_BYTES = 300 * 1024 * 1024;
const MiB = 1024 * 1024;

let dir: { path: string; cleanup: () => void };
let lines = 0;
const files = { ndjson: '', json: '', csv: '' };

async function put(out: WriteStream, text: string): Promise<void> {
  if (!out.write(text)) await once(out, 'drain');
}

beforeAll(async () => {
  dir = tempDir('aw-memory-');
  for (const kind of ['ndjson', 'json', 'csv'] as const) files[kind] = join(dir.path, `big.${kind}`);
  const ndjson = createWriteStream(files.ndjson);
  const json = createWriteStream(files.json);
  const csv = createWriteStream(files.csv);
  await put(json, '{"exported_at":"2026-05-17T08:00:00Z","entries":[\n');
  await put(csv, 'id,type,occurred_at,actor_id,data_json\n');
  let written = 0;
  let block: { line: string; row: string }[] = [];
  const flush = async (): Promise<void> => {
    await put(ndjson, `${block.map((b) => b.line).join('\n')}\n`);
    await put(json, block.map((b, i) => (i === 0 && lines === block.length ? '' : ',\n') + b.line).join(''));
    await put(csv, `${block.map((b) => b.row).join('\n')}\n`);
    block = [];
  };
  while (written < TARGET_BYTES) {
    const record = { id: `evt_${lines}`, type: 'user.signed_in', occurred_at: '2026-05-17T08:00:00.123456Z', actor: { id: `usr_${lines % 997}` }, data: { note: 'x'.repeat(400), n: lines } };
    const line = JSON.stringify(record);
    const row = [record.id, record.type, record.occurred_at, record.actor.id, `"${JSON.stringify(record.data).replaceAll('"', '""')}"`].join(',');
    block.push({ line, row });
    written += line.length + 1;
    lines += 1;
    if (block.length === 2000) await flush();
  }
  if (block.length) await flush();
  await put(json, '\n]}\n');
  for (const out of [ndjson, json, csv]) {
    out.end();
    await once(out, 'finish');
  }
});
afterAll(() => dir.cleanup());

async function peakGrowth(items: AsyncIterable<ReadItem>): Promise<{ records: number; growthMiB: number }> {
  const before = process.memoryUsage().rss;
  let peak = before;
  let records = 0;
  for await (const item of items) {
    if (item.kind === 'record') records += 1;
    if (records % 5000 === 0) peak = Math.max(peak, process.memoryUsage().rss);
  }
  peak = Math.max(peak, process.memoryUsage().rss);
  return { records, growthMiB: (peak - before) / MiB };
}

const stream = (path: string): AsyncIterable<Buffer> => createReadStream(path, { highWaterMark: MiB });

describe('reader memory on ~300 MB inputs', () => {
  it('NDJSON: the resident set grows by less than 150 MB', async () => {
    const { records, growthMiB } = await peakGrowth(readNdjson(stream(files.ndjson), null));
    expect(records).toBe(lines);
    expect(growthMiB).toBeLessThan(150);
  });

  it('JSON document: the resident set grows by less than 150 MB', async () => {
    const opened = await openJsonDocument(stream(files.json), null);
    const { records, growthMiB } = await peakGrowth(opened.records);
    expect(records).toBe(lines);
    expect(growthMiB).toBeLessThan(150);
  });

  it('CSV: the resident set grows by less than 150 MB', async () => {
    const opened = await openCsv(stream(files.csv), null);
    const { records, growthMiB } = await peakGrowth(opened.records);
    expect(records).toBe(lines);
    expect(growthMiB).toBeLessThan(150);
  });
});
