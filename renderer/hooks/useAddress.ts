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

  /** Writes decided in a commit, made after the next paint (see `flush`). */
  const queued = useRef<{ step: 'push' | 'replace'; hash: string }[]>([]);
  /**
   * Makes the queued writes. Chromium's `pushState`/`replaceState` bring the page's style and
   * layout up to date at once (10–15 ms a click in tests/bench/reader-trace.ts, even with
   * `history.scrollRestoration` manual): in the commit, that is an opened clipping's whole
   * layout forced before its first paint, so they wait for the paint. Any key or press
   * makes them first, so input never meets a write still queued.
   */
  const flush = useRef(() => {
    for (const { step, hash } of queued.current.splice(0)) {
      const url = `${window.location.pathname}${window.location.search}${hash}`;
      if (step === 'push') window.history.pushState(null, '', url);
      else window.history.replaceState(window.history.state, '', url);
    }
  });

  useLayoutEffect(() => {
    const from = written.current;
    const to = latest.current;
    written.current = to;
    if (hash === (queued.current.at(-1)?.hash ?? window.location.hash)) return;
    // The first write only tidies the address the page opened with.
    const step = from === null ? 'replace' : (historyStep(from, to) ?? 'replace');
    queued.current.push({ step, hash });
    if (queued.current.length === 1) requestAnimationFrame(() => setTimeout(flush.current, 0));
  }, [hash]);

  useEffect(() => {
    const now = () => flush.current();
    for (const e of ['keydown', 'pointerdown'] as const) window.addEventListener(e, now, { capture: true });
    return () => {
      for (const e of ['keydown', 'pointerdown'] as const) window.removeEventListener(e, now, { capture: true });
    };
  }, []);

  const restore = useRef<(p: Place) => void>(() => {});
  restore.current = (p: Place) => {
    search.restore(p);
    sel.restoreOpen(p.open);
    setDialog((d) => p.view ?? (d === 'trash' || d === 'tags' ? null : d));
  };
  useEffect(() => {
    const onPop = () => {
      // The browser went back from the entry the queued writes had not yet left: the place it
      // brings back is the one shown and named.
      queued.current.length = 0;
      const p = placeFromHash(window.location.hash);
      written.current = p;
      restore.current(p);
    };
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
}
