/**
 * The clippings of a tag looked up in a broad word's body match (`graidroornal -the` at 1M:
 * 187 clippings found in the meta index, each checked for `the`): one by one when the
 * word's ranking list counts it in many bodies per clipping asked (db/search.ts,
 * `lookupsMax`), not by one pass over its whole match — with the same pages and totals.
 */
import { describe, expect, it } from 'vitest';
import { ClippingRepo } from '../../db/clippings.ts';
import { openDatabase, type Db } from '../../db/open.ts';
import { TagRepo } from '../../db/tags.ts';
import { NOW } from '../helpers.ts';
import { recording } from './recording.ts';
import { rng } from './rng.ts';

const WORDS = ['ko', 'mira', 'nost', 'perak', 'sulte'];

function archive(seed: number, size: number): Db {
  const r = rng(seed);
  const db = openDatabase(':memory:');
  const clippings = new ClippingRepo(db);
  const tags = new TagRepo(db);
  db.transaction(() => {
    for (let i = 0; i < size; i++) {
      // `ta` in most texts; `graid` a tag of a sixth of the clippings, in no text.
      const text = [...(r.next() < 0.9 ? ['ta'] : []), ...Array.from({ length: r.int(2, 20) }, () => r.pick(WORDS))].join(' ');
      const id = clippings.insert(
        {
          captureId: null, title: r.pick(WORDS), byline: null, outlet: null, sourceUrl: null, canonicalUrl: null, urlKey: null, publishedAt: null, modifiedAt: null,
          capturedAt: NOW, lang: 'en', excerpt: null, text, html: null, figures: [], leadImage: null, wordCount: 1, contentHash: `h${seed}-${i}`,
        },
        NOW,
      );
      if (r.next() < 1 / 6) tags.addToClippings([id], ['graid'], NOW);
    }
  })();
  return db;
}

const LISTS = { broad: 30, size: 24, deep: 32 };

describe('clippings looked up in a listed broad word', () => {
  it('are looked up one by one, not by a pass over its match, when its list counts it in many bodies for each; the same pages', () => {
    const db = archive(5, 900);
    const plain = recording(db, { rankLists: LISTS });
    const { repo, runs } = recording(db, { rankLists: LISTS, matchesPerLookup: 2 });
    expect(repo.warmRankLists(['ta'], Date.now() + 600_000)).toBe(1);
    const now = new Date(NOW);
    const tagged = (db.prepare(`SELECT count(*) AS n FROM clipping_meta_fts WHERE clipping_meta_fts MATCH '"graid"'`).get() as { n: number }).n;
    expect(tagged).toBeGreaterThan(64);
    for (const q of ['graid -ta', 'graid ta', 'graid OR ta']) {
      for (const [limit, offset] of [[10, 0], [10, 10]] as const) {
        const from = runs.length;
        const page = repo.query(q, { limit, offset, now });
        const want = plain.repo.query(q, { limit, offset, now });
        expect(page.ranked, `${q} ${offset}`).toEqual(want.ranked);
        expect([page.total, page.totalExact], `${q} ${offset}`).toEqual([want.total, want.totalExact]);
        // (`ta`'s match is never read whole to pick the tag's clippings out of it.)
        const passes = runs.slice(from).filter((r) => /FROM clipping_fts WHERE clipping_fts MATCH \? AND \+rowid IN/.test(r.sql) && /^SELECT rowid AS id, 0 AS r/.test(r.sql) && r.params[0] === '"ta"');
        expect(passes.map((r) => r.sql), `${q} ${offset}`).toEqual([]);
      }
    }
    expect(repo.query('graid -ta', { limit: 10, offset: 0, now }).total).toBe(
      (db.prepare(`SELECT count(*) AS n FROM clipping_meta_fts m WHERE clipping_meta_fts MATCH '"graid"' AND rowid NOT IN (SELECT rowid FROM clipping_fts WHERE clipping_fts MATCH '"ta"')`).get() as { n: number }).n,
    );
    db.close();
  });
});
