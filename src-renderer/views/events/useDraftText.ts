import { useCallback, useEffect, useRef, useState } from 'react';

export const TYPING_DELAY_MS = 300;

interface Draft {
  /** the outside value the text was last synced to */
  source: string;
  text: string;
  /** the last text handed to onCommit */
  committed: string | null;
}

/**
 * A text field over a value that lives in the route: typing updates the field at once and
 * commits after a pause (or on `flush`, e.g. Enter); a change from outside (a saved view, Back,
 * Clear filters) replaces the text — unless it is our own commit coming back while the
 * auditor has typed on.
 */
export function useDraftText(value: string, onCommit: (text: string) => void, delay = TYPING_DELAY_MS) {
  const [draft, setDraft] = useState<Draft>({ source: value, text: value, committed: null });
  let current = draft;
  if (value !== draft.source) {
    current = value === draft.committed ? { ...draft, source: value } : { source: value, text: value, committed: null };
    setDraft(current);
  }

  const commitRef = useRef(onCommit);
  useEffect(() => {
    commitRef.current = onCommit;
  }, [onCommit]);

  const pending = current.text.trim() !== current.source.trim() && current.text !== current.committed;
  const text = current.text;

  const flush = useCallback(() => {
    setDraft((d) => ({ ...d, committed: d.text }));
    commitRef.current(text);
  }, [text]);

  useEffect(() => {
    if (!pending) return;
    const timer = window.setTimeout(flush, delay);
    return () => window.clearTimeout(timer);
  }, [pending, flush, delay]);

  const setText = useCallback((next: string) => setDraft((d) => ({ ...d, text: next })), []);
  return { text, setText, flush };
}
