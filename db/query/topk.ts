/**
 * The best-ranked clippings of a broad single word, phrase or prefix without computing
 * bm25 for every match (issue 13, item 3; tests/bench/results/search-ranking-notes.md).
 *
 * For one phrase (a word, a prefix and a column-restricted word are phrases too), FTS5's
 * bm25 of a clipping is −idf · g(wtf, D, avgdl), with
 *
 *   g = wtf·(k1+1) / (wtf + k1·(1 − b + b·D/avgdl)),  k1 = 1.2, b = 0.75,
 *
 * wtf the column-weighted count of the phrase in the clipping's body document, D that
 * document's length in tokens and avgdl the index's average length. idf is the same for
 * every clipping of the query, so the order of the match is g's; and g grows with avgdl.
 *
 * A list, read once from one pass of bm25 over every match: the phrase's LIST_SIZE best
 * clippings, and `bound`, a bound on the g any other clipping of the match can have at
 * an avgdl AVGDL_GROW times that of the time (`grown`). While the index's avgdl stays at
 * or below that, a clipping outside the list whose body document has not changed since
 * cannot score above idf · bound. So the top k of these candidates — the list, the clippings
 * changed since it was read (migration 019 marks them) and those found in tags, notes or
 * annotations — is exactly bm25's top k over every match when the k-th scores above
 * idf · bound (by a margin for rounding; a clipping level with it could win the tie by
 * id). Otherwise the caller ranks every match as before. The list's unchanged clippings
 * are scored from their stored wtf and length with the idf and avgdl of now, by FTS5's
 * own operations (the same doubles, bit for bit: `exactIdf`); the others by FTS5's bm25
 * in one pass over the match restricted to them, and only those whose bounds leave them
 * a chance of the page.
 *
 * Lists are stored in the archive (`rank_lists`, migration 023), shared by every
 * connection and process, and kept in memory by each connection that used one: read by
 * the first query of a broad phrase anywhere (one pass of bm25 over every match, as
 * ranking it without a list takes) or ahead by `warm` (the background warm-up of the app
 * and `cuttings serve`, electron/core/search/warmup.ts). A list is read again when avgdl
 * passes its bound or more clippings changed than the change marks keep; after writes
 * short of that it is brought up to date from the changed clippings' documents, by the
 * first query that uses it or by the warm-up (query/topk-patch.ts). It is read only
 * outside a transaction, in a read transaction of its own: what it saw is committed, and
 * its change mark can never be rolled back and given again. It is stored after that read
 * transaction, in a short write transaction of its own, by a connection that may write
 * and only if the write lock is free at once: a search never waits for a writer (a
 * list not stored is kept in memory and read again by the next connection to need it).
 */
import { RANK_CHANGES_KEPT } from '../migrations/019-rank-changes.ts';
import { rankEpoch } from '../migrations/index.ts';
import type { Db } from '../open.ts';
import { BM25 } from './split.ts';
import { writeDerived } from './derived-write.ts';
import { DocCounts } from './doc-counts.ts';
import { FACET_ROW } from './facet-counts.ts';
import { patch, withTop } from './topk-patch.ts';

/** How many of a phrase's best clippings a list keeps. */
const LIST_SIZE = 256;
/**
 * A page reaching deeper than LIST_SIZE, down to this, is ranked from a longer list (the
 * smallest power of two at least twice as deep as the page), read by the second such page
 * of the phrase on a connection (paging on; the first is ranked the old way, which costs
 * less than reading the list) and stored like the others. The warm-up reads lists of
 * twice this for the most frequent words (`warm`'s `long`), of LIST_SIZE for the others.
 */
const DEEP = 2048;
/**
 * At most this many clippings are scored by counting them (`counted`) rather than by FTS5's
 * pass over the phrase's match. At 100k, under the same load: 20 clippings of `the` counted
 * in 10.6 ms, the pass 20.2; 48 of `to` counted in 23.3, the pass 18.2.
 */
const COUNTED_FEW = 32;
/** At most this many changed clippings' documents are read by a query to patch a list (query/topk-patch.ts; the warm-up reads any number). */
const PATCH_DOCS = 128;
/** A list's bound holds up to this factor of growth of the average document length. */
const AVGDL_GROW = 1.03;
/** A phrase gets a list from this many matching clippings. */
const BROAD = 2000;
/**
 * At most this many lists are kept, in memory and in the archive (3 KB each, 48 KB the
 * longest). The warm-up reads the broad words' and the broad prefixes' (at 100k: 3,352
 * words, 1,508 prefixes of 1–3 letters), then two-word phrases in the room left
 * (query/topk-phrase.ts); in the archive, those of its plan are marked `kept` (migration
 * 026), and beyond the cap the others go first, the one read longest ago first.
 */
export const MAX_LISTS = 8192;
/** The k-th candidate must beat the bound by this much (relative): g here and FTS5's may differ in the last bits. */
export const MARGIN = 1e-9;
export const K1 = 1.2;
const B = 0.75;

/** g above (bm25 of one phrase without its idf), as FTS5 computes it. */
export function g(wtf: number, len: number, avgdl: number): number {
  return (wtf * (K1 + 1.0)) / (wtf + K1 * (1 - B + (B * len) / avgdl));
}

/**
 * The weighted count a clipping of length `len` has, recovered from FTS5's body bm25 `rank`
 * of one phrase (of `idf`, at `avgdl`): an integer (column weights are), so recovered
 * exactly — FTS5's score computed from it comes out to the last bit (`top` scores listed
 * clippings so) — or null: this is not the bm25 assumed here.
 */
function wtfOf(rank: number, len: number, idf: number, avgdl: number): number | null {
  const gr = -rank / idf;
  const w = Math.round((gr * K1 * (1 - B + (B * len) / avgdl)) / (K1 + 1 - gr));
  return w > 0 && -(idf * g(w, len, avgdl)) === rank ? w : null;
}

