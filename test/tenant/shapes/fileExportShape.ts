/**
 * An event as a line of the audit-log file export (product doc 003), which is what the
 * export-job API's download holds:
 *   NDJSON: {id, type, occurred_at, actor{kind,id,label,email}, target{kind,id,label}, outcome, data, context{…}}
 *   CSV:    the same flattened to columns, `data` JSON-encoded in `data_json` (doc 003, "CSV
 *           flattens to columns … the data field becomes a JSON-encoded string in one column").
 * occurred_at has microsecond precision (doc 003); the tenant's times are whole milliseconds.
 * The platform itself has no actor: the key is left out (doc 004's System rows).
 */
import type { TenantEvent } from '../population';
import { csvRow } from '../csv';
import { dataOf, originOf } from './detail';

export const FILE_EXPORT_CSV_COLUMNS = [
  'id', 'type', 'occurred_at', 'actor_kind', 'actor_id', 'actor_label', 'actor_email', 'target_kind', 'target_id', 'target_label', 'outcome',
  'context_ip', 'context_user_agent', 'context_request_id', 'context_session_id', 'context_geolocation', 'data_json',
] as const;

export function occurredAt(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, -1)}000Z`;
}

function targetOf(event: TenantEvent): { kind: string; id: string; label?: string } | null {
  if (event.kind.target === 'session') return event.sessionId === null ? null : { kind: 'session', id: event.sessionId };
  return event.target?.export ?? null;
}

export function fileExportRecord(event: TenantEvent): Record<string, unknown> {
  const origin = originOf(event);
  const context: Record<string, unknown> = { request_id: event.requestId };
  if (origin.ip !== null) context['ip'] = origin.ip;
  if (origin.userAgent !== null) context['user_agent'] = origin.userAgent;
  if (event.sessionId !== null) context['session_id'] = event.sessionId;
  if (origin.geo !== null) context['geolocation'] = origin.geo;
  const record: Record<string, unknown> = {
    id: event.id,
    type: event.kind.fileExport[event.outcome === 'success' ? 0 : 1],
    occurred_at: occurredAt(event.ms),
  };
  if (event.actor.export !== null) record['actor'] = event.actor.export;
  record['target'] = targetOf(event);
  record['outcome'] = event.outcome;
  record['data'] = dataOf(event);
  record['context'] = context;
  return record;
}

export function fileExportCsvHeader(): string {
  return csvRow(FILE_EXPORT_CSV_COLUMNS);
}

export function fileExportCsvRow(event: TenantEvent): string {
  const origin = originOf(event);
  const actor = event.actor.export;
  const target = targetOf(event);
  return csvRow([
    event.id,
    event.kind.fileExport[event.outcome === 'success' ? 0 : 1],
    occurredAt(event.ms),
    actor?.kind,
    actor?.id,
    actor?.label,
    actor?.email,
    target?.kind,
    target?.id,
    target?.label,
    event.outcome,
    origin.ip,
    origin.userAgent,
    event.requestId,
    event.sessionId,
    origin.geo === null ? null : JSON.stringify(origin.geo),
    JSON.stringify(dataOf(event)),
  ]);
}
