/**
 * Sample records of every product-doc export family, built from the docs' own examples, and a
 * CSV helper that hands rows over as a reader does: one object per row, keyed by header.
 */
import { parse } from 'csv-parse/sync';
import type { CanonicalEventInput, CredentialInput, MappingOutcome } from '../../../../src-shared/event';
import type { PlatformMapping } from '../../../../src-main/engine/ingest/mapping/platform';

export interface CsvRecord {
  value: Record<string, string>;
  raw: string;
}

/** Rows of a CSV text; `keepBom` leaves the byte-order mark on the first header, as a naive reader would. */
export function csvRecords(csv: string, keepBom = false): CsvRecord[] {
  const rows = parse(csv, { columns: true, bom: !keepBom, skip_empty_lines: true, relax_column_count: true }) as Record<string, string>[];
  const lines = csv.replace(/^\uFEFF/, '').split('\n').slice(1).filter((l) => l !== '');
  return rows.map((value, i) => ({ value, raw: lines[i] ?? '' }));
}

export function csvRecord(csv: string, keepBom = false): CsvRecord {
  const [first] = csvRecords(csv, keepBom);
  if (first === undefined) throw new Error('no CSV row');
  return first;
}

export function jsonRecord(text: string): { value: unknown; raw: string } {
  return { value: JSON.parse(text) as unknown, raw: text };
}

export function eventOf(outcome: MappingOutcome): CanonicalEventInput {
  if (!outcome.ok) throw new Error(`expected an event, got refusal: ${outcome.reason}`);
  if (!('event' in outcome)) throw new Error('expected an event, got a credential');
  return outcome.event;
}

export function credentialOf(outcome: MappingOutcome): CredentialInput {
  if (!outcome.ok) throw new Error(`expected a credential, got refusal: ${outcome.reason}`);
  if (!('credential' in outcome)) throw new Error('expected a credential, got an event');
  return outcome.credential;
}

export function reasonOf(outcome: MappingOutcome): string {
  if (outcome.ok) throw new Error('expected a refusal');
  return outcome.reason;
}

export function mapJson(mapping: PlatformMapping, text: string): MappingOutcome {
  const { value, raw } = jsonRecord(text);
  return mapping.map(value, raw);
}

export function mapRow(mapping: PlatformMapping, row: CsvRecord): MappingOutcome {
  return mapping.map(row.value, row.raw);
}

/** UTC microseconds from calendar fields, computed without the code under test. */
export function utcMicros(y: number, mo: number, d: number, h: number, mi: number, s: number, micro = 0): number {
  return Date.UTC(y, mo - 1, d, h, mi, s) * 1000 + micro;
}

// -- doc 003: the file export ---------------------------------------------------------------

/** Doc 003's NDJSON example, with the elided id, data and context filled in. */
export const FILE_EXPORT_NDJSON =
  '{"id":"evt_01HZK3M9Q2","type":"user.signed_in","occurred_at":"2026-05-17T08:00:00.123456Z",' +
  '"actor":{"kind":"user","id":"usr_01HZX4","label":"Alice Martin","email":"alice@example.com"},' +
  '"target":{"kind":"session","id":"ses_01HZY7"},"outcome":"success","data":{"method":"sso","mfa":true},' +
  '"context":{"ip":"203.0.113.45","user_agent":"Mozilla/5.0","request_id":"req_7f3a","session_id":"ses_01HZY7",' +
  '"fingerprint":"fp_91c2","geolocation":{"city":"Berlin","country":"DE"}}}';

/** The same event in the CSV flavour (doc 003: "the data field becomes a JSON-encoded string in one column"). */
export const FILE_EXPORT_CSV =
  'id,type,occurred_at,actor_kind,actor_id,actor_label,actor_email,target_kind,target_id,target_label,outcome,context_ip,context_user_agent,context_request_id,context_session_id,context_geolocation,data_json\n' +
  'evt_01HZK3M9Q2,user.signed_in,2026-05-17T08:00:00.123456Z,user,usr_01HZX4,Alice Martin,alice@example.com,session,ses_01HZY7,,success,203.0.113.45,Mozilla/5.0,req_7f3a,ses_01HZY7,' +
  '"{""city"":""Berlin"",""country"":""DE""}","{""method"":""sso"",""mfa"":true}"\n';

