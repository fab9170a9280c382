import type { Dashboard, EventFilter } from '../../../src-shared/query';
import { formatCount } from '../../format';
import { openEvents } from '../../navigation';
import type { TimeRange } from './range';

interface CardSpec {
  id: string;
  label: string;
  value: (summary: Dashboard) => number;
  filter: (range: TimeRange) => EventFilter;
  /** what a click shows, for the button's description */
  opens: string;
  tone?: 'danger' | 'warning';
}

/** Doc 001's four metrics; each opens the viewer on the events it counts. */
const CARDS: readonly CardSpec[] = [
  { id: 'total', label: 'Total events', value: (s) => s.total, filter: (r) => ({ ...r }), opens: 'all events in the range' },
  {
    id: 'critical-error',
    label: 'Critical & Error',
    value: (s) => s.criticalAndError,
    filter: (r) => ({ severities: ['CRITICAL', 'ERROR'], ...r }),
    opens: 'CRITICAL and ERROR events in the range',
    tone: 'danger',
  },
  {
    id: 'warnings',
    label: 'Warnings',
    value: (s) => s.warnings,
    filter: (r) => ({ severities: ['WARNING'], ...r }),
    opens: 'WARNING events in the range',
    tone: 'warning',
  },
  {
    id: 'active-users',
    label: 'Active users',
    value: (s) => s.activeUsers,
    // The viewer has no "distinct actor" view: it opens on the range, where the actor column
    // and filter take over.
    filter: (r) => ({ ...r }),
    opens: 'the events of the range (distinct actors who triggered events)',
  },
];

export function MetricCards({ summary, range }: { summary: Dashboard | null; range: TimeRange | null }) {
  return (
    <ul className="dash-cards" aria-label="Metrics">
      {CARDS.map((card) => {
        const value = summary ? card.value(summary) : null;
        return (
          <li key={card.id}>
            <button
              type="button"
              className={`dash-card${card.tone && value ? ` dash-card-${card.tone}` : ''}`}
              data-testid={`card-${card.id}`}
              disabled={!range || value === null}
              onClick={() => range && openEvents(card.filter(range))}
              title={`Open the viewer on ${card.opens}`}
            >
              <span className="dash-card-label">{card.label}</span>
              <span className="dash-card-value" data-testid={`card-${card.id}-value`}>
                {value === null ? '—' : formatCount(value)}
              </span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}
