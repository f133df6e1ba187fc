/** Delete with undo: moves the clipping to the trash, opens its neighbour, and offers to restore it. */
import { useCallback } from 'react';
import { errorMessage, type Api } from '../api.ts';
import type { Notify } from '../context.ts';
import type { ListApi } from './useList.ts';
import type { OpenClipping } from './useSelection.ts';

export function useDeleteClipping(api: Api, list: ListApi, setOpen: (o: OpenClipping | null) => void, loadSidebar: () => Promise<void>, notify: Notify) {
  return useCallback(
    async (id: number, title: string) => {
      try {
        const index = list.indexOf(id);
        await api['clippings.delete']({ selection: { ids: [id] } });
        const next = index >= 0 ? (list.row(index + 1) ?? list.row(index - 1)) : null;
        setOpen(next ? { id: next.id, title: next.title, matches: next.matches } : null);
        list.refresh();
        void loadSidebar();
        notify(`Moved “${title.length > 50 ? `${title.slice(0, 50)}…` : title}” to the trash.`, {
          action: {
            label: 'Undo',
            run: () => {
              api['trash.restore']({ selection: { ids: [id] } })
                .then(() => {
                  setOpen({ id, title, matches: [] });
                  list.refresh();
                  void loadSidebar();
                  notify('Restored.');
                })
                .catch((e: unknown) => notify(errorMessage(e), { tone: 'error' }));
            },
          },
        });
      } catch (err) {
        notify(errorMessage(err), { tone: 'error' });
      }
    },
    [api, list, setOpen, loadSidebar, notify],
  );
}
