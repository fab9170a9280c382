import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { CATEGORIES, SEVERITIES } from '../../../src-shared/event';
import { mappingProfileSchema, PROFILE_OUTCOMES, TIME_FORMATS, type MappingProfile } from '../../../src-shared/mappingProfile';
import { call, toApiError, type ApiError } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { COLUMN_FIELDS, isColumnField, partColumns, sourceIdFrom, type ColumnField } from './mappingFields';
import { OutcomeWords, type OutcomeRow } from './OutcomeWords';
import type { InspectedPart, ReviewFile } from './review';

type Columns = Partial<Record<ColumnField, string>>;

const TIME_FORMAT_LABELS: Readonly<Record<(typeof TIME_FORMATS)[number], string>> = {
  auto: 'Detect (ISO-8601 or epoch)',
  iso: 'ISO-8601',
  'epoch-s': 'Epoch seconds',
  'epoch-ms': 'Epoch milliseconds',
};

function timeZones(): string[] {
  try {
    return ['UTC', ...Intl.supportedValuesOf('timeZone').filter((zone) => zone !== 'UTC')];
  } catch {
    return ['UTC'];
  }
}

const PLACE_NAMES: Readonly<Record<string, string>> = { name: 'Mapping name', sourceId: 'Source id', outcomes: 'Outcome words', timeZone: 'Time zone' };

/** A schema issue in the form's own words: the control it concerns, then what is wrong. */
function describeIssue(issue: { path: PropertyKey[]; code: string; message: string }): string {
  const [head, field] = issue.path.map(String);
  const column = head === 'fields' && field !== undefined ? COLUMN_FIELDS.find((entry) => entry.field === field) : undefined;
  if (column) return `${column.label}: ${issue.code === 'invalid_type' ? 'choose the column that holds it' : issue.message}`;
  const place = (head === 'fields' ? field : head) ?? '';
  return `${PLACE_NAMES[place] ?? (place || 'Mapping')}: ${issue.message}`;
}

/**
 * The column-mapping step for a part no platform recognised: which column (or dotted JSON
 * path) holds each canonical field, prefilled by `profiles.suggest`, saved as a named profile
 * (`profiles.save`) that the file then imports with and later exports can reuse.
 */
