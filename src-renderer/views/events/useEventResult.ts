import { useCallback, useEffect, useLayoutEffect, useState, useSyncExternalStore } from 'react';
import type { EventRow } from '../../../src-shared/event';
import type { EventFilter, SortOrder } from '../../../src-shared/query';
import { call, toApiError, type ApiError } from '../../api';
import { filterKey } from './filterState';
import { EventWindowStore } from './windowStore';

export interface EventResult {
  /** identifies filter + order + data version: the grid resets its position when it changes */
  key: string;
  /** rows the grid spans: the count once it answered, else what the first windows have shown */
  total: number;
  /** false until `events.count` answered for this query */
  counted: boolean;
  rowAt(index: number): EventRow | undefined;
  /** tells the store which rows are on screen (with overscan) */
  want(first: number, end: number): void;
  /** changes whenever rows arrive: what the grid re-renders on */
  revision: number;
  error: ApiError | null;
  retry(): void;
}

interface Query {
  key: string;
  filter: EventFilter;
  order: SortOrder;
}

/**
 * The current result: its exact size from `events.count`, its rows by position from
 * `events.window`. The first window is asked for at once, so rows show before the count.
 */
export function useEventResult({ filter, order, version, enabled }: { filter: EventFilter; order: SortOrder; version: number; enabled: boolean }): EventResult {
  const [store] = useState(() => new EventWindowStore((request) => call('events.window', request)));
  const key = `${filterKey(filter)}|${order}|${version}`;
  // A new route object with the same filter (a column change, a re-parse) is the same query.
  const [query, setQuery] = useState<Query>({ key, filter, order });
  if (query.key !== key) setQuery({ key, filter, order });

  const [count, setCount] = useState<{ key: string; total: number } | null>(null);
  const [countError, setCountError] = useState<{ key: string; error: ApiError } | null>(null);
  const [countAttempt, setCountAttempt] = useState(0);
  const revision = useSyncExternalStore(store.subscribe, store.getRevision);

  useLayoutEffect(() => {
    store.setQuery(query.key, { filter: query.filter, order: query.order });
  }, [store, query]);

  useEffect(() => {
    if (!enabled) return;
    let cancelled = false;
    call('events.count', { filter: query.filter })
      .then((answer) => {
        if (!cancelled) setCount({ key: query.key, total: answer.total });
      })
      .catch((caught: unknown) => {
        if (!cancelled) setCountError({ key: query.key, error: toApiError(caught) });
      });
    return () => {
      cancelled = true;
    };
  }, [enabled, query, countAttempt]);

  const counted = count?.key === query.key;
  // Until the count answers, span what the windows have shown (a short block tells the end).
  const total = counted ? count.total : (store.resultEnd() ?? store.loadedFromTop());
  const windowError = store.lastError();
  const error = (countError?.key === query.key ? countError.error : null) ?? (windowError ? toApiError(windowError) : null);

  const want = useCallback(
    (first: number, end: number) => {
      if (!enabled) return;
      // Before the count, ask for the first block even though the grid spans no rows yet.
      store.want(first, counted ? end : Math.max(end, 1));
    },
    [store, enabled, counted],
  );
  const rowAt = useCallback((index: number) => store.row(index), [store]);
  const retry = useCallback(() => {
    setCountError(null);
    setCountAttempt((n) => n + 1);
    store.retry();
  }, [store]);

  return { key: query.key, total, counted, rowAt, want, revision, error, retry };
}
