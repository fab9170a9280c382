import { describe, expect, it } from 'vitest';
import { consoleExportFamily } from '../../../../src-main/engine/ingest/families/consoleExportFamily';
import {
  CONSOLE_CSV,
  CONSOLE_EXPORT_DOWNLOADED_JSON,
  CONSOLE_FAILED_SIGN_IN_JSON,
  CONSOLE_HARDWARE_JSON,
  CONSOLE_PII_READ_JSON,
  CONSOLE_PRUNE_JSON,
  CONSOLE_PSEUDONYMISED_JSON,
  CONSOLE_SCIM_ROLE_JSON,
  csvRecords,
  eventOf,
  jsonRecord,
  mapJson,
  mapRow,
  reasonOf,
  utcMicros,
} from './samples';

const SYSTEM = { kind: 'system', id: null, name: 'System', email: null };

describe('consoleExportFamily', () => {
  it('maps a doc-004 hardware entry to exact canonical fields', () => {
    const event = eventOf(mapJson(consoleExportFamily, CONSOLE_HARDWARE_JSON));

    expect(event).toEqual({
      sourceId: 'console-export',
      eventId: 'ale_000142',
      occurredAt: utcMicros(2026, 5, 12, 9, 15, 30, 250_000),
      zoned: true,
      action: 'hardware.created',
      category: 'DATA_MODIFY',
      severity: 'INFO',
      outcome: 'success',
      actor: { kind: 'user', id: 'usr_7', name: 'Zoë Müller', email: 'zoe@acme.example' },
      target: { kind: 'Hardware', id: '142', name: null },
      context: { ip: null, userAgent: null, requestId: null, sessionId: null, geo: null },
      description: 'Hardware #142 created',
      tags: ['SOX', 'GDPR', 'HIPAA'],
      data: { after: { name: 'ThinkPad X1', serial: 'PF3X9K' } },
      raw: CONSOLE_HARDWARE_JSON,
    });
  });

  it('maps the nightly retention prune to the System actor as a SYSTEM event', () => {
    const event = eventOf(mapJson(consoleExportFamily, CONSOLE_PRUNE_JSON));

    expect(event).toMatchObject({
      action: 'compliance.other',
      category: 'SYSTEM',
      severity: 'INFO',
      outcome: 'unknown',
      actor: SYSTEM,
      target: { kind: null, id: null, name: null },
      occurredAt: utcMicros(2026, 5, 13, 3, 0, 0),
      description: 'Retention prune removed 1204 entries older than 2025-05-13',
      tags: ['ISO27001'],
      data: { removed: 1204, cutoff: '2025-05-13T03:00:00Z', retention_days: 365 },
    });
  });

  it('maps a pii-read entry to DATA_ACCESS with the viewer IP as context', () => {
    const event = eventOf(mapJson(consoleExportFamily, CONSOLE_PII_READ_JSON));

    expect(event).toMatchObject({
      eventId: 'ale_000151',
      action: 'pii-read.other',
      category: 'DATA_ACCESS',
      severity: 'INFO',
      outcome: 'unknown',
      actor: { kind: 'user', id: 'usr_9', name: 'Sam Ortiz', email: 'sam@acme.example' },
      target: { kind: 'User', id: 'usr_42', name: null },
      context: { ip: '192.0.2.10' },
      occurredAt: utcMicros(2026, 5, 13, 10, 2, 11, 4_000),
      description: 'pii.read.user',
      tags: ['GDPR', 'HIPAA', 'SOC2', 'NIS2'],
    });
  });

  it('maps "Audit log export downloaded" to COMPLIANCE', () => {
    const event = eventOf(mapJson(consoleExportFamily, CONSOLE_EXPORT_DOWNLOADED_JSON));

    expect([event.action, event.category, event.severity, event.outcome]).toEqual(['compliance.other', 'COMPLIANCE', 'INFO', 'unknown']);
  });

  it('maps a SCIM role change on the security channel to PERMISSION', () => {
    const event = eventOf(mapJson(consoleExportFamily, CONSOLE_SCIM_ROLE_JSON));

    expect([event.action, event.category, event.severity, event.outcome, event.actor]).toEqual([
      'security.updated',
      'PERMISSION',
      'WARNING',
      'success',
      { kind: 'user', id: 'scim_okta', name: 'Okta SCIM', email: null },
    ]);
  });

  it('maps a failed sign-in on the auth channel to AUTH, failure, WARNING', () => {
    const event = eventOf(mapJson(consoleExportFamily, CONSOLE_FAILED_SIGN_IN_JSON));

    expect([event.action, event.category, event.severity, event.outcome, event.context.ip]).toEqual(['auth.other', 'AUTH', 'WARNING', 'failure', '198.51.100.77']);
  });

  it('keeps a pseudonymised actor exactly as exported', () => {
    const event = eventOf(mapJson(consoleExportFamily, CONSOLE_PSEUDONYMISED_JSON));

    expect(event.actor).toEqual({ kind: 'user', id: 'usr_erased_3f9a', name: 'Erased user 3f9a', email: 'erased-3f9a@pseudonymised.invalid' });
  });

  it('maps the CSV export (BOM already removed by the reader) like the JSON export', () => {
    const [hardware, prune] = csvRecords(CONSOLE_CSV);
    if (!hardware || !prune) throw new Error('two rows expected');

    const fromCsv = eventOf(mapRow(consoleExportFamily, hardware));
    const fromJson = eventOf(mapJson(consoleExportFamily, CONSOLE_HARDWARE_JSON));

    // The CSV carries the actor's email and ID but not the name (doc 004).
    expect({ ...fromCsv, raw: null }).toEqual({ ...fromJson, actor: { ...fromJson.actor, name: null }, raw: null });
    expect(eventOf(mapRow(consoleExportFamily, prune))).toMatchObject({ actor: SYSTEM, category: 'SYSTEM', target: { kind: null, id: null, name: null } });
  });

  it('reads a CSV row whose first header still carries the byte-order mark', () => {
    const [hardware] = csvRecords(CONSOLE_CSV, true);
    if (!hardware) throw new Error('row expected');

    expect(Object.keys(hardware.value)[0]).toBe('\uFEFFid');
    expect(eventOf(mapRow(consoleExportFamily, hardware)).eventId).toBe('ale_000142');
    expect(consoleExportFamily.recognise(hardware.value)).toBe(1);
  });

  it('refuses an entry without a channel', () => {
    expect(reasonOf(consoleExportFamily.map({ id: 'x', timestamp: '2026-01-01T00:00:00Z', event: 'created' }, ''))).toBe("field 'channel' is missing");
  });

  it('recognises its JSON entries and CSV rows', () => {
    for (const text of [CONSOLE_HARDWARE_JSON, CONSOLE_PRUNE_JSON, CONSOLE_PII_READ_JSON]) expect(consoleExportFamily.recognise(jsonRecord(text).value)).toBeGreaterThanOrEqual(0.8);
    for (const row of csvRecords(CONSOLE_CSV)) expect(consoleExportFamily.recognise(row.value)).toBe(1);
  });
});
