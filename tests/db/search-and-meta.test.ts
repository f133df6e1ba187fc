/**
 * An AND of words, one in the notes of many clippings (`ta`, as `to` or a tag name at
 * 100k), the other in few (db/search.ts `metaMayMatch`, issue 13): the clippings
 * decided in the meta index are only those where every such word occurs somewhere —
 * not every clipping with `ta` in its notes read, looked up in the body and left out of
 * the body's match by a list of its ids. The matches, their order and the total stay
 * those of the words looked up in both tables.
 */
import { describe, expect, it } from 'vitest';
import { ClippingRepo } from '../../db/clippings.ts';
import { openDatabase, type Db } from '../../db/open.ts';
import { NOW } from '../helpers.ts';
import { recording } from './recording.ts';
import { rng, type Rng } from './rng.ts';

const WORDS = ['ta', 'ko', 'mira', 'nost', 'perak', 'pilgo', 'ravno', 'sulte'];
const words = (r: Rng, n: number) => Array.from({ length: n }, () => WORDS[r.int(0, WORDS.length - 1)]!).join(' ');

function archive(seed: number, size: number): Db {
  const r = rng(seed);
  const db = openDatabase(':memory:');
  const clippings = new ClippingRepo(db);
  db.transaction(() => {
    for (let i = 0; i < size; i++) {
      const rare = i % 23 === 0 ? ' qqa' : '';
      const id = clippings.insert(
        {
          captureId: null, title: words(r, 2), byline: null, outlet: null, sourceUrl: null, canonicalUrl: null, urlKey: null,
          publishedAt: `2015-03-${String(1 + (i % 27)).padStart(2, '0')}`, modifiedAt: null, capturedAt: NOW, lang: 'en', excerpt: null,
          text: words(r, r.int(3, 20)) + rare, html: null, figures: [], leadImage: null, wordCount: 1, contentHash: `h${seed}-${i}`,
        },
        NOW,
      );
      // Most notes have `ta`; a few have `qqa`, some of them on clippings without it in the body.
      const note = [r.next() < 0.6 ? 'ta' : '', i % 31 === 0 ? 'qqa' : '', words(r, 1)].join(' ');
      db.prepare('UPDATE clippings SET note = ? WHERE id = ?').run(note, id);
    }
  })();
  return db;
}

/** Every clipping where each word occurs in the body's index or the meta index. */
function everywhere(db: Db, ws: readonly string[]): number[] {
  const has = (w: string) =>
    new Set(
      (db.prepare('SELECT rowid AS id FROM clipping_fts WHERE clipping_fts MATCH ? UNION SELECT rowid FROM clipping_meta_fts WHERE clipping_meta_fts MATCH ?').all(`"${w}"`, `"${w}"`) as { id: number }[]).map((x) => x.id),
    );
  const sets = ws.map(has);
  return [...sets[0]!].filter((id) => sets.every((s) => s.has(id))).sort((a, b) => a - b);
}

/** The longest list of clipping ids given to any statement as a JSON parameter. */
function longestIdList(runs: readonly { params: unknown[] }[]): number {
  let most = 0;
  for (const { params } of runs) for (const p of params) if (typeof p === 'string' && p.startsWith('[')) most = Math.max(most, (JSON.parse(p) as unknown[]).length);
  return most;
}

describe('an AND of a word in few clippings and a word in the notes of most', () => {
  for (const seed of [3, 17]) {
    it(`seed ${seed}: reads the notes of the clippings that may match only, and finds the same`, () => {
      const db = archive(seed, 600);
      const withTa = (db.prepare(`SELECT count(*) AS n FROM clipping_meta_fts WHERE clipping_meta_fts MATCH '"ta"'`).get() as { n: number }).n;
      const expected = everywhere(db, ['qqa', 'ta']);
      expect(withTa).toBeGreaterThan(4 * expected.length);
      // Ranking lists small enough for this archive (db/query/topk.ts), read for both words by a search of each.
      const { repo, runs } = recording(db, { rankLists: { broad: 10, size: 24, deep: 32 } });
      const now = new Date(NOW);
      for (const w of ['qqa', 'ta']) repo.query(w, { limit: 10, offset: 0, now });
      for (const sort of ['relevance', 'newest'] as const) {
        runs.length = 0;
        const page = repo.query('qqa ta', { limit: 10, offset: 0, now, sort });
        expect(page.total).toBe(expected.length);
        // No statement reads `ta`'s clippings in the meta index alone, nor is given a list of their ids.
        expect(runs.filter((x) => x.sql.includes('clipping_meta_fts MATCH') && x.params.includes('"ta"') && !x.sql.includes('IN ('))).toEqual([]);
        expect(longestIdList(runs)).toBeLessThanOrEqual(expected.length + 64);
      }
      expect(repo.allMatches('qqa ta', now)).toEqual(expected);
      db.close();
    });
  }
});
