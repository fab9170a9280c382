import { ERROR_TITLES } from '../../src-shared/errors';
import type { ApiError } from '../api';

/** An engine error in words: the closed code's title, then the engine's specific message. */
export function ErrorAlert({ error, id }: { error: ApiError | null; id?: string }) {
  if (!error) return null;
  return (
    <div className="alert" role="alert" id={id}>
      <strong className="alert-title">{ERROR_TITLES[error.code] ?? error.code}</strong>
      {error.message && error.message !== ERROR_TITLES[error.code] ? <span className="alert-message">{error.message}</span> : null}
    </div>
  );
}
