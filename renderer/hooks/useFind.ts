/**
 * Find within the open clipping (Ctrl+F): the typed words' places in the clean text
 * (case-insensitive), which one is current, stepping through them. The reader draws them
 * as its match marks while the find bar is open.
 */
import { useMemo, useState } from 'react';

/** Every place `needle` occurs in `text`, case-insensitive, as [start, end) offsets. */
export function findAll(text: string, needle: string): [number, number][] {
  const n = needle.trim().toLocaleLowerCase();
  if (!n) return [];
  const hay = text.toLocaleLowerCase();
  // Lower-casing can change a string's length (rare letters): then offsets would drift, so search the original.
  const src = hay.length === text.length ? hay : text;
  const out: [number, number][] = [];
  for (let at = src.indexOf(n); at !== -1 && out.length < 10_000; at = src.indexOf(n, at + n.length)) out.push([at, at + n.length]);
  return out;
}

export function useFind(text: string) {
  const [open, setOpen] = useState(false);
  const [query, setQueryRaw] = useState('');
  const [index, setIndex] = useState(0);
  /** Counts Ctrl+F presses: each one puts the focus back in the find box. */
  const [asked, setAsked] = useState(0);
  const matches = useMemo(() => (open ? findAll(text, query) : []), [open, text, query]);
  return {
    open,
    asked,
    query,
    matches,
    index: matches.length ? Math.min(index, matches.length - 1) : 0,
    setQuery: (q: string) => {
      setQueryRaw(q);
      setIndex(0);
    },
    step: (delta: 1 | -1) => setIndex((i) => (matches.length ? (Math.min(i, matches.length - 1) + delta + matches.length) % matches.length : 0)),
    show: () => {
      setOpen(true);
      setAsked((a) => a + 1);
    },
    close: () => setOpen(false),
  };
}

export type Find = ReturnType<typeof useFind>;
