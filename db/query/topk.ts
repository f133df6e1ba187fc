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
 * clippings, and `bound`, the largest g any other clipping of the match would have at an
 * avgdl AVGDL_GROW times that of the time. While the index's avgdl stays at or below
 * that, a clipping outside the list whose body document has not changed since cannot
 * score above idf · bound. So the top k of these candidates — the list, the clippings
 * changed since it was read (migration 018 marks them) and those the caller ranks itself
 * (found in tags, notes or annotations) — scored by FTS5's bm25 in one pass over the
 * match restricted to them, is exactly bm25's top k over every match when the k-th
 * scores above idf · bound (by a margin for rounding; a clipping level with it could
 * win the tie by id). Otherwise the caller ranks every match as before.
 *
 * Lists are kept in memory per connection: built lazily by the first query of a broad
 * phrase (that query reads every match's bm25 anyway) or ahead by `warm`. A list is read
 * again when avgdl passes its bound or more clippings changed than the change marks keep.
 * It is read only outside a transaction, in a read transaction of its own: what it saw
 * is committed, and its change mark can never be rolled back and given again.
 */
import { RANK_CHANGES_KEPT } from '../migrations/018-rank-changes.ts';
import type { Db } from '../open.ts';

/** How many of a phrase's best clippings a list keeps. */
export const LIST_SIZE = 256;
/** A list's bound holds up to this factor of growth of the average document length. */
export const AVGDL_GROW = 1.03;
/** A phrase gets a list from this many matching clippings. */
export const BROAD = 2000;
/** The k-th candidate must beat the bound by this much (relative): g here and FTS5's may differ in the last bits. */
const MARGIN = 1e-9;
const K1 = 1.2;
const B = 0.75;

/** g above (bm25 of one phrase without its idf), as FTS5 computes it. */
export function g(wtf: number, len: number, avgdl: number): number {
  return (wtf * (K1 + 1.0)) / (wtf + K1 * (1 - B + (B * len) / avgdl));
}

/** FTS5's idf of a phrase found in `hits` of `rows` documents. */
function idfOf(rows: number, hits: number): number {
  const idf = Math.log((rows - hits + 0.5) / (hits + 0.5));
  return idf <= 0 ? 1e-6 : idf;
}

/** SQLite's varints as FTS5 writes its records (big-endian groups of 7 bits, the ninth byte whole). */
function varints(buf: Uint8Array): number[] {
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

interface RankList {
  /** The last change mark when it was read. */
  seq: number;
  /** The bound holds while the index's avgdl is at most this. */
  avgdlMax: number;
  /** Largest g at `avgdlMax` of a clipping of the match not in the list; 0 when the list is the whole match. */
  bound: number;
  /** The listed clippings, best first, with their weighted count and length when read. */
  ids: number[];
  wtf: number[];
  len: number[];
}

/** A ranked clipping: `rank` is its bm25 (lower is better). */
export interface Ranked {
  id: number;
  rank: number;
}

/** How broad a phrase must be to get a list, and how long lists are (small ones in tests). */
export interface RankListOptions {
  broad: number;
  size: number;
}

export class RankLists {
  private readonly lists = new Map<string, RankList>();
  private readonly opts: RankListOptions;

  constructor(
    private readonly db: Db,
    opts: Partial<RankListOptions> = {},
  ) {
    this.opts = { broad: BROAD, size: LIST_SIZE, ...opts };
  }

  /**
   * The first `k` matches of the body expression `expr` (a single phrase) by rank, ties
   * by id, exactly as bm25 over every match ranks them; null when the list cannot prove
   * them (the caller ranks every match). `own`: clippings the caller has ranked itself
   * (their body bm25 plus that of their tags, notes or annotations), taken as they are.
   * `build`: read a list for a broad phrase that has none (one pass of bm25 over every
   * match).
   */
  top(expr: string, k: number, own: readonly Ranked[], build = true): Ranked[] | null {
    const now = this.state();
    let list = this.lists.get(key(expr));
    if (list && (now.avgdl > list.avgdlMax || now.seq - list.seq > RANK_CHANGES_KEPT)) {
      this.lists.delete(key(expr));
      list = undefined;
    }
    if (!list) {
      if (!build || this.db.inTransaction || !this.broad(expr)) return null;
      list = this.read(expr) ?? undefined;
      if (!list) return null;
    }
    const changed = new Set(
      (this.db.prepare('SELECT DISTINCT clipping_id AS id FROM clipping_rank_changes WHERE seq > ?').all(list.seq) as { id: number }[]).map((r) => r.id),
    );
    const mine = new Set(own.map((r) => r.id));
    const candidates = [...new Set([...list.ids, ...changed])].filter((id) => !mine.has(id));
    // One pass over the match, bm25 computed only for the candidates (`+`: not a
    // constraint FTS5 probes id by id, each probe recounting the phrase over the index).
    const scored = this.db
      .prepare(
        `SELECT rowid AS id, bm25(clipping_fts, 10, 4, 4, 1) AS rank FROM clipping_fts WHERE clipping_fts MATCH ? AND +rowid IN (SELECT value FROM json_each(?))`,
      )
      .all(expr, JSON.stringify(candidates)) as Ranked[];
    const all = [...scored, ...own].sort((a, b) => a.rank - b.rank || a.id - b.id);
    if (list.bound === 0) return all.slice(0, k); // the list is the whole match (and every change is scored)
    if (all.length < k) return null;
    // The idf of now, from a listed clipping scored as it was listed (unchanged, body alone).
    const rankOf = new Map(scored.map((r) => [r.id, r.rank]));
    const at = list.ids.findIndex((id) => !changed.has(id) && rankOf.has(id));
    if (at < 0) return null;
    const idf = -rankOf.get(list.ids[at]!)! / g(list.wtf[at]!, list.len[at]!, now.avgdl);
    return -all[k - 1]!.rank > idf * list.bound * (1 + MARGIN) ? all.slice(0, k) : null;
  }

  /**
   * Reads lists ahead, until `deadline` (ms since the epoch, as Date.now()), for the
   * broad ones of these words (as written: the index's terms are stems, and a list is
   * found by the expression a query builds) and of their 2- and 3-letter prefixes, in
   * that order. Returns how many it read.
   */
  warm(words: Iterable<string>, deadline: number): number {
    if (this.db.inTransaction) return 0;
    const all = [...words];
    const prefixes = new Set(all.flatMap((w) => [2, 3].filter((n) => w.length > n).map((n) => `${quoted(w.slice(0, n))}*`)));
    let n = 0;
    for (const p of [...all.map(quoted), ...prefixes]) {
      if (Date.now() >= deadline) break;
      if (this.lists.has(key(p)) || !this.broad(p)) continue;
      if (this.read(p)) n++;
    }
    return n;
  }

  /** The phrase matches at least `broad` clippings. */
  private broad(expr: string): boolean {
    const { broad } = this.opts;
    return (this.db.prepare('SELECT count(*) AS n FROM (SELECT rowid FROM clipping_fts WHERE clipping_fts MATCH ? LIMIT ?)').get(expr, broad) as { n: number }).n >= broad;
  }

  /** The index's document count and average length, and the last change mark. */
  private state(): { rows: number; avgdl: number; seq: number } {
    const r = this.db
      .prepare('SELECT (SELECT block FROM clipping_fts_data WHERE id = 1) AS averages, (SELECT coalesce(max(seq), 0) FROM clipping_rank_changes) AS seq')
      .get() as { averages: Uint8Array | null; seq: number };
    const [rows = 0, ...tokens] = r.averages ? varints(r.averages) : [];
    return { rows, avgdl: rows ? sum(tokens) / rows : 0, seq: r.seq };
  }

  /** Reads the list of a phrase (null when FTS5's scores do not come out as g predicts: then none is kept). */
  private read(expr: string): RankList | null {
    return this.db.transaction(() => {
      const { rows, avgdl, seq } = this.state();
      const matches = this.db
        .prepare(
          `SELECT clipping_fts.rowid AS id, bm25(clipping_fts, 10, 4, 4, 1) AS rank, d.sz AS sz
             FROM clipping_fts CROSS JOIN clipping_fts_docsize d ON d.id = clipping_fts.rowid WHERE clipping_fts MATCH ?`,
        )
        .all(expr) as { id: number; rank: number; sz: Uint8Array }[];
      if (matches.length === 0 || avgdl === 0) return null;
      const idf = idfOf(rows, matches.length);
      const docs = matches.map((m) => {
        const len = sum(varints(m.sz));
        const gg = -m.rank / idf;
        const k = K1 * (1 - B + (B * len) / avgdl);
        return { id: m.id, len, wtf: Math.round((gg * k) / (K1 + 1 - gg)), g: gg };
      });
      // wtf is an integer (column weights are): recovered exactly, or this is not the bm25 assumed here.
      if (docs.some((d) => !(d.wtf > 0) || Math.abs(g(d.wtf, d.len, avgdl) - d.g) > 1e-9 * d.g)) return null;
      docs.sort((a, b) => b.g - a.g || a.id - b.id);
      const listed = docs.slice(0, this.opts.size);
      let bound = 0;
      for (let i = this.opts.size; i < docs.length; i++) bound = Math.max(bound, g(docs[i]!.wtf, docs[i]!.len, avgdl * AVGDL_GROW));
      const list: RankList = { seq, avgdlMax: avgdl * AVGDL_GROW, bound, ids: listed.map((d) => d.id), wtf: listed.map((d) => d.wtf), len: listed.map((d) => d.len) };
      this.lists.set(key(expr), list);
      return list;
    })();
  }
}

/** A word as an FTS5 string. */
function quoted(w: string): string {
  return `"${w.replaceAll('"', '""')}"`;
}

/** A list's name: the expression with ASCII letters in lower case (the tokenizer folds them: `"The"` and `"the"` are one query). */
function key(expr: string): string {
  return expr.replace(/[A-Z]+/g, (m) => m.toLowerCase());
}
