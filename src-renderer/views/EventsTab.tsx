import { useEffect, useRef, useState } from 'react';
import type { EventRow } from '../../src-shared/event';
import type { PageCursor } from '../../src-shared/query';
import { call, toApiError, type ApiError } from '../api';
import { ErrorAlert } from '../components/ErrorAlert';
import { formatCount, formatInZone, utcTitle } from '../format';

const PAGE_SIZE = 200;

interface Loaded {
  version: number;
  total: number;
  rows: EventRow[];
  next: PageCursor | null;
}

/** The newest events first, one keyset page at a time (STYLE.md: page, never load eagerly). */
export function EventsTab({ timeZone, version }: { timeZone: string; version: number }) {
  // Each load is tagged with the data version it answers, so "loading" is derived, not set.
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [failed, setFailed] = useState<{ version: number; error: ApiError } | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const generation = useRef(0);

  useEffect(() => {
    const mine = ++generation.current;
    Promise.all([call('events.stats', { filter: {} }), call('events.page', { limit: PAGE_SIZE, after: null })])
      .then(([stats, page]) => {
        if (generation.current === mine) setLoaded({ version, total: stats.total, rows: page.rows, next: page.next });
      })
      .catch((caught: unknown) => {
        if (generation.current === mine) setFailed({ version, error: toApiError(caught) });
      });
  }, [version]);

  const current = loaded?.version === version ? loaded : null;
  const error = failed?.version === version ? failed.error : null;
  const loading = (!current && !error) || loadingMore;
  // While a newer version loads, keep showing the last rows rather than flashing an empty table.
  const shown = current ?? loaded;
  const rows = shown?.rows ?? [];
  const total = shown?.total ?? null;
  const next = current?.next ?? null;

  const loadMore = async () => {
    if (!current?.next) return;
    const mine = generation.current;
    setLoadingMore(true);
    setFailed(null);
    try {
      const page = await call('events.page', { limit: PAGE_SIZE, after: current.next });
      if (generation.current !== mine) return;
      setLoaded((previous) =>
        previous && previous.version === current.version
          ? { ...previous, rows: [...previous.rows, ...page.rows], next: page.next }
          : previous,
      );
    } catch (caught) {
      if (generation.current === mine) setFailed({ version: current.version, error: toApiError(caught) });
    } finally {
      setLoadingMore(false);
    }
  };

  return (
    <section aria-labelledby="events-heading" aria-busy={loading}>
      <div className="section-bar">
        <h2 id="events-heading">Events</h2>
        <p className="count" data-testid="events-total" aria-live="polite">
          {total === null ? '' : `${formatCount(total)} ${total === 1 ? 'event' : 'events'}`}
          {total !== null && rows.length < total ? ` · showing the newest ${formatCount(rows.length)}` : ''}
        </p>
      </div>
      <ErrorAlert error={error} />
      {!loading && total === 0 ? <p className="empty">No events yet. Import a tenant export from the Import tab.</p> : null}
      {rows.length > 0 ? (
        <div className="table-wrap">
          <table className="data events-table">
            <caption className="visually-hidden">Events, newest first, times in {timeZone}</caption>
            <thead>
              <tr>
                <th scope="col">When ({timeZone})</th>
                <th scope="col">Category</th>
                <th scope="col">Type</th>
                <th scope="col">Severity</th>
                <th scope="col">Outcome</th>
                <th scope="col">Actor</th>
                <th scope="col">Target</th>
                <th scope="col">Description</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <EventTableRow key={row.uid} row={row} timeZone={timeZone} />
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {next ? (
        <div className="actions">
          <button type="button" onClick={() => void loadMore()} disabled={loading}>
            {loading ? 'Loading…' : 'Load more'}
          </button>
        </div>
      ) : null}
    </section>
  );
}

function EventTableRow({ row, timeZone }: { row: EventRow; timeZone: string }) {
  const actorName = row.actor.name ?? row.actor.id ?? (row.actor.kind === 'system' ? 'System' : '—');
  const target = row.target.name ?? [row.target.kind, row.target.id].filter(Boolean).join(' ');
  return (
    <tr>
      <td className="nowrap">
        <time dateTime={row.occurredAt} title={utcTitle(row.occurredAt)}>
          {formatInZone(row.occurredAt, timeZone)}
        </time>
      </td>
      <td>{row.category}</td>
      <td className="mono">{row.action}</td>
      <td>
        <span className={`severity severity-${row.severity.toLowerCase()}`}>{row.severity}</span>
      </td>
      <td>
        <span className={`outcome outcome-${row.outcome}`}>{row.outcome}</span>
      </td>
      <td>
        <span className="actor-name">{actorName}</span>
        {row.actor.kind === 'system' ? <span className="badge">System</span> : null}
        {row.actor.email ? <span className="actor-email">{row.actor.email}</span> : null}
      </td>
      <td title={[row.target.kind, row.target.id].filter(Boolean).join(' ') || undefined}>{target || '—'}</td>
      <td className="description">{row.description}</td>
    </tr>
  );
}
