/**
 * A broad match listed by date that is not dense (db/search.ts `byDateProbed`): FTS5
 * looks an id up in such a match at ~10× the cost of one in a dense match, so its ids
 * are read once and the date index walked against them — never a page's worth of the
 * date index's rows looked up one by one — with exactly the hits and scores of ranking
 * every match by date.
 */
import { describe, expect, it } from 'vitest';
import { ClippingRepo } from '../../db/clippings.ts';
import { openDatabase } from '../../db/open.ts';
import { NOW } from '../helpers.ts';
import { recording } from './recording.ts';

describe('a broad match in a third of the archive, listed by date', () => {
  it('is read once, not looked up id by id, with the hits and scores of ranking every match by date', () => {
    const db = openDatabase(':memory:');
    const clippings = new ClippingRepo(db);
    db.transaction(() => {
      for (let i = 0; i < 6000; i++) {
        clippings.insert(
          {
            captureId: null, title: `Report ${i}`, byline: null, outlet: 'Herald', sourceUrl: null, canonicalUrl: null, urlKey: null,
            publishedAt: `20${10 + (i % 15)}-0${1 + (i % 9)}-1${i % 10}T10:00:00Z`, modifiedAt: null, capturedAt: NOW, lang: 'en', excerpt: null,
            text: `${i % 3 === 0 ? 'Tariff report' : 'Report'} ${i}. ${i % 2 ? 'The bank held.' : 'Markets moved.'} ${'filler '.repeat(i % 7)}`,
            html: null, figures: [], leadImage: null, wordCount: 5, contentHash: `h${i}`,
          },
          NOW,
        );
      }
      db.exec(`UPDATE clippings SET note = 'tariff call' WHERE id % 41 = 1; UPDATE clippings SET deleted_at = '${NOW}' WHERE id % 97 = 0;`);
    })();
    const { repo, runs } = recording(db);
    const now = new Date(NOW);
    const BM25 = 'bm25(clipping_fts, 1, 10, 4, 4)';
    for (const q of ['tariff', 'tariff bank']) {
      for (const sort of ['newest', 'oldest'] as const) {
        for (const offset of [0, 20]) {
          runs.length = 0;
          const got = repo.query(q, { limit: 20, offset, now, sort });
          expect(got.total, q).toBeGreaterThanOrEqual(q === 'tariff' ? 2000 : 1000);
          const dir = sort === 'oldest' ? 'ASC' : 'DESC';
          const { match } = (repo as unknown as { plan: (q: string, now: Date) => { built: { match: string } } }).plan(q, now).built;
          const ids = (
            db.prepare(`SELECT id FROM clippings c WHERE id IN (SELECT value FROM json_each(?)) ORDER BY c.sort_key ${dir}, c.id ${dir} LIMIT 20 OFFSET ?`).all(JSON.stringify(repo.allMatches(q, now)), offset) as { id: number }[]
          ).map((r) => r.id);
          expect(got.ranked.map((r) => r.id), `${q} ${sort} ${offset}`).toEqual(ids);
          // The scores of those matched in the body alone: FTS5's bm25 (the others' sum two tables').
          const score = new Map((db.prepare(`SELECT rowid AS id, -${BM25} AS score FROM clipping_fts WHERE clipping_fts MATCH ?`).all(match) as { id: number; score: number }[]).map((r) => [r.id, r.score]));
          const noted = new Set((db.prepare(`SELECT id FROM clippings WHERE note <> ''`).all() as { id: number }[]).map((r) => r.id));
          for (const r of got.ranked) if (!noted.has(r.id)) expect(r.score, `${q} ${r.id}`).toBe(score.get(r.id));
          const looked = runs.filter((r) => /^SELECT json_group_array\(rowid\) AS ids FROM clipping_fts WHERE clipping_fts MATCH \? AND rowid IN \(SELECT value FROM json_each/.test(r.sql));
          expect(looked, `${q} ${sort} ${offset}`).toEqual([]);
        }
      }
    }
    db.close();
  });
});
