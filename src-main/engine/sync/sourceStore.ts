/**
 * Sources and their sync state, inside the encrypted engagement. The credential is written
 * here and read back only by the sync job; everything that leaves the engine carries a hint
 * ("token …a1b2"), never the secret.
 */
import { randomUUID } from 'node:crypto';
import { AppError } from '../../../src-shared/errors';
import type { SourceAddRequest, SourceSummary } from '../../../src-shared/sources';
import { sourceAddSchema } from '../../../src-shared/sources';
import { formatMicros } from '../../../src-shared/time';
import type { Db } from '../store/database';
import type { SourceConfig, SourceCredential } from './connector';

interface SourceRow {
  id: string;
  name: string;
  kind: SourceConfig['kind'];
  base_url: string;
  credential: string;
  proxy: string | null;
  options: string;
  interval_minutes: number | null;
  cursor: string | null;
  covered_from: number | null;
  covered_to: number | null;
  clamped_from: number | null;
  events_pulled: number | null;
  last_success_at: string | null;
  last_error: string | null;
}

const SELECT = `SELECT s.*, st.cursor, st.covered_from, st.covered_to, st.clamped_from, st.events_pulled, st.last_success_at, st.last_error
  FROM sources s LEFT JOIN source_state st ON st.source_id = s.id`;

function hint(credential: SourceCredential): string {
  const secret = credential.type === 'token' ? credential.token : credential.clientSecret;
  const tail = secret.length >= 12 ? `…${secret.slice(-4)}` : '(short)';
  return credential.type === 'token' ? `token ${tail}` : `OAuth client ${credential.clientId}, secret ${tail}`;
}

/** A URL without its query string or user info, safe to show and to record. */
export function displayUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return '(invalid URL)';
  }
}

function summary(row: SourceRow): SourceSummary {
  const micros = (v: number | null) => (v === null ? null : formatMicros(v));
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    baseUrl: displayUrl(row.base_url),
    proxy: row.proxy ? displayUrl(row.proxy) : null,
    options: JSON.parse(row.options) as Record<string, string>,
    credentialHint: hint(JSON.parse(row.credential) as SourceCredential),
    intervalMinutes: row.interval_minutes,
    coveredFrom: micros(row.covered_from),
    coveredTo: micros(row.covered_to),
    clampedFrom: micros(row.clamped_from),
    eventsPulled: row.events_pulled ?? 0,
    lastSuccessAt: row.last_success_at,
    lastError: row.last_error,
  };
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

export function addSource(db: Db, request: SourceAddRequest): SourceSummary {
  const parsed = sourceAddSchema.parse(request);
  const base = new URL(parsed.baseUrl);
  if (base.protocol !== 'https:' && !(base.protocol === 'http:' && isLoopback(base.hostname))) {
    throw new AppError('BAD_REQUEST', `${displayUrl(parsed.baseUrl)}: sources must use HTTPS (plain HTTP only for this computer's loopback)`);
  }
  if (db.prepare('SELECT 1 FROM sources WHERE name = ?').get(parsed.name)) throw new AppError('BAD_REQUEST', `a source named ${JSON.stringify(parsed.name)} already exists`);
  const id = randomUUID();
  db.prepare('INSERT INTO sources (id, name, kind, base_url, credential, proxy, options, interval_minutes, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)').run(
    id,
    parsed.name,
    parsed.kind,
    parsed.baseUrl,
    JSON.stringify(parsed.credential),
    parsed.proxy,
    JSON.stringify(parsed.options),
    parsed.intervalMinutes,
    new Date().toISOString(),
  );
  db.prepare('INSERT INTO source_state (source_id) VALUES (?)').run(id);
  return getSourceSummary(db, parsed.name);
}

export function listSources(db: Db): SourceSummary[] {
  return (db.prepare(`${SELECT} ORDER BY s.name`).all() as SourceRow[]).map(summary);
}

export function getSourceSummary(db: Db, name: string): SourceSummary {
  const row = db.prepare(`${SELECT} WHERE s.name = ?`).get(name) as SourceRow | undefined;
  if (!row) throw new AppError('NOT_FOUND', `no source named ${JSON.stringify(name)}`);
  return summary(row);
}

export function removeSource(db: Db, name: string): boolean {
  return db.prepare('DELETE FROM sources WHERE name = ?').run(name).changes === 1;
}

/** The full configuration, credential included: for the sync job only. */
export function loadSource(db: Db, name: string): { config: SourceConfig; cursor: unknown } {
  const row = db.prepare(`${SELECT} WHERE s.name = ?`).get(name) as SourceRow | undefined;
  if (!row) throw new AppError('NOT_FOUND', `no source named ${JSON.stringify(name)}`);
  return {
    config: {
      id: row.id,
      name: row.name,
      kind: row.kind,
      baseUrl: row.base_url,
      credential: JSON.parse(row.credential) as SourceCredential,
      proxy: row.proxy,
      options: JSON.parse(row.options) as Record<string, string>,
    },
    cursor: row.cursor === null ? null : (JSON.parse(row.cursor) as unknown),
  };
}

export function sourceNames(db: Db): string[] {
  return (db.prepare('SELECT name FROM sources ORDER BY name').all() as { name: string }[]).map((r) => r.name);
}

/** Moves the cursor; call inside the transaction that stores the page's events. */
export function advanceCursor(db: Db, sourceId: string, page: { cursor: unknown; covered: { from: number; to: number }; clampedFrom?: number }, pulled: number): void {
  db.prepare(
    `UPDATE source_state SET cursor = ?, covered_from = min(coalesce(covered_from, ?), ?), covered_to = max(coalesce(covered_to, ?), ?),
       clamped_from = coalesce(?, clamped_from), events_pulled = events_pulled + ? WHERE source_id = ?`,
  ).run(JSON.stringify(page.cursor ?? null), page.covered.from, page.covered.from, page.covered.to, page.covered.to, page.clampedFrom ?? null, pulled, sourceId);
}

export function recordOutcome(db: Db, sourceId: string, error: string | null): void {
  if (error === null) db.prepare('UPDATE source_state SET last_success_at = ?, last_error = NULL WHERE source_id = ?').run(new Date().toISOString(), sourceId);
  else db.prepare('UPDATE source_state SET last_error = ? WHERE source_id = ?').run(error, sourceId);
}
