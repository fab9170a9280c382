import { useEffect, useId, useState } from 'react';
import type { SavedView, ViewState } from '../../../src-shared/query';
import { call, toApiError, type ApiError } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Popover } from './Popover';

/** Named views kept in the engagement (views.*): the filter, the order and the columns. */
export function SavedViews({ view, onApply, enabled }: { view: ViewState; onApply: (view: ViewState) => void; enabled: boolean }) {
  const [views, setViews] = useState<SavedView[] | null>(null);
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [reload, setReload] = useState(0);
  const nameId = useId();

  useEffect(() => {
    if (!enabled) return;
    let cancelled = false;
    call('views.list', {})
      .then((answer) => {
        if (!cancelled) setViews([...answer.views].sort((a, b) => a.name.localeCompare(b.name)));
      })
      .catch((caught: unknown) => {
        if (!cancelled) setError(toApiError(caught));
      });
    return () => {
      cancelled = true;
    };
  }, [enabled, reload]);

  const run = async (work: () => Promise<string>) => {
    setBusy(true);
    setError(null);
    setMessage(null);
    try {
      setMessage(await work());
      setReload((n) => n + 1);
    } catch (caught) {
      setError(toApiError(caught));
    } finally {
      setBusy(false);
    }
  };

  const save = () =>
    run(async () => {
      const saved = await call('views.save', { name: name.trim(), state: view });
      setName('');
      return `Saved “${saved.name}”.`;
    });
  const remove = (viewName: string) =>
    run(async () => {
      await call('views.remove', { name: viewName });
      return `Deleted “${viewName}”.`;
    });

  return (
    <Popover label={views && views.length ? `Saved views (${views.length})` : 'Saved views'} className="saved-views" testId="saved-views">
      <form
        className="saved-view-form"
        onSubmit={(event) => {
          event.preventDefault();
          if (name.trim()) void save();
        }}
      >
        <div className="field">
          <label htmlFor={nameId}>Name for this view</label>
          <input id={nameId} type="text" value={name} maxLength={100} onChange={(event) => setName(event.target.value)} />
        </div>
        <button type="submit" className="primary" disabled={busy || !name.trim()}>
          Save view
        </button>
      </form>
      <p className="help">A view keeps the filters, the order and the columns. Saving under an existing name replaces it.</p>
      {message ? (
        <p className="status-line" role="status">
          {message}
        </p>
      ) : null}
      <ErrorAlert error={error} />
      {views && views.length === 0 ? <p className="muted">No saved views yet.</p> : null}
      {views && views.length > 0 ? (
        <ul className="saved-view-list" aria-label="Saved views">
          {views.map((saved) => (
            <li key={saved.name}>
              <span className="saved-view-name">{saved.name}</span>
              <button type="button" className="small" onClick={() => onApply(saved.state)} aria-label={`Apply view ${saved.name}`}>
                Apply
              </button>
              <button type="button" className="small" disabled={busy} onClick={() => void remove(saved.name)} aria-label={`Delete view ${saved.name}`}>
                Delete
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </Popover>
  );
}
