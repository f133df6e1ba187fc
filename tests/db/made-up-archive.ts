/**
 * Small archives of made-up words for the phrase tests (search-long-phrase, search-phrase-pairs):
 * titles, bylines, outlets and texts drawn from one vocabulary, a tenth of the clippings with
 * notes of the same words, and the reference ranking of an expression over both full-text tables.
 */
import { ClippingRepo } from '../../db/clippings.ts';
import { openDatabase, type Db } from '../../db/open.ts';
import { BM25 } from '../../db/query/split.ts';
import { NOW } from '../helpers.ts';
import { rng, type Rng } from './rng.ts';

/** `n` words of `vocabulary`, the first ones the most frequent: the larger `skew`, the more so. */
export function madeUpWords(vocabulary: readonly string[], skew: number): (r: Rng, n: number) => string {
  const word = (r: Rng) => vocabulary[Math.min(vocabulary.length - 1, Math.floor(vocabulary.length * r.next() ** skew))]!;
  return (r, n) => Array.from({ length: n }, () => word(r)).join(' ');
}

/** An archive in memory of `size` clippings of `words`, seeded. */
export function madeUpArchive(seed: number, size: number, words: (r: Rng, n: number) => string): Db {
  const r = rng(seed);
  const db = openDatabase(':memory:');
  const clippings = new ClippingRepo(db);
  db.transaction(() => {
    for (let i = 0; i < size; i++) {
      const id = clippings.insert(
        {
          captureId: null, title: words(r, r.int(1, 5)), byline: r.next() < 0.3 ? words(r, 2) : null, outlet: r.next() < 0.2 ? words(r, 1) : null, sourceUrl: null, canonicalUrl: null, urlKey: null,
          publishedAt: null, modifiedAt: null, capturedAt: NOW, lang: 'en', excerpt: null, text: `${words(r, r.int(3, 40))}. ${words(r, r.int(0, 30))}`, html: null, figures: [], leadImage: null,
          wordCount: 1, contentHash: `h${seed}-${i}`,
        },
        NOW,
      );
      // Notes with the same words: a phrase found there is ranked beside its body matches.
      if (r.next() < 0.1) db.prepare('UPDATE clippings SET note = ? WHERE id = ?').run(words(r, r.int(2, 6)), id);
    }
  })();
  return db;
}

/** Every live clipping the expression matches, in either table, by its rank (body bm25 plus meta bm25), ties by id. */
export function rankedInBoth(db: Db, expr: string): { id: number; rank: number }[] {
  const rank = new Map<number, number>();
  for (const [t, bm25] of [['clipping_fts', BM25.body], ['clipping_meta_fts', BM25.meta]] as const) {
    for (const { id, r } of db.prepare(`SELECT rowid AS id, ${bm25} AS r FROM ${t} WHERE ${t} MATCH ?`).all(expr) as { id: number; r: number }[]) rank.set(id, (rank.get(id) ?? 0) + r);
  }
  return [...rank].map(([id, r]) => ({ id, rank: r })).sort((a, b) => a.rank - b.rank || a.id - b.id);
}