export function MapColumns({
  file,
  part,
  existing,
  onSaved,
  onCancel,
}: {
  file: ReviewFile;
  part: InspectedPart;
  existing: readonly string[];
  onSaved: (name: string) => void;
  onCancel: () => void;
}) {
  const id = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const { columns, values, sampleObject } = useMemo(() => partColumns(part.header, part.sample), [part]);
  const zones = useMemo(() => timeZones(), []);
  const [fields, setFields] = useState<Columns>({});
  const [timeFormat, setTimeFormat] = useState<(typeof TIME_FORMATS)[number]>('auto');
  const [timeZone, setTimeZone] = useState('');
  const [name, setName] = useState('');
  const [sourceId, setSourceId] = useState('');
  const [sourceIdEdited, setSourceIdEdited] = useState(false);
  const [outcomes, setOutcomes] = useState<OutcomeRow[]>([]);
  const [defaultCategory, setDefaultCategory] = useState('');
  const [defaultSeverity, setDefaultSeverity] = useState('');
  const [issues, setIssues] = useState<string[]>([]);
  const [error, setError] = useState<ApiError | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => heading.current?.focus(), []);

  useEffect(() => {
    let cancelled = false;
    const request = part.header ? { header: part.header } : sampleObject ? { sample: sampleObject } : null;
    if (!request) return;
    call('profiles.suggest', request)
      .then(({ fields: suggested }) => {
        if (cancelled) return;
        const prefilled: Columns = {};
        for (const [field, column] of Object.entries(suggested)) if (isColumnField(field)) prefilled[field] = column;
        // The auditor's own choices win over a suggestion that arrives late.
        setFields((current) => ({ ...prefilled, ...current }));
      })
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, [part, sampleObject]);

  const effectiveSourceId = sourceIdEdited ? sourceId : sourceIdFrom(name);

  const profile = (): unknown => ({
    name: name.trim(),
    sourceId: effectiveSourceId,
    fields: {
      ...Object.fromEntries(Object.entries(fields).filter(([, column]) => column !== '')),
      ...(timeFormat !== 'auto' ? { timeFormat } : {}),
      ...(timeZone !== '' ? { timeZone } : {}),
    },
    ...(outcomes.some((row) => row.word.trim() !== '')
      ? { outcomes: Object.fromEntries(outcomes.filter((row) => row.word.trim() !== '').map((row) => [row.word.trim(), row.outcome])) }
      : {}),
    ...(defaultCategory !== '' ? { defaultCategory } : {}),
    ...(defaultSeverity !== '' ? { defaultSeverity } : {}),
  });

  const save = async () => {
    setError(null);
    const parsed = mappingProfileSchema.safeParse(profile());
    if (!parsed.success) {
      setIssues(parsed.error.issues.map(describeIssue));
      return;
    }
    setIssues([]);
    setSaving(true);
    try {
      const saved = await call('profiles.save', { profile: parsed.data satisfies MappingProfile });
      onSaved(saved.name);
    } catch (caught) {
      setError(toApiError(caught));
      setSaving(false);
    }
  };

  const outcomeColumn = fields.outcome ?? '';
  return (
    <section className="import-step mapping" aria-labelledby={`${id}-heading`} data-testid="map-columns">
      <h3 id={`${id}-heading`} ref={heading} tabIndex={-1}>
        Map columns — {file.label}
        {part.part !== null ? <span className="muted"> ({part.part})</span> : null}
      </h3>
      <p className="help">Choose the column that holds each field. Time and action are required; unmapped columns are kept with each event.</p>
      <form
        className="form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
      >
        <div className="mapping-layout">
          <fieldset className="mapping-fields">
            <legend>Fields</legend>
            {COLUMN_FIELDS.map(({ field, label, required }) => {
              const column = fields[field] ?? '';
              const sampleValue = column !== '' ? values.get(column) : undefined;
              return (
                <div className="field mapping-row" key={field}>
                  <label htmlFor={`${id}-${field}`}>
                    {label}
                    {required ? <span className="required"> (required)</span> : null}
                  </label>
                  <select id={`${id}-${field}`} value={column} aria-required={required} onChange={(event) => setFields((current) => ({ ...current, [field]: event.target.value }))}>
                    <option value="">— not mapped —</option>
                    {columns.map((name) => (
                      <option key={name} value={name}>
                        {name}
                      </option>
                    ))}
                  </select>
                  {sampleValue !== undefined ? <span className="sample-value mono">{sampleValue === '' ? '(empty)' : sampleValue}</span> : null}
                </div>
              );
            })}
          </fieldset>
          <div className="mapping-side">
            <fieldset className="field-row">
              <legend>Time</legend>
              <div className="field">
                <label htmlFor={`${id}-time-format`}>Time format</label>
                <select id={`${id}-time-format`} value={timeFormat} onChange={(event) => setTimeFormat(TIME_FORMATS.find((f) => f === event.target.value) ?? 'auto')}>
                  {TIME_FORMATS.map((format) => (
                    <option key={format} value={format}>
                      {TIME_FORMAT_LABELS[format]}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field">
                <label htmlFor={`${id}-time-zone`}>Time zone of zone-less times</label>
                <select id={`${id}-time-zone`} value={timeZone} aria-describedby={`${id}-zone-help`} onChange={(event) => setTimeZone(event.target.value)}>
                  <option value="">None given (read as UTC, flagged)</option>
                  {zones.map((zone) => (
                    <option key={zone} value={zone}>
                      {zone}
                    </option>
                  ))}
                </select>
                <p id={`${id}-zone-help`} className="help">
                  Only for times written without an offset; times with one are read as written.
                </p>
              </div>
            </fieldset>
            {outcomeColumn !== '' ? (
              <OutcomeWords rows={outcomes} onChange={setOutcomes} sampleWord={values.get(outcomeColumn) ?? ''} outcomes={PROFILE_OUTCOMES} />
            ) : null}
            <fieldset className="field-row">
              <legend>Classification when the export has none</legend>
              <div className="field">
                <label htmlFor={`${id}-category`}>Default category</label>
                <select id={`${id}-category`} value={defaultCategory} onChange={(event) => setDefaultCategory(event.target.value)}>
                  <option value="">SYSTEM (default)</option>
                  {CATEGORIES.map((category) => (
                    <option key={category} value={category}>
                      {category}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field">
                <label htmlFor={`${id}-severity`}>Default severity</label>
                <select id={`${id}-severity`} value={defaultSeverity} onChange={(event) => setDefaultSeverity(event.target.value)}>
                  <option value="">INFO (default)</option>
                  {SEVERITIES.map((severity) => (
                    <option key={severity} value={severity}>
                      {severity}
                    </option>
                  ))}
                </select>
              </div>
            </fieldset>
            <div className="field">
              <span className="field-label" id={`${id}-sample-label`}>
                First record
              </span>
              <pre className="sample mono" aria-labelledby={`${id}-sample-label`} tabIndex={0}>
                {part.sample ?? '(no record could be read)'}
              </pre>
            </div>
          </div>
        </div>
        <fieldset className="field-row">
          <legend>Save as a column mapping</legend>
          <div className="field">
            <label htmlFor={`${id}-name`}>Mapping name</label>
            <input id={`${id}-name`} type="text" value={name} aria-required="true" onChange={(event) => setName(event.target.value)} />
            {existing.includes(name.trim()) ? <p className="help">A mapping with this name exists; saving replaces it.</p> : null}
          </div>
          <div className="field">
            <label htmlFor={`${id}-source`}>Source id</label>
            <input
              id={`${id}-source`}
              type="text"
              value={effectiveSourceId}
              aria-describedby={`${id}-source-help`}
              onChange={(event) => {
                setSourceIdEdited(true);
                setSourceId(event.target.value);
              }}
            />
            <p id={`${id}-source-help`} className="help">
              Names this tenant&apos;s events (lower-case letters, digits, “.”, “_”, “-”); events repeat-imported under the same id are recognised as duplicates.
            </p>
          </div>
        </fieldset>
        {issues.length > 0 ? (
          <div className="alert" role="alert">
            <strong className="alert-title">The mapping is not complete</strong>
            <ul className="errors">
              {issues.map((issue) => (
                <li key={issue}>{issue}</li>
              ))}
            </ul>
          </div>
        ) : null}
        <ErrorAlert error={error} />
        <div className="actions">
          <button type="submit" className="primary" disabled={saving}>
            {saving ? 'Saving…' : 'Save mapping and use it'}
          </button>
          <button type="button" onClick={onCancel} disabled={saving}>
            Cancel
          </button>
        </div>
      </form>
    </section>
  );
}
