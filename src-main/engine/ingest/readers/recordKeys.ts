/**
 * Turns a header row (CSV, XLSX) into the keys of each record object. Header names are
 * whatever the exporter wrote: blanks, repeats and names like "__proto__" all occur.
 */

/** Header names to record keys: trimmed, blanks named by position, repeats made unique (`id`, `id_2`). */
export function headerKeys(names: readonly string[]): string[] {
  const used = new Set<string>();
  return names.map((name, index) => {
    const base = name.trim() === '' ? `column_${index + 1}` : name.trim();
    let key = base;
    for (let n = 2; used.has(key); n += 1) key = `${base}_${n}`;
    used.add(key);
    return key;
  });
}

/** One record: values[i] under keys[i]. */
export function keyed(keys: readonly string[], values: readonly string[]): Record<string, string> {
  const record: Record<string, string> = {};
  for (let i = 0; i < keys.length; i += 1) {
    const key = keys[i]!;
    // A column named "__proto__" must be a plain property, not the object's prototype.
    if (key === '__proto__') Object.defineProperty(record, key, { value: values[i] ?? '', enumerable: true, writable: true, configurable: true });
    else record[key] = values[i] ?? '';
  }
  return record;
}
