/**
 * Readers: every tenant export as records with positions (zip part + line) and verbatim text,
 * or rejections with the same positions and a reason. `openInput` is the entry point; the
 * single readers are exported for tests, benchmarks and callers that already have a stream.
 */
export type { ReadItem, RecordPosition, SourcePart, TextFormat } from './readItem';
export { openInput, type OpenInputOptions } from './containers';
export { DEFAULT_CONTAINER_LIMITS, RATIO_GRACE_BYTES, type ContainerLimits } from './containerLimits';
export { readNdjson } from './ndjsonReader';
export { openJsonDocument, type OpenedJsonDocument } from './jsonDocumentReader';
export { openCsv, sniffDelimiter, type OpenedCsv } from './csvReader';
export { MAX_RECORD_BYTES as MAX_CSV_RECORD_BYTES } from './csvScanner';
export { MAX_ELEMENT_BYTES as MAX_JSON_ELEMENT_BYTES } from './jsonDocumentScanner';
export { MAX_JSON_DEPTH, parseJsonText } from './jsonText';
export { cellText } from './xlsxReader';
