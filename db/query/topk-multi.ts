/**
 * The best-ranked clippings of a query of several phrases — AND, OR and NOT of words and
 * phrases — from the ranking lists of its phrases (query/topk.ts), without computing bm25
 * for every match: a threshold top k, as in Fagin's threshold algorithm or MaxScore
 * (issue 13; tests/bench/results/search-rank-multi-notes.md).
 *
 * FTS5's bm25 of an expression is, for a matching clipping, the sum over the expression's
 * phrases, in their order, of idf_i · g_i (query/topk.ts: g_i of the phrase's weighted
 * count in the clipping and its length); a phrase that does not occur in the clipping —
 * a NOT's phrase, an OR's branch not taken — adds idf_i · 0 = 0. So:
 *
 * - **Scores.** A match's bm25 is that of the OR of the expression's positive phrases
 *   (in order, a phrase written twice counted twice), computed for the matches alone: a
 *   NOT's phrases, whose idf FTS5 counts over the whole index for nothing (`x -"and the"`:
 *   a pass over every occurrence of "and the"), need only be looked up.
 * - **Bound.** Every positive phrase has either a ranking list in date (its best
 *   clippings; no clipping outside it and unchanged since has a g above the list's
 *   `bound`) or fewer body matches than a list is read for, all of them taken (bound 0).
 *   A clipping outside every list, every small phrase's match and the changed ones then
 *   scores at most Σ idf_i · bound_i over the positive phrases. The candidates — those
 *   clippings — that match the expression (and pass the filters) are scored by FTS5; if
 *   the page's last one beats that sum (by topk.ts's margin), no other clipping can
 *   reach the page: it is bm25's over every match, ties by id included. Otherwise the
 *   caller ranks every match.
 * - **Pruning.** A candidate whose own bound (its listed phrases' g from the lists' stored
 *   counts and lengths, the lists' bounds for the others) cannot beat that sum, or the
 *   k-th best of the scores the lists tell exactly (for candidates listed by every
 *   phrase that decides their match), cannot be on the page: it is not scored.
 * - **NOT of small phrases.** When the small phrases alone decide that a clipping outside
 *   their matches cannot match (`x -"and the"` with x in few clippings), those matches
 *   hold every match: scored from them, the NOT's phrases only looked up. (Without a NOT
 *   that costs what ranking every match does, which the caller does.)
 *
 * The idf of now of a listed phrase is FTS5's, bit for bit, from the list's stored match
 * count while the index is as the list saw it (no change since); else it comes from FTS5's
 * bm25 of that phrase alone for one listed, unchanged clipping, divided by its g from the
 * list's stored count and length: exact to the last bits, which the margin covers. With
 * exact idfs, a candidate whose every term the lists tell, and (at most TEXT_MAX) others
 * and clippings decided in the meta index from their words' counts in their text
 * (doc-counts.ts), are scored here by FTS5's operations in its order, not by FTS5. Clippings with a
 * phrase in their tags, notes or annotations are decided and ranked by the caller
 * (`except`, `own`), as for a single phrase.
 */
import type { Db } from '../open.ts';
import { DocCounts } from './doc-counts.ts';
import { anyPhrase, BM25, evaluateKnown, evaluator, hasNot, knownEvaluator, parseFts, phrases, positivePhrases, renderPhrase, type FtsNode } from './split.ts';
import { byRank, g, K1, MARGIN, type RankLists, type Ranked } from './topk.ts';

/**
 * At most this many clippings are scored from their text (doc-counts.ts: each one's text read
 * and tokenized, ~1 ms at 100k under load, a fixed ~3 ms more); more are scored by FTS5 in
 * one pass over the match. (In an OR of words beside broad listed ones, more: MATCHES_PER_TEXT.)
 */
const TEXT_MAX = 8;

/**
 * In an OR of words (`orWords`), FTS5's pass walks every listed word's whole match, twice
 * (its count for the idf, then the OR's match: ~0.2 µs a match each), where the texts cost a
 * clipping each: they are read for up to one clipping per this many matches of the listed
 * words (`to` at 100k, in 99,000 clippings: 33), TEXT_MAX at least.
 */
const MATCHES_PER_TEXT = 3000;

/** A listed word's match read in an OR of words (`members`) is taken in as candidates only up to this many clippings (each one's bound made). */
const MEMBERS_MAX = 8000;

/**
 * An AND of words with exact idfs (`resolve`): at most this many of the clippings whose
 * bounds leave them a chance of the page are scored from their text, the best bounds
 * first; more, and FTS5's pass over the match scores them as before.
 */
const RESOLVE_MAX = 48;

/**
 * An AND beside words in most clippings whose lists cannot prove its page is closed (`resolve`: the whole match of
 * its other words read, a few dozen texts counted) only when those broad words have at least this many matches in
 * all per text it may count: else ranking every match — a walk of the broad words' doclists, ~0.1 µs a match — costs
 * less than the texts (~1 ms each). `the` at 100k (99,000 matches) is ranked as before; at 1M (990,000), closed.
 */
export const CLOSE_MATCHES_PER_TEXT = 10_000;

/** A one-letter prefix: it has no prefix index, so every read of it merges the doclists of every word it begins. */
const ONE_LETTER = /^"[^"]"\*$/u;

/** At most this many listed clippings are looked up for a phrase's idf (`idf`). */
const PROBES = 4;

type Current = NonNullable<ReturnType<RankLists['current']>>;

/**
 * The first `k` of `items` in the order `before` gives, as a stable sort then `slice(0, k)`
 * would (of equal items, those given first), without sorting them all: a clipping found in
 * the notes or tags of tens of thousands (`climate`) makes as many bounds, of which the
 * page needs the best few.
 */
export function firstK<T>(items: readonly T[], k: number, before: (a: T, b: T) => number): T[] {
  const out: T[] = [];
  if (k <= 0) return out;
  for (const x of items) {
    if (out.length === k && before(x, out[k - 1]!) >= 0) continue;
    // After every item it does not come before (stable: equal ones keep their order).
    let lo = 0;
    let hi = out.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (before(x, out[mid]!) < 0) hi = mid;
      else lo = mid + 1;
    }
    out.splice(lo, 0, x);
    if (out.length > k) out.pop();
  }
  return out;
}

/**
 * Whether the body expression `body`, an OR of phrases (no NOT), has more than `cap` matches
 * over both tables, from a listed phrase's count alone: each phrase's body matches are the
 * OR's, so the OR has at least those of a phrase listed in the index's present state
 * (`unchangedHits`) less the clippings decided in the meta index (`except`), plus those of
 * them that match (`plus`). Without a pass over the OR's match (every clipping with `to`).
 */
export function orOverCap(lists: RankLists, body: string, ids: { except: readonly number[]; plus: readonly number[] }, cap: number): boolean {
  const tree = parseFts(body);
  if (tree.type !== 'or' || hasNot(tree)) return false;
  return positivePhrases(tree).some((p) => {
    const hits = lists.unchangedHits(renderPhrase(p));
    return hits !== null && hits - ids.except.length + ids.plus.length > cap;
  });
}

/**
 * Clippings decided in the meta index whose body ranks are not made yet (db/search.ts
 * `source`): each one's meta bm25 `r` (its rank is 0, plus its body bm25 by the OR of the
 * positive body phrases, plus that), and `rank`, which makes the full ranks of some.
 */
export interface PendingOwn {
  meta: readonly { id: number; r: number }[];
  /** The OR of the positive body phrases their body bm25 is read by. */
  any?: string;
  rank: (ids: readonly number[]) => Ranked[];
}

