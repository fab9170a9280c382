import { describe, expect, it } from 'vitest';
import { ByteSource } from '../../../../src-main/engine/ingest/readers/byteSource';
import { detectTextFormat } from '../../../../src-main/engine/ingest/readers/contentDetection';
import { chunksOf } from './readerFixtures';

async function detect(text: string | Buffer, chunk = 64 * 1024): Promise<unknown> {
  return detectTextFormat(ByteSource.of(chunksOf(text, chunk)));
}

describe('content detection', () => {
  it('tells NDJSON from JSON documents by the first line and the next one', async () => {
    expect(await detect('{"a":1}\n{"a":2}\n')).toEqual({ format: 'ndjson' });
    expect(await detect('\ufeff  \n{"a":1}\r\n\r\n{"a":2}')).toEqual({ format: 'ndjson' });
    expect(await detect('{\n  "Records": []\n}\n')).toEqual({ format: 'json' });
    expect(await detect('{"Records":[{"a":1}]}\n')).toEqual({ format: 'json' });
    expect(await detect('{"Records":[{"a":1}]}')).toEqual({ format: 'json' });
    expect(await detect('  [\n{"a":1}]')).toEqual({ format: 'json' });
  });

  it('finds the first line past many blank lines and chunk borders', async () => {
    const first = `{"pad":"${'x'.repeat(1_500_000)}"}`;
    expect(await detect(`${'\n'.repeat(100_000)}${first}\n{"a":2}\n`, 1024 * 1024)).toEqual({ format: 'ndjson' });
    expect(await detect(`${first}\n${' '.repeat(2_000_000)}\n{"a":2}\n`, 1024 * 1024)).toEqual({ format: 'ndjson' });
    expect(await detect(`${first}\n${' '.repeat(2_000_000)}\n`, 1024 * 1024)).toEqual({ format: 'json' });
  });

  it('takes a delimited first line as CSV, and refuses what is neither', async () => {
    expect(await detect('id,type\n1,x\n')).toEqual({ format: 'csv' });
    expect(await detect('id;type\n')).toEqual({ format: 'csv' });
    expect(await detect('sep=;\nid;type\n')).toEqual({ format: 'csv' });
    expect(await detect('hello world\n')).toMatchObject({ unreadable: expect.stringMatching(/not a recognised export/) as unknown });
    expect(await detect('')).toEqual({ unreadable: 'is empty' });
    expect(await detect(' \n\n')).toEqual({ unreadable: 'holds only blank lines' });
  });
});
