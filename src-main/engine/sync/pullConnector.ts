/**
 * CalKeep compliance pull API (doc 002): `GET /api/admin/compliance/audit.json|csv` with
 * `since=` (ISO 8601) and `actions=A,B,C`, and `credentials.json|csv` for the WebAuthn roster.
 * The JSON shape is `{generatedAt, workspaceSlug, count, entries: [...]}`; CSV has a stable
 * column order. Records go to the `calkeep-audit` and `calkeep-credentials` mappings.
 *
 * Paging: doc 002 describes one answer per window; a tenant that pages (as the simulated one
 * does) is followed through `next_cursor`/`nextCursor` in the JSON body, an `X-Next-Cursor`
 * header, or `Link: rel="next"`, sent back as `cursor=` with `limit=` (option pageSize).
 *
 * Retention (doc 002: "the time window is clamped to your workspace's audit retention"): when
 * the server says where its window really starts (`X-Retention-Start`, or `retentionStart` /
 * `windowStart` / an echoed `since` later than asked in the body), or says it clamped
 * (`X-Retention-Clamped: true`, `"clamped": true`) and its first entry is later than asked,
 * the pages carry `clampedFrom`, so coverage reports state the window actually covered.
 *
 * Options: format (json | csv, default json), actions, pageSize (default 5000), credentials
 * (false: no roster).
 */
import { AppError } from '../../../src-shared/errors';
import { parseInstant } from '../../../src-shared/time';
import { CALKEEP_CREDENTIALS_SOURCE_ID } from '../ingest/families/calkeepCredentialsFamily';
import { CALKEEP_AUDIT_SOURCE_ID } from '../ingest/families/calkeepPullFamily';
import { readInstant } from '../ingest/mapping/timestamps';
import type { Connector, ConnectorRun, FetchedPage } from './connector';
import type { HttpResponse } from './httpClient';
import { linkTarget } from './linkHeader';
import { jsonRecords, textRecords, type PageRecord } from './pageRecords';
import { createSourceAuth } from './sourceAuth';
import { Coverage, isoMillis, windowStart } from './syncWindow';

const AUDIT_PATH = '/api/admin/compliance/audit';
const CREDENTIALS_PATH = '/api/admin/compliance/credentials';
/** Doc 002 pages nothing; a tenant that ignores `limit` answers the whole window at once. */
const DEFAULT_PAGE_SIZE = '5000';
const START_FIELDS = ['retentionStart', 'retention_start', 'windowStart', 'window_start', 'clampedFrom', 'clamped_from', 'since'] as const;

function formatOf(options: Record<string, string>, source: string): 'json' | 'csv' {
  const format = (options['format'] ?? 'json').toLowerCase();
  if (format !== 'json' && format !== 'csv') throw new AppError('BAD_REQUEST', `Source "${source}": the option format must be json or csv.`);
  return format;
}

function field(body: unknown, name: string): unknown {
  return body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>)[name] : undefined;
}

function instant(value: unknown): number | null {
  return typeof value === 'string' ? (parseInstant(value)?.micros ?? null) : null;
}

function timestampOf(value: unknown): number | null {
  return readInstant(field(value, 'timestamp'))?.micros ?? null;
}

function nextCursorOf(response: HttpResponse, url: string): { cursor: string } | { url: string } | null {
  const inBody = field(response.body, 'next_cursor') ?? field(response.body, 'nextCursor');
  if (typeof inBody === 'string' && inBody !== '') return { cursor: inBody };
  const inHeader = response.headers['x-next-cursor'];
  if (inHeader) return { cursor: inHeader };
  const link = linkTarget(response.headers['link'], 'next', url);
  return link === null ? null : { url: link };
}

async function* pages(run: ConnectorRun): AsyncGenerator<FetchedPage> {
  const { source, signal } = run;
  const format = formatOf(source.options, source.name);
  const auth = createSourceAuth(source, run.http, 'bearer');
  const from = windowStart(run);
  const coverage = new Coverage(from, run, false, run.until);
  const expect = format === 'json' ? 'json' : 'text';
  const read = async (response: HttpResponse, what: string, arrayPath: string | null): Promise<PageRecord[]> => {
    const bytes = response.bytes ?? Buffer.from(response.text);
    const out: PageRecord[] = [];
    const records = format === 'json' ? jsonRecords(bytes, arrayPath, response.body, what) : textRecords(bytes, 'csv', what);
    for await (const record of records) out.push(record);
    return out;
  };

  // The roster is a snapshot, not a window: one page a run, leaving the cursor where it is.
  if ((source.options['credentials'] ?? 'true').toLowerCase() !== 'false') {
    const response = await auth.request({ url: auth.url(`${CREDENTIALS_PATH}.${format}`), expect }, signal);
    yield coverage.sidePage(await read(response, `The credential roster from source "${source.name}"`, null), CALKEEP_CREDENTIALS_SOURCE_ID);
  }

  const query = { since: isoMillis(from), actions: source.options['actions'], limit: source.options['pageSize'] ?? DEFAULT_PAGE_SIZE };
  let url: string | null = auth.url(`${AUDIT_PATH}.${format}`, query);
  const seen = new Set<string>();
  let end = run.until;
  while (url !== null) {
    seen.add(url);
    const response = await auth.request({ url, expect }, signal);
    const records = await read(response, `The audit page from source "${source.name}"`, 'entries');

    let earliest: number | null = null;
    for (const record of records) {
      const at = timestampOf(record.value);
      coverage.observe(at);
      if (at !== null && (earliest === null || at < earliest)) earliest = at;
    }
    const said = [instant(response.headers['x-retention-start']), ...START_FIELDS.map((name) => instant(field(response.body, name)))].filter((v): v is number => v !== null);
    for (const start of said) coverage.clampFrom(start);
    const flagged = /^(true|1|yes)$/i.test(response.headers['x-retention-clamped'] ?? '') || field(response.body, 'clamped') === true;
    if (flagged && earliest !== null) coverage.clampFrom(earliest);
    // generatedAt is the server's "now" (doc 002): nothing after it can be in this answer.
    const generatedAt = instant(field(response.body, 'generatedAt'));
    if (generatedAt !== null && generatedAt > from) end = Math.min(end, generatedAt);

    const next: { cursor: string } | { url: string } | null = records.length === 0 ? null : nextCursorOf(response, url);
    url = next === null ? null : 'url' in next ? next.url : auth.url(`${AUDIT_PATH}.${format}`, { ...query, cursor: next.cursor });
    if (url !== null && new URL(url).origin !== new URL(source.baseUrl).origin) throw new AppError('REMOTE_ERROR', `Source "${source.name}": the next-page link points to another host; refused so the credential is not sent there.`);
    if (url !== null && seen.has(url)) throw new AppError('REMOTE_ERROR', `Source "${source.name}": the next-page cursor repeats a page already read; the sync stopped there.`);
    yield url === null ? coverage.page(records, CALKEEP_AUDIT_SOURCE_ID, end) : coverage.page(records, CALKEEP_AUDIT_SOURCE_ID);
  }
}

export const pullConnector: Connector = {
  kind: 'pull',
  async test(run) {
    const auth = createSourceAuth(run.source, run.http, 'bearer');
    const format = formatOf(run.source.options, run.source.name);
    await auth.request({ url: auth.url(`${AUDIT_PATH}.${format}`, { days: '1', limit: '1' }), expect: format === 'json' ? 'json' : 'text' }, run.signal);
  },
  pages,
};
