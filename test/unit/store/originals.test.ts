import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { OriginalWriter, readOriginal } from '../../../src-main/engine/store/originals';
import { tempDir } from '../../support/tempDir';

/** Every file-system call the writer makes that matters for durability, in order. */
const calls: string[] = [];
vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof fs>();
  const fdPaths = new Map<number, string>();
  return {
    ...real,
    openSync: (path: string, ...rest: unknown[]) => {
      const fd = (real.openSync as (...args: unknown[]) => number)(path, ...rest);
      fdPaths.set(fd, path);
      return fd;
    },
    fsyncSync: (fd: number) => {
      calls.push(`fsync ${String(fdPaths.get(fd)).split('/').pop()}`);
      real.fsyncSync(fd);
    },
    renameSync: (from: string, to: string) => {
      calls.push(`rename ${from.endsWith('.partial') ? '*.partial' : from} -> ${to.split('/').pop()}`);
      real.renameSync(from, to);
    },
  };
});

let dir: { path: string; cleanup: () => void };
beforeEach(() => {
  dir = tempDir('aw-originals-');
  calls.length = 0;
});
afterEach(() => dir.cleanup());

describe('the encrypted copy of an original', () => {
  it('reads back byte for byte, across segments', () => {
    const key = randomBytes(32);
    const bytes = randomBytes(2_500_000);
    const writer = new OriginalWriter(join(dir.path, 'originals'), key);
    writer.write(bytes.subarray(0, 1_000_000));
    writer.write(bytes.subarray(1_000_000));
    const name = writer.finish('ab'.repeat(32));
    expect(Buffer.concat([...readOriginal(join(dir.path, name), key)]).equals(bytes)).toBe(true);
  });

  it('is on disk before its name, and its name before the caller goes on to record it', () => {
    const folder = join(dir.path, 'originals');
    const writer = new OriginalWriter(folder, randomBytes(32));
    writer.write(Buffer.from('{"id":1}\n'));
    writer.finish('cd'.repeat(32));
    const platformFolderSync = process.platform === 'win32' ? [] : ['fsync originals'];
    expect(calls).toEqual([expect.stringMatching(/^fsync [0-9a-f]+\.partial$/), `rename *.partial -> ${'cd'.repeat(32)}.aworig`, ...platformFolderSync]);
    expect(fs.readdirSync(folder)).toEqual([`${'cd'.repeat(32)}.aworig`]);
  });
});
