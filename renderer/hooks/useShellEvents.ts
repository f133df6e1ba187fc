/**
 * Electron: the main process says when the archive changed behind the page (an import
 * from the menu, a file opened with the app) and sends menu commands.
 */
import { useEffect, useRef, type RefObject } from 'react';
import type { CuttingsEvents } from '../../electron/contract/events.ts';
import type { ListApi } from './useList.ts';

export function useShellEvents(events: CuttingsEvents | null, list: ListApi, loadSidebar: () => Promise<void>, closeDialog: () => void, searchInput: RefObject<HTMLInputElement | null>): void {
  const eventState = useRef({ list, loadSidebar });
  eventState.current = { list, loadSidebar };
  useEffect(() => {
    if (!events) return;
    const offs = [
      events.on('changed', () => {
        eventState.current.list.refresh();
        void eventState.current.loadSidebar();
      }),
      events.on('menu', (m) => {
        if (m?.action !== 'find') return;
        closeDialog();
        searchInput.current?.focus();
        searchInput.current?.select();
      }),
    ];
    return () => offs.forEach((off) => off());
  }, [events, closeDialog, searchInput]);
}
