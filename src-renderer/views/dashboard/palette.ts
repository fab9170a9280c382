/**
 * Series colours live in styles.css (dashboard section) as `.series-<key>` classes, so the
 * chart, its legend and the category chips agree and the CSP needs no inline styles.
 */
export function seriesClass(key: string): string {
  return `series-${key.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
}

