/**
 * The original record as the tenant wrote it: JSON re-indented, anything else (a CSV line)
 * verbatim. Re-indenting works on the text, not on a parsed value, so every token stays as
 * written — an integer beyond 2^53 or a number like 1.50 is evidence, not something to round.
 */
export function prettyRaw(raw: string): { text: string; json: boolean } {
  const trimmed = raw.trim();
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return { text: raw, json: false };
  try {
    JSON.parse(trimmed);
  } catch {
    return { text: raw, json: false };
  }
  return { text: indentJson(trimmed), json: true };
}

/** Whitespace outside strings replaced by two-space indentation; every other character kept. */
export function indentJson(text: string): string {
  let out = '';
  let depth = 0;
  let inString = false;
  const newline = () => `\n${'  '.repeat(depth)}`;
  for (let i = 0; i < text.length; i++) {
    const char = text[i] ?? '';
    if (inString) {
      out += char;
      if (char === '\\') out += text[++i] ?? '';
      else if (char === '"') inString = false;
      continue;
    }
    if (char === ' ' || char === '\t' || char === '\n' || char === '\r') continue;
    if (char === '"') {
      inString = true;
      out += char;
    } else if (char === '{' || char === '[') {
      const close = char === '{' ? '}' : ']';
      let j = i + 1;
      while (j < text.length && /\s/.test(text[j] ?? '')) j++;
      if (text[j] === close) {
        out += char + close;
        i = j;
      } else {
        depth += 1;
        out += char + newline();
      }
    } else if (char === '}' || char === ']') {
      depth -= 1;
      out += newline() + char;
    } else if (char === ',') {
      out += char + newline();
    } else if (char === ':') {
      out += ': ';
    } else {
      out += char;
    }
  }
  return out;
}
