import { useId } from 'react';
import { formatInZone, utcTitle } from '../../format';
import { isWholeDays, lastIncludedDay, presetLabel, RANGE_PRESETS, type DayRange, type RangePreset, type RangeResult } from './range';

/** The time range dropdown (doc 001), custom dates, the refresh button and what the range is. */
export function RangeBar({
  preset,
  onPreset,
  custom,
  onCustom,
  period,
  latest,
  result,
  timeZone,
  loading,
  onRefresh,
}: {
  preset: RangePreset;
  onPreset: (preset: RangePreset) => void;
  custom: DayRange;
  onCustom: (custom: DayRange) => void;
  period: DayRange;
  latest: string | null;
  result: RangeResult | null;
  timeZone: string;
  loading: boolean;
  onRefresh: () => void;
}) {
  const id = useId();
  const relative = preset === '24h' || preset === '7d' || preset === '30d';
  return (
    <div className="dash-range">
      <div className="dash-range-controls">
        <div className="field">
          <label htmlFor={`${id}-preset`}>
            Time range
          </label>
          <select id={`${id}-preset`} value={preset} onChange={(event) => onPreset(event.target.value as RangePreset)}>
            {RANGE_PRESETS.map((key) => (
              <option key={key} value={key}>
                {presetLabel(key, period)}
              </option>
            ))}
          </select>
        </div>
        {preset === 'custom' ? (
          <>
            <div className="field">
              <label htmlFor={`${id}-from`}>From (UTC day)</label>
              <input
                id={`${id}-from`}
                type="date"
                value={custom.from}
                max={custom.to || undefined}
                onChange={(event) => onCustom({ ...custom, from: event.target.value })}
                aria-invalid={result?.ok === false && custom.from !== '' && custom.to !== ''}
              />
            </div>
            <div className="field">
              <label htmlFor={`${id}-to`}>To (UTC day, included)</label>
              <input
                id={`${id}-to`}
                type="date"
                value={custom.to}
                min={custom.from || undefined}
                onChange={(event) => onCustom({ ...custom, to: event.target.value })}
                aria-invalid={result?.ok === false && custom.from !== '' && custom.to !== ''}
              />
            </div>
          </>
        ) : null}
        <button type="button" className="dash-refresh" onClick={onRefresh} disabled={loading} aria-label="Refresh the dashboard">
          <span aria-hidden="true">↻</span> {loading ? 'Loading…' : 'Refresh'}
        </button>
      </div>
      {result && !result.ok ? <p className="problem">{result.problem}</p> : null}
      {result?.ok ? (
        <p className="help dash-range-line" data-testid="dashboard-range" data-from={result.range.from} data-to={result.range.to}>
          {isWholeDays(result.range) ? (
            <>
              {result.range.from.slice(0, 10)} – {lastIncludedDay(result.range)} (whole UTC days)
            </>
          ) : (
            <>
              <time dateTime={result.range.from} title={utcTitle(result.range.from)}>
                {formatInZone(result.range.from, timeZone)}
              </time>{' '}
              to{' '}
              <time dateTime={result.range.to} title={utcTitle(result.range.to)}>
                {formatInZone(result.range.to, timeZone)}
              </time>
            </>
          )}
          {relative ? (
            latest ? (
              <>
                {' '}
                · Audit data is historical: “last” counts back from the latest event in the engagement (
                <time dateTime={latest} title={utcTitle(latest)}>
                  {formatInZone(latest, timeZone)}
                </time>
                ), not from today.
              </>
            ) : (
              ' · The engagement holds no events yet, so “last” counts back from now.'
            )
          ) : null}
        </p>
      ) : null}
    </div>
  );
}
