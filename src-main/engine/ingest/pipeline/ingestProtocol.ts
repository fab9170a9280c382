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

export type WriterMessage = { type: 'ack' } | { type: 'cancel' };

/** Batches in flight before the parser waits for the writer: enough to overlap, bounded memory. */
export const MAX_IN_FLIGHT = 3;
/** Events per batch (one writer transaction). */
export const BATCH_EVENTS = 4096;
