/**
 * A broad match listed by date whose count stops at COUNT_CAP (db/search.ts `byDateProbed`,
 * `pageBodyRanks`): in an archive far larger than the cap (1M clippings), the capped count
 * alone made a word in most clippings look like a sparse one, so its page by date read
 * every match's id, and the page's scores came from FTS5's pass over the whole match. Now
 * the density is its ranking list's count (a single word), or a first batch of the date
 * index's rows tells (an AND, which has no list), and a page of a broad match is scored
 * from its clippings' texts — with exactly the hits and scores of ranking every match by date.
 */
import { describe, expect, it } from 'vitest';
import { ClippingRepo } from '../../db/clippings.ts';
import { openDatabase } from '../../db/open.ts';
import { COUNT_CAP } from '../../db/search.ts';
import { NOW } from '../helpers.ts';
import { recording } from './recording.ts';

describe('a broad match past the count cap, listed by date deep', () => {
  it('walks the date index without reading the match, and scores the page from its texts, with the hits and scores of ranking every match', () => {
    const db = openDatabase(':memory:');
    const clippings = new ClippingRepo(db);
    const n = COUNT_CAP + 6000;
    db.transaction(() => {
      for (let i = 0; i < n; i++) {
        clippings.insert(
          {
            captureId: null, title: `Report ${i}`, byline: null, outlet: 'Herald', sourceUrl: null, canonicalUrl: null, urlKey: null,
            publishedAt: `20${10 + (i % 15)}-0${1 + (i % 9)}-1${i % 10}T10:00:00Z`, modifiedAt: null, capturedAt: NOW, lang: 'en', excerpt: null,
            text: `Report ${i}. ${i % 7 === 3 ? 'Markets moved.' : 'The bank held.'} ${'filler '.repeat(i % 11)}`,
            html: null, figures: [], leadImage: null, wordCount: 5, contentHash: `h${i}`,
          },
          NOW,
        );
      }
      db.exec(`UPDATE clippings SET note = 'bank call' WHERE id % 41 = 1; UPDATE clippings SET deleted_at = '${NOW}' WHERE id % 97 = 0;`);
    })();
    // (A page's texts counted from 100 matches a clipping on: this archive is a hundredth of the size where that pays.)
    const { repo, runs } = recording(db, { passReads: 100 });
    const now = new Date(NOW);
    repo.warmRankLists(['report', 'bank'], Date.now() + 60_000);
    const BM25 = 'bm25(clipping_fts, 1, 10, 4, 4)';
    const noted = new Set((db.prepare(`SELECT id FROM clippings WHERE note <> ''`).all() as { id: number }[]).map((r) => r.id));
    for (const q of ['report', 'report bank']) {
      const all = repo.allMatches(q, now);
      const { match } = (repo as unknown as { plan: (q: string, now: Date) => { built: { match: string } } }).plan(q, now).built;
      const score = new Map((db.prepare(`SELECT rowid AS id, -${BM25} AS score FROM clipping_fts WHERE clipping_fts MATCH ?`).all(match) as { id: number; score: number }[]).map((r) => [r.id, r.score]));
      for (const sort of ['newest', 'oldest'] as const) {
        for (const offset of [0, 180]) {
          runs.length = 0;
          const got = repo.query(q, { limit: 20, offset, now, sort });
          expect(got.total, q).toBe(COUNT_CAP);
          expect(got.totalExact, q).toBe(false);
          const dir = sort === 'oldest' ? 'ASC' : 'DESC';
          const ids = (
            db.prepare(`SELECT id FROM clippings c WHERE id IN (SELECT value FROM json_each(?)) ORDER BY c.sort_key ${dir}, c.id ${dir} LIMIT 20 OFFSET ?`).all(JSON.stringify(all), offset) as { id: number }[]
          ).map((r) => r.id);
          const at = `${q} ${sort} ${offset}`;
          expect(got.ranked.map((r) => r.id), at).toEqual(ids);
          // The scores of those matched in the body alone: FTS5's bm25 (the others' sum two tables').
          for (const r of got.ranked) if (!noted.has(r.id)) expect(r.score, `${at} ${r.id}`).toBe(score.get(r.id));
          // Never every match's id read for the walk (`byDateRead`), nor FTS5's bm25 pass over the match for the page.
          expect(runs.filter((r) => /c\.id IN \(SELECT/.test(r.sql)).map((r) => r.sql), at).toEqual([]);
          expect(runs.filter((r) => r.sql.includes(`${BM25} AS r FROM clipping_fts WHERE clipping_fts MATCH ? AND +rowid IN`)).map((r) => r.sql), at).toEqual([]);
        }
      }
    }
    db.close();
  }, 120_000);
});
