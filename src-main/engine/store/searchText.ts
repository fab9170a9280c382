/**
 * Turns what a person typed into the search box into an FTS5 query that can only ever mean
 * "all of these literal words": each whitespace-separated word becomes a quoted phrase of its
 * letter/digit runs, and a trailing `*` makes the phrase's last word a prefix. Quotes, column
 * filters (`description:`), AND/OR/NOT/NEAR, parentheses, `^`, `+` and control characters are
 * never passed through as syntax — only letters, digits, marks and spaces appear between the
 * quotes, so nothing needs escaping and nothing can be injected.
 */

/** The characters FTS5's unicode61 tokenizer keeps in a token (letters, numbers, marks, private use). */
const TOKEN_RUN = /[\p{L}\p{N}\p{M}\p{Co}]+/gu;

export interface SearchTerm {
  /** the word's tokens, in order (a quoted FTS5 phrase matches them adjacent, as typed) */
  tokens: string[];
  /** the last token is a prefix (the word ended in `*`) */
  prefix: boolean;
}

/** The searchable words of a search box text; words without a letter or digit are dropped. */
export function searchTerms(text: string): SearchTerm[] {
  const terms: SearchTerm[] = [];
  for (const word of text.split(/\s+/u)) {
    const tokens = word.match(TOKEN_RUN);
    if (!tokens) continue;
    terms.push({ tokens, prefix: word.endsWith('*') });
  }
  return terms;
}

/** The FTS5 MATCH expression for the terms (implicit AND), or null when nothing is searchable. */
export function ftsMatchExpression(terms: readonly SearchTerm[]): string | null {
  if (terms.length === 0) return null;
  return terms.map((term) => `"${term.tokens.join(' ')}"${term.prefix ? '*' : ''}`).join(' ');
}

/** The FTS5 MATCH expression for a search box text, or null when it holds no searchable word. */
export function ftsQuery(text: string): string | null {
  return ftsMatchExpression(searchTerms(text));
}
