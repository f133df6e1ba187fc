/**
 * The list's data: a window onto all clippings (newest or oldest first) or onto the matches of a
 * query, fetched a page at a time as the virtual list scrolls, so 100k rows cost only
 * the pages on screen.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { DateWindow, Facets, HistogramBucket, SearchHit } from '../../electron/contract/shapes.ts';
import type { SearchInParts } from '../../electron/contract/client.ts';
import { errorMessage, type Api } from '../api.ts';
import type { Bucket } from '../lib/query.ts';
import type { StackBy } from '../lib/histogram.ts';

/** Which coverage chart the list's first page should bring along (null: none). */
export interface HistogramWanted {
  bucket: Bucket;
  stackBy: StackBy;
}

/** A chart that came with the list's first page, for the query and the periods it was asked for. */
export interface ListHistogram extends HistogramWanted {
  query: string;
  buckets: HistogramBucket[];
}

export type Sort = 'relevance' | 'newest' | 'oldest';

export interface Row {
  id: number;
  title: string;
  outlet: string | null;
  byline: string | null;
  publishedAt: string | null;
  /** Shown, marked as such, when there is no publication date (it is what the list sorts by then). */
  capturedAt: string | null;
  tags: string[];
  /** Search snippet (escaped, with <mark>), when the row is a search hit. */
  snippet: string | null;
  excerpt: string | null;
  starred: boolean;
  read: boolean;
  /** The extraction may be wrong (no title found): a person should check it. */
  extractionUncertain: boolean;
  matches: [number, number][];
  /** A close match (a corrected spelling), not an exact hit of the search. */
  fuzzy: boolean;
}

export const PAGE_SIZE = 100;
/** A search's hits shown before the rest of its first page (more than a screenful, with the list's overscan). */
export const FIRST_HITS = 30;

export interface ListState {
  query: string;
  total: number;
  totalExact: boolean;
  loading: boolean;
  /** Only a search's first hits are in; the rest of its answer (facets, chart) is coming. */
  partial: boolean;
  error: string | null;
  tookMs: number | null;
  facets: Facets | null;
  /** The days the query's date filters leave (from the core). */
  dates: DateWindow | null;
  histogram: ListHistogram | null;
  didYouMean: string | null;
  /** Close matches (a corrected spelling) among the first page's hits: not counted by facets or the chart. */
  closeMatches: number;
  /** Bumped whenever rows arrive, so the view re-renders. */
  version: number;
  /** Bumped by every refresh() (the archive changed under the same query). */
  refreshes: number;
}

function fromHit(h: SearchHit): Row {
  return {
    id: h.id,
    title: h.title,
    outlet: h.outlet,
    byline: h.byline,
    publishedAt: h.publishedAt,
    capturedAt: h.capturedAt,
    tags: h.tags,
    snippet: h.snippet || null,
    excerpt: null,
    starred: h.starred,
    read: h.read,
    extractionUncertain: h.extractionUncertain,
    matches: h.matches,
    fuzzy: h.fuzzy === true,
  };
}

/**
 * `histogram` is read when a search's first page is fetched: that one call also brings the
 * facets, the chart and the did-you-mean, so a submitted search costs one request.
 */