/** A positive phrase's part: its list in date and the candidates it brings (the list's and the changed clippings), or a small phrase's whole match. */
interface Part {
  /** In date; null for a phrase with fewer matches than a list is read for (all of them are `ids`). */
  cur: Current | null;
  ids: readonly number[];
  /** Of such a phrase in an OR of words (`orTerms`): its term (idf · g) in each clipping of its match, as FTS5 computes it. */
  exact?: ReadonlyMap<number, number>;
  /** Of a listed word of an OR of words in fewer than half the clippings: its whole match (`orMembers`) — a clipping outside it has its term 0. */
  members?: ReadonlySet<number>;
  /** With `members`: its terms read since for clippings its list does not hold (`wordRanks`). */
  learnt?: Map<number, number>;
  /**
   * A broad phrase of one column (`body : "x"`) with no list of its own: `cur` is the list
   * of the same phrase in every column (`"x"`), which bounds it (`columnFree`).
   */
  column?: true;
  /** Such a phrase's idf, counted when the bound is made (the list's is the other phrase's). */
  columnIdf?: number;
}

/**
 * The phrase `p` without its column filter, when it has one: its instances are those of
 * `p` in every column. FTS5's bm25 weighs each instance by its column's weight, so the
 * weighted count of `p` in a clipping (its instances in that column) is at most the
 * weighted count of this phrase in it (its instances in every column), and g grows with
 * the count: this phrase's list bounds `p`'s term too, with `p`'s own idf.
 */
function columnFree(p: Extract<FtsNode, { type: 'phrase' }>): string | null {
  return p.column === null ? null : renderPhrase({ ...p, column: null });
}

/** Of the clippings the caller decided and ranked, those the filters keep (all without filters). */
const mineKeptOf = (own: readonly Ranked[], kept: Set<number> | undefined): Ranked[] => own.filter((r) => !kept || kept.has(r.id));

export class MultiTop {
  /** Words' counts in clippings from their text (doc-counts.ts). */
  private readonly docs: DocCounts;

  constructor(
    private readonly db: Db,
    private readonly lists: RankLists,
    /** A phrase with fewer body matches than this has no list: its whole match is taken instead. */
    private readonly broad: number,
    /** CLOSE_MATCHES_PER_TEXT (other values in tests: an archive of a few hundred clippings). */
    private readonly closeMatchesPerText = CLOSE_MATCHES_PER_TEXT,
  ) {
    this.docs = new DocCounts(db);
  }

