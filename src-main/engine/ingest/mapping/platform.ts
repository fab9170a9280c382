/**
 * A platform (or product-doc family) mapping: one file per source, recognising its records
 * and mapping each to the canonical event. The registry (platforms/index.ts) tries every
 * mapping's `recognise` on the first records of a file and keeps the best.
 */
import type { MappingOutcome } from '../../../../src-shared/event';

/** What a reader hands a mapping: a parsed JSON value, or a CSV/XLSX row keyed by header. */
export type RecordShape = 'json' | 'row';

export interface PlatformMapping {
  /** stable id, also the canonical `sourceId` (event identity is (sourceId, tenant event id)) */
  id: string;
  /** a reader-facing name, e.g. "AWS CloudTrail" */
  name: string;
  /** the record shapes it reads */
  shapes: readonly RecordShape[];
  /**
   * How sure it is that this record is one of its own: 0 (no) … 1 (certain), from the record's
   * keys and values only. Must never throw.
   */
  recognise(record: unknown): number;
  /** Never throws: refusals name the field and the reason. */
  map(record: unknown, raw: string): MappingOutcome;
}
