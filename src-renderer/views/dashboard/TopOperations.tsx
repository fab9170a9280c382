import type { Dashboard } from '../../../src-shared/query';
import { formatCount } from '../../format';
import { openEvents } from '../../navigation';
import type { TimeRange } from './range';

/** The five most frequent event types (doc 001, "Most active operations"); each opens the viewer on it. */
export function TopOperations({ top, range }: { top: Dashboard['topActions'] | null; range: TimeRange | null }) {
  const max = Math.max(1, ...(top ?? []).map((item) => item.count));
  return (
    <section className="dash-section dash-panel" aria-labelledby="dash-top-heading">
      <h3 id="dash-top-heading">Most active operations</h3>
      {top && top.length === 0 ? <p className="muted">No events in this range.</p> : null}
      {top && top.length > 0 ? (
        <ol className="dash-top">
          {top.slice(0, 5).map((item) => (
            <li key={item.action}>
              <button
                type="button"
                className="dash-top-item"
                disabled={!range}
                onClick={() => range && openEvents({ actions: [item.action], ...range })}
                aria-label={`${item.action}: ${formatCount(item.count)} ${item.count === 1 ? 'event' : 'events'}`}
              >
                <span className="dash-top-name mono">{item.action}</span>
                <span className="dash-top-count">{formatCount(item.count)}</span>
                <span className="dash-top-bar" aria-hidden="true">
                  <span style={{ width: `${(100 * item.count) / max}%` }} />
                </span>
              </button>
            </li>
          ))}
        </ol>
      ) : null}
    </section>
  );
}
