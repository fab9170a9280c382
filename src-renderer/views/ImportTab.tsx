import { useCallback, useEffect, useState } from 'react';
import type { InspectedFile } from '../../src-shared/imports';
import { importResultSchema } from '../../src-shared/imports';
import { isFinished } from '../../src-shared/jobs';
import { call, toApiError, transport, type ApiError, type ResolvedPath, type UploadProgress } from '../api';
import { ErrorAlert } from '../components/ErrorAlert';
import { DropZone } from './import/DropZone';
import { ImportHistory } from './import/ImportHistory';
import { ImportSummary } from './import/ImportSummary';
import { JobProgress } from './import/JobProgress';
import { MapColumns } from './import/MapColumns';
import { ReviewStep, type PlatformOption } from './import/ReviewStep';
import { fileRequest, mappablePart, mergeReview, type PlatformChoice, type ReviewFile } from './import/review';
import { useImportJob } from './import/useImportJob';
import './import/import.css';

type Preparing = { kind: 'upload'; upload: UploadProgress } | { kind: 'inspect'; count: number };

/**
 * The Import view: choose files and folders → review what was detected (format, platform, or
 * a column mapping for an unknown tenant) → import with progress and cancel → a summary per
 * file with its quarantine; below, every import this engagement has had.
 */