  /**
   * The first `k` body matches of `body` (an expression of several phrases, as
   * query/split.ts `forTable` writes it) by rank, ties by id, exactly as bm25 over every
   * match ranks them; null when the lists cannot prove them. `except`: clippings the
   * caller decides itself (a phrase in their meta index), of which `own` match, with their
   * ranks. `keep`: of the given clippings, those passing the query's filters. `scored`: the
   * body bm25 of the clippings `candidates` named, when the caller has read them.
   * `pending`: more of the clippings decided by the caller that match, with only their meta
   * bm25 known: each is bounded like a candidate (its meta bm25 is a least score, the body's
   * bound is added for a most) and its full rank asked only if that can reach the page.
   *
   * When every list was read in the index's present state (no change since, its match
   * count stored: the idf of now is exact, `idf`), a candidate listed by every positive
   * phrase — or by those it occurs in, the others' lists being their whole match — is
   * scored here from the lists' counts and lengths, FTS5's bm25 by its own operations in
   * its order (topk.ts `g`), with no pass over the match; only the others are scored by FTS5.
   */
  top(
    body: string,
    k: number,
    except: readonly number[],
    own: readonly Ranked[],
    keep?: (ids: readonly number[]) => Set<number>,
    scored?: { ids: readonly number[]; ranks: readonly Ranked[] },
    pending?: PendingOwn,
  ): Ranked[] | null {
    const tree = parseFts(body);
    if (tree.type === 'phrase' || this.db.inTransaction) return null;
    const positive = positivePhrases(tree);
    // A one-letter prefix has no prefix index: every read of it merges the doclists of every word it begins (topk.ts does not list it either).
    if (positive.some((p) => ONE_LETTER.test(renderPhrase(p)))) return null;
    // An OR of words, each once: every small word's term known in every clipping (`orTerms`),
    // and a listed word's in the clippings it found in the meta index — no pass over the OR's match.
    const orWords = this.orOfWords(tree, body);
    const parts = new Map<string, Part>();
    /** Broad phrases of one column with no list of their own: each with the phrase in every column. */
    const deferred: { key: string; free: string }[] = [];
    for (const p of positive) {
      const key = renderPhrase(p);
      if (parts.has(key) || deferred.some((d) => d.key === key)) continue;
      let cur = this.lists.current(key);
      const ids = cur ? null : this.small(key);
      // (A broad word of an OR of words with no list: its list read now, `listBroad` — not under filters, as for a word alone.)
      if (!cur && ids === null && orWords && !keep) cur = this.listBroad(key);
      if (cur) {
        // A list shorter than the page (and not the whole match) cannot prove it.
        if (cur.list.bound !== 0 && cur.list.ids.length < k) return null;
        parts.set(key, { cur, ids: cur.candidates });
        continue;
      }
      if (ids !== null) {
        parts.set(key, { cur: null, ids });
        continue;
      }
      // Broad, and no list in date: a column's phrase is bounded by the list of the phrase in
      // every column, if it has one in date; else ranked the old way.
      const free = columnFree(p);
      if (free === null || ONE_LETTER.test(free)) return null;
      deferred.push({ key, free });
    }
    const complete = (key: string) => {
      const p = parts.get(key);
      return p !== undefined && (p.cur === null || p.cur.list.bound === 0);
    };
    if (deferred.length) {
      // (An AND with a small phrase is ranked the old way, below: no list looked up for nothing.)
      if (!hasNot(tree) && evaluateKnown(tree, (p) => (complete(renderPhrase(p)) ? false : undefined)) === false) return null;
      for (const { key, free } of deferred) {
        const whole = this.lists.current(free);
        if (whole === null || (whole.list.bound !== 0 && whole.list.ids.length < k)) return null;
        parts.set(key, { cur: whole, ids: whole.candidates, column: true });
      }
    }
    // No clipping outside the matches of the small phrases (and of lists that are a whole
    // match) can match — an AND with one: those hold every match, all scored. The old way
    // ranks every match at the same cost, but for a NOT's phrases, which it counts over the
    // index for a bm25 they add nothing to (`x -"and the"`).
    const closed = evaluateKnown(tree, (p) => (complete(renderPhrase(p)) ? false : undefined)) === false;
    if (closed && !hasNot(tree)) return null;
    if (orWords && !closed) for (const [key, part] of parts) if (part.cur === null) part.exact = this.orTerms(key);
    // (And which clippings hold each listed word that is not in most of them: one read of its rowids, ~0.15 µs a match, where
    // every clipping of the other words' lists would otherwise be bounded by its list's bound and scored.)
    if (orWords && !closed) for (const [key, part] of parts) if (part.cur !== null && part.cur.list.bound !== 0) {
        const members = this.orMembers(key, part.cur);
        if (members) Object.assign(part, { members, learnt: new Map<number, number>() });
      }
    /** At most this many clippings are scored from their text here: TEXT_MAX, more in an OR of words beside broad listed ones (MATCHES_PER_TEXT). */
    let textMax = TEXT_MAX;
    if (orWords) {
      const listedHits = [...parts.values()].reduce((n, p) => n + (p.cur ? (this.lists.unchangedHits(p.cur.list, p.cur.now) ?? 0) : 0), 0);
      textMax = Math.max(TEXT_MAX, Math.floor(listedHits / MATCHES_PER_TEXT));
    }
    // (Every match is scored when the small phrases hold them all: those decided by the caller too.)
    if (closed && pending?.meta.length) own = [...own, ...pending.rank(pending.meta.map((m) => m.id))];
    const mine = new Set(except);
    const from = closed ? [...parts.entries()].filter(([key]) => complete(key)).map(([, p]) => p) : [...parts.values()];
    let candidates = [...new Set(from.flatMap((p) => p.ids))].filter((id) => !mine.has(id));
    let bound = 0;
    /** The candidates whose scores known from the lists set the least score of the page (`least`). */
    const witnesses = new Set<number>();
    /** The pending clippings that may reach the page, with bounds on their scores. */
    let open: { id: number; lo: number; hi: number }[] = [];
    /** Every pending clipping not ruled out by the page's least score (`least`), whatever the bound on the others: `resolve` may close the match. */
    let reachable: { id: number; lo: number; hi: number }[] = [];
    /** Fewer clippings left than the page: only `resolve` closing the match can rank it. */
    let few = false;
    /** A candidate's rank from the lists alone, when they tell it exactly (`fromLists`). */
    let fromLists: (id: number) => number | undefined = () => undefined;
    /** A pending clipping's full rank when every term of its body is known (an OR of words: `orTerms`, the lists' meta counts). */
    let pendingKnown: (id: number) => number | undefined = () => undefined;
    /** With exact idfs and every phrase one word: ranks of candidates and of pending clippings from their words' counts in their text (`fromText`). */
    let fromText: ((ids: readonly number[], pending: boolean, max?: number) => Ranked[] | null) | null = null;
    /** Bounds on a pending clipping's body score from the lists (its words' counts in its body where listed, in its meta index's entry or the list's); the same for a candidate. */
    let bodyBounds: (id: number) => { lo: number; hi: number } = () => ({ lo: 0, hi: Infinity });
    /** The positive words in most clippings (FTS5's floor idf, 1e-6): their terms, each below 2.2e-6, bounded (`resolve`). */
    let floorWords: (id: number) => { lo: number; hi: number } | null = () => null;
    let narrow: string[] = [];
    /** How many matches those words have in all (their lists' counts). */
    let floorHits = 0;
    /** The share of clippings holding every one of those words, as far as their counts tell (each one's share, multiplied). */
    let density = 1;
    if (!closed) {
      // The bound on every other clipping, and each candidate's own bound: the listed
      // phrases' g from its stored count and length where it is listed and unchanged, the
      // lists' bounds where not. A candidate that cannot beat the bound cannot be on a
      // page the bound proves: it is never scored.
      const idfs = new Map<string, number>();
      let exactIdfs = true;
      for (const [key, part] of parts) {
        const { cur, exact } = part;
        if (part.column) {
          // (A column's phrase: its own idf, counted; its count in a clipping is not the list's, which only bounds it.)
          const idf = this.lists.idfOf(key, cur!.now);
          if (idf === null) return null;
          part.columnIdf = idf;
          idfs.set(key, idf);
          exactIdfs = false;
          continue;
        }
        if (cur === null) {
          // (A small word of an OR: its terms known, no idf needed.)
          exactIdfs &&= exact !== undefined;
          continue;
        }
        const idf = this.idf(key, cur);
        if (idf === null) return null;
        idfs.set(key, idf.idf);
        exactIdfs &&= idf.exact;
      }
      const keys = positive.map(renderPhrase);
      /** Listed words whose every clipping is a candidate (`members`): they add nothing to the bound on the others. */
      const whole = new Set<string>();
      // An AND of distinct words, some in most clippings (FTS5's floor idf, 1e-6), the others not: a clipping outside every
      // other word's list is bounded by those lists' bounds, and by idf · (K1 + 1) for a broad word — g of any count in any
      // length is below K1 + 1 —, not by the broad word's list, whose thousands of clippings (`the`: 4,096 at 100k) are then
      // no candidates. That bound is at most a few millionths above the one from the broad word's list.
      const unlisted = new Set<string>();
      if (tree.type === 'and' && tree.children.every((c) => c.type === 'phrase') && new Set(keys).size === keys.length && keys.every((key) => parts.get(key)!.cur !== null && !parts.get(key)!.column)) {
        const broadWords = keys.filter((key) => idfs.get(key) === 1e-6);
        if (broadWords.length > 0 && broadWords.length < keys.length) {
          for (const key of broadWords) unlisted.add(key);
          const others = new Set(keys.filter((key) => !unlisted.has(key)).flatMap((key) => parts.get(key)!.ids));
          candidates = candidates.filter((id) => others.has(id));
        }
      }
      const outside = () =>
        keys.reduce((sum, key) => {
          const cur = parts.get(key)!.cur;
          return sum + (!cur || whole.has(key) ? 0 : unlisted.has(key) ? idfs.get(key)! * (K1 + 1) : idfs.get(key)! * cur.list.bound);
        }, 0);
      bound = outside();
      const terms = keys.map((key) => this.terms(parts.get(key)!, idfs.get(key), orWords));
      // (In an OR of words, each clipping's bound made once — thousands are asked more than once —, made again when terms are learnt.)
      const mostOf = new Map<number, number>();
      const most = (id: number) => {
        let m = mostOf.get(id);
        if (m === undefined) {
          m = terms.reduce((sum, t) => sum + t.most(id), 0);
          if (orWords) mostOf.set(id, m);
        }
        return m;
      };
      if (exactIdfs) {
        // Known to match from the lists (each phrase listed with it, or absent: its list the whole
        // match), and every term known: the sum in FTS5's order (0, then each phrase's term).
        const occurs = new Map(positive.map((p, i) => [p, terms[i]!] as const));
        const matchesOf = knownEvaluator<number>(tree, (p) => {
          const t = occurs.get(p);
          return t === undefined ? () => undefined : (id) => (t.exact(id) !== undefined ? true : t.known(id) === 0 ? false : undefined);
        });
        fromLists = (id) => {
          const each = terms.map((t) => t.known(id));
          if (each.some((x) => x === undefined)) return undefined;
          return matchesOf(id) === true ? -each.reduce((sum: number, x) => sum + x!, 0) : undefined;
        };
      }
      if (exactIdfs && orWords && pending) {
        // As the engine ranks them (db/search.ts `multiRanks`): 0, plus the body bm25 by the OR of the words (the expression itself), plus the meta bm25.
        const metaRank = new Map(pending.meta.map((m) => [m.id, m.r]));
        pendingKnown = (id) => {
          const each = terms.map((t) => t.known(id));
          return each.some((x) => x === undefined) ? undefined : 0 + -each.reduce((sum: number, x) => sum + x!, 0) + metaRank.get(id)!;
        };
      }
      const all = phrases(tree);
      if (exactIdfs && all.every((p) => p.column === null && !p.prefix)) {
        const words = [...new Set(all.map(renderPhrase))];
        const avgdl = [...parts.values()].find((p) => p.cur !== null)!.cur!.avgdl;
        const metaRank = new Map((pending?.meta ?? []).map((m) => [m.id, m.r]));
        // (Each phrase's term in FTS5's order, 0 where the word is not in the clipping: `g` of 0 is 0; a small word's as FTS5 gave it.)
        const term = (key: string, id: number, wtf: readonly number[], len: number) => {
          const exact = parts.get(key)!.exact;
          return exact ? (exact.get(id) ?? 0) : idfs.get(key)! * g(wtf[words.indexOf(key)]!, len, avgdl);
        };
        const sum = (order: readonly string[], id: number, wtf: readonly number[], len: number) => order.reduce((s, key) => s + term(key, id, wtf, len), 0);
        const distinct = [...new Set(keys)];
        // (Whether a clipping's counts match the expression: each phrase's place among `words` found once.)
        const holds = evaluator<readonly number[]>(tree, (p) => {
          const at = words.indexOf(renderPhrase(p));
          return (wtf) => wtf[at]! > 0;
        });
        fromText = (ids, isPending, max = textMax) => {
          if (ids.length === 0) return [];
          if (ids.length > max) return null;
          const counts = this.docs.counts(ids, words.map((w) => w.slice(1, -1).replaceAll('""', '"')));
          if (counts === null) return null;
          const out: Ranked[] = [];
          for (const id of ids) {
            const { len, wtf } = counts.get(id)!;
            // A pending clipping is ranked as the engine's `decide` ranks it: 0, plus its body bm25 by the OR of the positive phrases (each once), plus its meta bm25.
            if (isPending) out.push({ id, rank: 0 + -sum(distinct, id, wtf, len) + metaRank.get(id)! });
            else if (holds(wtf)) out.push({ id, rank: -sum(keys, id, wtf, len) });
          }
          return out;
        };
      }
      // (A body term the lists tell exactly — the clipping listed, or its body's count kept with the list's meta entries — counts in both; another is at least 0, at most its bound.)
      bodyBounds = (id) => {
        let lo = 0;
        let hi = 0;
        terms.forEach((t, i) => {
          const x = t.exact(id) ?? t.body(id);
          // (A phrase written twice counts once in the least: the body score of a clipping found in the meta index is by the OR of the distinct phrases.)
          if (keys.indexOf(keys[i]!) === i) lo += x ?? 0;
          hi += x ?? t.most(id);
        });
        return { lo, hi };
      };
      // (Only for an AND of distinct words with exact idfs: `resolve`.)
      const floorAt = keys.map((key, i) => (idfs.get(key) === 1e-6 ? i : -1)).filter((i) => i >= 0);
      if (floorAt.length > 0 && floorAt.length < keys.length && keys.every((key) => parts.get(key)!.cur !== null)) {
        narrow = keys.filter((_, i) => !floorAt.includes(i));
        for (const i of floorAt) {
          const { list, now } = parts.get(keys[i]!)!.cur!;
          const hits = this.lists.unchangedHits(list, now) ?? 0;
          floorHits += hits;
          density *= hits / Math.max(1, now.rows);
        }
        floorWords = (id) => {
          let lo = 0;
          let hi = 0;
          for (const i of floorAt) {
            const x = terms[i]!.exact(id) ?? terms[i]!.body(id);
            lo += x ?? 0;
            hi += x ?? terms[i]!.most(id);
          }
          return { lo, hi };
        };
      }
      // (In an OR of words, the body terms known add to a pending clipping's least score: none is below 0. Both sums in one
      // walk of the terms, in their order from 0 as `most` adds: thousands of clippings found in notes are bounded.)
      const span = (id: number): [number, number] => {
        let lo = 0;
        let hi = 0;
        for (const t of terms) {
          const x = t.known(id);
          lo += x ?? 0;
          hi += x ?? t.most(id);
        }
        mostOf.set(id, hi);
        return [lo, hi];
      };
      const bounded = (pending?.meta ?? []).map(({ id, r }) => {
        const [lo, hi] = orWords ? span(id) : ((b) => [b.lo, b.hi])(bodyBounds(id));
        return { id, lo: -r + lo, hi: -r + hi };
      });
      // Without filters, a score the page's k-th reaches at least: the k-th best of the
      // candidates known to match (every phrase that decides it listed with them) by the
      // terms known from the lists — a candidate that cannot reach it is never scored either.
      let least = -Infinity;
      if (!keep) {
        const known = new Map(positive.map((p, i) => [p, terms[i]!] as const));
        // (An OR of words: known to match where a term is.)
        const knownMatch = knownEvaluator<number>(tree, (p) => {
          const t = known.get(p);
          return t === undefined ? () => undefined : (id) => (t.exact(id) !== undefined ? true : undefined);
        });
        const sure = orWords ? (id: number) => terms.some((t) => t.exact(id) !== undefined) : (id: number) => knownMatch(id) === true;
        const sures = candidates.filter(sure);
        const lows = firstK(
          [
            ...sures.map((id) => ({ id, low: terms.reduce((sum, t) => sum + (t.exact(id) ?? 0), 0) })),
            ...own.map((r) => ({ id: null, low: -r.rank })),
            ...bounded.map((p) => ({ id: null, low: p.lo })),
          ],
          k,
          (a, b) => b.low - a.low,
        );
        if (sures.length + own.length + bounded.length >= k) {
          least = lows[k - 1]!.low * (1 - MARGIN);
          // (A clipping deleted since its list was read left no change mark: these are scored whatever their bound, and must be found.)
          for (const { id } of lows) if (id !== null) witnesses.add(id);
        }
      }
      if (orWords) {
        // While the bound on the clippings outside the candidates is not below the least score of the page (the page
        // could not be proved), a listed word's whole match read (`members`), the smallest first, is taken in: none
        // outside it holds the word, which then adds nothing to the bound.
        const more = [...parts].filter(([, p]) => p.members && p.members.size <= MEMBERS_MAX).sort((a, b) => a[1].members!.size - b[1].members!.size);
        for (const [key, { members }] of more) {
          if (least > bound * (1 + MARGIN)) break;
          whole.add(key);
          bound = outside();
          const have = new Set(candidates);
          for (const id of members!) if (!have.has(id) && !mine.has(id)) candidates.push(id);
        }
      }
      candidates = candidates.filter((id) => {
        const m = most(id);
        return witnesses.has(id) || (m > bound && m * (1 + MARGIN) >= least);
      });
      open = bounded.filter((p) => p.hi * (1 + MARGIN) > bound && p.hi * (1 + MARGIN) >= least);
      reachable = bounded.filter((p) => p.hi * (1 + MARGIN) >= least);
      if (orWords && exactIdfs) {
        // A listed word in fewer than half the clippings, in those left whose terms its list does not tell: its terms
        // there from FTS5's bm25 of the word alone, restricted to them (a pass over its match, not the OR's), and the
        // bounds made again — most then fall below the page, and only the words in most clippings are left to count.
        // (Not when the texts of those left can be counted: TEXT_MAX, `textMax`.)
        let unknown = [...candidates.filter((id) => fromLists(id) === undefined), ...open.filter((p) => pendingKnown(p.id) === undefined).map((p) => p.id)];
        if (unknown.length <= textMax) unknown = [];
        let learnt = false;
        keys.forEach((key, i) => {
          const { members, learnt: into } = parts.get(key)!;
          const want = members && into ? unknown.filter((id) => members.has(id) && terms[i]!.exact(id) === undefined) : [];
          for (const r of want.length ? this.wordRanks(key, want) : []) into!.set(r.id, -r.rank);
          learnt ||= want.length > 0;
        });
        if (learnt) {
          mostOf.clear();
          candidates = candidates.filter((id) => {
            const m = most(id);
            return witnesses.has(id) || (m > bound && m * (1 + MARGIN) >= least);
          });
          const meta = new Map(pending?.meta.map((m) => [m.id, m.r]));
          open = open
            .map((p) => {
              const [lo, hi] = span(p.id);
              return { ...p, lo: -meta.get(p.id)! + lo, hi: -meta.get(p.id)! + hi };
            })
            .filter((p) => p.hi * (1 + MARGIN) > bound && p.hi * (1 + MARGIN) >= least);
        }
      }
      // (Unless `resolve` may take the whole match of the words not in most clippings: `close`; if it does not, nothing else is tried.)
      few = candidates.length + own.filter((r) => -r.rank > bound).length + open.length < k;
      if (few && !(narrow.length && !keep && floorHits >= k * this.closeMatchesPerText)) return null;
    }
    const kept = keep?.([...candidates, ...own.map((r) => r.id), ...open.map((p) => p.id)]);
    if (kept && kept.size < k && !closed) return null;
    const ids = kept ? candidates.filter((id) => kept.has(id)) : candidates;
    const given = scored && new Set(scored.ids);
    const wanted = new Set(ids);
    // The pending clippings whose most can reach the page as far as is known now.
    const stillOpen = open.filter((p) => !kept || kept.has(p.id));
    /** The body bm25 of the pending clippings, when read in the candidates' pass (`shared`). */
    let pendingBody: Map<number, number> | null = null;
    /** The body bm25 of the pending clippings whose body matches the expression, read in the candidates' pass (`alongside`). */
    let pendingMatched: Map<number, number> | null = null;
    let ranks: Ranked[];
    const close = keep ? null : { mine, pending: reachable, floorHits };
    const resolved = given ? null : this.resolve(tree, k, ids, stillOpen, mineKeptOf(own, kept), fromLists, fromText, bodyBounds, pending, narrow, floorWords, density, bound, close);
    // (The best bounds of all the clippings open cannot beat the bound on the others: no scoring proves the page, the caller ranks every match.)
    if (resolved === 'unprovable' || (few && !resolved?.closed)) return null;
    if (resolved) {
      ranks = resolved.ranks;
      if (witnesses.size && ranks.filter((r) => witnesses.has(r.id)).length < witnesses.size) return null;
      const all = firstK([...ranks, ...resolved.own], k, byRank);
      // (Every match was open or scored: the page whatever the bound on the others, which hold none.)
      if (resolved.closed) return all;
      return all.length >= k && -all[k - 1]!.rank > bound * (1 + MARGIN) ? all : null;
    }
    if (given && ids.every((id) => given.has(id))) ranks = scored.ranks.filter((r) => wanted.has(r.id));
    else {
      const known = ids.map((id) => ({ id, rank: fromLists(id) }));
      ranks = known.filter((r): r is Ranked => r.rank !== undefined);
      const rest = known.filter((r) => r.rank === undefined).map((r) => r.id);
      const text = fromText?.(rest, false) ?? null;
      // (Not with a column's phrase bounded by another's list: the OR's pass walks every clipping of
      // each phrase — of `the` in `the body:x`, nearly all — where the clippings found in notes
      // seldom reach the page; those that can are ranked after, in a pass of their own.)
      const bounded = [...parts.values()].some((p) => p.column);
      const both = text === null && !bounded && (fromText === null || stillOpen.length > textMax) ? this.shared(tree, body, positive, rest, stillOpen.map((p) => p.id), pending?.any) : null;
      if (both) pendingBody = both.pending;
      // With such a phrase, the pending clippings are scored in the candidates' pass too: for one
      // whose body matches the expression, its bm25 is the OR's of the positive phrases (the same
      // phrases in the same order, FTS5 adding 0 for one absent: as in `shared`), so no pass of
      // the OR is made for it; the others, if they can reach the page, are ranked by the OR after.
      const keys = positive.map(renderPhrase);
      const alongside = text === null && bounded && stillOpen.length > 0 && pending?.any !== undefined && !hasNot(tree) && new Set(keys).size === keys.length && anyPhrase(positive, 'body') === pending.any;
      if (alongside) {
        const openIds = new Set(stillOpen.map((p) => p.id));
        const read = this.scores(tree, body, keys, [...rest, ...openIds]);
        pendingMatched = new Map(read.filter((r) => openIds.has(r.id)).map((r) => [r.id, r.rank]));
        ranks.push(...read.filter((r) => !openIds.has(r.id)));
      } else ranks.push(...(text ?? both?.candidates ?? this.scores(tree, body, keys, rest)));
    }
    if (witnesses.size && ranks.filter((r) => witnesses.has(r.id)).length < witnesses.size) return null;
    const mineKept = mineKeptOf(own, kept);
    // The pending clippings whose most can still reach the k-th best score known (theirs at least their least): ranked in full.
    if (stillOpen.length) {
      const floor = firstK([...ranks, ...mineKept].map((r) => -r.rank).concat(stillOpen.map((p) => p.lo)), k, (a, b) => b - a)[k - 1] ?? -Infinity;
      const need = stillOpen.filter((p) => p.hi * (1 + MARGIN) >= floor).map((p) => p.id);
      if (need.length && pendingBody) {
        // As the engine ranks them (db/search.ts `multiRanks`): 0, plus the body bm25 by the OR of the positive phrases, plus the meta bm25.
        const metaRank = new Map(pending!.meta.map((m) => [m.id, m.r]));
        mineKept.push(...need.map((id) => ({ id, rank: 0 + (pendingBody!.get(id) ?? 0) + metaRank.get(id)! })));
      } else if (need.length && pendingMatched) {
        const metaRank = new Map(pending!.meta.map((m) => [m.id, m.r]));
        const unread = need.filter((id) => !pendingMatched!.has(id));
        mineKept.push(...need.filter((id) => pendingMatched!.has(id)).map((id) => ({ id, rank: 0 + pendingMatched!.get(id)! + metaRank.get(id)! })));
        if (unread.length) mineKept.push(...pending!.rank(unread));
      } else if (need.length) {
        const known = need.map((id) => ({ id, rank: pendingKnown(id) }));
        mineKept.push(...known.filter((r): r is Ranked => r.rank !== undefined));
        const left = known.filter((r) => r.rank === undefined).map((r) => r.id);
        if (left.length) mineKept.push(...(fromText?.(left, true) ?? pending!.rank(left)));
      }
    }
    const all = firstK([...ranks, ...mineKept], k, byRank);
    if (closed) return all;
    return all.length >= k && -all[k - 1]!.rank > bound * (1 + MARGIN) ? all : null;
  }

