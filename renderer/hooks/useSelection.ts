/**
 * The open clipping (with its search matches), the multi-selection (picked rows, or every
 * result of the list's search) and its anchor, and moving through the list.
 */
import { useCallback, useEffect, useState } from 'react';
import type { ListApi, Row } from './useList.ts';

export interface OpenClipping {
  id: number;
  title: string;
  matches: [number, number][];
  /** The list's row it was opened from: shown at once while its full text loads. */
  row?: Row;
}

/** A row to bring into view: by the least scroll (moving through the list), or centred (a place coming back). */
export interface ScrollTarget {
  index: number;
  align: 'auto' | 'center';
}

/** `startOpen`: the clipping the page's address opens; `wanted`: the query the list is showing, or is about to. */
export function useSelection(list: ListApi, startOpen: number | null, wanted: string) {
  const [open, setOpen] = useState<OpenClipping | null>(startOpen === null ? null : { id: startOpen, title: '', matches: [] });
  const [selection, setSelection] = useState<Set<number>>(new Set());
  /** Every result of the current search (or the whole archive) is selected, loaded or not. */
  const [allResults, setAllResults] = useState(false);
  const [anchorIndex, setAnchorIndex] = useState<number | null>(null);
  const [scrollTo, setScrollTo] = useState<ScrollTarget | null>(null);

  /** Opens a clipping by id (after an import, an undo, a suggestion). */
  const openId = useCallback((id: number, title = '') => setOpen({ id, title, matches: [] }), []);

  /** A clipping opened by the address, to scroll to once the list has loaded its row (state, so it changes in step with the search). */
  const [reveal, setReveal] = useState<number | null>(startOpen);
  /** Back or Forward: that place's clipping (its matches follow from its row). */
  const restoreOpen = useCallback((id: number | null) => {
    setReveal(id);
    setOpen((o) => (id === null ? null : o?.id === id ? o : { id, title: '', matches: [] }));
  }, []);

  const openRow = useCallback((r: Row, index: number) => {
    setOpen({ id: r.id, title: r.title, matches: r.matches, row: r });
    setSelection(new Set());
    setAllResults(false);
    setAnchorIndex(index);
    setScrollTo({ index, align: 'auto' });
  }, []);

  const onSelect = (id: number, how: 'toggle' | 'range', index: number) => {
    setAllResults(false);
    setSelection((prev) => {
      const next = new Set(prev);
      if (open && next.size === 0) next.add(open.id);
      if (how === 'toggle') {
        if (next.has(id)) next.delete(id);
        else next.add(id);
      } else {
        const from = Math.min(anchorIndex ?? index, index);
        const to = Math.max(anchorIndex ?? index, index);
        for (let i = from; i <= to; i++) {
          const r = list.row(i);
          if (r) next.add(r.id);
        }
      }
      return next;
    });
    if (how === 'toggle') setAnchorIndex(index);
  };

  const step = (delta: 1 | -1) => {
    const current = open ? list.indexOf(open.id) : -1;
    const next = Math.max(0, Math.min(list.state.total - 1, current + delta));
    const r = list.row(next);
    if (r) openRow(r, next);
    else {
      list.ensure(next, next);
      setScrollTo({ index: next, align: 'auto' });
    }
  };

  const clearSelection = useCallback(() => {
    setSelection(new Set());
    setAllResults(false);
  }, []);
  const selectAll = useCallback(() => setAllResults(true), []);
  // "All results" means the results of the search it was chosen on.
  useEffect(() => setAllResults(false), [list.state.query]);
  /** How many clippings the selection holds. */
  const selectedCount = allResults ? list.state.total : selection.size;

  // A new search: the open clipping's matches were the old search's; drop them at once
  // (the effect below gives it the new search's, once its row is among the results).
  const query = list.state.query;
  useEffect(() => setOpen((o) => (o && o.matches.length > 0 ? { ...o, matches: [] } : o)), [query]);

  // Scroll to a clipping the address opened, once the list for that place has loaded (if its pages hold it).
  useEffect(() => {
    if (reveal === null || list.state.loading || list.state.query !== wanted) return;
    const i = list.indexOf(reveal);
    setReveal(null);
    if (i >= 0) setScrollTo({ index: i, align: 'center' });
  }, [list, list.state.loading, list.state.query, list.state.version, wanted, reveal]);

  // Keep the open clipping's matches when the search changes under it.
  useEffect(() => {
    if (!open) return;
    const i = list.indexOf(open.id);
    const r = i >= 0 ? list.row(i) : null;
    if (r && r.matches !== open.matches && (r.matches.length || open.matches.length) && JSON.stringify(r.matches) !== JSON.stringify(open.matches)) {
      setOpen({ id: r.id, title: r.title, matches: r.matches, row: r });
    }
  }, [list, list.state.version, open]);

  return { open, setOpen, openId, restoreOpen, selection, allResults, selectedCount, clearSelection, selectAll, scrollTo, openRow, onSelect, step };
}

export type SelectionState = ReturnType<typeof useSelection>;