export function useList(api: Api, query: string, sort: Sort, histogram: HistogramWanted | null = null, searchInParts: SearchInParts | null = null) {
  const wantHistogram = useRef(histogram);
  wantHistogram.current = histogram;
  const pages = useRef(new Map<number, Row[]>());
  const pending = useRef(new Set<number>());
  const stale = useRef(new Map<number, Row[]>());
  const generation = useRef(0);
  const patches = useRef(new Map<number, Partial<Row>>());
  /** Stops the search whose answer is still coming when another replaces it. */
  const inParts = useRef<AbortController | null>(null);
  const [state, setState] = useState<ListState>({ query, total: 0, totalExact: true, loading: true, partial: false, error: null, tookMs: null, facets: null, dates: null, histogram: null, didYouMean: null, closeMatches: 0, version: 0, refreshes: 0 });

  const listMode = query === '';
  const effectiveSort: Sort = listMode ? (sort === 'relevance' ? 'newest' : sort) : sort;

  const fetchPage = useCallback(
    async (page: number, gen: number) => {
      if (pending.current.has(page) || pages.current.has(page)) return;
      pending.current.add(page);
      const offset = page * PAGE_SIZE;
      const started = performance.now();
      try {
        if (listMode) {
          const r = await api['clippings.list']({ limit: PAGE_SIZE, offset, sort: effectiveSort === 'oldest' ? 'oldest' : 'newest' });
          if (gen !== generation.current) return;
          pages.current.set(
            page,
            r.items.map((c) => ({ id: c.id, title: c.title, outlet: c.outlet, byline: c.byline, publishedAt: c.publishedAt, capturedAt: c.capturedAt, tags: c.tags, snippet: null, excerpt: c.excerpt, starred: c.starred, read: c.read, extractionUncertain: c.extractionUncertain, matches: [], fuzzy: false })),
          );
          setState((s) => ({ ...s, total: r.total, totalExact: true, loading: false, partial: false, error: null, tookMs: performance.now() - started, version: s.version + 1 }));
        } else {
          // The first page brings everything about the search; further pages only hits.
          const first = page === 0;
          const chart = first ? wantHistogram.current : null;
          const args = { query, limit: PAGE_SIZE, offset, sort: effectiveSort, facets: first, ...(chart ? { histogram: chart } : {}) };
          // A search's first hits are shown as soon as they are found (browser mode: the same
          // request brings the rest, facets and chart after them).
          const r =
            first && searchInParts
              ? await searchInParts(
                  args,
                  FIRST_HITS,
                  (head) => {
                    if (gen !== generation.current) return;
                    pages.current.set(page, head.hits.map(fromHit));
                    setState((s) => ({ ...s, total: head.total, totalExact: head.totalExact, loading: false, partial: true, error: null, version: s.version + 1 }));
                  },
                  (inParts.current = new AbortController()).signal,
                )
              : await api['search.query'](args);
          if (gen !== generation.current) return;
          pages.current.set(page, r.hits.map(fromHit));
          setState((s) => ({
            ...s,
            total: r.totalExact ? r.total : Math.max(r.total, offset + r.hits.length + (r.hits.length === PAGE_SIZE ? PAGE_SIZE : 0)),
            totalExact: r.totalExact,
            loading: false,
            partial: false,
            error: null,
            tookMs: first ? r.tookMs : s.tookMs,
            facets: first ? (r.facets ?? null) : s.facets,
            dates: first ? (r.dates ?? null) : s.dates,
            histogram: first ? (chart && r.histogram ? { query, ...chart, buckets: r.histogram } : null) : s.histogram,
            didYouMean: first ? (r.didYouMean ?? null) : s.didYouMean,
            closeMatches: first ? r.hits.filter((h) => h.fuzzy).length : s.closeMatches,
            version: s.version + 1,
          }));
        }
      } catch (err) {
        if (gen !== generation.current) return;
        setState((s) => ({ ...s, loading: false, partial: false, error: errorMessage(err), version: s.version + 1 }));
      } finally {
        pending.current.delete(page);
      }
    },
    [api, listMode, query, effectiveSort],
  );

  const reset = useCallback(
    (keepRows: boolean) => {
      generation.current++;
      inParts.current?.abort();
      inParts.current = null;
      const gen = generation.current;
      pending.current = new Set();
      const old = pages.current;
      pages.current = new Map();
      // A refresh keeps showing the old rows until the new ones arrive.
      stale.current = keepRows ? old : new Map();
      if (!keepRows) setState((s) => ({ ...s, query, loading: true, partial: false, error: null, facets: null, dates: null, histogram: null, didYouMean: null, closeMatches: 0, total: 0, tookMs: null, version: s.version + 1 }));
      const wanted = keepRows && old.size ? [...old.keys()] : [0];
      for (const p of wanted) void fetchPage(p, gen);
    },
    [fetchPage, query],
  );

  useEffect(() => {
    patches.current.clear();
    reset(false);
  }, [reset]);

  const row = useCallback((index: number): Row | null => {
    const page = Math.floor(index / PAGE_SIZE);
    const r = (pages.current.get(page) ?? stale.current.get(page))?.[index % PAGE_SIZE];
    if (!r) return null;
    const p = patches.current.get(r.id);
    return p ? { ...r, ...p } : r;
  }, []);

  const ensure = useCallback(
    (from: number, to: number) => {
      const gen = generation.current;
      for (let p = Math.floor(from / PAGE_SIZE); p <= Math.floor(Math.max(from, to) / PAGE_SIZE); p++) void fetchPage(p, gen);
    },
    [fetchPage],
  );

  const indexOf = useCallback((id: number): number => {
    for (const [p, rows] of pages.current) {
      const i = rows.findIndex((r) => r.id === id);
      if (i >= 0) return p * PAGE_SIZE + i;
    }
    return -1;
  }, []);

  /** Changes a row in place (read, starred, tags) without refetching. */
  const patch = useCallback((id: number, change: Partial<Row>) => {
    patches.current.set(id, { ...patches.current.get(id), ...change });
    setState((s) => ({ ...s, version: s.version + 1 }));
  }, []);

  /** Refetches what is loaded (after a delete, an import, a tag change) keeping the scroll. */
  const refresh = useCallback(() => {
    patches.current.clear();
    setState((s) => ({ ...s, refreshes: s.refreshes + 1 }));
    reset(true);
  }, [reset]);

  return { state, row, ensure, indexOf, patch, refresh };
}

export type ListApi = ReturnType<typeof useList>;
