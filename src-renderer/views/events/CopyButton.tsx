import { useEffect, useState } from 'react';

type CopyState = 'idle' | 'copied' | 'failed';

/** The Clipboard API where allowed; else the older selection copy; else say so. */
async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.className = 'visually-hidden';
    document.body.append(area);
    area.select();
    try {
      return document.execCommand('copy');
    } catch {
      return false;
    } finally {
      area.remove();
    }
  }
}

export function CopyButton({ text, label }: { text: string; label: string }) {
  const [state, setState] = useState<CopyState>('idle');
  useEffect(() => {
    if (state === 'idle') return;
    const timer = window.setTimeout(() => setState('idle'), 2000);
    return () => window.clearTimeout(timer);
  }, [state]);
  return (
    <button type="button" className="small copy-text" onClick={() => void copyText(text).then((ok) => setState(ok ? 'copied' : 'failed'))} data-copy-state={state}>
      {state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed — select the text' : label}
    </button>
  );
}
