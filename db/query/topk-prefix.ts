/**
 * The best-ranked clippings of a one- or two-letter prefix (`a*`, `th*`) from its ranking
 * list without reading the prefix's match in the full-text index (issue 13).
 *
 * A one-letter prefix has no prefix index (`prefix = '2 3'`): every FTS5 statement on it
 * — a count, a pass scoring a few clippings, a lookup of one — first merges the doclists
 * of every word it begins (~180 ms for `a*` at 100k, quiet), and ranking it took six of
 * them. The list (query/topk.ts) names the best clippings; what is left is to score
 * them, the clippings changed since the list was read and those with the prefix in their
 * tags, notes or annotations, without FTS5's bm25:
 *
 * - **idf.** FTS5's idf is log((N − n + 0.5) / (n + 0.5)), floored at 1e-6 when not
 *   positive, i.e. whenever the phrase is in at least half the documents (2n ≥ N) — as
 *   are the broad short prefixes (`a*` in 98,970 of 100,000). The list keeps n and N of
 *   its read; since then at most one match was lost per changed clipping and per
 *   clipping deleted without a mark (deletions: at most N then − N now + marks since),
 *   so when the smallest n this allows still has 2n ≥ N now, idf is exactly 1e-6.
 * - **g.** bm25 is then −(1e-6 · g(wtf, D, avgdl)) with the stored weighted count and
 *   length of a listed clipping, computed by the same IEEE operations in the same order
 *   as FTS5 (`g`; the list's read checked it gave FTS5's scores bit for bit, or kept no
 *   counts and this path is never taken), and avgdl FTS5's (N and the tokens of the
 *   averages record).
 * - **Other clippings.** One changed since the list, or found in the meta index beyond
 *   the list, is scored from its weighted count and length counted now: its columns, as
 *   the index's content view gives them, tokenized by the index's own tokenizer in a
 *   temporary table, the tokens the prefix begins counted by column and weighted as bm25
 *   weights them (query/doc-counts.ts); its length from the index's doc sizes — or, for
 *   a one-letter prefix's best clippings in the meta index, from the counts the warm-up
 *   kept, while they hold (query/topk-side.ts). A clipping found in the meta
 *   index ranks by 0 + body bm25 + meta bm25 (db/search.ts `settle`); one not in
 *   the list and unchanged has a body bm25 between −1e-6 · bound and 0, so it is counted
 *   only if at that best it could reach the page.
 * - **Proof.** The page's last clipping must beat −1e-6 · bound (with the lists' margin),
 *   as in query/topk.ts: no unlisted, unchanged clipping can then reach it. The best
 *   1,024 clippings found in the meta index are read first, and the page is theirs alone
 *   when its last beats every rank outside them (`pageOf`); else, for a one-letter
 *   prefix, the best 4,096 with every listed and changed clipping found there (`wideOf`);
 *   else all are read. A two-letter prefix past its counting budget scores the rest by
 *   FTS5 in a pass restricted to them (its prefix index makes that cheap).
 *
 * Null whenever any of this does not hold (no list, no counts kept, too many clippings to
 * count): the caller ranks the usual way. Pages, scores and ties are bm25's over every match.
 */
import type { Db } from '../open.ts';
import { DocCounts } from './doc-counts.ts';
import { sideCounts } from './topk-side.ts';
import { g, K1, MARGIN, type CurrentList, type Ranked, type RankLists } from './topk.ts';

/** FTS5's idf of a phrase in at least half the documents. */
const IDF_FLOOR = 1e-6;
/** The best this many more than the page of the clippings found in the meta index are read first (`shortPrefixTop`). */
const FOUND_FIRST = 1024;
/** Where those alone cannot prove the page, the best this many times as many are read with the list's (`wideOf`). */
const WIDE = 4;
/**
 * At most this many clippings are counted by tokenizing them, per query (0.15–0.4 ms each
 * at 100k by load: the content view's text and the tokenizer) — for a one-letter prefix,
 * whose other way costs seconds; a two-letter one has a prefix index, and its list
 * scored by FTS5 (query/topk.ts) costs about what counting TWO_LETTERS_COUNTED does.
 */
