/** Argument parsing on node:util parseArgs; unknown flags are usage errors. */
import { parseArgs } from 'node:util';
import { CATEGORIES, OUTCOMES, SEVERITIES } from '../../src-shared/event';
import { eventFilterSchema, type EventFilter } from '../../src-shared/query';
import { UsageError } from './usage';

/** The viewer's filter as flags: every field of EventFilter has one. */
export const FILTER_OPTIONS = {
  search: { type: 'string' },
  category: { type: 'string', multiple: true },
  severity: { type: 'string', multiple: true },
  'min-severity': { type: 'string' },
  type: { type: 'string', multiple: true },
  outcome: { type: 'string', multiple: true },
  actor: { type: 'string' },
  target: { type: 'string' },
  source: { type: 'string', multiple: true },
  ip: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
} as const;

export type ParsedValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

export function parse(argv: string[], options: NonNullable<NonNullable<Parameters<typeof parseArgs>[0]>['options']>): { values: ParsedValues; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
    return { values: values as ParsedValues, positionals };
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

function list(value: ParsedValues[string]): string[] {
  const items = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return items.flatMap((v) => String(v).split(',')).map((v) => v.trim()).filter(Boolean);
}

function oneOf<T extends string>(flag: string, values: string[], allowed: readonly T[], normalise: (v: string) => string): T[] {
  return values.map((v) => {
    const n = normalise(v);
    if (!(allowed as readonly string[]).includes(n)) throw new UsageError(`--${flag} ${v}: expected one of ${allowed.join(', ')}`);
    return n as T;
  });
}

export function filterFrom(values: ParsedValues): EventFilter {
  const filter: EventFilter = {};
  const categories = oneOf('category', list(values.category), CATEGORIES, (v) => v.toUpperCase());
  if (categories.length) filter.categories = categories;
  const severities = oneOf('severity', list(values.severity), SEVERITIES, (v) => v.toUpperCase());
  if (severities.length) filter.severities = severities;
  const min = oneOf('min-severity', list(values['min-severity']), SEVERITIES, (v) => v.toUpperCase());
  if (min[0]) filter.minSeverity = min[0];
  const outcomes = oneOf('outcome', list(values.outcome), OUTCOMES, (v) => v.toLowerCase());
  if (outcomes.length) filter.outcomes = outcomes;
  const types = list(values.type);
  if (types.length) filter.actions = types;
  const sources = list(values.source);
  if (sources.length) filter.sources = sources;
  for (const field of ['search', 'actor', 'target', 'ip', 'from', 'to'] as const) {
    const value = values[field];
    if (typeof value === 'string') filter[field] = value;
  }
  // The engine checks it again; parsing here too refuses bad values as usage errors and puts
  // the fields in the schema's order, so a CLI export states its filter as the app's does.
  const parsed = eventFilterSchema.safeParse(filter);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(`filter ${issue?.path.map(String).join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

export function requireString(values: ParsedValues, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value === '') throw new UsageError(`--${name} is required`);
  return value;
}

export function positiveInt(values: ParsedValues, name: string, fallback: number | null): number | null {
  const value = values[name];
  if (value === undefined) return fallback;
  const n = Number(value);
  if (typeof value !== 'string' || !Number.isSafeInteger(n) || n < 1) throw new UsageError(`--${name} must be a positive whole number`);
  return n;
}
