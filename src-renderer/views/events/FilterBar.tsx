import { useId, useState, type Ref } from 'react';
import { CATEGORIES, OUTCOMES, SEVERITIES, type Category, type Outcome, type Severity } from '../../../src-shared/event';
import type { EventFilter } from '../../../src-shared/query';
import { formatCount } from '../../format';
import { formatList, isFilterActive, parseList, withFilter } from './filterState';
import { Popover } from './Popover';
import { useDistinct, type DistinctField } from './useDistinct';
import { useDraftText } from './useDraftText';
import { utcIsoToZonedWall, zonedWallToUtcIso } from './zonedTime';

export interface FilterBarProps {
  filter: EventFilter;
  /** `typing`: a debounced text change (the route is replaced, not pushed) */
  onChange: (filter: EventFilter, options: { typing: boolean }) => void;
  timeZone: string;
  searchRef: Ref<HTMLInputElement>;
  /** suggestions are only asked for while the Events tab is shown */
  enabled: boolean;
}

/** Every filter of the viewer, combined with AND; each change lands in the route. */
export function FilterBar({ filter, onChange, timeZone, searchRef, enabled }: FilterBarProps) {
  const set = (patch: Partial<EventFilter>, typing = false) => onChange(withFilter(filter, patch), { typing });
  return (
    <div className="filter-bar" role="search" aria-label="Filter events" data-testid="filter-bar">
      <SearchField value={filter.search ?? ''} onCommit={(search) => set({ search }, true)} inputRef={searchRef} />
      <CheckboxFilter label="Category" options={CATEGORIES} selected={filter.categories} onChange={(categories: Category[]) => set({ categories })} />
      <SeverityFilter filter={filter} onChange={(patch) => set(patch)} />
      <CheckboxFilter label="Outcome" options={OUTCOMES} selected={filter.outcomes} onChange={(outcomes: Outcome[]) => set({ outcomes })} />
      <TextFilter
        label="Event type"
        field="action"
        list
        placeholder="e.g. user.login, role.grant"
        value={formatList(filter.actions)}
        onCommit={(text) => set({ actions: parseList(text) }, true)}
        enabled={enabled}
      />
      <TextFilter label="Actor" field="actor" placeholder="id, email or name" value={filter.actor ?? ''} onCommit={(actor) => set({ actor }, true)} enabled={enabled} />
      <TextFilter label="Subject" field="target" placeholder="id or name" value={filter.target ?? ''} onCommit={(target) => set({ target }, true)} enabled={enabled} />
      <TextFilter
        label="Source"
        field="source"
        list
        placeholder="source id"
        value={formatList(filter.sources)}
        onCommit={(text) => set({ sources: parseList(text) }, true)}
        enabled={enabled}
      />
      <TextFilter label="IP" field="ip" placeholder="10.0.0.1 or 10.0." value={filter.ip ?? ''} onCommit={(ip) => set({ ip }, true)} enabled={enabled} />
      <DateFilter label="From" help="inclusive" value={filter.from} timeZone={timeZone} onChange={(from) => set({ from })} />
      <DateFilter label="To" help="exclusive" value={filter.to} timeZone={timeZone} onChange={(to) => set({ to })} />
      {isFilterActive(filter) ? (
        <button type="button" className="clear-filters" onClick={() => onChange({}, { typing: false })}>
          Clear filters
        </button>
      ) : null}
    </div>
  );
}

function SearchField({ value, onCommit, inputRef }: { value: string; onCommit: (text: string) => void; inputRef: Ref<HTMLInputElement> }) {
  const { text, setText, flush } = useDraftText(value, onCommit);
  const id = useId();
  return (
    <div className="filter-field filter-search">
      <label htmlFor={id}>Search</label>
      <input
        ref={inputRef}
        id={id}
        type="search"
        value={text}
        placeholder="Words in description, type, actor, subject  ( / )"
        aria-keyshortcuts="/"
        onChange={(event) => setText(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter') flush();
        }}
      />
    </div>
  );
}

