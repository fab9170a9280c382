/**
 * The file-export family (product doc 003) as a PlatformMapping. Both flavours of the export
 * map through the same function, so an event exported once as NDJSON and once as CSV gets the
 * same sourceId ('file-export') and eventId (doc 003: "id — the event id; stable across
 * exports") and the two imports deduplicate:
 *   NDJSON: {id, type, occurred_at, actor{kind,id,label,email}, target{…}, outcome, data, context{…}}
 *   CSV:    id,type,occurred_at,actor_kind,actor_id,target_kind,target_id,outcome,context_ip,…
 *           with the nested data JSON-encoded in `data_json` (decoded by mapFileExportRecord).
 */
import type { PlatformMapping } from '../mapping/platform';
import { isObject } from '../mapping/values';
import { FILE_EXPORT_SOURCE_ID, mapFileExportRecord } from '../fileExport/fileExportMapping';

/** Keys only the other families use: their presence means the record is not ours. */
const FOREIGN_KEYS = ['channel', 'timestamp', 'credential_type'] as const;

/** Optional doc-003 keys, in either flavour, that raise confidence a little. */
const SUPPORTING_KEYS = ['outcome', 'target', 'target_kind', 'target_id', 'context', 'context_ip', 'data', 'data_json'] as const;

function present(record: Record<string, unknown>, key: string): boolean {
  const value = record[key];
  return value !== undefined && value !== null && value !== '';
}

function recognise(record: unknown): number {
  if (!isObject(record)) return 0;
  if (typeof record['type'] !== 'string' || !present(record, 'occurred_at')) return 0;
  if (FOREIGN_KEYS.some((key) => Object.hasOwn(record, key))) return 0.1;
  let score = 5; // tenths, so the sum stays exact
  if (Object.hasOwn(record, 'id')) score += 1;
  // NDJSON nests the actor; the CSV flattens it into actor_kind / actor_id columns.
  if (isObject(record['actor']) || Object.hasOwn(record, 'actor_kind') || Object.hasOwn(record, 'actor_id')) score += 3;
  if (SUPPORTING_KEYS.some((key) => Object.hasOwn(record, key))) score += 1;
  return Math.min(score, 10) / 10;
}

export const fileExportFamily: PlatformMapping = {
  id: FILE_EXPORT_SOURCE_ID,
  name: 'Audit-log file export (CSV / NDJSON)',
  shapes: ['json', 'row'],
  recognise,
  map: (record, raw) => mapFileExportRecord(record, raw),
};
