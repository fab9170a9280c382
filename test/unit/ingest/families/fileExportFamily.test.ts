import { describe, expect, it } from 'vitest';
import { fileExportFamily } from '../../../../src-main/engine/ingest/families/fileExportFamily';
import { FILE_EXPORT_CSV, FILE_EXPORT_DOC_CSV, FILE_EXPORT_NDJSON, csvRecord, eventOf, jsonRecord, mapJson, mapRow, utcMicros } from './samples';

describe('fileExportFamily', () => {
  it('maps the doc-003 NDJSON line to exact canonical fields', () => {
    const event = eventOf(mapJson(fileExportFamily, FILE_EXPORT_NDJSON));

    expect(event).toEqual({
      sourceId: 'file-export',
      eventId: 'evt_01HZK3M9Q2',
      occurredAt: utcMicros(2026, 5, 17, 8, 0, 0, 123_456),
      zoned: true,
      action: 'user.signed_in',
      category: 'AUTH',
      severity: 'INFO',
      outcome: 'success',
      actor: { kind: 'user', id: 'usr_01HZX4', name: 'Alice Martin', email: 'alice@example.com' },
      target: { kind: 'session', id: 'ses_01HZY7', name: null },
      context: { ip: '203.0.113.45', userAgent: 'Mozilla/5.0', requestId: 'req_7f3a', sessionId: 'ses_01HZY7', geo: 'Berlin, DE' },
      description: 'Alice Martin signed in',
      tags: ['SOC2', 'ISO27001', 'PCI-DSS'],
      data: { method: 'sso', mfa: true },
      raw: FILE_EXPORT_NDJSON,
    });
  });

  it('maps the CSV row of the same event to the same identity, time and fields (data_json and context_* decoded)', () => {
    const fromNdjson = eventOf(mapJson(fileExportFamily, FILE_EXPORT_NDJSON));
    const row = csvRecord(FILE_EXPORT_CSV);

    const fromCsv = eventOf(mapRow(fileExportFamily, row));

    expect({ ...fromCsv, raw: null }).toEqual({ ...fromNdjson, raw: null });
    expect(fromCsv.raw).toBe(row.raw);
  });

  it("maps doc 003's printed CSV example", () => {
    const event = eventOf(mapRow(fileExportFamily, csvRecord(FILE_EXPORT_DOC_CSV)));

    expect(event).toMatchObject({
      sourceId: 'file-export',
      eventId: 'evt_01HZ...',
      occurredAt: utcMicros(2026, 5, 17, 8, 0, 0),
      action: 'user.signed_in',
      outcome: 'success',
      actor: { kind: 'user', id: 'usr_01HZX...', name: null, email: null },
      target: { kind: 'session', id: 'ses_01HZY...', name: null },
      context: { ip: '203.0.113.45' },
      data: null,
    });
  });

  it('recognises both flavours with confidence', () => {
    expect(fileExportFamily.recognise(jsonRecord(FILE_EXPORT_NDJSON).value)).toBe(1);
    expect(fileExportFamily.recognise(csvRecord(FILE_EXPORT_CSV).value)).toBe(1);
    expect(fileExportFamily.recognise(csvRecord(FILE_EXPORT_DOC_CSV).value)).toBe(1);
  });

  it('does not recognise a record without type and occurred_at', () => {
    expect(fileExportFamily.recognise({ id: 'x', actor: { kind: 'user' } })).toBe(0);
  });
});
