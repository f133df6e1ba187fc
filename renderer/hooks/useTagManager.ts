/**
 * The Tag manager's edits: rename (onto an existing name: merge, after asking), delete
 * (a tag in use after asking), colour. Each reloads the sidebar's tags, which the manager lists.
 */
import { useState } from 'react';
import type { TagCount } from '../../electron/contract/shapes.ts';
import { errorMessage } from '../api.ts';
import { useApi, useNotify } from '../context.ts';

/** What the manager asks about first: a rename onto an existing tag (a merge), deleting a tag still in use. */
export type Pending = { kind: 'merge'; from: string; into: string } | { kind: 'delete'; name: string; count: number };

export function useTagManager(tags: TagCount[], onChanged: () => Promise<void> | void) {
  const api = useApi();
  const notify = useNotify();
  const [pending, setPending] = useState<Pending | null>(null);

  const run = async (work: () => Promise<unknown>, done: string): Promise<boolean> => {
    try {
      await work();
      await onChanged();
      notify(done);
      return true;
    } catch (err) {
      notify(errorMessage(err), { tone: 'error' });
      return false;
    }
  };

  /** Renames; when another tag already has the new name, asks to merge instead (returns false). */
  const rename = async (from: string, to: string): Promise<boolean> => {
    const name = to.trim();
    if (!name || name === from) return true;
    const clash = tags.find((t) => t.name.toLowerCase() === name.toLowerCase() && t.name !== from);
    if (clash) {
      setPending({ kind: 'merge', from, into: clash.name });
      return false;
    }
    return run(() => api['tags.rename']({ from, to: name }), `Renamed “${from}” to “${name}”.`);
  };

  const deleteTag = (name: string) => run(() => api['tags.delete']({ name }), `Deleted the tag “${name}” (its clippings stay).`);

  /** Deletes an unused tag at once; one in use after asking. */
  const remove = async (t: TagCount) => {
    if (t.count === 0) await deleteTag(t.name);
    else setPending({ kind: 'delete', name: t.name, count: t.count });
  };

  const confirm = async () => {
    if (!pending) return;
    setPending(null);
    if (pending.kind === 'merge') await run(() => api['tags.merge']({ from: pending.from, into: pending.into }), `Merged “${pending.from}” into “${pending.into}”.`);
    else await deleteTag(pending.name);
  };

  return {
    pending,
    cancel: () => setPending(null),
    confirm,
    rename,
    remove,
    setColor: (name: string, color: string | null) => run(() => api['tags.setColor']({ name, color }), color ? `“${name}” is now ${color}.` : `“${name}” has no colour now.`),
  };
}
