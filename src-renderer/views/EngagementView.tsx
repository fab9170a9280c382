import { useState } from 'react';
import type { EngagementSummary } from '../../src-shared/engagement';
import { call, toApiError, type ApiError } from '../api';
import { ErrorAlert } from '../components/ErrorAlert';
import { Tabs, type TabDefinition } from '../components/Tabs';
import { navigate, useRoute, type TabKey } from '../navigation';
import { ActivityTab } from './ActivityTab';
import { DashboardTab } from './DashboardTab';
import { EventsTab } from './EventsTab';
import { ImportTab } from './ImportTab';
import { SourcesTab } from './SourcesTab';
import { RepairNotice } from './RepairNotice';

export function EngagementView({ engagement, onClosed }: { engagement: EngagementSummary; onClosed: () => void }) {
  // The tab and the viewer's state live in the location hash (navigation.ts): bookmarkable, Back works.
  const route = useRoute();
  const tab = route.tab;
  // The viewer keeps its filter while another tab is shown (only #/events carries it).
  const [eventsView, setEventsView] = useState(route.view);
  if (tab === 'events' && route.view !== eventsView) setEventsView(route.view);
  const selectTab = (key: TabKey) => navigate({ tab: key, ...(key === 'events' ? { view: eventsView } : {}) });
  // Bumped when an import finishes so the event list and the activity log reload.
  const [dataVersion, setDataVersion] = useState(0);
  const [closing, setClosing] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  const close = async () => {
    setClosing(true);
    setError(null);
    try {
      await call('engagement.close', {});
      // The route describes this engagement's view: the next one opens on its dashboard.
      navigate({ tab: 'dashboard' }, { replace: true });
      onClosed();
    } catch (caught) {
      setError(toApiError(caught));
      setClosing(false);
    }
  };

  const tabs: TabDefinition<TabKey>[] = [
    {
      key: 'dashboard',
      label: 'Dashboard',
      panel: (
        <DashboardTab
          timeZone={engagement.timeZone}
          period={{ from: engagement.periodFrom, to: engagement.periodTo }}
          version={dataVersion}
          active={tab === 'dashboard'}
        />
      ),
    },
    {
      key: 'events',
      label: 'Events',
      panel: <EventsTab engagement={engagement} view={tab === 'events' ? route.view : eventsView} active={tab === 'events'} version={dataVersion} />,
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
      <RepairNotice onRepaired={() => setDataVersion((v) => v + 1)} />
      <main className="engagement-body">
        <Tabs tabs={tabs} active={tab} onChange={selectTab} label="Engagement" />
      </main>
    </div>
  );
}
