/** The sidebar's counts, tags, saved searches and outlets (all of them, busiest first); loaded once the list has painted, reloaded on demand. */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { TagCount } from '../../electron/contract/shapes.ts';
import { errorMessage, type Api } from '../api.ts';
import type { SidebarData } from '../components/Sidebar.tsx';
import type { Notify } from '../context.ts';

export function useSidebarData(api: Api, notify: Notify, listLoading: boolean) {
  const [side, setSide] = useState<SidebarData>({ total: null, starred: null, unread: null, trashed: null, tags: [], saved: [], outlets: [] });
  const loadSidebar = useCallback(async () => {
    const count = (q: string) =>
      api['search.query']({ query: q, limit: 1 })
        .then((r) => r.total)
        .catch(() => null);
    const [stats, tags, saved, starred, unread, outlets] = await Promise.all([
      api['archive.stats']({}).catch((e: unknown) => {
        notify(errorMessage(e), { tone: 'error' });
        return null;
      }),
      api['tags.list']({}).catch(() => [] as TagCount[]),
      api['search.saved']({}).catch(() => []),
      count('is:starred'),
      count('is:unread'),
      api['outlets.list']({}).catch(() => []),
    ]);
    setSide({
      total: stats?.clippings ?? null,
      starred,
      unread,
      trashed: stats?.trashed ?? null,
      tags,
      saved,
      outlets: [...outlets].sort((a, b) => b.count - a.count || a.name.localeCompare(b.name)),
    });
  }, [api, notify]);

  // The sidebar's counts cost whole-archive passes: load them once the list has painted.
  const sidebarStarted = useRef(false);
  useEffect(() => {
    if (listLoading || sidebarStarted.current) return;
    sidebarStarted.current = true;
    void loadSidebar();
  }, [listLoading, loadSidebar]);

  /**
   * Opening a clipping marked it read: the unread count moves here, instead of reloading
   * the sidebar — whole-archive passes on the core that would hold up the next search.
   * (Saved searches' counts are brought up to date by the next reload.)
   */
  const countUnread = useCallback((delta: 1 | -1) => {
    setSide((s) => (s.unread === null ? s : { ...s, unread: Math.max(0, s.unread + delta) }));
  }, []);

  return { side, loadSidebar, countUnread };
}
