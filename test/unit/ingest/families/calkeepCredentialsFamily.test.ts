import { describe, expect, it } from 'vitest';
import { calkeepCredentialsFamily } from '../../../../src-main/engine/ingest/families/calkeepCredentialsFamily';
import { calkeepPullFamily } from '../../../../src-main/engine/ingest/families/calkeepPullFamily';
import { CALKEEP_CREDENTIALS_CSV, CALKEEP_CREDENTIAL_JSON, CALKEEP_MFA_CSV, CALKEEP_MFA_JSON, credentialOf, csvRecord, csvRecords, jsonRecord, mapJson, mapRow, reasonOf, utcMicros } from './samples';

describe('calkeepCredentialsFamily', () => {
  it('maps every credentials.csv row to a roster entry', () => {
    const rows = csvRecords(CALKEEP_CREDENTIALS_CSV);

    const credentials = rows.map((row) => credentialOf(mapRow(calkeepCredentialsFamily, row)));

    expect(credentials).toEqual([
      {
        sourceId: 'calkeep-credentials',
        userId: 'usr_123',
        email: 'dana@acme.example',
        name: 'Dana Kim',
        credentialType: 'webauthn',
        state: 'active',
        createdAt: utcMicros(2026, 1, 15, 9, 30, 0),
        lastUsedAt: utcMicros(2026, 5, 10, 15, 42, 7),
        raw: rows[0]?.raw,
      },
      {
        sourceId: 'calkeep-credentials',
        userId: 'usr_456',
        email: 'lee@acme.example',
        name: 'Lee Park',
        credentialType: 'totp',
        state: 'revoked',
        createdAt: utcMicros(2025, 11, 2, 12, 0, 0),
        lastUsedAt: null,
        raw: rows[1]?.raw,
      },
      {
        sourceId: 'calkeep-credentials',
        userId: 'usr_789',
        email: 'ana@acme.example',
        name: 'Ana Ruiz',
        credentialType: 'webauthn',
        state: 'pending',
        createdAt: utcMicros(2026, 5, 9, 8, 0, 0, 250_000),
        lastUsedAt: null,
        raw: rows[2]?.raw,
      },
    ]);
  });

  it('maps a camelCase JSON roster element, lower-casing type and state', () => {
    const credential = credentialOf(mapJson(calkeepCredentialsFamily, CALKEEP_CREDENTIAL_JSON));

    expect(credential).toEqual({
      sourceId: 'calkeep-credentials',
      userId: 'usr_123',
      email: 'dana@acme.example',
      name: 'Dana Kim',
      credentialType: 'webauthn',
      state: 'active',
      createdAt: utcMicros(2026, 1, 15, 9, 30, 0),
      lastUsedAt: utcMicros(2026, 5, 10, 15, 42, 7),
      raw: CALKEEP_CREDENTIAL_JSON,
    });
  });

  it('refuses a row without a credential type, naming the column', () => {
    expect(reasonOf(calkeepCredentialsFamily.map({ user_id: 'u', state: 'active' }, ''))).toBe("field 'credential_type' is missing");
  });

  it('refuses a row with an unreadable created_at, naming the column', () => {
    expect(reasonOf(calkeepCredentialsFamily.map({ user_id: 'u', credential_type: 'totp', state: 'active', created_at: 'soon' }, ''))).toBe(
      `field 'created_at' is not a timestamp: "soon"`,
    );
  });

  it('refuses a row that names no user', () => {
    expect(reasonOf(calkeepCredentialsFamily.map({ credential_type: 'totp', state: 'active' }, ''))).toMatch(/names no user/);
  });

  it('recognises roster rows and not audit entries; the audit family does not claim roster rows', () => {
    const rosterRow = csvRecord(CALKEEP_CREDENTIALS_CSV).value;

    expect(calkeepCredentialsFamily.recognise(rosterRow)).toBe(1);
    expect(calkeepCredentialsFamily.recognise(jsonRecord(CALKEEP_CREDENTIAL_JSON).value)).toBe(1);
    expect(calkeepCredentialsFamily.recognise(jsonRecord(CALKEEP_MFA_JSON).value)).toBe(0);
    expect(calkeepCredentialsFamily.recognise(csvRecord(CALKEEP_MFA_CSV).value)).toBe(0);
    expect(calkeepPullFamily.recognise(rosterRow)).toBe(0);
  });
});
