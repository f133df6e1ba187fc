import { statSync } from 'node:fs';
import { schemaVersion } from '../../db/open.ts';
import { ApiError, type Handlers, type SavedSearch } from '../api.ts';
import type { Core } from '../core.ts';

type Area = Pick<Handlers, 'search.query' | 'search.save' | 'search.saved' | 'search.deleteSaved' | 'archive.stats' | 'images.get'>;

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
    'search.query': ({ query, limit, offset, sort, facets, collapse }) => {
      const started = performance.now();
      const page = core.query(query, { limit, offset, sort, facets, collapse, now: core.nowDate() });
      const ids = page.ranked.map((r) => r.id);
      const summaries = core.clippings.summaries(ids);
      const tags = core.tags.forClippings(ids);
      const hits = page.ranked.map((r) => {
        const s = summaries.get(r.id)!;
        return {
          id: r.id,
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
      return {
        total: page.total,
        totalExact: page.totalExact,
        tookMs: round2(performance.now() - started),
        hits,
        ...(page.facets ? { facets: page.facets } : {}),
      };
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
