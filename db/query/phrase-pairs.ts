/**
 * A phrase of three words or more that matches nothing, told by a shorter run of its
 * words (issue 13, `phrase_long`): db/search.ts `wholeMatch`.
 *
 * FTS5 reads a phrase's match by walking the doclists of all its words: a phrase of
 * common words (`"is the users will with"`, 15–20 ms at 100k, loaded) costs a walk over
 * words found in nearly every clipping even when it matches nothing — and close matches
 * run such phrases, a word corrected at a time, through the engine (up to 8 per query),
 * most of which match nothing. A run of adjacent words of the phrase (two, three…) is a
 * phrase too, and every clipping the whole phrase matches holds each of its runs (a run
 * of its tokens in one column: the words are split at white space, which always
 * separates tokens; a prefix's last word is in no run). So when a run matches nothing,
 * neither does the phrase. A run of rarer words walks only their doclists, and stops at
 * its first match (`"users Hill with"`: 2 ms where `"is the users Hill with"*` costs 17).
 *
 * How common each word is, is estimated from the first PROBE documents of its doclist (a
 * read of those alone): a word with fewer has that many; else the rowid at which its
 * PROBE-th document lies gives its density. A run's cost is taken as the sum of its words'
 * estimates; runs are tried cheapest first (the longer of equal cost first) while their
 * costs sum to at most PAIRS_SHARE of the whole phrase's: a phrase none of whose runs is
 * ruled out costs its own walk as before, plus at most about that. A run seen to match is
 * not tried again on the same connection (close matches' corrected phrases share most
 * of their words): it proves nothing while it matches.
 * The answer is only ever "nothing" (proved) or "not known": the phrase is then read
 * by FTS5 as before, and no result changes. In an archive of fewer than RUNS_FROM
 * clippings nothing is tried: every walk there is short (~1.5 ms at 10k).
 */
import type { Db } from '../open.ts';
import { prepared } from '../statements.ts';

/** From this many clippings (the largest id) on, runs are tried. */
export const RUNS_FROM = 20_000;
/** A word's doclist is read this far to estimate its documents. */
const PROBE = 256;
/** Runs are tried while their estimated walks sum to at most this part of the whole phrase's. */
const PAIRS_SHARE = 1;
/** A long phrase's cheapest run of three words is read first when its words' doclists are at most this part of the phrase's (`cheapRun`). */
const RUN_SHARE = 0.5;
/** Estimates (and runs seen to match) kept per connection. */
const KEPT = 4096;
const known = new WeakMap<Db, Map<string, number>>();
/**
 * Runs seen to match, per connection (at most KEPT): not tried again — close matches'
 * corrected phrases share most of their words, and so their runs.
 */
const matching = new WeakMap<Db, Set<string>>();
/** A word that surely makes a token of the index's tokenizer (unicode61: ASCII letters and digits always do). */
const HAS_TOKEN = /[A-Za-z0-9]/u;

/**
 * Whether the body expression `body` — one phrase of three words or more (`"a b c"`, or a
 * prefix `"a b c"*`, whose last word is left out), no column — is proved to match nothing in
 * the body index: a shorter run of its adjacent words matches nothing. False when not
 * proved (it may match), or in an archive whose largest clipping id is below `from`.
 */
