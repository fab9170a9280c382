import { useRef, useState } from 'react';
import type { SourceSummary } from '../../../src-shared/sources';
import { call, toApiError, type ApiError } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatCount, formatInZone, utcTitle } from '../../format';
import { plural } from '../import/display';
import { formatClock } from './display';
import { KIND_LABELS, KIND_SHORT } from './kindOptions';

interface TableProps {
  sources: readonly SourceSummary[];
  timeZone: string;
  /** a sync job is running: no second one can start */
  syncing: boolean;
  nextSync: ReadonlyMap<string, number>;
  onSync: (name: string) => void;
  onRemoved: (name: string) => void;
}

/** Every source of this engagement with its sync state; the credential only ever as its hint. */
export function SourceTable({ sources, timeZone, syncing, nextSync, onSync, onRemoved }: TableProps) {
  return (
    <div className="table-wrap">
      <table className="data sources-table">
        <caption className="visually-hidden">Sources of this engagement</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Kind</th>
            <th scope="col">URL</th>
            <th scope="col">Credential</th>
            <th scope="col">Covered window</th>
            <th scope="col" className="num">
              Events pulled
            </th>
            <th scope="col">Last successful sync</th>
            <th scope="col">Last error</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {sources.map((source) => (
            <SourceRow
              key={source.id}
              source={source}
              timeZone={timeZone}
              syncing={syncing}
              nextAt={nextSync.get(source.name) ?? null}
              onSync={() => onSync(source.name)}
              onRemoved={() => onRemoved(source.name)}
            />
          ))}
        </tbody>
      </table>
    </div>
  );
}

type TestState = { kind: 'testing' } | { kind: 'passed'; message: string } | { kind: 'failed'; error: ApiError };

interface RowProps {
  source: SourceSummary;
  timeZone: string;
  syncing: boolean;
  nextAt: number | null;
  onSync: () => void;
  onRemoved: () => void;
}

function SourceRow({ source, timeZone, syncing, nextAt, onSync, onRemoved }: RowProps) {
  const [test, setTest] = useState<TestState | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [removing, setRemoving] = useState(false);
  const [removeError, setRemoveError] = useState<ApiError | null>(null);
  const removeButton = useRef<HTMLButtonElement>(null);

  const runTest = async () => {
    setTest({ kind: 'testing' });
    try {
      const { message } = await call('sources.test', { name: source.name });
      setTest({ kind: 'passed', message });
    } catch (caught) {
      setTest({ kind: 'failed', error: toApiError(caught) });
    }
  };

  const remove = async () => {
    setRemoving(true);
    setRemoveError(null);
    try {
      await call('sources.remove', { name: source.name });
      onRemoved();
    } catch (caught) {
      setRemoveError(toApiError(caught));
      setRemoving(false);
    }
  };

  const keep = () => {
    setConfirming(false);
    window.requestAnimationFrame(() => removeButton.current?.focus());
  };

  return (
    <tr data-testid="source-row" data-source={source.name}>
      <th scope="row" className="source-name">
        {source.name}
      </th>
      <td className="nowrap" title={KIND_LABELS[source.kind]}>
        {KIND_SHORT[source.kind]}
      </td>
      <td className="source-url">
        <span className="mono">{source.baseUrl}</span>
        {source.proxy ? <span className="source-sub">via proxy {source.proxy}</span> : null}
      </td>
      <td className="nowrap" data-testid="credential-hint">
        {source.credentialHint}
      </td>
      <td className="source-window" data-testid="covered-window">
        {source.coveredFrom && source.coveredTo ? (
          <>
            <time title={utcTitle(source.coveredFrom)}>{formatInZone(source.coveredFrom, timeZone)}</time>
            <span aria-label="to"> → </span>
            <time title={utcTitle(source.coveredTo)}>{formatInZone(source.coveredTo, timeZone)}</time>
          </>
        ) : (
          <span className="muted">not synced yet</span>
        )}
        {source.clampedFrom ? (
          <span className="source-sub warning-text" title={utcTitle(source.clampedFrom)}>
            retention starts {formatInZone(source.clampedFrom, timeZone).slice(0, 10)}
          </span>
        ) : null}
      </td>
      <td className="num" data-testid="events-pulled">
        {formatCount(source.eventsPulled)}
      </td>
      <td className="source-last">
        {source.lastSuccessAt ? <time className="nowrap" title={utcTitle(source.lastSuccessAt)}>{formatInZone(source.lastSuccessAt, timeZone)}</time> : <span className="muted">never</span>}
        {source.intervalMinutes !== null ? (
          <span className="source-sub" data-testid="next-sync">
            every {plural(source.intervalMinutes, 'minute')}
            {nextAt !== null ? ` · next sync at ${formatClock(nextAt)}` : ''}
          </span>
        ) : null}
      </td>
      <td className="source-error" data-testid="last-error">
        {source.lastError ? (
          <div className="alert">
            <strong className="alert-title">Last sync failed</strong>
            <span className="alert-message">{source.lastError}</span>
          </div>
        ) : (
          '—'
        )}
      </td>
      <td className="source-actions">
        {confirming ? (
          <div className="confirm" role="group" aria-label={`Remove ${source.name}?`}>
            <p>
              Remove {source.name}? Its settings and credential are deleted; the {plural(source.eventsPulled, 'event')} already pulled stay in the engagement.
            </p>
            <div className="actions">
              <button type="button" className="danger" onClick={() => void remove()} disabled={removing} autoFocus>
                {removing ? 'Removing…' : 'Remove source'}
              </button>
              <button type="button" onClick={keep} disabled={removing}>
                Keep
              </button>
            </div>
          </div>
        ) : (
          <div className="actions">
            <button type="button" onClick={() => void runTest()} disabled={test?.kind === 'testing'}>
              {test?.kind === 'testing' ? 'Testing…' : 'Test connection'}
            </button>
            <button type="button" onClick={onSync} disabled={syncing}>
              Sync now
            </button>
            <button type="button" ref={removeButton} onClick={() => setConfirming(true)}>
              Remove
            </button>
          </div>
        )}
        <ErrorAlert error={removeError} />
        {test?.kind === 'passed' ? (
          <p className="test-result success" role="status" data-testid="test-result">
            {test.message}
          </p>
        ) : null}
        {test?.kind === 'failed' ? <ErrorAlert error={test.error} /> : null}
      </td>
    </tr>
  );
}
