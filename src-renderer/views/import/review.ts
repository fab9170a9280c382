/**
 * The review step's model: each inspected file with the auditor's choices (format, platform or
 * saved column mapping) and what they send to `import.start`. The contract takes the choices
 * per file, so a zip's parts share them; "detected" keeps the engine's per-part detection.
 */
import type { ImportFileRequest, ImportFormat, InspectedFile } from '../../../src-shared/imports';

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
