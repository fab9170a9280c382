import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { CATEGORIES, SEVERITIES, type Category, type Severity } from '../../../src-shared/event';
import type { EventFilter, Histogram } from '../../../src-shared/query';
import { formatCount, formatInZone, utcTitle } from '../../format';
import { openEvents } from '../../navigation';
import {
  brushRange,
  bucketAt,
  bucketBounds,
  bucketTotals,
  formatWidth,
  keyTotals,
  labelIndexes,
  layoutHistogram,
  moveBrush,
  type ChartBox,
} from './histogramLayout';
import { seriesClass } from './palette';
import { DAY_MICROS, isoUtc, toMicros, type TimeRange } from './range';

export type StackBy = 'category' | 'severity';

const HEIGHT = 220;
const MARGIN = { left: 56, right: 12, top: 12, bottom: 28 };
const BRUSH_KEYS = new Set(['ArrowLeft', 'ArrowRight', 'Home', 'End', 'PageUp', 'PageDown']);

interface Brush {
  anchor: number;
  cursor: number;
  /** the buckets it was made on: a brush does not carry over to another range */
  buckets: string;
}

function keyFilter(key: string, range: TimeRange): EventFilter {
  if ((CATEGORIES as readonly string[]).includes(key)) return { categories: [key as Category], ...range };
  if ((SEVERITIES as readonly string[]).includes(key)) return { severities: [key as Severity], ...range };
  return { ...range };
}

/** Times of a bucket boundary: the UTC date for day-wide buckets, else the engagement's clock. */
function tickLabel(micros: number, widthMicros: number, timeZone: string): string {
  if (widthMicros >= DAY_MICROS && micros % DAY_MICROS === 0) return isoUtc(micros).slice(0, 10);
  return formatInZone(isoUtc(micros), timeZone).slice(5, 16);
}

/**
 * Events over time as stacked bars in inline SVG (no chart library). Drag across buckets — or
 * focus the chart and use the arrow keys, Shift to extend, Enter to confirm — to open the
 * viewer on that time range. For screen readers: a summary label and a hidden table.
 */
