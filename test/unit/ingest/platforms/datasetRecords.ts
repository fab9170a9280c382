/**
 * Reads the third-party sample exports in ../shared/datasets (never copied into the project)
 * the way the importer hands them to a mapping: one record per NDJSON line, per element of a
 * JSON array, or per element of an S3 `{"Records":[...]}` document. Cribl samples wrap each
 * event as a JSON string in `_raw`; the importer unwraps those, and so does this reader.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { DATASETS_DIR } from '../../../support/datasetsDir';
import { join } from 'node:path';
import type { CanonicalEventInput, MappingOutcome } from '../../../../src-shared/event';
import type { PlatformMapping } from '../../../../src-main/engine/ingest/mapping/platform';


export { DATASETS_DIR };
export const HAVE_DATASETS = existsSync(DATASETS_DIR);

export interface DatasetRecord {
  /** 1-based line for NDJSON, 1-based element index for JSON documents */
  position: number;
  value: unknown;
  raw: string;
}

/** Text files a reader parses directly (zip containers are tested through the importer). */
export function datasetFiles(folder: string): string[] {
  const dir = join(DATASETS_DIR, folder);
  return readdirSync(dir)
    .filter((name) => /\.(ndjson|jsonl|json|log)$/.test(name))
    .sort();
}

function unwrapCribl(value: unknown, raw: string): { value: unknown; raw: string } {
  if (typeof value === 'object' && value !== null && !Array.isArray(value) && '_raw' in value) {
    const inner = (value as Record<string, unknown>)['_raw'];
    if (typeof inner === 'string') {
      try {
        const parsed = JSON.parse(inner) as unknown;
        if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return { value: parsed, raw: inner };
      } catch {
        // a CSV line in _raw (Salesforce EventLogFile): the wrapper itself is the record
      }
    }
  }
  return { value, raw };
}

export function readDatasetRecords(folder: string, file: string): DatasetRecord[] {
  const text = readFileSync(join(DATASETS_DIR, folder, file), 'utf8');
  const trimmed = text.trim();
  if (trimmed.startsWith('[') || trimmed.startsWith('{')) {
    try {
      const document = JSON.parse(trimmed) as unknown;
      const elements = Array.isArray(document)
        ? document
        : typeof document === 'object' && document !== null && Array.isArray((document as Record<string, unknown>)['Records'])
          ? ((document as Record<string, unknown>)['Records'] as unknown[])
          : null;
      if (elements !== null) {
        return elements.map((element, index) => ({ position: index + 1, ...unwrapCribl(element, JSON.stringify(element)) }));
      }
    } catch {
      // not one JSON document: read it as NDJSON below
    }
  }
  const records: DatasetRecord[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    if (line.trim() === '') return;
    records.push({ position: index + 1, ...unwrapCribl(JSON.parse(line) as unknown, line) });
  });
  return records;
}

export function datasetFolders(): string[] {
  return readdirSync(DATASETS_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

export function mapRecord(mapping: PlatformMapping, record: DatasetRecord): MappingOutcome {
  return mapping.map(record.value, record.raw);
}

/** The event a mapping produced, or a thrown error quoting the refusal (for exact-field tests). */
export function eventOf(outcome: MappingOutcome): CanonicalEventInput {
  if (!outcome.ok) throw new Error(`expected a mapped event, got refusal: ${outcome.reason}`);
  if (!('event' in outcome)) throw new Error('expected an event, got a credential row');
  return outcome.event;
}

export interface MappingTally {
  mapped: CanonicalEventInput[];
  refused: { position: number; reason: string }[];
}

export function mapAll(mapping: PlatformMapping, records: readonly DatasetRecord[]): MappingTally {
  const tally: MappingTally = { mapped: [], refused: [] };
  for (const record of records) {
    const outcome = mapRecord(mapping, record);
    if (!outcome.ok) tally.refused.push({ position: record.position, reason: outcome.reason });
    else if ('event' in outcome) tally.mapped.push(outcome.event);
  }
  return tally;
}

/** UTC microseconds computed independently of the code under test: Date.UTC plus the micro part. */
export function utcMicros(year: number, month: number, day: number, hour: number, minute: number, second: number, micros = 0): number {
  return Date.UTC(year, month - 1, day, hour, minute, second) * 1000 + micros;
}
