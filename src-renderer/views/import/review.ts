/**
 * The review step's model: each inspected file with the auditor's choices (format, platform or
 * saved column mapping) and what they send to `import.start`. The contract takes the choices
 * per file, so a zip's parts share them; "detected" keeps the engine's per-part detection.
 */
import type { ImportFileRequest, ImportFormat, InspectedFile } from '../../../src-shared/imports';
import { formatName } from './display';

export type PlatformChoice = { kind: 'detected' } | { kind: 'platform'; id: string } | { kind: 'profile'; name: string };

export interface ReviewFile {
  path: string;
  /** the name the auditor knows (its place in a chosen or dropped folder) */
  label: string;
  inspected: InspectedFile;
  format: ImportFormat;
  choice: PlatformChoice;
}

export type InspectedPart = InspectedFile['parts'][number];

export function choiceValue(choice: PlatformChoice): string {
  if (choice.kind === 'platform') return `platform:${choice.id}`;
  if (choice.kind === 'profile') return `profile:${choice.name}`;
  return 'detected';
}

export function choiceFromValue(value: string): PlatformChoice | null {
  if (value === 'detected') return { kind: 'detected' };
  if (value.startsWith('platform:')) return { kind: 'platform', id: value.slice('platform:'.length) };
  if (value.startsWith('profile:')) return { kind: 'profile', name: value.slice('profile:'.length) };
  return null;
}

/** The part the column-mapping step works on: the first one no platform recognised. */
export function mappablePart(file: ReviewFile): InspectedPart | null {
  return file.inspected.parts.find((part) => part.platform === null && (part.header !== null || part.sample !== null)) ?? null;
}

/** Why the file cannot start as chosen, in words; null when it can. */
export function blockingProblem(file: ReviewFile): string | null {
  const { problem, parts } = file.inspected;
  if (problem === null) return null;
  if (parts.length === 0) return file.format === 'auto' ? problem : null;
  return file.choice.kind === 'detected' ? problem : null;
}

export function fileRequest(file: ReviewFile): ImportFileRequest {
  return {
    path: file.path,
    format: file.format,
    ...(file.choice.kind === 'platform' ? { platform: file.choice.id } : {}),
    ...(file.choice.kind === 'profile' ? { profile: file.choice.name } : {}),
  };
}

/** A file's label: its own, or its place under a chosen folder the engine expanded. */
function labelFor(path: string, labels: ReadonlyMap<string, string>): string {
  const own = labels.get(path);
  if (own !== undefined) return own;
  for (const [root, label] of labels) {
    const rest = path.startsWith(root) ? path.slice(root.length) : '';
    if (/^[\\/]/.test(rest)) return `${label}${rest.replace(/\\/g, '/')}`;
  }
  return path;
}

/** Adds newly inspected files, keeping earlier choices for a path chosen twice. */
export function mergeReview(current: readonly ReviewFile[], inspected: readonly InspectedFile[], labels: ReadonlyMap<string, string>): ReviewFile[] {
  const known = new Set(current.map((file) => file.path));
  const added = inspected
    .filter((file) => !known.has(file.path))
    .map((file): ReviewFile => ({ path: file.path, label: labelFor(file.path, labels), inspected: file, format: 'auto', choice: { kind: 'detected' } }));
  return [...current, ...added];
}

/**
 * Files listed one per row, at most. A dropped folder of CloudTrail exports holds tens of
 * thousands of files, and a row each (two menus of ~20 options) would stall the window; past
 * this many, the files left ready as detected are summed up by what was detected.
 */
export const REVIEW_ROWS = 200;

export interface ReviewRows {
  /** one row each: every file that needs attention or was changed, then ready files up to the limit */
  shown: ReviewFile[];
  /** the ready files not listed, by what was detected in them */
  summarised: { detected: string; files: number; bytes: number }[];
}

/** The formats detected in a file's parts, by name ("NDJSON", "CSV"), each once. */
export function detectedFormats(file: ReviewFile): string[] {
  return [...new Set(file.inspected.parts.map((part) => formatName(part.format)))];
}

/** What was detected in a file, as its group in the summary: "NDJSON → AWS CloudTrail". */
export function detectedLabel(file: ReviewFile): string {
  const platforms = [...new Set(file.inspected.parts.map((part) => part.platformName ?? 'not recognised'))];
  return `${detectedFormats(file).join(', ') || 'no parts'} → ${platforms.join(', ') || 'nothing'}`;
}

/** Which files the review lists one per row, and how it sums up the rest (never any that needs attention). */
export function reviewRows(files: readonly ReviewFile[], limit = REVIEW_ROWS): ReviewRows {
  const untouched = (file: ReviewFile) => blockingProblem(file) === null && file.choice.kind === 'detected' && file.format === 'auto';
  const listed = new Set(files.filter((file) => !untouched(file)));
  for (const file of files) {
    if (listed.size >= limit) break;
    listed.add(file);
  }
  const groups = new Map<string, { detected: string; files: number; bytes: number }>();
  for (const file of files) {
    if (listed.has(file)) continue;
    const detected = detectedLabel(file);
    const group = groups.get(detected) ?? { detected, files: 0, bytes: 0 };
    group.files += 1;
    group.bytes += file.inspected.size;
    groups.set(detected, group);
  }
  return { shown: files.filter((file) => listed.has(file)), summarised: [...groups.values()].sort((a, b) => b.files - a.files) };
}
