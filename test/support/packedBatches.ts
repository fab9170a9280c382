/** Event rows and batches as the parser hands them to the batch writer, for writer-side tests. */
import { EVENT_COLUMNS, type EncodedBatch, type EventTuple } from '../../src-main/engine/ingest/pipeline/eventBatch';
import { RowPacker } from '../../src-main/engine/ingest/pipeline/packedRows';
import { encodeRawBlock } from '../../src-main/engine/ingest/pipeline/rawBlocks';

export type EventColumn = (typeof EVENT_COLUMNS)[number];

/** An EventTuple: the given columns (others NULL, `zoned` 1, `extra` {}), in raw block 0 at `indexInBlock`. */
export function eventTupleOf(values: Partial<Record<EventColumn, EventTuple[number]>>, indexInBlock: number): EventTuple {
  const row: EventTuple = EVENT_COLUMNS.map((column) => values[column] ?? (column === 'zoned' ? 1 : column === 'extra' ? '{}' : column === 'description' ? 'd' : null));
  return [...row, 0, indexInBlock];
}

/** The 16-byte uid of a small number (so tests can make duplicates on purpose). */
export const uidNumber = (n: number) => Buffer.from(n.toString(16).padStart(32, '0'), 'hex');

/** A batch of these rows, packed in uid order as the parser sends it. */
export function packedBatch(tuples: readonly EventTuple[]): EncodedBatch {
  const packer = new RowPacker();
  for (const tuple of tuples) packer.add(tuple);
  return {
    events: packer.take(true),
    blocks: [encodeRawBlock(tuples.map((_, i) => `{"n":${i}}`))],
    credentials: [],
    rejections: [],
    read: tuples.length,
    unzoned: 0,
    bytesSoFar: 0,
  };
}
