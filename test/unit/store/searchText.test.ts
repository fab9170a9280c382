import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventBrowser } from '../../../src-main/engine/store/eventBrowser';
import { ftsQuery, searchTerms } from '../../../src-main/engine/store/searchText';
import type { Db } from '../../../src-main/engine/store/database';
import { generateEvents, idOfUid, insertEvents, matchesFilter, openDatasetDb, ordered } from '../../support/browseDataset';

describe('search text to FTS5', () => {
  it('quotes every word as a phrase of its letters and digits, and keeps a trailing * as a prefix', () => {
    expect(ftsQuery('budget')).toBe('"budget"');
    expect(ftsQuery('  Budget  report* ')).toBe('"Budget" "report"*');
    expect(ftsQuery('foo-bar')).toBe('"foo bar"');
    expect(ftsQuery('description:alpha')).toBe('"description alpha"');
    expect(ftsQuery('a"b')).toBe('"a b"');
    expect(ftsQuery('Zoë Müller')).toBe('"Zoë" "Müller"');
    expect(searchTerms('x* y')).toEqual([
      { tokens: ['x'], prefix: true },
      { tokens: ['y'], prefix: false },
    ]);
  });

  it('searches for nothing when no word has a letter or digit', () => {
    for (const text of ['', '   ', '*', '"', '()', '- + ^', '\u0000']) expect(ftsQuery(text)).toBeNull();
  });

  it('never lets syntax through: only letters, digits, marks and spaces stand between the quotes', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (text) => {
        const query = ftsQuery(text);
        if (query === null) return;
        expect(query).toMatch(/^("[\p{L}\p{N}\p{M}\p{Co} ]+"\*?)( "[\p{L}\p{N}\p{M}\p{Co} ]+"\*?)*$/u);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('search injection corpus against the search index', () => {
  let db: Db;
  let cleanup: () => void;
  const events = generateEvents(21, 400);

  beforeAll(async () => {
    ({ db, cleanup } = openDatasetDb());
    await insertEvents(db, events);
  });
  afterAll(() => cleanup());

  const CORPUS = [
    '"budget',
    'budget"',
    '" OR 1=1 --',
    'budget OR alpha',
    'budget AND alpha',
    'NOT budget',
    'budget NOT alpha',
    'NEAR(budget alpha)',
    'NEAR(budget alpha, 2)',
    'description:budget',
    'action:signed',
    '{description action}: budget',
    'actor : alice',
    '- budget',
    '+budget',
    '^budget',
    '*',
    'bud*',
    '*bud',
    'b*d',
    '(budget)',
    '(budget OR',
    ')',
    'budget\u0000alpha',
    '\u0000',
    "budget'; DROP TABLE events; --",
    'AND',
    'OR',
    'NEAR',
    'alpha     beta',
    'ALPHA',
    'usr_1',
    'alice@example.com',
    '10.0.0.1',
  ];

  it.each(CORPUS)('%j never errors and matches exactly the events holding its literal words', (text) => {
    const browser = new EventBrowser(db, 5);
    const expected = ordered(
      events.filter((e) => matchesFilter(e, { search: text })),
      'desc',
    ).map((e) => e.id);
    expect(browser.count({ search: text })).toBe(expected.length);
    expect(browser.window({ search: text }, 'desc', 0, 1000).rows.map((r) => idOfUid(r.uid))).toEqual(expected);
  });

  it('treats an operator word as the word itself', () => {
    const browser = new EventBrowser(db, 5);
    // No event says "or" or "near": these find nothing rather than everything.
    expect(browser.count({ search: 'budget OR alpha' })).toBe(0);
    expect(browser.count({ search: 'NEAR(budget alpha)' })).toBe(0);
  });
});