export function ImportTab({ onImported }: { onImported: () => void }) {
  const [platforms, setPlatforms] = useState<PlatformOption[]>([]);
  const [profiles, setProfiles] = useState<string[]>([]);
  const [timeZone, setTimeZone] = useState('UTC');
  const [review, setReview] = useState<ReviewFile[]>([]);
  const [labels, setLabels] = useState<ReadonlyMap<string, string>>(new Map());
  const [preparing, setPreparing] = useState<Preparing | null>(null);
  const [mapping, setMapping] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [cancelling, setCancelling] = useState(false);
  const [historyVersion, setHistoryVersion] = useState(0);

  const finished = useCallback(() => {
    setCancelling(false);
    setHistoryVersion((v) => v + 1);
    onImported();
  }, [onImported]);
  const { job, eta, begin, accept, clear } = useImportJob(finished);

  const loadProfiles = useCallback(
    () =>
      call('profiles.list', {}).then((answer) => {
        setProfiles(answer.profiles.map((entry) => entry.name));
      }),
    [],
  );

  useEffect(() => {
    call('import.platforms', {}).then((answer) => setPlatforms(answer.platforms), (caught: unknown) => setError(toApiError(caught)));
    call('profiles.list', {}).then((answer) => setProfiles(answer.profiles.map((entry) => entry.name)), () => undefined);
    call('engagement.current', {}).then((current) => setTimeZone(current?.timeZone ?? 'UTC'), () => undefined);
  }, []);

  const running = job !== null && !isFinished(job.status);
  const busy = preparing !== null || running;

  const add = async (resolve: (onProgress: (upload: UploadProgress) => void) => Promise<ResolvedPath[]>) => {
    if (busy) return;
    setError(null);
    if (job && isFinished(job.status)) clear();
    try {
      const resolved = await resolve((upload) => setPreparing({ kind: 'upload', upload }));
      if (resolved.length === 0) return;
      setLabels((current) => new Map([...current, ...resolved.map((r): [string, string] => [r.path, r.label])]));
      setPreparing({ kind: 'inspect', count: resolved.length });
      const { files } = await call('import.inspect', { paths: resolved.map((r) => r.path) });
      const known = new Map([...labels, ...resolved.map((r): [string, string] => [r.path, r.label])]);
      setReview((current) => mergeReview(current, files satisfies InspectedFile[], known));
    } catch (caught) {
      setError(toApiError(caught));
    } finally {
      setPreparing(null);
    }
  };

  const update = (path: string, patch: Partial<Pick<ReviewFile, 'format' | 'choice'>>) =>
    setReview((current) => current.map((file) => (file.path === path ? { ...file, ...patch } : file)));

  const start = async () => {
    if (busy || review.length === 0) return;
    setError(null);
    setCancelling(false);
    setPreparing({ kind: 'inspect', count: 0 });
    try {
      begin(await call('import.start', { files: review.map(fileRequest) }));
      setReview([]);
      setMapping(null);
    } catch (caught) {
      setError(toApiError(caught));
    } finally {
      setPreparing(null);
    }
  };

  const cancel = async () => {
    if (!job) return;
    setCancelling(true);
    try {
      accept(await call('jobs.cancel', { id: job.id }));
    } catch (caught) {
      setError(toApiError(caught));
      setCancelling(false);
    }
  };

  // Closing the mapping form hands focus back to the control that opened it.
  const closeMapping = (path: string) => {
    setMapping(null);
    window.requestAnimationFrame(() => {
      document.querySelector<HTMLSelectElement>(`select[data-platform-for="${CSS.escape(path)}"]`)?.focus();
    });
  };

  const mappingFile = review.find((file) => file.path === mapping) ?? null;
  const mappingPart = mappingFile ? mappablePart(mappingFile) : null;
  const parsed = job ? importResultSchema.safeParse(job.result) : null;
  const step = running ? 'import' : job ? 'summary' : 'review';

  return (
    <section aria-labelledby="import-heading" className="import-view">
      <div className="section-bar">
        <h2 id="import-heading">Import</h2>
      </div>
      <ol className="steps" aria-label="Import steps">
        <li aria-current={step === 'review' ? 'step' : undefined}>Review</li>
        <li aria-current={step === 'import' ? 'step' : undefined}>Import</li>
        <li aria-current={step === 'summary' ? 'step' : undefined}>Summary</li>
      </ol>
      <DropZone
        disabled={busy}
        onFiles={(files) => void add((onProgress) => transport.resolveFiles(files, onProgress))}
        onDrop={(data) => void add((onProgress) => transport.resolveDrop(data, onProgress))}
      />
      <ErrorAlert error={error} />
      {preparing ? <Preparing preparing={preparing} /> : null}
      {review.length > 0 ? (
        <ReviewStep
          files={review}
          platforms={platforms}
          profiles={profiles}
          busy={busy}
          onFormat={(path, format) => update(path, { format })}
          onChoice={(path, choice: PlatformChoice) => update(path, { choice })}
          onMap={setMapping}
          onRemove={(path) => {
            setReview((current) => current.filter((file) => file.path !== path));
            if (mapping === path) setMapping(null);
          }}
          onClear={() => {
            setReview([]);
            setMapping(null);
          }}
          onStart={() => void start()}
        />
      ) : null}
      {mappingFile && mappingPart ? (
        <MapColumns
          key={mappingFile.path}
          file={mappingFile}
          part={mappingPart}
          existing={profiles}
          onCancel={() => closeMapping(mappingFile.path)}
          onSaved={(name) => {
            setProfiles((current) => (current.includes(name) ? current : [...current, name]));
            update(mappingFile.path, { choice: { kind: 'profile', name } });
            closeMapping(mappingFile.path);
            loadProfiles().catch((caught: unknown) => setError(toApiError(caught)));
          }}
        />
      ) : null}
      {job ? (
        <div className="job" data-testid="import-job" data-job-status={job.status}>
          {running ? (
            <JobProgress job={job} eta={eta} cancelling={cancelling} onCancel={() => void cancel()} />
          ) : (
            <ImportSummary job={job} result={parsed?.success ? parsed.data : null} labels={labels} />
          )}
        </div>
      ) : null}
      <ImportHistory
        version={historyVersion}
        timeZone={timeZone}
        busy={busy}
        onImportAgain={(record) => void add(() => Promise.resolve([{ path: record.path, label: record.fileName }]))}
      />
    </section>
  );
}

function Preparing({ preparing }: { preparing: Preparing }) {
  if (preparing.kind === 'inspect') {
    return (
      <div className="job" role="status" aria-busy="true">
        <p>{preparing.count > 0 ? `Detecting formats and platforms in ${preparing.count} ${preparing.count === 1 ? 'file' : 'files'}…` : 'Starting the import…'}</p>
      </div>
    );
  }
  const { upload } = preparing;
  return (
    <div className="job" role="status">
      <p>
        Preparing {upload.file} ({upload.index + 1} of {upload.count})…
      </p>
      <progress max={upload.count} value={upload.index} aria-label="Preparing files" />
    </div>
  );
}
