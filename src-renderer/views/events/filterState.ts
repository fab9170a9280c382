/** Small pure helpers over EventFilter for the filter bar (empty values never reach the route). */
import type { EventFilter } from '../../../src-shared/query';

type FilterValue = EventFilter[keyof EventFilter];

function isEmpty(value: FilterValue): boolean {
  if (value === undefined) return true;
  if (Array.isArray(value)) return value.length === 0;
  return typeof value === 'string' && value.trim() === '';
}

/** The filter with `patch` applied; empty strings and lists are removed rather than kept. */
export function withFilter(filter: EventFilter, patch: Partial<EventFilter>): EventFilter {
  const next: Record<string, FilterValue> = { ...filter };
  for (const [key, value] of Object.entries(patch) as [keyof EventFilter, FilterValue][]) {
    if (isEmpty(value)) delete next[key];
    else next[key] = typeof value === 'string' ? value.trim() : value;
  }
  return next as EventFilter;
}

export function isFilterActive(filter: EventFilter): boolean {
  return (Object.values(filter) as FilterValue[]).some((value) => !isEmpty(value));
}

/** "a, b,,c " → ["a", "b", "c"] (event types and sources are typed as a comma list). */
export function parseList(text: string): string[] {
  return text
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

export function formatList(items: readonly string[] | undefined): string {
  return (items ?? []).join(', ');
}

/** The same filter regardless of key order or list order (used to compare and to key caches). */
export function filterKey(filter: EventFilter): string {
  const entries = Object.entries(filter)
    .filter(([, value]) => !isEmpty(value as FilterValue))
    .map(([key, value]) => [key, Array.isArray(value) ? [...(value as string[])].sort() : value] as const)
    .sort(([a], [b]) => a.localeCompare(b));
  return JSON.stringify(entries);
}
