import { useEffect, useState } from 'react';
import type { QuarantineItem } from '../../../src-shared/imports';
import { call, toApiError, type ApiError } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatCount } from '../../format';

const PAGE = 50;

/** One import's quarantined records, a page at a time (`imports.quarantine`). */
export function QuarantineList({ importId, label, id }: { importId: number; label: string; id: string }) {
  const [items, setItems] = useState<QuarantineItem[]>([]);
  const [total, setTotal] = useState<number | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  useEffect(() => {
    let cancelled = false;
    call('imports.quarantine', { importId, offset: 0, limit: PAGE }).then(
      (page) => {
        if (cancelled) return;
        setTotal(page.total);
        setItems(page.items);
      },
      (caught: unknown) => {
        if (!cancelled) setError(toApiError(caught));
      },
    );
    return () => {
      cancelled = true;
    };
  }, [importId]);

  const loadMore = async () => {
    setLoading(true);
    setError(null);
    try {
      const page = await call('imports.quarantine', { importId, offset: items.length, limit: PAGE });
      setTotal(page.total);
      setItems((current) => [...current, ...page.items]);
    } catch (caught) {
      setError(toApiError(caught));
    } finally {
      setLoading(false);
    }
  };

  return (
    <div className="quarantine" id={id} data-testid="quarantine-list" aria-busy={loading || total === null}>
      <ErrorAlert error={error} />
      {total === 0 ? <p className="muted">Nothing was quarantined.</p> : null}
      {items.length > 0 ? (
        <table className="data">
          <caption>
            Quarantined records of {label}: {formatCount(items.length)} of {formatCount(total ?? items.length)} shown
          </caption>
          <thead>
            <tr>
              <th scope="col">Part</th>
              <th scope="col" className="num">
                Line
              </th>
              <th scope="col">Reason</th>
              <th scope="col">Excerpt</th>
            </tr>
          </thead>
          <tbody>
            {items.map((item, index) => (
              <tr key={`${item.part ?? ''}:${item.line}:${index}`}>
                <td className="mono">{item.part ?? '—'}</td>
                <td className="num">{item.line}</td>
                <td>{item.reason}</td>
                <td>
                  <pre className="excerpt mono">{item.excerpt}</pre>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {total !== null && items.length < total ? (
        <div className="actions">
          <button type="button" disabled={loading} onClick={() => void loadMore()}>
            {loading ? 'Loading…' : `Load more (${formatCount(total - items.length)} left)`}
          </button>
        </div>
      ) : null}
    </div>
  );
}
