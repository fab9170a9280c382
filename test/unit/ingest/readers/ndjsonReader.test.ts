import { describe, expect, it } from 'vitest';
import { readNdjson } from '../../../../src-main/engine/ingest/readers/ndjsonReader';
import { brief, chunksOf, collect } from './readerFixtures';

async function read(text: string | Buffer, chunk = 7): Promise<string[]> {
  return brief(await collect(readNdjson(chunksOf(text, chunk), 'part.ndjson')));
}

describe('NDJSON reader', () => {
  it('reads one record per line with its line number, skipping blank lines', async () => {
    expect(await read('{"a":1}\n\n{"b":2}\r\n   \n{"c":3}')).toEqual(['1:{"a":1}', '3:{"b":2}', '5:{"c":3}']);
  });

  it('drops a UTF-8 BOM before the first line and keeps the verbatim text as raw', async () => {
    const items = await collect(readNdjson(chunksOf('\ufeff{"id": "x" ,"n":1}\n', 2), null));
    expect(items).toEqual([{ kind: 'record', position: { part: null, line: 1 }, value: { id: 'x', n: 1 }, raw: '{"id": "x" ,"n":1}' }]);
  });

  it('turns an unparsable line into a rejection and reads on', async () => {
    const lines = await read('{"a":1}\n{"b":\n{"c":3}\n');
    expect(lines[0]).toBe('1:{"a":1}');
    expect(lines[1]).toMatch(/^2:!invalid JSON: /);
    expect(lines[2]).toBe('3:{"c":3}');
  });

  it('rejects a line with malformed UTF-8, naming it', async () => {
    const bytes = Buffer.concat([Buffer.from('{"a":"ok"}\n{"a":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}\n{"a":"é"}\n')]);
    expect(await read(bytes)).toEqual(['1:{"a":"ok"}', '2:!malformed UTF-8', '3:{"a":"é"}']);
  });

  it('keeps integers beyond 2^53 exact, as strings, and leaves safe numbers alone', async () => {
    const items = await collect(readNdjson(chunksOf('{"id":12345678901234567890,"neg":-9007199254740993,"safe":9007199254740991,"f":1.5,"s":"12345678901234567890"}\n'), null));
    expect(items[0]?.kind === 'record' && items[0].value).toEqual({ id: '12345678901234567890', neg: '-9007199254740993', safe: 9007199254740991, f: 1.5, s: '12345678901234567890' });
  });

  it('rejects 100k-deep arrays and objects as nested too deeply instead of crashing', async () => {
    const deepArray = '['.repeat(100_000) + ']'.repeat(100_000);
    const deepObject = '{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000);
    const lines = await read(`${deepArray}\n${deepObject}\n{"ok":true}\n`, 64 * 1024);
    expect(lines).toEqual([expect.stringMatching(/^1:!nested too deeply/), expect.stringMatching(/^2:!nested too deeply/), '3:{"ok":true}']);
  });

  it('reads a 50 MB single line', async () => {
    const big = 'x'.repeat(50 * 1024 * 1024);
    const items = await collect(readNdjson(chunksOf(`{"n":1}\n{"blob":"${big}"}\n{"n":3}\n`, 1024 * 1024), null));
    expect(items.map((i) => `${i.position.line}:${i.kind}`)).toEqual(['1:record', '2:record', '3:record']);
    expect(items[1]?.kind === 'record' && (items[1].value as { blob: string }).blob.length).toBe(big.length);
  });

  it('rejects a line longer than 64 MiB and reads the next one', async () => {
    const huge = Buffer.alloc(65 * 1024 * 1024, 0x61);
    const items = await collect(readNdjson(chunksOf(Buffer.concat([Buffer.from('{"a":1}\n"'), huge, Buffer.from('"\n{"b":2}\n')]), 4 * 1024 * 1024), null));
    expect(items.map((i) => `${i.position.line}:${i.kind === 'record' ? i.raw.slice(0, 20) : i.reason}`)).toEqual(['1:{"a":1}', '2:line is longer than 64 MiB', '3:{"b":2}']);
  });
});
