import { useId, useState, type FormEvent } from 'react';
import type { SourceAddRequest, SourceSummary } from '../../../src-shared/sources';
import { call, toApiError, type ApiError } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { filledOptions, KIND_LABELS, KIND_OPTIONS, KINDS, optionProblem, URL_HINTS, type OptionField, type SourceKind } from './kindOptions';

type CredentialType = 'token' | 'oauth-client';

interface Fields {
  name: string;
  kind: SourceKind;
  baseUrl: string;
  credentialType: CredentialType;
  clientId: string;
  tokenUrl: string;
  scope: string;
  proxy: string;
  interval: string;
  options: Record<string, string>;
}

const EMPTY: Fields = { name: '', kind: 'okta', baseUrl: '', credentialType: 'token', clientId: '', tokenUrl: '', scope: '', proxy: '', interval: '', options: {} };

function isUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

/** The first problem with the form, in words, or null; the engine checks everything again. */
function problemOf(fields: Fields, token: string, secret: string): string | null {
  if (fields.name.trim() === '') return 'Give the source a name.';
  if (!isUrl(fields.baseUrl.trim())) return 'The base URL must be a full https:// URL.';
  if (fields.credentialType === 'token' && token === '') return 'Enter the API token.';
  if (fields.credentialType === 'oauth-client') {
    if (fields.clientId.trim() === '' || secret === '') return 'Enter the OAuth client ID and secret.';
    if (!isUrl(fields.tokenUrl.trim())) return 'The OAuth token URL must be a full https:// URL.';
  }
  if (fields.proxy.trim() !== '' && !isUrl(fields.proxy.trim())) return 'The proxy must be a full URL, e.g. https://proxy.example:3128.';
  const interval = fields.interval.trim();
  if (interval !== '' && !(/^\d+$/.test(interval) && Number(interval) >= 5 && Number(interval) <= 1440)) {
    return 'The sync interval is a whole number of minutes from 5 to 1440, or empty.';
  }
  return optionProblem(fields.kind, fields.options);
}

/**
 * "Add source". The secret (token or client secret) lives only in this form's state until the
 * request leaves, and is cleared after every submit, whatever the answer: the engine keeps it
 * in the encrypted engagement and only ever answers a hint.
 */
