/** The colour menu shown over a text selection, and the editor of an existing highlight. */
import { useEffect, useRef, useState } from 'react';
import type { Color } from '../../electron/contract/enums.ts';
import type { Annotation } from '../../electron/contract/shapes.ts';
import { useKeepInView } from '../hooks/useKeepInView.ts';
import { trapTab } from '../lib/focus.ts';
import { Icon } from './Icon.tsx';

/** The contract's colours offered in the menu (every one of them can be shown). */
export const HIGHLIGHT_COLORS = ['yellow', 'green', 'blue', 'pink', 'purple'] as const satisfies readonly Color[];
export type HighlightColor = Color;

interface CreateProps {
  x: number;
  y: number;
  above: number;
  quote: string;
  focusNote: boolean;
  onCreate: (color: HighlightColor, note: string) => void;
  onClose: () => void;
}

export function HighlightMenu({ x, y, above, quote, focusNote, onCreate, onClose }: CreateProps) {
  const box = useRef<HTMLDivElement>(null);
  useKeepInView(box, y, above);
  const [note, setNote] = useState('');
  const noteRef = useRef<HTMLInputElement>(null);
  const first = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (focusNote) noteRef.current?.focus();
  }, [focusNote]);
  return (
    <div
      ref={box}
      className="popover hl-menu"
      role="dialog"
      aria-label={`Highlight “${quote.length > 60 ? `${quote.slice(0, 60)}…` : quote}”`}
      style={{ left: x }}
      onMouseDown={(e) => e.stopPropagation()}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          onClose();
        }
        trapTab(e);
      }}
    >
      <div className="swatches" role="group" aria-label="Highlight colour">
        {HIGHLIGHT_COLORS.map((c, i) => (
          <button key={c} ref={i === 0 ? first : undefined} type="button" className={`swatch-btn hl-${c}`} aria-label={`Highlight in ${c}`} title={`Highlight in ${c}`} onClick={() => onCreate(c, note)} />
        ))}
      </div>
      <input
        ref={noteRef}
        className="hl-note-input"
        placeholder="Add a note (optional) — Enter saves"
        aria-label="Note for this highlight"
        value={note}
        onChange={(e) => setNote(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            onCreate('yellow', note);
          }
        }}
      />
    </div>
  );
}

interface EditProps {
  x: number;
  y: number;
  above: number;
  annotation: Annotation;
  onSave: (change: { note: string; color: HighlightColor }) => void;
  onDelete: () => void;
  onClose: () => void;
}

export function HighlightEditor({ x, y, above, annotation, onSave, onDelete, onClose }: EditProps) {
  const box = useRef<HTMLDivElement>(null);
  useKeepInView(box, y, above);
  const [note, setNote] = useState(annotation.note);
  const [color, setColor] = useState<HighlightColor>(annotation.color as HighlightColor);
  const ref = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return (
    <div
      ref={box}
      className="popover hl-editor"
      role="dialog"
      aria-label="Edit highlight"
      style={{ left: x }}
      onMouseDown={(e) => e.stopPropagation()}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          onClose();
        }
        trapTab(e);
      }}
    >
      <blockquote className={`hl-quote hl-${color}`}>{annotation.quote}</blockquote>
      <div className="swatches" role="group" aria-label="Colour">
        {HIGHLIGHT_COLORS.map((c) => (
          <button key={c} type="button" className={`swatch-btn hl-${c}`} aria-label={c} aria-pressed={color === c} onClick={() => setColor(c)} />
        ))}
      </div>
      <textarea
        ref={ref}
        className="hl-note"
        rows={3}
        aria-label="Note"
        placeholder="Note"
        value={note}
        onChange={(e) => setNote(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.metaKey || e.ctrlKey)) onSave({ note, color });
        }}
      />
      <div className="popover-actions">
        <button type="button" className="btn danger-quiet" onClick={onDelete}>
          <Icon name="trash" size={14} /> Delete
        </button>
        <span className="spacer" />
        <button type="button" className="btn" onClick={onClose}>
          Cancel
        </button>
        <button type="button" className="btn primary" onClick={() => onSave({ note, color })}>
          Save
        </button>
      </div>
    </div>
  );
}
