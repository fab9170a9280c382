import { useState } from 'react';
import type { EngagementSummary } from '../../src-shared/engagement';
import { call, toApiError, type ApiError } from '../api';
import { ErrorAlert } from '../components/ErrorAlert';
import { Tabs, type TabDefinition } from '../components/Tabs';
import { ActivityTab } from './ActivityTab';
import { EventsTab } from './EventsTab';
import { ImportTab } from './ImportTab';
import { SourcesTab } from './SourcesTab';

type TabKey = 'events' | 'import' | 'sources' | 'activity';

export function EngagementView({ engagement, onClosed }: { engagement: EngagementSummary; onClosed: () => void }) {
  const [tab, setTab] = useState<TabKey>('events');
  // Bumped when an import finishes so the event list and the activity log reload.
  const [dataVersion, setDataVersion] = useState(0);
  const [closing, setClosing] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  const close = async () => {
    setClosing(true);
    setError(null);
    try {
      await call('engagement.close', {});
      onClosed();
    } catch (caught) {
      setError(toApiError(caught));
      setClosing(false);
    }
  };

  const tabs: TabDefinition<TabKey>[] = [
    {
      key: 'events',
      label: 'Events',
      panel: <EventsTab timeZone={engagement.timeZone} version={dataVersion} />,
    },
    {
      key: 'import',
      label: 'Import',
      panel: <ImportTab onImported={() => setDataVersion((v) => v + 1)} />,
    },
    {
      key: 'sources',
      label: 'Sources',
      panel: <SourcesTab timeZone={engagement.timeZone} onSynced={() => setDataVersion((v) => v + 1)} />,
    },
    {
      key: 'activity',
      label: 'Activity',
      panel: <ActivityTab timeZone={engagement.timeZone} active={tab === 'activity'} version={dataVersion} />,
    },
  ];

  return (
    <div className="engagement" data-engagement-state="open">
      <header className="engagement-header">
        <div>
          <h1 className="engagement-name">{engagement.name}</h1>
          <dl className="engagement-facts">
            <div>
              <dt>Period</dt>
              <dd>
                {engagement.periodFrom} – {engagement.periodTo}
              </dd>
            </div>
            <div>
              <dt>Time zone</dt>
              <dd>{engagement.timeZone}</dd>
            </div>
            <div>
              <dt>Folder</dt>
              <dd className="path">{engagement.folder}</dd>
            </div>
          </dl>
        </div>
        <button type="button" onClick={() => void close()} disabled={closing}>
          {closing ? 'Closing…' : 'Close engagement'}
        </button>
      </header>
      <ErrorAlert error={error} />
      <main className="engagement-body">
        <Tabs tabs={tabs} active={tab} onChange={setTab} label="Engagement" />
      </main>
    </div>
  );
}
