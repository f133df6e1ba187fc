/**
 * What the selection bar does to a multi-selection (picked rows, or every result of the
 * search): star, read state, tags, delete (with Undo) — each one contract call on the
 * selection, then the list and the sidebar reload.
 */
import { useCallback } from 'react';
import { errorMessage, type Api } from '../api.ts';
import type { Notify } from '../context.ts';
import type { ListApi } from './useList.ts';
import type { Selection } from './useMetadataEdit.ts';
import type { SelectionState } from './useSelection.ts';

export function useBulkActions(api: Api, sel: SelectionState, query: string, list: ListApi, loadSidebar: () => Promise<void>, notify: Notify) {
  /** The contract's selection for what is selected now. */
  const selection: Selection = sel.allResults ? (query ? { query } : { all: true }) : { ids: [...sel.selection] };
  const count = sel.selectedCount;
  const plural = (n: number) => `${n.toLocaleString('en-GB')} ${n === 1 ? 'clipping' : 'clippings'}`;

  const refresh = useCallback(() => {
    list.refresh();
    void loadSidebar();
  }, [list, loadSidebar]);

  const attempt = async (work: () => Promise<string>) => {
    try {
      notify(await work());
      refresh();
    } catch (err) {
      notify(errorMessage(err), { tone: 'error' });
    }
  };

  const setFlags = (flags: { starred?: boolean; read?: boolean }, done: string) =>
    attempt(async () => {
      await api['clippings.setFlags']({ selection, ...flags });
      return `${done} ${plural(count)}.`;
    });

  const tag = (how: 'add' | 'remove', name: string) =>
    attempt(async () => {
      const r = await api['tags.apply']({ selection, [how]: [name] });
      return how === 'add' ? `Tagged ${plural(r.clippings)} “${name}”.` : `Removed “${name}” from ${plural(r.clippings)}.`;
    });

  const remove = async () => {
    try {
      const r = await api['clippings.delete']({ selection });
      sel.clearSelection();
      sel.setOpen(null);
      refresh();
      notify(`Moved ${plural(r.trashed)} to the trash.`, {
        action: {
          label: 'Undo',
          run: () => {
            api['trash.restore']({ selection: { ids: r.ids } })
              .then(() => {
                refresh();
                notify(`Restored ${plural(r.ids.length)}.`);
              })
              .catch((e: unknown) => notify(errorMessage(e), { tone: 'error' }));
          },
        },
      });
    } catch (err) {
      notify(errorMessage(err), { tone: 'error' });
    }
  };

  return {
    selection,
    count,
    refresh,
    star: (starred: boolean) => setFlags({ starred }, starred ? 'Starred' : 'Unstarred'),
    markRead: (read: boolean) => setFlags({ read }, read ? 'Marked read:' : 'Marked unread:'),
    tag,
    remove,
  };
}

export type BulkActions = ReturnType<typeof useBulkActions>;
