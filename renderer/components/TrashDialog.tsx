/** The Trash: what was deleted and when, restoring one, some or all of it, and emptying it (after a confirmation). */
import { useEffect, useRef, useState } from 'react';
import { useTrash } from '../hooks/useTrash.ts';
import { daysAgo, formatCount, formatDate } from '../lib/dates.ts';
import { Dialog } from './Dialog.tsx';

export function TrashDialog({ onClose, onChanged }: { onClose: () => void; onChanged: () => void }) {
  const trash = useTrash(onChanged);
  const [confirming, setConfirming] = useState(false);
  const { items, picked } = trash;
  const list = useRef<HTMLUListElement>(null);
  // A restored row leaves the list: the focus goes to the next one rather than nowhere.
  useEffect(() => {
    if (document.activeElement === document.body || document.activeElement === null) list.current?.querySelector<HTMLElement>('input')?.focus();
  }, [items]);
  const n = items?.length ?? 0;
  return (
    <Dialog
      title="Trash"
      wide
      onClose={onClose}
      footer={
        confirming ? (
          <div className="confirm" role="alertdialog" aria-label="Empty the trash">
            <span>
              Delete {formatCount(n)} {n === 1 ? 'clipping' : 'clippings'} for good? This cannot be undone.
            </span>
            <button type="button" className="btn" onClick={() => setConfirming(false)} autoFocus>
              Cancel
            </button>
            <button
              type="button"
              className="btn danger"
              onClick={() => {
                setConfirming(false);
                void trash.empty();
              }}
            >
              Delete for good
            </button>
          </div>
        ) : (
          <>
            <button type="button" className="btn" disabled={picked.size === 0} onClick={() => void trash.restore({ ids: [...picked] })}>
              Restore selected{picked.size ? ` (${formatCount(picked.size)})` : ''}
            </button>
            <button type="button" className="btn" disabled={n === 0} onClick={() => void trash.restore({ all: true })}>
              Restore all
            </button>
            <button type="button" className="btn danger-quiet" disabled={n === 0} onClick={() => setConfirming(true)}>
              Empty trash…
            </button>
          </>
        )
      }
    >
      {items === null ? (
        <p className="muted">Loading…</p>
      ) : n === 0 ? (
        <p className="muted trash-empty">The trash is empty. Deleted clippings stay here for 30 days.</p>
      ) : (
        <>
          <p className="muted small">Deleted clippings stay here for 30 days, then are deleted for good.</p>
          <ul ref={list} className="trash-list" aria-label="Clippings in the trash">
            {items.map((c, i) => (
              <li key={c.id} className="trash-row">
                <input type="checkbox" id={`trash-${c.id}`} autoFocus={i === 0} checked={picked.has(c.id)} onChange={() => trash.toggle(c.id)} />
                <label htmlFor={`trash-${c.id}`} className="trash-text">
                  <span className="trash-title">{c.title}</span>
                  <span className="muted small">
                    {[c.outlet, formatDate(c.publishedAt)].filter(Boolean).join(' · ')}
                    {c.outlet || c.publishedAt ? ' · ' : ''}deleted {daysAgo(c.deletedAt)}
                  </span>
                </label>
                <button type="button" className="btn small" aria-label={`Restore “${c.title}”`} onClick={() => void trash.restore({ ids: [c.id] })}>
                  Restore
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </Dialog>
  );
}
