import { useState } from 'react';
import type { ApiError } from '../api';
import { ErrorAlert } from '../components/ErrorAlert';
import { CategoryChips } from './dashboard/CategoryChips';
import { HistogramChart, type StackBy } from './dashboard/HistogramChart';
import { LogCoverage } from './dashboard/LogCoverage';
import { MetricCards } from './dashboard/MetricCards';
import { RangeBar } from './dashboard/RangeBar';
import { RecentHighSeverity } from './dashboard/RecentHighSeverity';
import { TopOperations } from './dashboard/TopOperations';
import { bucketCount, presetRange, type DayRange, type RangePreset, type RangeResult } from './dashboard/range';
import { useChannel } from './dashboard/useChannel';

/**
 * The dashboard (product doc 001, "Dashboard" — and more): the four metrics, the categories,
 * the most active operations and the recent high-severity events for a time range; events
 * over time; and the log coverage of the engagement period. Every number opens the viewer on
 * the events it counts (navigation.ts `openEvents`), with the same range as the filter.
 */
export function DashboardTab({ timeZone, period, version, active }: { timeZone: string; period: DayRange; version: number; active: boolean }) {
  const [preset, setPreset] = useState<RangePreset>('period');
  const [custom, setCustom] = useState<DayRange>(period);
  const [stackBy, setStackBy] = useState<StackBy>('category');
  const [refresh, setRefresh] = useState(0);
  // The clock is read on mount and on Refresh only: "last N" needs it just for an empty engagement.
  const [nowMicros, setNowMicros] = useState(() => Date.now() * 1000);
  const reload = `${version}.${refresh}`;

  // The newest event anchors "last 24 hours / 7 days / 30 days" (see range.ts).
  const latestPage = useChannel('events.page', { limit: 1 }, reload, active);
  const relative = preset === '24h' || preset === '7d' || preset === '30d';
  const latest = latestPage.value?.rows[0]?.occurredAt ?? null;
  const result: RangeResult | null = relative && !latestPage.current ? null : presetRange(preset, { period, custom, latest, nowMicros });
  const range = result?.ok ? result.range : null;

  const summary = useChannel('dashboard.summary', range, reload, active);
  const histogram = useChannel('dashboard.histogram', range ? { filter: range, stackBy, buckets: bucketCount(range) } : null, reload, active);
  const coverage = useChannel('dashboard.coverage', {}, reload, active);

  const loading = latestPage.loading || (range !== null && (summary.loading || histogram.loading)) || coverage.loading;
  const errors = uniqueErrors([latestPage.error, summary.error, histogram.error, coverage.error]);
  const shown = summary.value;
  const noEvents = latestPage.current && latestPage.value?.rows.length === 0;

  return (
    <section aria-labelledby="dashboard-heading" aria-busy={loading} className="dashboard" data-dashboard-state={loading ? 'loading' : 'ready'}>
      <div className="section-bar">
        <h2 id="dashboard-heading">Dashboard</h2>
      </div>
      <RangeBar
        preset={preset}
        onPreset={setPreset}
        custom={custom}
        onCustom={setCustom}
        period={period}
        latest={latest}
        result={result}
        timeZone={timeZone}
        loading={loading}
        onRefresh={() => {
          setNowMicros(Date.now() * 1000);
          setRefresh((n) => n + 1);
        }}
      />
      {errors.map((error) => (
        <ErrorAlert key={`${error.code}:${error.message}`} error={error} />
      ))}
      {noEvents ? <p className="empty">No events yet. Import a tenant export from the Import tab, or add a source.</p> : null}
      <div className={summary.current ? 'dash-summary' : 'dash-summary dash-stale'}>
        <MetricCards summary={shown} range={range} />
        <CategoryChips byCategory={shown?.byCategory ?? null} range={range} />
        <div className="dash-columns">
          <TopOperations top={shown?.topActions ?? null} range={range} />
          <RecentHighSeverity rows={shown?.recentHighSeverity ?? null} range={range} timeZone={timeZone} />
        </div>
      </div>
      <HistogramChart histogram={histogram.value} range={range} stackBy={stackBy} onStackBy={setStackBy} timeZone={timeZone} stale={!histogram.current} />
      <LogCoverage coverage={coverage.value} timeZone={timeZone} stale={!coverage.current} />
    </section>
  );
}

function uniqueErrors(errors: (ApiError | null)[]): ApiError[] {
  const seen = new Set<string>();
  return errors.filter((error): error is ApiError => {
    if (!error) return false;
    const key = `${error.code}:${error.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