export function AddSourceForm({ onAdded }: { onAdded: (source: SourceSummary) => void }) {
  const [fields, setFields] = useState<Fields>(EMPTY);
  const [token, setToken] = useState('');
  const [secret, setSecret] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [adding, setAdding] = useState(false);
  const [added, setAdded] = useState<string | null>(null);
  const id = useId();

  const set = <K extends keyof Fields>(key: K, value: Fields[K]) => setFields((current) => ({ ...current, [key]: value }));
  const setOption = (key: string, value: string) => setFields((current) => ({ ...current, options: { ...current.options, [key]: value } }));

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (adding) return;
    setError(null);
    setAdded(null);
    const found = problemOf(fields, token, secret);
    setProblem(found);
    if (found) return;
    const request: SourceAddRequest = {
      name: fields.name.trim(),
      kind: fields.kind,
      baseUrl: fields.baseUrl.trim(),
      credential:
        fields.credentialType === 'token'
          ? { type: 'token', token }
          : { type: 'oauth-client', clientId: fields.clientId.trim(), clientSecret: secret, tokenUrl: fields.tokenUrl.trim(), ...(fields.scope.trim() ? { scope: fields.scope.trim() } : {}) },
      proxy: fields.proxy.trim() || null,
      options: filledOptions(fields.kind, fields.options),
      intervalMinutes: fields.interval.trim() ? Number(fields.interval.trim()) : null,
    };
    setToken('');
    setSecret('');
    setAdding(true);
    try {
      const source = await call('sources.add', request);
      setFields(EMPTY);
      setAdded(source.name);
      onAdded(source);
    } catch (caught) {
      setError(toApiError(caught));
    } finally {
      setAdding(false);
    }
  };

  const field = (key: string) => `${id}-${key}`;

  return (
    <section className="card add-source" aria-labelledby={field('heading')}>
      <h3 id={field('heading')}>Add source</h3>
      <form className="form" onSubmit={(event) => void submit(event)} noValidate>
        <div className="source-grid">
          <div className="field">
            <label htmlFor={field('name')}>Name</label>
            <input id={field('name')} type="text" value={fields.name} onChange={(e) => set('name', e.target.value)} maxLength={100} required />
          </div>
          <div className="field">
            <label htmlFor={field('kind')}>Kind</label>
            <select id={field('kind')} value={fields.kind} onChange={(e) => set('kind', e.target.value as SourceKind)}>
              {KINDS.map((kind) => (
                <option key={kind} value={kind}>
                  {KIND_LABELS[kind]}
                </option>
              ))}
            </select>
          </div>
          <div className="field wide">
            <label htmlFor={field('url')}>Base URL</label>
            <input id={field('url')} type="url" value={fields.baseUrl} onChange={(e) => set('baseUrl', e.target.value)} aria-describedby={field('url-help')} required />
            <p className="help" id={field('url-help')}>
              {URL_HINTS[fields.kind]}
            </p>
          </div>
        </div>

        <fieldset className="field-row">
          <legend>Credential type</legend>
          {(['token', 'oauth-client'] as const).map((type) => (
            <div className="field checkbox" key={type}>
              <input id={field(`cred-${type}`)} type="radio" name={field('cred')} checked={fields.credentialType === type} onChange={() => set('credentialType', type)} />
              <label htmlFor={field(`cred-${type}`)}>{type === 'token' ? 'API token' : 'OAuth client'}</label>
            </div>
          ))}
        </fieldset>
        {fields.credentialType === 'token' ? (
          <div className="field">
            <label htmlFor={field('token')}>Token</label>
            <input id={field('token')} type="password" autoComplete="off" spellCheck={false} value={token} onChange={(e) => setToken(e.target.value)} aria-describedby={field('secret-help')} />
          </div>
        ) : (
          <div className="source-grid">
            <div className="field">
              <label htmlFor={field('client-id')}>Client ID</label>
              <input id={field('client-id')} type="text" autoComplete="off" value={fields.clientId} onChange={(e) => set('clientId', e.target.value)} />
            </div>
            <div className="field">
              <label htmlFor={field('client-secret')}>Client secret</label>
              <input id={field('client-secret')} type="password" autoComplete="off" spellCheck={false} value={secret} onChange={(e) => setSecret(e.target.value)} aria-describedby={field('secret-help')} />
            </div>
            <div className="field">
              <label htmlFor={field('token-url')}>Token URL</label>
              <input id={field('token-url')} type="url" value={fields.tokenUrl} onChange={(e) => set('tokenUrl', e.target.value)} />
            </div>
            <div className="field">
              <label htmlFor={field('scope')}>Scope (optional)</label>
              <input id={field('scope')} type="text" value={fields.scope} onChange={(e) => set('scope', e.target.value)} />
            </div>
          </div>
        )}
        <p className="help" id={field('secret-help')}>
          Stored only inside the encrypted engagement. It is never shown again: the table shows its last characters.
        </p>

        <div className="source-grid">
          {KIND_OPTIONS[fields.kind].map((option) => (
            <OptionInput key={`${fields.kind}-${option.key}`} id={field(`opt-${option.key}`)} option={option} value={fields.options[option.key] ?? ''} onChange={(value) => setOption(option.key, value)} />
          ))}
          <div className="field">
            <label htmlFor={field('proxy')}>HTTPS proxy (optional)</label>
            <input id={field('proxy')} type="url" value={fields.proxy} onChange={(e) => set('proxy', e.target.value)} placeholder="https://proxy.example:3128" />
          </div>
          <div className="field">
            <label htmlFor={field('interval')}>Sync every (minutes, optional)</label>
            <input id={field('interval')} type="number" min={5} max={1440} step={1} value={fields.interval} onChange={(e) => set('interval', e.target.value)} aria-describedby={field('interval-help')} />
            <p className="help" id={field('interval-help')}>
              While this engagement is open in the app.
            </p>
          </div>
        </div>

        {problem ? (
          <p className="problem" role="alert">
            {problem}
          </p>
        ) : null}
        <ErrorAlert error={error} />
        {added ? (
          <p className="outcome-line success" role="status">
            Added {added}. Test the connection, then sync.
          </p>
        ) : null}
        <div className="actions">
          <button type="submit" className="primary" disabled={adding}>
            {adding ? 'Adding…' : 'Add source'}
          </button>
        </div>
      </form>
    </section>
  );
}

function OptionInput({ id, option, value, onChange }: { id: string; option: OptionField; value: string; onChange: (value: string) => void }) {
  const label = option.required ? option.label : `${option.label} (optional)`;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {option.choices ? (
        <select id={id} value={value} onChange={(e) => onChange(e.target.value)} aria-describedby={`${id}-help`}>
          <option value="">Default ({option.choices[0]})</option>
          {option.choices.map((choice) => (
            <option key={choice} value={choice}>
              {choice}
            </option>
          ))}
        </select>
      ) : (
        <input id={id} type={option.numeric ? 'number' : 'text'} min={option.numeric ? 1 : undefined} value={value} onChange={(e) => onChange(e.target.value)} aria-describedby={`${id}-help`} />
      )}
      <p className="help" id={`${id}-help`}>
        {option.help}
      </p>
    </div>
  );
}
