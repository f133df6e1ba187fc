/**
 * What drives a query that has both a full-text part and filters (issue 13), decided
 * before the full-text match is read, and queries that contradict themselves. Pure: the
 * engine (db/search.ts) makes the bounded reads `chooseDriver` asks for and follows its
 * answer.
 *
 * Cost model. Ranking a match by bm25 pays, per matching clipping, bm25 itself (which
 * decodes the clipping's position lists: ~2.5 µs a row for `the` at 100k, 0.5 µs for a
 * mid-frequency word) and a lookup of the clipping in the covering filter index
 * (~1 µs); reading the match's rowids alone costs ~0.1 µs a row (`the`: 99k rows, 9 ms
 * to count, 250 ms to rank). The clippings passing the filters alone come from an index
 * in one range read (dates, ~0.1 µs a row) or one scan of it (~0.3 µs an entry). So the
 * choice is made from bounded reads, each only when the ones before leave it open:
 *
 * 1. The match's rowids are counted up to SMALL_MATCH. Fewer: the match drives (the
 *    plan of old: each match ranked and looked up), a few milliseconds whatever the
 *    filters.
 * 2. The ids of the live clippings passing the filters are read, up to SMALL_MATCH /
 *    MATCH_RATIO, from a covering index (the date index when the filters bound the date). None: the answer is empty — the match was read no further than step
 *    1. All of them (fewer than the limit): the filters drive — the match is read once
 *    for its rowids and only the clippings the filters gave are ranked and looked up.
 * 3. Else, when those first ids were read in id order (the filters' index by id: not a
 *    date range), the ids they passed over tell the filters' density: at DENSE_FILTERS
 *    times `filterCap` (a share of the archive) or more over the whole archive, they are
 *    broad and the match drives, without reading on (`lang:en`, `is:read`: a scan of a
 *    third of the index for ids that would only prove it). Else the filters' ids are read
 *    up to `filterCap` (in id order, on from the first ones). More: they are broad, and the match drives. Else the match's rowids are read (up to MATCH_RATIO ×
 *    the cap; with them the clippings the meta index may add) and the filters' ids kept
 *    that are among them: the filters as a set against the match as a set. None: the
 *    answer is empty (`empty`: the filters pass some clippings, the match none of them —
 *    found without ranking anything). Else they drive: only the clippings in both are
 *    ranked (bm25 and a lookup each) — never more than the match-driven plan ranks. (A
 *    match read to its limit is broad: the filters' ids drive as read, unintersected,
 *    being at most a third of it; so does a match its ranking list counts at that limit
 *    or more, without the read.) Read as one
 *    JSON array, ids cost about what counting them does — 25k ids of a date range at
 *    100k: 1.8 ms, counted 1.2, 22 ms as rows — and a filter that scans its index
 *    (`url:`, `lang:`) is scanned once.
 *
 * Wasted work is bounded: the filter clippings read are at most a quarter of the archive
 * (one scan of its index when they are not of the date), the match's rowids at most
 * MATCH_RATIO times that, each read at a small fraction of what ranking one match costs
 * (bm25 and a lookup, ~3 µs). Set against each other they tell a combination that finds
 * nothing before any ranking, and leave to be ranked only the clippings in both. The
 * match's size here is an estimate (the meta index's clippings are added whole): only
 * the size of the work depends on it, never the results.
 */
import type { QueryNode } from './parser.ts';

/** Below this many full-text matches the match drives, whatever the filters. */
export const SMALL_MATCH = 2000;
/** The filters' ids drive as read (not set against the match) while the match has at least this many times as many: step 2, and a match read to MATCH_RATIO × the cap in step 3. */
export const MATCH_RATIO = 3;
/** At most this share of the archive is read as the filters' ids. */
const FILTER_SHARE = 1 / 4;

/** How many of the filters' ids to read at most, in an archive whose largest clipping id is `maxId`. */
function filterCap(maxId: number): number {
  return Math.max(Math.floor(SMALL_MATCH / MATCH_RATIO), Math.floor(maxId * FILTER_SHARE));
}

export type Driver =
  /** Nothing can match: answer empty without reading the match. */
  | { kind: 'none' }
  /** Read the match and look each clipping up (the match is small, or the filters broad). */
  | { kind: 'match' }
  /** Rank only these clippings (every one passing the filters that may match: a superset of the results) against the match. */
  | { kind: 'filters'; ids: number[] }
  /** Clippings pass the filters, but the match has none of them: answer empty without ranking. */
  | { kind: 'empty' };

