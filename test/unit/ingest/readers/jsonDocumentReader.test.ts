import { describe, expect, it } from 'vitest';
import { openJsonDocument } from '../../../../src-main/engine/ingest/readers/jsonDocumentReader';
import { brief, chunksOf, collect } from './readerFixtures';

async function read(text: string | Buffer, chunk = 5): Promise<{ envelope: unknown; items: string[] }> {
  const opened = await openJsonDocument(chunksOf(text, chunk), 'doc.json');
  return { envelope: opened.envelope, items: brief(await collect(opened.records)) };
}

const CLOUDTRAIL = `{"Records":[
  {"eventVersion":"1.08","eventName":"ConsoleLogin","recipientAccountId":"123456789012"},
  {"eventVersion":"1.08","eventName":"GetObject",
   "requestParameters":{"bucketName":"b"}}
]}`;

describe('JSON document reader', () => {
  it('reads the CloudTrail Records array with each element at its starting line', async () => {
    expect(await read(CLOUDTRAIL)).toEqual({
      envelope: { arrayPath: 'Records', fields: {} },
      items: [
        '2:{"eventVersion":"1.08","eventName":"ConsoleLogin","recipientAccountId":"123456789012"}',
        '3:{"eventVersion":"1.08","eventName":"GetObject","requestParameters":{"bucketName":"b"}}',
      ],
    });
  });

  it("keeps doc 002's envelope fields seen before the entries array", async () => {
    const doc = JSON.stringify(
      { generatedAt: '2026-05-17T08:00:00Z', workspaceSlug: 'acme', count: 2, filters: { days: 90 }, entries: [{ id: 'a1' }, { id: 'a2' }], next: null },
      null,
      2,
    );
    const { envelope, items } = await read(doc);
    expect(envelope).toEqual({ arrayPath: 'entries', fields: { generatedAt: '2026-05-17T08:00:00Z', workspaceSlug: 'acme', count: 2 } });
    expect(items).toEqual(['9:{"id":"a1"}', '12:{"id":"a2"}']);
  });

  it('reads a top-level array, keeping the verbatim element text as raw', async () => {
    const opened = await openJsonDocument(chunksOf('[ {"a" : 1} ,\n{"b":[1,2]} ]'), null);
    const items = await collect(opened.records);
    expect(opened.envelope).toEqual({ arrayPath: '', fields: {} });
    expect(items.map((i) => (i.kind === 'record' ? [i.position.line, i.raw] : null))).toEqual([
      [1, '{"a" : 1}'],
      [2, '{"b":[1,2]}'],
    ]);
  });

  it('reads a single object without any array as one record', async () => {
    expect(await read('{\n  "id": "evt_1",\n  "actor": {"id": "u1"}\n}\n')).toEqual({ envelope: null, items: ['1:{"id":"evt_1","actor":{"id":"u1"}}'] });
  });

  it('reads pretty-printed objects one after another as records', async () => {
    expect((await read('{\n "id": 1\n}\n{\n "id": 2\n}\n')).items).toEqual(['1:{"id":1}', '4:{"id":2}']);
    expect((await read('{"id": 1},\n{"id": 2}')).items).toEqual(['1:{"id":1}', '2:{"id":2}']);
  });

  it('rejects a malformed element with its line and reads the following ones', async () => {
    const { items } = await read('[\n{"a":1},\n{"b": tru},\n{"c":3}\n]');
    expect(items[0]).toBe('2:{"a":1}');
    expect(items[1]).toMatch(/^3:!invalid JSON/);
    expect(items[2]).toBe('4:{"c":3}');
  });

  it('yields the good elements of a truncated document, then a rejection for the unfinished one', async () => {
    const { items } = await read('{"Records":[\n{"a":1},\n{"b":2},\n{"c":');
    expect(items).toEqual(['2:{"a":1}', '3:{"b":2}', '4:!document ends inside an element (started at line 4, file ends at line 4)']);
  });

  it('reports a document cut between elements', async () => {
    expect((await read('[{"a":1},\n')).items).toEqual(['1:{"a":1}', '2:!document ends before the records array is closed (line 2)']);
  });

  it('keeps integers beyond 2^53 exact in elements and envelope fields', async () => {
    const { envelope, items } = await read('{"count":12345678901234567890,"entries":[{"id":12345678901234567890}]}');
    expect(envelope).toEqual({ arrayPath: 'entries', fields: { count: '12345678901234567890' } });
    expect(items).toEqual(['1:{"id":"12345678901234567890"}']);
  });

  it('rejects a 100k-deep element cleanly and still reads the next', async () => {
    const deep = '{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000);
    const { items } = await read(`[${deep},\n{"ok":1}]`, 64 * 1024);
    expect(items).toEqual([expect.stringMatching(/^1:!nested too deeply/), '2:{"ok":1}']);
  });

  it('rejects a 100k-deep single document cleanly', async () => {
    const { items } = await read('['.repeat(100_000) + ']'.repeat(100_000), 64 * 1024);
    expect(items).toEqual([expect.stringMatching(/^1:!nested too deeply/)]);
  });

  it('rejects malformed UTF-8 inside an element', async () => {
    const bytes = Buffer.concat([Buffer.from('[{"a":"'), Buffer.from([0xff]), Buffer.from('"},\n{"a":"ü"}]')]);
    expect((await read(bytes)).items).toEqual(['1:!malformed UTF-8', '2:{"a":"ü"}']);
  });

  it('reports text after the document at its line', async () => {
    expect((await read('[{"a":1}]\n\ngarbage')).items).toEqual(['1:{"a":1}', '3:!unexpected text after the end of the JSON document at line 3']);
  });

  it('rejects an element larger than 64 MiB without holding it, and reads the next', async () => {
    const huge = Buffer.alloc(65 * 1024 * 1024, 0x61);
    const bytes = Buffer.concat([Buffer.from('[{"a":1},\n{"blob":"'), huge, Buffer.from('"},\n{"b":2}]')]);
    const { items } = await read(bytes, 4 * 1024 * 1024);
    expect(items).toEqual(['1:{"a":1}', '2:!element is larger than 64 MiB', '3:{"b":2}']);
  });

  it('gives the same items whatever the chunk size', async () => {
    const doc = `${CLOUDTRAIL}\n`;
    const expected = await read(doc, doc.length);
    for (const size of [1, 2, 3, 17]) expect(await read(doc, size)).toEqual(expected);
  });
});