/** Doc 003's CSV example exactly as printed (columns up to context_ip). */
export const FILE_EXPORT_DOC_CSV =
  'id,type,occurred_at,actor_kind,actor_id,target_kind,target_id,outcome,context_ip\n' +
  'evt_01HZ...,user.signed_in,2026-05-17T08:00:00Z,user,usr_01HZX...,session,ses_01HZY...,success,203.0.113.45\n';

// -- doc 002: CalKeep audit export and credentials roster ------------------------------------

/** One element of doc 002's `entries` array. */
export const CALKEEP_MFA_JSON =
  '{"id":"aud_01J0Q8F2C1","action":"MFA_ENROLLMENT_COMPLETED","actor":{"id":"usr_123","email":"dana@acme.example"},' +
  '"target":{"type":"user","id":"usr_123"},"timestamp":"2026-05-10T15:42:07.512Z","ip":"198.51.100.23",' +
  '"metadata":{"method":"webauthn","authenticator":"YubiKey 5"}}';

/** The same entry in audit.csv, with a column CalKeep appended in a later release. */
export const CALKEEP_MFA_CSV =
  'id,timestamp,action,actor_id,actor_email,target_type,target_id,ip,metadata,workspace_region\n' +
  'aud_01J0Q8F2C1,2026-05-10T15:42:07.512Z,MFA_ENROLLMENT_COMPLETED,usr_123,dana@acme.example,user,usr_123,198.51.100.23,' +
  '"{""method"":""webauthn"",""authenticator"":""YubiKey 5""}",eu-west-1\n';

/** Doc 002: "an export of audit entries always includes the export action that ran". */
export const CALKEEP_EXPORT_JSON =
  '{"id":"aud_01J0Q9Z7XK","action":"auth.compliance.audit-export","actor":{"id":"usr_001","email":"admin@acme.example"},' +
  '"target":null,"timestamp":"2026-05-10T16:00:00Z","ip":"203.0.113.9",' +
  '"metadata":{"format":"json","count":142,"filters":{"days":90,"actions":["MFA_*","SAML_*"]}}}';

export const CALKEEP_CREDENTIALS_CSV =
  'user_id,email,name,credential_type,state,created_at,last_used_at\n' +
  'usr_123,dana@acme.example,Dana Kim,webauthn,active,2026-01-15T09:30:00Z,2026-05-10T15:42:07Z\n' +
  'usr_456,lee@acme.example,Lee Park,totp,revoked,2025-11-02T12:00:00Z,\n' +
  'usr_789,ana@acme.example,Ana Ruiz,webauthn,pending,2026-05-09T08:00:00.250Z,\n';

export const CALKEEP_CREDENTIAL_JSON =
  '{"userId":"usr_123","email":"dana@acme.example","name":"Dana Kim","credentialType":"WebAuthn","state":"Active",' +
  '"createdAt":"2026-01-15T09:30:00Z","lastUsedAt":"2026-05-10T15:42:07Z"}';

// -- doc 004: the console audit log ----------------------------------------------------------

export const CONSOLE_HARDWARE_JSON =
  '{"id":"ale_000142","timestamp":"2026-05-12T09:15:30.250Z","channel":"hardware","event":"created","description":"Hardware #142 created",' +
  '"actor":{"id":"usr_7","name":"Zoë Müller","email":"zoe@acme.example"},"subject":{"type":"Hardware","id":"142"},' +
  '"properties":{"after":{"name":"ThinkPad X1","serial":"PF3X9K"}}}';

/** Doc 004: the nightly retention prune records its own entry, under the System actor. */
export const CONSOLE_PRUNE_JSON =
  '{"id":"ale_000150","timestamp":"2026-05-13T03:00:00Z","channel":"compliance","event":"other",' +
  '"description":"Retention prune removed 1204 entries older than 2025-05-13","actor":null,"subject":null,' +
  '"properties":{"removed":1204,"cutoff":"2025-05-13T03:00:00Z","retention_days":365}}';

/** Doc 004: a read of one person's record, under the pii-read channel. */
export const CONSOLE_PII_READ_JSON =
  '{"id":"ale_000151","timestamp":"2026-05-13T10:02:11.004Z","channel":"pii-read","event":"other","description":"pii.read.user",' +
  '"actor":{"id":"usr_9","name":"Sam Ortiz","email":"sam@acme.example"},"subject":{"type":"User","id":"usr_42"},' +
  '"properties":{"viewer_email":"sam@acme.example","ip":"192.0.2.10","page":"/admin/users/usr_42"}}';

