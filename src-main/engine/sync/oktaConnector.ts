/**
 * Okta System Log API (`GET /api/v1/logs`; shared/datasets/okta_system_log/SOURCE.txt): a
 * bounded query `since`/`until` (ISO 8601, milliseconds) with `sortOrder=ASCENDING`, `limit`
 * events a page (Okta's maximum is 1000), the next page in `Link: <…>; rel="next"` until a
 * page comes back without one or empty. The API token goes in `Authorization: SSWS <token>`;
 * an OAuth service app's token in `Bearer`. Okta's X-Rate-Limit-Remaining/-Reset headers slow
 * the client down before Okta answers 429 (retryPolicy.ts `rateLimitHold`).
 *
 * Options: pageSize (default 1000), filter (Okta's SCIM filter expression, passed through).
 */
import { OKTA_SYSTEM_LOG_ID } from '../ingest/platforms/oktaSystemLog';
import { readInstant } from '../ingest/mapping/timestamps';
import { AppError } from '../../../src-shared/errors';
import type { Connector, ConnectorRun, FetchedPage } from './connector';
import { nextPageUrl } from './linkHeader';
import { jsonRecords, type PageRecord } from './pageRecords';
import { createSourceAuth, type SourceAuth } from './sourceAuth';
import { Coverage, isoMillis, windowStart } from './syncWindow';

const DEFAULT_PAGE_SIZE = 1000;

function pageSize(options: Record<string, string>): string {
  const n = Number(options['pageSize']);
  return String(Number.isInteger(n) && n >= 1 && n <= 1000 ? n : DEFAULT_PAGE_SIZE);
}

function publishedOf(value: unknown): number | null {
  if (value === null || typeof value !== 'object') return null;
  return readInstant((value as Record<string, unknown>)['published'])?.micros ?? null;
}

async function* pages(run: ConnectorRun): AsyncGenerator<FetchedPage> {
  const { source, signal } = run;
  const auth: SourceAuth = createSourceAuth(source, run.http, source.credential.type === 'token' ? 'ssws' : 'bearer');
  const from = windowStart(run);
  const coverage = new Coverage(from, run, true, run.until);
  let url: string | null = auth.url('/api/v1/logs', {
    since: isoMillis(from),
    until: isoMillis(run.until, 'up'),
    limit: pageSize(source.options),
    sortOrder: 'ASCENDING',
    filter: source.options['filter'],
  });
  const seen = new Set<string>();
  while (url !== null) {
    seen.add(url);
    const response = await auth.request({ url, expect: 'json', headers: { accept: 'application/json' } }, signal);
    const records: PageRecord[] = [];
    for await (const record of jsonRecords(response.bytes ?? Buffer.from(response.text), '', response.body, `Okta System Log page from source "${source.name}"`)) {
      coverage.observe(publishedOf(record.value));
      records.push(record);
    }
    const next: string | null = records.length === 0 ? null : nextPageUrl(response.headers['link'], url, source.name);
    // A link back to a page already read would loop for ever.
    if (next !== null && seen.has(next)) throw new AppError('REMOTE_ERROR', `Source "${source.name}": Okta's next-page link repeats a page already read; the sync stopped there.`);
    url = next;
    yield url === null ? coverage.page(records, OKTA_SYSTEM_LOG_ID, run.until) : coverage.page(records, OKTA_SYSTEM_LOG_ID);
  }
}

export const oktaConnector: Connector = {
  kind: 'okta',
  async test(run) {
    const auth = createSourceAuth(run.source, run.http, run.source.credential.type === 'token' ? 'ssws' : 'bearer');
    await auth.request({ url: auth.url('/api/v1/logs', { limit: '1' }), expect: 'json' }, run.signal);
  },
  pages,
};
