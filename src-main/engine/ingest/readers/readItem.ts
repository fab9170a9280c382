/**
 * What every reader yields: a record with its position (zip part + line) and verbatim text,
 * or a rejection with the same position and a reason. Readers never throw for bad records;
 * they throw (an AppError naming the file) only when the input cannot be read at all.
 */
export interface RecordPosition {
  /** the zip entry path (or `name.gz` inner name); null for the file itself */
  part: string | null;
  /** 1-based line where the record starts (CSV: the physical line, counting quoted newlines) */
  line: number;
}

export type ReadItem =
  | { kind: 'record'; position: RecordPosition; value: unknown; raw: string }
  | { kind: 'rejected'; position: RecordPosition; reason: string; excerpt: string };

export type TextFormat = 'ndjson' | 'json' | 'csv' | 'xlsx';

/** One readable part of an input: the file itself, a zip entry, or a gunzipped stream. */
export interface SourcePart {
  /** zip entry path or inner name; null when the part is the file itself */
  name: string | null;
  format: TextFormat;
  /**
   * For JSON documents: the key path of the array whose elements are the records
   * ('Records', 'entries', 'results', '' for a top-level array), and the scalar top-level
   * fields seen before it (e.g. generatedAt, workspaceSlug, exported_at). Null otherwise.
   */
  envelope: { arrayPath: string; fields: Record<string, unknown> } | null;
  /** CSV/XLSX: the header row as read (BOM removed); null otherwise */
  header: string[] | null;
  records: AsyncIterable<ReadItem>;
}
