import { describe, expect, it } from 'vitest';
import { openCsv, sniffDelimiter } from '../../../../src-main/engine/ingest/readers/csvReader';
import { brief, chunksOf, collect } from './readerFixtures';

async function read(text: string | Buffer, chunk = 5): Promise<{ header: string[] | null; items: string[] }> {
  const opened = await openCsv(chunksOf(text, chunk), 'events.csv');
  return { header: opened.header, items: brief(await collect(opened.records)) };
}

describe('CSV reader', () => {
  it('keys each row by the header and numbers it by its physical line', async () => {
    expect(await read('id,type\nevt_1,user.signed_in\nevt_2,file.read\n')).toEqual({
      header: ['id', 'type'],
      items: ['2:{"id":"evt_1","type":"user.signed_in"}', '3:{"id":"evt_2","type":"file.read"}'],
    });
  });

  it('removes a UTF-8 BOM from the first header name (doc 004 CSV)', async () => {
    expect((await read('\ufeffid,event\n1,created\n')).header).toEqual(['id', 'event']);
  });

  it('starts a row after a quoted multi-line field on its own physical line, with CRLF and LF mixed', async () => {
    const text = 'id,note,n\r\n1,"line one\r\nline two\nline three",a\n2,plain,b\r\n3,"x",c';
    expect((await read(text)).items).toEqual([
      '2:{"id":"1","note":"line one\\r\\nline two\\nline three","n":"a"}',
      '5:{"id":"2","note":"plain","n":"b"}',
      '6:{"id":"3","note":"x","n":"c"}',
    ]);
  });

  it('keeps the verbatim record text as raw, without its line break', async () => {
    const opened = await openCsv(chunksOf('a,b\r\n"x ""q""",2\r\n'), null);
    const [item] = await collect(opened.records);
    expect(item).toEqual({ kind: 'record', position: { part: null, line: 2 }, value: { a: 'x "q"', b: '2' }, raw: '"x ""q""",2' });
  });

  it('suffixes repeated header names and names blank ones by position', async () => {
    expect((await read('id,name,id,,id\n1,2,3,4,5\n')).items).toEqual(['2:{"id":"1","name":"2","id_2":"3","column_4":"4","id_3":"5"}']);
  });

  it('rejects a short or long row with both counts, and reads on', async () => {
    const header = 'a,b,c,d,e,f,g,h,i';
    expect((await read(`${header}\n1,2,3,4,5,6,7\n1,2,3,4,5,6,7,8,9,10\n1,2,3,4,5,6,7,8,9\n`)).items).toEqual([
      '2:!row has 7 fields, header has 9',
      '3:!row has 10 fields, header has 9',
      '4:{"a":"1","b":"2","c":"3","d":"4","e":"5","f":"6","g":"7","h":"8","i":"9"}',
    ]);
  });

  it('rejects a row with text after a closing quote and reads the next row normally', async () => {
    const { items } = await read('a,b\n"abc"def,x\n1,2\n"q"r,s\n3,4\n');
    expect(items).toEqual([
      expect.stringMatching(/^2:!text after the closing quote of field 1/),
      '3:{"a":"1","b":"2"}',
      expect.stringMatching(/^4:!text after the closing quote of field 1/),
      '5:{"a":"3","b":"4"}',
    ]);
  });

  it('reports a quote that never closes at the line it opens', async () => {
    const { items } = await read('a,b\n1,2\n"open,3\n4,5\n');
    expect(items).toEqual(['2:{"a":"1","b":"2"}', '3:!a quoted field that starts on line 3 is never closed, so the rest of the input from that line could not be read']);
  });

  it('rejects a row with malformed UTF-8 and keeps the others', async () => {
    const bytes = Buffer.concat([Buffer.from('a,b\n1,'), Buffer.from([0xe9]), Buffer.from('t\xe9\n2,ok\n', 'utf8')]);
    expect((await read(bytes)).items).toEqual(['2:!malformed UTF-8', '3:{"a":"2","b":"ok"}']);
  });

  it('reads semicolon and tab delimited files (Excel locales), and the sep= hint', async () => {
    expect((await read('id;name\n1;"a;b"\n')).items).toEqual(['2:{"id":"1","name":"a;b"}']);
    expect((await read('id\tname\n1\tx\n')).items).toEqual(['2:{"id":"1","name":"x"}']);
    expect(await read('sep=;\nid;n\n1;2\n')).toEqual({ header: ['id', 'n'], items: ['3:{"id":"1","n":"2"}'] });
  });

  it('picks the delimiter that splits the header line most, commas on ties', () => {
    expect(sniffDelimiter('a;b;c')).toBe(';');
    expect(sniffDelimiter('a\tb,c\td')).toBe('\t');
    expect(sniffDelimiter('"x;y",b')).toBe(',');
    expect(sniffDelimiter('single')).toBe(',');
  });

  it('skips blank lines and rows of bare delimiters', async () => {
    expect((await read('a,b\n\n1,2\n,\n ,\r\n\n')).items).toEqual(['3:{"a":"1","b":"2"}']);
  });

  it('keeps a column named __proto__ as a plain field', async () => {
    const opened = await openCsv(chunksOf('__proto__,b\nx,y\n'), null);
    const [item] = await collect(opened.records);
    const value = item?.kind === 'record' ? (item.value as Record<string, unknown>) : {};
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toEqual(['__proto__', 'b']);
  });

  it('reads a 50 MB single field', async () => {
    const big = 'y'.repeat(50 * 1024 * 1024);
    const opened = await openCsv(chunksOf(`id,blob\n1,"${big}"\n2,small\n`, 1024 * 1024), null);
    const items = await collect(opened.records);
    expect(items.map((i) => `${i.position.line}:${i.kind}`)).toEqual(['2:record', '3:record']);
    expect(items[0]?.kind === 'record' && (items[0].value as { blob: string }).blob.length).toBe(big.length);
    expect(items[1]?.position.line).toBe(3);
  });

  it('gives the same items whatever the chunk size', async () => {
    const text = '\ufeffid,"note"\r\n1,"a\r\n""b""",\n2,c\r\n';
    const expected = await read(text, text.length);
    for (const size of [1, 2, 3, 11]) expect(await read(text, size)).toEqual(expected);
  });
});
