/**
 * Stores one encoded batch in one transaction: its raw blocks, events (INSERT OR IGNORE on the
 * uid), roster rows, quarantined records, the import's counters and the rollup counts of the
 * events it stored. Shared by file imports and sync runs, so both count and store exactly alike.
 */
import type { Db } from '../store/database';
import { EVENT_COLUMNS, type EncodedBatch } from './pipeline/eventBatch';
import { forEachPackedRow, releasePackedRows, type PackedValue } from './pipeline/packedRows';
import { addAppended, RollupCounts, rollupsAreCurrent, type RollupFields } from '../store/rollups';

/** Where an EventTuple holds its raw block's ordinal within the batch. */
const BLOCK_SLOT = EVENT_COLUMNS.length;
const UID_SLOT = EVENT_COLUMNS.indexOf('uid');

/** A block of the batch whose every event was stored before: the batch is stored the careful way. */
class BlockOfStoredEvents extends Error {}

const at = (name: (typeof EVENT_COLUMNS)[number]) => EVENT_COLUMNS.indexOf(name);
const SLOT = {
  occurredAt: at('occurred_at'),
  sourceId: at('source_id'),
  category: at('category'),
  severity: at('severity'),
  outcome: at('outcome'),
  action: at('action'),
  actorKind: at('actor_kind'),
  actorId: at('actor_id'),
  actorEmail: at('actor_email'),
  actorName: at('actor_name'),
  ip: at('ip'),
  targetName: at('target_name'),
};

function rollupFields(row: PackedValue[]): RollupFields {
  return {
    occurredAt: row[SLOT.occurredAt] as number,
    sourceId: row[SLOT.sourceId] as string,
    category: row[SLOT.category] as string,
    severity: row[SLOT.severity] as number,
    outcome: row[SLOT.outcome] as string,
    action: row[SLOT.action] as string,
    actorKind: row[SLOT.actorKind] as string,
    actorId: row[SLOT.actorId] as string | null,
    actorEmail: row[SLOT.actorEmail] as string | null,
    actorName: row[SLOT.actorName] as string | null,
    ip: row[SLOT.ip] as string | null,
    targetName: row[SLOT.targetName] as string | null,
  };
}

export type BatchWriter = (importId: number, batch: EncodedBatch) => { imported: number; duplicates: number; credentials: number };

export interface BatchWriterOptions {
  /**
   * The caller hands each stored batch back to its parser (`IngestChannel.ack`), which packs a
   * later batch into the same buffer; by default the rows are freed as soon as they are stored.
   */
  handBack?: boolean;
}

