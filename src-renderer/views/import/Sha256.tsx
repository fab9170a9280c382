import { useState } from 'react';
import { shortHash } from '../../format';

type CopyState = 'idle' | 'copied' | 'failed';

/**
 * A SHA-256, short, with the full value one hover away (the cell's title, set by the caller)
 * and a copy button. The button's glyph comes from CSS so the cell's text stays the hash.
 */
export function Sha256({ sha256, label }: { sha256: string; label: string }) {
  const [state, setState] = useState<CopyState>('idle');
  if (!sha256) return <span className="muted">—</span>;
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(sha256);
      setState('copied');
    } catch {
      setState('failed');
    }
    window.setTimeout(() => setState('idle'), 2000);
  };
  const words = state === 'copied' ? `Copied SHA-256 of ${label}` : state === 'failed' ? `Could not copy; select the SHA-256 of ${label} instead` : `Copy SHA-256 of ${label}`;
  return (
    <>
      <span className="sha">{shortHash(sha256)}</span>
      <button type="button" className={`copy-button copy-${state}`} aria-label={words} title={words} onClick={() => void copy()} />
    </>
  );
}
