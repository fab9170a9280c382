/** Builds file-export NDJSON records (product doc 003) for tests. */
export interface SampleOptions {
  count: number;
  idPrefix?: string;
  marker?: string;
  startIso?: string;
}

export function fileExportRecord(i: number, options: SampleOptions): Record<string, unknown> {
  const start = Date.parse(options.startIso ?? '2026-03-01T08:00:00Z');
  const at = new Date(start + i * 60_000).toISOString().replace('Z', '').slice(0, 19) + `.${String(i % 1_000_000).padStart(6, '0')}Z`;
  const types = ['user.signed_in', 'user.sign_in_failed', 'file.downloaded', 'admin.role_assigned', 'audit.exported'];
  return {
    id: `${options.idPrefix ?? 'evt_'}${String(i).padStart(8, '0')}`,
    type: types[i % types.length],
    occurred_at: at,
    actor: { kind: 'user', id: `usr_${i % 7}`, label: i % 7 === 0 ? 'Zoë Müller' : `User ${i % 7}`, email: `user${i % 7}@example.com` },
    target: { kind: 'document', id: `doc_${i}`, label: options.marker ? `${options.marker} document ${i}` : `document ${i}` },
    outcome: i % 5 === 1 ? 'failure' : 'success',
    data: { note: options.marker ? `${options.marker}-data-${i}` : `data-${i}` },
    context: { ip: `203.0.113.${i % 250}`, user_agent: 'Mozilla/5.0', request_id: `req_${i}` },
  };
}

export function fileExportNdjson(options: SampleOptions): string {
  const lines: string[] = [];
  for (let i = 0; i < options.count; i += 1) lines.push(JSON.stringify(fileExportRecord(i, options)));
  return `${lines.join('\n')}\n`;
}
