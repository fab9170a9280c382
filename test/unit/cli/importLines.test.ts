import { describe, expect, it } from 'vitest';
import { importedFileLines } from '../../../src-main/cli/commands';
import type { FileImportResult } from '../../../src-shared/imports';

const file: FileImportResult = {
  path: '/data/export.ndjson',
  format: 'ndjson',
  platform: 'Audit-log file export (CSV / NDJSON)',
  sha256: 'ab'.repeat(32),
  size: 1000,
  read: 12,
  imported: 10,
  duplicates: 1,
  rejected: 1,
  unzoned: 0,
  credentials: 0,
  parts: [],
  importId: 3,
  errors: [{ part: null, line: 7, reason: 'invalid JSON' }],
  failure: null,
};

describe('what auditor import prints for a file', () => {
  it('prints the counts and digest of a file read to its end, then its rejections', () => {
    expect(importedFileLines(file, '/cases/acme')).toEqual([`/data/export.ndjson: ndjson, read 12, imported 10, duplicates 1, rejected 1, sha256 ${'ab'.repeat(32)}`, '  line 7: invalid JSON']);
  });

  it('says "not imported" only when nothing was read from the file', () => {
    expect(importedFileLines({ ...file, read: 0, imported: 0, duplicates: 0, rejected: 0, errors: [], sha256: '', failure: 'export.ndjson: cannot be read (permission denied)' }, '/cases/acme')).toEqual([
      '/data/export.ndjson: not imported — export.ndjson: cannot be read (permission denied)',
    ]);
  });

  it('says what was kept from a file that failed part-way', () => {
    const failure = 'export.ndjson: cannot be read (EIO); reading stopped after line 12, and the records before it were kept';
    expect(importedFileLines({ ...file, sha256: '', failure }, '/cases/acme')).toEqual([
      `/data/export.ndjson: stopped part-way — ${failure}`,
      '  ndjson, read 12, imported 10, duplicates 1, rejected 1 (kept)',
      '  line 7: invalid JSON',
    ]);
  });

  it('points to the quarantine command for the rejections it does not print, the workspace quoted for the shell', () => {
    const errors = Array.from({ length: 100 }, (_, i) => ({ part: null, line: i + 1, reason: 'invalid JSON' }));
    const lines = importedFileLines({ ...file, rejected: 250, errors }, "/cases/Acme Q1/bob's");
    expect(lines).toHaveLength(1 + 10 + 1);
    expect(lines.at(-1)).toBe("  … and 240 more: auditor quarantine --workspace '/cases/Acme Q1/bob'\\''s' --import 3");
  });

  it('prints control characters from an export as escapes, so a hostile file cannot rewrite the terminal', () => {
    const lines = importedFileLines({ ...file, errors: [{ part: 'logs/\u001b[2Ja.ndjson', line: 3, reason: 'invalid JSON: "\u001b]0;pwned\u0007\r\u009b2J" is not valid JSON' }] }, '/cases/acme');
    expect(lines[1]).toBe('  logs/\\u001b[2Ja.ndjson line 3: invalid JSON: "\\u001b]0;pwned\\u0007\\u000d\\u009b2J" is not valid JSON');
    // No control character is left but the line breaks between lines.
    expect([...lines.join('\n')].filter((c) => c !== '\n' && (c.charCodeAt(0) < 0x20 || (c.charCodeAt(0) >= 0x7f && c.charCodeAt(0) <= 0x9f)))).toEqual([]);
  });
});

