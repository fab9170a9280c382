import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../../src-shared/errors';
import { gzipInnerName, openInput } from '../../../../src-main/engine/ingest/readers/containers';
import { tempDir } from '../../../support/tempDir';
import { brief, buildZip, readInput } from './readerFixtures';

let dir: { path: string; cleanup: () => void };
beforeEach(() => {
  dir = tempDir('aw-readers-');
});
afterEach(() => dir.cleanup());

function write(name: string, bytes: Buffer | string): string {
  const path = join(dir.path, name);
  writeFileSync(path, bytes);
  return path;
}

async function rawBytesOf(path: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const part of openInput(path, { onRawChunk: (chunk) => chunks.push(Buffer.from(chunk)) })) for await (const item of part.records) void item;
  return Buffer.concat(chunks);
}

async function failure(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected the input to be refused');
}

const CLOUDTRAIL_DOC = '{"Records":[{"eventName":"ConsoleLogin","eventID":"e1"},\n{"eventName":"GetObject","eventID":"e2"}]}';

describe('openInput: detection from content', () => {
  it('reads NDJSON whatever the file is called', async () => {
    const parts = await readInput(write('events.json', '{"a":1}\n{"a":2}\n'));
    expect(parts.map((p) => [p.part.name, p.part.format])).toEqual([[null, 'ndjson']]);
    expect(brief(parts[0]!.items)).toEqual(['1:{"a":1}', '2:{"a":2}']);
  });

  it('reads a pretty-printed envelope as a JSON document, and a top-level array too', async () => {
    const [envelope] = await readInput(write('a.txt', JSON.stringify({ exported_at: '2026-05-17', entries: [{ id: 1 }] }, null, 2)));
    expect(envelope?.part).toMatchObject({ format: 'json', envelope: { arrayPath: 'entries', fields: { exported_at: '2026-05-17' } } });
    const [array] = await readInput(write('b.ndjson', '[{"id":1},{"id":2}]'));
    expect(array?.part.format).toBe('json');
    expect(array?.items).toHaveLength(2);
  });

  it('reads a one-line CloudTrail file as a JSON document, not NDJSON', async () => {
    const [part] = await readInput(write('ct.log', `${CLOUDTRAIL_DOC}\n`));
    expect(part?.part).toMatchObject({ format: 'json', envelope: { arrayPath: 'Records' } });
    expect(part?.items).toHaveLength(2);
  });

  it('reads CSV with its header, and honours a format override', async () => {
    const path = write('data.bin', 'id;type\n1;x\n');
    const [part] = await readInput(path);
    expect(part?.part).toMatchObject({ format: 'csv', header: ['id', 'type'] });
    const [forced] = await readInput(write('lines.csv', '{"a":1}\n'), { format: 'csv' });
    expect(forced?.part.format).toBe('csv');
  });

  it('refuses an empty file, binary data and unrecognised text, naming the file', async () => {
    expect((await failure(readInput(write('empty.csv', '')))).message).toBe('empty.csv is empty');
    const binary = await failure(readInput(write('img.csv', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3]))));
    expect(binary).toMatchObject({ code: 'UNSUPPORTED_FORMAT', message: 'img.csv holds binary data, not a text export' });
    expect((await failure(readInput(write('notes.txt', 'just some words\n')))).message).toMatch(/^notes\.txt is not a recognised export/);
    expect((await failure(readInput(write('u16.csv', Buffer.from('\ufeffa,b\n', 'utf16le'))))).message).toMatch(/UTF-16/);
  });

  it('refuses a missing file with IO_ERROR', async () => {
    expect(await failure(readInput(join(dir.path, 'nope.ndjson')))).toMatchObject({ code: 'IO_ERROR', message: 'nope.ndjson: cannot be read (no such file)' });
  });
});