/** SQLite's varints as FTS5 writes its records (big-endian groups of 7 bits, the ninth byte whole). */
export function varints(buf: Uint8Array): number[] {
  const out: number[] = [];
  let i = 0;
  while (i < buf.length) {
    let v = 0;
    let n = 0;
    let byte: number;
    do {
      byte = buf[i++]!;
      n++;
      v = n === 9 ? v * 256 + byte : v * 128 + (byte & 0x7f);
    } while (byte & 0x80 && n < 9);
    out.push(v);
  }
  return out;
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

export interface RankList {
  /**
   * The archive's rank epoch when it was read (`rankEpoch` of its schema version: a migration
   * may rebuild the index without marks; stored lists written by older code hold the version).
   */
  schema: number;
  /** The last change mark when it was read. */
  seq: number;
  /** The bound holds while the index's avgdl is at most this. */
  avgdlMax: number;
  /** No clipping of the match outside the list has a g above this at `avgdlMax` (`grown`); 0 when the list is the whole match. */
  bound: number;
  /** The listed clippings, best first, with their weighted count and length when read. */
  ids: Int32Array;
  wtf: Int32Array;
  len: Int32Array;
  /**
   * The phrase's matches and the index's documents when read — known when g here gave
   * FTS5's scores of the listed clippings bit for bit (what topk-prefix.ts needs to
   * score clippings without FTS5).
   */
  hits?: number;
  rows?: number;
  /**
   * The clippings with the phrase in their tags, notes or annotations when read, with
   * their body's weighted count (0: the body did not match) and length: for those not
   * changed since, the body's part of their rank without a pass over the match (known
   * with `hits`; none for an expression the meta index cannot take, a column's). In id order.
   */
  meta?: { ids: Int32Array; wtf: Int32Array; len: Int32Array };
  /** The largest clipping id when read (known with `hits`): a clipping above it was added since (query/topk-patch.ts). */
  top?: number;
}

/** A list in date with what changed since it was read and the index's state now (`current`). */
export interface CurrentList {
  list: Readonly<RankList>;
  changed: Set<number>;
  candidates: number[];
  avgdl: number;
  now: { rows: number; avgdl: number; seq: number; schema: number };
}

/** A ranked clipping: `rank` is its bm25 (lower is better). */
export interface Ranked {
  id: number;
  rank: number;
}

/**
 * How broad a phrase must be to get a list, how long lists are, how deep a page a longer
 * list is read for, and from how many clippings found in the meta index their meta bm25 is
 * read only near the top (`nearMeta`) (small ones in tests).
 */
export interface RankListOptions {
  broad: number;
  size: number;
  deep: number;
  metaNear: number;
}

/**
 * The clippings a single phrase finds in the meta index (tags, notes, annotations), their
 * meta bm25 read only as `top` needs it: at 1M clippings `to` is in 73,932 meta documents,
 * and their bm25 read whole, then ranked in JS, took most of the query (`nearMeta`).
 */
export interface MetaFound {
  /** How many. */
  n: number;
  /** The most any of them can score in the meta index (idf · (k1 + 1), rounded up), or more. */
  most: () => number;
  /** Every one with its meta bm25 (`r`), in id order (read once). */
  all: () => readonly { id: number; r: number }[];
  /** The `k`-th best meta bm25 (undefined when fewer match). */
  kth: (k: number) => number | undefined;
  /** Those whose meta bm25 is at most `r` (in no particular order). */
  atMost: (r: number) => { id: number; r: number }[];
  /** The meta bm25 of those of `ids` found in the meta index. */
  of: (ids: readonly number[]) => { id: number; r: number }[];
}

const isMetaFound = (m: readonly { id: number; r: number }[] | MetaFound): m is MetaFound => !Array.isArray(m);

/**
 * From this many clippings found in the meta index, `top` reads their meta bm25 only near
 * the top (`nearMeta`): below, reading them all costs less than the two passes that takes.
 */
const META_NEAR = 2048;

/**
 * Which of the clippings found in the meta index `top` reads the meta bm25 of, for a page
 * of `k`, and `cap`: every other one's meta score (−bm25) is below it. A clipping's body
 * scores at most idf · (k1 + 1) (`body`), and its meta part at most `meta.most()`:
 * - When that can beat the body's by much (a word in most bodies, FTS5's floor idf, found
 *   in few meta documents: `to`), the k-th best meta score m first: those scoring below
 *   m − body there are outscored by the k best of them (each scores at least m in all). Two
 *   passes of the meta index's match (the k-th, then those at or above the cap), neither
 *   taking every row out.
 * - Else (a tag name that is a rarer word in bodies: `climate`), none: each is bounded by
 *   `meta.most()`, and the list's candidates that can still reach the page have theirs
 *   looked up (`MetaFound.of`).
 * Null when few were found: reading them all costs less.
 */
function nearMeta(meta: MetaFound, k: number, idf: number, near: number): { rows: { id: number; r: number }[]; cap: number } | null {
  if (meta.n < near) return null;
  const body = idf * (K1 + 1);
  const most = meta.most();
  if (most <= 2 * body) return { rows: [], cap: most };
  const kth = meta.kth(k);
  if (kth === undefined) return null;
  const cap = -kth - body;
  if (!(cap > 0)) return null;
  return { rows: meta.atMost(-cap), cap };
}

export class RankLists {
  private readonly lists = new Map<string, RankList>();
  /** The phrases a page deeper than a list was asked for on this connection (`top`). */
  private readonly deepAsked = new Set<string>();
  private readonly opts: RankListOptions;
  /** Names of expressions already worked out (`key`). */
  private readonly keys = new Map<string, string>();
  /**
   * The idf and avgdl `exactIdf` found for a phrase (by name), and the index's state then:
   * the last change mark, document count and avgdl. While these are the same no body
   * document has changed (an added, edited, trashed or restored clipping is marked; a
   * deleted one leaves the count lower), so neither have the phrase's matches.
   */
  private readonly idfs = new Map<string, { seq: number; rows: number; avgdl: number; idf: number }>();
  /** Terms and counts from clippings' texts (`tokens`, `counted`). */
  private readonly docs: DocCounts;
  /** Names of the lists the warm-up plans (`keepPlanned`): stored as `kept`. */
  private readonly planned = new Set<string>();
  /** The lists that could not be brought up to date (`patched`), by name, with the state then. */
  private readonly unpatched = new Map<string, string>();
  /** The lists behind the index whose stored copy was looked at (`current`), by name, with the state then. */
  private readonly looked = new Map<string, string>();
  /** A warm-up is running (`warm`): lists are patched whatever the documents to read. */
  private warming = false;

  constructor(
    private readonly db: Db,
    opts: Partial<RankListOptions> = {},
  ) {
    this.opts = { broad: BROAD, size: LIST_SIZE, deep: DEEP, metaNear: META_NEAR, ...opts };
    this.docs = new DocCounts(db);
  }

  /**
   * The clippings of the list of `expr` and those changed since it was read, or null when
   * it has no list in date (the caller then ranks the clippings found in the meta index
   * itself, for `top`'s reading of a list; with one, `top` scores only those it needs).
   */
  candidates(expr: string): number[] | null {
    return this.current(expr)?.candidates ?? null;
  }

  /**
   * The first `k` matches of the body expression `expr` (a single phrase) by rank, ties
   * by id, exactly as bm25 over every match ranks them; null when the list cannot prove
   * them (the caller ranks every match). `found`: the clippings with the phrase in their
   * tags, notes or annotations, with their meta bm25 (`meta`; each one's rank is 0 plus
   * its body bm25, if any, plus that), their full ranks (`own`, asked only when a list is
   * read here), and `score`, the caller's FTS5 body bm25 of given clippings (one pass over
   * the match; those not matching left out). `keep`: of the given clippings, those the
   * query's filters let through — the first `k` of those are asked (the bound holds for
   * the others as well; they are asked best first, a batch at a time); without it, a broad
   * phrase with no list has one read (one pass of bm25 over every match: what ranking it
   * without a list costs).
   * `counted`: the phrase's matches as the caller has just counted them (at least up to
   * `broad`), so they are not counted again.
   *
   * With a list in date, the list's unchanged clippings are scored here from their stored
   * weighted count and length — FTS5's bm25 by the same operations on the same figures
   * (`exactIdf`), with no pass over the match — and the others (changed clippings, those
   * found in the meta index) only when their bounds leave them a chance of the page.
   */
  top(
    expr: string,
    k: number,
    found: { meta: readonly { id: number; r: number }[] | MetaFound; own: () => readonly Ranked[]; score: (ids: readonly number[]) => Ranked[] },
    keep?: (ids: readonly number[]) => Set<number>,
    counted?: number,
  ): Ranked[] | null {
    // Deeper than the longest list reaches (a list proves at most its own clippings' places): nothing to read.
    if (k > this.opts.deep) return null;
    // A page deeper than the usual list: a longer one, twice as deep as the page (the deeper
    // the page, the closer its last clipping's score to the bound).
    const size = k <= this.opts.size ? this.opts.size : Math.min(this.opts.deep * 2, 2 ** Math.ceil(Math.log2(2 * k)));
    let cur = this.current(expr);
    // A list too short for the page (and not the whole match) proves nothing: a longer one is read, as if it had none.
    if (cur && cur.list.bound !== 0 && cur.list.ids.length < k) cur = null;
    if (!cur) {
      if (keep || this.db.inTransaction) return null;
      // The first deep page of a phrase is ranked the old way: a longer list costs more to
      // read than that page (a bigger sort, a count, its lengths), and pays only if someone
      // pages on — as the second deep page here shows.
      if (size > this.opts.size && !this.deepAsked.has(this.key(expr))) {
        this.deepAsked.add(this.key(expr));
        if (this.deepAsked.size > MAX_LISTS) this.deepAsked.delete(this.deepAsked.values().next().value!);
        return null;
      }
      if (!this.broad(expr, counted)) return null;
      const best = this.read(expr, size);
      if (!best) return null;
      // The pass that read the list ranked the best of every match: a page among those
      // (`own` put in their place) is this one, with no other pass.
      const own = found.own();
      const mine = new Set(own.map((r) => r.id));
      const last = best.at(-1)!;
      const page = [...best.filter((r) => !mine.has(r.id)), ...own].sort(byRank).slice(0, k);
      if (best.length <= size || (page.length === k && byRank(page[k - 1]!, last) <= 0)) return page;
      cur = this.current(expr)!;
    }
    const { list, changed } = cur;
    const exact = this.exactIdf(expr, cur.now, list);
    if (!exact || exact.avgdl > list.avgdlMax) return null;
    const { idf, avgdl } = exact;
    // The body bm25 of each unchanged listed clipping, as FTS5 computes it now.
    const listed = new Map<number, number>();
    list.ids.forEach((id, i) => {
      if (!changed.has(id)) listed.set(id, -(idf * g(list.wtf[i]!, list.len[i]!, avgdl)));
    });
    // And of each unchanged clipping found in the meta index when the list was read (0 where
    // its body did not match), looked up for the candidates only: `to` at 1M has 73,932.
    const at = metaIndex(list);
    const metaBody = {
      get: (id: number): number | undefined => {
        const i = changed.has(id) ? undefined : at(id);
        return i === undefined ? undefined : list.meta!.wtf[i] === 0 ? 0 : -(idf * g(list.meta!.wtf[i]!, list.meta!.len[i]!, avgdl));
      },
    };
    const outside = list.bound === 0 ? 0 : idf * list.bound;
    const prove = (metaRank: ReadonlyMap<number, number>, cap: number, lookup?: MetaFound['of']) =>
      this.proven(cur, k, { idf, listed, metaBody, outside, metaRank, cap, lookup }, found.score, keep);
    if (!isMetaFound(found.meta)) return prove(new Map(found.meta.map((m) => [m.id, m.r])), 0);
    // The clippings found in the meta index with their meta bm25 read only near the top
    // (`nearMeta`); the proof, if it holds, is the one every meta bm25 gives.
    const near = keep ? null : nearMeta(found.meta, k, idf, this.opts.metaNear);
    if (near) {
      const page = prove(new Map(near.rows.map((m) => [m.id, m.r])), near.cap, found.meta.of);
      if (page) return page;
    }
    return prove(new Map(found.meta.all().map((m) => [m.id, m.r])), 0);
  }

  /**
   * `top`'s proof from a list in date (`cur`): the first `k` of the candidates — the list's
   * clippings, those changed since and those found in the meta index (`metaRank`, with
   * their meta bm25) — when the k-th of them beats every clipping outside them. `cap`: 0
   * when `metaRank` holds every clipping found in the meta index; else every other one's
   * meta score (−bm25) is below it (`nearMeta`), and `lookup` gives the meta bm25 of
   * those of some clippings found there.
   */
  private proven(
    cur: CurrentList,
    k: number,
    known: {
      idf: number;
      listed: ReadonlyMap<number, number>;
      metaBody: { get: (id: number) => number | undefined };
      outside: number;
      metaRank: ReadonlyMap<number, number>;
      cap: number;
      lookup?: MetaFound['of'];
    },
    score: (ids: readonly number[]) => Ranked[],
    keep?: (ids: readonly number[]) => Set<number>,
  ): Ranked[] | null {
    const { list, changed } = cur;
    const { idf, listed, metaBody, outside, metaRank, cap, lookup } = known;
    // The candidates — the list's clippings, the changed ones and those found in the meta
    // index — each with its score (−rank) or bounds on it: an unchanged clipping outside the
    // list has a body g of at most `bound` (none at all when the list is the whole match),
    // a changed one of less than k1 + 1; the meta part only adds (ranks are negative), and
    // is below `cap` for one whose meta bm25 was not read (0 when all were).
    const candidates: { id: number; rank?: number; lo: number; hi: number; body?: number }[] = [];
    for (const id of new Set([...cur.candidates, ...metaRank.keys()])) {
      const r = metaRank.get(id);
      const body = listed.get(id) ?? metaBody.get(id) ?? (list.bound === 0 && !changed.has(id) ? 0 : undefined);
      if (body !== undefined && (r !== undefined || cap === 0)) {
        // (The sum in the order the caller's `decide` adds: 0, plus the body's, plus the meta's.)
        const rank = r === undefined ? body : 0 + body + r;
        candidates.push({ id, rank, lo: -rank, hi: -rank });
      } else if (body !== undefined) {
        // Its meta bm25 not read: at most `cap` more than its body's score.
        candidates.push({ id, lo: -body, hi: (-body + cap) * (1 + MARGIN), body });
      } else {
        const most = changed.has(id) ? idf * (K1 + 1) : outside;
        candidates.push({ id, lo: r === undefined ? -Infinity : -r, hi: ((r === undefined ? cap : -r) + most) * (1 + MARGIN) });
      }
    }
    // With filters, those passing them, checked best first (by the most each can score) a
    // batch at a time, until the k-th best lower bound of those passing beats every one not
    // checked (which then cannot be on the page): fewer than k in all, and no proof can hold.
    let pool = candidates;
    if (keep) {
      const order = [...candidates].sort((a, b) => b.hi - a.hi);
      pool = [];
      for (let at = 0, batch = Math.max(256, 4 * k); at < order.length; batch *= 2) {
        const next = order.slice(at, at + batch);
        const kept = keep(next.map((c) => c.id));
        pool.push(...next.filter((c) => kept.has(c.id)));
        at += next.length;
        const floor = pool.map((c) => c.lo).sort((a, b) => b - a)[k - 1];
        if (at < order.length && floor !== undefined && floor > order[at]!.hi) break;
      }
      if (pool.length < k) return null;
    }
    // Every clipping outside the candidates scores at most this: its body's `outside`, plus `cap` if found in the meta index.
    const beyond = (outside + cap) * (1 + MARGIN);
    const best = (gone: ReadonlySet<number>): Ranked[] | null => {
      const known: Ranked[] = [];
      const open: { id: number; lo: number; hi: number; body?: number }[] = [];
      for (const c of pool) {
        if (gone.has(c.id)) continue;
        if (c.rank !== undefined) known.push({ id: c.id, rank: c.rank });
        else open.push(c);
      }
      // The k-th best score known to be reached: a clipping whose score cannot reach it is
      // not on the page; the others are scored by FTS5.
      const floor = [...known.map((x) => -x.rank), ...open.map((x) => x.lo)].sort((a, b) => b - a)[k - 1] ?? -Infinity;
      const unsure = open.filter((x) => x.hi >= floor);
      if (unsure.length) {
        const bodyWanted = unsure.filter((x) => x.body === undefined).map((x) => x.id);
        const body = new Map(bodyWanted.length ? score(bodyWanted).map((x) => [x.id, x.rank]) : []);
        for (const x of unsure) if (x.body !== undefined) body.set(x.id, x.body);
        // (The meta bm25 of those whose was not read, where they have one.)
        const metaWanted = unsure.filter((x) => !metaRank.has(x.id)).map((x) => x.id);
        const meta = new Map(cap > 0 && lookup && metaWanted.length ? lookup(metaWanted).map((m) => [m.id, m.r]) : []);
        for (const { id } of unsure) {
          const r = metaRank.get(id) ?? meta.get(id);
          if (r !== undefined) known.push({ id, rank: 0 + (body.get(id) ?? 0) + r });
          else if (body.has(id)) known.push({ id, rank: body.get(id)! });
        }
      }
      const all = known.sort(byRank);
      if (list.bound === 0 && cap === 0) return all.slice(0, k); // the list is the whole match (and every change is scored)
      if (all.length < k) return null;
      return -all[k - 1]!.rank > beyond ? all.slice(0, k) : null;
    };
    // A listed clipping deleted since leaves the index unmarked. The page is made first as
    // if none was (a filter lets no deleted clipping through): when its listed clippings are
    // all still there, the others' being gone changes nothing — each would rank below the
    // page (none is on it), and the bound and what the page's k-th beats stay.
    const page = best(new Set());
    const listedOnPage = (page ?? []).filter((r) => listed.has(r.id) && !metaRank.has(r.id)).map((r) => r.id);
    if (keep || listedOnPage.length === 0) return page;
    if (this.existing(listedOnPage).size === listedOnPage.length) return page;
    const there = this.existing([...listed.keys()]);
    return best(new Set([...listed.keys()].filter((id) => !there.has(id))));
  }

  /**
   * FTS5's body bm25 of those of `ids` that the one-word or one-or-two-letter prefix
   * `expr` matches, counted from their texts (query/doc-counts.ts) by FTS5's operations
   * on its idf and avgdl of now (`exactIdf`), as listed clippings are scored — for at most
   * COUNTED_FEW clippings of a phrase with a list in date (whose read checked these scores
   * come out bit for bit). Null otherwise: the caller's pass over the match scores them.
   */
  counted(expr: string, ids: readonly number[]): Ranked[] | null {
    if (ids.length > COUNTED_FEW) return null;
    const word = /^"([^"\s]+)"$/u.exec(expr)?.[1];
    const tokens = word === undefined ? null : this.tokens(word);
    const prefix = /^"([A-Za-z0-9]{1,2})"\*$/u.exec(expr)?.[1]?.toLowerCase();
    const what = tokens?.length === 1 ? { term: tokens[0]! } : prefix !== undefined ? { prefix } : null;
    const cur = what && this.current(expr);
    const exact = cur && this.exactIdf(expr, cur.now);
    if (!what || !exact || exact.avgdl > cur.list.avgdlMax) return null;
    const counts = this.docs.of(what, ids);
    if (!counts) return null;
    const out: Ranked[] = [];
    for (const [id, { wtf, len }] of counts) if (wtf > 0) out.push({ id, rank: -(exact.idf * g(wtf, len, exact.avgdl)) });
    return out;
  }

  /**
   * FTS5's idf of a phrase with no list of its own (a column's: `body : "x"`) for the
   * index's state `now` (query/topk-multi.ts, which bounds its term by the list of the
   * phrase without the column): `exactIdf`'s — counted once per state — or null when the
   * index is empty or not in that state any more.
   */
  idfOf(expr: string, now: { rows: number; avgdl: number; seq: number }): number | null {
    const exact = this.exactIdf(expr, now);
    return exact && exact.avgdl === now.avgdl ? exact.idf : null;
  }

  /**
   * FTS5's idf of the phrase `expr` and the index's average length now, bit for bit as
   * its bm25 has them: the same operations on the same figures, read in one statement
   * (the document count and the token totals of the averages record, and the phrase's
   * matching documents — counted up to half the index, from where the idf is FTS5's
   * floor, 1e-6), the logarithm by SQLite's ln(), which is the C library's log() that FTS5
   * calls — or kept from the last time while the index's state `now` is the same (`idfs`).
   * Null when the index is empty.
   */
  private exactIdf(expr: string, now: { rows: number; avgdl: number; seq: number }, list?: Readonly<RankList>): { idf: number; avgdl: number } | null {
    const known = this.idfs.get(this.key(expr));
    if (known && known.seq === now.seq && known.rows === now.rows && known.avgdl === now.avgdl) return known;
    // The list's matches, when nothing changed since it was read (`unchangedHits`): the same count, not made again.
    const hits = list && this.unchangedHits(list, now);
    if (hits !== undefined && hits !== null && now.rows > 0) return { idf: this.idf(now.rows, hits), avgdl: now.avgdl };
    let limit = Math.ceil(now.rows / 2);
    for (;;) {
      const r = this.db
        .prepare('SELECT (SELECT block FROM clipping_fts_data WHERE id = 1) AS averages, (SELECT count(*) FROM (SELECT 1 FROM clipping_fts WHERE clipping_fts MATCH ? LIMIT ?)) AS n')
        .get(expr, limit) as { averages: Uint8Array | null; n: number };
      const [rows = 0, ...tokens] = r.averages ? varints(r.averages) : [];
      if (rows === 0) return null;
      const avgdl = sum(tokens) / rows;
      if (r.n === limit && 2 * r.n < rows) {
        limit = -1; // the index grew since `now`: counted in full
        continue;
      }
      const idf = this.idf(rows, r.n);
      // (Kept under the state read with the count only if it is `now`'s: nothing changed between.)
      if (rows === now.rows && avgdl === now.avgdl) {
        this.idfs.delete(this.key(expr));
        this.idfs.set(this.key(expr), { seq: now.seq, rows, avgdl, idf });
        if (this.idfs.size > MAX_LISTS) this.idfs.delete(this.idfs.keys().next().value!);
      }
      return { idf, avgdl };
    }
  }

  /**
   * The phrase's body matches now, from its list's count when read (`hits`): known while
   * no body document changed since — no change mark after the list's (an added, edited,
   * trashed or restored clipping is marked) and as many documents (a deleted one leaves
   * fewer). Null otherwise. With `expr`, of its list in date (none: null).
   */
  unchangedHits(list: Readonly<RankList> | string, now?: { rows: number; seq: number }): number | null {
    const cur = typeof list === 'string' ? this.current(list) : null;
    const l = cur ? cur.list : typeof list === 'string' ? null : list;
    const state = cur ? cur.now : now;
    if (!l || !state || l.hits === undefined || l.rows === undefined) return null;
    return l.rows === state.rows && l.seq === state.seq ? l.hits : null;
  }

  /**
   * The index's documents and the phrase's matching ones, as its list counted them, when
   * nothing changed since it was read (`unchangedHits`); null otherwise. (The documents: the
   * averages record's count, which FTS5 keeps with each row's `docsize`.)
   */
  unchangedCounts(expr: string): { docs: number; hits: number } | null {
    const cur = this.current(expr);
    const hits = cur && this.unchangedHits(cur.list, cur.now);
    return cur && hits !== null ? { docs: cur.now.rows, hits } : null;
  }

  /** FTS5's idf of a phrase found in `hits` of `rows` documents, bit for bit: its operations, and its log() through SQLite's ln() (also for query/topk-multi.ts). */
  idf(rows: number, hits: number): number {
    if (2 * hits >= rows) return 1e-6; // log((rows − hits + 0.5) / (hits + 0.5)) ≤ 0
    const { x } = this.db.prepare('SELECT ln(?) AS x').get((rows - hits + 0.5) / (hits + 0.5)) as { x: number };
    return x <= 0 ? 1e-6 : x;
  }


  /** The list of `expr` if it is in date, with the clippings changed since it was read and the index's state (null: none; also for query/topk-multi.ts and topk-prefix.ts). */
  current(expr: string): CurrentList | null {
    let now = this.state();
    const inDate = (l: RankList) => this.inDate(l, now);
    let list = this.lists.get(this.key(expr));
    if (list && !inDate(list)) {
      this.lists.delete(this.key(expr));
      list = undefined;
    }
    // (One written since: another connection — the warm-up — may have brought the stored one up to date; looked at once per state.)
    const at = `${now.seq} ${now.rows}`;
    if (!list || (behind(list, now) && this.looked.get(this.key(expr)) !== at)) {
      if (list) remember(this.looked, this.key(expr), at);
      // One another connection (or process) read, if any.
      const stored = this.stored(expr);
      if (stored && inDate(stored) && (!list || stored.seq > list.seq)) {
        this.keep(expr, stored);
        list = stored;
      }
      if (!list) return null;
    }
    // Written since it was read: brought up to date (query/topk-patch.ts), once, and stored for every connection.
    if (behind(list, now)) {
      const patched = this.patched(expr, list, now);
      if (patched) {
        now = this.state();
        if (!inDate(patched)) return null;
        list = patched;
      }
    }
    const changed = new Set(
      (this.db.prepare('SELECT DISTINCT clipping_id AS id FROM clipping_rank_changes WHERE seq > ?').all(list.seq) as { id: number }[]).map((r) => r.id),
    );
    return { list, changed, candidates: [...new Set([...list.ids, ...changed])], avgdl: now.avgdl, now };
  }

  /**
   * `list`, in date but read before the state `now`, brought up to date (query/topk-patch.ts),
   * kept and stored; null when it cannot be (not tried again in the same state).
   */
  private patched(expr: string, list: Readonly<RankList>, now: { rows: number; seq: number }): RankList | null {
    const at = `${now.seq} ${now.rows}`;
    if (this.db.inTransaction || (!this.warming && this.unpatched.get(this.key(expr)) === at)) return null;
    // (A query reads at most PATCH_DOCS changed documents, ~1.5 ms each at 100k — more are left to the warm-up.)
    const done = patch(this.db, this.docs, expr, list, () => this.state(), () => (this.db.prepare('SELECT count(*) AS n FROM clipping_fts WHERE clipping_fts MATCH ?').get(expr) as { n: number }).n, this.warming ? Infinity : PATCH_DOCS);
    if (!done) {
      remember(this.unpatched, this.key(expr), at);
      return null;
    }
    this.keep(expr, done.list);
    this.store(expr, done.list);
    return done.list;
  }

  /**
   * A list's name. For a single word, the term the index holds for it, as the table's own
   * tokenizer makes it (`"rally"`, `"Rallies"` → `"ralli"`): a query of any form of the word
   * finds the list the warm-up read for the index's term (fts5vocab's). Worked out on a
   * temporary table with that tokenizer, once per word. Otherwise the expression, ASCII
   * letters in lower case.
   */
  /** The name a list of `expr` is kept under: a word as the tokenizer makes it (`"was"` and `"wa"` are one list; query/facet-counts.ts names its rows so too). */
  nameOf(expr: string): string {
    return this.key(expr);
  }

  private key(expr: string): string {
    const known = this.keys.get(expr);
    if (known !== undefined) return known;
    let name = lower(expr);
    const word = /^"([^"\s]+)"$/u.exec(expr)?.[1];
    if (word !== undefined) {
      const tokens = this.tokens(word);
      if (tokens.length === 1) name = `"${tokens[0]!.replaceAll('"', '""')}"`;
    }
    if (this.keys.size >= MAX_LISTS) this.keys.delete(this.keys.keys().next().value!);
    this.keys.set(expr, name);
    return name;
  }

  /** The terms the body index's tokenizer makes of `text`, in order. */
  private tokens(text: string): string[] {
    return this.docs.terms(text) ?? [];
  }

  /** The list can be used in the state `now`. */
  private inDate(l: RankList, now: { avgdl: number; seq: number; schema: number }): boolean {
    // (A last mark below the list's: the log was emptied, by hand or in a file put in its place — nothing it says can be trusted.)
    return l.schema === now.schema && now.avgdl <= l.avgdlMax && now.seq - l.seq <= RANK_CHANGES_KEPT && now.seq >= l.seq;
  }

  /**
   * Reads lists ahead for these body expressions (single phrases, as the query builder
   * writes them), in order, until `deadline` (ms since the epoch, as Date.now()); the
   * phrases that are not broad are passed over — unless `all` (a list read is kept, where
   * a count finding a phrase not broad would be made again by every warm-up). `long`:
   * lists of the longest kind (twice `deep`) rather than the usual. Returns how many lists
   * it read.
   */
  warm(exprs: Iterable<string>, deadline: number, long = false, all = false): number {
    if (this.db.inTransaction) return 0;
    const size = long ? this.opts.deep * 2 : this.opts.size;
    const enough = (l: RankList | null) => l !== null && (l.bound === 0 || l.ids.length >= size);
    let n = 0;
    for (const expr of exprs) {
      if (Date.now() >= deadline) break;
      // A connection that may write reads a list again unless the archive's is in date (its own may be, the stored one not).
      const stored = this.db.readonly ? null : this.stored(expr);
      const now = this.state();
      const has = this.db.readonly ? enough(this.current(expr)?.list ?? null) : enough(stored) && this.inDate(stored!, now);
      // One in date but written since is brought up to date (query/topk-patch.ts): no read (not counted as one).
      if (has && stored && behind(stored, now)) {
        this.warming = true;
        try {
          this.current(expr);
        } finally {
          this.warming = false;
        }
      }
      // (One stored without the largest id when read gets it while nothing changed: the next write then patches it without a count.)
      const topped = has && stored && stored.top === undefined ? withTop(this.db, stored, () => this.state()) : null;
      if (topped) {
        this.keep(expr, topped);
        this.store(expr, topped);
      }
      if (has || (!all && !this.broad(expr, undefined, true))) continue;
      // (Each list in a read transaction of its own: a long one would hold back the write-ahead log's checkpoints.)
      if (this.read(expr, size)) n++;
    }
    return n;
  }

  /**
   * What a warm-up reads lists for, from one pass over the index's terms (fts5vocab): the
   * words broad enough for a list, most frequent first (the costliest to rank without
   * one); and the prefixes of 1, 2 and 3 letters (`th`) of the terms whose summed
   * document counts reach `broad` (a prefix's matches are at most that sum: only these
   * can be broad), by length and then that sum, largest first. At most MAX_LISTS in all.
   */
  broadTerms(): { words: string[]; prefixes: string[] } {
    this.db.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS temp.rank_vocab USING fts5vocab(main, 'clipping_fts', 'row')`);
    const { broad } = this.opts;
    const words: [string, number][] = [];
    const sums = [new Map<string, number>(), new Map<string, number>(), new Map<string, number>()];
    for (const { term, doc } of this.db.prepare('SELECT term, doc FROM temp.rank_vocab').all() as { term: string; doc: number }[]) {
      if (doc >= broad) words.push([term, doc]);
      const chars = [...term];
      for (let n = 1; n <= Math.min(3, chars.length); n++) {
        const p = chars.slice(0, n).join('');
        sums[n - 1]!.set(p, (sums[n - 1]!.get(p) ?? 0) + doc);
      }
    }
    const order = (a: [string, number], b: [string, number]) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
    const w = words.sort(order).slice(0, MAX_LISTS).map(([t]) => t);
    const prefixes = sums.flatMap((m) => [...m].filter(([, d]) => d >= broad).sort(order)).map(([p]) => p);
    return { words: w, prefixes: prefixes.slice(0, MAX_LISTS - w.length) };
  }

  /**
   * The phrase matches at least `broad` clippings, and is not a one-letter prefix (shorter
   * than the index's prefix indexes: every pass over its match merges the lists of every
   * word it begins, and a list takes three passes where ranking takes one) — unless
   * `warming` (the background warm-up reads those too; it is not counted: the count is
   * one more such pass, and a list of a phrase that is not broad is merely exact).
   */
  private broad(expr: string, counted?: number, warming = false): boolean {
    if (/^"[^"]"\*$/u.test(expr)) return warming;
    const { broad } = this.opts;
    if (counted !== undefined) return counted >= broad;
    return (this.db.prepare('SELECT count(*) AS n FROM (SELECT rowid FROM clipping_fts WHERE clipping_fts MATCH ? LIMIT ?)').get(expr, broad) as { n: number }).n >= broad;
  }

  /** The index's document count and average length, the last change mark and the rank epoch. */
  private state(): { rows: number; avgdl: number; seq: number; schema: number } {
    const r = this.db
      .prepare(
        'SELECT (SELECT block FROM clipping_fts_data WHERE id = 1) AS averages, (SELECT coalesce(max(seq), 0) FROM clipping_rank_changes) AS seq, (SELECT user_version FROM pragma_user_version) AS schema',
      )
      .get() as { averages: Uint8Array | null; seq: number; schema: number };
    const [rows = 0, ...tokens] = r.averages ? varints(r.averages) : [];
    return { rows, avgdl: rows ? sum(tokens) / rows : 0, seq: r.seq, schema: rankEpoch(r.schema) };
  }

  /**
   * Reads the list of a phrase: its best clippings, ranked by SQLite in one pass of bm25
   * over every match (keeping only the first ones: all of them taken out as rows cost
   * 3× more), and the number of matches for the idf. Returns the clippings ranked — the
   * list's and the first after them — or null (and no list kept) when FTS5's scores do
   * not come out as g predicts, bit for bit.
   */
  private read(expr: string, size: number): Ranked[] | null {
    const read = this.db.transaction(() => {
      const { rows, avgdl, seq, schema } = this.state();
      // The clippings with the phrase in their meta index come first, with their body bm25, in the same pass (`meta`).
      const inMeta = metaOf(this.db, expr);
      const ranked = this.db
        .prepare(`SELECT rowid AS id, ${BM25.body} AS rank FROM clipping_fts WHERE clipping_fts MATCH ? ORDER BY rowid IN (SELECT value FROM json_each(?)) DESC, ${BM25.body}, rowid LIMIT ?`)
        .all(expr, JSON.stringify(inMeta ?? []), size + 1 + (inMeta?.length ?? 0)) as Ranked[];
      const best = [...ranked].sort(byRank).slice(0, size + 1);
      if (best.length === 0 || avgdl === 0) return null;
      const { hits, top } = this.db.prepare('SELECT (SELECT count(*) FROM clipping_fts WHERE clipping_fts MATCH ?) AS hits, (SELECT coalesce(max(id), 0) FROM clippings) AS top').get(expr) as { hits: number; top: number };
      const idf = this.idf(rows, hits);
      // Best first by g (= by rank: idf is common), ties by id.
      const listed = best.slice(0, size);
      // (The lengths of the clippings found in the meta index too, in the same look-up.)
      const lengths = this.lengths([...new Set([...listed.map((d) => d.id), ...(inMeta ?? [])])]);
      const len = listed.map((d) => lengths.get(d.id) ?? 0);
      const wtf = listed.map((d, i) => wtfOf(d.rank, len[i]!, idf, avgdl));
      if (wtf.includes(null)) return null;
      const next = best[size];
      const meta = inMeta && metaBodies(inMeta, ranked, lengths, idf, avgdl);
      const list: RankList = {
        schema,
        seq,
        avgdlMax: avgdl * AVGDL_GROW,
        bound: next === undefined ? 0 : grown(-next.rank / idf, AVGDL_GROW),
        ids: Int32Array.from(listed, (d) => d.id),
        wtf: Int32Array.from(wtf as number[]),
        len: Int32Array.from(len),
        // (FTS5's scores came out bit for bit: its matches and documents then, for topk-prefix.ts.)
        hits,
        rows,
        ...(meta ? { meta } : {}),
        top,
      };
      return { best, list };
    })();
    if (!read) return null;
    this.keep(expr, read.list);
    this.store(expr, read.list);
    return read.best;
  }

  /** Keeps a list in this connection's memory (the one read longest ago goes beyond MAX_LISTS). */
  private keep(expr: string, list: RankList): void {
    this.lists.delete(this.key(expr));
    this.lists.set(this.key(expr), list);
    if (this.lists.size > MAX_LISTS) this.lists.delete(this.lists.keys().next().value!);
  }

  /** The list of `expr` stored in the archive, in date or not; null when there is none. */
  private stored(expr: string): RankList | null {
    const row = this.db.prepare('SELECT schema, seq, avgdl_max AS avgdlMax, bound, list FROM rank_lists WHERE expr = ?').get(this.key(expr)) as
      | { schema: number; seq: number; avgdlMax: number; bound: number; list: Uint8Array }
      | undefined;
    // Three runs of n ints, and the matches and documents (8 bytes) when known; then, with
    // those, the clippings found in the meta index (three runs of m ints), m and META_MARK.
    if (!row) return null;
    // (Last, when known: the largest clipping id when read, and TOP_MARK.)
    const whole = new DataView(row.list.buffer, row.list.byteOffset, row.list.byteLength);
    const topped = row.list.byteLength >= 8 && row.list.byteLength % 4 === 0 && whole.getInt32(row.list.byteLength - 4, true) === TOP_MARK;
    const top = topped ? { top: whole.getInt32(row.list.byteLength - 8, true) } : {};
    const view = new DataView(row.list.buffer, row.list.byteOffset, row.list.byteLength - (topped ? 8 : 0));
    const size = view.byteLength;
    const tail = size % 12;
    const m = tail === 4 && size >= 16 && view.getInt32(size - 4, true) === META_MARK ? view.getInt32(size - 8, true) : -1;
    if ((tail === 4 && !(m >= 0 && size - 16 - 12 * m >= 0)) || tail % 4 !== 0) return null;
    const n = tail === 4 ? (size - 16 - 12 * m) / 12 : (size - tail) / 12;
    const run = (at: number, count: number) => Int32Array.from({ length: count }, (_, j) => view.getInt32(at + j * 4, true));
    const known = tail !== 0 ? { hits: view.getInt32(n * 12, true), rows: view.getInt32(n * 12 + 4, true) } : {};
    const at = n * 12 + 8;
    const meta = tail === 4 ? { meta: { ids: run(at, m), wtf: run(at + 4 * m, m), len: run(at + 8 * m, m) } } : {};
    return { schema: rankEpoch(row.schema), seq: row.seq, avgdlMax: row.avgdlMax, bound: row.bound, ids: run(0, n), wtf: run(4 * n, n), len: run(8 * n, n), ...known, ...meta, ...(tail !== 0 ? top : {}) };
  }

  /**
   * The warm-up's plan (`SearchRepo.broadWords`, or what it was given): the lists of these
   * expressions, and the count rows of their one-letter prefixes (query/topk-side.ts), are
   * `kept` in the archive, every other list not. Beyond MAX_LISTS the lists not kept go
   * first: lists read for other queries never evict the plan's — a CLI search of a rare
   * phrase would otherwise evict `the`'s, the oldest. Called at the start of a warm-up (lists
   * it stores are marked as they are stored) and at its end (count rows stored meanwhile).
   */
  keepPlanned(exprs: readonly string[]): void {
    if (this.db.readonly) return;
    this.planned.clear();
    for (const e of exprs) this.planned.add(this.key(e));
    const names = JSON.stringify([...this.planned]);
    writeDerived(this.db, () => {
      this.db
        .prepare(
          `WITH plan(expr) AS (SELECT value FROM json_each(?)),
                now(id, kept) AS (SELECT id, expr IN plan OR (substr(expr, 1, 5) = 'side ' AND substr(expr, 6) IN plan) FROM rank_lists)
           UPDATE rank_lists SET kept = now.kept FROM now WHERE now.id = rank_lists.id AND rank_lists.kept IS NOT now.kept`,
        )
        .run(names);
    });
  }

  /**
   * Stores a list for every connection: only outside a transaction, by a connection that
   * may write, and only if the write lock is free at once (`writeDerived`); a failure to
   * store is no failure of the search. Beyond MAX_LISTS (facet rows not counted), the lists not kept go first (a
   * list stays kept once the warm-up marked it), then the ones read longest ago.
   */
  private store(expr: string, list: RankList): void {
    if (this.db.readonly || this.db.inTransaction) return;
    const n = list.ids.length;
    const known = list.hits !== undefined && list.rows !== undefined;
    const meta = known ? list.meta : undefined;
    const m = meta?.ids.length ?? 0;
    const topped = known && list.top !== undefined;
    const body = n * 12 + (known ? 8 : 0) + (meta ? 12 * m + 8 : 0);
    const bytes = Buffer.alloc(body + (topped ? 8 : 0));
    [list.ids, list.wtf, list.len].forEach((run, i) => run.forEach((v, j) => bytes.writeInt32LE(v, (i * n + j) * 4)));
    if (known) {
      bytes.writeInt32LE(list.hits!, n * 12);
      bytes.writeInt32LE(list.rows!, n * 12 + 4);
    }
    if (meta) {
      [meta.ids, meta.wtf, meta.len].forEach((run, i) => run.forEach((v, j) => bytes.writeInt32LE(v, n * 12 + 8 + (i * m + j) * 4)));
      bytes.writeInt32LE(m, body - 8);
      bytes.writeInt32LE(META_MARK, body - 4);
    }
    if (topped) {
      bytes.writeInt32LE(list.top!, body);
      bytes.writeInt32LE(TOP_MARK, body + 4);
    }
    writeDerived(this.db, () => {
      this.db
        .prepare(
          'INSERT INTO rank_lists (expr, schema, seq, avgdl_max, bound, list, read_at, kept) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (expr) DO UPDATE SET schema = excluded.schema, seq = excluded.seq, avgdl_max = excluded.avgdl_max, bound = excluded.bound, list = excluded.list, read_at = excluded.read_at, kept = max(kept, excluded.kept)',
        )
        .run(this.key(expr), list.schema, list.seq, list.avgdlMax, list.bound, bytes, Date.now(), this.planned.has(this.key(expr)) ? 1 : 0);
      // (Counted first, from the small index on `expr`: the eviction reads every row, blobs and all — at 100k, 16 MB.
      // The facet rows have their own cap: query/facet-counts.ts.)
      const lists = `FROM rank_lists WHERE substr(expr, 1, ${FACET_ROW.length}) <> '${FACET_ROW}'`;
      const { n } = this.db.prepare(`SELECT count(*) AS n ${lists}`).get() as { n: number };
      if (n > MAX_LISTS) this.db.prepare(`DELETE FROM rank_lists WHERE id IN (SELECT id ${lists} ORDER BY kept DESC, read_at DESC, id DESC LIMIT -1 OFFSET ?)`).run(MAX_LISTS);
    });
  }

  /**
   * Those of `ids` still in the archive, for clippings of a list not changed since (so
   * neither trashed nor restored: migration 019 marks both): in the body index when
   * listed, such a clipping is in it still unless deleted for good (which takes it out of
   * both). So it is looked up among the body index's document sizes — ~15 bytes a row,
   * against the clipping's own row, one page each or more: a page 1,900 deep at 100k
   * looks up every listed clipping above it, 2–6 ms here against 30–170 ms there.
   */
  private existing(ids: readonly number[]): Set<number> {
    const rows = this.db.prepare('SELECT json_group_array(id) AS ids FROM clipping_fts_docsize WHERE id IN (SELECT value FROM json_each(?))').get(JSON.stringify([...ids])) as { ids: string };
    return new Set(JSON.parse(rows.ids) as number[]);
  }

  /** The length in tokens of the body documents of these clippings (FTS5's doc sizes). */
  private lengths(ids: readonly number[]): Map<number, number> {
    const sizes = this.db.prepare('SELECT id, sz FROM clipping_fts_docsize WHERE id IN (SELECT value FROM json_each(?))').all(JSON.stringify(ids)) as { id: number; sz: Uint8Array }[];
    return new Map(sizes.map(({ id, sz }) => [id, sum(varints(sz))]));
  }
}

/** The place of a clipping among a list's clippings found in the meta index (`RankList.meta`, in id order): by halving. */
function metaIndex(list: Readonly<RankList>): (id: number) => number | undefined {
  const ids = list.meta?.ids;
  if (!ids) return () => undefined;
  return (id) => {
    let lo = 0;
    let hi = ids.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const v = ids[mid]!;
      if (v === id) return mid;
      if (v < id) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  };
}

/**
 * The largest g a clipping whose g is `g0` can have once avgdl is `grow` times larger,
 * whatever its wtf and length: with x = (k1+1)/g0 − 1, its g is then
 * (k1+1) / (1 + x/grow + k1·(1−b)·(1 − 1/grow)/wtf), below (k1+1) / (1 + x/grow). It
 * grows with g0, so the largest g0 outside a list bounds them all — no clipping's length
 * needs reading.
 */
function grown(g0: number, grow: number): number {
  return (K1 + 1) / (1 + ((K1 + 1) / g0 - 1) / grow);
}

/** Sets `key` to `value`, last; the first set goes beyond MAX_LISTS. */
function remember(m: Map<string, string>, key: string, value: string): void {
  m.delete(key);
  m.set(key, value);
  if (m.size > MAX_LISTS) m.delete(m.keys().next().value!);
}

/** The list was read (or brought up to date) before the index's state `now`: a body document changed since. */
const behind = (l: Readonly<RankList>, now: { rows: number; seq: number }) => l.seq !== now.seq || (l.rows !== undefined && l.rows !== now.rows);

export const byRank = (a: Ranked, b: Ranked) => a.rank - b.rank || a.id - b.id;

/**
 * The body's weighted count and length of each of `ids` (clippings with the phrase in
 * their meta index) from their body bm25 among `ranked` and their `lengths` (0 for those
 * not there: their body does not match); undefined unless each comes out bit for bit, as
 * a list's must.
 */
function metaBodies(ids: readonly number[], ranked: readonly Ranked[], lengths: ReadonlyMap<number, number>, idf: number, avgdl: number): RankList['meta'] {
  const rank = new Map(ranked.map((r) => [r.id, r.rank]));
  const wtf: number[] = [];
  const len: number[] = [];
  for (const id of ids) {
    const r = rank.get(id);
    const l = r === undefined ? 0 : (lengths.get(id) ?? 0);
    const w = r === undefined ? 0 : wtfOf(r, l, idf, avgdl);
    if (w === null) return undefined;
    wtf.push(w);
    len.push(l);
  }
  return { ids: Int32Array.from(ids), wtf: Int32Array.from(wtf), len: Int32Array.from(len) };
}

/** Ends a stored list holding its clippings found in the meta index (`store`): 'meta'. */
const META_MARK = 0x6174656d;
/** Ends a stored list holding the largest clipping id when read (`store`), after all else: 'top!'. */
const TOP_MARK = 0x21706f74;

/**
 * The clippings in whose tags, notes or annotations the phrase `expr` occurs, in id
 * order; null when the meta index cannot take it (a column of the body's, or more than a
 * phrase).
 */
function metaOf(db: Db, expr: string): number[] | null {
  if (!/^"(?:[^"]|"")*"\*?$/u.test(expr)) return null;
  return (db.prepare('SELECT rowid AS id FROM clipping_meta_fts WHERE clipping_meta_fts MATCH ? ORDER BY rowid').all(expr) as { id: number }[]).map((r) => r.id);
}

/** A name with ASCII letters in lower case (the tokenizer folds them: `"The"` and `"the"` are one query). */
function lower(expr: string): string {
  return expr.replace(/[A-Z]+/g, (m) => m.toLowerCase());
}
