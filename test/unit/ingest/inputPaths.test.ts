import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expandPaths } from '../../../src-main/engine/ingest/inputPaths';
import { tempDir } from '../../support/tempDir';

let dir: { path: string; cleanup: () => void };
beforeEach(() => {
  dir = tempDir('aw-paths-');
});
afterEach(() => dir.cleanup());

function files(names: string[]): void {
  for (const name of names) {
    mkdirSync(join(dir.path, name, '..'), { recursive: true });
    writeFileSync(join(dir.path, name), 'x');
  }
}

describe('the files an import is given', () => {
  it('expands folders recursively in name order, skips hidden files and links, and keeps files (even missing ones) as given', async () => {
    files(['export/b.ndjson', 'export/a/2.csv', 'export/a/1.csv', 'export/.DS_Store', 'outside.ndjson']);
    symlinkSync(join(dir.path, 'outside.ndjson'), join(dir.path, 'export', 'link.ndjson'));
    const missing = join(dir.path, 'missing.ndjson');
    expect(await expandPaths([join(dir.path, 'export'), missing])).toEqual([
      join(dir.path, 'export/a/1.csv'),
      join(dir.path, 'export/a/2.csv'),
      join(dir.path, 'export/b.ndjson'),
      missing,
    ]);
  });

  it('refuses a folder holding more files than an import takes, naming it, instead of importing a part of it', async () => {
    files(['big/1', 'big/2', 'big/sub/3', 'small/1']);
    expect(await expandPaths([join(dir.path, 'big')], 3)).toHaveLength(3);
    await expect(expandPaths([join(dir.path, 'small'), join(dir.path, 'big')], 3)).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: `${join(dir.path, 'big')}: one import takes at most 3 files, and with this folder there are more; import its folders one at a time`,
    });
  });
});
