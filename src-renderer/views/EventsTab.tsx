import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import type { EngagementSummary } from '../../src-shared/engagement';
import type { EventFilter, ViewState } from '../../src-shared/query';
import { ErrorAlert } from '../components/ErrorAlert';
import { formatCount } from '../format';
import { navigate } from '../navigation';
import { ColumnsMenu } from './events/ColumnsMenu';
import { isDefaultColumns, loadStoredColumns, normalizeColumns, storeColumns, type Column, type KeyValueStorage } from './events/columns';
import { DetailPane } from './events/DetailPane';
import { EventGrid } from './events/EventGrid';
import { ExportPanel } from './events/ExportPanel';
import { FilterBar } from './events/FilterBar';
import { isFilterActive } from './events/filterState';
import { SavedViews } from './events/SavedViews';
import { useEventResult } from './events/useEventResult';

function localStore(): KeyValueStorage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

function isEditable(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

interface Selection {
  /** the result the row index belongs to */
  key: string;
  active: number | null;
  open: boolean;
}

/**
 * The event viewer (issue 5): a filter bar whose every choice lives in the route (bookmark,
 * Back, share), the virtualised grid over the whole result, a detail pane, saved views and
 * export of exactly what is shown.
 */
export function EventsTab({ engagement, view, active, version }: { engagement: EngagementSummary; view: ViewState; active: boolean; version: number }) {
  const { timeZone } = engagement;
  const [storedColumns, setStoredColumns] = useState(() => loadStoredColumns(localStore(), engagement.id));
  const columns = useMemo(() => normalizeColumns(view.columns ?? storedColumns), [view.columns, storedColumns]);
  const result = useEventResult({ filter: view.filter, order: view.order, version, enabled: active });
  const [selection, setSelection] = useState<Selection>({ key: result.key, active: null, open: false });
  const current: Selection = selection.key === result.key ? selection : { key: result.key, active: null, open: false };
  const searchRef = useRef<HTMLInputElement | null>(null);
  const gridId = useId();
  const orderId = useId();

  const go = useCallback((next: ViewState, replace: boolean) => navigate({ tab: 'events', view: next }, { replace }), []);
  const setFilter = (filter: EventFilter, { typing }: { typing: boolean }) => go({ ...view, filter }, typing);
  const setColumns = (next: Column[]) => {
    storeColumns(localStore(), engagement.id, next);
    setStoredColumns(next);
    go({ ...view, columns: isDefaultColumns(next) ? undefined : next }, true);
  };

  // "/" focuses the search, as in most log viewers, unless the auditor is typing somewhere.
  useEffect(() => {
    if (!active) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey || isEditable(event.target)) return;
      event.preventDefault();
      searchRef.current?.focus();
      searchRef.current?.select();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [active]);

  const key = result.key;
  const onActiveChange = useCallback((index: number) => setSelection((s) => ({ key, active: index, open: s.key === key && s.open })), [key]);
  const onOpen = useCallback((index: number) => setSelection({ key, active: index, open: true }), [key]);
  const closeDetail = useCallback(() => {
    setSelection((s) => ({ ...s, key, open: false }));
    document.getElementById(gridId)?.focus();
  }, [key, gridId]);

  const detailUid = current.open && current.active !== null ? (result.rowAt(current.active)?.uid ?? null) : null;
  const filtering = isFilterActive(view.filter);
  const totalText = result.counted ? `${formatCount(result.total)} ${result.total === 1 ? 'event' : 'events'}` : 'counting…';

  return (
    <section className="events-view" aria-labelledby="events-heading">
      <div className="events-toolbar">
        <h2 id="events-heading">Events</h2>
        <p className="count" aria-live="polite">
          <span data-testid="events-total">{totalText}</span>
          {result.counted && filtering ? <span className="muted"> match the filters</span> : null}
        </p>
        <div className="toolbar-tools">
          <div className="inline-field">
            <label htmlFor={orderId}>Order</label>
            <select id={orderId} value={view.order} onChange={(event) => go({ ...view, order: event.target.value === 'asc' ? 'asc' : 'desc' }, false)}>
              <option value="desc">Newest first</option>
              <option value="asc">Oldest first</option>
            </select>
          </div>
          <ColumnsMenu columns={columns} onChange={setColumns} />
          <SavedViews view={{ ...view, columns }} onApply={(state) => go(state, false)} enabled={active} />
          <ExportPanel engagement={engagement} filter={view.filter} order={view.order} total={result.counted ? result.total : null} />
        </div>
      </div>
      <FilterBar filter={view.filter} onChange={setFilter} timeZone={timeZone} searchRef={searchRef} enabled={active} />
      {result.error ? (
        <div className="events-error">
          <ErrorAlert error={result.error} />
          <button type="button" onClick={result.retry}>
            Try again
          </button>
        </div>
      ) : null}
      <div className={`events-split${current.open ? ' with-detail' : ''}`}>
        <EventGrid
          id={gridId}
          result={result}
          columns={columns}
          onColumnsChange={setColumns}
          timeZone={timeZone}
          active={current.active}
          onActiveChange={onActiveChange}
          onOpen={onOpen}
          onEscape={closeDetail}
          label={`Events, ${view.order === 'desc' ? 'newest' : 'oldest'} first, times in ${timeZone}`}
          empty={filtering ? 'No events match these filters.' : 'No events yet. Import a tenant export from the Import tab.'}
        />
        {current.open ? (
          detailUid ? (
            <DetailPane uid={detailUid} timeZone={timeZone} onClose={closeDetail} />
          ) : (
            <aside className="detail-pane" aria-busy="true" aria-label="Event detail">
              <p className="muted">Loading…</p>
            </aside>
          )
        ) : null}
      </div>
      <p className="help grid-keys">
        Keys: <kbd>/</kbd> search · <kbd>↑</kbd> <kbd>↓</kbd> <kbd>Page Up</kbd> <kbd>Page Down</kbd> <kbd>Home</kbd> <kbd>End</kbd> move · <kbd>Enter</kbd> details ·{' '}
        <kbd>Esc</kbd> close. Times in {timeZone}; hover a time for UTC.
      </p>
    </section>
  );
}
