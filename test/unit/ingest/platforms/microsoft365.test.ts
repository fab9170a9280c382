import { describeNeverThrows } from './mappingInvariants';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { microsoft365 } from '../../../../src-main/engine/ingest/platforms/microsoft365';
import { DATASETS_DIR, HAVE_DATASETS, eventOf, mapRecord, readDatasetRecords, utcMicros, type DatasetRecord } from './datasetRecords';
import { zipEntryText } from '../../../support/zipEntryText';

const FOLDER = 'm365_unified_audit';
const elastic = HAVE_DATASETS ? readDatasetRecords(FOLDER, 'elastic_o365_sample_logs_02-exchange-item.log') : [];
const plaso = HAVE_DATASETS ? readDatasetRecords(FOLDER, 'plaso_microsoft_audit_log.jsonl') : [];
const panther = HAVE_DATASETS ? readDatasetRecords(FOLDER, 'panther_microsoft365_tests.ndjson') : [];

/** The event mapped from a dataset record, or a thrown error naming the refusal. */
function mappedEvent(record: DatasetRecord | undefined) {
  if (record === undefined) throw new Error('no such record in the dataset');
  return eventOf(mapRecord(microsoft365, record));
}

function reasonFor(value: unknown): string {
  const outcome = microsoft365.map(value, JSON.stringify(value) ?? '');
  if (outcome.ok) throw new Error('expected a refusal');
  return outcome.reason;
}

function mapObject(record: Record<string, unknown>) {
  return mappedEvent({ position: 1, value: record, raw: JSON.stringify(record) });
}

