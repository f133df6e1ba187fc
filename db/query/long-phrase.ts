/**
 * A phrase of three words or more read whole in one pass over its words' positions
 * (issue 13, `phrase_long`): db/search.ts `wholeMatch`.
 *
 * FTS5's bm25 counts each phrase's documents over the whole index before its first row
 * (for its idf): for a phrase of common words (`"the a to in"`), a walk over the
 * positions of words found in nearly every clipping, as long as the match itself. Such
 * a phrase seldom matches many clippings: its match is read without bm25 — that read is
 * its count over the whole index, the idf's figure — and the few clippings it finds are
 * scored here, from the phrase's instances counted in their documents (query/doc-counts.ts)
 * with the idf and average length by FTS5's own operations (query/topk.ts), the same
 * doubles bit for bit. More matches than COUNTED_MAX (or a content the index does not
 * hold) are ranked by FTS5's bm25 as before, after a read that stopped at COUNTED_MAX + 1.
 * A phrase of four words or more is first looked for among the matches of a run of three of
 * its words whose doclists are much shorter than all of its words' (`viaRun`).
 */
import type { Db } from '../open.ts';
import { DocCounts, type Counts } from './doc-counts.ts';
import { cheapRun } from './phrase-pairs.ts';
import { BM25 } from './split.ts';
import { g, varints, type Ranked, type RankLists } from './topk.ts';

/**
 * At most this many clippings are scored by counting the phrase in them; more are ranked by
 * FTS5's bm25 (one more pass over the match). Counting costs ~1 ms a clipping at 100k,
 * bm25 over a long phrase of common words ~165 ms whatever its few hundred matches:
 * `"in the said of"` (51) 186 → 86 ms from 48 to 128; `"the a the in"` (370) would take
 * ~205 counted (tests/bench/results/search-long-phrase-counted-128-100k.md).
 */
export const COUNTED_MAX = 128;

/**
 * A long phrase is looked for among a run's matches (`viaRun`) only while they are at most one
 * per this many documents of the doclists the run's walk leaves out: a walk costs ~25 ns a
 * document, a document counted ~0.8 ms (`"time between were in to and down"` at 1M: 127 ms
 * CPU for the phrase; `"of hiejandal the"` at 100k: 18 counted, 27 ms against 11 for the whole).
 */
export const RUN_DOCS_PER_TEXT = 32_000;

/**
 * The body matches of `body` (one phrase, not a prefix, no column) with their bm25, when
 * fewer than `limit` (`rows`, in no particular order); else how many were read (`counted`:
 * `limit`).
 */
export function readLongPhrase(db: Db, lists: RankLists, body: string, limit: number, runsFrom?: number, docsPerText = RUN_DOCS_PER_TEXT): { rows: Ranked[] } | { counted: number } {
  // (One read transaction: the match, the index's averages and the counted documents seen at one moment.)
  return db.transaction(() => {
    const fromRun = limit > COUNTED_MAX ? viaRun(db, lists, body, runsFrom, docsPerText) : null;
    if (fromRun) return { rows: fromRun };
    // (Stopped past COUNTED_MAX: then FTS5 ranks it, and this read cost a part of a pass in proportion.)
    const ids = (db.prepare('SELECT rowid AS id FROM clipping_fts WHERE clipping_fts MATCH ? LIMIT ?').all(body, Math.min(limit, COUNTED_MAX + 1)) as { id: number }[]).map((r) => r.id);
    if (ids.length === 0) return { rows: [] };
    const scored = ids.length <= COUNTED_MAX && ids.length < limit ? score(db, lists, body, ids) : null;
    if (scored) return { rows: scored };
    const rows = db.prepare(`SELECT rowid AS id, ${BM25.body} AS rank FROM clipping_fts WHERE clipping_fts MATCH ? LIMIT ?`).all(body, limit) as Ranked[];
    return rows.length < limit ? { rows } : { counted: rows.length };
  })();
}

/**
 * The phrase's matches with their bm25 from those of its cheapest run of three words
 * (query/phrase-pairs.ts `cheapRun`), when that run has at most COUNTED_MAX matches: each
 * clipping the phrase matches holds the run, so the phrase counted in those clippings'
 * documents finds all its matches (those with an instance), then scored as `score` does — a
 * walk of the run's three doclists, not of every word's (`"time between were in to and
 * down"` at 1M: `in`, `to` and `and` are in 99 % of the clippings). Null when there is no
 * such run, it has more matches than RUN_DOCS_PER_TEXT allows, or the documents are not
 * counted (DocCounts: content the index does not hold).
 */
function viaRun(db: Db, lists: RankLists, body: string, runsFrom: number | undefined, docsPerText: number): Ranked[] | null {
  const cheap = cheapRun(db, body, runsFrom);
  // (At most as many documents counted as the walk it leaves out is worth: `docsPerText`.)
  const most = cheap === null ? 0 : Math.min(COUNTED_MAX, Math.floor(cheap.saved / docsPerText));
  if (cheap === null || most < 1) return null;
  const ids = (db.prepare('SELECT rowid AS id FROM clipping_fts WHERE clipping_fts MATCH ? LIMIT ?').all(cheap.run, most + 1) as { id: number }[]).map((r) => r.id);
  if (ids.length > most) return null;
  if (ids.length === 0) return [];
  const counts = new DocCounts(db).phrases([body.slice(1, -1).replaceAll('""', '"')], ids);
  if (!counts) return null;
  const matches = ids.filter((id) => (counts.get(id)?.wtf[0] ?? 0) > 0);
  return matches.length ? score(db, lists, body, matches, counts) : [];
}

/** FTS5's bm25 of each of `ids`, all of the phrase's matches in the index, from the phrase counted in them; null when not counted. */
function score(db: Db, lists: RankLists, body: string, ids: readonly number[], counted?: Counts): Ranked[] | null {
  const counts = counted ?? new DocCounts(db).phrases([body.slice(1, -1).replaceAll('""', '"')], ids);
  if (!counts) return null;
  const { averages } = db.prepare('SELECT (SELECT block FROM clipping_fts_data WHERE id = 1) AS averages').get() as { averages: Uint8Array | null };
  const [rows = 0, ...tokens] = averages ? varints(averages) : [];
  if (rows === 0) return null;
  const avgdl = tokens.reduce((a, b) => a + b, 0) / rows;
  // bm25's idf counts the phrase's documents over the whole index: every one is in `ids`.
  const idf = lists.idf(rows, ids.length);
  const out: Ranked[] = [];
  for (const id of ids) {
    const c = counts.get(id);
    // (A match the count finds no instance of: not the phrase FTS5 matched — its bm25 decides.)
    if (!c || c.wtf[0]! <= 0) return null;
    out.push({ id, rank: -(idf * g(c.wtf[0]!, c.len, avgdl)) });
  }
  return out;
}
