/** The Tag manager: every tag with its count (empty ones too), renamed, merged, coloured or deleted. */
import { useState } from 'react';
import { COLORS } from '../../electron/contract/enums.ts';
import type { TagCount } from '../../electron/contract/shapes.ts';
import { useTagManager } from '../hooks/useTagManager.ts';
import { formatCount } from '../lib/dates.ts';
import { Dialog } from './Dialog.tsx';
import { tagColor } from './Sidebar.tsx';

interface Props {
  tags: TagCount[];
  onClose: () => void;
  onChanged: () => Promise<void> | void;
}

export function TagManagerDialog({ tags, onClose, onChanged }: Props) {
  const m = useTagManager(tags, onChanged);
  return (
    <Dialog title="Tags" wide onClose={onClose}>
      {m.pending && (
        <div className="confirm" role="alertdialog" aria-label={m.pending.kind === 'merge' ? 'Merge tags' : 'Delete a tag'}>
          <span>
            {m.pending.kind === 'merge'
              ? `A tag named “${m.pending.into}” exists. Merge “${m.pending.from}” into it?`
              : `Remove “${m.pending.name}” from ${formatCount(m.pending.count)} ${m.pending.count === 1 ? 'clipping' : 'clippings'} and delete it?`}
          </span>
          <button type="button" className="btn" onClick={m.cancel}>
            Cancel
          </button>
          <button type="button" className={`btn ${m.pending.kind === 'merge' ? 'primary' : 'danger'}`} onClick={() => void m.confirm()} autoFocus>
            {m.pending.kind === 'merge' ? 'Merge' : 'Delete'}
          </button>
        </div>
      )}
      {tags.length === 0 ? (
        <p className="muted">No tags yet. Press t in the reader to tag a clipping.</p>
      ) : (
        <table className="tag-table">
          <thead>
            <tr>
              <th scope="col">Tag</th>
              <th scope="col" className="num">
                Clippings
              </th>
              <th scope="col">Colour</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {tags.map((t) => (
              <TagRow key={t.name} tag={t} manager={m} />
            ))}
          </tbody>
        </table>
      )}
    </Dialog>
  );
}

function TagRow({ tag, manager }: { tag: TagCount; manager: ReturnType<typeof useTagManager> }) {
  const [name, setName] = useState(tag.name);
  const commit = () => {
    if (name.trim() && name.trim() !== tag.name) void manager.rename(tag.name, name);
    else setName(tag.name);
  };
  return (
    <tr>
      <td>
        <span className="swatch" style={{ background: tagColor(tag.color) ?? 'var(--muted-2)' }} aria-hidden="true" />
        <input
          className="field compact tag-name"
          aria-label={`Name of the tag ${tag.name}`}
          value={name}
          onChange={(e) => setName(e.target.value)}
          onBlur={commit}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              commit();
            } else if (e.key === 'Escape' && name !== tag.name) {
              e.preventDefault();
              e.stopPropagation();
              setName(tag.name);
            }
          }}
        />
      </td>
      <td className="num">{formatCount(tag.count)}</td>
      <td>
        <select className="field compact" aria-label={`Colour of the tag ${tag.name}`} value={tag.color ?? ''} onChange={(e) => void manager.setColor(tag.name, e.target.value || null)}>
          <option value="">None</option>
          {COLORS.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
          {tag.color && !(COLORS as readonly string[]).includes(tag.color) && <option value={tag.color}>{tag.color}</option>}
        </select>
      </td>
      <td>
        <button type="button" className="btn small danger-quiet" aria-label={`Delete the tag ${tag.name}`} onClick={() => void manager.remove(tag)}>
          Delete
        </button>
      </td>
    </tr>
  );
}