  /**
   * The page of an AND of distinct one-word phrases whose idfs are exact (`fromText`), with
   * no bm25 pass over its match: every clipping left open — a candidate whose score the
   * lists do not tell (`fromLists`), a pending clipping found in the meta index — is
   * bounded from the lists (`bodyBounds`: each word's term exact where listed, else between
   * 0 and its bound; a word in most clippings has FTS5's floor idf 1e-6, its term below
   * 2.2e-6, so with a broad stop word beside a listed word the bounds are tight), and only
   * those whose most can still reach the k-th best least are scored, from their text, the
   * best most first, until none left open can: then no clipping left open can reach the
   * page, which is the first `k` of the scores made. Candidates whose text does not hold
   * every word do not match and drop out. Null when not such an AND, or more than
   * RESOLVE_MAX would be scored (FTS5's pass scores them then, as before). 'unprovable' when
   * the k-th best most of every clipping open or scored is not above the bound on the
   * clippings outside the candidates: whatever their scores, the page's k-th is not above
   * it and `top` proves nothing, so none is scored (no pass over the match: with a word in
   * most clippings, it walks that word's whole doclist).
   *
   * Unless `close` is given (no filters: `mine`, the clippings the caller decides, and every
   * pending clipping whose most can reach the page's least) and some words are in most
   * clippings (`narrow`, the others), with CLOSE_MATCHES_PER_TEXT matches in all per text the
   * first batch counts (`floorHits`): then, where the page would be unprovable, the whole
   * match of the AND of the other words — which holds every body match of the expression,
   * those words being in each — is read with its bm25 in one pass (their doclists, not the
   * broad words': `biekoor revealed the` at 1M, where the lists of `biekoor` and `revealed`
   * share few clippings), and each of its clippings is open with tight bounds as above: no
   * clipping is outside the candidates, so the bound on the others is 0 and the page is the
   * first `k` of the scores made, whatever their number (`closed`).
   */
  private resolve(
    tree: FtsNode,
    k: number,
    ids: readonly number[],
    open: readonly { id: number; lo: number; hi: number }[],
    mine: readonly Ranked[],
    fromLists: (id: number) => number | undefined,
    fromText: ((ids: readonly number[], pending: boolean, max?: number) => Ranked[] | null) | null,
    bodyBounds: (id: number) => { lo: number; hi: number },
    pending: PendingOwn | undefined,
    narrow: readonly string[],
    floorWords: (id: number) => { lo: number; hi: number } | null,
    density: number,
    bound: number,
    close: { mine: ReadonlySet<number>; pending: readonly { id: number; lo: number; hi: number }[]; floorHits: number } | null = null,
  ): { ranks: Ranked[]; own: Ranked[]; closed?: true } | 'unprovable' | null {
    if (fromText === null || tree.type !== 'and' || !tree.children.every((c) => c.type === 'phrase')) return null;
    const keys = tree.children.map((c) => renderPhrase(c as Extract<FtsNode, { type: 'phrase' }>));
    if (new Set(keys).size !== keys.length) return null;
    const ranks: Ranked[] = [];
    const own: Ranked[] = [...mine];
    type Left = { id: number; lo: number; hi: number; pending: boolean; sure: boolean };
    let left: Left[] = [];
    for (const id of ids) {
      const rank = fromLists(id);
      if (rank !== undefined) ranks.push({ id, rank });
      else {
        const b = bodyBounds(id);
        // (Not known to match: its least counts toward no floor.)
        left.push({ id, lo: b.lo, hi: b.hi, pending: false, sure: false });
      }
    }
    for (const p of open) left.push({ ...p, pending: true, sure: true });
    /** The bounds are a few millionths wide: the best bounds scored first settle the page, whatever the bounds of the others looked like before. */
    let tight = false;
    // The first batch must hold a page's worth of matches: of candidates, about `density` hold the broad words (`the`: 99 %; a word in
    // half the clippings: 1 in 2). When a batch that holds them would pass RESOLVE_MAX, nothing is tried (no pass, no text read for nothing).
    const first = Math.ceil((Math.max(k, 8) + 4) / Math.max(density, 1e-9));
    if (narrow.length && first > RESOLVE_MAX) return null;
    /** Every clipping that matches is open or scored (`close`): none outside, whatever the bound. */
    let closed = false;
    // (When the k-th best most is not above the bound on every other clipping, no page scored here is proved: nothing is read for it.)
    const hopeless = () => !closed && (firstK([...ranks, ...own].map((r) => -r.rank).concat(left.map((x) => x.hi)), k, (a, b) => b - a)[k - 1] ?? -Infinity) <= bound * (1 + MARGIN);
    const canClose = close !== null && narrow.length > 0 && close.floorHits >= first * this.closeMatchesPerText;
    if (hopeless() && !canClose) return 'unprovable';
    const among = 'AND +rowid IN (SELECT value FROM json_each(?))';
    /** Of the AND (or OR) `expr` of words, each clipping's bm25 negated: of `of`, or of its whole match (null). */
    const pass = (expr: string, of: readonly number[] | null) =>
      of?.length === 0
        ? new Map<number, number>()
        : new Map(
            (of === null
              ? (this.db.prepare(`SELECT rowid AS id, ${BM25.body} AS rank FROM clipping_fts WHERE clipping_fts MATCH ?`).all(expr) as Ranked[])
              : (this.db.prepare(`SELECT rowid AS id, ${BM25.body} AS rank FROM clipping_fts WHERE clipping_fts MATCH ? ${among}`).all(expr, JSON.stringify([...of].sort((a, b) => a - b))) as Ranked[])
            ).map((r) => [r.id, -r.rank]),
          );
    const group = (op: string) => (narrow.length === 1 ? narrow[0]! : `(${narrow.join(` ${op} `)})`);
    /**
     * Beside words in most clippings, the other words' terms of the clippings left open, in
     * one pass over those words' match (a few thousand clippings, where a pass over the
     * AND walks the whole doclist of `the` and counts it for its idf): a candidate's by
     * their AND (one without them all does not match), a pending one's by their OR (a word
     * may be in its meta index only). Each bound is then those, plus the broad words' terms
     * between their least and most (a few millionths apart). `whole`: the candidates are
     * every clipping of that AND's match (but those decided by the caller or scored).
     */
    const tighten = (whole: boolean): boolean => {
      let cands: Map<number, number>;
      if (whole) {
        cands = pass(group('AND'), null);
        const have = new Set([...left.map((x) => x.id), ...ranks.map((r) => r.id)]);
        for (const id of cands.keys()) if (!have.has(id) && !close!.mine.has(id)) left.push({ id, lo: 0, hi: Infinity, pending: false, sure: false });
        for (const p of close!.pending) if (!have.has(p.id)) left.push({ ...p, pending: true, sure: true });
      } else cands = pass(group('AND'), left.filter((x) => !x.pending).map((x) => x.id));
      // (Whether a candidate holds the broad words too is left to its text, read only for those that can reach the page: a walk of the whole AND costs more.)
      const pends = pass(group('OR'), left.filter((x) => x.pending).map((x) => x.id));
      const metaR = new Map((pending?.meta ?? []).map((m) => [m.id, m.r]));
      const next: Left[] = [];
      for (const x of left) {
        const f = floorWords(x.id);
        if (f === null) return false;
        if (!x.pending) {
          const s = cands.get(x.id);
          if (s !== undefined) next.push({ ...x, lo: s + f.lo, hi: s + f.hi });
        } else next.push({ ...x, lo: -metaR.get(x.id)! + (pends.get(x.id) ?? 0) + f.lo, hi: -metaR.get(x.id)! + (pends.get(x.id) ?? 0) + f.hi });
      }
      left = next;
      tight = true;
      closed ||= whole;
      return true;
    };
    if (hopeless()) {
      if (!tighten(true)) return null;
    } else if (narrow.length && left.some((x) => x.hi - x.lo > 1e-3)) {
      if (!tighten(false)) return null;
      if (hopeless()) {
        if (!canClose) return 'unprovable';
        if (!tighten(true)) return null;
      }
    }
    let spent = 0;
    for (;;) {
      // The k-th best score the page reaches for sure: of those scored, and the leasts of the open ones known to match.
      const floor = firstK([...ranks, ...own].map((r) => -r.rank).concat(left.filter((x) => x.sure).map((x) => x.lo)), k, (a, b) => b - a)[k - 1] ?? -Infinity;
      const need = left.filter((x) => x.hi * (1 + MARGIN) >= floor);
      if (need.length === 0) return closed ? { ranks, own, closed } : { ranks, own };
      // (Too many open for the bounds to settle: FTS5's pass, with nothing read from texts for nothing — but for the first
      // batch of tight bounds, whose scores make the floor: before them, none of the candidates is known to match.)
      if (spent + need.length > RESOLVE_MAX && !(tight && spent === 0)) return null;
      // The best most first: a page's worth and a few (some may not match), or all of them when few.
      const batch = firstK(need, spent === 0 && tight ? first : Math.max(k, 8) + 4, (a, b) => b.hi - a.hi || a.id - b.id);
      spent += batch.length;
      if (spent > RESOLVE_MAX || (batch.some((x) => x.pending) && !pending)) return null;
      const cand = batch.filter((x) => !x.pending).map((x) => x.id);
      const pend = batch.filter((x) => x.pending).map((x) => x.id);
      const a = fromText(cand, false, RESOLVE_MAX);
      const b = fromText(pend, true, RESOLVE_MAX);
      if (a === null || b === null) return null;
      ranks.push(...a);
      own.push(...b);
      const done = new Set(batch.map((x) => x.id));
      left = left.filter((x) => !done.has(x.id));
    }
  }

