/** Where an export is suggested to go (pure; the harness and Electron alike). */
import type { EngagementSummary } from '../../../src-shared/engagement';
import type { ExportFormat } from '../../../src-shared/query';
import { slug } from '../../format';

/** `/a/b/engagement` → `/a/b` (either separator), so exports land beside, not inside, the engagement. */
export function parentFolder(folder: string): string {
  const trimmed = folder.replace(/[\\/]+$/, '');
  const cut = Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\'));
  return cut > 0 ? trimmed.slice(0, cut) : cut === 0 ? trimmed.slice(0, 1) : trimmed;
}

function stamp(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}${pad(date.getMonth() + 1)}${pad(date.getDate())}-${pad(date.getHours())}${pad(date.getMinutes())}${pad(date.getSeconds())}`;
}

/**
 * A suggested destination beside the engagement folder. In Electron a save dialog would choose
 * it; here the auditor may edit the path (an existing file is never overwritten).
 */
export function suggestedExportPath(engagement: Pick<EngagementSummary, 'folder' | 'name'>, format: ExportFormat, now: Date): string {
  const parent = parentFolder(engagement.folder);
  const separator = parent.includes('\\') && !parent.includes('/') ? '\\' : '/';
  const base = parent.endsWith(separator) ? parent : `${parent}${separator}`;
  return `${base}${slug(engagement.name)}-events-${stamp(now)}.${format}`;
}

/** Keeps the path, with the extension of the chosen format. */
export function withExtension(path: string, format: ExportFormat): string {
  return /\.(csv|xlsx|json|ndjson)$/i.test(path) ? path.replace(/\.(csv|xlsx|json|ndjson)$/i, `.${format}`) : path;
}
