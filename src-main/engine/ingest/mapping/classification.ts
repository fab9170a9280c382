/**
 * Category and severity come from a platform's rule table: rows a reviewer can read
 * (`['ConsoleLogin', 'AUTH', 'INFO', 'WARNING']`), not conditionals. The first row that
 * matches wins: an exact action name, a prefix ending in `*`, or a regular expression.
 * A failed or denied outcome raises the severity to the row's failure severity.
 */
import type { Category, Outcome, Severity } from '../../../../src-shared/event';
import { SEVERITIES } from '../../../../src-shared/event';

/** [match, category, severity on success, severity on failure/denied] */
export type ClassificationRow = readonly [match: string | RegExp, category: Category, severity: Severity, severityOnFailure: Severity];

export interface Classification {
  category: Category;
  severity: Severity;
}

function matches(pattern: string | RegExp, action: string): boolean {
  if (typeof pattern !== 'string') return pattern.test(action);
  if (pattern.endsWith('*')) return action.startsWith(pattern.slice(0, -1));
  return pattern === action;
}

function atLeast(a: Severity, b: Severity): Severity {
  return SEVERITIES.indexOf(a) >= SEVERITIES.indexOf(b) ? a : b;
}

export function classify(rows: readonly ClassificationRow[], action: string, outcome: Outcome, fallback: Classification = { category: 'SYSTEM', severity: 'INFO' }): Classification {
  const row = rows.find(([pattern]) => matches(pattern, action));
  if (!row) {
    return { category: fallback.category, severity: outcome === 'failure' || outcome === 'denied' ? atLeast(fallback.severity, 'WARNING') : fallback.severity };
  }
  const [, category, severity, severityOnFailure] = row;
  if (outcome === 'failure' || outcome === 'denied') return { category, severity: atLeast(severity, severityOnFailure) };
  if (outcome === 'partial') return { category, severity: atLeast(severity, 'WARNING') };
  return { category, severity };
}