  /**
   * The clippings `top` takes as candidates for the positive phrases of `body` — each list's
   * and those changed since, and a phrase with fewer matches than a list is read for, its
   * whole match — or null when a phrase is broad with no list in date, or a one-letter
   * prefix (`top` ranks neither). A caller scoring other clippings of the expression in a
   * pass over its match scores these in the same pass: with a rare word beside a listed
   * stop word (`deamity OR to`), `top` then needs no pass of its own over the match.
   */
  candidates(body: string): number[] | null {
    const out = new Set<number>();
    let listed = false;
    for (const key of new Set(positivePhrases(parseFts(body)).map(renderPhrase))) {
      if (ONE_LETTER.test(key)) return null;
      const cur = this.lists.current(key);
      listed ||= cur !== null;
      const ids = cur?.candidates ?? this.small(key);
      if (ids === null) return null;
      for (const id of ids) out.add(id);
    }
    // (Every phrase small: their matches hold every match, which the caller ranks the old way — `top` with no NOT.)
    return listed ? [...out] : null;
  }

  /**
   * Whether `body` (as `top` is given it) is an OR of distinct words — no NOT, no column, no
   * prefix: each small word's term in a clipping is then its own bm25 there (`orTerms`), which
   * FTS5 adds to the others' for the OR's.
   */
  private orOfWords(tree: FtsNode, body: string): boolean {
    if (tree.type !== 'or' || !tree.children.every((c) => c.type === 'phrase' && c.column === null && !c.prefix)) return false;
    return anyPhrase(positivePhrases(tree), 'body') === body;
  }

