import { useMemo } from 'react';
import type { Coverage } from '../../../src-shared/query';
import { formatCount, formatInZone, utcTitle } from '../../format';
import { openEvents } from '../../navigation';
import { formatHours, HEAT_LEVELS, periodDays, summarise, type SourceCoverage } from './coverage';
import { HOUR_MICROS, isoUtc, toMicros } from './range';

/** The viewer, oldest first, on the source's events from an hour before a gap to an hour after. */
function openAround(sourceId: string, gap: { from: string; to: string }): void {
  const from = toMicros(gap.from);
  const to = toMicros(gap.to);
  if (from === null || to === null) return;
  openEvents({ sources: [sourceId], from: isoUtc(from - HOUR_MICROS), to: isoUtc(to + HOUR_MICROS) }, { order: 'asc' });
}

/**
 * Per source, events per UTC day over the engagement period as a heat strip, the gaps of a
 * day or more (listed, and marked in the strip), and how far back the source's retention
 * reaches. Completeness is the first question of an audit: a missing week is evidence too.
 */
export function LogCoverage({ coverage, timeZone, stale }: { coverage: Coverage | null; timeZone: string; stale: boolean }) {
  const days = useMemo(() => (coverage ? periodDays(coverage.periodFrom, coverage.periodTo) : []), [coverage]);
  const sources = useMemo(() => (coverage ? coverage.sources.map((source) => summarise(source, days)) : []), [coverage, days]);
  return (
    <section className={`dash-section dash-panel${stale ? ' dash-stale' : ''}`} aria-labelledby="dash-coverage-heading" data-testid="coverage">
      <h3 id="dash-coverage-heading">Log coverage</h3>
      <p className="help">
        Events per UTC day of the engagement period
        {days.length ? ` (${days[0]} – ${days.at(-1)})` : ''}, per source. Days without events are hatched; stretches of 24 hours or
        more without any event are listed as gaps.
      </p>
      {coverage && sources.length === 0 ? <p className="muted">No events imported yet.</p> : null}
      {sources.length > 0 ? <HeatLegend /> : null}
      {sources.map((source) => (
        <SourceStrip key={source.sourceId} source={source} retentionFrom={coverage?.sources.find((s) => s.sourceId === source.sourceId)?.retentionFrom ?? null} timeZone={timeZone} />
      ))}
    </section>
  );
}

function HeatLegend() {
  return (
    <p className="dash-heat-legend" aria-hidden="true">
      <span className="dash-heat-cell heat-0" /> none
      <span className="dash-heat-gap-key" /> gap
      <span className="dash-heat-scale">
        fewer
        {Array.from({ length: HEAT_LEVELS }, (_, i) => (
          <span key={i} className={`dash-heat-cell heat-${i + 1}`} />
        ))}
        more (log scale, per source)
      </span>
    </p>
  );
}

function SourceStrip({ source, retentionFrom, timeZone }: { source: SourceCoverage; retentionFrom: string | null; timeZone: string }) {
  const retentionIndex = source.retentionDay ? source.cells.findIndex((cell) => cell.day === source.retentionDay) : -1;
  return (
    <div className="dash-source" data-testid="coverage-source" data-source={source.sourceId}>
      <div className="dash-source-head">
        <h4 className="mono">{source.sourceId}</h4>
        <p className="dash-source-summary" data-testid="coverage-summary">
          {source.summary}
          <span className="muted"> · {formatCount(source.total)} events</span>
        </p>
      </div>
      <div
        className="dash-heat"
        role="img"
        aria-label={`${source.sourceId}: ${source.summary}${source.max ? `; busiest day ${formatCount(source.max)} events` : ''}.`}
        style={{ gridTemplateColumns: `repeat(${Math.max(1, source.cells.length)}, minmax(0, 1fr))` }}
      >
        {source.cells.map((cell) => (
          <span
            key={cell.day}
            className={`dash-heat-cell heat-${cell.level}${cell.inGap ? ' in-gap' : ''}${cell.beyondRetention ? ' beyond-retention' : ''}`}
            title={`${cell.day} (UTC): ${formatCount(cell.count)} ${cell.count === 1 ? 'event' : 'events'}${cell.inGap ? ' · in a gap' : ''}${cell.beyondRetention ? ' · before the retention reach' : ''}`}
          />
        ))}
        {retentionIndex >= 0 ? (
          <span
            className="dash-retention-mark"
            style={{ left: `${(100 * retentionIndex) / source.cells.length}%` }}
            title={`The source's retention reaches back to ${retentionFrom ?? source.retentionDay}`}
          />
        ) : null}
      </div>
      {retentionFrom ? (
        <p className="help dash-retention">
          Retention reach: the source could still provide events from{' '}
          <time dateTime={retentionFrom} title={utcTitle(retentionFrom)}>
            {formatInZone(retentionFrom, timeZone)}
          </time>
          ; anything earlier had to come from an export made before.
        </p>
      ) : null}
      {source.gaps.length > 0 ? (
        <table className="data dash-gaps">
          <caption className="visually-hidden">
            Gaps of 24 hours or more without events from {source.sourceId}, times in {timeZone}
          </caption>
          <thead>
            <tr>
              <th scope="col">Gap from ({timeZone})</th>
              <th scope="col">to</th>
              <th scope="col" className="num">
                Duration
              </th>
              <th scope="col">
                <span className="visually-hidden">Events around the gap</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {source.gaps.map((gap) => (
              <tr key={`${gap.from}-${gap.to}`} className={gap.hours === source.longestGapHours ? 'dash-gap-longest' : undefined}>
                <td className="nowrap">
                  <time dateTime={gap.from} title={utcTitle(gap.from)}>
                    {formatInZone(gap.from, timeZone)}
                  </time>
                </td>
                <td className="nowrap">
                  <time dateTime={gap.to} title={utcTitle(gap.to)}>
                    {formatInZone(gap.to, timeZone)}
                  </time>
                </td>
                <td className="num">{formatHours(gap.hours)}</td>
                <td>
                  <button type="button" className="link-button" onClick={() => openAround(source.sourceId, gap)}>
                    Events around it
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}