export const CONSOLE_EXPORT_DOWNLOADED_JSON =
  '{"id":"ale_000152","timestamp":"2026-05-13T10:05:00Z","channel":"compliance","event":"other","description":"Audit log export downloaded",' +
  '"actor":{"id":"usr_9","name":"Sam Ortiz","email":"sam@acme.example"},"subject":null,' +
  '"properties":{"format":"csv","filters":{"event":"deleted","from":"2026-04-01"}}}';

export const CONSOLE_SCIM_ROLE_JSON =
  '{"id":"ale_000153","timestamp":"2026-05-13T11:00:00Z","channel":"security","event":"updated","description":"SCIM role changed from member to admin",' +
  '"actor":{"id":"scim_okta","name":"Okta SCIM","email":null},"subject":{"type":"User","id":"usr_42"},' +
  '"properties":{"before":{"role":"member"},"after":{"role":"admin"}}}';

export const CONSOLE_FAILED_SIGN_IN_JSON =
  '{"id":"ale_000154","timestamp":"2026-05-13T11:30:00Z","channel":"auth","event":"other","description":"Failed sign-in for sam@acme.example",' +
  '"actor":{"id":"usr_9","name":"Sam Ortiz","email":"sam@acme.example"},"subject":null,"properties":{"ip":"198.51.100.77","reason":"bad_password"}}';

/** Doc 004: after a GDPR erasure the actor is pseudonymised, not deleted. */
export const CONSOLE_PSEUDONYMISED_JSON =
  '{"id":"ale_000090","timestamp":"2026-02-01T08:00:00Z","channel":"hardware","event":"deleted","description":"Hardware #77 deleted",' +
  '"actor":{"id":"usr_erased_3f9a","name":"Erased user 3f9a","email":"erased-3f9a@pseudonymised.invalid"},"subject":{"type":"Hardware","id":"77"},"properties":{}}';

/** Doc 004's CSV: a UTF-8 byte-order mark, then our column layout. */
export const CONSOLE_CSV =
  '\uFEFFid,timestamp,channel,event,description,actor_email,actor_id,subject_type,subject_id,properties\n' +
  'ale_000142,2026-05-12T09:15:30.250Z,hardware,created,Hardware #142 created,zoe@acme.example,usr_7,Hardware,142,' +
  '"{""after"":{""name"":""ThinkPad X1"",""serial"":""PF3X9K""}}"\n' +
  'ale_000150,2026-05-13T03:00:00Z,compliance,other,Retention prune removed 1204 entries older than 2025-05-13,,,—,—,' +
  '"{""removed"":1204,""cutoff"":""2025-05-13T03:00:00Z"",""retention_days"":365}"\n';

// -- doc 001: the event-viewer export --------------------------------------------------------

export const VIEWER_CSV =
  'Timestamp,Category,Event Type,Severity,User,Description,Event ID,IP Address,Role,Stack,Region,Request ID,Session ID,Compliance Tags,Metadata\n' +
  '2026-05-14T11:20:05.500Z,PERMISSION,permission_override.created,WARNING,ops.admin@acme.example,Permission override created for role Auditor,' +
  '7d0c6c1e-2b5f-4c51-9a8e-0f3c9d7e1a22,203.0.113.7,Admin,,,req-88a1,sess-41f2,SOX; GDPR,"{""override"":""reports.read"",""role"":""Auditor""}"\n';

export const VIEWER_JSON_SNAKE =
  '{"timestamp":"2026-05-15T02:10:00Z","category":"INFRASTRUCTURE","event_type":"stack.provision_failed","severity":"ERROR","user":"deploy-bot",' +
  '"description":"Stack prod-eu failed to provision","event_id":"a1b2c3d4","ip_address":"10.0.4.12","role":"Service","stack_name":"prod-eu",' +
  '"region":"eu-central-1","request_id":"req-9001","session_id":null,"compliance_tags":["SOC2","ISO 27001"],"metadata":{"error":"quota exceeded"}}';

export const VIEWER_JSON_CAMEL =
  '{"timestamp":"2026-05-15T07:45:12.000Z","category":"auth","eventType":"user.login","severity":"info","user":"Priya Shah",' +
  '"description":"User signed in","eventId":"e-77","ipAddress":"192.0.2.44","sessionId":"s-12","complianceTags":"[\\"SOX\\"]"}';
