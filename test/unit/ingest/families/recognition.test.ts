import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PlatformMapping } from '../../../../src-main/engine/ingest/mapping/platform';
import { calkeepCredentialsFamily } from '../../../../src-main/engine/ingest/families/calkeepCredentialsFamily';
import { calkeepPullFamily } from '../../../../src-main/engine/ingest/families/calkeepPullFamily';
import { consoleExportFamily } from '../../../../src-main/engine/ingest/families/consoleExportFamily';
import { eventViewerFamily } from '../../../../src-main/engine/ingest/families/eventViewerFamily';
import { fileExportFamily } from '../../../../src-main/engine/ingest/families/fileExportFamily';
import { compileProfile } from '../../../../src-main/engine/ingest/families/mappingProfile';
import {
  CALKEEP_CREDENTIALS_CSV,
  CALKEEP_CREDENTIAL_JSON,
  CALKEEP_EXPORT_JSON,
  CALKEEP_MFA_CSV,
  CALKEEP_MFA_JSON,
  CONSOLE_CSV,
  CONSOLE_HARDWARE_JSON,
  CONSOLE_PII_READ_JSON,
  CONSOLE_PRUNE_JSON,
  FILE_EXPORT_CSV,
  FILE_EXPORT_DOC_CSV,
  FILE_EXPORT_NDJSON,
  VIEWER_CSV,
  VIEWER_JSON_CAMEL,
  VIEWER_JSON_SNAKE,
  csvRecords,
  jsonRecord,
} from './samples';

const genericProfile = compileProfile({
  name: 'Generic',
  sourceId: 'generic',
  fields: { occurredAt: 'When', action: 'What', actorId: 'who.id', timeZone: 'Europe/Berlin', severity: 'level', category: 'cat', outcome: 'result' },
  outcomes: { OK: 'success' },
  categories: { 'a*': 'AUTH', '/^b/': 'SECURITY' },
});

const json = (text: string): unknown => jsonRecord(text).value;
const rows = (csv: string): unknown[] => csvRecords(csv).map((r) => r.value);

/** Each mapping with the records it must claim. */
const FAMILIES: readonly [PlatformMapping, unknown[]][] = [
  [fileExportFamily, [json(FILE_EXPORT_NDJSON), ...rows(FILE_EXPORT_CSV), ...rows(FILE_EXPORT_DOC_CSV)]],
  [calkeepPullFamily, [json(CALKEEP_MFA_JSON), json(CALKEEP_EXPORT_JSON), ...rows(CALKEEP_MFA_CSV)]],
  [calkeepCredentialsFamily, [json(CALKEEP_CREDENTIAL_JSON), ...rows(CALKEEP_CREDENTIALS_CSV)]],
  [consoleExportFamily, [json(CONSOLE_HARDWARE_JSON), json(CONSOLE_PRUNE_JSON), json(CONSOLE_PII_READ_JSON), ...rows(CONSOLE_CSV)]],
  [eventViewerFamily, [json(VIEWER_JSON_SNAKE), json(VIEWER_JSON_CAMEL), ...rows(VIEWER_CSV)]],
  [genericProfile, [{ When: '2026-07-01 10:00', What: 'login', who: { id: 'u1' } }]],
];

describe('recognition across the export families', () => {
  for (const [mapping, own] of FAMILIES) {
    it(`${mapping.id} claims its own samples (≥ 0.8)`, () => {
      for (const record of own) expect(mapping.recognise(record), JSON.stringify(record)).toBeGreaterThanOrEqual(0.8);
    });

    it(`${mapping.id} does not claim the other families' samples (< 0.5)`, () => {
      const others = FAMILIES.filter(([m]) => m !== mapping).flatMap(([, samples]) => samples);
      for (const record of others) expect(mapping.recognise(record), JSON.stringify(record)).toBeLessThan(0.5);
    });

    it(`${mapping.id} maps every one of its own samples`, () => {
      for (const record of own) expect(mapping.map(record, JSON.stringify(record)).ok, JSON.stringify(record)).toBe(true);
    });
  }
});

/** Records built from the keys the families read, with arbitrary JSON values, to reach deep paths. */
const FAMILY_KEYS = [
  'id', 'type', 'occurred_at', 'actor', 'actor_kind', 'actor_id', 'actor_email', 'target', 'target_type', 'outcome', 'data_json', 'context',
  'action', 'timestamp', 'ip', 'metadata', 'credential_type', 'credentialType', 'state', 'user_id', 'email', 'created_at', 'user',
  'channel', 'event', 'description', 'subject', 'subject_type', 'properties', 'Category', 'Severity', 'Event Type', 'Compliance Tags',
  'When', 'What', 'who', 'level', 'cat', 'result', '__proto__', 'constructor',
];
const familyShaped = fc.dictionary(fc.constantFrom(...FAMILY_KEYS), fc.oneof(fc.jsonValue(), fc.string(), fc.constantFrom('2026-03-29 02:30', '2026-10-25 02:30', 'SOX; GDPR', 'AUTH', '{"a":1}', '')));

describe('mappings are total', () => {
  for (const [mapping] of FAMILIES) {
    it(`${mapping.id}: recognise and map never throw on arbitrary JSON`, () => {
      fc.assert(
        fc.property(fc.oneof(fc.jsonValue(), familyShaped), (value) => {
          const score = mapping.recognise(value);
          expect(score).toBeGreaterThanOrEqual(0);
          expect(score).toBeLessThanOrEqual(1);
          const outcome = mapping.map(value, JSON.stringify(value) ?? '');
          if (!outcome.ok) expect(outcome.reason).not.toBe('');
        }),
        { numRuns: 500 },
      );
    });
  }
});
