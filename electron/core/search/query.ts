/**
 * `search.query`: one page of hits, with — when asked — facets and the histogram, and,
 * when the exact hits are few, close matches (a misspelt name…) and a did-you-mean. The
 * query is parsed once and that parse is used by every step.
 */
import type { Summary } from '../../../db/clippings.ts';
import { corrections, spelling, usage, type Correction } from '../../../db/instant/corrections.ts';
import { splitWords } from '../../../db/instant/words.ts';
import { dateWindow } from '../../../db/query/builder.ts';
import type { PhraseNode, QueryNode, TermNode } from '../../../db/query/parser.ts';
import type { ParsedQuery } from '../../../db/search.ts';
import type { ArgsOut } from '../../contract/methods.ts';
import type { SearchHit, SearchResult } from '../../contract/shapes.ts';
import type { Core } from '../context.ts';

/** Below this many exact hits, close matches are added. */
const FEW_HITS = 3;
/** Words of a query corrected at most (the rest stay as typed). */
const MAX_CORRECTED_WORDS = 8;
/** A query's last word this long or longer, kept as typed in a corrected query and unknown to the vocabulary, is matched as a prefix. */
const MIN_TYPED_PREFIX = 3;

export function runQuery(core: Core, args: ArgsOut<'search.query'>): SearchResult {
  const { query, limit, offset, sort, facets, collapse, histogram } = args;
  const started = performance.now();
  const now = core.nowDate();
  const parsed = core.asUserError(() => core.search.parse(query));
  const page = core.query(parsed, { limit, offset, sort, facets, collapse, now });
  const ids = page.ranked.map((r) => r.id);
  const summaries = core.clippings.summaries(ids);
  const tags = core.tags.forClippings(ids);
  const hits: SearchHit[] = page.ranked.map((r) =>
    hitOf(r.id, summaries.get(r.id)!, tags.get(r.id) ?? [], {
      snippet: page.snippets.get(r.id) ?? '',
      score: r.score,
      matches: page.matches.get(r.id) ?? [],
      ...(r.clusterSize !== undefined ? { clusterSize: r.clusterSize } : {}),
    }),
  );
  // Few or no exact hits: add close matches (a misspelt name…), found by the same
  // query with its words corrected.
  let didYouMean: string | null = null;
  if (page.total < FEW_HITS && offset === 0) {
    const close = closeMatches(core, parsed, hits, { limit, sort, collapse, now });
    hits.push(...close.hits);
    if (close.hits.length > 0 && page.total === 0) didYouMean = close.didYouMean;
  }
  const dates = dateWindow(parsed.ast, now);
  const buckets = histogram ? core.asUserError(() => core.search.histogram(parsed, histogram.bucket, histogram.stackBy, now)) : null;
  return {
    total: page.total + (hits.length - page.ranked.length),
    totalExact: page.totalExact,
    // Everything this answer holds, the histogram included.
    tookMs: round2(performance.now() - started),
    hits,
    ...(page.facets ? { facets: page.facets } : {}),
    ...(didYouMean ? { didYouMean } : {}),
    ...(buckets ? { histogram: buckets } : {}),
    ...(dates ? { dates } : {}),
  };
}

/**
 * Hits of the query with its plain positive words corrected (db/instant/corrections.ts,
 * from the instant-search vocabulary: `Core.vocabulary`), after the exact `hits` (up
 * to `limit` in all), marked `fuzzy`; with the spelling that found them. Each corrected
 * query keeps every filter, field term, exclusion and the sort, and runs through the
 * full-text engine like any query: a close match passes the whole query by
 * construction, and is ranked, highlighted and counted like any hit. The corrected
 * queries are tried fewest edits first, at most MAX_COMBOS, until `limit` is reached.
 */
