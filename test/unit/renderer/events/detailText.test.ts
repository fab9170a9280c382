import { describe, expect, it } from 'vitest';
import { parentFolder, suggestedExportPath, withExtension } from '../../../../src-renderer/views/events/exportPath';
import { prettyRaw } from '../../../../src-renderer/views/events/rawRecord';

describe('the original record in the detail pane', () => {
  it('pretty-prints JSON exactly as JSON.stringify would for ordinary values', () => {
    const raw = '{"a":1,"b":[1,2,{"c":"x, y: {z}"}],"e":{},"f":[],"g":"q\\"uote"}';
    expect(prettyRaw(raw)).toEqual({ text: JSON.stringify(JSON.parse(raw), null, 2), json: true });
  });

  it('keeps every number as the tenant wrote it (no rounding beyond 2^53)', () => {
    const { text } = prettyRaw('{"id": 12345678901234567890, "amount": 1.50}');
    expect(text).toContain('12345678901234567890');
    expect(text).toContain('1.50');
  });

  it('shows a CSV line or broken JSON verbatim', () => {
    expect(prettyRaw('2026-05-04,ana,login')).toEqual({ text: '2026-05-04,ana,login', json: false });
    expect(prettyRaw('{"a":')).toEqual({ text: '{"a":', json: false });
  });
});

describe('the suggested export path', () => {
  it('lands beside the engagement folder with the format as extension', () => {
    const now = new Date(2026, 4, 17, 9, 5, 7);
    expect(suggestedExportPath({ folder: '/work/ws/acme-q2', name: 'Acme Q2' }, 'csv', now)).toBe('/work/ws/acme-q2-events-20260517-090507.csv');
    expect(suggestedExportPath({ folder: 'C:\\Audits\\acme\\', name: 'Acme' }, 'xlsx', now)).toBe('C:\\Audits\\acme-events-20260517-090507.xlsx');
    expect(parentFolder('/acme')).toBe('/');
    expect(withExtension('/x/a.csv', 'ndjson')).toBe('/x/a.ndjson');
  });
});
