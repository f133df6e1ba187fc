/** Adding a tag to, or removing one from, every selected clipping. */
import { useId, useState } from 'react';
import type { TagCount } from '../../electron/contract/shapes.ts';
import { formatCount } from '../lib/dates.ts';
import { Dialog } from './Dialog.tsx';

interface Props {
  count: number;
  tags: TagCount[];
  onApply: (how: 'add' | 'remove', name: string) => void;
  onClose: () => void;
}

export function BulkTagDialog({ count, tags, onApply, onClose }: Props) {
  const id = useId();
  const [name, setName] = useState('');
  const apply = (how: 'add' | 'remove') => {
    if (!name.trim()) return;
    onClose();
    onApply(how, name.trim());
  };
  return (
    <Dialog
      title={`Tags of ${formatCount(count)} ${count === 1 ? 'clipping' : 'clippings'}`}
      onClose={onClose}
      footer={
        <>
          <button type="button" className="btn" disabled={!name.trim()} onClick={() => apply('remove')}>
            Remove tag
          </button>
          <button type="submit" form={`${id}-form`} className="btn primary" disabled={!name.trim()}>
            Add tag
          </button>
        </>
      }
    >
      <form
        id={`${id}-form`}
        onSubmit={(e) => {
          e.preventDefault();
          apply('add');
        }}
      >
        <label htmlFor={`${id}-name`} className="field-label">
          Tag
        </label>
        <input id={`${id}-name`} className="field" list={`${id}-tags`} value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" />
        <datalist id={`${id}-tags`}>
          {tags.map((t) => (
            <option key={t.name} value={t.name} />
          ))}
        </datalist>
      </form>
    </Dialog>
  );
}
