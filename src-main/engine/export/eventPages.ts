/** Walks a filter's events in keyset pages, for the export job and the CLI's standard output alike. */
import type { EventRow } from '../../../src-shared/event';
import type { EventPage, PageCursor } from '../../../src-shared/query';

/** Rows per page: enough to keep SQLite busy, few enough to stay out of other requests' way. */
const EXPORT_PAGE_ROWS = 1000;

/** Fetches up to `limit` rows after `after` (the same filter and order on every call). */
export type FetchPage = (limit: number, after: PageCursor | null) => EventPage | Promise<EventPage>;

/** Yields the pages in order until the events — or the `limit` rows wanted — run out. */
export async function* eventPages(fetch: FetchPage, limit: number | undefined): AsyncGenerator<EventRow[]> {
  let rows = 0;
  let after: PageCursor | null = null;
  for (;;) {
    const want = limit === undefined ? EXPORT_PAGE_ROWS : Math.min(EXPORT_PAGE_ROWS, limit - rows);
    if (want <= 0) return;
    const page = await fetch(want, after);
    if (page.rows.length > 0) yield page.rows;
    rows += page.rows.length;
    if (!page.next) return;
    after = page.next;
  }
}
