import { COLUMN_LABELS, MAX_WIDTH, MIN_WIDTH, defaultColumns, moveColumn, updateColumn, type Column } from './columns';
import { Popover } from './Popover';

/**
 * The keyboard way to do what the header does with the mouse: show or hide, move, and set the
 * width of each column.
 */
export function ColumnsMenu({ columns, onChange }: { columns: readonly Column[]; onChange: (columns: Column[]) => void }) {
  const hiddenCount = columns.filter((column) => column.hidden).length;
  return (
    <Popover label={hiddenCount ? `Columns (${hiddenCount} hidden)` : 'Columns'} className="columns-menu" testId="columns-menu">
      <ol className="columns-list">
        {columns.map((column, i) => {
          const label = COLUMN_LABELS[column.id];
          return (
            <li key={column.id}>
              <label className="check">
                <input
                  type="checkbox"
                  checked={!column.hidden}
                  onChange={(event) => onChange(updateColumn(columns, column.id, { hidden: !event.target.checked }))}
                />
                Show {label}
              </label>
              <span className="column-tools">
                <button type="button" className="small" aria-label={`Move ${label} up`} disabled={i === 0} onClick={() => onChange(moveColumn(columns, column.id, -1))}>
                  ↑
                </button>
                <button
                  type="button"
                  className="small"
                  aria-label={`Move ${label} down`}
                  disabled={i === columns.length - 1}
                  onClick={() => onChange(moveColumn(columns, column.id, 1))}
                >
                  ↓
                </button>
                <label className="width-field">
                  <span className="visually-hidden">Width of {label} in pixels</span>
                  <input
                    type="number"
                    min={MIN_WIDTH}
                    max={MAX_WIDTH}
                    step={10}
                    value={column.width}
                    onChange={(event) => {
                      const width = Number(event.target.value);
                      if (Number.isFinite(width) && width >= MIN_WIDTH) onChange(updateColumn(columns, column.id, { width }));
                    }}
                  />
                  <span aria-hidden="true">px</span>
                </label>
              </span>
            </li>
          );
        })}
      </ol>
      <div className="actions">
        <button type="button" onClick={() => onChange(defaultColumns())}>
          Reset columns
        </button>
      </div>
    </Popover>
  );
}