  /**
   * Of a small word (fewer matches than a list is read for), its term of FTS5's bm25 in each
   * clipping of its match: FTS5's bm25 of the word alone, negated — FTS5 sums the phrases'
   * terms idf · g from 0, so a lone phrase's is its term to the last bit, and an OR's bm25 in a
   * clipping is the sum of its words' terms there in order. One pass over the word's own
   * few matches, not over the OR's (every clipping with a stop word beside it).
   */
  private orTerms(key: string): Map<number, number> {
    const rows = this.db.prepare(`SELECT rowid AS id, ${BM25.body} AS rank FROM clipping_fts WHERE clipping_fts MATCH ?`).all(key) as Ranked[];
    return new Map(rows.map((r) => [r.id, -r.rank]));
  }

  /**
   * The body match of a listed word, read now, when it is in fewer than half the clippings
   * (its list's count, read in the index's present state); else null — a word in most of
   * them has FTS5's floor idf, its term near 0 wherever it is, and its match is long.
   */
  private orMembers(key: string, cur: Current): Set<number> | null {
    const hits = this.lists.unchangedHits(cur.list, cur.now);
    if (hits === null || 2 * hits >= cur.now.rows) return null;
    const { ids } = this.db.prepare('SELECT json_group_array(rowid) AS ids FROM clipping_fts WHERE clipping_fts MATCH ?').get(key) as { ids: string };
    return new Set(JSON.parse(ids) as number[]);
  }

