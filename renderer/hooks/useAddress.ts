/**
 * The page's address follows where the user is (state/url.ts): a new list or an opened
 * clipping adds a history entry, anything else rewrites the current one; Back and Forward
 * (and an address edited by hand) bring that place back. Typing in the search box changes
 * nothing here: only a submitted search is a place.
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { historyStep, placeFromHash, placeToHash, type Place } from '../state/url.ts';
import type { useDialog } from './useDialog.ts';
import type { SearchState } from './useSearchState.ts';
import type { SelectionState } from './useSelection.ts';

/** Where the page opened: the place its address names, read once. */
export function useStartPlace(): Place {
  return useState(() => placeFromHash(window.location.hash))[0];
}

export function useAddress(search: SearchState, sel: SelectionState, dialogs: ReturnType<typeof useDialog>): void {
  const { dialog, setDialog } = dialogs;
  const place: Place = {
    scope: search.scope,
    text: search.searchText,
    chips: search.chips,
    sort: search.sort,
    open: sel.open?.id ?? null,
    view: dialog === 'trash' || dialog === 'tags' ? dialog : null,
  };
  const hash = placeToHash(place);
  const latest = useRef(place);
  latest.current = place;
  /** The place the address was last written for (or read from); null before the first write. */
  const written = useRef<Place | null>(null);

  // In the commit itself, so a Back pressed at once never meets a write still pending.
  useLayoutEffect(() => {
    const from = written.current;
    const to = latest.current;
    written.current = to;
    if (hash === window.location.hash) return;
    // The first write only tidies the address the page opened with.
    const step = from === null ? 'replace' : (historyStep(from, to) ?? 'replace');
    const url = `${window.location.pathname}${window.location.search}${hash}`;
    if (step === 'push') window.history.pushState(null, '', url);
    else window.history.replaceState(window.history.state, '', url);
  }, [hash]);

  const restore = useRef<(p: Place) => void>(() => {});
  restore.current = (p: Place) => {
    search.restore(p);
    sel.restoreOpen(p.open);
    setDialog((d) => p.view ?? (d === 'trash' || d === 'tags' ? null : d));
  };
  useEffect(() => {
    const onPop = () => {
      const p = placeFromHash(window.location.hash);
      written.current = p;
      restore.current(p);
    };
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
}