export function closeMatches(
  core: Core,
  parsed: ParsedQuery,
  hits: readonly SearchHit[],
  opts: Pick<ArgsOut<'search.query'>, 'limit' | 'sort' | 'collapse'> & { now: Date },
): { hits: SearchHit[]; didYouMean: string | null } {
  const none = { hits: [], didYouMean: null };
  const { limit, sort, collapse, now } = opts;
  // Nothing to correct (or a query that contradicts itself), or filters that no clipping passes: no close match can exist.
  if (core.search.positiveTerms(parsed).length === 0 || !core.search.anyPassesFilters(parsed, now)) return none;
  const vocabulary = core.vocabulary();
  if (!vocabulary) return none;
  // The positive words, in query order; a prefix (`eco*`) and words past the first few stay as typed.
  const nodes: (TermNode | PhraseNode)[] = [];
  mapPositiveText(parsed.ast, (node) => (nodes.push(node), node));
  const typed: { folded: string; display: string; node: number; fixed: boolean }[] = [];
  for (const [k, node] of nodes.entries()) {
    const words = splitWords(node.text);
    for (const [i, w] of words.entries()) typed.push({ ...w, node: k, fixed: node.prefix === true && i === words.length - 1 });
  }
  const open = typed.filter((t) => !t.fixed).slice(0, MAX_CORRECTED_WORDS);
  if (open.length === 0) return none;
  // Every word may stay as typed: the full-text index knows words the vocabulary (titles, names…) does not.
  const combos = corrections(vocabulary, open.map((t) => t.folded), () => true);
  // The last word, kept as typed and unknown to the vocabulary, is matched as the start
  // of a word, as instant search takes a word still being typed: "Dmytro Kul" finds
  // "Dymtro Kuleba".
  const last = typed[typed.length - 1]!; // `open` is not empty: neither is `typed`
  const typing = !last.fixed && last.folded.length >= MIN_TYPED_PREFIX && usage(vocabulary, last.folded) === 0 ? last : null;
  const seen = new Set(hits.map((h) => h.id));
  const found: { id: number; score: number; snippet: string; matches: [number, number][]; clusterSize?: number }[] = [];
  let didYouMean: string | null = null;
  for (const combo of combos) {
    const need = limit - hits.length - found.length;
    if (need <= 0) break;
    const spelt = new Map(open.map((t, i) => [t, combo[i]!]));
    const prefix = typing !== null && (spelt.get(typing)?.d ?? 0) === 0 ? typing : null;
    const ast = mapPositiveText(parsed.ast, (node, k) => corrected(node, typed.filter((t) => t.node === k), spelt, prefix));
    // (The clippings already shown are skipped below: their snippets are not made.)
    const page = core.query({ blank: false, ast }, { limit: need + seen.size, offset: 0, sort, facets: false, collapse, now, shown: new Set(seen) });
    const before = found.length;
    for (const r of page.ranked) {
      if (seen.has(r.id) || found.length - before >= need) continue;
      seen.add(r.id);
      found.push({ id: r.id, score: r.score, snippet: page.snippets.get(r.id) ?? '', matches: page.matches.get(r.id) ?? [], ...(r.clusterSize !== undefined ? { clusterSize: r.clusterSize } : {}) });
    }
    if (found.length > before && didYouMean === null) {
      // A prefix is completed as the first close match spells it (a word it matched there).
      const first = found[before]!;
      const complete = prefix && open[open.length - 1] === prefix ? () => completion(core.clippings.get(first.id)?.text ?? '', first.matches, prefix) : undefined;
      didYouMean = spelling(vocabulary, combo, open, complete);
    }
  }
  const ids = found.map((f) => f.id);
  const summaries = core.clippings.summaries(ids);
  const tags = core.tags.forClippings(ids);
  return {
    hits: found.map(({ id, ...f }) => hitOf(id, summaries.get(id)!, tags.get(id) ?? [], { ...f, fuzzy: true })),
    didYouMean,
  };
}

/**
 * A positive word or phrase with its words spelt as `spelt` says, and `prefix` (the
 * query's last word) matched as the start of a word; unchanged when neither applies.
 */
function corrected(node: TermNode | PhraseNode, words: { display: string }[], spelt: Map<object, Correction>, prefix: object | null): TermNode | PhraseNode {
  const asPrefix = prefix !== null && words[words.length - 1] === prefix;
  if (!asPrefix && !words.some((w) => (spelt.get(w)?.d ?? 0) > 0)) return node;
  const text = words.map((w) => {
    const c = spelt.get(w);
    return c && c.d > 0 ? c.display : w.display;
  });
  const isPrefix = asPrefix || node.prefix === true;
  return text.length === 1 && node.type === 'term' ? { type: 'term', text: text[0]!, prefix: isPrefix } : { type: 'phrase', text: text.join(' '), ...(isPrefix ? { prefix: true } : {}) };
}

/** The first word matched in `text` (at `spans`) that begins with `typed` (folded), as written there. */
function completion(text: string, spans: readonly [number, number][], typed: { folded: string; display: string }): string | null {
  for (const [start, end] of spans) {
    for (const w of splitWords(text.slice(start, end))) {
      if (w.folded.startsWith(typed.folded)) return w.folded === typed.folded ? typed.display : w.display;
    }
  }
  return null;
}

/**
 * The query with each plain positive word or phrase (not field-restricted, not under a
 * negation: what close matches correct) replaced by `fn(node, k)`, k counting them in
 * query order.
 */
function mapPositiveText(ast: QueryNode, fn: (node: TermNode | PhraseNode, k: number) => QueryNode): QueryNode {
  let k = 0;
  const walk = (n: QueryNode): QueryNode => {
    if (n.type === 'term' || n.type === 'phrase') return fn(n, k++);
    if (n.type === 'and' || n.type === 'or') return { ...n, children: n.children.map(walk) };
    return n;
  };
  return walk(ast);
}

function hitOf(id: number, s: Summary, tags: string[], found: Pick<SearchHit, 'snippet' | 'score' | 'matches' | 'clusterSize' | 'fuzzy'>): SearchHit {
  return { id, starred: s.starred, read: s.read, title: s.title, outlet: s.outlet, byline: s.byline, publishedAt: s.publishedAt, capturedAt: s.capturedAt, extractionUncertain: s.extractionUncertain, tags, ...found };
}

export function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
