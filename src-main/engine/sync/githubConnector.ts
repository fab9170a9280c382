/**
 * GitHub organization audit log (REST `GET /orgs/{org}/audit-log`, API version 2022-11-28):
 * `phrase=created:>=<ISO>` selects the window (search qualifiers take dates with an optional
 * `THH:MM:SS+00:00`), `order=asc` returns the oldest first, `per_page` up to 100, and the next
 * page is the `Link: <…after=…>; rel="next"` cursor. Authorization is `Bearer <token>` (a
 * personal or GitHub App token with `read:audit_log`). GitHub's X-RateLimit-* headers slow the
 * client down; its rate-limit 403s are retried like 429s (httpClient.ts).
 *
 * Base URL: https://api.github.com, or https://HOST/api/v3 for GitHub Enterprise Server.
 * Options: org (required), pageSize (default 100), include (web | git | all; GitHub's default web).
 */
import { AppError } from '../../../src-shared/errors';
import { GITHUB_AUDIT_ID } from '../ingest/platforms/githubAudit';
import { readInstant } from '../ingest/mapping/timestamps';
import type { Connector, ConnectorRun, FetchedPage, SourceConfig } from './connector';
import { nextPageUrl } from './linkHeader';
import { jsonRecords, type PageRecord } from './pageRecords';
import { createSourceAuth } from './sourceAuth';
import { Coverage, isoSeconds, windowStart } from './syncWindow';

const DEFAULT_PAGE_SIZE = 100;
const HEADERS = { accept: 'application/vnd.github+json', 'x-github-api-version': '2022-11-28' };

function orgOf(source: SourceConfig): string {
  const org = source.options['org']?.trim();
  if (!org) throw new AppError('BAD_REQUEST', `Source "${source.name}": set the option org (the GitHub organization whose audit log is read).`);
  return org;
}

function pageSize(options: Record<string, string>): string {
  const n = Number(options['pageSize']);
  return String(Number.isInteger(n) && n >= 1 && n <= 100 ? n : DEFAULT_PAGE_SIZE);
}

/** `@timestamp` (epoch ms) or `created_at` (epoch ms or ISO), as the audit log gives them. */
function createdOf(value: unknown): number | null {
  if (value === null || typeof value !== 'object') return null;
  const record = value as Record<string, unknown>;
  return readInstant(record['@timestamp'] ?? record['created_at'])?.micros ?? null;
}

async function* pages(run: ConnectorRun): AsyncGenerator<FetchedPage> {
  const { source, signal } = run;
  const org = orgOf(source);
  const auth = createSourceAuth(source, run.http, 'bearer');
  const from = windowStart(run);
  const coverage = new Coverage(from, run, true, run.until);
  let url: string | null = auth.url(`/orgs/${encodeURIComponent(org)}/audit-log`, {
    phrase: `created:>=${isoSeconds(from)}`,
    order: 'asc',
    per_page: pageSize(source.options),
    include: source.options['include'],
  });
  const seen = new Set<string>();
  while (url !== null) {
    seen.add(url);
    const response = await auth.request({ url, expect: 'json', headers: HEADERS }, signal);
    const records: PageRecord[] = [];
    for await (const record of jsonRecords(response.bytes ?? Buffer.from(response.text), '', response.body, `GitHub audit log page from source "${source.name}"`)) {
      coverage.observe(createdOf(record.value));
      records.push(record);
    }
    const next: string | null = records.length === 0 ? null : nextPageUrl(response.headers['link'], url, source.name);
    if (next !== null && seen.has(next)) throw new AppError('REMOTE_ERROR', `Source "${source.name}": GitHub's next-page link repeats a page already read; the sync stopped there.`);
    url = next;
    yield url === null ? coverage.page(records, GITHUB_AUDIT_ID, run.until) : coverage.page(records, GITHUB_AUDIT_ID);
  }
}

export const githubConnector: Connector = {
  kind: 'github',
  async test(run) {
    const auth = createSourceAuth(run.source, run.http, 'bearer');
    await auth.request({ url: auth.url(`/orgs/${encodeURIComponent(orgOf(run.source))}/audit-log`, { per_page: '1' }), expect: 'json', headers: HEADERS }, run.signal);
  },
  pages,
};