/** A Purview "Export results" CSV line: CreationDate, UserIds, Operations, AuditData (RFC 4180 quoting). */
function csvLine(cells: string[]): string {
  return cells.map((cell) => (/[",\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell)).join(',');
}

describe.skipIf(!HAVE_DATASETS)('Microsoft 365 mapping over the shared samples', () => {
  it('reads the record counts SOURCE.txt states', () => {
    expect(elastic).toHaveLength(9);
    expect(plaso).toHaveLength(4);
    expect(panther).toHaveLength(19);
  });

  it('maps every record of the three JSON files, the lower-cased Panther ones included', () => {
    for (const record of [...elastic, ...plaso, ...panther]) {
      const outcome = mapRecord(microsoft365, record);
      expect(outcome.ok ? 'mapped' : outcome.reason).toBe('mapped');
    }
  });

  it('maps an ExchangeItem Create to exact fields, reading the zone-less CreationTime as UTC and flagging it', () => {
    const event = mappedEvent(elastic[0]);

    expect(event).toMatchObject({
      sourceId: 'microsoft-365',
      eventId: '3be78a31-dbd3-4c2c-eaf9-08d7b3cc8226',
      occurredAt: utcMicros(2020, 2, 17, 17, 12, 3),
      zoned: false,
      action: 'Create',
      category: 'DATA_MODIFY',
      severity: 'INFO',
      outcome: 'success',
      actor: { kind: 'system', id: 'S-1-5-18', name: 'S-1-5-18', email: null },
      target: { kind: 'MailItem', id: 'RgAAAACklF6sEsJgSK/ulVd531/WBwCzgXIUnq3lQqXFeCmxHwmHAAAAAAEMAACzgXIUnq3lQqXFeCmxHwmHAAAAABULAAAJ', name: 'The new SIEMTest group is ready' },
      context: { ip: '::1', userAgent: 'Client=WebServices;Action=ConfigureGroupMailbox', requestId: null, sessionId: null, geo: null },
      description: 'S-1-5-18 performed Create on The new SIEMTest group is ready in Exchange',
      raw: elastic[0]?.raw,
    });
    expect(event.data).toMatchObject({ Workload: 'Exchange', RecordType: 2, MailboxOwnerUPN: 'SIEMTest@testsiem.onmicrosoft.com' });
  });

  it('classifies a folder permission change as PERMISSION on the folder itself', () => {
    const event = mappedEvent(elastic[3]);

    expect(event.action).toBe('ModifyFolderPermissions');
    expect(event.category).toBe('PERMISSION');
    expect(event.target).toEqual({ kind: 'MailFolder', id: 'LgAAAABQ7FIOAzxlR4hKCRQRbTbvAQBTdQb34omtRrZGvP+4ONQkAAAAAAENAAAC', name: '\\Calendar' });
  });

  it('maps a UserLoggedIn with UserKey as the actor id and the UPN as name and email', () => {
    const event = mappedEvent(plaso[3]);

    expect(event).toMatchObject({
      eventId: '0a454a7b-fbac-4329-a20c-72bad3bc5000',
      occurredAt: utcMicros(2022, 5, 8, 15, 13, 41),
      action: 'UserLoggedIn',
      category: 'AUTH',
      severity: 'INFO',
      outcome: 'success',
      actor: { kind: 'user', id: '55425677-a6b7-4df1-8068-709eb4162d42', name: 'piet@sst5f.onmicrosoft.com', email: 'piet@sst5f.onmicrosoft.com' },
      context: { ip: '0.0.0.0' },
    });
  });

  it('treats an Exchange cmdlet run as NT AUTHORITY\\SYSTEM as a system actor and True as success', () => {
    const event = mappedEvent(plaso[0]);

    expect(event.actor).toEqual({ kind: 'system', id: 'NT AUTHORITY\\SYSTEM (Microsoft.Exchange.Servicehost)', name: 'NT AUTHORITY\\SYSTEM (Microsoft.Exchange.Servicehost)', email: null });
    expect(event.outcome).toBe('success');
    expect(event.category).toBe('TENANT_MGMT');
  });

  it('flags an audit-log configuration change as a SECURITY warning, and switching auditing off as CRITICAL', () => {
    const change = mappedEvent(plaso[2]);
    expect([change.action, change.category, change.severity]).toEqual(['Set-AdminAuditLogConfig', 'SECURITY', 'WARNING']);

    const record = JSON.parse(plaso[2]?.raw ?? '{}') as { Parameters: { Name: string; Value: string }[] };
    record.Parameters = record.Parameters.map((p) => (p.Name === 'AdminAuditLogEnabled' ? { ...p, Value: 'False' } : p));
    const disabled = mapObject(record);
    expect([disabled.category, disabled.severity]).toEqual(['SECURITY', 'CRITICAL']);
  });

  it('maps UserLoginFailed as a failure although its ResultStatus says Success, with the user agent from ExtendedProperties', () => {
    const event = mappedEvent(panther[0]);

    expect(event).toMatchObject({
      action: 'UserLoginFailed',
      outcome: 'failure',
      category: 'AUTH',
      severity: 'WARNING',
      occurredAt: utcMicros(2022, 12, 12, 15, 57, 57),
      zoned: false,
      actor: { kind: 'user', id: '012345-abcde-543-xyz', name: 'sample.user@yourorg.onmicrosoft.com', email: 'sample.user@yourorg.onmicrosoft.com' },
      context: { ip: '1.2.3.4', userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/107.0.0.0 Safari/537.36' },
    });
  });

  it('reads the all-lower-case Panther records and flags mailbox forwarding as a SECURITY warning', () => {
    const event = mappedEvent(panther[9]);

    expect(event).toMatchObject({
      eventId: '111-22-33',
      occurredAt: utcMicros(2022, 12, 12, 22, 19, 0),
      zoned: false,
      action: 'Set-Mailbox',
      category: 'SECURITY',
      severity: 'WARNING',
      outcome: 'success',
      actor: { kind: 'user', id: '12345', name: 'homer.simpson@simpsons.onmicrosoft.com', email: 'homer.simpson@simpsons.onmicrosoft.com' },
      target: { kind: null, id: 'homer.simpson', name: 'homer.simpson@simpsons.onmicrosoft.com' },
    });
  });

  it('drops the port from a ClientIP and reads nanosecond zone-less times', () => {
    const event = mappedEvent(panther[18]);

    expect(event.context.ip).toBe('1.2.3.4');
    expect(event.occurredAt).toBe(utcMicros(2025, 7, 7, 9, 11, 11));
    // a rule that only moves mail to a folder is tracked, not flagged
    expect([event.category, event.severity]).toEqual(['SECURITY', 'INFO']);
  });

  it('flags the removal of MFA methods, but not their registration', () => {
    const added = mappedEvent(panther[7]);
    const removed = mappedEvent(panther[8]);

    expect([added.action, added.category, added.severity]).toEqual(['Update user.', 'USER_MGMT', 'INFO']);
    expect([removed.category, removed.severity]).toEqual(['SECURITY', 'WARNING']);
    expect(removed.actor.kind).toBe('service');
  });

  it('flags a file shared with a guest, and keeps internal sharing at INFO', () => {
    const guest = mappedEvent(panther[2]);
    const internal = mappedEvent(panther[6]);

    expect([guest.category, guest.severity, guest.outcome]).toEqual(['FILE_OPS', 'WARNING', 'unknown']);
    expect(guest.target).toEqual({ kind: 'File', id: 'https://yourorg.sharepoint.com/personal/user_yourorg/Documents/importantsecrets.docx', name: 'importantsecrets.docx' });
    expect(guest.context).toMatchObject({ requestId: 'dd-ee-ff', sessionId: 'aa-bb-cc' });
    expect([internal.category, internal.severity]).toEqual(['FILE_OPS', 'INFO']);
  });

  it("maps Sentinel's OfficeActivity row (the OTRF Golden SAML zip) as mail data access", async () => {
    const text = await zipEntryText(join(DATASETS_DIR, FOLDER, 'otrf_goldensaml_OfficeActivityEvents.zip'), 'OfficeActivityEvents.json');
    const line = text.trim();
    const value = JSON.parse(line) as unknown;

    expect(microsoft365.recognise(value)).toBe(1);
    const event = mappedEvent({ position: 1, value, raw: line });
    expect(event).toMatchObject({
      eventId: '699e0b10-1c53-403e-976f-ce0847a92b44',
      occurredAt: utcMicros(2021, 8, 2, 13, 32, 7),
      zoned: true,
      action: 'MailItemsAccessed',
      category: 'DATA_ACCESS',
      outcome: 'success',
      actor: { kind: 'user', id: '100320015858B802', name: 'pgustavo@simulandlabs.com', email: 'pgustavo@simulandlabs.com' },
      context: { ip: '1.2.3.4' },
    });
    expect((event.data as { Folders: unknown[] }).Folders).toHaveLength(1);
  });
});

describe.skipIf(!HAVE_DATASETS)('Microsoft 365 Purview CSV export (AuditData column)', () => {
  const json = plaso[3]?.raw ?? '';
  const row = { CreationDate: '2022-05-08T15:13:41.0000000Z', UserIds: 'piet@sst5f.onmicrosoft.com', Operations: 'UserLoggedIn', AuditData: json };
  const line = csvLine([row.CreationDate, row.UserIds, row.Operations, row.AuditData]);

  it('recognises the row and maps it from AuditData, keeping the CSV line as the raw record', () => {
    expect(microsoft365.recognise(row)).toBeGreaterThanOrEqual(0.9);
    const fromRow = mappedEvent({ position: 2, value: row, raw: line });
    const fromJson = mappedEvent(plaso[3]);

    expect(fromRow.raw).toBe(line);
    expect({ ...fromRow, raw: '' }).toEqual({ ...fromJson, raw: '' });
  });

  it('falls back to the row columns when AuditData lacks them', () => {
    const sparse = { ...row, AuditData: JSON.stringify({ Id: 'x-1', UserKey: 'k-1' }) };
    const event = mappedEvent({ position: 2, value: sparse, raw: '' });

    expect(event).toMatchObject({ eventId: 'x-1', action: 'UserLoggedIn', occurredAt: utcMicros(2022, 5, 8, 15, 13, 41), zoned: true });
    expect(event.actor).toEqual({ kind: 'user', id: 'k-1', name: 'piet@sst5f.onmicrosoft.com', email: 'piet@sst5f.onmicrosoft.com' });
  });

  it('refuses a row whose AuditData is not JSON, naming the column', () => {
    expect(reasonFor({ ...row, AuditData: '{not json' })).toBe('column \'AuditData\' does not hold a JSON object (got "{not json")');
  });
});

describe('Microsoft 365 refusals', () => {
  it('names the missing or unreadable field', () => {
    expect(reasonFor('UserLoggedIn')).toBe('record is not a JSON object (got a string)');
    expect(reasonFor({ CreationTime: '2022-05-08T15:13:41', Workload: 'Exchange' })).toBe("field 'Operation' is missing");
    expect(reasonFor({ Operation: 'UserLoggedIn', Workload: 'Exchange' })).toBe("field 'CreationTime' is missing");
    expect(reasonFor({ Operation: 'UserLoggedIn', CreationTime: 'yesterday' })).toBe('field \'CreationTime\' is not a timestamp: "yesterday"');
  });

  it('does not claim records without Operation and a CreationTime, Workload or RecordType', () => {
    expect(microsoft365.recognise({ UserId: 'a@b.c', Status: 'Success' })).toBe(0);
    expect(microsoft365.recognise({ operation: 'x' })).toBe(0);
    expect(microsoft365.recognise([])).toBe(0);
  });
});

{
  const keys = ['Id', 'CreationTime', 'Operation', 'Workload', 'RecordType', 'UserId', 'UserKey', 'UserType', 'ClientIP', 'ResultStatus', 'ObjectId', 'Item', 'Parameters', 'ModifiedProperties', 'ExtendedProperties', 'AppAccessContext', 'AuditData', 'CreationDate', 'Operations', 'Type', 'LogonError', 'TargetUserOrGroupType'];
  const shaped = fc.dictionary(fc.constantFrom(...keys), fc.oneof(fc.jsonValue(), fc.string(), fc.array(fc.record({ Name: fc.constantFrom(...keys, 'AdminAuditLogEnabled', 'ForwardTo'), Value: fc.jsonValue() }))));
  describeNeverThrows('Microsoft 365 mapping never throws', microsoft365, shaped);
}
