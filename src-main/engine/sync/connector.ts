/**
 * A sync connector pulls one tenant API page by page (DESIGN.md, issue "Sync"). It knows the
 * API's paging and windowing; it does not store anything. The sync job hands every page to the
 * same mappings as a file import and advances the source's cursor in the same transaction that
 * stores the page's events, so a crash or kill never skips or doubles events.
 */
import type { HttpClient } from './httpClient';

export const SOURCE_KINDS = ['export-job', 'pull', 'okta', 'github'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

export type SourceCredential =
  | { type: 'token'; token: string }
  | { type: 'oauth-client'; clientId: string; clientSecret: string; tokenUrl: string; scope?: string };

export interface SourceConfig {
  id: string;
  name: string;
  kind: SourceKind;
  baseUrl: string;
  credential: SourceCredential;
  /** an HTTPS proxy URL, or null */
  proxy: string | null;
  /** per-source options: actions filter, page size, report type, org, … */
  options: Record<string, string>;
}

/** One page of records, exactly as the API returned them. */
export interface FetchedPage {
  /** each record's parsed value and its verbatim text (the JSON element, or the CSV row) */
  records: { value: unknown; raw: string }[];
  /** which mapping reads these records (a platform id from ingest/platforms) */
  platform: string;
  /** the cursor to store once this page's events are stored (opaque JSON) */
  cursor: unknown;
  /** the window this page (and those before it) covers, UTC microseconds */
  covered: { from: number; to: number };
  /** set when the server answered with less than was asked (retention clamp) */
  clampedFrom?: number;
}

export interface ConnectorRun {
  source: SourceConfig;
  http: HttpClient;
  /** the cursor stored after the last successful page, or null for a first sync */
  cursor: unknown;
  /** UTC microseconds: where a first sync starts (the engagement period's start) and where every sync ends (now) */
  defaultFrom: number;
  until: number;
  /** how far before the cursor each run re-reads, to catch late-arriving events */
  overlapMicros: number;
  signal: AbortSignal;
}

export interface Connector {
  kind: SourceKind;
  /** a cheap authenticated request: answers ok or throws an AppError naming what to fix */
  test(run: Omit<ConnectorRun, 'cursor' | 'defaultFrom' | 'until' | 'overlapMicros'>): Promise<void>;
  pages(run: ConnectorRun): AsyncGenerator<FetchedPage>;
}