  /** FTS5's body bm25 of the word `key` alone in those of `ids` it is in: one pass over its match (its terms: `orTerms`). */
  private wordRanks(key: string, ids: readonly number[]): Ranked[] {
    return this.db.prepare(`SELECT rowid AS id, ${BM25.body} AS rank FROM clipping_fts WHERE clipping_fts MATCH ? AND +rowid IN (SELECT value FROM json_each(?))`).all(key, JSON.stringify(ids)) as Ranked[];
  }

  /**
   * Whether `top` ranks the OR of words `body` without a bm25 pass over its match: every word
   * listed with its list read in the index's present state (its idf exact: `idf`), or small
   * (its terms from its own few matches: `orTerms`), and one listed at least. The caller then
   * leaves the body bm25 of the clippings it finds in the meta index to `top` (`pending`).
   */
  orExact(body: string): boolean {
    const tree = parseFts(body);
    if (this.db.inTransaction || !this.orOfWords(tree, body)) return false;
    let listed = false;
    for (const p of positivePhrases(tree)) {
      const key = renderPhrase(p);
      if (ONE_LETTER.test(key)) return false;
      if (this.lists.unchangedHits(key) !== null) listed = true;
      else if (this.lists.current(key) !== null || this.small(key) === null) return false;
    }
    return listed;
  }

  /**
   * The list of a broad word of an OR of words that has none in date, read now (RankLists.warm: one bm25 pass over
   * the word's own match, its count and lengths), as the first query of a broad word alone reads one; null when none
   * is read. Not under filters (`keep`): a word alone reads none then either. Without it the OR is ranked by a bm25
   * pass over its whole match at every query — beside a stop word
   * (`loudrieckable OR brefloosal OR the`, both made-up words in thousands of clippings), over every clipping with `the`.
   */
  private listBroad(key: string): Current | null {
    if (this.db.inTransaction || ONE_LETTER.test(key)) return null;
    this.lists.warm([key], Infinity);
    return this.lists.current(key);
  }

  /** The whole body match of a phrase with no list, when it has fewer clippings than a list is read for; else null. */
  private small(key: string): number[] | null {
    const ids = (this.db.prepare('SELECT rowid AS id FROM clipping_fts WHERE clipping_fts MATCH ? LIMIT ?').all(key, this.broad) as { id: number }[]).map((r) => r.id);
    return ids.length >= this.broad ? null : ids;
  }

  /**
   * Whether `body` can be ranked with no bm25 statement (`top`): every phrase of it one word
   * with no column, and every positive one's list in date, read in the index's present state
   * with its match count stored (its idf exact, `idf`).
   */
  exact(body: string): boolean {
    const tree = parseFts(body);
    if (!phrases(tree).every((p) => p.column === null && !p.prefix)) return false;
    return positivePhrases(tree).every((p) => {
      return this.lists.unchangedHits(renderPhrase(p)) !== null;
    });
  }

