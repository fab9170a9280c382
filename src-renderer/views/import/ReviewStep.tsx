import { IMPORT_FORMATS, type ImportFormat } from '../../../src-shared/imports';
import { baseName, formatCount } from '../../format';
import { formatBytes, formatName, plural } from './display';
import { blockingProblem, choiceFromValue, choiceValue, detectedFormats, mappablePart, reviewRows, type InspectedPart, type PlatformChoice, type ReviewFile } from './review';

export interface PlatformOption {
  id: string;
  name: string;
}

const MAP_COLUMNS = 'map';

function partLine(part: InspectedPart): string {
  const where = part.part === null ? '' : `${part.part}: `;
  return `${where}${formatName(part.format)} → ${part.platformName ?? 'not recognised'}`;
}


function detectedPlatforms(file: ReviewFile): string {
  const names = [...new Set(file.inspected.parts.map((part) => part.platformName).filter((name): name is string => name !== null))];
  if (names.length === 0) return 'Not recognised';
  return `Detected: ${names.join(', ')}`;
}

function resolution(file: ReviewFile, platforms: readonly PlatformOption[]): string {
  if (file.choice.kind === 'profile') return `Will import with the column mapping “${file.choice.name}”.`;
  if (file.choice.kind === 'platform') {
    const id = file.choice.id;
    return `Will import as ${platforms.find((p) => p.id === id)?.name ?? id}.`;
  }
  const unknown = file.inspected.parts.filter((part) => part.platform === null).length;
  if (unknown > 0) return `${plural(unknown, 'part')} not recognised; the others import as detected.`;
  return 'Ready.';
}

export function ReviewStep({
  files,
  platforms,
  profiles,
  busy,
  onFormat,
  onChoice,
  onMap,
  onRemove,
  onClear,
  onStart,
}: {
  files: readonly ReviewFile[];
  platforms: readonly PlatformOption[];
  profiles: readonly string[];
  busy: boolean;
  onFormat: (path: string, format: ImportFormat) => void;
  onChoice: (path: string, choice: PlatformChoice) => void;
  onMap: (path: string) => void;
  onRemove: (path: string) => void;
  onClear: () => void;
  onStart: () => void;
}) {
  const blocked = files.filter((file) => blockingProblem(file) !== null).length;
  const { shown, summarised } = reviewRows(files);
  const summarisedFiles = summarised.reduce((n, group) => n + group.files, 0);
  return (
    <section className="import-step" aria-labelledby="review-heading" data-testid="import-review">
      <h3 id="review-heading">1. Review</h3>
      <div className="table-wrap">
        <table className="data">
          <caption className="visually-hidden">Files to import, with the detected format and platform of each part</caption>
          <thead>
            <tr>
              <th scope="col">File</th>
              <th scope="col" className="num">
                Size
              </th>
              <th scope="col">Detected parts</th>
              <th scope="col">Format</th>
              <th scope="col">Platform</th>
              <th scope="col">Status</th>
              <th scope="col">
                <span className="visually-hidden">Remove</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {shown.map((file) => {
              const problem = blockingProblem(file);
              const canMap = mappablePart(file) !== null;
              return (
                <tr key={file.path} data-review-state={problem === null ? 'ready' : 'blocked'}>
                  <th scope="row" className="file-name" title={file.path}>
                    {file.label === file.path ? baseName(file.path) : file.label}
                  </th>
                  <td className="num nowrap">{formatBytes(file.inspected.size)}</td>
                  <td>
                    {file.inspected.parts.length === 0 ? (
                      '—'
                    ) : (
                      <ul className="parts">
                        {file.inspected.parts.map((part, index) => (
                          <li key={`${part.part ?? ''}-${index}`} className={part.platform === null ? 'unrecognised' : undefined}>
                            {partLine(part)}
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                  <td>
                    <select aria-label={`Format of ${file.label}`} value={file.format} disabled={busy} onChange={(event) => {
                        const format = IMPORT_FORMATS.find((candidate) => candidate === event.target.value);
                        if (format) onFormat(file.path, format);
                      }}>
                      {IMPORT_FORMATS.map((format) => (
                        <option key={format} value={format}>
                          {format === 'auto' ? `Auto (${detectedFormats(file).join(', ') || 'none'})` : formatName(format)}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>
                    <select
                      aria-label={`Platform of ${file.label}`}
                      data-platform-for={file.path}
                      value={choiceValue(file.choice)}
                      disabled={busy}
                      onChange={(event) => {
                        if (event.target.value === MAP_COLUMNS) {
                          onMap(file.path);
                          return;
                        }
                        const choice = choiceFromValue(event.target.value);
                        if (choice) onChoice(file.path, choice);
                      }}
                    >
                      <option value="detected">{detectedPlatforms(file)}</option>
                      {canMap ? <option value={MAP_COLUMNS}>Map columns…</option> : null}
                      {profiles.length > 0 ? (
                        <optgroup label="Saved column mappings">
                          {profiles.map((name) => (
                            <option key={name} value={`profile:${name}`}>
                              {name}
                            </option>
                          ))}
                        </optgroup>
                      ) : null}
                      <optgroup label="Platforms">
                        {platforms.map((platform) => (
                          <option key={platform.id} value={`platform:${platform.id}`}>
                            {platform.name}
                          </option>
                        ))}
                      </optgroup>
                    </select>
                  </td>
                  <td className="status">
                    {problem !== null ? <p className="problem">{problem}</p> : <p className="ready">{resolution(file, platforms)}</p>}
                    {problem !== null && canMap ? (
                      <button type="button" className="link" disabled={busy} onClick={() => onMap(file.path)}>
                        Map columns…
                      </button>
                    ) : null}
                  </td>
                  <td>
                    <button type="button" aria-label={`Remove ${file.label}`} title="Remove from this import" disabled={busy} onClick={() => onRemove(file.path)}>
                      Remove
                    </button>
                  </td>
                </tr>
              );
            })}
            {summarised.length > 0 ? (
              <tr className="summary-row" data-testid="review-summarised">
                <td colSpan={7}>
                  {`${formatCount(summarisedFiles)} more ${summarisedFiles === 1 ? 'file' : 'files'}, ready as detected: `}
                  {summarised.map((group) => `${formatCount(group.files)} × ${group.detected} (${formatBytes(group.bytes)})`).join('; ')}
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </div>
      <div className="actions">
        <button type="button" className="primary" disabled={busy || files.length === 0 || blocked > 0} aria-describedby={blocked > 0 ? 'review-blocked' : undefined} onClick={onStart}>
          Start import
        </button>
        <button type="button" disabled={busy} onClick={onClear}>
          Clear
        </button>
      </div>
      {blocked > 0 ? (
        <p id="review-blocked" className="help">
          {blocked === 1 ? 'One file needs' : `${blocked} files need`} a platform, a column mapping or removal before the import can start.
        </p>
      ) : null}
    </section>
  );
}
