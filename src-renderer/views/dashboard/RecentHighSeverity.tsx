import type { EventRow } from '../../../src-shared/event';
import { formatInZone, utcTitle } from '../../format';
import { openEvents } from '../../navigation';
import type { TimeRange } from './range';

/** The latest five CRITICAL/ERROR events of the range (doc 001, "Recent high-severity events"). */
export function RecentHighSeverity({ rows, range, timeZone }: { rows: EventRow[] | null; range: TimeRange | null; timeZone: string }) {
  return (
    <section className="dash-section dash-panel" aria-labelledby="dash-recent-heading">
      <div className="dash-panel-bar">
        <h3 id="dash-recent-heading">Recent high-severity events</h3>
        <button type="button" className="link-button" disabled={!range} onClick={() => range && openEvents({ severities: ['CRITICAL', 'ERROR'], ...range })}>
          Show all
        </button>
      </div>
      {rows && rows.length === 0 ? <p className="muted">No CRITICAL or ERROR events in this range.</p> : null}
      {rows && rows.length > 0 ? (
        <table className="data dash-recent">
          <caption className="visually-hidden">The latest CRITICAL and ERROR events of the range, times in {timeZone}</caption>
          <thead>
            <tr>
              <th scope="col">When ({timeZone})</th>
              <th scope="col">Severity</th>
              <th scope="col">Category</th>
              <th scope="col">Description</th>
            </tr>
          </thead>
          <tbody>
            {rows.slice(0, 5).map((row) => (
              <tr key={row.uid}>
                <td className="nowrap">
                  <time dateTime={row.occurredAt} title={utcTitle(row.occurredAt)}>
                    {formatInZone(row.occurredAt, timeZone)}
                  </time>
                </td>
                <td>
                  <span className={`severity severity-${row.severity.toLowerCase()}`}>{row.severity}</span>
                </td>
                <td>{row.category}</td>
                <td className="description">
                  {row.description}
                  <span className="dash-recent-action mono">{row.action}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
