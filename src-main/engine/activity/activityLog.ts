/**
 * The workstation's own log: every entry's hash covers its content and the previous entry's
 * hash, so editing, removing or reordering an entry breaks the chain at that entry.
 * hash = SHA-256(canonicalJson([seq, at, action, details, prevHash])).
 */
import { createHash } from 'node:crypto';
import type { ActivityEntry, ChainVerdict } from '../../../src-shared/activity';
import { canonicalJson } from '../../../src-shared/canonicalJson';
import type { Db } from '../store/database';

export const GENESIS_HASH = '0'.repeat(64);

interface ActivityRow {
  seq: number;
  at: string;
  action: string;
  details: string;
  prev_hash: string;
  hash: string;
}

export function entryHash(seq: number, at: string, action: string, details: unknown, prevHash: string): string {
  return createHash('sha256').update(canonicalJson([seq, at, action, details, prevHash])).digest('hex');
}

function toEntry(row: ActivityRow): ActivityEntry {
  return { seq: row.seq, at: row.at, action: row.action, details: JSON.parse(row.details) as Record<string, unknown>, prevHash: row.prev_hash, hash: row.hash };
}

/** Appends one entry; call inside the transaction that does the work it records, when there is one. */
export function appendActivity(db: Db, action: string, details: Record<string, unknown>, now: Date = new Date()): ActivityEntry {
  const last = db.prepare('SELECT seq, hash FROM activity ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string } | undefined;
  const seq = (last?.seq ?? 0) + 1;
  const prevHash = last?.hash ?? GENESIS_HASH;
  const at = now.toISOString();
  // Store the canonical text so what is hashed and what is kept are the same bytes.
  const detailsText = canonicalJson(details);
  const hash = entryHash(seq, at, action, JSON.parse(detailsText), prevHash);
  db.prepare('INSERT INTO activity (seq, at, action, details, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?)').run(seq, at, action, detailsText, prevHash, hash);
  return { seq, at, action, details: JSON.parse(detailsText) as Record<string, unknown>, prevHash, hash };
}

export function listActivity(db: Db, limit: number): { entries: ActivityEntry[]; total: number } {
  const total = (db.prepare('SELECT count(*) AS n FROM activity').get() as { n: number }).n;
  const rows = db.prepare('SELECT * FROM activity ORDER BY seq ASC LIMIT ?').all(limit) as ActivityRow[];
  return { entries: rows.map(toEntry), total };
}

export function verifyActivity(db: Db): ChainVerdict {
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let count = 0;
  for (const row of db.prepare('SELECT * FROM activity ORDER BY seq ASC').iterate() as IterableIterator<ActivityRow>) {
    count += 1;
    const broken = (reason: string): ChainVerdict => ({ chain: 'broken', entries: count, firstBroken: { seq: row.seq, reason } });
    if (row.seq !== expectedSeq) return broken(`expected entry #${expectedSeq} here: entries are missing or out of order`);
    if (row.prev_hash !== prevHash) return broken(`its prevHash does not match the hash of entry #${row.seq - 1}`);
    let details: unknown;
    try {
      details = JSON.parse(row.details);
    } catch {
      return broken('its details are not valid JSON');
    }
    if (entryHash(row.seq, row.at, row.action, details, row.prev_hash) !== row.hash) {
      return broken('its content does not match its hash (the entry was altered)');
    }
    prevHash = row.hash;
    expectedSeq += 1;
  }
  return { chain: 'intact', entries: count };
}
