/**
 * The clippings an OR of words finds in the meta index (a tag name finds tens of thousands at
 * 100k: `roodryous OR climate`) each hold one of its words, so each matches: db/search.ts
 * `decide` takes them all, with no per-clipping evaluation of the expression (it evaluated
 * each one twice). The pages stay bm25 over every match: the reference is FTS5's, as
 * `decide` ranks (0, plus the body bm25 of the OR, plus its meta bm25).
 */
import { describe, expect, it, vi } from 'vitest';

const calls = vi.hoisted(() => ({ evaluate: 0 }));
vi.mock('../../db/query/split.ts', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../db/query/split.ts')>();
  return {
    ...real,
    evaluate: (...a: Parameters<typeof real.evaluate>) => {
      calls.evaluate++;
      return real.evaluate(...a);
    },
  };
});

const { ClippingRepo } = await import('../../db/clippings.ts');
const { openDatabase } = await import('../../db/open.ts');
const { BM25 } = await import('../../db/query/split.ts');
const { SearchRepo } = await import('../../db/search.ts');
const { TagRepo } = await import('../../db/tags.ts');
const { NOW } = await import('../helpers.ts');
const { rng } = await import('./rng.ts');

const WORDS = ['ta', 'ko', 'mira', 'nost', 'perak', 'pilgo', 'ravno', 'sulte', 'vindo', 'zarek'];

describe('an OR of words whose words tag hundreds of clippings', () => {
  it('decides the clippings found in the meta index without evaluating the OR for each; the same page as bm25 over every match', () => {
    const r = rng(17);
    const db = openDatabase(':memory:');
    const clippings = new ClippingRepo(db);
    const tags = new TagRepo(db);
    db.transaction(() => {
      for (let i = 0; i < 600; i++) {
        const text = Array.from({ length: r.int(3, 30) }, () => r.pick(WORDS)).join(' ');
        const id = clippings.insert(
          {
            captureId: null, title: r.pick(WORDS), byline: null, outlet: null, sourceUrl: null, canonicalUrl: null, urlKey: null, publishedAt: null, modifiedAt: null,
            capturedAt: NOW, lang: 'en', excerpt: null, text, html: null, figures: [], leadImage: null, wordCount: 1, contentHash: `h${i}`,
          },
          NOW,
        );
        if (i % 2 === 0) tags.addToClippings([id], ['zarek'], NOW);
        if (i % 7 === 0) db.prepare('UPDATE clippings SET note = ? WHERE id = ?').run('vindo ta', id);
      }
    })();
    const repo = new SearchRepo(db);
    for (const q of ['zarek OR vindo', 'pilgo OR zarek', 'zarek OR ta OR nost']) {
      const words = q.split(' OR ');
      const any = `(${words.map((w) => `"${w}"`).join(' OR ')})`;
      const rank = new Map<number, number>();
      for (const [table, weights] of [['clipping_fts', BM25.body], ['clipping_meta_fts', BM25.meta]] as const) {
        for (const { id, r: x } of db.prepare(`SELECT rowid AS id, ${weights} AS r FROM ${table} WHERE ${table} MATCH ?`).all(any) as { id: number; r: number }[]) rank.set(id, (rank.get(id) ?? 0) + x);
      }
      const inMeta = (db.prepare('SELECT count(*) AS n FROM clipping_meta_fts WHERE clipping_meta_fts MATCH ?').get(any) as { n: number }).n;
      expect(inMeta, q).toBeGreaterThan(250);
      const expected = [...rank].map(([id, x]) => ({ id, x })).sort((a, b) => a.x - b.x || a.id - b.id);
      calls.evaluate = 0;
      const page = repo.query(q, { limit: 10, offset: 0, now: new Date(NOW) });
      expect(page.ranked.map((h) => [h.id, h.score]), q).toEqual(expected.slice(0, 10).map((e) => [e.id, -e.x]));
      expect(page.total, q).toBe(expected.length);
      // (A few evaluations elsewhere — the page's clippings counted from their texts — never one per clipping found.)
      expect(calls.evaluate, q).toBeLessThan(inMeta / 4);
    }
    db.close();
  });
});
