import { useCallback, useEffect, useId, useMemo, useRef, useState, type FormEvent, type RefObject } from 'react';
import type { EngagementSummary, RecentEngagement } from '../../src-shared/engagement';
import { call, toApiError, transport, type ApiError } from '../api';
import type { AppInfo } from '../App';
import { ErrorAlert } from '../components/ErrorAlert';
import { formatInZone, joinPath, slug } from '../format';

const MIN_PASSPHRASE = 8;

function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

function timeZoneChoices(preferred: string): string[] {
  let zones: string[];
  try {
    zones = Intl.supportedValuesOf('timeZone');
  } catch {
    zones = [];
  }
  const all = new Set([...zones, 'UTC', preferred]);
  return [...all].sort((a, b) => a.localeCompare(b));
}

export function WelcomeView({ info, onOpened }: { info: AppInfo; onOpened: (engagement: EngagementSummary) => void }) {
  const [recent, setRecent] = useState<RecentEngagement[] | null>(null);
  const [recentError, setRecentError] = useState<ApiError | null>(null);
  const [openFolder, setOpenFolder] = useState('');
  const [openHint, setOpenHint] = useState<string | null>(null);
  const openPassphraseRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    let cancelled = false;
    call('engagement.recent', {})
      .then((answer) => {
        if (!cancelled) setRecent(answer.items);
      })
      .catch((caught: unknown) => {
        if (!cancelled) setRecentError(toApiError(caught));
      });
    return () => {
      cancelled = true;
    };
  }, []);

  const askPassphrase = useCallback((item: RecentEngagement, reason: string) => {
    setOpenFolder(item.folder);
    setOpenHint(reason);
    // The field exists on every render of this view; focus after React commits the folder.
    requestAnimationFrame(() => openPassphraseRef.current?.focus());
  }, []);

  return (
    <main className="page welcome">
      <header className="welcome-header">
        <h1>Auditor Workstation</h1>
        <p className="muted">
          Encrypted, offline engagements for reviewing SaaS tenant audit logs. Version {info.version}.
        </p>
      </header>
      <div className="welcome-grid">
        <div className="stack">
          <section className="card" aria-labelledby="recent-heading">
            <h2 id="recent-heading">Recent engagements</h2>
            <ErrorAlert error={recentError} />
            {recent === null && !recentError ? <p className="muted">Loading…</p> : null}
            {recent?.length === 0 ? <p className="muted">No engagements yet. Create one to begin.</p> : null}
            {recent && recent.length > 0 ? (
              <ul className="recent-list">
                {recent.map((item) => (
                  <RecentItem key={item.id} item={item} onOpened={onOpened} onNeedPassphrase={askPassphrase} />
                ))}
              </ul>
            ) : null}
          </section>
          <OpenForm
            folder={openFolder}
            onFolderChange={setOpenFolder}
            hint={openHint}
            passphraseRef={openPassphraseRef}
            onOpened={onOpened}
          />
        </div>
        <CreateForm info={info} onOpened={onOpened} />
      </div>
    </main>
  );
}

