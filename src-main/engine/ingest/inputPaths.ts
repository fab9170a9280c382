/**
 * Dropped folders become the files inside them (recursively, in name order). Hidden files
 * (".DS_Store") are skipped and symbolic links are not followed, so a link cannot pull in
 * files from elsewhere or loop.
 */
import { lstat, readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';

const MAX_FILES = 10_000;

async function walk(dir: string, out: string[]): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (out.length >= MAX_FILES) return;
    if (entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await walk(path, out);
    else if (entry.isFile()) out.push(path);
  }
}

/** Files stay as they are (even missing ones: the import reports them); folders expand. */
export async function expandPaths(paths: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const raw of paths) {
    const path = resolve(raw);
    const info = await lstat(path).catch(() => null);
    if (info?.isDirectory()) await walk(path, out);
    else out.push(path);
  }
  return out;
}
