/**
 * Where the shared third-party samples are (they are read in place, never copied into the
 * project — some licences allow tests only): $AUDITOR_DATASETS, else ../shared/datasets beside
 * the checkout, else the build machines' /work/shared/datasets.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

const REPO_ROOT = resolve(import.meta.dirname, '../..');

export const DATASETS_DIR: string =
  process.env['AUDITOR_DATASETS'] ?? [resolve(REPO_ROOT, '../shared/datasets'), '/work/shared/datasets'].find((dir) => existsSync(dir)) ?? resolve(REPO_ROOT, '../shared/datasets');
