/**
 * Dropped folders become the files inside them (recursively, in name order). Hidden files
 * (".DS_Store") are skipped and symbolic links are not followed, so a link cannot pull in
 * files from elsewhere or loop. A folder holding more files than an import takes is refused
 * with the count, never imported in part.
 */
import { lstat, readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { AppError } from '../../../src-shared/errors';

/** At most this many files per import (each one is an import record and a parser run). */
export const MAX_FILES = 100_000;

async function walk(dir: string, out: string[], maxFiles: number, top: string): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      await walk(path, out, maxFiles, top);
    } else if (entry.isFile()) {
      if (out.length >= maxFiles) throw new AppError('BAD_REQUEST', `${top}: one import takes at most ${maxFiles.toLocaleString('en')} files, and with this folder there are more; import its folders one at a time`);
      out.push(path);
    }
  }
}

/** Files stay as they are (even missing ones: the import reports them); folders expand. */
export async function expandPaths(paths: readonly string[], maxFiles = MAX_FILES): Promise<string[]> {
  const out: string[] = [];
  for (const raw of paths) {
    const path = resolve(raw);
    const info = await lstat(path).catch(() => null);
    if (info?.isDirectory()) await walk(path, out, maxFiles, path);
    else out.push(path);
  }
  return out;
}
