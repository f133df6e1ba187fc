/** What the list pane shows instead of rows: the empty archive's welcome, or a search with no match. */
import type { Mode } from '../api.ts';
import { Icon } from './Icon.tsx';
import { quotedQuery } from '../lib/query.ts';

export function EmptyArchive({ onImport, mode }: { onImport: () => void; mode: Mode }) {
  return (
    <div className="welcome">
      <div className="welcome-art" aria-hidden="true">
        <span />
        <span />
        <span />
      </div>
      <h2>Your archive is empty</h2>
      <p>Bring in your first press cuttings. Cuttings cleans each one into a readable clipping and keeps the original.</p>
      <ul className="welcome-steps">
        <li>
          <strong>Drop</strong> saved pages, text copies or whole folders anywhere on this window
        </li>
        <li>
          <strong>Paste</strong> an article you copied with select-all — press <kbd>{mode === 'electron' && navigator.platform.startsWith('Mac') ? '⌘' : 'Ctrl'}</kbd> <kbd>V</kbd>
        </li>
        <li>
          <strong>Import</strong> files, or add an article from its address
        </li>
      </ul>
      <button type="button" className="btn primary" onClick={onImport}>
        <Icon name="upload" /> Import clippings…
      </button>
    </div>
  );
}

/** No match. The did-you-mean is the one the search itself answered with (nothing is asked again). */
export function NoMatches({ text, didYouMean, hasFilters, onTry, onClear }: { text: string; didYouMean: string | null; hasFilters: boolean; onTry: (q: string) => void; onClear: () => void }) {
  return (
    <div className="list-empty">
      <Icon name="search" size={28} />
      <p>{text.trim() ? <>Nothing matches {quotedQuery(text)}{hasFilters ? ' with these filters' : ''}.</> : 'Nothing here yet.'}</p>
      {didYouMean && (
        <p>
          Did you mean{' '}
          <button type="button" className="linklike strong" onClick={() => onTry(didYouMean)}>
            {didYouMean}
          </button>
          ?
        </p>
      )}
      {hasFilters && (
        <button type="button" className="btn small" onClick={onClear}>
          Search all clippings
        </button>
      )}
      {!didYouMean && text.trim() && <p className="muted small">Try fewer words, a prefix like “diplom*”, or check the spelling.</p>}
    </div>
  );
}