const COUNTED_MAX = 1024;
const TWO_LETTERS_COUNTED = 128;
/** Beyond TWO_LETTERS_COUNTED, at most this many passes of FTS5's bm25 over a two-letter prefix's match (10–30 ms each at 100k). */
const PASSES_MAX = 2;
/** A body expression this path takes: a prefix of one or two ASCII letters or digits (too short for the porter stemmer to change it). */
const SHORT_PREFIX = /^"([A-Za-z0-9]{1,2})"\*$/u;

/**
 * The first `k` matches of `expr` (a body expression: a short prefix) by rank, ties by
 * id, as bm25 over every match ranks them, with the least number of its matches — or
 * null. `found(limit)`: the clippings with it in their tags, notes or annotations and
 * their meta bm25 — the best `limit` by (bm25, id), or all without a limit — asked only
 * once the list is known to serve; the best `first` more than the page are asked first.
 * `pass(ids)`: FTS5's body bm25 of those of `ids` it matches, in one pass over its match
 * (taken by a two-letter prefix only: `pageOf`). `foundWith(ids, limit)`: those of `ids`
 * found in the meta index first, then the best others, `limit` in all (`wideOf`).
 */
export function shortPrefixTop(
  db: Db,
  lists: RankLists,
  expr: string,
  k: number,
  found: (limit?: number) => readonly { id: number; r: number }[],
  first = FOUND_FIRST,
  pass?: (ids: readonly number[]) => Ranked[],
  foundWith?: (ids: readonly number[], limit: number) => readonly { id: number; r: number; with: number }[],
): { page: Ranked[]; least: number } | null {
  const prefix = SHORT_PREFIX.exec(expr)?.[1]?.toLowerCase();
  if (prefix === undefined || k <= 0) return null;
  const cur = lists.current(expr);
  const least = cur ? leastMatches(cur) : null;
  const budget = prefix.length === 1 ? COUNTED_MAX : TWO_LETTERS_COUNTED;
  if (!cur || least === null || 2 * least < cur.now.rows || cur.changed.size > budget) return null;
  // The best of the clippings found in the meta index first: reading every one (36k for
  // `c*` at 100k) costs more than the rest of the page.
  const best = found(k + first + 1);
  const more = best.length > k + first;
  const how = { budget, side: sideCounts(db, expr, cur.now), pass: prefix.length === 2 ? pass : undefined };
  // (Not tried when the best cannot prove the page whatever their bodies hold: `mayProve`.)
  const some = more && mayProve(best.slice(0, -1), k, best.at(-1)!.r) ? pageOf(db, cur, prefix, k, best.slice(0, -1), best.at(-1)!.r, how) : null;
  // (Too many to count among the best: all of them seldom need fewer. Reading all of them
  // is for a one-letter prefix only: a two-letter one's list scored by FTS5 costs less.)
  if (some === 'too many' || (more && prefix.length > 1)) return some && some !== 'too many' ? { page: some, least } : null;
  // Before all of them: the best WIDE times as many and those of the list and the changed ones (`wideOf`).
  const wide = some ?? (more && foundWith ? wideOf(db, cur, prefix, k, WIDE * first, foundWith, how) : null);
  const page = wide ?? pageOf(db, cur, prefix, k, more ? found() : best, null, how);
  return page && page !== 'too many' ? { page, least } : null;
}

/**
 * The page from the best `first` more than the page of the clippings found in the meta
 * index and every clipping of the list and changed since found there (`foundWith`: theirs
 * first, then the best others, by meta bm25), or null. Every clipping of the match is then
 * taken as with all of them (`pageOf`), but for one found in the meta index beyond these:
 * neither listed nor changed, it ranks above min(0, r) − 1e-6 · bound (r: the meta bm25 of
 * the first left out), which the page's last must beat. Where the best ones alone cannot
 * prove the page (`c*` at 100k, whose meta idf is the floor too: every rank is near
 * 1e-6), this reads about 8,000 of its 36k clippings found in the meta index (4,096 listed).
 */
