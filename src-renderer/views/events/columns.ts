/**
 * The grid's columns: which exist, their default order and widths, and the auditor's choice
 * (order, width, hidden) as it travels in a ViewState and in localStorage per engagement.
 */
import type { ViewState } from '../../../src-shared/query';

export const COLUMN_IDS = ['when', 'category', 'action', 'severity', 'outcome', 'actor', 'target', 'source', 'description'] as const;
export type ColumnId = (typeof COLUMN_IDS)[number];

export const COLUMN_LABELS: Readonly<Record<ColumnId, string>> = {
  when: 'When',
  category: 'Category',
  action: 'Event type',
  severity: 'Severity',
  outcome: 'Outcome',
  actor: 'Actor',
  target: 'Subject',
  source: 'Source',
  description: 'Description',
};

const DEFAULT_WIDTHS: Readonly<Record<ColumnId, number>> = {
  when: 215,
  category: 130,
  action: 220,
  severity: 100,
  outcome: 95,
  actor: 220,
  target: 200,
  source: 150,
  description: 420,
};

export const MIN_WIDTH = 60;
export const MAX_WIDTH = 1200;

/** One column as a ViewState stores it. */
export type ColumnSetting = NonNullable<ViewState['columns']>[number];
export interface Column extends ColumnSetting {
  id: ColumnId;
}

export function isColumnId(id: string): id is ColumnId {
  return (COLUMN_IDS as readonly string[]).includes(id);
}

export function clampWidth(width: number): number {
  return Math.round(Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, Number.isFinite(width) ? width : MIN_WIDTH)));
}

export function defaultColumns(): Column[] {
  return COLUMN_IDS.map((id) => ({ id, width: DEFAULT_WIDTHS[id], hidden: false }));
}

/**
 * A stored or shared column list made whole: unknown ids dropped, duplicates ignored, widths
 * clamped, and columns it does not mention (added in a later version) appended visible.
 */
export function normalizeColumns(settings: readonly ColumnSetting[] | null | undefined): Column[] {
  if (!settings || settings.length === 0) return defaultColumns();
  const seen = new Set<ColumnId>();
  const columns: Column[] = [];
  for (const setting of settings) {
    if (!isColumnId(setting.id) || seen.has(setting.id)) continue;
    seen.add(setting.id);
    columns.push({ id: setting.id, width: clampWidth(setting.width), hidden: Boolean(setting.hidden) });
  }
  for (const column of defaultColumns()) if (!seen.has(column.id)) columns.push(column);
  // A grid without a single column is not a choice anyone means to keep.
  if (columns.every((column) => column.hidden)) return columns.map((column) => (column.id === 'when' ? { ...column, hidden: false } : column));
  return columns;
}

export function sameColumns(a: readonly ColumnSetting[], b: readonly ColumnSetting[]): boolean {
  return a.length === b.length && a.every((column, i) => column.id === b[i]?.id && column.width === b[i]?.width && column.hidden === b[i]?.hidden);
}

export function isDefaultColumns(columns: readonly ColumnSetting[]): boolean {
  return sameColumns(columns, defaultColumns());
}

/** Moves a column by `delta` places (clamped at the ends). */
export function moveColumn(columns: readonly Column[], id: ColumnId, delta: number): Column[] {
  const from = columns.findIndex((column) => column.id === id);
  if (from < 0) return [...columns];
  const to = Math.min(columns.length - 1, Math.max(0, from + delta));
  const next = [...columns];
  const [moved] = next.splice(from, 1);
  if (moved) next.splice(to, 0, moved);
  return next;
}

/** Puts column `id` where `before` is (drag and drop onto a header). */
export function moveColumnBefore(columns: readonly Column[], id: ColumnId, before: ColumnId): Column[] {
  if (id === before) return [...columns];
  const moving = columns.find((column) => column.id === id);
  if (!moving) return [...columns];
  const rest = columns.filter((column) => column.id !== id);
  const at = rest.findIndex((column) => column.id === before);
  rest.splice(at < 0 ? rest.length : at, 0, moving);
  return rest;
}

export function updateColumn(columns: readonly Column[], id: ColumnId, change: Partial<Pick<Column, 'width' | 'hidden'>>): Column[] {
  const next = columns.map((column) =>
    column.id === id ? { ...column, ...change, ...(change.width !== undefined ? { width: clampWidth(change.width) } : {}) } : column,
  );
  return next.every((column) => column.hidden) ? [...columns] : next;
}

const STORAGE_PREFIX = 'aw.events.columns.';

/** The part of window.localStorage used here. */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** The column choice this computer remembers for an engagement (null if none or unreadable). */
export function loadStoredColumns(storage: Pick<KeyValueStorage, 'getItem'> | null, engagementId: string): Column[] | null {
  try {
    const text = storage?.getItem(STORAGE_PREFIX + engagementId);
    if (!text) return null;
    const parsed: unknown = JSON.parse(text);
    if (!Array.isArray(parsed)) return null;
    const settings = parsed.filter(
      (item): item is ColumnSetting =>
        typeof item === 'object' && item !== null && typeof item.id === 'string' && typeof item.width === 'number' && typeof item.hidden === 'boolean',
    );
    return normalizeColumns(settings);
  } catch {
    return null;
  }
}

export function storeColumns(storage: Pick<KeyValueStorage, 'setItem' | 'removeItem'> | null, engagementId: string, columns: readonly Column[]): void {
  try {
    if (isDefaultColumns(columns)) storage?.removeItem(STORAGE_PREFIX + engagementId);
    else storage?.setItem(STORAGE_PREFIX + engagementId, JSON.stringify(columns));
  } catch {
    // Storage full or disabled: the choice still lives in the route for this session.
  }
}
