import { useCallback, useEffect, useRef, useState } from 'react';
import { isFinished } from '../../src-shared/jobs';
import type { SourceSummary } from '../../src-shared/sources';
import { call, toApiError, type ApiError } from '../api';
import { ErrorAlert } from '../components/ErrorAlert';
import { plural } from './import/display';
import { AddSourceForm } from './sources/AddSourceForm';
import { SourceTable } from './sources/SourceTable';
import { SyncJobPanel } from './sources/SyncJobPanel';
import { useSyncJob } from './sources/useSyncJob';
import { useSyncSchedule } from './sources/useSyncSchedule';
import './sources/sources.css';

/**
 * The Sources view (issue 4, "Behaviour"): the tenant APIs this engagement pulls from, each
 * with its covered window, events pulled, last successful sync and last error; Test
 * connection, Sync now, Remove; Sync all with progress and cancel; and each source's optional
 * interval, run while this engagement is open in the app.
 */
export function SourcesTab({ timeZone, onSynced }: { timeZone: string; onSynced: () => void }) {
  const [sources, setSources] = useState<SourceSummary[] | null>(null);
  const [version, setVersion] = useState(0);
  const [error, setError] = useState<ApiError | null>(null);
  const [starting, setStarting] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  // A scheduled tick must not start a second sync while a click's `sync.start` is on its way.
  const startingRef = useRef(false);

  useEffect(() => {
    let cancelled = false;
    call('sources.list', {})
      .then((answer) => {
        if (!cancelled) setSources(answer.sources);
      })
      .catch((caught: unknown) => {
        if (!cancelled) setError(toApiError(caught));
      });
    return () => {
      cancelled = true;
    };
  }, [version]);

  const reload = useCallback(() => setVersion((v) => v + 1), []);

  const finished = useCallback(() => {
    setCancelling(false);
    reload();
    onSynced();
  }, [reload, onSynced]);
  const { job, running, begin, accept } = useSyncJob(finished);

  const start = async (names: string[]) => {
    if (startingRef.current) return;
    startingRef.current = true;
    setStarting(true);
    setError(null);
    setCancelling(false);
    try {
      begin(await call('sync.start', { names }));
    } catch (caught) {
      setError(toApiError(caught));
    } finally {
      startingRef.current = false;
      setStarting(false);
    }
  };

  // Skipped, not queued, when any sync is running: the next tick catches up from the cursor.
  const scheduled = async (name: string) => {
    if (startingRef.current) return;
    try {
      const { jobs } = await call('jobs.list', {});
      if (jobs.some((candidate) => candidate.kind === 'sync' && !isFinished(candidate.status))) return;
    } catch {
      return;
    }
    await start([name]);
  };
  const nextSync = useSyncSchedule(sources ?? [], (name) => void scheduled(name));

  const cancel = async () => {
    if (!job) return;
    setCancelling(true);
    try {
      accept(await call('jobs.cancel', { id: job.id }));
    } catch (caught) {
      setError(toApiError(caught));
      setCancelling(false);
    }
  };

  const busy = running || starting;

  return (
    <section aria-labelledby="sources-heading" className="sources-view">
      <div className="section-bar">
        <h2 id="sources-heading">Sources</h2>
        {sources !== null ? <p className="count">{plural(sources.length, 'source')}</p> : null}
        <button type="button" className="primary" onClick={() => void start([])} disabled={busy || !sources || sources.length === 0}>
          {busy ? 'Syncing…' : 'Sync all'}
        </button>
      </div>
      <p className="help">
        Pull audit logs straight from the tenant&apos;s APIs into this engagement. Each sync carries on from where the last one stopped; events already pulled are never
        pulled twice.
      </p>
      <ErrorAlert error={error} />
      {job ? <SyncJobPanel job={job} timeZone={timeZone} cancelling={cancelling} onCancel={() => void cancel()} /> : null}
      {sources !== null && sources.length === 0 ? <p className="empty">No sources yet: add the tenant&apos;s API below.</p> : null}
      {sources !== null && sources.length > 0 ? (
        <SourceTable
          sources={sources}
          timeZone={timeZone}
          syncing={busy}
          nextSync={nextSync}
          onSync={(name) => void start([name])}
          onRemoved={reload}
        />
      ) : null}
      <AddSourceForm onAdded={reload} />
    </section>
  );
}