export function pairsRuleOut(db: Db, body: string, from = RUNS_FROM): boolean {
  const m = /^"((?:[^"]|"")*)"(\*?)$/u.exec(body);
  if (!m) return false;
  const words = m[1]!.replaceAll('""', '"').trim().split(/\s+/u);
  // A prefix's last word is a prefix: the runs are of the others (all of them, at most).
  const prefix = m[2] === '*';
  const whole = prefix ? words.slice(0, -1) : words;
  if (words.length < 3 || whole.length < 2) return false;
  const top = (prepared(db, 'SELECT max(id) AS n FROM clippings').get() as { n: number | null }).n ?? 0;
  if (top < from) return false;
  const docs = estimates(db, words, top);
  const total = docs.filter(Number.isFinite).reduce((a, b) => a + b, 0);
  const runs: { from: number; to: number; cost: number }[] = [];
  for (let from = 0; from < whole.length; from++) {
    let cost = 0;
    for (let to = from + 1; to < whole.length; to++) {
      if (!HAS_TOKEN.test(whole[to - 1]!) || !HAS_TOKEN.test(whole[to]!)) break;
      cost += (to === from + 1 ? docs[from]! : 0) + docs[to]!;
      // (Shorter than the phrase: the phrase itself is what is saved.)
      if (!prefix && to - from + 1 === words.length) break;
      runs.push({ from, to, cost });
    }
  }
  // Cheapest first; of runs as cheap, the longer (likelier to match nothing).
  runs.sort((a, b) => a.cost - b.cost || b.to - b.from - (a.to - a.from) || a.from - b.from);
  const any = prepared(db, 'SELECT 1 AS x FROM clipping_fts WHERE clipping_fts MATCH ? LIMIT 1');
  const matched = matching.get(db) ?? new Set<string>();
  matching.set(db, matched);
  let spent = 0;
  for (const { from, to, cost } of runs) {
    const run = `"${whole.slice(from, to + 1).join(' ').replaceAll('"', '""')}"`;
    // (Seen to match: it proves nothing. Should a change since make it match nothing, a proof is missed, never a wrong one made.)
    if (matched.has(run)) continue;
    // (The cheapest always; then while within the share of the phrase's own walk.)
    if (spent > 0 && spent + cost > PAIRS_SHARE * total) continue;
    spent += cost;
    if (any.get(run) === undefined) return true;
    if (matched.size >= KEPT) matched.delete(matched.values().next().value!);
    matched.add(run);
  }
  return false;
}

/**
 * Each word's estimated number of body documents (its doclist's length), from the first
 * PROBE of them; kept per connection (at most KEPT words, the oldest dropped), however the
 * archive changes since: an estimate only orders the pairs tried.
 */
function estimates(db: Db, words: readonly string[], top: number): number[] {
  const kept = known.get(db) ?? new Map<string, number>();
  known.set(db, kept);
  return words.map((w) => {
    if (!HAS_TOKEN.test(w)) return Infinity;
    const was = kept.get(w);
    if (was !== undefined) return was;
    const probe = prepared(db, 'SELECT count(*) AS n, max(rowid) AS last FROM (SELECT rowid FROM clipping_fts WHERE clipping_fts MATCH ? LIMIT ?)');
    const { n, last } = probe.get(`"${w.replaceAll('"', '""')}"`, PROBE) as { n: number; last: number | null };
    const docs = n < PROBE || last === null ? n : (PROBE * Math.max(top, last)) / last;
    if (kept.size >= KEPT) kept.delete(kept.keys().next().value!);
    kept.set(w, docs);
    return docs;
  });
}

/**
 * Of the phrase `body` (one phrase of four words or more, not a prefix, no column), the run of
 * three adjacent words (query/long-phrase.ts `readLongPhrase`) whose words' doclists are the
 * shortest in all, as estimated (`estimates`), when they sum to at most RUN_SHARE of the
 * whole phrase's: every clipping the phrase matches holds it (see above), and its walk
 * leaves out the longest doclists. `saved`: the estimated documents of the doclists its walk
 * leaves out. Null when none is that cheap, or in an archive whose largest clipping id is
 * below `from`.
 */
export function cheapRun(db: Db, body: string, from = RUNS_FROM): { run: string; saved: number } | null {
  const m = /^"((?:[^"]|"")*)"$/u.exec(body);
  if (!m) return null;
  const words = m[1]!.replaceAll('""', '"').trim().split(/\s+/u);
  if (words.length < 4 || !words.every((w) => HAS_TOKEN.test(w))) return null;
  const top = (prepared(db, 'SELECT max(id) AS n FROM clippings').get() as { n: number | null }).n ?? 0;
  if (top < from) return null;
  const docs = estimates(db, words, top);
  const total = docs.reduce((a, b) => a + b, 0);
  let best: { at: number; cost: number } | null = null;
  for (let at = 0; at + 3 <= words.length; at++) {
    const cost = docs[at]! + docs[at + 1]! + docs[at + 2]!;
    if (best === null || cost < best.cost) best = { at, cost };
  }
  if (best === null || best.cost > RUN_SHARE * total) return null;
  return { run: `"${words.slice(best.at, best.at + 3).join(' ').replaceAll('"', '""')}"`, saved: total - best.cost };
}