describe('openInput: gzip', () => {
  it('reads a gzipped NDJSON file, naming the part from the gzip header or the file', async () => {
    const parts = await readInput(write('events.ndjson.gz', gzipSync('{"a":1}\n{"a":2}\n')));
    expect(parts.map((p) => [p.part.name, p.part.format, brief(p.items)])).toEqual([['events.ndjson', 'ndjson', ['1:{"a":1}', '2:{"a":2}']]]);
    expect(parts[0]!.items[0]?.position.part).toBe('events.ndjson');
  });

  it('reads a CloudTrail .json.gz document', async () => {
    const [part] = await readInput(write('111122223333_CloudTrail_us-east-1_20260517T0800Z_abc.json.gz', gzipSync(CLOUDTRAIL_DOC)));
    expect(part?.part).toMatchObject({ format: 'json', envelope: { arrayPath: 'Records', fields: {} } });
    expect(brief(part!.items)).toEqual(['1:{"eventName":"ConsoleLogin","eventID":"e1"}', '2:{"eventName":"GetObject","eventID":"e2"}']);
  });

  it('reports damaged gzip data as IO_ERROR when nothing could be read from it', async () => {
    const broken = gzipSync('{"a":1}\n'.repeat(1000)).subarray(0, 40);
    expect((await failure(readInput(write('broken.gz', broken)))).code).toBe('IO_ERROR');
  });

  it('ends a truncated gzip with a rejection after the records read before it, and still hands every byte of the file to the digest', async () => {
    const lines = Array.from({ length: 20_000 }, (_, i) => `{"id":"evt_${i}","n":${(i * 7919) % 10007}}`);
    const whole = gzipSync(lines.join('\n') + '\n');
    const cut = whole.subarray(0, Math.floor(whole.length * 0.6));
    const path = write('cut.ndjson.gz', cut);
    const [part] = await readInput(path);
    const items = part!.items;
    const records = items.filter((item) => item.kind === 'record');
    expect(records.length).toBeGreaterThan(1000);
    expect(records.length).toBeLessThan(20_000);
    records.forEach((item, i) => expect(item).toMatchObject({ position: { part: 'cut.ndjson', line: i + 1 }, raw: lines[i] }));
    expect(items.slice(records.length)).toEqual([
      { kind: 'rejected', position: { part: 'cut.ndjson', line: 0 }, reason: `reading stopped after line ${records.length}: cut.ndjson.gz: the gzip data is damaged or truncated (unexpected end of file)`, excerpt: '' },
    ]);
    expect((await rawBytesOf(path)).equals(cut)).toBe(true);
  });
});

describe('openInput: zip', () => {
  it('reads every part of a zip with nested folders, each detected on its own', async () => {
    const zip = await buildZip([
      { name: 'export/', directory: true },
      { name: 'export/part-1/events.ndjson', data: '{"id":1}\n{"id":2}\n' },
      { name: 'export/part-2/events.csv', data: 'id,type\n3,x\n"4","multi\nline"\n5,y\n' },
      { name: 'export/summary.json', data: JSON.stringify({ count: 1, entries: [{ id: 6 }] }) },
      { name: '__MACOSX/export/._events.ndjson', data: 'junk' },
      { name: 'export/.DS_Store', data: Buffer.from([0, 0, 0, 1]) },
    ]);
    const parts = await readInput(write('export.zip', zip));
    expect(parts.map((p) => [p.part.name, p.part.format])).toEqual([
      ['export/part-1/events.ndjson', 'ndjson'],
      ['export/part-2/events.csv', 'csv'],
      ['export/summary.json', 'json'],
    ]);
    expect(parts.map((p) => brief(p.items))).toEqual([
      ['1:{"id":1}', '2:{"id":2}'],
      ['2:{"id":"3","type":"x"}', '3:{"id":"4","type":"multi\\nline"}', '5:{"id":"5","type":"y"}'],
      ['1:{"id":6}'],
    ]);
    expect(parts[1]!.items[0]?.position).toEqual({ part: 'export/part-2/events.csv', line: 2 });
    expect(parts[2]!.part.envelope).toEqual({ arrayPath: 'entries', fields: { count: 1 } });
  });

  it('reads a .json.gz stored inside a zip', async () => {
    const zip = await buildZip([{ name: 'AWSLogs/ct.json.gz', data: gzipSync(CLOUDTRAIL_DOC), compress: false }]);
    const [part] = await readInput(write('logs.zip', zip));
    expect(part?.part).toMatchObject({ name: 'AWSLogs/ct.json.gz', format: 'json', envelope: { arrayPath: 'Records' } });
    expect(part?.items).toHaveLength(2);
  });

  it('turns an unreadable part into one rejection at line 0 and reads the others', async () => {
    const zip = await buildZip([
      { name: 'a.ndjson', data: '{"a":1}\n' },
      { name: 'logo.png', data: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]) },
      { name: 'empty.csv', data: '' },
      { name: 'b.ndjson', data: '{"b":2}\n' },
    ]);
    const parts = await readInput(write('mixed.zip', zip));
    expect(parts.map((p) => [p.part.name, brief(p.items)])).toEqual([
      ['a.ndjson', ['1:{"a":1}']],
      ['logo.png', ['0:!mixed.zip: logo.png holds binary data, not a text export']],
      ['empty.csv', ['0:!mixed.zip: empty.csv is empty']],
      ['b.ndjson', ['1:{"b":2}']],
    ]);
  });

  it('refuses a damaged entry (CRC-32 mismatch) found while detecting it', async () => {
    const zip = await buildZip([{ name: 'a.ndjson', data: '{"a":1}\n{"a":2}\n', compress: false }]);
    zip.write('3', zip.indexOf('{"a":2}') + 5);
    const [part] = await readInput(write('damaged.zip', zip));
    expect(brief(part!.items)).toEqual(["0:!damaged.zip: a.ndjson: the entry is damaged (its CRC-32 does not match the archive's)"]);
  });

  it('ends a damaged entry (CRC-32 mismatch) with a rejection after the records read before', async () => {
    const lines = Array.from({ length: 20_000 }, (_, i) => `{"a":${i}}`).join('\n');
    const zip = await buildZip([{ name: 'big.ndjson', data: `${lines}\n`, compress: false }]);
    zip.write('7', zip.indexOf('{"a":19999}') + 5);
    const [part] = await readInput(write('damaged-late.zip', zip));
    expect(part!.items).toHaveLength(20_001);
    expect(brief(part!.items.slice(-2))).toEqual([
      '20000:{"a":79999}',
      "0:!reading stopped after line 20000: damaged-late.zip: big.ndjson: the entry is damaged (its CRC-32 does not match the archive's)",
    ]);
  });

  it('applies a format override to every part', async () => {
    const zip = await buildZip([{ name: 'x.txt', data: '{"a":1}\n' }]);
    const [part] = await readInput(write('x.zip', zip), { format: 'csv' });
    expect(part?.part.format).toBe('csv');
  });

  it('refuses a zip that holds no files', async () => {
    const zip = await buildZip([{ name: 'empty/', directory: true }]);
    expect(await failure(readInput(write('hollow.zip', zip)))).toMatchObject({ code: 'UNSUPPORTED_FORMAT', message: 'hollow.zip: the zip holds no files' });
  });
});