function RecentItem({
  item,
  onOpened,
  onNeedPassphrase,
}: {
  item: RecentEngagement;
  onOpened: (engagement: EngagementSummary) => void;
  onNeedPassphrase: (item: RecentEngagement, reason: string) => void;
}) {
  const [busy, setBusy] = useState(false);

  const open = async () => {
    if (!item.remembered) {
      onNeedPassphrase(item, `Enter the passphrase for “${item.name}”.`);
      return;
    }
    setBusy(true);
    try {
      onOpened(await call('engagement.open', { folder: item.folder }));
    } catch (caught) {
      // The keychain could not unwrap the key (moved machine, keychain reset): fall back to
      // the passphrase, deleting nothing (STYLE.md, "The database").
      const error = toApiError(caught);
      onNeedPassphrase(item, `This computer could not unlock “${item.name}” (${error.message}). Enter its passphrase.`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <li>
      <button type="button" className="recent-item" onClick={() => void open()} disabled={busy} aria-busy={busy}>
        <span className="recent-name">{item.name}</span>
        <span className="recent-folder">{item.folder}</span>
        <span className="recent-meta">
          Last opened {formatInZone(item.lastOpenedAt, browserTimeZone())}
          {item.remembered ? <span className="badge">Remembered</span> : null}
        </span>
      </button>
    </li>
  );
}

function OpenForm({
  folder,
  onFolderChange,
  hint,
  passphraseRef,
  onOpened,
}: {
  folder: string;
  onFolderChange: (folder: string) => void;
  hint: string | null;
  passphraseRef: RefObject<HTMLInputElement | null>;
  onOpened: (engagement: EngagementSummary) => void;
}) {
  const id = useId();
  const [passphrase, setPassphrase] = useState('');
  const [remember, setRemember] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const request = passphrase ? { folder, passphrase, remember } : { folder };
      const opened = await call('engagement.open', request);
      setPassphrase('');
      onOpened(opened);
    } catch (caught) {
      setError(toApiError(caught));
      passphraseRef.current?.select();
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Open engagement</h2>
      <form className="form" onSubmit={(event) => void submit(event)} aria-describedby={hint ? `${id}-hint` : undefined}>
        {hint ? (
          <p className="hint" id={`${id}-hint`}>
            {hint}
          </p>
        ) : null}
        <div className="field">
          <label htmlFor={`${id}-folder`}>Engagement folder</label>
          <input
            id={`${id}-folder`}
            type="text"
            value={folder}
            onChange={(event) => onFolderChange(event.target.value)}
            required
            spellCheck={false}
            autoComplete="off"
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-passphrase`}>Passphrase</label>
          <input
            id={`${id}-passphrase`}
            ref={passphraseRef}
            type="password"
            value={passphrase}
            onChange={(event) => setPassphrase(event.target.value)}
            autoComplete="current-password"
          />
        </div>
        <RememberField id={`${id}-remember`} checked={remember} onChange={setRemember} />
        <ErrorAlert error={error} />
        <div className="actions">
          <button type="submit" className="primary" disabled={busy || folder.trim() === ''}>
            {busy ? 'Opening…' : 'Open engagement'}
          </button>
        </div>
      </form>
    </section>
  );
}

function CreateForm({ info, onOpened }: { info: AppInfo; onOpened: (engagement: EngagementSummary) => void }) {
  const id = useId();
  const defaultZone = useMemo(() => browserTimeZone(), []);
  const zones = useMemo(() => timeZoneChoices(defaultZone), [defaultZone]);
  const [name, setName] = useState('');
  const [periodFrom, setPeriodFrom] = useState('');
  const [periodTo, setPeriodTo] = useState('');
  const [timeZone, setTimeZone] = useState(defaultZone);
  const [folderTyped, setFolderTyped] = useState<string | null>(null);
  const [passphrase, setPassphrase] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [remember, setRemember] = useState(false);
  const [submitted, setSubmitted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  // The folder follows the name until the user edits it.
  const folder = folderTyped ?? joinPath(info.engagementsRoot, slug(name));

  const problems = {
    name: name.trim() === '' ? 'Enter the client’s name.' : null,
    period:
      periodFrom === '' || periodTo === ''
        ? 'Enter the first and last day of the period.'
        : periodFrom > periodTo
          ? 'The period must end on or after it starts.'
          : null,
    passphrase:
      passphrase.length < MIN_PASSPHRASE ? `Use at least ${MIN_PASSPHRASE} characters.` : null,
    confirmation: confirmation !== passphrase ? 'The passphrases do not match.' : null,
  };
  const show = {
    name: submitted && problems.name,
    period: (submitted || (periodFrom !== '' && periodTo !== '')) && problems.period,
    passphrase: (submitted || passphrase.length > 0) && problems.passphrase,
    confirmation: (submitted || confirmation.length > 0) && problems.confirmation,
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    setError(null);
    if (Object.values(problems).some(Boolean)) return;
    setBusy(true);
    try {
      const created = await call('engagement.create', {
        folder,
        name: name.trim(),
        periodFrom,
        periodTo,
        timeZone,
        passphrase,
        remember: transport.kind === 'electron' ? remember : false,
      });
      onOpened(created);
    } catch (caught) {
      setError(toApiError(caught));
    } finally {
      setBusy(false);
    }
  };

  const describedBy = (field: keyof typeof show, extra?: string) =>
    [show[field] ? `${id}-${field}-problem` : null, extra].filter(Boolean).join(' ') || undefined;

  return (
    <section className="card" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>New engagement</h2>
      <form className="form" noValidate onSubmit={(event) => void submit(event)}>
        <div className="field">
          <label htmlFor={`${id}-name`}>Client name</label>
          <input
            id={`${id}-name`}
            type="text"
            value={name}
            onChange={(event) => setName(event.target.value)}
            maxLength={200}
            required
            aria-invalid={Boolean(show.name)}
            aria-describedby={describedBy('name')}
          />
          <Problem id={`${id}-name-problem`} text={show.name} />
        </div>
        <fieldset className="field-row">
          <legend>Period under audit</legend>
          <div className="field">
            <label htmlFor={`${id}-from`}>Period from</label>
            <input
              id={`${id}-from`}
              type="date"
              value={periodFrom}
              onChange={(event) => setPeriodFrom(event.target.value)}
              required
              aria-invalid={Boolean(show.period)}
              aria-describedby={describedBy('period')}
            />
          </div>
          <div className="field">
            <label htmlFor={`${id}-to`}>Period to</label>
            <input
              id={`${id}-to`}
              type="date"
              value={periodTo}
              min={periodFrom || undefined}
              onChange={(event) => setPeriodTo(event.target.value)}
              required
              aria-invalid={Boolean(show.period)}
              aria-describedby={describedBy('period')}
            />
          </div>
        </fieldset>
        <Problem id={`${id}-period-problem`} text={show.period} />
        <div className="field">
          <label htmlFor={`${id}-tz`}>Time zone</label>
          <select
            id={`${id}-tz`}
            value={timeZone}
            onChange={(event) => setTimeZone(event.target.value)}
            aria-describedby={`${id}-tz-help`}
          >
            {zones.map((zone) => (
              <option key={zone} value={zone}>
                {zone}
              </option>
            ))}
          </select>
          <p className="help" id={`${id}-tz-help`}>
            Times are stored in UTC and shown in this zone with its offset.
          </p>
        </div>
        <div className="field">
          <label htmlFor={`${id}-folder`}>Folder</label>
          <input
            id={`${id}-folder`}
            type="text"
            value={folder}
            onChange={(event) => setFolderTyped(event.target.value)}
            required
            spellCheck={false}
            autoComplete="off"
            aria-describedby={`${id}-folder-help`}
          />
          <p className="help" id={`${id}-folder-help`}>
            A new folder holding the encrypted database, its reports and evidence packs.
          </p>
        </div>
        <div className="field">
          <label htmlFor={`${id}-passphrase`}>Passphrase</label>
          <input
            id={`${id}-passphrase`}
            type="password"
            value={passphrase}
            onChange={(event) => setPassphrase(event.target.value)}
            autoComplete="new-password"
            minLength={MIN_PASSPHRASE}
            required
            aria-invalid={Boolean(show.passphrase)}
            aria-describedby={describedBy('passphrase', `${id}-passphrase-help`)}
          />
          <p className="help" id={`${id}-passphrase-help`}>
            At least {MIN_PASSPHRASE} characters. It cannot be recovered: keep it with the engagement’s records.
          </p>
          <Problem id={`${id}-passphrase-problem`} text={show.passphrase} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-confirmation`}>Repeat passphrase</label>
          <input
            id={`${id}-confirmation`}
            type="password"
            value={confirmation}
            onChange={(event) => setConfirmation(event.target.value)}
            autoComplete="new-password"
            required
            aria-invalid={Boolean(show.confirmation)}
            aria-describedby={describedBy('confirmation')}
          />
          <Problem id={`${id}-confirmation-problem`} text={show.confirmation} />
        </div>
        <RememberField id={`${id}-remember`} checked={remember} onChange={setRemember} />
        <ErrorAlert error={error} />
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Creating…' : 'Create engagement'}
          </button>
        </div>
      </form>
    </section>
  );
}

function Problem({ id, text }: { id: string; text: string | null | false }) {
  return text ? (
    <p className="problem" id={id}>
      {text}
    </p>
  ) : null;
}

/** "Remember on this computer" wraps the key with the OS keychain: offered only in the desktop app. */
function RememberField({ id, checked, onChange }: { id: string; checked: boolean; onChange: (checked: boolean) => void }) {
  if (transport.kind !== 'electron') return null;
  return (
    <div className="field checkbox">
      <input id={id} type="checkbox" checked={checked} onChange={(event) => onChange(event.target.checked)} />
      <label htmlFor={id}>Remember on this computer</label>
    </div>
  );
}