export function createBatchWriter(db: Db, options: BatchWriterOptions = {}): BatchWriter {
  const insertBlock = db.prepare('INSERT INTO raw_blocks (import_id, codec, count, bytes) VALUES (?, ?, ?, ?)');
  // Column order = EventTuple order (EVENT_COLUMNS, then the block ordinal slot, the index in
  // the block), then the import: the writer fills two slots and binds the row as it came.
  const insertEvent = db.prepare(`INSERT OR IGNORE INTO events (${EVENT_COLUMNS.join(', ')}, raw_block, raw_index, import_id)
      VALUES (${Array.from({ length: EVENT_COLUMNS.length + 3 }, () => '?').join(', ')})`);
  const insertCredential = db.prepare(`INSERT OR IGNORE INTO credentials (uid, source_id, user_id, email, name, credential_type, state, created_at, last_used_at, raw, import_id)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const insertRejection = db.prepare('INSERT INTO quarantine (import_id, part, line, reason, excerpt) VALUES (?, ?, ?, ?, ?)');
  const updateCounts = db.prepare(`UPDATE imports SET read = read + ?, imported = imported + ?, duplicates = duplicates + ?, rejected = rejected + ?,
      unzoned = unzoned + ?, credentials = credentials + ? WHERE id = ?`);
  const asBuffer = (v: unknown) => (v instanceof Uint8Array && !Buffer.isBuffer(v) ? Buffer.from(v.buffer, v.byteOffset, v.byteLength) : v);

  const probeUid = db.prepare('SELECT 1 FROM events WHERE uid = ?').pluck();

  /**
   * Stores the batch's rows that `keep` marks (every row when null) and the raw blocks that
   * `keepBlock` selects, counting the stored events into `counts`. Answers how many events
   * were stored, in all and per block.
   */
  const storeRows = (importId: number, batch: EncodedBatch, counts: RollupCounts | null, keep: Uint8Array | null, keepBlock: (ordinal: number) => boolean) => {
    const blockIds = batch.blocks.map((b, ordinal) => (keepBlock(ordinal) ? Number(insertBlock.run(importId, b.codec, b.count, asBuffer(b.bytes)).lastInsertRowid) : null));
    const keptPerBlock = new Array<number>(blockIds.length).fill(0);
    let imported = 0;
    let index = 0;
    forEachPackedRow(batch.events, (row) => {
      if (keep !== null && keep[index++] === 0) return;
      const ordinal = row[BLOCK_SLOT] as number;
      row[BLOCK_SLOT] = blockIds[ordinal] ?? null;
      row[BLOCK_SLOT + 2] = importId;
      if (insertEvent.run(row).changes === 1) {
        imported += 1;
        keptPerBlock[ordinal] = (keptPerBlock[ordinal] ?? 0) + 1;
        counts?.add(rollupFields(row));
      }
    });
    return { imported, keptPerBlock };
  };

  // The common case, in a savepoint: every block stored, each event inserted unless its uid is
  // stored already. A block that then keeps no event (a re-import, an overlapping export) undoes
  // the savepoint: deleting that block would make SQLite check every event for a reference to
  // it (the foreign key has no index), a scan of the whole table per block, which took a
  // re-import of 1 M events over 6 minutes (99 GB read) where the import took 70 s.
  const optimistic = db.transaction((importId: number, batch: EncodedBatch, counts: RollupCounts | null) => {
    const stored = storeRows(importId, batch, counts, null, () => true);
    if (stored.keptPerBlock.some((kept) => kept === 0)) throw new BlockOfStoredEvents();
    return stored.imported;
  });

  // Then each event is looked up first (a duplicate within the batch counts once), and only the
  // blocks that keep one are stored.
  const checked = (importId: number, batch: EncodedBatch, counts: RollupCounts | null) => {
    const keep = new Uint8Array(batch.events.starts.length);
    const keepBlocks = new Set<number>();
    const seen = new Set<string>();
    let index = 0;
    forEachPackedRow(batch.events, (row) => {
      const uid = row[UID_SLOT] as Uint8Array;
      const key = Buffer.from(uid.buffer, uid.byteOffset, uid.byteLength).toString('latin1');
      if (!seen.has(key) && probeUid.get(uid) === undefined) {
        keep[index] = 1;
        keepBlocks.add(row[BLOCK_SLOT] as number);
      }
      seen.add(key);
      index += 1;
    });
    return storeRows(importId, batch, counts, keep, (ordinal) => keepBlocks.has(ordinal)).imported;
  };

  /**
   * Whether the last batch had a block of events all stored before: a re-import, or the overlap
   * of an overlapping export. The batches after it go the careful way at once, until one keeps
   * every event again. Going the optimistic way first stores the batch's raw blocks, looks every
   * uid up in the INSERT, undoes it all and looks every uid up again: a re-import of 1 M events
   * (bench import child, alternated) took 36.5 and 34.7 s that way, 29.7 and 30.7 s this way.
   */
  let inDuplicates = false;

  const write = db.transaction((importId: number, batch: EncodedBatch) => {
    // Rollups that hold every event so far are kept current here, from the rows in hand.
    const current = rollupsAreCurrent(db);
    let counts = current ? new RollupCounts() : null;
    let imported: number;
    try {
      if (inDuplicates) throw new BlockOfStoredEvents();
      imported = optimistic(importId, batch, counts);
    } catch (error) {
      if (!(error instanceof BlockOfStoredEvents)) throw error;
      counts = current ? new RollupCounts() : null;
      imported = checked(importId, batch, counts);
      inDuplicates = imported < batch.events.starts.length;
    }
    if (counts) addAppended(db, counts);
    let credentials = 0;
    for (const tuple of batch.credentials) {
      if (insertCredential.run([...tuple.map(asBuffer), importId]).changes === 1) credentials += 1;
    }
    for (const r of batch.rejections) insertRejection.run(importId, r.part, r.line, r.reason, r.excerpt);
    const duplicates = batch.events.starts.length - imported + (batch.credentials.length - credentials);
    updateCounts.run(batch.read, imported, duplicates, batch.rejections.length, batch.unzoned, credentials, importId);
    return { imported, duplicates, credentials };
  });
  return (importId, batch) => {
    try {
      return write(importId, batch);
    } finally {
      if (!options.handBack) releasePackedRows(batch.events);
    }
  };
}