  /**
   * For one positive phrase, its term of the bm25 of a candidate (idf · g) where the list
   * tells it — a listed clipping unchanged since: g from the list's stored count and length
   * at the index's avgdl of now, as FTS5 computes it to the last bits (`exact`) — and a
   * bound on it for every candidate (`most`): that, else the list's bound for another
   * unchanged clipping (0 when the list is the whole match), and none for a changed
   * clipping or one of a small phrase's match (its count is not known). `body`: the term
   * of an unchanged clipping with the phrase in its meta index, from its body's count and
   * length kept with the list (0 when its body does not hold it).
   */
  private terms(
    { cur, ids, exact: small, members, learnt, columnIdf }: Part,
    idf: number | undefined,
    orWords = false,
  ): { exact: (id: number) => number | undefined; known: (id: number) => number | undefined; most: (id: number) => number; body: (id: number) => number | undefined } {
    if (cur === null && small) {
      // (Its whole match with its terms: 0 outside it.)
      return { exact: (id) => small.get(id), known: (id) => small.get(id) ?? 0, most: (id) => small.get(id) ?? 0, body: () => undefined };
    }
    if (cur === null) {
      const set = new Set(ids);
      return { exact: () => undefined, known: () => undefined, most: (id) => (set.has(id) ? Infinity : 0), body: () => undefined };
    }
    const { list, changed, avgdl } = cur;
    if (orWords) {
      // Each term the list tells, computed once (every bound is asked of thousands of clippings): its unchanged clippings',
      // and those it found in the meta index when read — their body's count then (none in the body: `absent`).
      const occurs = new Map<number, number>();
      const absent = new Set<number>();
      list.ids.forEach((id, i) => changed.has(id) || occurs.set(id, idf! * g(list.wtf[i]!, list.len[i]!, avgdl)));
      list.meta?.ids.forEach((id, i) => {
        if (changed.has(id) || occurs.has(id)) return;
        if (list.meta!.wtf[i] === 0) absent.add(id);
        else occurs.set(id, idf! * g(list.meta!.wtf[i]!, list.meta!.len[i]!, avgdl));
      });
      const exact = (id: number) => learnt?.get(id) ?? occurs.get(id);
      // (Not in the body when the list was read and unchanged since, or outside the word's match read now: its term 0.)
      const known = (id: number) => exact(id) ?? (absent.has(id) || (list.bound === 0 && !changed.has(id)) || (members !== undefined && !members.has(id)) ? 0 : undefined);
      return { exact, known, most: (id) => known(id) ?? (changed.has(id) ? Infinity : idf! * list.bound), body: (id) => (absent.has(id) ? 0 : undefined) };
    }
    const at = new Map<number, number>();
    list.ids.forEach((id, i) => at.set(id, i));
    if (columnIdf !== undefined) {
      // A column's phrase bounded by the list of the phrase in every column (`columnFree`):
      // no term known but 0 (the list the whole match, the clipping unchanged and not in it:
      // the phrase is in none of its columns); at most the column's idf times the list's g.
      const most = (id: number) => {
        if (changed.has(id)) return Infinity;
        const i = at.get(id);
        return i === undefined ? columnIdf * list.bound : columnIdf * g(list.wtf[i]!, list.len[i]!, avgdl);
      };
      const known = (id: number) => (list.bound === 0 && !changed.has(id) && !at.has(id) ? 0 : undefined);
      return { exact: () => undefined, known, most, body: () => undefined };
    }
    const exact = (id: number) => {
      const i = changed.has(id) ? undefined : at.get(id);
      return i === undefined ? undefined : idf! * g(list.wtf[i]!, list.len[i]!, avgdl);
    };
    // (Not listed, unchanged, and the list the whole match: the phrase is not in the clipping, its term 0.)
    const known = (id: number) => exact(id) ?? (list.bound === 0 && !changed.has(id) ? 0 : undefined);
    // A clipping with the phrase in its meta index, unchanged: its body's count and length were kept with the list (0: not in its body).
    const metaAt = new Map<number, number>();
    list.meta?.ids.forEach((id, i) => metaAt.set(id, i));
    const body = (id: number) => {
      const i = changed.has(id) ? undefined : metaAt.get(id);
      return i === undefined ? undefined : list.meta!.wtf[i] === 0 ? 0 : idf! * g(list.meta!.wtf[i]!, list.meta!.len[i]!, avgdl);
    };
    return { exact, known, most: (id) => (changed.has(id) ? Infinity : (exact(id) ?? idf! * list.bound)), body };
  }

  /**
   * The body bm25 of those of `ids` that match the expression `body`, in one pass over its
   * match (`+`: not ids FTS5 probes one by one, each probe recounting every phrase over
   * the index). With a NOT, the matches are found first without bm25, then scored by the
   * OR of the positive phrases (`positive`, in order): the same sum, without counting the
   * NOT's phrases over the index.
   */
  private scores(tree: FtsNode, body: string, positive: readonly string[], ids: readonly number[]): Ranked[] {
    const among = 'AND +rowid IN (SELECT value FROM json_each(?))';
    const rank = (expr: string, of: readonly number[]) =>
      this.db.prepare(`SELECT rowid AS id, ${BM25.body} AS rank FROM clipping_fts WHERE clipping_fts MATCH ? ${among}`).all(expr, JSON.stringify(of)) as Ranked[];
    if (ids.length === 0) return []; // (a pass over the match, for nothing)
    if (!hasNot(tree)) return rank(body, ids);
    const matching = (this.db.prepare(`SELECT rowid AS id FROM clipping_fts WHERE clipping_fts MATCH ? ${among}`).all(body, JSON.stringify(ids)) as { id: number }[]).map((r) => r.id);
    return matching.length ? rank(positive.length === 1 ? positive[0]! : `(${positive.join(' OR ')})`, matching) : [];
  }

  /**
   * The candidates' scores and the pending clippings' body bm25 in one pass over the match,
   * where each would be a pass of its own (`scores`, then the engine's `multiRanks` over the
   * OR of the positive phrases): both are read by that OR (`any`, as the engine writes it),
   * restricted to both sets of ids. For a candidate matching the expression the OR's bm25
   * is the expression's (the same phrases in the same order: FTS5 sums over every phrase,
   * 0 for one absent), so this holds for an expression without a NOT and no phrase twice;
   * which candidates match it is read apart, without bm25 (no phrase counted over the
   * index), unless the expression is that OR. Null when not so, or nothing is pending.
   */
  private shared(
    tree: FtsNode,
    body: string,
    positive: readonly Extract<FtsNode, { type: 'phrase' }>[],
    candidates: readonly number[],
    pendingIds: readonly number[],
    any: string | undefined,
  ): { candidates: Ranked[]; pending: Map<number, number> } | null {
    const keys = positive.map(renderPhrase);
    if (pendingIds.length === 0 || candidates.length === 0 || any === undefined || hasNot(tree)) return null;
    if (new Set(keys).size !== keys.length || anyPhrase(positive, 'body') !== any) return null;
    const among = 'AND +rowid IN (SELECT value FROM json_each(?))';
    const all = this.db
      .prepare(`SELECT rowid AS id, ${BM25.body} AS rank FROM clipping_fts WHERE clipping_fts MATCH ? ${among} ORDER BY rowid`)
      .all(any, JSON.stringify([...new Set([...candidates, ...pendingIds])].sort((a, b) => a - b))) as Ranked[];
    const rank = new Map(all.map((r) => [r.id, r.rank]));
    const matching =
      body === any ? candidates : (this.db.prepare(`SELECT rowid AS id FROM clipping_fts WHERE clipping_fts MATCH ? ${among}`).all(body, JSON.stringify(candidates)) as { id: number }[]).map((r) => r.id);
    return {
      candidates: matching.filter((id) => rank.has(id)).map((id) => ({ id, rank: rank.get(id)! })),
      pending: new Map(pendingIds.filter((id) => rank.has(id)).map((id) => [id, rank.get(id)!])),
    };
  }

  /**
   * The idf of now of a listed phrase: FTS5's bm25 of the phrase alone for a listed clipping
   * unchanged since the list was read, over its g from the list's count and length.
   */
  private idf(key: string, cur: Current): { idf: number; exact: boolean } | null {
    const { list, changed, avgdl, now } = cur;
    // Read in the index's present state (no change mark since, the same documents), its
    // match count stored: the idf FTS5 computes now, bit for bit, with no lookup.
    const hits = this.lists.unchangedHits(list, now);
    if (hits !== null) return { idf: this.lists.idf(now.rows, hits), exact: true };
    // (`rowid = ?` with a number bound is no constraint FTS5 takes: it returns every match. The id as JSON is one it seeks.)
    const probe = this.db.prepare(`SELECT ${BM25.body} AS rank FROM clipping_fts WHERE clipping_fts MATCH ? AND rowid IN (SELECT value FROM json_each(?))`);
    // (Each probe counts the phrase over the index: a few, for listed clippings deleted since.)
    let tries = 0;
    for (let i = 0; i < list.ids.length && tries < PROBES; i++) {
      if (changed.has(list.ids[i]!)) continue;
      tries++;
      const row = probe.get(key, `[${list.ids[i]}]`) as { rank: number } | undefined;
      if (row) return { idf: -row.rank / g(list.wtf[i]!, list.len[i]!, avgdl), exact: false };
    }
    return null;
  }
}
