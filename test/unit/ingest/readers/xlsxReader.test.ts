import { readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cellText } from '../../../../src-main/engine/ingest/readers/xlsxReader';
import { tempDir } from '../../../support/tempDir';
import { brief, buildZip, readInput } from './readerFixtures';

let dir: { path: string; cleanup: () => void };
beforeEach(() => {
  dir = tempDir('aw-xlsx-');
});
afterEach(() => dir.cleanup());

/** Written by exceljs, which (like Excel) stores the worksheets before the shared strings. */
async function workbook(name: string, fill: (sheet: ExcelJS.Worksheet) => void, extraSheets = 0): Promise<string> {
  const book = new ExcelJS.Workbook();
  fill(book.addWorksheet('Events'));
  for (let i = 0; i < extraSheets; i += 1) book.addWorksheet(`Other ${i}`).addRow(['not', 'read']);
  const path = join(dir.path, name);
  await book.xlsx.writeFile(path);
  return path;
}

describe('XLSX reader', () => {
  it('reads the first sheet: header row as keys, cells as text, line = row number', async () => {
    const path = await workbook(
      'events.xlsx',
      (sheet) => {
        sheet.addRow(['Event ID', 'Timestamp', 'Severity', 'Bytes', 'Ok', 'Event ID']);
        sheet.addRow(['evt_1', 'text time', 'INFO', 1234.5, true, 'dup']);
        sheet.addRow([]);
        sheet.addRow(['evt_2', '2026-05-17T08:00:00Z', 'ERROR', 7, false, 'd2']);
      },
      1,
    );
    const [part] = await readInput(path);
    expect(part?.part).toEqual({ name: null, format: 'xlsx', envelope: null, header: ['Event ID', 'Timestamp', 'Severity', 'Bytes', 'Ok', 'Event ID_2'] });
    expect(brief(part!.items)).toEqual([
      '2:{"Event ID":"evt_1","Timestamp":"text time","Severity":"INFO","Bytes":"1234.5","Ok":"TRUE","Event ID_2":"dup"}',
      '4:{"Event ID":"evt_2","Timestamp":"2026-05-17T08:00:00Z","Severity":"ERROR","Bytes":"7","Ok":"FALSE","Event ID_2":"d2"}',
    ]);
    const first = part!.items[0];
    expect(first?.kind === 'record' && JSON.parse(first.raw)).toEqual(first?.kind === 'record' && first.value);
  });

  it('gives date cells as ISO-8601 without a zone, formulas as their cached result, rich text joined', async () => {
    const path = await workbook('cells.xlsx', (sheet) => {
      sheet.addRow(['when', 'formula', 'note', 'link']);
      sheet.addRow([new Date(Date.UTC(2026, 4, 17, 8, 30, 0)), { formula: 'NOW()', result: 42 }, { richText: [{ text: 'bold ' }, { text: 'part' }] }, { text: 'site', hyperlink: 'https://example.com' }]);
      sheet.getCell('A2').numFmt = 'yyyy-mm-dd hh:mm';
    });
    const [part] = await readInput(path);
    expect(brief(part!.items)).toEqual(['2:{"when":"2026-05-17T08:30:00.000","formula":"42","note":"bold part","link":"site"}']);
  });

  it('rejects a row with values beyond the header, and keeps short rows', async () => {
    const path = await workbook('wide.xlsx', (sheet) => {
      sheet.addRow(['a', 'b', 'c']);
      sheet.addRow(['1']);
      sheet.addRow(['1', '2', '3', '4']);
    });
    const [part] = await readInput(path);
    expect(brief(part!.items)).toEqual(['2:{"a":"1","b":"","c":""}', "3:!row has a value in column 4, beyond the header's 3 columns"]);
  });

  it('writes no temporary file while reading (exceljs alone would, for this layout)', async () => {
    const path = await workbook('tmp.xlsx', (sheet) => {
      sheet.addRow(['id']);
      for (let i = 0; i < 1000; i += 1) sheet.addRow([`evt_${i}`]);
    });
    const before = readdirSync(tmpdir());
    const [part] = await readInput(path);
    const appeared = readdirSync(tmpdir()).filter((name) => !before.includes(name) && name.startsWith(`tmp-${process.pid}-`));
    expect(part?.items).toHaveLength(1000);
    expect(appeared).toEqual([]);
  });

  it('refuses a zip or text file forced to xlsx that is not a workbook', async () => {
    const zip = join(dir.path, 'plain.zip');
    writeFileSync(zip, await buildZip([{ name: 'a.csv', data: 'a,b\n1,2\n' }]));
    await expect(readInput(zip, { format: 'xlsx' })).rejects.toMatchObject({ code: 'UNSUPPORTED_FORMAT', message: 'plain.zip: not an XLSX workbook (no xl/workbook.xml)' });
    const text = join(dir.path, 'a.csv');
    writeFileSync(text, 'a,b\n');
    await expect(readInput(text, { format: 'xlsx' })).rejects.toMatchObject({ code: 'UNSUPPORTED_FORMAT', message: 'a.csv: not an XLSX workbook (an XLSX file is a zip archive)' });
  });

  it('turns cell values into text', () => {
    expect(cellText(null)).toBe('');
    expect(cellText(3)).toBe('3');
    expect(cellText({ error: '#N/A' })).toBe('#N/A');
    expect(cellText({ sharedFormula: 'A1', result: 'x' })).toBe('x');
    expect(cellText({ formula: 'A1' })).toBe('');
  });
});
