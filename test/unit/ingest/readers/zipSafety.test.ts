/**
 * The hostile-container corpus: zip-slip names, links, encryption and bombs. Every archive is
 * refused with FORBIDDEN naming the entry, no record is yielded, and nothing is written
 * anywhere (the readers never extract; these tests check that no file appears).
 */
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../../src-shared/errors';
import { openInput, type OpenInputOptions } from '../../../../src-main/engine/ingest/readers/containers';
import { tempDir } from '../../../support/tempDir';
import { buildZip, centralHeaders, listTree, patchName, setFlagBits } from './readerFixtures';

let dir: { path: string; cleanup: () => void };
let tmpBefore: string[];
const written: string[] = [];

beforeAll(() => {
  dir = tempDir('aw-zipsafety-');
  tmpBefore = readdirSync(tmpdir());
});
afterAll(() => dir.cleanup());

function save(name: string, bytes: Buffer): string {
  const path = join(dir.path, name);
  writeFileSync(path, bytes);
  written.push(name);
  return path;
}

/** Reads the whole input; returns the refusal and how many records came out before it. */
async function refusal(path: string, options: OpenInputOptions = {}): Promise<{ error: AppError; records: number }> {
  let records = 0;
  try {
    for await (const part of openInput(path, options)) for await (const item of part.records) if (item.kind === 'record') records += 1;
  } catch (error) {
    if (error instanceof AppError) return { error, records };
    throw error;
  }
  throw new Error(`${path} was read without a refusal (${records} records)`);
}

async function hostile(bad: string, placeholder: string, extra: { name: string; data: string }[] = []): Promise<Buffer> {
  const zip = await buildZip([{ name: 'good.ndjson', data: '{"ok":1}\n' }, { name: placeholder, data: '{"evil":1}\n' }, ...extra]);
  return patchName(zip, placeholder, bad);
}

describe('zip-slip and hostile entries', () => {
  const names: [string, string, RegExp][] = [
    ['../evil.ndjson', 'xx/evil.ndjson', /escapes its folder/],
    ['a/../../b.ndjson', 'a/xx/xx/b.ndjson', /escapes its folder/],
    ['/etc/passwd', 'xetc/passwd', /absolute path/],
    ['C:\\x.ndjson', 'Cx/x.ndjson', /drive letter/],
    ['..\\..\\win.ndjson', 'xx/xx/win.ndjson', /escapes its folder/],
    ['\\\\server\\share.csv', 'xxserver/share.csv', /absolute path/],
  ];
  for (const [bad, placeholder, why] of names) {
    it(`refuses the whole archive for an entry named ${bad}`, async () => {
      const path = save(`slip-${written.length}.zip`, await hostile(bad, placeholder));
      const { error, records } = await refusal(path);
      expect(error.code).toBe('FORBIDDEN');
      expect(error.message).toContain(`zip entry ${JSON.stringify(bad)}`);
      expect(error.message).toMatch(why);
      expect(records).toBe(0);
    });
  }

  it('refuses a symbolic link entry', async () => {
    const zip = await buildZip([
      { name: 'good.ndjson', data: '{"ok":1}\n' },
      { name: 'link.ndjson', data: '/etc/passwd', mode: 0o120777 },
    ]);
    const { error, records } = await refusal(save('symlink.zip', zip));
    expect(error).toMatchObject({ code: 'FORBIDDEN', message: 'symlink.zip: zip entry "link.ndjson" is a symbolic link; the archive is refused' });
    expect(records).toBe(0);
  });

  it('refuses an encrypted entry', async () => {
    const zip = setFlagBits(await buildZip([{ name: 'secret.ndjson', data: '{"a":1}\n' }]), 0x0001);
    const { error } = await refusal(save('encrypted.zip', zip));
    expect(error).toMatchObject({ code: 'FORBIDDEN', message: 'encrypted.zip: zip entry "secret.ndjson" is encrypted; the archive is refused' });
  });

  it('refuses more entries than maxEntries (10,000 by default)', async () => {
    const zip = await buildZip(Array.from({ length: 10_001 }, (_, i) => ({ name: `p/${i}.ndjson`, data: '', compress: false })));
    const { error, records } = await refusal(save('many.zip', zip));
    expect(error.code).toBe('FORBIDDEN');
    expect(error.message).toMatch(/many\.zip: the zip holds 10,001 entries, more than 10,000 \(maxEntries\)/);
    expect(records).toBe(0);
  });

  it('refuses entries that share compressed data (overlapping-entry bomb)', async () => {
    const zip = await buildZip([
      { name: 'one.ndjson', data: '{"a":1}\n'.repeat(100) },
      { name: 'two.ndjson', data: '{"b":2}\n'.repeat(100) },
    ]);
    const [, second] = centralHeaders(zip);
    zip.writeUInt32LE(0, second! + 42); // point entry two at entry one's local header
    const { error } = await refusal(save('overlap.zip', zip));
    expect(error).toMatchObject({ code: 'FORBIDDEN' });
    expect(error.message).toMatch(/zip entry "two.ndjson" overlaps the data of entry "one.ndjson"/);
  });
});

