/**
 * What the Import view shows before an import starts: for each file and each part, the
 * detected format and platform (editable by the user), and for a part no mapping recognises,
 * its header and first record for the column-mapping step. Reads only the first records.
 */
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { InspectedFile } from '../../../src-shared/imports';
import { AppError } from '../../../src-shared/errors';
import { openInput } from './readers/containers';
import type { ReadItem } from './readers/readItem';
import { ALL_MAPPINGS } from './platforms';
import { detectPlatform, DETECTION_SAMPLE, unwrapCollector } from './platforms/registry';

const SAMPLE_CHARS = 2000;

export async function inspectFile(rawPath: string): Promise<InspectedFile> {
  const path = resolve(rawPath);
  let size = 0;
  try {
    const info = await stat(path);
    if (!info.isFile()) return { path, size: 0, problem: `${path} is not a file`, parts: [] };
    size = info.size;
  } catch (error) {
    return { path, size, problem: `cannot read ${path}: ${(error as Error).message}`, parts: [] };
  }
  const parts: InspectedFile['parts'] = [];
  try {
    for await (const part of openInput(path, {})) {
      const head: ReadItem[] = [];
      for await (const item of part.records) {
        head.push(item);
        if (head.length >= DETECTION_SAMPLE) break;
      }
      const records = head.flatMap((item) => (item.kind === 'record' ? [unwrapCollector(item.value, item.raw)] : []));
      const shape = part.format === 'csv' || part.format === 'xlsx' ? 'row' : 'json';
      const detection = detectPlatform(ALL_MAPPINGS, records.map((r) => r.value), shape);
      parts.push({
        part: part.name,
        format: part.format,
        platform: detection?.mapping.id ?? null,
        platformName: detection?.mapping.name ?? null,
        score: detection?.score ?? 0,
        header: part.header,
        sample: records[0] ? records[0].raw.slice(0, SAMPLE_CHARS) : null,
      });
    }
  } catch (error) {
    return { path, size, problem: error instanceof AppError ? error.message : `${path}: ${(error as Error).message}`, parts };
  }
  const unknown = parts.filter((p) => p.platform === null).length;
  const problem = parts.length === 0 ? `${path} holds nothing to import` : unknown === parts.length ? 'not recognised: choose a platform or map its columns' : null;
  return { path, size, problem, parts };
}
