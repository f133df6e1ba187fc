/**
 * Where the user is, kept in the page's address so that a reload, Back and Forward, and a
 * copied link bring it back: the sidebar's scope, the submitted search, its filter chips
 * and sort, the open clipping, and the trash or tag manager when one is up.
 *
 * It lives in the fragment (`#q=election&open=12`): the app's `app://cuttings/index.html`
 * and browser mode's `http://127.0.0.1:…/` both keep it across a reload, it never reaches
 * a server, and browser mode's `?token=` stays out of it. Reading is forgiving: anything
 * damaged or unknown falls back to its default, never to an error.
 */
import type { Chip } from '../hooks/useSearchState.ts';
import type { Sort } from '../hooks/useList.ts';
import type { Scope } from '../components/Sidebar.tsx';
import { isoDay, periodLabel, quoteValue } from '../lib/query.ts';

/** The dialogs that are places of their own (the others are tasks, not kept). */
export type View = 'trash' | 'tags';

export interface Place {
  scope: Scope;
  /** The search as submitted with Enter (not what is being typed). */
  text: string;
  chips: Chip[];
  sort: Sort;
  open: number | null;
  view: View | null;
}

export const ALL: Scope = { key: 'all', label: 'All clippings', query: '' };
export const HOME: Place = { scope: ALL, text: '', chips: [], sort: 'relevance', open: null, view: null };

const SORTS: readonly Sort[] = ['relevance', 'newest', 'oldest'];
const VIEWS: readonly View[] = ['trash', 'tags'];
/** Longer than any query a person types; a longer value is not ours. */
const MAX_TEXT = 2000;
const MAX_CHIPS = 20;

/** A value quoted by quoteValue, unquoted. */
const unquote = (v: string): string => (v.length > 1 && v.startsWith('"') && v.endsWith('"') ? v.slice(1, -1) : v);

/** The sidebar's entry for a scope key, built as the sidebar builds it (saved searches bring their query). */
export function scopeFor(key: string, savedQuery: string | null): Scope | null {
  if (key === 'all') return ALL;
  if (key === 'starred') return { key, label: 'Starred', query: 'is:starred' };
  if (key === 'unread') return { key, label: 'Unread', query: 'is:unread' };
  const m = /^(tag|outlet|saved):(.+)$/s.exec(key);
  if (!m) return null;
  const [, kind, name] = m as unknown as [string, 'tag' | 'outlet' | 'saved', string];
  if (kind === 'saved') return savedQuery?.trim() ? { key, label: name, query: savedQuery.trim() } : null;
  return { key, label: name, query: `${kind}:${quoteValue(name)}` };
}

/** A filter chip from its query, labelled as the list's facet pickers and chart label it. */
export function chipFor(query: string): Chip {
  const q = query.trim();
  let m: RegExpExecArray | null;
  if ((m = /^tag:(.+)$/s.exec(q))) return { label: `Tag: ${unquote(m[1]!)}`, query: q };
  if ((m = /^outlet:(.+)$/s.exec(q))) return { label: unquote(m[1]!), query: q };
  if ((m = /^on:(\d{4})$/.exec(q))) return { label: m[1]!, query: q };
  if ((m = /^on:(\d{4}-\d{2}-\d{2})$/.exec(q))) return { label: periodLabel('day', m[1]!), query: q };
  if ((m = /^on:(\d{4}-\d{2})$/.exec(q))) return { label: periodLabel('month', `${m[1]!}-01`), query: q };
  if ((m = /^after:(\d{4}-\d{2}-\d{2}) before:(\d{4}-\d{2}-\d{2})$/.exec(q))) {
    const after = Date.parse(`${m[1]!}T00:00:00Z`);
    const before = Date.parse(`${m[2]!}T00:00:00Z`);
    // A chart week: the day before its Monday to the day after its Sunday.
    if (before - after === 8 * 86_400_000) return { label: periodLabel('week', isoDay(new Date(after + 86_400_000))), query: q };
  }
  return { label: q, query: q };
}

/** The address fragment for a place ('' for the plain list). */
export function placeToHash(p: Place): string {
  const params = new URLSearchParams();
  if (p.scope.key !== 'all') {
    params.set('scope', p.scope.key);
    if (p.scope.key.startsWith('saved:')) params.set('saved', p.scope.query);
  }
  if (p.text.trim()) params.set('q', p.text.trim());
  for (const c of p.chips) params.append('f', c.query);
  if (p.sort !== 'relevance') params.set('sort', p.sort);
  if (p.open !== null) params.set('open', String(p.open));
  if (p.view) params.set('view', p.view);
  const s = params.toString();
  return s ? `#${s}` : '';
}

/** The place an address fragment names; each damaged or unknown part is left at its default. */
export function placeFromHash(hash: string): Place {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const get = (k: string): string | null => {
    const v = params.get(k);
    // U+FFFD: a broken %-escape, not something the user wrote.
    return v !== null && v.length <= MAX_TEXT && !v.includes('\uFFFD') ? v : null;
  };
  const scopeKey = get('scope');
  const scope = (scopeKey && scopeFor(scopeKey, get('saved'))) || ALL;
  const chips: Chip[] = [];
  for (const f of params.getAll('f')) {
    const q = f.trim();
    if (q && q.length <= MAX_TEXT && !q.includes('\uFFFD') && chips.length < MAX_CHIPS && !chips.some((c) => c.query === q)) chips.push(chipFor(q));
  }
  const sort = get('sort');
  const open = get('open');
  const openId = open && /^[1-9]\d{0,15}$/.test(open) ? Number(open) : null;
  const view = get('view');
  return {
    scope,
    text: get('q')?.trim() ?? '',
    chips,
    sort: SORTS.includes(sort as Sort) ? (sort as Sort) : 'relevance',
    open: openId !== null && Number.isSafeInteger(openId) ? openId : null,
    view: VIEWS.includes(view as View) ? (view as View) : null,
  };
}

/**
 * How the history records a move from one place to the next: a new list (scope, search,
 * filters, sort) or a clipping opened is a step Back returns from; closing the clipping or
 * opening and closing the trash or tag manager only rewrites the current entry.
 */
export function historyStep(from: Place, to: Place): 'push' | 'replace' | null {
  if (placeToHash(from) === placeToHash(to)) return null;
  const list = (p: Place) => placeToHash({ ...p, open: null, view: null });
  if (list(from) !== list(to)) return 'push';
  if (to.open !== null && to.open !== from.open) return 'push';
  return 'replace';
}
