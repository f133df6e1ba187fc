/**
 * Broad phrases of two words (`"of the"`, `"be and"`) ranked without a pass over their
 * match (issue 13): FTS5's slowest phrases are those of two words found in nearly every
 * clipping — its bm25 walks both words' position lists over the whole index twice (once
 * to count the phrase's documents for its idf, once for the match), ~150 ms at 100k
 * clippings. A ranking list (query/topk.ts) proves such a phrase's page from its best
 * clippings, but the first query of the phrase had to read the list — that pass and
 * more — and even with a list, the query counted the phrase's matches again twice (for
 * its idf, and for the total).
 *
 * - `commonPairs`: which two-word phrases may be broad, from a sample of the archive's
 *   texts, so a warm-up reads their lists ahead, as it does the broad words' and short
 *   prefixes' (db/search.ts `broadWords`).
 * - `listedCount`: a listed phrase's total from its list's count of matches while no body
 *   document changed since (RankLists `unchangedHits`, which also gives the list its idf
 *   without a count).
 *
 * Neither changes a result: a list proves a page exactly as before or the page is ranked
 * the old way, and a count from a list is the count SQL would make.
 */
import type { Db } from '../open.ts';
import { textSql } from '../text.ts';
import type { RankLists } from './topk.ts';

/** How many clippings' texts a warm-up samples for its two-word phrases (6 s at 100k clippings under a load of 10). */
const SAMPLE = 2000;
/** Up to this many clippings are looked up in the body index one by one (`listedCount`; db/search.ts LOOKUPS_MAX). */
const LOOKUPS = 64;
/** A pair is a candidate when its sampled share of clippings reaches this part of a list's threshold (the sample's error). */
const SAMPLE_MARGIN = 0.7;

/**
 * The pairs of adjacent words (as two-word phrases, `"be and"`, lower case) that may
 * match `broad` clippings or more, most frequent first, at most `max`: estimated from
 * the titles and texts of SAMPLE clippings spread over the archive by id (all of them in
 * a smaller one). Words as the body index's tokenizer roughly makes them (letters and
 * digits): an estimate, whose candidates the warm-up reads a list for, broad or not.
 */
export function commonPairs(db: Db, broad: number, max: number): string[] {
  if (max <= 0) return [];
  const { rows, top } = db.prepare('SELECT count(*) AS rows, coalesce(max(id), 0) AS top FROM clippings WHERE deleted_at IS NULL').get() as { rows: number; top: number };
  if (rows < broad) return [];
  const step = Math.max(1, Math.floor(top / SAMPLE));
  const texts = db
    .prepare(`SELECT title, CAST(${textSql()} AS TEXT) AS text FROM clippings WHERE deleted_at IS NULL AND id % ? = 0 LIMIT ?`)
    .all(step, SAMPLE) as { title: string | null; text: string | null }[];
  if (texts.length === 0) return [];
  const docs = new Map<string, number>();
  for (const { title, text } of texts) {
    const seen = new Set<string>();
    for (const part of [title, text]) {
      const words = (part ?? '').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
      for (let i = 0; i + 1 < words.length; i++) seen.add(`${words[i]} ${words[i + 1]}`);
    }
    for (const pair of seen) docs.set(pair, (docs.get(pair) ?? 0) + 1);
  }
  const least = (broad * SAMPLE_MARGIN * texts.length) / rows;
  return [...docs]
    .filter(([, n]) => n >= least)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, max)
    .map(([pair]) => `"${pair}"`);
}

/**
 * The total of a single phrase's query without filters (`body`, its body expression; `ids`:
 * the clippings decided in the meta index, `except`, of which `plus` match) from its
 * list's count of body matches, while no body document changed since the list was read:
 * those matches less the ones decided in the meta index, plus those that match — looked
 * up (one by one while few), only when the count could be below `cap` (a larger total is
 * reported as the cap). Null when the list does not tell (none, or a change since).
 */
export function listedCount(db: Db, lists: RankLists, body: string, ids: { except: readonly number[]; plus: readonly number[] }, cap: number): number | null {
  const hits = lists.unchangedHits(body);
  if (hits === null) return null;
  const { except, plus } = ids;
  if (hits - except.length + plus.length > cap) return hits - except.length + plus.length;
  if (except.length === 0) return hits + plus.length;
  // (Many are picked out of one pass over the match — `+`: a look-up each costs more.)
  const probe = except.length <= LOOKUPS ? '' : '+';
  const inBody = (db.prepare(`SELECT count(*) AS n FROM clipping_fts WHERE clipping_fts MATCH ? AND ${probe}rowid IN (SELECT value FROM json_each(?))`).get(body, JSON.stringify(except)) as { n: number }).n;
  return hits - inBody + plus.length;
}
