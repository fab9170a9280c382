import { useId, useState } from 'react';
import { fileOutcome, type FileImportResult, type ImportResult } from '../../../src-shared/imports';
import type { Job } from '../../../src-shared/jobs';
import { ApiError } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { baseName, formatCount } from '../../format';
import { formatName, plural } from './display';
import { QuarantineList } from './QuarantineList';
import { Sha256 } from './Sha256';
import { CountHeaders } from '../../components/CountHeaders';

const COLUMNS = 8;

function totals(result: ImportResult): string {
  return `(${formatCount(result.duplicates)} duplicates, ${formatCount(result.rejected)} rejected)`;
}

/** Step 3: what each file gave, with its quarantine one click away. */
export function ImportSummary({ job, result, labels }: { job: Job; result: ImportResult | null; labels: ReadonlyMap<string, string> }) {
  const unreadable = result?.files.filter((file) => fileOutcome(file) === 'not-imported').length ?? 0;
  const stopped = result?.files.filter((file) => fileOutcome(file) === 'stopped').length ?? 0;
  const readFiles = (result?.files.length ?? 0) - unreadable;
  const read = result?.files.reduce((sum, file) => sum + file.read, 0) ?? 0;
  return (
    <section className="import-step" aria-labelledby="summary-heading" data-testid="import-summary">
      <h3 id="summary-heading">3. Summary</h3>
      {unreadable > 0 ? (
        <p className="outcome-line warning" role="status">
          {unreadable === 1 ? 'One file was' : `${unreadable} files were`} not imported; see the reason below.
        </p>
      ) : null}
      {stopped > 0 ? (
        <p className="outcome-line warning" role="status" data-testid="stopped-outcome">
          {stopped === 1 ? 'One file' : `${stopped} files`} could not be read to the end; what was read before the failure is kept, and the reason below says where reading stopped.
        </p>
      ) : null}
      {job.status === 'COMPLETED' ? (
        <p className="outcome-line success" role="status">
          {result
            ? `Imported ${plural(result.imported, 'event')} from ${plural(readFiles, 'file')} ${totals(result)}.`
            : 'Import completed.'}
        </p>
      ) : null}
      {job.status === 'CANCELLED' ? (
        <p className="outcome-line warning" role="status" data-testid="cancelled-outcome">
          {result
            ? `Import cancelled after reading ${plural(read, 'record')}: ${plural(result.imported, 'event')} stored ${totals(result)}. What was stored is kept; nothing after that point was written, and each file below says how far it got.`
            : 'Import cancelled before any event was stored.'}
        </p>
      ) : null}
      {job.status === 'FAILED' ? (
        <ErrorAlert error={new ApiError(job.error?.code ?? 'INTERNAL', job.error?.message ?? 'The import failed.')} />
      ) : null}
      {result && result.files.length > 0 ? (
        <div className="table-wrap">
          <table className="data">
            <caption className="visually-hidden">Files imported</caption>
            <thead>
              <tr>
                <th scope="col">File</th>
                <th scope="col">Parts (format → platform)</th>
                <th scope="col">SHA-256</th>
                <CountHeaders labels={['Read', 'Imported', 'Duplicates', 'Rejected']} />
                <th scope="col">Notes</th>
              </tr>
            </thead>
            <tbody>
              {result.files.map((file, index) => (
                <FileRows key={`${file.path}-${index}`} file={file} label={labels.get(file.path) ?? baseName(file.path)} />
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}

function FileRows({ file, label }: { file: FileImportResult; label: string }) {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const quarantined = file.importId !== null && file.rejected > 0;
  return (
    <>
      <tr data-testid="summary-file">
        <th scope="row" className="file-name" title={file.path}>
          {label}
        </th>
        <td>
          {file.parts.length > 0 ? (
            <ul className="parts">
              {file.parts.map((part, index) => (
                <li key={`${part.part ?? ''}-${index}`}>
                  {part.part !== null ? `${part.part}: ` : ''}
                  {formatName(part.format)} → {part.platform ?? 'not recognised'}
                </li>
              ))}
            </ul>
          ) : (
            `${formatName(file.format)} → ${file.platform}`
          )}
        </td>
        <td className="mono nowrap" title={file.sha256 || 'not computed: the file was not read to the end'}>
          <Sha256 sha256={file.sha256} label={label} />
        </td>
        <td className="num">{formatCount(file.read)}</td>
        <td className="num">{formatCount(file.imported)}</td>
        <td className="num">{formatCount(file.duplicates)}</td>
        <td className="num">{formatCount(file.rejected)}</td>
        <td className="notes">
          {file.failure ? (
            <div className="alert" role="alert">
              <strong className="alert-title">{fileOutcome(file) === 'stopped' ? 'Stopped part-way' : 'Not imported'}</strong>
              <span className="alert-message">{file.failure}</span>
            </div>
          ) : null}
          {file.unzoned > 0 ? <p className="note warning-text">{plural(file.unzoned, 'event')} had no time zone and {file.unzoned === 1 ? 'was' : 'were'} read as UTC.</p> : null}
          {file.credentials > 0 ? <p className="note">{plural(file.credentials, 'credential row')} stored in the credentials roster.</p> : null}
          {quarantined ? (
            <button type="button" aria-expanded={open} aria-controls={panelId} onClick={() => setOpen((value) => !value)}>
              Quarantine ({formatCount(file.rejected)})
            </button>
          ) : null}
          {!file.failure && file.unzoned === 0 && file.credentials === 0 && !quarantined ? '—' : null}
        </td>
      </tr>
      {quarantined && open && file.importId !== null ? (
        <tr className="quarantine-row">
          <td colSpan={COLUMNS}>
            <QuarantineList importId={file.importId} label={label} id={panelId} />
          </td>
        </tr>
      ) : null}
    </>
  );
}
