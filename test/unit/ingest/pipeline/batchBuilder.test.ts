import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { BatchBuilder, keepWhatWasRead } from '../../../../src-main/engine/ingest/pipeline/ingestRun';
import { fileExportFamily } from '../../../../src-main/engine/ingest/families/fileExportFamily';
import { BATCH_BYTES, BATCH_EVENTS } from '../../../../src-main/engine/ingest/pipeline/ingestProtocol';
import { forEachPackedRow } from '../../../../src-main/engine/ingest/pipeline/packedRows';
import { BLOCK_RAW_CHARS, decodeRawBlock, RAW_BLOCK_RECORDS } from '../../../../src-main/engine/ingest/pipeline/rawBlocks';
import { EVENT_COLUMNS, type EncodedBatch } from '../../../../src-main/engine/ingest/pipeline/eventBatch';

function record(i: number, label = 'Invoice') {
  const value = {
    id: `evt_${i}`,
    type: 'record.updated',
    occurred_at: '2026-01-01T00:00:38.294052Z',
    actor: { kind: 'user', id: `usr_${i % 7}`, label: 'Anna', email: 'anna@example.test' },
    target: { kind: 'invoice', id: `rec_${i}`, label },
    outcome: 'success',
  };
  return { kind: 'record' as const, position: { part: null, line: i + 1 }, value, raw: JSON.stringify(value) };
}

async function build(items: ReturnType<typeof record>[]): Promise<EncodedBatch[]> {
  const batches: EncodedBatch[] = [];
  const builder = new BatchBuilder({ cancelled: () => false, send: async (m) => void (m.type === 'batch' && batches.push(m.batch)) }, () => 0);
  for (const item of items) await builder.add(fileExportFamily, item);
  await builder.flush();
  return batches;
}

/** Every event's raw record, read back through its block ordinal and index, by event id. */
function rawsById(batch: EncodedBatch): Map<string, string> {
  const blocks = batch.blocks.map((b) => decodeRawBlock(b.codec, b.bytes));
  const out = new Map<string, string>();
  const eventId = EVENT_COLUMNS.indexOf('event_id');
  forEachPackedRow(batch.events, (row) => {
    out.set(String(row[eventId]), blocks[row[EVENT_COLUMNS.length] as number]?.[row[EVENT_COLUMNS.length + 1] as number] ?? '');
  });
  return out;
}

describe('batch builder', () => {
  it('cuts batches at BATCH_EVENTS and keeps every raw record reachable from its row', async () => {
    const items = Array.from({ length: BATCH_EVENTS + RAW_BLOCK_RECORDS + 3 }, (_, i) => record(i));
    const batches = await build(items);
    expect(batches.map((b) => b.events.starts.length)).toEqual([BATCH_EVENTS, RAW_BLOCK_RECORDS + 3]);
    expect(batches.map((b) => b.blocks.length)).toEqual([BATCH_EVENTS / RAW_BLOCK_RECORDS, 2]);
    const raws = new Map([...rawsById(batches[0] as EncodedBatch), ...rawsById(batches[1] as EncodedBatch)]);
    for (const item of items) expect(raws.get(item.value.id)).toBe(item.raw);
  });

  it('bounds a batch by bytes and a raw block by characters when records are huge', async () => {
    // incompressible, and kept twice: in the packed row (the target name) and in the raw block
    const huge = randomBytes(2 * 1024 * 1024).toString('base64');
    const items = Array.from({ length: 30 }, (_, i) => record(i, huge));
    const batches = await build(items);
    expect(batches.length).toBeGreaterThan(1);
    for (const batch of batches) {
      const decoded = batch.blocks.map((b) => decodeRawBlock(b.codec, b.bytes));
      // no block holds more than one record past the character cap
      for (const block of decoded) expect(block.slice(0, -1).reduce((n, r) => n + r.length, 0)).toBeLessThan(BLOCK_RAW_CHARS);
      // a batch stops growing once it holds BATCH_BYTES (one event past it at most)
      expect(batch.events.bytes.byteLength + batch.blocks.reduce((n, b) => n + b.bytes.byteLength, 0)).toBeLessThan(BATCH_BYTES + 2 * huge.length);
    }
    expect(batches.reduce((n, b) => n + b.events.starts.length, 0)).toBe(30);
    const raws = new Map(batches.flatMap((b) => [...rawsById(b)]));
    for (const item of items) expect(raws.get(item.value.id)).toBe(item.raw);
  });

  it('answers a promise exactly when a record fills the batch, one that settles when the sink took it', async () => {
    let release: () => void = () => {};
    const sent: number[] = [];
    const builder = new BatchBuilder(
      {
        cancelled: () => false,
        send: (m) =>
          new Promise<void>((resolve) => {
            if (m.type === 'batch') sent.push(m.batch.events.starts.length);
            release = resolve;
          }),
      },
      () => 0,
    );
    for (let i = 0; i < BATCH_EVENTS - 1; i += 1) expect(builder.add(fileExportFamily, record(i))).toBeUndefined();
    const full = builder.add(fileExportFamily, record(BATCH_EVENTS - 1));
    expect(full).toBeInstanceOf(Promise);
    expect(sent).toEqual([BATCH_EVENTS]);
    let settled = false;
    void full?.then(() => (settled = true));
    await new Promise((resolve) => setImmediate(resolve));
    // The sink has not taken it yet (no credit): the caller waits.
    expect(settled).toBe(false);
    release();
    await full;
    expect(settled).toBe(true);
    expect(builder.add(fileExportFamily, record(BATCH_EVENTS))).toBeUndefined();
  });

  it('keeps what was read when a file fails part-way: the open batch is stored and the reason says where reading stopped', async () => {
    const batches: EncodedBatch[] = [];
    const sink = { cancelled: () => false, send: async (m: { type: string; batch?: EncodedBatch }) => void (m.type === 'batch' && m.batch && batches.push(m.batch)) };
    const builder = new BatchBuilder(sink, () => 0);
    for (let i = 0; i < 5; i += 1) await builder.add(fileExportFamily, record(i));
    const reason = await keepWhatWasRead(builder, 1, 'cut.ndjson.gz: cannot be read (EIO)');
    expect(reason).toBe('cut.ndjson.gz: cannot be read (EIO); reading stopped after line 5, and the records before it were kept');
    expect(batches.map((b) => b.events.starts.length)).toEqual([5]);

    // A part that names itself is named; nothing was read, nothing to say where.
    const zipped = new BatchBuilder(sink, () => 0);
    await zipped.add(fileExportFamily, { ...record(7), position: { part: 'logs/a.ndjson', line: 12_345 } });
    expect(await keepWhatWasRead(zipped, 1, 'boom')).toBe('boom; reading stopped after logs/a.ndjson, line 12,345, and the records before it were kept');
    expect(await keepWhatWasRead(new BatchBuilder(sink, () => 0), 1, 'boom')).toBe('boom');
  });

  it('stores nothing from a file none of whose parts was recognised', async () => {
    const batches: EncodedBatch[] = [];
    const builder = new BatchBuilder({ cancelled: () => false, send: async (m) => void (m.type === 'batch' && batches.push(m.batch)) }, () => 0);
    // (A recognised part of the same file may have been read before: its records are not kept either.)
    await builder.add(fileExportFamily, record(1));
    builder.reject({ part: null, line: 0, reason: 'does not look like any known audit-log export', excerpt: '' });
    expect(await keepWhatWasRead(builder, 0, 'does not look like any known audit-log export')).toBe('does not look like any known audit-log export');
    expect(batches).toEqual([]);
  });
});

