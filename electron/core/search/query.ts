/**
 * `search.query`: one page of hits, with — when asked — facets and the histogram, and,
 * when the exact hits are few, instant search's close matches (a misspelt name…) and a
 * did-you-mean. The query is parsed once and that parse is used by every step.
 */
import type { Summary } from '../../../db/clippings.ts';
import { fold } from '../../../db/fold.ts';
import { dateWindow } from '../../../db/query/builder.ts';
import { escapeHtml, snippetAround, type ParsedQuery } from '../../../db/search.ts';
import type { ArgsOut } from '../../contract/methods.ts';
import type { SearchHit, SearchResult } from '../../contract/shapes.ts';
import type { Core } from '../context.ts';

/** Below this many exact hits, close matches from instant search are added. */
const FEW_HITS = 3;

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
  // Few or no exact hits: add instant search's close matches (a misspelt name…),
  // still subject to the query's filters and exclusions.
  let didYouMean: string | null = null;
  if (page.total < FEW_HITS && offset === 0) {
    const close = closeMatches(core, parsed, hits, limit, now);
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
 * Hits for instant search's corrected spellings of the query's positive words, after
 * the exact `hits` (up to `limit` in all), each passing the query's filters and
 * exclusions; with the spelling that found them.
 */
export function closeMatches(core: Core, parsed: ParsedQuery, hits: readonly SearchHit[], limit: number, now: Date): { hits: SearchHit[]; didYouMean: string | null } {
  const terms = core.search.positiveTerms(parsed);
  // Nothing to correct, or filters that no clipping passes: no close match can exist.
  if (terms.length === 0 || !core.search.anyPassesFilters(parsed, now)) return { hits: [], didYouMean: null };
  // An instant index that would take a rebuild to get current: no close matches this time.
  const instant = core.instantForSearch();
  if (!instant) return { hits: [], didYouMean: null };
  const s = instant.suggest(terms.join(' '), { limit });
  const seen = new Set(hits.map((h) => h.id));
  // Only corrected spellings: an exact suggestion the full-text search did not return was excluded on purpose.
  const candidates = s.suggestions.filter((x) => x.fuzzy && !seen.has(x.id));
  const pass = core.search.passFilters(parsed, [...new Set(candidates.map((x) => x.id))], now);
  const more = candidates.filter((x) => pass.has(x.id) && !seen.has(x.id) && seen.add(x.id));
  const summaries = core.clippings.summaries(more.map((x) => x.id));
  const tags = core.tags.forClippings(more.map((x) => x.id));
  const out: SearchHit[] = [];
  for (const x of more.slice(0, Math.max(0, limit - hits.length))) {
    const sm = summaries.get(x.id)!;
    const text = core.clippings.get(x.id)!.text;
    const at = findPhrase(text, x.matched);
    out.push(
      hitOf(x.id, sm, tags.get(x.id) ?? [], {
        snippet: at ? snippetAround(text, [at]) : escapeHtml(sm.excerpt ?? ''),
        score: 0,
        matches: at ? [at] : [],
        fuzzy: true,
      }),
    );
  }
  return { hits: out, didYouMean: s.didYouMean };
}

function hitOf(id: number, s: Summary, tags: string[], found: Pick<SearchHit, 'snippet' | 'score' | 'matches' | 'clusterSize' | 'fuzzy'>): SearchHit {
  return { id, starred: s.starred, read: s.read, title: s.title, outlet: s.outlet, byline: s.byline, publishedAt: s.publishedAt, capturedAt: s.capturedAt, extractionUncertain: s.extractionUncertain, tags, ...found };
}

/**
 * Where a phrase (as indexed) occurs in the text, case- and accent-insensitively. The
 * full-text fold (db/fold.ts, without `letters`) keeps lengths for most text; search in
 * a folded copy only when the lengths agree.
 */
export function findPhrase(text: string, phrase: string): [number, number] | null {
  const ft = fold(text);
  const fp = fold(phrase);
  if (ft.length !== text.length || fp.length === 0) {
    const i = text.toLowerCase().indexOf(phrase.toLowerCase());
    return i >= 0 ? [i, i + phrase.length] : null;
  }
  const i = ft.indexOf(fp);
  return i >= 0 ? [i, i + fp.length] : null;
}

export function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
