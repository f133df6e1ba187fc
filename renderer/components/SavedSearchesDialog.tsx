/** Saved searches: each one's name and query edited in place, moved up or down, deleted; with its current count. */
import { useEffect, useState } from 'react';
import type { SavedSearch } from '../../electron/contract/shapes.ts';
import { useSavedSearches } from '../hooks/useSavedSearches.ts';
import { formatCount } from '../lib/dates.ts';
import { Dialog } from './Dialog.tsx';
import { Icon } from './Icon.tsx';

export function SavedSearchesDialog({ saved, onClose, onChanged }: { saved: SavedSearch[]; onClose: () => void; onChanged: () => Promise<void> }) {
  const m = useSavedSearches(saved, onChanged);
  return (
    <Dialog title="Saved searches" wide onClose={onClose}>
      {saved.length === 0 ? (
        <p className="muted">Run a search and choose “Save search” to keep it here.</p>
      ) : (
        <ol className="saved-list">
          {saved.map((s, i) => (
            <SavedRow key={s.name} s={s} first={i === 0} last={i === saved.length - 1} m={m} />
          ))}
        </ol>
      )}
    </Dialog>
  );
}

function SavedRow({ s, first, last, m }: { s: SavedSearch; first: boolean; last: boolean; m: ReturnType<typeof useSavedSearches> }) {
  const [name, setName] = useState(s.name);
  const [query, setQuery] = useState(s.query);
  // The sidebar reloaded (another edit): show what is stored.
  useEffect(() => {
    setName(s.name);
    setQuery(s.query);
  }, [s.name, s.query]);
  const dirty = name.trim() !== s.name || query.trim() !== s.query;
  const save = () => void m.update(s, name, query);
  /** Moves, and keeps the focus on the same button of the moved row. */
  const move = async (delta: -1 | 1, label: string) => {
    if (await m.move(s, delta)) document.querySelector<HTMLElement>(`[aria-label="${CSS.escape(label)}"]`)?.focus();
  };
  return (
    <li className="saved-row">
      <form
        className="saved-fields"
        onSubmit={(e) => {
          e.preventDefault();
          save();
        }}
      >
        <input className="field compact" aria-label={`Name of the saved search ${s.name}`} value={name} onChange={(e) => setName(e.target.value)} />
        <input className="field compact mono" aria-label={`Query of the saved search ${s.name}`} value={query} onChange={(e) => setQuery(e.target.value)} />
        <span className="saved-count" title="Clippings it finds now">
          {formatCount(s.count)}
          {s.countExact ? '' : '+'}
        </span>
        <button type="submit" className="btn small primary" disabled={!dirty}>
          Save
        </button>
      </form>
      <div className="saved-actions">
        <button type="button" className="icon-btn" aria-label={`Move ${s.name} up`} disabled={first} onClick={() => void move(-1, `Move ${s.name} up`)}>
          <Icon name="chevronUp" />
        </button>
        <button type="button" className="icon-btn" aria-label={`Move ${s.name} down`} disabled={last} onClick={() => void move(1, `Move ${s.name} down`)}>
          <Icon name="chevronDown" />
        </button>
        <button type="button" className="btn small danger-quiet" aria-label={`Delete the saved search ${s.name}`} onClick={() => void m.remove(s)}>
          <Icon name="trash" size={14} />
        </button>
      </div>
    </li>
  );
}
