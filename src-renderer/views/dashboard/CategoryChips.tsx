import { CATEGORIES } from '../../../src-shared/event';
import { formatCount } from '../../format';
import { openEvents } from '../../navigation';
import { seriesClass } from './palette';
import type { TimeRange } from './range';

/** The 14 categories with their counts (doc 001, "Event categories"); a chip opens the viewer on it. */
export function CategoryChips({ byCategory, range }: { byCategory: Record<string, number> | null; range: TimeRange | null }) {
  return (
    <section className="dash-section" aria-labelledby="dash-categories-heading">
      <h3 id="dash-categories-heading">Event categories</h3>
      <ul className="dash-chips">
        {CATEGORIES.map((category) => {
          const count = byCategory?.[category] ?? null;
          return (
            <li key={category}>
              <button
                type="button"
                className={`dash-chip${count === 0 ? ' dash-chip-zero' : ''}`}
                data-testid={`chip-${category}`}
                disabled={!range || count === null}
                onClick={() => range && openEvents({ categories: [category], ...range })}
                aria-label={`${category}: ${count === null ? 'loading' : `${formatCount(count)} ${count === 1 ? 'event' : 'events'}`}`}
              >
                <span className={`dash-swatch ${seriesClass(category)}`} aria-hidden="true" />
                <span className="dash-chip-name">{category}</span>
                <span className="dash-chip-count">{count === null ? '—' : formatCount(count)}</span>
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