function wideOf(
  db: Db,
  cur: CurrentList,
  prefix: string,
  k: number,
  first: number,
  foundWith: (ids: readonly number[], limit: number) => readonly { id: number; r: number; with: number }[],
  how: Parameters<typeof pageOf>[6],
): Ranked[] | null {
  const ids = [...new Set([...cur.list.ids, ...cur.changed])];
  const rows = foundWith(ids, ids.length + k + first + 1);
  const others = rows.filter((f) => f.with === 0);
  // The last of the others stands for every one left out, when some may be.
  const cut = others.length > k + first ? others.at(-1)! : null;
  const page = pageOf(db, cur, prefix, k, cut ? rows.filter((f) => f !== cut) : rows, null, how, cut?.r);
  return page === 'too many' ? null : page;
}

/**
 * The page from `inMeta`, the clippings found in the meta index — all of them when `next`
 * is null; else the best ones, `next` the meta bm25 of the first left out.
 *
 * With all of them, every clipping of the match is taken: the list's (still live), those
 * changed since, those found in the meta index, and — by the list's bound — every other.
 * With the best ones only, the page must be theirs: every clipping not among them ranks
 * above min(0, next) − 1e-6 · (k1 + 1) (a body bm25 is above −1e-6 · (k1 + 1), and one
 * found in the meta index but left out ranks by a meta bm25 of `next` or more), which
 * the page's last must beat; the list and the counts then score those found only.
 *
 * A clipping is counted from the counts the warm-up kept (`side`: query/topk-side.ts) when
 * they hold, else by tokenizing its text, at most `budget` in all; beyond that, with
 * `pass` (a two-letter prefix: FTS5's bm25 in one pass over its match, which its prefix
 * index makes cheap), by at most PASSES_MAX passes. 'too many': more to count than that.
 */
function pageOf(
  db: Db,
  cur: CurrentList,
  prefix: string,
  k: number,
  inMeta: readonly { id: number; r: number }[],
  next: number | null,
  { budget, side, pass }: { budget: number; side: ReadonlyMap<number, { wtf: number; len: number }>; pass?: (ids: readonly number[]) => Ranked[] },
  beyond?: number,
): Ranked[] | 'too many' | null {
  const { list, changed, avgdl } = cur;
  const all = next === null;
  const score = (wtf: number, len: number) => -(IDF_FLOOR * g(wtf, len, avgdl));
  const meta = new Map(inMeta.map((f) => [f.id, f.r]));
  const exact = new Map<number, number>();
  // A clipping's rank from its body bm25 (null: the prefix is not in its body), summed as
  // the engine sums them; with the best found only, those alone are taken.
  const put = (id: number, body: number | null) => {
    const r = meta.get(id);
    if (r !== undefined) exact.set(id, 0 + (body ?? 0) + r);
    else if (body !== null && all) exact.set(id, body);
  };
  list.ids.forEach((id, i) => {
    if (!changed.has(id)) put(id, score(list.wtf[i]!, list.len[i]!));
  });
  let counted = 0;
  let passes = 0;
  const count = (ids: readonly number[]): boolean => {
    const rest: number[] = [];
    for (const id of ids) {
      const x = side.get(id);
      if (x) put(id, x.wtf > 0 ? score(x.wtf, x.len) : null);
      else rest.push(id);
    }
    if (rest.length === 0) return true;
    if (counted + rest.length <= budget) {
      counted += rest.length;
      // (None when a clipping's text is not what the index holds: FTS5 scores them.)
      const c = new DocCounts(db).of({ prefix }, rest);
      if (c) {
        for (const id of rest) {
          const x = c.get(id);
          put(id, x && x.wtf > 0 ? score(x.wtf, x.len) : null);
        }
        return true;
      }
    }
    if (!pass || passes >= PASSES_MAX) return false;
    passes++;
    // (FTS5's bm25 of the prefix, whose idf is its floor here: the same doubles as `score`.)
    const ranks = new Map(pass(rest).map((r) => [r.id, r.rank]));
    for (const id of rest) put(id, ranks.get(id) ?? null);
    return true;
  };
  if (!count(all ? [...changed] : [...changed].filter((id) => meta.has(id)))) return 'too many';
  // Found in the meta index, neither listed nor changed: best first by their meta bm25.
  const open = inMeta.filter((f) => !exact.has(f.id) && !changed.has(f.id)).sort((a, b) => a.r - b.r || a.id - b.id);
  // The best body bm25 such a clipping can have: none at all when the list was the whole match.
  const bound = list.bound === 0 ? 0 : IDF_FLOOR * list.bound * (1 + MARGIN);
  if (bound === 0) for (const f of open) put(f.id, null);
  let at = bound === 0 ? open.length : 0;
  for (;;) {
    const ranked = [...exact].map(([id, rank]) => ({ id, rank })).sort(byRank);
    // Each open clipping ranks at worst r (its body bm25 is at most 0): at least k clippings
    // rank at or below the k-th of the known ranks and the open ones' r, so the page's last
    // does. An open clipping reaches it only if at best, r − bound (and the sum's rounding), it does.
    let kth = Infinity;
    for (let i = 0, j = at, n = 0; n < k && (i < ranked.length || j < open.length); n++) {
      kth = j >= open.length || (i < ranked.length && ranked[i]!.rank <= open[j]!.r) ? ranked[i++]!.rank : open[j++]!.r;
    }
    let take = 0;
    while (at + take < open.length && open[at + take]!.r - bound - Math.abs(open[at + take]!.r) * 1e-12 <= kth) take++;
    if (take > 0) {
      if (!count(open.slice(at, at + take).map((f) => f.id))) return 'too many';
      at += take;
      continue;
    }
    if (ranked.length < k) return null;
    const page = ranked.slice(0, k);
    const last = -page[k - 1]!.rank;
    if (!all) {
      const floor = Math.min(0, next) - IDF_FLOOR * (K1 + 1) * (1 + MARGIN) - Math.abs(next) * 1e-12;
      return -last < floor ? page : null;
    }
    if (bound !== 0 && !(last > bound)) return null;
    // (`wideOf`: those found in the meta index left out, at best min(0, beyond) − bound.)
    if (beyond !== undefined && !(-last < Math.min(0, beyond) - bound - Math.abs(beyond) * 1e-12)) return null;
    // A listed clipping deleted since without a mark (a delete of a live clipping) is no match.
    const live = inIndex(db, page.map((r) => r.id));
    if (live.size === k) return page;
    for (const r of page) if (!live.has(r.id)) exact.delete(r.id);
  }
}

