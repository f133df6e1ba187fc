import { statSync } from 'node:fs';
import { schemaVersion } from '../../../db/open.ts';
import type { Handlers } from '../../contract/methods.ts';
import type { SavedSearch, SearchHit } from '../../contract/shapes.ts';
import { ApiError } from '../../contract/errors.ts';
import { escapeHtml, snippetAround } from '../../../db/search.ts';
import { fold } from '../../../db/fold.ts';
import type { Core } from '../context.ts';

type Area = Pick<Handlers, 'search.query' | 'search.suggest' | 'search.histogram' | 'outlets.list' | 'search.save' | 'search.saved' | 'search.deleteSaved' | 'archive.stats' | 'images.get'>;

/** Searching the archive, and what it holds. */
export function searchHandlers(core: Core): Area {
  const savedWithCount = (row: { name: string; query: string; createdAt: string }): SavedSearch => {
    let count = { total: 0, exact: true };
    try {
      count = core.search.countOf(row.query, core.nowDate());
    } catch {
      // A query saved by an older version that no longer parses counts as 0.
    }
    return { name: row.name, query: row.query, count: count.total, countExact: count.exact, createdAt: row.createdAt };
  };
  return {
    'search.query': ({ query, limit, offset, sort, facets, collapse, histogram }) => {
      const started = performance.now();
      const page = core.query(query, { limit, offset, sort, facets, collapse, now: core.nowDate() });
      const ids = page.ranked.map((r) => r.id);
      const summaries = core.clippings.summaries(ids);
      const tags = core.tags.forClippings(ids);
      const hits: SearchHit[] = page.ranked.map((r) => {
        const s = summaries.get(r.id)!;
        return {
          id: r.id,
          starred: s.starred,
          read: s.read,
          title: s.title,
          outlet: s.outlet,
          byline: s.byline,
          publishedAt: s.publishedAt,
          tags: tags.get(r.id) ?? [],
          snippet: page.snippets.get(r.id) ?? '',
          score: r.score,
          matches: page.matches.get(r.id) ?? [],
          ...(r.clusterSize !== undefined ? { clusterSize: r.clusterSize } : {}),
        };
      });
      // Few or no exact hits: add instant search's close matches (a misspelt name…),
      // still subject to the query's filters and exclusions.
      let didYouMean: string | null = null;
      if (page.total < FEW_HITS && offset === 0) {
        const terms = core.search.positiveTerms(query);
        if (terms.length) {
          const s = core.instant().suggest(terms.join(' '), { limit: limit });
          const seen = new Set(hits.map((h) => h.id));
          // Only corrected spellings: an exact suggestion the full-text search did not return was excluded on purpose.
          const candidates = s.suggestions.filter((x) => x.fuzzy && !seen.has(x.id));
          const pass = core.search.passFilters(query, [...new Set(candidates.map((x) => x.id))], core.nowDate());
          const more = candidates.filter((x) => pass.has(x.id) && !seen.has(x.id) && seen.add(x.id));
          const summaries2 = core.clippings.summaries(more.map((x) => x.id));
          const tags2 = core.tags.forClippings(more.map((x) => x.id));
          for (const x of more.slice(0, Math.max(0, limit - hits.length))) {
            const sm = summaries2.get(x.id)!;
            const text = core.clippings.get(x.id)!.text;
            const at = findPhrase(text, x.matched);
            hits.push({
              id: x.id,
              starred: sm.starred,
              read: sm.read,
              title: sm.title,
              outlet: sm.outlet,
              byline: sm.byline,
              publishedAt: sm.publishedAt,
              tags: tags2.get(x.id) ?? [],
              snippet: at ? snippetAround(text, [at]) : escapeHtml(sm.excerpt ?? ''),
              score: 0,
              matches: at ? [at] : [],
              fuzzy: true,
            });
          }
          if (hits.length > page.ranked.length && page.total === 0) didYouMean = s.didYouMean;
        }
      }
      return {
        total: page.total + (hits.length - page.ranked.length),
        totalExact: page.totalExact,
        tookMs: round2(performance.now() - started),
        hits,
        ...(page.facets ? { facets: page.facets } : {}),
        ...(didYouMean ? { didYouMean } : {}),
        ...(histogram ? { histogram: core.asUserError(() => core.search.histogram(query, histogram.bucket, histogram.stackBy, core.nowDate())) } : {}),
      };
    },

    'search.histogram': ({ query, bucket, stackBy }) => ({ buckets: core.asUserError(() => core.search.histogram(query, bucket, stackBy, core.nowDate())) }),

    'outlets.list': () =>
      core.db
        .prepare(`SELECT outlet AS name, count(*) AS count FROM clippings WHERE deleted_at IS NULL AND outlet IS NOT NULL GROUP BY outlet ORDER BY count DESC, outlet COLLATE NOCASE`)
        .all() as { name: string; count: number }[],

    'search.suggest': ({ text, limit }) => {
      const sync = core.instant();
      const started = performance.now();
      const r = sync.suggest(text, { limit });
      return { tookMs: round2(performance.now() - started), suggestions: r.suggestions, didYouMean: r.didYouMean };
    },

    'search.save': ({ name, query }) => {
      core.query(query, { limit: 1, offset: 0, now: core.nowDate() }); // refuse a query that cannot run
      core.write(() => core.saved.save(name, query, core.now()));
      return savedWithCount(core.saved.get(name)!);
    },

    'search.saved': () => core.saved.list().map(savedWithCount),

    'search.deleteSaved': ({ name }) => {
      const row = core.write(() => core.saved.delete(name));
      if (!row) throw new ApiError('not_found', `no saved search named "${name}"`);
      return { name: row.name, deleted: true };
    },

    'images.get': ({ sha256 }) => {
      const r = core.captures.resource(sha256);
      if (!r) throw new ApiError('not_found', `no stored image ${sha256}`);
      return { mediaType: r.mediaType, base64: r.bytes.toString('base64') };
    },

    'archive.stats': () => ({
      clippings: core.clippings.count(),
      trashed: core.clippings.trashedBefore(null).length,
      tags: core.tags.count(),
      annotations: core.annotations.count(),
      orphanedAnnotations: core.annotations.count('orphaned'),
      captures: (core.db.prepare(`SELECT count(*) AS n FROM captures`).get() as { n: number }).n,
      dbBytes: fileSize(core.file) + fileSize(`${core.file}-wal`),
      schemaVersion: schemaVersion(core.db),
    }),
  };
}

/** Below this many exact hits, close matches from instant search are added. */
const FEW_HITS = 3;

/** Where a phrase (as indexed) occurs in the text, case- and accent-insensitively. */
function findPhrase(text: string, phrase: string): [number, number] | null {
  // Folding may change lengths; search in a folded copy only when lengths agree.
  const ft = fold(text);
  const fp = fold(phrase);
  if (ft.length !== text.length || fp.length === 0) {
    const i = text.toLowerCase().indexOf(phrase.toLowerCase());
    return i >= 0 ? [i, i + phrase.length] : null;
  }
  const i = ft.indexOf(fp);
  return i >= 0 ? [i, i + fp.length] : null;
}

function fileSize(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
