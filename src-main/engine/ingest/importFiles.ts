/** The import job: each file detected on its own, streamed, and reported (the CLI's --json shape). */
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { AppError } from '../../../src-shared/errors';
import type { FileImportResult, ImportFormat, ImportResult } from '../../../src-shared/imports';
import { appendActivity } from '../activity/activityLog';
import type { JobControl } from '../jobs/jobRunner';
import type { Db } from '../store/database';
import { detectFormat } from './formatDetection';
import { mapFileExportRecord } from './fileExport/fileExportMapping';
import { importSource } from './importer';

const SNIFF_BYTES = 64 * 1024;

async function readHead(path: string): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, SNIFF_BYTES, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

function unreadable(path: string, reason: string): FileImportResult {
  return { path, format: 'unknown', platform: 'unknown', sha256: '', size: 0, read: 0, imported: 0, duplicates: 0, rejected: 0, errors: [], failure: reason };
}

export async function importFiles(db: Db, paths: string[], format: ImportFormat, control: JobControl): Promise<ImportResult> {
  const files: FileImportResult[] = [];
  const sizes = await Promise.all(paths.map((p) => stat(p).then((s) => (s.isFile() ? s.size : 0), () => 0)));
  const totalBytes = sizes.reduce((a, b) => a + b, 0);
  let bytesBefore = 0;
  let recordsBefore = 0;
  for (const [index, rawPath] of paths.entries()) {
    if (control.signal.aborted) break;
    const path = resolve(rawPath);
    const name = basename(path);
    control.progress({ phase: 'import', detail: name, done: bytesBefore, total: totalBytes, unit: 'bytes' });
    let detected;
    let size: number;
    try {
      const info = await stat(path);
      if (!info.isFile()) throw new AppError('IO_ERROR', `${path} is not a file`);
      size = info.size;
      detected = detectFormat(await readHead(path), name, format);
    } catch (error) {
      const reason = error instanceof AppError ? error.message : `cannot read ${path}: ${(error as Error).message}`;
      db.transaction(() => appendActivity(db, 'import.failed', { file: name, path, reason }))();
      files.push(unreadable(path, reason));
      continue;
    }
    const result = await importSource(
      db,
      {
        name,
        path,
        size,
        format: detected.format,
        platform: detected.platform,
        chunks: createReadStream(path, { highWaterMark: 1024 * 1024 }),
        map: mapFileExportRecord,
      },
      {
        signal: control.signal,
        onProgress: (p) => control.progress({ done: bytesBefore + p.bytes, events: recordsBefore + p.records }),
      },
    );
    const { importId: _importId, cancelled: _cancelled, ...fileResult } = result;
    files.push(fileResult);
    bytesBefore += sizes[index] ?? 0;
    recordsBefore += result.read;
  }
  return {
    files,
    imported: files.reduce((n, f) => n + f.imported, 0),
    duplicates: files.reduce((n, f) => n + f.duplicates, 0),
    rejected: files.reduce((n, f) => n + f.rejected, 0),
  };
}
