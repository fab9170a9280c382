/**
 * Formats are recognised from content, never from the file name alone. This first slice
 * knows the file-export NDJSON of product doc 003; the ingest issue adds the other families.
 */
import type { ImportFormat } from '../../../src-shared/imports';
import { AppError } from '../../../src-shared/errors';

export type DetectedFormat = { format: Exclude<ImportFormat, 'auto'>; platform: string };

function firstLine(head: Buffer): string {
  let text = head.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const lines = text.split('\n');
  return (lines.find((l) => l.trim() !== '') ?? '').trim();
}

export function detectFormat(head: Buffer, fileName: string, requested: ImportFormat): DetectedFormat {
  if (requested !== 'auto') return { format: requested, platform: 'file-export' };
  const line = firstLine(head);
  if (line.startsWith('{')) {
    // The first record may be longer than the sniffed head; the key names show early.
    if (/"occurred_at"\s*:/.test(line) && /"type"\s*:/.test(line)) return { format: 'file-export-ndjson', platform: 'file-export' };
  }
  if (head.length === 0) throw new AppError('UNSUPPORTED_FORMAT', `${fileName} is empty`);
  throw new AppError(
    'UNSUPPORTED_FORMAT',
    `${fileName}: not a recognised audit-log export (this version reads the file-export NDJSON: one JSON object per line with "id", "type" and "occurred_at")`,
  );
}
