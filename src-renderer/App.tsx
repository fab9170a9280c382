import { useEffect, useState } from 'react';
import type { ResponseOf } from '../src-shared/contract';
import type { EngagementSummary } from '../src-shared/engagement';
import { call, toApiError, transport, type ApiError } from './api';
import { ErrorAlert } from './components/ErrorAlert';
import { EngagementView } from './views/EngagementView';
import { WelcomeView } from './views/WelcomeView';

export type AppInfo = ResponseOf<'app.info'>;

export function App() {
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [engagement, setEngagement] = useState<EngagementSummary | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  useEffect(() => {
    let cancelled = false;
    void (async () => {
      try {
        const loaded = await call('app.info', {});
        // A reload (or a second window) finds the engagement the engine already holds open.
        const current = await call('engagement.current', {});
        if (cancelled) return;
        setEngagement(current);
        setInfo(loaded);
      } catch (caught) {
        if (cancelled) return;
        setError(toApiError(caught));
        document.body.dataset.appState = 'error';
      }
    })();
    return () => {
      cancelled = true;
    };
  }, []);

  // Tests wait on this marker, never on sleeps (STYLE.md, "Errors, jobs and the UI").
  useEffect(() => {
    if (info) document.body.dataset.appState = 'ready';
  }, [info]);

  useEffect(() => {
    document.title = engagement ? `${engagement.name} — Auditor Workstation` : 'Auditor Workstation';
  }, [engagement]);

  // Closed elsewhere (another window, the engine): ask the engine rather than trust the order
  // in which an event and a response arrive.
  useEffect(
    () =>
      transport.onEvent((event) => {
        if (event.type !== 'engagement' || event.open) return;
        call('engagement.current', {})
          .then((current) => {
            if (!current) setEngagement(null);
          })
          .catch(() => undefined);
      }),
    [],
  );

  if (error) {
    return (
      <main className="page">
        <h1>Auditor Workstation</h1>
        <ErrorAlert error={error} />
      </main>
    );
  }
  if (!info) {
    return (
      <main className="page" aria-busy="true">
        <p className="muted">Starting…</p>
      </main>
    );
  }
  if (engagement) {
    return <EngagementView engagement={engagement} onClosed={() => setEngagement(null)} />;
  }
  return <WelcomeView info={info} onOpened={setEngagement} />;
}
