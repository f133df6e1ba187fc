/**
 * The reader's find bar (Ctrl+F): the words to find, "2 of 5", previous and next, highlight
 * the current find, close. Open while the clipping's text still loads (`loading`) too: the
 * words typed meanwhile are found once it is in.
 */
import { useEffect, useRef } from 'react';
import type { Find } from '../hooks/useFind.ts';
import { Icon } from './Icon.tsx';

export function FindBar({ find, loading, onHighlight, onClose }: { find: Find; loading: boolean; onHighlight: () => void; onClose: () => void }) {
  const input = useRef<HTMLInputElement>(null);
  // Opening (or pressing Ctrl+F again) puts the focus in the box, its text selected.
  useEffect(() => {
    input.current?.focus();
    input.current?.select();
  }, [find.asked]);
  const n = find.matches.length;
  return (
    <div className="find-bar" role="search" aria-label="Find in this clipping">
      <input
        ref={input}
        type="text"
        className="find-input"
        aria-label="Find in this clipping"
        placeholder="Find in this clipping"
        value={find.query}
        onChange={(e) => find.setQuery(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            find.step(e.shiftKey ? -1 : 1);
          } else if (e.key === 'Escape') {
            e.preventDefault();
            e.stopPropagation();
            onClose();
          }
        }}
      />
      <span className="find-count" aria-live="polite">
        {find.query.trim() && !loading ? (n ? `${find.index + 1} of ${n}` : 'Not found') : ''}
      </span>
      <button type="button" className="icon-btn" aria-label="Previous (Shift Enter)" disabled={n === 0} onClick={() => find.step(-1)}>
        <Icon name="chevronUp" />
      </button>
      <button type="button" className="icon-btn" aria-label="Next (Enter)" disabled={n === 0} onClick={() => find.step(1)}>
        <Icon name="chevronDown" />
      </button>
      <button type="button" className="icon-btn" aria-label="Highlight this find" title="Highlight this find, with a note" disabled={n === 0} onClick={onHighlight}>
        <Icon name="highlight" />
      </button>
      <button type="button" className="icon-btn" aria-label="Close find (Escape)" onClick={onClose}>
        <Icon name="close" />
      </button>
    </div>
  );
}