/**
 * Whether the best clippings found in the meta index (`inMeta`; `next`: the meta bm25 of the
 * first left out) can prove a page of `k` at all (`pageOf`): each ranks at least its meta bm25
 * less the best a body bm25 can add (1e-6 · (k1 + 1): the prefix's idf is the floor), so the
 * k-th best rank is at least the k-th best meta bm25 less that — which must still beat the
 * floor the page's last must beat. When the k-th's meta bm25 ties with the first left out
 * (`fo*` at 1M: a thousand clippings with the same tags), no count of their bodies — a
 * tokenizing of each, or FTS5's pass over the prefix's whole match — can prove it.
 */
function mayProve(inMeta: readonly { r: number }[], k: number, next: number): boolean {
  if (inMeta.length < k) return false;
  const kth = inMeta.map((f) => f.r).sort((a, b) => a - b)[k - 1]!;
  const body = IDF_FLOOR * (K1 + 1) * (1 + MARGIN);
  const lowest = kth - body - Math.abs(kth) * 1e-12;
  const floor = Math.min(0, next) - body - Math.abs(next) * 1e-12;
  return lowest < floor;
}

/**
 * The fewest matches the phrase of this list can have now: its matches when read, less
 * one per clipping changed since and per clipping deleted without a mark (at most the
 * documents then, less those now, plus the marks since: each mark moves the count of
 * documents by one at most). Null when the list kept no counts.
 */
function leastMatches({ list, changed, now }: CurrentList): number | null {
  if (list.hits === undefined || list.rows === undefined) return null;
  const deleted = Math.max(0, list.rows - now.rows + (now.seq - list.seq));
  return list.hits - changed.size - deleted;
}

/** Of `ids`, those in the body index now: the live clippings (the index's content view is theirs). */
function inIndex(db: Db, ids: readonly number[]): Set<number> {
  const rows = db.prepare('SELECT id FROM clippings WHERE id IN (SELECT value FROM json_each(?)) AND deleted_at IS NULL').all(JSON.stringify(ids)) as { id: number }[];
  return new Set(rows.map((r) => r.id));
}

const byRank = (a: Ranked, b: Ranked) => a.rank - b.rank || a.id - b.id;
