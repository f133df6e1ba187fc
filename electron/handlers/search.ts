import { statSync } from 'node:fs';
import { schemaVersion } from '../../db/open.ts';
import type { Handlers } from '../api.ts';
import type { Core } from '../core.ts';

type Area = Pick<Handlers, 'search.query' | 'archive.stats'>;

/** Searching the archive, and what it holds. */
export function searchHandlers(core: Core): Area {
  return {
    'search.query': ({ query, limit, offset }) => {
      const started = performance.now();
      const page = core.search.query(query, { limit, offset, now: core.nowDate() });
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
        };
      });
      return { total: page.total, totalExact: page.totalExact, tookMs: round2(performance.now() - started), hits };
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
