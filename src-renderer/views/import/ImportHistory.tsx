import { useEffect, useId, useState } from 'react';
import type { ImportRecord } from '../../../src-shared/imports';
import { call, toApiError, type ApiError } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatCount, formatInZone, utcTitle } from '../../format';
import { formatName } from './display';
import { QuarantineList } from './QuarantineList';
import { Sha256 } from './Sha256';
import { CountHeaders } from '../../components/CountHeaders';

const COLUMNS = 9;

/**
 * The statuses of an import that stored only part of its file, with what that means for the
 * counts beside it: importing the file again adds the rest.
 */
const PARTIAL_NOTES: Readonly<Record<string, string>> = {
  INTERRUPTED: 'The app stopped during this import. The counts are what was stored; import the file again to add the rest (what is stored already counts as duplicates).',
  CANCELLED: 'Cancelled: the counts are what was stored; import the file again to add the rest.',
};

/**
 * Every import into this engagement (`imports.list`), newest as the engine orders them. An
 * interrupted or cancelled one offers to import its file again (`onImportAgain`, unless
 * `busy`): it goes to the review step like a dropped file.
 */
export function ImportHistory({ version, timeZone, busy, onImportAgain }: { version: number; timeZone: string; busy: boolean; onImportAgain: (record: ImportRecord) => void }) {
  const [imports, setImports] = useState<ImportRecord[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  useEffect(() => {
    let cancelled = false;
    call('imports.list', {})
      .then((answer) => {
        if (cancelled) return;
        setImports(answer.imports);
        setError(null);
      })
      .catch((caught: unknown) => {
        if (!cancelled) setError(toApiError(caught));
      });
    return () => {
      cancelled = true;
    };
  }, [version]);

  return (
    <section className="import-history" aria-labelledby="history-heading" data-testid="import-history">
      <h3 id="history-heading">Import history</h3>
      <ErrorAlert error={error} />
      {imports !== null && imports.length === 0 ? <p className="empty">Nothing has been imported into this engagement yet.</p> : null}
      {imports !== null && imports.length > 0 ? (
        <div className="table-wrap">
          <table className="data">
            <caption className="visually-hidden">Imports into this engagement</caption>
            <thead>
              <tr>
                <th scope="col">File</th>
                <th scope="col">Started</th>
                <th scope="col">Status</th>
                <th scope="col">Parts</th>
                <CountHeaders labels={['Read', 'Imported', 'Duplicates', 'Rejected']} />
                <th scope="col">SHA-256</th>
              </tr>
            </thead>
            <tbody>
              {imports.map((record) => (
                <HistoryRows key={record.id} record={record} timeZone={timeZone} busy={busy} onImportAgain={onImportAgain} />
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}

function HistoryRows({ record, timeZone, busy, onImportAgain }: { record: ImportRecord; timeZone: string; busy: boolean; onImportAgain: (record: ImportRecord) => void }) {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  return (
    <>
      <tr>
        <th scope="row" className="file-name" title={record.path}>
          {record.fileName}
        </th>
        <td className="nowrap">
          <time dateTime={record.startedAt} title={utcTitle(record.startedAt)}>
            {formatInZone(record.startedAt, timeZone)}
          </time>
        </td>
        <td>
          <span className={`import-status status-${record.status.toLowerCase()}`} title={PARTIAL_NOTES[record.status]}>
            {record.status.toLowerCase()}
          </span>
          {PARTIAL_NOTES[record.status] !== undefined ? (
            <button type="button" className="import-again" disabled={busy} onClick={() => onImportAgain(record)} aria-label={`Import ${record.fileName} again`}>
              Import again
            </button>
          ) : null}
        </td>
        <td>
          <ul className="parts">
            {record.parts.map((part, index) => (
              <li key={`${part.part ?? ''}-${index}`}>
                {part.part !== null ? `${part.part}: ` : ''}
                {formatName(part.format)} → {part.platform ?? 'not recognised'}
              </li>
            ))}
          </ul>
        </td>
        <td className="num">{formatCount(record.read)}</td>
        <td className="num">{formatCount(record.imported)}</td>
        <td className="num">{formatCount(record.duplicates)}</td>
        <td className="num">
          {record.rejected > 0 ? (
            <button type="button" aria-expanded={open} aria-controls={panelId} onClick={() => setOpen((value) => !value)}>
              Quarantine ({formatCount(record.rejected)})
            </button>
          ) : (
            '0'
          )}
        </td>
        <td className="mono nowrap" title={record.sha256 ?? 'not computed: the file was not read to the end'}>
          <Sha256 sha256={record.sha256 ?? ''} label={record.fileName} />
        </td>
      </tr>
      {open ? (
        <tr className="quarantine-row">
          <td colSpan={COLUMNS}>
            <QuarantineList importId={record.id} label={record.fileName} id={panelId} />
          </td>
        </tr>
      ) : null}
    </>
  );
}
