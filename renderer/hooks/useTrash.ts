/** The trash as the Trash dialog shows it: what is there, restoring some or all of it, and emptying it. */
import { useCallback, useEffect, useState } from 'react';
import type { TrashedClipping } from '../../electron/contract/shapes.ts';
import { errorMessage } from '../api.ts';
import { useApi, useNotify } from '../context.ts';

export function useTrash(onChanged: () => void) {
  const api = useApi();
  const notify = useNotify();
  const [items, setItems] = useState<TrashedClipping[] | null>(null);
  const [picked, setPicked] = useState<Set<number>>(new Set());

  const load = useCallback(async () => {
    try {
      setItems(await api['trash.list']({}));
    } catch (err) {
      notify(errorMessage(err), { tone: 'error' });
      setItems([]);
    }
  }, [api, notify]);

  useEffect(() => {
    void load();
  }, [load]);

  const restore = async (selection: { ids: number[] } | { all: true }) => {
    try {
      const r = await api['trash.restore']({ selection });
      setPicked(new Set());
      notify(r.restored === 1 ? 'Restored 1 clipping.' : `Restored ${r.restored} clippings.`);
      onChanged();
      await load();
    } catch (err) {
      notify(errorMessage(err), { tone: 'error' });
    }
  };

  const empty = async () => {
    try {
      const r = await api['trash.empty']({});
      notify(r.purged === 1 ? 'Deleted 1 clipping for good.' : `Deleted ${r.purged} clippings for good.`);
      onChanged();
      await load();
    } catch (err) {
      notify(errorMessage(err), { tone: 'error' });
    }
  };

  const toggle = (id: number) =>
    setPicked((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  return { items, picked, toggle, restore, empty };
}