/** The reads of the engine that `chooseDriver` asks for. */
export interface DriverReads {
  /** The match's rowids in the main full-text table, counted up to `limit`. */
  matches(limit: number): number;
  /** The ids of the live clippings passing the filters, up to `limit`; with `after` (only when `byId`), those of larger ids. */
  filterIds(limit: number, after?: number): number[];
  /**
   * The match's rowids in the main full-text table, up to `limit`; when fewer, with them
   * every clipping the meta index may decide a match (so a superset of the matches).
   */
  matchIds(limit: number): number[];
  /**
   * The match is known, without reading it, to have at least `limit` rowids (its ranking
   * list's count, nothing changed since): `matchIds(limit)` would come back full.
   */
  broad?(limit: number): boolean;
  /** The largest clipping id. */
  maxId(): number;
  /**
   * `filterIds` reads the filters' index in id order (every clipping up to the last id
   * read was passed over): the first read's last id then tells how densely the filters pass,
   * and the second read goes on from it.
   */
  byId?: boolean;
}

/**
 * Step 3 reads no more filter ids when the first read's density, over the whole archive,
 * puts them at this many times the cap: they are broad, and the match drives.
 */
export const DENSE_FILTERS = 1.2;

/** Steps 1–3 above. */
export function chooseDriver(read: DriverReads): Driver {
  if (read.matches(SMALL_MATCH) < SMALL_MATCH) return { kind: 'match' };
  const first = Math.floor(SMALL_MATCH / MATCH_RATIO);
  const some = read.filterIds(first + 1);
  if (some.length === 0) return { kind: 'none' };
  if (some.length <= first) return { kind: 'filters', ids: some };
  const maxId = read.maxId();
  const cap = filterCap(maxId);
  // (The first ids read, in id order, passed over every clipping up to the last of them.)
  const last = Math.max(1, ...some);
  if (read.byId && some.length * maxId > DENSE_FILTERS * cap * last) return { kind: 'match' };
  // (In id order, the first ids are not read again: a `url:` scan passed over a fifth of the index for them.)
  const ids = read.byId ? some.concat(read.filterIds(cap + 1 - some.length, last)) : read.filterIds(cap + 1);
  if (ids.length > cap) return { kind: 'match' };
  const limit = MATCH_RATIO * cap;
  // (A stop word's ranking list counts it: its first 75,000 rowids at 100k are not read to prove it broad.)
  if (read.broad?.(limit)) return { kind: 'filters', ids };
  const found = read.matchIds(limit);
  if (found.length >= limit) return { kind: 'filters', ids };
  const member = new Set(found);
  const both = ids.filter((id) => member.has(id));
  if (both.length === 0) return { kind: 'empty' };
  return { kind: 'filters', ids: both };
}

/**
 * Whether the query can match nothing whatever the archive holds: an AND with a part and
 * the negation of something that part implies (`the -the`, `rate -(rate OR bank)`,
 * `tag:x -tag:x`), or an OR of such. FTS5 would read the whole match of `the` twice to
 * find that `"the" NOT "the"` is empty. Words compare as the index compares them in
 * ASCII (case-insensitive); anything else must be written the same.
 */
export function contradicts(node: QueryNode): boolean {
  if (node.type === 'or') return node.children.every(contradicts);
  if (node.type !== 'and') return false;
  if (node.children.some(contradicts)) return true;
  const negated = node.children.flatMap((c) => (c.type === 'not' ? [c.child] : []));
  return negated.some((x) => node.children.some((s) => s.type !== 'not' && implies(s, x)));
}

/** Every clipping `s` matches also matches `x` (as far as the shapes of the two tell). */
function implies(s: QueryNode, x: QueryNode): boolean {
  if (key(s) === key(x)) return true;
  if (x.type === 'or' && x.children.some((c) => implies(s, c))) return true;
  return s.type === 'and' && s.children.some((c) => implies(c, x));
}

/** A node as text, words and values in ASCII lower case (FTS5, NOCASE and lower() all fold ASCII case). */
function key(n: QueryNode): string {
  return JSON.stringify(n, (k, v: unknown) => ((k === 'text' || k === 'value') && typeof v === 'string' && /^[\x20-\x7e]*$/.test(v) ? v.toLowerCase() : v));
}