describe('openInput: provenance and sequencing', () => {
  it('passes every byte of the original file to onRawChunk, in order, for plain, gzip and zip inputs', async () => {
    const lines = Array.from({ length: 30_000 }, (_, i) => JSON.stringify({ i, pad: 'p'.repeat(i % 50) })).join('\n');
    const plain = write('plain.ndjson', lines);
    const gz = write('plain.ndjson.gz', gzipSync(lines));
    const zip = write('parts.zip', await buildZip([{ name: 'a.ndjson', data: lines }, { name: 'b.csv', data: 'x,y\n1,2\n' }]));
    for (const path of [plain, gz, zip]) expect((await rawBytesOf(path)).equals(readFileSync(path))).toBe(true);
  });

  it('still passes the whole file when the reader stops early (text after a JSON document)', async () => {
    const path = write('doc.json', `[{"a":1}] trailing ${'x'.repeat(3 * 1024 * 1024)}`);
    expect((await rawBytesOf(path)).equals(readFileSync(path))).toBe(true);
  });

  it("refuses to read a part's records after the next part was asked for", async () => {
    const zip = await buildZip([
      { name: 'a.ndjson', data: '{"a":1}\n' },
      { name: 'b.ndjson', data: '{"b":2}\n' },
    ]);
    const parts = openInput(write('two.zip', zip));
    const first = (await parts.next()).value as { records: AsyncIterable<unknown> };
    await parts.next();
    await expect(first.records[Symbol.asyncIterator]().next()).rejects.toThrow(/read after the next part was asked for/);
    await parts.return(undefined);
  });

  it('closes the file when the consumer stops early', async () => {
    const fdCount = (): number => readdirSync('/proc/self/fd').length;
    if (!existsSync('/proc/self/fd')) return;
    const zip = write('early.zip', await buildZip([{ name: 'a.ndjson', data: '{"a":1}\n'.repeat(10_000) }]));
    const plain = write('early.ndjson', '{"a":1}\n'.repeat(10_000));
    const before = fdCount();
    for (const path of [zip, plain]) {
      for await (const part of openInput(path)) {
        for await (const item of part.records) if (item) break;
        break;
      }
    }
    expect(fdCount()).toBe(before);
  });
});

describe('gzip inner names', () => {
  it('reads the FNAME field (RFC 1952 §2.3.1) without its folders, or falls back to the file name', () => {
    const named = Buffer.concat([Buffer.from([0x1f, 0x8b, 8, 0x08, 0, 0, 0, 0, 0, 3]), Buffer.from('../../etc/events.ndjson\0')]);
    expect(gzipInnerName(named, 'x.gz')).toBe('events.ndjson');
    expect(gzipInnerName(Buffer.from([0x1f, 0x8b, 8, 0x04, 0, 0, 0, 0, 0, 3]), 'cut.json.gz')).toBe('cut.json');
    expect(gzipInnerName(Buffer.from([0x1f, 0x8b]), 'tiny.gz')).toBe('tiny');
  });
});
