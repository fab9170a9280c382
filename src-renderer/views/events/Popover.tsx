import { useEffect, useId, useRef, useState, type ReactNode } from 'react';

/**
 * A disclosure button with a floating panel (the filter bar's multi-selects, Columns, Saved
 * views, Export): Escape closes it and returns focus to the button, as does a click outside.
 */
export function Popover({
  label,
  text,
  children,
  className,
  testId,
  active = false,
}: {
  /** the button's accessible name (and the panel's) */
  label: string;
  /** what the button shows, when shorter than `label` (a visible field label says the rest) */
  text?: string;
  children: ReactNode;
  className?: string;
  testId?: string;
  /** marks the button when the panel holds a choice in effect (e.g. a filter) */
  active?: boolean;
}) {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement | null>(null);
  const button = useRef<HTMLButtonElement | null>(null);
  const panelId = useId();

  useEffect(() => {
    if (!open) return;
    const onPointerDown = (event: PointerEvent) => {
      if (root.current && event.target instanceof Node && !root.current.contains(event.target)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointerDown);
    return () => document.removeEventListener('pointerdown', onPointerDown);
  }, [open]);

  return (
    <div
      ref={root}
      className={`popover${className ? ` ${className}` : ''}`}
      data-testid={testId}
      onKeyDown={(event) => {
        if (event.key !== 'Escape' || !open) return;
        event.stopPropagation();
        setOpen(false);
        button.current?.focus();
      }}
    >
      <button
        ref={button}
        type="button"
        className={`popover-button${active ? ' is-active' : ''}`}
        aria-expanded={open}
        aria-controls={panelId}
        aria-label={text !== undefined && text !== label ? label : undefined}
        onClick={() => setOpen((value) => !value)}
      >
        {text ?? label}
        <span aria-hidden="true" className="caret">
          ▾
        </span>
      </button>
      <div id={panelId} className="popover-panel" hidden={!open} role="group" aria-label={label}>
        {open ? children : null}
      </div>
    </div>
  );
}
