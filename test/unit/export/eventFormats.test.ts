import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { EventRow } from '../../../src-shared/event';
import { CSV_BOM, csvCell, EVENT_COLUMNS, eventCells, neutraliseFormula, textDocument } from '../../../src-main/engine/export/eventFormats';
import { INJECTION_CORPUS } from '../../support/exportCorpus';

function event(i: number, text: string): EventRow {
  return {
    uid: i.toString(16).padStart(32, '0'),
    sourceId: 'file-export',
    eventId: `evt_${i}`,
    occurredAt: `2026-03-01T08:00:0${i % 10}.123456Z`,
    action: 'user.signed_in',
    category: 'AUTH',
    severity: 'INFO',
    outcome: 'success',
    actor: { kind: 'user', id: 'usr_1', name: text, email: null },
    target: { kind: 'document', id: null, name: text },
    context: { ip: '203.0.113.7', userAgent: null, requestId: null, sessionId: null, geo: null },
    description: text,
    tags: ['auth', 'login'],
  };
}

const META = { exportedAt: '2026-04-01T00:00:00.000Z', filter: { categories: ['AUTH' as const] }, order: 'desc' as const };

function csvOf(rows: EventRow[]): string {
  const doc = textDocument('csv', META);
  return doc.head + rows.map((row, i) => doc.row(row, i)).join('') + doc.tail(rows.length);
}

describe('export formats', () => {
  it('prefixes a quote to every corpus entry a spreadsheet could run, and to nothing else', () => {
    for (const { text, formula } of INJECTION_CORPUS) expect(neutraliseFormula(text), JSON.stringify(text)).toBe(formula ? `'${text}` : text);
  });

  it('writes CSV with a BOM and CRLF rows that parse back to the neutralised corpus', () => {
    const rows = INJECTION_CORPUS.map(({ text }, i) => event(i, text));
    const csv = csvOf(rows);
    expect(csv.startsWith(`${CSV_BOM}occurred_at,`)).toBe(true);
    const records = parse(csv.slice(1), { relax_column_count: false }) as string[][];
    expect(records[0]).toEqual([...EVENT_COLUMNS]);
    const name = EVENT_COLUMNS.indexOf('actor_name');
    const description = EVENT_COLUMNS.indexOf('description');
    INJECTION_CORPUS.forEach(({ text, formula }, i) => {
      const expected = formula ? `'${text}` : text;
      expect(records[i + 1]?.[name], JSON.stringify(text)).toBe(expected);
      expect(records[i + 1]?.[description]).toBe(expected);
    });
    // No cell of the file begins with a formula trigger, whatever its column.
    for (const record of records.slice(1)) for (const cell of record) expect(cell).not.toMatch(/^[=+\-@\t\r\uFF1D\uFE66\uFF0B\uFF0D\uFF20]/);
  });

  it('writes an empty cell for null and the tags joined by semicolons', () => {
    const cells = eventCells(event(1, 'x'));
    expect(cells[EVENT_COLUMNS.indexOf('actor_email')]).toBeNull();
    expect(cells[EVENT_COLUMNS.indexOf('tags')]).toBe('auth;login');
    expect(csvCell(null)).toBe('');
  });

  it('writes a JSON document with its filter, order and count after the entries', () => {
    const rows = [event(1, '=1+1'), event(2, 'b')];
    const doc = textDocument('json', META);
    const parsed = JSON.parse(doc.head + rows.map((row, i) => doc.row(row, i)).join('') + doc.tail(rows.length));
    expect(Object.keys(parsed)).toEqual(['exported_at', 'filters', 'order', 'entries', 'count']);
    expect(parsed).toMatchObject({ exported_at: META.exportedAt, filters: META.filter, order: 'desc', count: 2 });
    expect(parsed.entries).toEqual(rows); // JSON keeps the exact text: no spreadsheet reads it
    const empty = textDocument('json', META);
    expect(JSON.parse(empty.head + empty.tail(0))).toMatchObject({ entries: [], count: 0 });
  });

  it('writes NDJSON as one canonical event per line', () => {
    const rows = INJECTION_CORPUS.map(({ text }, i) => event(i, text));
    const doc = textDocument('ndjson', META);
    const text = doc.head + rows.map((row, i) => doc.row(row, i)).join('') + doc.tail(rows.length);
    const lines = text.split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.map((line) => JSON.parse(line))).toEqual(rows);
  });
});