function TextFilter({
  label,
  field,
  value,
  onCommit,
  placeholder,
  list = false,
  enabled,
}: {
  label: string;
  field: DistinctField;
  value: string;
  onCommit: (text: string) => void;
  placeholder: string;
  /** a comma-separated list: suggestions complete the last item */
  list?: boolean;
  enabled: boolean;
}) {
  const { text, setText, flush } = useDraftText(value, onCommit);
  const [focused, setFocused] = useState(false);
  const id = useId();
  const listId = useId();
  const head = list ? text.slice(0, text.lastIndexOf(',') + 1) : '';
  const prefix = (list ? text.slice(head.length) : text).trim();
  const suggestions = useDistinct(field, prefix, enabled && focused);
  const lead = head ? `${head.trimEnd()} ` : '';
  return (
    <div className={`filter-field filter-${field}`}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="text"
        value={text}
        placeholder={placeholder}
        list={listId}
        autoComplete="off"
        spellCheck={false}
        onFocus={() => setFocused(true)}
        onBlur={() => {
          setFocused(false);
          flush();
        }}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter') flush();
        }}
      />
      <datalist id={listId}>
        {suggestions.map((suggestion) => (
          <option key={suggestion.value} value={`${lead}${suggestion.value}`} label={`${formatCount(suggestion.count)} events`} />
        ))}
      </datalist>
    </div>
  );
}

function CheckboxFilter<T extends string>({
  label,
  options,
  selected,
  onChange,
}: {
  label: string;
  options: readonly T[];
  selected: readonly T[] | undefined;
  onChange: (values: T[]) => void;
}) {
  const chosen = new Set<T>(selected ?? []);
  const toggle = (option: T, on: boolean) => onChange(options.filter((o) => (o === option ? on : chosen.has(o))));
  return (
    <div className="filter-field">
      <span className="filter-label" aria-hidden="true">
        {label}
      </span>
      <Popover
        label={chosen.size ? `${label} (${chosen.size})` : `${label}: any`}
        text={chosen.size === 1 ? [...chosen][0] : chosen.size ? `${chosen.size} selected` : 'any'}
        active={chosen.size > 0}
        className="filter-popover"
      >
        <fieldset className="checks">
          <legend className="visually-hidden">{label}</legend>
          {options.map((option) => (
            <label key={option} className="check">
              <input type="checkbox" checked={chosen.has(option)} onChange={(event) => toggle(option, event.target.checked)} />
              {option}
            </label>
          ))}
        </fieldset>
        {chosen.size ? (
          <button type="button" className="small" onClick={() => onChange([])}>
            Any {label.toLowerCase()}
          </button>
        ) : null}
      </Popover>
    </div>
  );
}

function SeverityFilter({ filter, onChange }: { filter: EventFilter; onChange: (patch: Partial<EventFilter>) => void }) {
  const chosen = new Set<Severity>(filter.severities ?? []);
  const count = chosen.size + (filter.minSeverity ? 1 : 0);
  const parts = [chosen.size ? `${chosen.size} exact` : null, filter.minSeverity ? `≥ ${filter.minSeverity}` : null].filter(Boolean);
  const summary = parts.length ? `Severity (${parts.join(', ')})` : 'Severity: any';
  const id = useId();
  return (
    <div className="filter-field">
      <span className="filter-label" aria-hidden="true">
        Severity
      </span>
      <Popover label={summary} text={parts.length ? parts.join(', ') : 'any'} active={count > 0} className="filter-popover">
        <div className="field">
          <label htmlFor={id}>At or above</label>
          <select id={id} value={filter.minSeverity ?? ''} onChange={(event) => onChange({ minSeverity: SEVERITIES.find((severity) => severity === event.target.value) })}>
            <option value="">(any)</option>
            {SEVERITIES.map((severity) => (
              <option key={severity} value={severity}>
                {severity}
              </option>
            ))}
          </select>
        </div>
        <fieldset className="checks">
          <legend>Exactly</legend>
          {SEVERITIES.map((severity) => (
            <label key={severity} className="check">
              <input
                type="checkbox"
                checked={chosen.has(severity)}
                onChange={(event) => onChange({ severities: SEVERITIES.filter((s) => (s === severity ? event.target.checked : chosen.has(s))) })}
              />
              {severity}
            </label>
          ))}
        </fieldset>
      </Popover>
    </div>
  );
}

function DateFilter({ label, help, value, timeZone, onChange }: { label: string; help: string; value: string | undefined; timeZone: string; onChange: (iso: string | undefined) => void }) {
  const id = useId();
  const wall = value ? utcIsoToZonedWall(value, timeZone) : '';
  return (
    <div className="filter-field filter-date">
      <label htmlFor={id}>
        {label} <span className="muted">({help}, {timeZone})</span>
      </label>
      <input
        id={id}
        type="datetime-local"
        value={wall}
        title={value ? `${value} (UTC)` : `${label}, in ${timeZone}`}
        onChange={(event) => onChange(event.target.value ? (zonedWallToUtcIso(event.target.value, timeZone) ?? undefined) : undefined)}
      />
    </div>
  );
}
