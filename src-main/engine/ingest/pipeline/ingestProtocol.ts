/** Messages between the import job (writer, engine thread) and the ingest run (parser thread). */
import type { ErrorCode } from '../../../../src-shared/errors';
import type { TextFormat } from '../readers/readItem';
import type { EncodedBatch } from './eventBatch';

export interface IngestRequest {
  path: string;
  /** overrides content detection of the text format, for the file or every part */
  format?: TextFormat;
  /** forces a platform mapping by id instead of detecting it */
  platform?: string;
  /** a generic column mapping (a parsed profile file), used instead of detection */
  profile?: unknown;
  /** where the encrypted copy of the original goes, and the engagement's data key */
  originalsDir: string;
  dataKey: Uint8Array;
}

export type IngestMessage =
  | { type: 'part'; part: string | null; format: TextFormat; platform: string | null; platformName: string | null }
  | { type: 'batch'; batch: EncodedBatch }
  | { type: 'done'; sha256: string; size: number; original: string }
  | { type: 'failed'; code: ErrorCode; message: string }
  | { type: 'cancelled' };

/**
 * `run`: parse this file next (one worker parses every file of an import job, one after
 * another); `ack`: the oldest batch sent is stored, `spare` is its rows' buffer, handed back for
 * reuse; `cancel`: stop the current run; `close`: the job is over, exit.
 */
export type WriterMessage = { type: 'run'; request: IngestRequest } | { type: 'ack'; spare: ArrayBuffer | null } | { type: 'cancel' } | { type: 'close' };

/**
 * Batches sent and not yet stored before the parser waits for the writer. One is enough to
 * overlap the two: the parser fills the next batch while the writer stores this one, and only
 * waits (for the credit) when that next batch is full. Until 2026-12-07 the parser took the
 * credit after sending and so waited while each batch was stored, which left the two cores
 * taking turns: 1 M events through the bare writer took 48.7 s with the parser "overlapped",
 * more than parser (23 s) and writer (17.6 s) one after the other; with the wait moved,
 * 36.9 s. (Measured before that, on 3 M events: 32,768-event batches took 242 s at 256–294 MB
 * while streaming; 16,384 with two in flight 253 s at 262–294 MB; 65,536 222 s but 287–345 MB.)
 */
export const MAX_IN_FLIGHT = 1;
/**
 * Events per batch (one writer transaction). Every commit rewrites each page it dirtied, and a
 * batch sorted by uid dirties nearly every leaf of the (random-keyed) uid index: fewer, larger
 * transactions write that index far less often (measured: 4,096 → 32,768 events per commit
 * took inserts from 46k to 71k events/s at 400k events).
 */
export const BATCH_EVENTS = 32_768;
/** A batch is also cut once its packed rows and compressed raw blocks reach this many bytes, so memory stays bounded whatever the record size. */
export const BATCH_BYTES = 32 * 1024 * 1024;
