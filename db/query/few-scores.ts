/**
 * FTS5's body bm25 of an expression for a few clippings, without FTS5's pass over the
 * expression's match (issue 13, `sort_oldest`): a listing by date scores only its page,
 * and a clipping of the page found in its notes is ranked by the body bm25 of the OR of
 * the query's phrases (db/search.ts `decide`) — through FTS5, a statement that counts each
 * phrase's documents over the whole index for its idf and then walks the OR's match
 * (`whoutoontal OR up`: every clipping with `up`), for one or two clippings. (`decide`
 * scores so any set of at most FEW_MAX clippings it ranks.)
 *
 * Here, as query/topk-multi.ts scores its few candidates, when a phrase is broad (its
 * ranking list in date): each phrase's idf from its count of documents — its list's while
 * nothing changed since it was read (query/topk.ts `unchangedHits`), else counted (a pass
 * over that phrase's rowids: a rare one's) —
 * and its weighted count in each clipping from the clipping's text (query/doc-counts.ts),
 * summed in FTS5's order: 0, then each phrase's idf · g. The same doubles, bit for bit.
 */
import type { Db } from '../open.ts';
import { DocCounts } from './doc-counts.ts';
import { evaluator, hasNot, parseFts, phrases, renderPhrase, TABLE_COLUMNS } from './split.ts';
import { g, varints, type RankLists } from './topk.ts';

/** At most this many clippings are scored from their text (each one's text read and tokenized, ~1 ms at 100k under load); more are left to FTS5's pass. */
export const FEW_MAX = 8;

/**
 * For those of `ids` (live body documents) that the body expression `expr` matches, FTS5's
 * bm25 of it (`r`), in id order — as `SELECT rowid, bm25(…) … MATCH expr AND rowid IN ids`
 * gives them. Null when not computed here: more than `max` ids (FEW_MAX unless a caller scores a page), a single phrase, no
 * phrase with a ranking list in date, an expression with a NOT, a prefix or a column outside the body index, a
 * phrase that is not whole terms, a content the index does not hold.
 */
export function fewScores(db: Db, lists: RankLists, expr: string, ids: readonly number[], max = FEW_MAX): { id: number; r: number }[] | null {
  if (ids.length === 0 || ids.length > max) return null;
  const tree = parseFts(expr);
  const all = phrases(tree);
  const keys = [...new Set(all.map(renderPhrase))];
  // (One phrase: FTS5's pass restricted to the ids costs its count for the idf and its match, here a count and the texts: little to gain.)
  if (keys.length < 2 || hasNot(tree) || all.some((p) => p.prefix || (p.column !== null && !TABLE_COLUMNS.body.includes(p.column)))) return null;
  // Each distinct phrase's text and column (`title : "x"`: its instances in the title only, its idf from its own match, as FTS5 counts both).
  const phraseOf = keys.map((key) => all.find((p) => renderPhrase(p) === key)!);
  return db.transaction(() => {
    // Worth it only when a phrase is broad — listed, its idf then known —: FTS5's pass over rare phrases' matches costs less than reading the texts.
    const listed = keys.map((key) => lists.unchangedHits(key));
    if (listed.every((n) => n === null)) return null;
    // Each phrase's weighted count in each clipping, and the clippings' lengths.
    const counts = new DocCounts(db).phrases(
      phraseOf.map((p) => p.quoted.slice(1, -1).replaceAll('""', '"')),
      ids,
      phraseOf.map((p) => p.column),
    );
    if (!counts) return null;
    const { averages } = db.prepare('SELECT (SELECT block FROM clipping_fts_data WHERE id = 1) AS averages').get() as { averages: Uint8Array | null };
    const [rows = 0, ...tokens] = averages ? varints(averages) : [];
    if (rows === 0) return null;
    const avgdl = tokens.reduce((a, b) => a + b, 0) / rows;
    const idf = new Map<string, number>();
    for (const [i, key] of keys.entries()) {
      const hits = listed[i] ?? (db.prepare('SELECT count(*) AS n FROM clipping_fts WHERE clipping_fts MATCH ?').get(key) as { n: number }).n;
      idf.set(key, lists.idf(rows, hits));
    }
    const out: { id: number; r: number }[] = [];
    // (Whether a clipping's counts match the expression: each phrase's place among `keys` found once.)
    const holds = evaluator<readonly number[]>(tree, (p) => {
      const at = keys.indexOf(renderPhrase(p));
      return (wtf) => wtf[at]! > 0;
    });
    for (const id of [...new Set(ids)].sort((a, b) => a - b)) {
      const { wtf, len } = counts.get(id)!;
      const count = (key: string) => wtf[keys.indexOf(key)]!;
      if (!holds(wtf)) continue;
      // (FTS5's order: 0, plus each phrase of the expression in turn — one written twice, twice.)
      const score = all.reduce((s, p) => s + idf.get(renderPhrase(p))! * g(count(renderPhrase(p)), len, avgdl), 0);
      out.push({ id, r: -1.0 * score });
    }
    return out;
  })();
}
