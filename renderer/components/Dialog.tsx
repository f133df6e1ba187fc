/**
 * A modal dialog on the native <dialog> element: its first field (or, with none, its
 * footer's first button) has the focus (a text in it selected, so typing replaces it),
 * Tab goes round inside it, Escape closes.
 */
import { useEffect, useId, useRef, type ReactNode } from 'react';
import { trapTab } from '../lib/focus.ts';
import { Icon } from './Icon.tsx';

interface Props {
  title: string;
  onClose: () => void;
  children: ReactNode;
  footer?: ReactNode;
  wide?: boolean;
  describedBy?: string;
}

export function Dialog({ title, onClose, children, footer, wide, describedBy }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    // The first field (or button) of the body, else of the footer; not the close button in the head.
    const focusable = ':is(input, select, textarea, button, [tabindex="0"]):not(:disabled)';
    const first = d?.querySelector<HTMLElement>(`.dialog-body ${focusable}`) ?? d?.querySelector<HTMLElement>(`.dialog-foot ${focusable}`);
    first?.focus();
    if (first instanceof HTMLInputElement && first.type === 'text') first.select();
    return () => {
      if (d?.open) d.close();
    };
  }, []);
  return (
    <dialog
      ref={ref}
      className={`dialog${wide ? ' wide' : ''}`}
      aria-labelledby={`${id}-title`}
      aria-describedby={describedBy}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
      onKeyDown={(e) => {
        e.stopPropagation();
        trapTab(e);
      }}
    >
      <header className="dialog-head">
        <h2 id={`${id}-title`}>{title}</h2>
        <button type="button" className="icon-btn" aria-label="Close" onClick={onClose}>
          <Icon name="close" />
        </button>
      </header>
      <div className="dialog-body">{children}</div>
      {footer && <footer className="dialog-foot">{footer}</footer>}
    </dialog>
  );
}
