/**
 * Row formats for exporting events. CSV follows RFC 4180, starts with a UTF-8 byte-order mark
 * so Excel reads accented names (product doc 004), and neutralises cells a spreadsheet would
 * run as a formula (OWASP "CSV injection": leading = + - @ tab CR) by prefixing a quote.
 */
import type { EventRow } from '../../../src-shared/event';

export const CSV_BOM = '\uFEFF';

export const CSV_COLUMNS = [
  'occurred_at',
  'event_id',
  'source_id',
  'category',
  'severity',
  'type',
  'outcome',
  'actor_kind',
  'actor_id',
  'actor_name',
  'actor_email',
  'target_kind',
  'target_id',
  'target_name',
  'ip',
  'user_agent',
  'request_id',
  'session_id',
  'description',
  'tags',
  'uid',
] as const;

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string | null): string {
  if (value === null) return '';
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvHeader(): string {
  return `${CSV_COLUMNS.join(',')}\r\n`;
}

export function csvRow(e: EventRow): string {
  const cells: (string | null)[] = [
    e.occurredAt,
    e.eventId,
    e.sourceId,
    e.category,
    e.severity,
    e.action,
    e.outcome,
    e.actor.kind,
    e.actor.id,
    e.actor.name,
    e.actor.email,
    e.target.kind,
    e.target.id,
    e.target.name,
    e.context.ip,
    e.context.userAgent,
    e.context.requestId,
    e.context.sessionId,
    e.description,
    e.tags.join(';'),
    e.uid,
  ];
  return `${cells.map(csvCell).join(',')}\r\n`;
}

export function ndjsonRow(e: EventRow): string {
  return `${JSON.stringify(e)}\n`;
}
