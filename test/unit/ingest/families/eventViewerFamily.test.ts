import { describe, expect, it } from 'vitest';
import { eventViewerFamily } from '../../../../src-main/engine/ingest/families/eventViewerFamily';
import { VIEWER_CSV, VIEWER_JSON_CAMEL, VIEWER_JSON_SNAKE, csvRecord, eventOf, jsonRecord, mapJson, mapRow, reasonOf, utcMicros } from './samples';

const row = (fields: Record<string, unknown>): Record<string, unknown> => ({
  Timestamp: '2026-05-14T00:00:00Z',
  Category: 'AUTH',
  'Event Type': 'user.login',
  Severity: 'INFO',
  User: 'a@acme.example',
  ...fields,
});

describe('eventViewerFamily', () => {
  it('maps a doc-001 CSV row with Title Case headers to exact canonical fields', () => {
    const record = csvRecord(VIEWER_CSV);

    const event = eventOf(mapRow(eventViewerFamily, record));

    expect(event).toEqual({
      sourceId: 'event-viewer',
      eventId: '7d0c6c1e-2b5f-4c51-9a8e-0f3c9d7e1a22',
      occurredAt: utcMicros(2026, 5, 14, 11, 20, 5, 500_000),
      zoned: true,
      action: 'permission_override.created',
      category: 'PERMISSION',
      severity: 'WARNING',
      outcome: 'unknown',
      actor: { kind: 'user', id: null, name: null, email: 'ops.admin@acme.example' },
      target: { kind: null, id: null, name: null },
      context: { ip: '203.0.113.7', userAgent: null, requestId: 'req-88a1', sessionId: 'sess-41f2', geo: null },
      description: 'Permission override created for role Auditor',
      tags: ['SOX', 'GDPR'],
      data: { role: 'Admin', metadata: { override: 'reports.read', role: 'Auditor' } },
      raw: record.raw,
    });
  });

  it('maps a snake_case JSON element; ERROR severity means a failed operation (doc 001)', () => {
    const event = eventOf(mapJson(eventViewerFamily, VIEWER_JSON_SNAKE));

    expect(event).toMatchObject({
      eventId: 'a1b2c3d4',
      occurredAt: utcMicros(2026, 5, 15, 2, 10, 0),
      action: 'stack.provision_failed',
      category: 'INFRASTRUCTURE',
      severity: 'ERROR',
      outcome: 'failure',
      actor: { kind: 'user', id: null, name: 'deploy-bot', email: null },
      context: { ip: '10.0.4.12', requestId: 'req-9001', sessionId: null },
      description: 'Stack prod-eu failed to provision',
      tags: ['SOC2', 'ISO 27001'],
      data: { role: 'Service', stack: 'prod-eu', region: 'eu-central-1', metadata: { error: 'quota exceeded' } },
    });
  });

  it('maps a camelCase JSON element with lower-case category/severity and a JSON-encoded tag list', () => {
    const event = eventOf(mapJson(eventViewerFamily, VIEWER_JSON_CAMEL));

    expect(event).toMatchObject({
      eventId: 'e-77',
      occurredAt: utcMicros(2026, 5, 15, 7, 45, 12),
      action: 'user.login',
      category: 'AUTH',
      severity: 'INFO',
      actor: { kind: 'user', id: null, name: 'Priya Shah', email: null },
      context: { ip: '192.0.2.44', sessionId: 's-12' },
      tags: ['SOX'],
      data: null,
    });
  });

  it('refuses an unknown category, naming the value', () => {
    expect(reasonOf(eventViewerFamily.map(row({ Category: 'AUDITING' }), ''))).toBe(
      `field 'Category' has unknown value "AUDITING" (expected one of AUTH, USER_MGMT, TENANT_MGMT, SUBSCRIPTION, PERMISSION, DATA_ACCESS, DATA_MODIFY, INFRASTRUCTURE, SECURITY, COMPLIANCE, API_ACCESS, FILE_OPS, AI_USAGE, SYSTEM)`,
    );
  });

  it('refuses an unknown severity, naming the value', () => {
    expect(reasonOf(eventViewerFamily.map(row({ Severity: 'SEVERE' }), ''))).toBe(`field 'Severity' has unknown value "SEVERE" (expected one of INFO, WARNING, ERROR, CRITICAL)`);
  });

  it('gives an untagged event the tags of its category', () => {
    expect(eventOf(eventViewerFamily.map(row({ 'Compliance Tags': '' }), '')).tags).toEqual(['SOC2', 'ISO27001', 'PCI-DSS']);
  });

  it('reads an XLSX date cell as a zone-less time', () => {
    const event = eventOf(eventViewerFamily.map(row({ Timestamp: new Date(Date.UTC(2026, 4, 14, 9, 30, 0)) }), ''));

    expect([event.occurredAt, event.zoned]).toEqual([utcMicros(2026, 5, 14, 9, 30, 0), false]);
  });

  it('reads an XLSX date serial number', () => {
    // 46156.5 days after 1899-12-30 is 2026-05-14 12:00.
    const event = eventOf(eventViewerFamily.map(row({ Timestamp: 46156.5 }), ''));

    expect([event.occurredAt, event.zoned]).toEqual([utcMicros(2026, 5, 14, 12, 0, 0), false]);
  });

  it('maps an empty user to the System actor', () => {
    expect(eventOf(eventViewerFamily.map(row({ Category: 'SYSTEM', User: '' }), '')).actor).toEqual({ kind: 'system', id: null, name: 'System', email: null });
  });

  it('recognises its CSV rows and JSON elements', () => {
    expect(eventViewerFamily.recognise(csvRecord(VIEWER_CSV).value)).toBe(1);
    expect(eventViewerFamily.recognise(jsonRecord(VIEWER_JSON_SNAKE).value)).toBe(1);
    expect(eventViewerFamily.recognise(jsonRecord(VIEWER_JSON_CAMEL).value)).toBe(1);
  });
});
