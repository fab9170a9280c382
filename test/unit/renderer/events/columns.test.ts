import { describe, expect, it } from 'vitest';
import {
  COLUMN_IDS,
  MAX_WIDTH,
  defaultColumns,
  isDefaultColumns,
  loadStoredColumns,
  moveColumn,
  moveColumnBefore,
  normalizeColumns,
  storeColumns,
  updateColumn,
} from '../../../../src-renderer/views/events/columns';
import { filterKey, isFilterActive, parseList, withFilter } from '../../../../src-renderer/views/events/filterState';

function memoryStorage() {
  const map = new Map<string, string>();
  return {
    map,
    getItem: (key: string) => map.get(key) ?? null,
    setItem: (key: string, value: string) => void map.set(key, value),
    removeItem: (key: string) => void map.delete(key),
  };
}

describe('grid columns', () => {
  it('makes a stored or shared choice whole: unknown ids dropped, missing columns appended, widths clamped', () => {
    const columns = normalizeColumns([
      { id: 'description', width: 5000, hidden: false },
      { id: 'nope', width: 100, hidden: false },
      { id: 'when', width: 200, hidden: true },
      { id: 'description', width: 100, hidden: true },
    ]);
    expect(columns.map((c) => c.id)).toEqual(['description', 'when', ...COLUMN_IDS.filter((id) => id !== 'description' && id !== 'when')]);
    expect(columns[0]?.width).toBe(MAX_WIDTH);
    expect(columns[1]?.hidden).toBe(true);
  });

  it('never leaves every column hidden', () => {
    const allHidden = defaultColumns().map((c) => ({ ...c, hidden: true }));
    expect(normalizeColumns(allHidden).some((c) => !c.hidden)).toBe(true);
    const one = normalizeColumns(defaultColumns().map((c) => ({ ...c, hidden: c.id !== 'actor' })));
    expect(updateColumn(one, 'actor', { hidden: true }).find((c) => c.id === 'actor')?.hidden).toBe(false);
  });

  it('moves columns by keyboard steps and by drop target', () => {
    const start = defaultColumns();
    expect(moveColumn(start, 'category', -1).map((c) => c.id).slice(0, 2)).toEqual(['category', 'when']);
    expect(moveColumn(start, 'when', -1)[0]?.id).toBe('when');
    expect(moveColumnBefore(start, 'description', 'when')[0]?.id).toBe('description');
  });

  it('remembers the choice per engagement, and forgets it when it is the default again', () => {
    const storage = memoryStorage();
    const chosen = updateColumn(defaultColumns(), 'source', { hidden: true, width: 222 });
    storeColumns(storage, 'eng-1', chosen);
    expect(loadStoredColumns(storage, 'eng-1')).toEqual(chosen);
    expect(loadStoredColumns(storage, 'eng-2')).toBeNull();
    storeColumns(storage, 'eng-1', defaultColumns());
    expect(storage.map.size).toBe(0);
    expect(isDefaultColumns(defaultColumns())).toBe(true);
    storage.setItem('aw.events.columns.eng-3', '{not json');
    expect(loadStoredColumns(storage, 'eng-3')).toBeNull();
  });
});

describe('filter state', () => {
  it('drops empty values instead of keeping them in the route', () => {
    const filter = withFilter({ actor: 'ana' }, { actor: '  ', search: ' login ', categories: [] });
    expect(filter).toEqual({ search: 'login' });
    expect(isFilterActive(filter)).toBe(true);
    expect(isFilterActive(withFilter(filter, { search: '' }))).toBe(false);
  });

  it('reads comma lists and keys filters regardless of order', () => {
    expect(parseList('a, b,,c ')).toEqual(['a', 'b', 'c']);
    expect(filterKey({ categories: ['AUTH', 'SYSTEM'], actor: 'x' })).toBe(filterKey({ actor: 'x', categories: ['SYSTEM', 'AUTH'] }));
  });
});
