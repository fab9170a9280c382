import { useId } from 'react';

export interface OutcomeRow {
  word: string;
  outcome: string;
}

/**
 * The tenant's own outcome words ("GRANTED", "REFUSED") and what each means. Common words
 * (success, ok, failed, denied…) are understood without a row.
 */
export function OutcomeWords({
  rows,
  onChange,
  sampleWord,
  outcomes,
}: {
  rows: readonly OutcomeRow[];
  onChange: (rows: OutcomeRow[]) => void;
  sampleWord: string;
  outcomes: readonly string[];
}) {
  const id = useId();
  const update = (index: number, patch: Partial<OutcomeRow>) => onChange(rows.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  const first = outcomes[0] ?? 'success';
  return (
    <fieldset className="outcome-words">
      <legend>Outcome words</legend>
      <p className="help">Success, ok, failed, error, denied and the like are understood as they are; add the words this tenant uses otherwise.</p>
      {rows.map((row, index) => (
        <div className="field-row outcome-word" key={index}>
          <div className="field">
            <label htmlFor={`${id}-word-${index}`}>Outcome word {index + 1}</label>
            <input id={`${id}-word-${index}`} type="text" value={row.word} onChange={(event) => update(index, { word: event.target.value })} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-means-${index}`}>Means</label>
            <select id={`${id}-means-${index}`} value={row.outcome} onChange={(event) => update(index, { outcome: event.target.value })}>
              {outcomes.map((outcome) => (
                <option key={outcome} value={outcome}>
                  {outcome}
                </option>
              ))}
            </select>
          </div>
          <button type="button" aria-label={`Remove outcome word ${index + 1}`} onClick={() => onChange(rows.filter((_, i) => i !== index))}>
            Remove
          </button>
        </div>
      ))}
      <button type="button" onClick={() => onChange([...rows, { word: rows.length === 0 ? sampleWord : '', outcome: first }])}>
        Add outcome word
      </button>
    </fieldset>
  );
}