export function HistogramChart({
  histogram,
  range,
  stackBy,
  onStackBy,
  timeZone,
  stale,
}: {
  histogram: Histogram | null;
  range: TimeRange | null;
  stackBy: StackBy;
  onStackBy: (stackBy: StackBy) => void;
  timeZone: string;
  stale: boolean;
}) {
  const id = useId();
  const wrapper = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(900);
  const [hover, setHover] = useState<number | null>(null);
  const [brush, setBrush] = useState<Brush | null>(null);
  const [dragging, setDragging] = useState(false);
  const [focused, setFocused] = useState(false);

  useEffect(() => {
    const element = wrapper.current;
    if (!element || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver((entries) => {
      const measured = entries[0]?.contentRect.width;
      if (measured && measured > 0) setWidth(Math.round(measured));
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  const box: ChartBox = { width, height: HEIGHT, ...MARGIN };
  const layout = useMemo(() => (histogram ? layoutHistogram(histogram, { width, height: HEIGHT, ...MARGIN }) : null), [histogram, width]);
  const totals = useMemo(() => (histogram ? bucketTotals(histogram) : []), [histogram]);
  const perKey = useMemo(() => (histogram ? keyTotals(histogram) : []), [histogram]);
  const grandTotal = totals.reduce((sum, n) => sum + n, 0);
  const start = histogram?.start ? toMicros(histogram.start) : null;
  const n = histogram?.counts.length ?? 0;
  const empty = !histogram || start === null || grandTotal === 0;

  const buckets = histogram ? `${histogram.start}/${histogram.widthMicros}/${n}` : '';
  const shownBrush = brush && brush.buckets === buckets && n > 0 ? brush : null;
  const tipIndex = dragging && shownBrush ? shownBrush.cursor : (hover ?? (focused && shownBrush ? shownBrush.cursor : null));

  const describeBuckets = (a: number, b: number): string => {
    if (!histogram || start === null) return '';
    const selected = brushRange(histogram, a, b, range ?? undefined);
    if (!selected) return '';
    let count = 0;
    for (let i = Math.min(a, b); i <= Math.max(a, b); i++) count += totals[i] ?? 0;
    return `${formatInZone(selected.from, timeZone)} to ${formatInZone(selected.to, timeZone)}: ${formatCount(count)} ${count === 1 ? 'event' : 'events'}`;
  };

  const open = (a: number, b: number) => {
    if (!histogram) return;
    const selected = brushRange(histogram, a, b, range ?? undefined);
    if (selected) openEvents({ from: selected.from, to: selected.to });
  };

  const indexAt = (event: PointerEvent<SVGSVGElement>): number | null => {
    if (!layout || empty) return null;
    const rect = event.currentTarget.getBoundingClientRect();
    const x = ((event.clientX - rect.left) * width) / Math.max(1, rect.width);
    return bucketAt(x, layout);
  };

  const onPointerDown = (event: PointerEvent<SVGSVGElement>) => {
    if (event.button !== 0) return;
    const index = indexAt(event);
    if (index === null) return;
    event.currentTarget.setPointerCapture(event.pointerId);
    setBrush({ anchor: index, cursor: index, buckets });
    setDragging(true);
  };
  const onPointerMove = (event: PointerEvent<SVGSVGElement>) => {
    const index = indexAt(event);
    setHover(index);
    if (dragging && index !== null) setBrush((current) => (current ? { ...current, cursor: index } : current));
  };
  const onPointerUp = (event: PointerEvent<SVGSVGElement>) => {
    if (!dragging) return;
    setDragging(false);
    const index = indexAt(event);
    if (shownBrush && index !== null) open(shownBrush.anchor, index);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (empty || n === 0) return;
    if (BRUSH_KEYS.has(event.key)) {
      event.preventDefault();
      const key = event.key as Parameters<typeof moveBrush>[1];
      const from = shownBrush ?? (key === 'ArrowLeft' || key === 'End' ? { anchor: n, cursor: n } : { anchor: -1, cursor: -1 });
      setBrush({ ...moveBrush(from, key, event.shiftKey && shownBrush !== null, n), buckets });
    } else if (event.key === 'Enter' && shownBrush) {
      event.preventDefault();
      open(shownBrush.anchor, shownBrush.cursor);
    } else if (event.key === 'Escape' && shownBrush) {
      event.preventDefault();
      setBrush(null);
    }
  };

  const busiest = totals.reduce((best, total, index) => (total > (totals[best] ?? 0) ? index : best), 0);
  const summary =
    empty || !histogram || start === null
      ? 'Events over time: no events in this range.'
      : `Events over time, stacked by ${stackBy}: ${formatCount(grandTotal)} events in ${n} buckets of ${formatWidth(histogram.widthMicros)}. ` +
        `Busiest bucket from ${formatInZone(isoUtc(start + busiest * histogram.widthMicros), timeZone)}, ${formatCount(totals[busiest] ?? 0)} events.`;
  const visibleKeys = histogram ? histogram.keys.map((key, k) => ({ key, k, total: perKey[k] ?? 0 })).filter((entry) => entry.total > 0) : [];
  const announcement = focused && shownBrush ? `${describeBuckets(shownBrush.anchor, shownBrush.cursor)}. Enter opens them in the event viewer.` : '';
  const selLow = shownBrush ? Math.min(shownBrush.anchor, shownBrush.cursor) : 0;
  const selHigh = shownBrush ? Math.max(shownBrush.anchor, shownBrush.cursor) : -1;
  const tipBar = tipIndex !== null && layout ? layout.bars[tipIndex] : undefined;
  const dayBuckets = (histogram?.widthMicros ?? 0) >= DAY_MICROS;

  return (
    <section className={`dash-section dash-panel dash-histogram${stale ? ' dash-stale' : ''}`} aria-labelledby={`${id}-heading`}>
      <div className="dash-panel-bar">
        <h3 id={`${id}-heading`}>Events over time</h3>
        <div className="dash-toggle" role="group" aria-label="Stack by">
          {(['category', 'severity'] as const).map((key) => (
            <button key={key} type="button" aria-pressed={stackBy === key} onClick={() => onStackBy(key)}>
              By {key}
            </button>
          ))}
        </div>
      </div>
      {histogram && visibleKeys.length > 0 && range ? (
        <ul className="dash-legend" aria-label="Legend">
          {visibleKeys.map(({ key, total }) => (
            <li key={key}>
              <button type="button" className="dash-legend-item" onClick={() => openEvents(keyFilter(key, range))} title={`Open the viewer on ${key} events of the range`}>
                <span className={`dash-swatch ${seriesClass(key)}`} aria-hidden="true" />
                {key} <span className="muted">{formatCount(total)}</span>
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <div
        ref={wrapper}
        className="dash-chart"
        role="group"
        aria-label="Events over time chart: select buckets to open in the event viewer"
        aria-describedby={`${id}-keys`}
        tabIndex={empty ? -1 : 0}
        onKeyDown={onKeyDown}
        onFocus={() => setFocused(true)}
        onBlur={() => setFocused(false)}
        data-testid="histogram"
      >
        {empty ? (
          <p className="muted dash-chart-empty">{histogram ? 'No events in this range.' : 'Loading…'}</p>
        ) : (
          <svg
            role="img"
            aria-label={summary}
            width={box.width}
            height={box.height}
            viewBox={`0 0 ${box.width} ${box.height}`}
            onPointerDown={onPointerDown}
            onPointerMove={onPointerMove}
            onPointerUp={onPointerUp}
            onPointerCancel={() => setDragging(false)}
            onPointerLeave={() => setHover(null)}
          >
            {layout?.yTicks.map((tick) => (
              <g key={tick.value} className="dash-axis">
                <line x1={layout.plotLeft} x2={layout.plotLeft + layout.plotWidth} y1={tick.y} y2={tick.y} />
                <text x={layout.plotLeft - 6} y={tick.y} textAnchor="end" dominantBaseline="middle">
                  {formatCount(tick.value)}
                </text>
              </g>
            ))}
            {layout?.bars.map((bar) => (
              <g key={bar.index} className={bar.index === tipIndex ? 'dash-bar dash-bar-hover' : 'dash-bar'}>
                {bar.segments.map((segment) => (
                  <rect key={segment.key} className={seriesClass(segment.key)} x={bar.x} y={segment.y} width={bar.width} height={Math.max(0.5, segment.height)} />
                ))}
              </g>
            ))}
            {layout && shownBrush && selHigh >= selLow ? (
              <rect
                className="dash-brush"
                x={layout.plotLeft + selLow * layout.slot}
                y={layout.plotTop}
                width={(selHigh - selLow + 1) * layout.slot}
                height={layout.plotBottom - layout.plotTop}
              />
            ) : null}
            {layout && start !== null && histogram
              ? labelIndexes(n, Math.max(2, Math.floor(layout.plotWidth / 110))).map((index) => (
                  <text
                    key={index}
                    className="dash-axis"
                    x={layout.plotLeft + index * layout.slot}
                    y={layout.plotBottom + 18}
                    textAnchor={index === 0 ? 'start' : index === n - 1 ? 'end' : 'middle'}
                  >
                    {tickLabel(start + index * histogram.widthMicros, histogram.widthMicros, timeZone)}
                  </text>
                ))
              : null}
          </svg>
        )}
        {tipBar && histogram && start !== null ? (
          <Tooltip
            histogram={histogram}
            index={tipBar.index}
            start={start}
            timeZone={timeZone}
            left={tooltipLeft(tipBar.x, tipBar.width, width)}
            selection={dragging || (focused && shownBrush && selHigh > selLow) ? describeBuckets(selLow, selHigh) : null}
          />
        ) : null}
      </div>
      <p id={`${id}-keys`} className="help">
        Drag across the bars — or focus the chart, move with ← →, hold Shift to extend, press Enter — to open the event viewer on
        that time range.{dayBuckets ? ' Buckets are whole UTC days.' : ` Times in ${timeZone}.`}
      </p>
      <p className="visually-hidden" aria-live="polite">
        {announcement}
      </p>
      {histogram && start !== null && !empty ? (
        // A table ignores the 1px box of .visually-hidden, so a wrapper hides it.
        <div className="visually-hidden">
          <table>
            <caption>Events per bucket of {formatWidth(histogram.widthMicros)}, by {stackBy}, bucket starts in {timeZone}</caption>
            <thead>
              <tr>
                <th scope="col">Bucket start</th>
                <th scope="col">Total</th>
                {visibleKeys.map(({ key }) => (
                  <th key={key} scope="col">
                    {key}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {histogram.counts.map((row, index) => {
                const at = isoUtc(start + index * histogram.widthMicros);
                return (
                  <tr key={index}>
                    <th scope="row">{formatInZone(at, timeZone)}</th>
                    <td>{totals[index] ?? 0}</td>
                    {visibleKeys.map(({ key, k }) => (
                      <td key={key}>{row[k] ?? 0}</td>
                    ))}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}

const TOOLTIP_WIDTH = 280;

/** Beside the bar, not over it: to its right while there is room, else to its left. */
function tooltipLeft(barX: number, barWidth: number, chartWidth: number): number {
  const right = barX + barWidth + 10;
  if (right + TOOLTIP_WIDTH <= chartWidth) return right;
  return Math.max(0, barX - 10 - TOOLTIP_WIDTH);
}

function Tooltip({
  histogram,
  index,
  start,
  timeZone,
  left,
  selection,
}: {
  histogram: Histogram;
  index: number;
  start: number;
  timeZone: string;
  left: number;
  selection: string | null;
}) {
  const bounds = bucketBounds(start, histogram.widthMicros, index);
  const row = histogram.counts[index] ?? [];
  const total = row.reduce((sum, count) => sum + count, 0);
  const from = isoUtc(bounds.from);
  const to = isoUtc(bounds.to);
  return (
    <div className="dash-tooltip" style={{ left }} aria-hidden="true" data-testid="histogram-tooltip">
      <p className="dash-tooltip-when">
        <time dateTime={from} title={utcTitle(from)}>
          {formatInZone(from, timeZone)}
        </time>{' '}
        –{' '}
        <time dateTime={to} title={utcTitle(to)}>
          {formatInZone(to, timeZone)}
        </time>
      </p>
      <p className="dash-tooltip-total">
        {formatCount(total)} {total === 1 ? 'event' : 'events'}
      </p>
      <ul>
        {histogram.keys.map((key, k) =>
          (row[k] ?? 0) > 0 ? (
            <li key={key}>
              <span className={`dash-swatch ${seriesClass(key)}`} />
              {key} <span className="num">{formatCount(row[k] ?? 0)}</span>
            </li>
          ) : null,
        )}
      </ul>
      {selection ? <p className="dash-tooltip-selection">Selected: {selection}</p> : null}
    </div>
  );
}
