/**
 * The window's first Tab stops, shown only when focused: past the search, the buttons and
 * the sidebar, straight to the results (or to the open clipping). They move the focus
 * themselves: the address keeps no #fragment.
 */
import type { MouseEvent } from 'react';

/** The results list, else the first control of what the list pane shows instead (the empty archive's Import, a search's "Search everything"), else the pane. */
function results(): HTMLElement | null {
  return document.querySelector<HTMLElement>('.list-scroll, .list-pane :is(.list-empty, .welcome) :is(button, a[href])') ?? document.querySelector<HTMLElement>('.list-pane');
}

function skip(e: MouseEvent, target: () => HTMLElement | null): void {
  e.preventDefault();
  target()?.focus();
}

export function SkipLinks({ reader }: { reader: boolean }) {
  return (
    <div className="skip-links">
      <a className="skip-link" href="#main" onClick={(e) => skip(e, results)}>
        Skip to results
      </a>
      {reader && (
        <a className="skip-link" href="#main" onClick={(e) => skip(e, () => document.querySelector<HTMLElement>('.reader-scroll'))}>
          Skip to reader
        </a>
      )}
    </div>
  );
}
