/**
 * What the list shows: the sidebar scope, the text being typed, the submitted text, the
 * filter chips and the sort; and the query they compose.
 */
import { useMemo, useState } from 'react';
import type { Scope } from '../components/Sidebar.tsx';
import { composeQuery, periodFilter, periodLabel, quotedQuery, type Bucket } from '../lib/query.ts';
import type { Place } from '../state/url.ts';
import type { Sort } from './useList.ts';

export interface Chip {
  label: string;
  query: string;
}

/** `start`: where the page opened (its address). */
export function useSearchState(start: Place) {
  const [scope, setScope] = useState<Scope>(start.scope);
  const [typed, setTyped] = useState(start.text);
  const [searchText, setSearchText] = useState(start.text);
  const [chips, setChips] = useState<Chip[]>(start.chips);
  const [sort, setSort] = useState<Sort>(start.sort);
  const query = useMemo(() => composeQuery({ scope: scope.query, text: searchText, filters: chips.map((c) => c.query) }), [scope, searchText, chips]);
  const searching = searchText.trim() !== '';
  /** Best match only means something for a text search. */
  const effectiveSort: Sort = searching ? sort : sort === 'relevance' ? 'newest' : sort;

  const changeScope = (s: Scope) => {
    setScope(s);
    setChips([]);
    setSearchText('');
    setTyped('');
  };

  const runSearch = (text: string) => {
    setSearchText(text);
    setChips([]);
    if (text.trim()) setSort('relevance');
  };

  /** A suggestion was opened: its text becomes the search, without filters. */
  const searchFor = (text: string) => {
    setSearchText(text);
    setChips([]);
  };

  /** Back or Forward: the list of that place, as it was. */
  const restore = (p: Place) => {
    setScope(p.scope);
    setTyped(p.text);
    setSearchText(p.text);
    setChips(p.chips);
    setSort(p.sort);
  };

  const addChip = (c: Chip) => setChips((cs) => (cs.some((x) => x.query === c.query) ? cs : [...cs, c]));
  const removeChip = (query: string) => setChips((cs) => cs.filter((x) => x.query !== query));
  const clearChips = () => setChips([]);
  const pickPeriod = (bucket: Bucket, start: string) => {
    const f = periodFilter(bucket, start);
    setChips((cs) => [...cs.filter((c) => !/^(on|after):/.test(c.query)), { label: periodLabel(bucket, start), query: f }]);
  };

  const listTitle = searching ? quotedQuery(searchText) : scope.label;
  const searchLabel = [scope.key !== 'all' ? scope.label : '', searchText.trim(), ...chips.map((c) => c.label)].filter(Boolean).join(' · ');

  return { scope, typed, setTyped, searchText, searching, chips, sort, setSort, restore, effectiveSort, query, changeScope, runSearch, searchFor, addChip, removeChip, clearChips, pickPeriod, listTitle, searchLabel };
}

export type SearchState = ReturnType<typeof useSearchState>;
