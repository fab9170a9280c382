import { describe, expect, it } from 'vitest';
import { CALKEEP_CLASSIFICATION, calkeepPullFamily } from '../../../../src-main/engine/ingest/families/calkeepPullFamily';
import { classify } from '../../../../src-main/engine/ingest/mapping/classification';
import { CALKEEP_EXPORT_JSON, CALKEEP_MFA_CSV, CALKEEP_MFA_JSON, csvRecord, eventOf, jsonRecord, mapJson, mapRow, reasonOf, utcMicros } from './samples';

function entry(fields: Record<string, unknown>): Record<string, unknown> {
  return { id: 'aud_1', actor: { id: 'usr_1', email: 'a@acme.example' }, target: null, timestamp: '2026-05-10T12:00:00Z', ip: '198.51.100.1', metadata: {}, ...fields };
}

describe('calkeepPullFamily', () => {
  it('maps a doc-002 JSON entry to exact canonical fields', () => {
    const event = eventOf(mapJson(calkeepPullFamily, CALKEEP_MFA_JSON));

    expect(event).toEqual({
      sourceId: 'calkeep-audit',
      eventId: 'aud_01J0Q8F2C1',
      occurredAt: utcMicros(2026, 5, 10, 15, 42, 7, 512_000),
      zoned: true,
      action: 'MFA_ENROLLMENT_COMPLETED',
      category: 'AUTH',
      severity: 'INFO',
      outcome: 'success',
      actor: { kind: 'user', id: 'usr_123', name: null, email: 'dana@acme.example' },
      target: { kind: 'user', id: 'usr_123', name: null },
      context: { ip: '198.51.100.23', userAgent: null, requestId: null, sessionId: null, geo: null },
      description: 'MFA enrollment completed by dana@acme.example on user usr_123',
      tags: ['SOC2', 'ISO27001', 'PCI-DSS'],
      data: { method: 'webauthn', authenticator: 'YubiKey 5' },
      raw: CALKEEP_MFA_JSON,
    });
  });

  it('maps the audit.csv row of the same entry identically, accepting an appended column', () => {
    const fromJson = eventOf(mapJson(calkeepPullFamily, CALKEEP_MFA_JSON));
    const row = csvRecord(CALKEEP_MFA_CSV);

    const fromCsv = eventOf(mapRow(calkeepPullFamily, row));

    expect({ ...fromCsv, raw: null }).toEqual({ ...fromJson, raw: null });
  });

  it("classifies the export's own telemetry entry as COMPLIANCE with its filters as data", () => {
    const event = eventOf(mapJson(calkeepPullFamily, CALKEEP_EXPORT_JSON));

    expect(event).toMatchObject({
      action: 'auth.compliance.audit-export',
      category: 'COMPLIANCE',
      severity: 'INFO',
      outcome: 'unknown',
      actor: { kind: 'user', id: 'usr_001', name: null, email: 'admin@acme.example' },
      target: { kind: null, id: null, name: null },
      occurredAt: utcMicros(2026, 5, 10, 16, 0, 0),
      description: 'auth.compliance.audit-export by admin@acme.example',
      tags: ['SOX', 'SOC2', 'ISO27001'],
      data: { format: 'json', count: 142, filters: { days: 90, actions: ['MFA_*', 'SAML_*'] } },
    });
  });

  it.each([
    ['SAML_LOGIN_FAILED', 'AUTH', 'WARNING', 'failure'],
    ['SAML_LOGIN_SUCCEEDED', 'AUTH', 'INFO', 'success'],
    ['SAML_CONNECTION_UPDATED', 'TENANT_MGMT', 'WARNING', 'unknown'],
    ['INVITATION_SENT', 'USER_MGMT', 'INFO', 'unknown'],
    ['INVITATION_ACCEPTED', 'USER_MGMT', 'INFO', 'unknown'],
    ['MFA_REVOKED', 'AUTH', 'WARNING', 'unknown'],
    ['FORCE_REENROLLMENT_STARTED', 'AUTH', 'WARNING', 'unknown'],
    ['IP_ALLOWLIST_UPDATED', 'TENANT_MGMT', 'WARNING', 'unknown'],
    ['MEMBER_ROLE_CHANGED', 'PERMISSION', 'WARNING', 'unknown'],
    ['auth.compliance.credentials-export', 'COMPLIANCE', 'INFO', 'unknown'],
    ['SOMETHING_NEW', 'SYSTEM', 'INFO', 'unknown'],
  ])('classifies %s as %s/%s with outcome %s', (action, category, severity, outcome) => {
    const event = eventOf(calkeepPullFamily.map(entry({ action }), '{}'));

    expect([event.category, event.severity, event.outcome]).toEqual([category, severity, outcome]);
  });

  it('has no classification row whose failure severity is below its success severity', () => {
    for (const [pattern] of CALKEEP_CLASSIFICATION) {
      const action = typeof pattern === 'string' ? pattern.replace('*', 'X') : 'X';
      const ok = classify(CALKEEP_CLASSIFICATION, action, 'success');
      const failed = classify(CALKEEP_CLASSIFICATION, action, 'failure');
      expect(['INFO', 'WARNING', 'ERROR', 'CRITICAL'].indexOf(failed.severity)).toBeGreaterThanOrEqual(['INFO', 'WARNING', 'ERROR', 'CRITICAL'].indexOf(ok.severity));
    }
  });

  it('maps an entry without an actor to the System actor', () => {
    const event = eventOf(calkeepPullFamily.map(entry({ action: 'RETENTION_APPLIED', actor: null }), '{}'));

    expect(event.actor).toEqual({ kind: 'system', id: null, name: 'System', email: null });
  });

  it('refuses an entry whose timestamp is not a time, naming the field', () => {
    expect(reasonOf(calkeepPullFamily.map(entry({ action: 'LOGIN_SUCCEEDED', timestamp: 'yesterday' }), '{}'))).toBe(
      `field 'timestamp' is not a timestamp: "yesterday"`,
    );
  });

  it('refuses an entry without an action', () => {
    expect(reasonOf(calkeepPullFamily.map(entry({ action: undefined }), '{}'))).toBe("field 'action' is missing");
  });

  it('recognises its JSON entries and CSV rows', () => {
    expect(calkeepPullFamily.recognise(jsonRecord(CALKEEP_MFA_JSON).value)).toBe(1);
    expect(calkeepPullFamily.recognise(jsonRecord(CALKEEP_EXPORT_JSON).value)).toBe(1);
    expect(calkeepPullFamily.recognise(csvRecord(CALKEEP_MFA_CSV).value)).toBe(1);
  });
});