describe('zip and gzip bombs', () => {
  const BOMB = 200 * 1024 * 1024;
  // Text, not zeros: a bomb of NUL bytes is already refused as binary data before it expands.
  const textBomb = (): Buffer => gzipSync(Buffer.alloc(BOMB, '{"a":1}\n'));

  it('refuses an entry whose header declares a ratio far beyond 200×', async () => {
    const zip = await buildZip([{ name: 'zeros.ndjson', zeros: BOMB }]);
    const { error, records } = await refusal(save('declared-bomb.zip', zip));
    expect(error.code).toBe('FORBIDDEN');
    expect(error.message).toMatch(/zip entry "zeros.ndjson" declares an expansion of more than 200×/);
    expect(records).toBe(0);
  });

  it('stops an entry that claims a small size but inflates huge, on the bytes actually produced', async () => {
    const zip = await buildZip([
      { name: 'a.ndjson', data: '{"a":1}\n' },
      { name: 'zeros.ndjson', zeros: BOMB },
    ]);
    const [, second] = centralHeaders(zip);
    zip.writeUInt32LE(1000, second! + 24); // the central directory now claims 1,000 bytes uncompressed
    const { error } = await refusal(save('lying-bomb.zip', zip));
    expect(error.code).toBe('FORBIDDEN');
    expect(error.message).toMatch(/^lying-bomb\.zip: zeros\.ndjson expands beyond the 1000 bytes its header declares/);
  });

  it('stops a gzip bomb on its actual expansion ratio', async () => {
    const { error, records } = await refusal(save('bomb.ndjson.gz', textBomb()));
    expect(error.code).toBe('FORBIDDEN');
    expect(error.message).toMatch(/^bomb\.ndjson\.gz expands more than 200× .*maxRatio/);
    // A gzip has no directory to vet first: records flow until the ratio is passed, then reading stops.
    expect(records).toBeLessThan(BOMB / 8 / 4);
  });

  it('stops a gzip bomb stored inside a zip entry', async () => {
    const zip = await buildZip([{ name: 'inner.json.gz', data: textBomb(), compress: false }]);
    const { error } = await refusal(save('nested-bomb.zip', zip));
    expect(error.code).toBe('FORBIDDEN');
    expect(error.message).toMatch(/^nested-bomb\.zip: inner\.json\.gz \(gunzipped\) expands more than 200×/);
  });

  it('stops at maxTotalUncompressed across parts', async () => {
    const part = '{"pad":"' + 'x'.repeat(100) + '"}\n';
    const zip = await buildZip([0, 1, 2].map((i) => ({ name: `p${i}.ndjson`, data: part.repeat(6000) })));
    const { error } = await refusal(save('total.zip', zip), { limits: { maxTotalUncompressed: 1024 * 1024, maxRatio: 10_000 } });
    expect(error).toMatchObject({ code: 'FORBIDDEN' });
    expect(error.message).toMatch(/total\.zip: the zip declares more than 1\.0 MiB in total \(maxTotalUncompressed\)/);
  });

  it('stops at maxEntryUncompressed for a gzip stream', async () => {
    const { error } = await refusal(save('big.ndjson.gz', gzipSync('{"a":1}\n'.repeat(400_000))), { limits: { maxEntryUncompressed: 2 * 1024 * 1024, maxRatio: 10_000 } });
    expect(error).toMatchObject({ code: 'FORBIDDEN' });
    expect(error.message).toMatch(/^big\.ndjson\.gz expands beyond 2\.0 MiB \(maxEntryUncompressed\)/);
  });
});

describe('nothing is written anywhere', () => {
  it('leaves the test folder holding only the archives, and writes nothing beside it or in the OS temp folder', () => {
    expect(listTree(dir.path)).toEqual([...written].sort());
    for (const name of ['evil.ndjson', 'b.ndjson', 'passwd', 'x.ndjson', 'win.ndjson', 'share.csv', 'link.ndjson', 'zeros.ndjson']) {
      expect(existsSync(join(dirname(dir.path), name))).toBe(false);
      expect(existsSync(join(process.cwd(), '..', name))).toBe(false);
    }
    // Other processes share the OS temp folder: look only for what this process could have made.
    const appeared = readdirSync(tmpdir()).filter((name) => !tmpBefore.includes(name));
    const ours = appeared.filter((name) => name.includes(String(process.pid)) || /evil|passwd|zeros|win\.ndjson|share\.csv|link\.ndjson/.test(name));
    expect(ours).toEqual([]);
  });
});
