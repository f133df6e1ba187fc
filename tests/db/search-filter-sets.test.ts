/**
 * Filters against a broad match as sets (db/query/drive.ts, step 3; issue 13): when the
 * filters pass too many clippings to drive as read but not a quarter of the archive, their
 * ids are kept only where the match has them — those few ranked — and a combination the
 * match has none of is answered empty before anything is ranked. Pages, totals, snippets
 * and facets are those of the match-driven plan (the SQL reference).
 */
import { describe, expect, it } from 'vitest';
import { ClippingRepo } from '../../db/clippings.ts';
import { openDatabase, type Db } from '../../db/open.ts';
import { SearchRepo } from '../../db/search.ts';
import { NOW } from '../helpers.ts';
import { recording, type Recorded } from './recording.ts';

const SIZE = 4000;

/**
 * 4,000 clippings: "levy" in the body of two in three (i % 3 ≠ 0), "quota" in those with
 * i % 5 ≥ 2 ("tariff" too), "survey" in the title of all but the German ones, "duty" in every German one and ~1,300 others; a fifth in German (i % 5 = 1: 800, more than the driver's first read of 667,
 * fewer than a quarter of the archive); "levy" also in the notes of some German ones
 * without it in the body, and "tariff" (the meta index decides those); a few deleted.
 */
function archive(): Db {
  const db = openDatabase(':memory:');
  const repo = new ClippingRepo(db);
  db.transaction(() => {
    for (let i = 0; i < SIZE; i++) {
      const duty = i % 5 === 1 || i % 5 === 2 || (i % 5 === 3 && i % 3 !== 0);
      const words = [`Report ${i}.`, i % 3 ? 'The levy rose.' : 'Markets moved.', i % 5 >= 2 ? 'A quota came. A tariff too.' : '', duty ? 'A duty fell.' : '', 'filler '.repeat(i % 9)];
      repo.insert(
        {
          captureId: null, title: `Report ${i}${i % 5 === 1 ? '' : ' survey'}`, byline: null, outlet: i % 2 ? 'Daily Courier' : 'Herald', sourceUrl: null, canonicalUrl: null, urlKey: null,
          publishedAt: `20${10 + (i % 15)}-0${1 + (i % 9)}-1${i % 10}T10:00:00Z`, modifiedAt: null, capturedAt: NOW, lang: i % 5 === 1 ? 'de' : 'en',
          excerpt: null, text: words.join(' '), html: null, figures: [], leadImage: null, wordCount: 5, contentHash: `h${i}`,
        },
        NOW,
      );
    }
    // (Clipping ids are i + 1.)
    db.exec(`UPDATE clippings SET note = 'levy again, tariff too' WHERE (id - 1) % 45 = 21;
             UPDATE clippings SET note = 'see levy' WHERE (id - 1) % 35 = 2;
             UPDATE clippings SET deleted_at = '${NOW}' WHERE id % 97 = 0;`);
  })();
  return db;
}

/** The live German clippings with "levy" in the body or the notes, and with "duty", by the rules `archive` wrote them. */
const inGerman = (word: 'levy' | 'duty') =>
  Array.from({ length: SIZE }, (_, i) => i)
    .filter((i) => i % 5 === 1 && (i + 1) % 97 !== 0 && (word === 'duty' || i % 3 !== 0 || i % 45 === 21))
    .map((i) => i + 1);

const ranking = (runs: Recorded[]) => runs.filter((r) => /bm25\(clipping_fts\b/.test(r.sql));
const restricted = (r: Recorded) => /\+(clipping_fts\.rowid|rowid|m\.id) IN \(SELECT value FROM json_each\(\?\)\)/.test(r.sql);

function matchDriven(db: Db): SearchRepo {
  const repo = new SearchRepo(db);
  (repo as unknown as { driver: () => { kind: 'match' } }).driver = () => ({ kind: 'match' });
  return repo;
}

describe('filters against a broad match as sets', () => {
  // "levy": the clippings in both are a fifth of the match; "duty": more than a third of it.
  for (const word of ['levy', 'duty'] as const) {
    it(`"${word} lang:de": rank only the filters' clippings that the match has, with the pages of the match-driven plan`, () => {
      const db = archive();
      const { repo, runs } = recording(db);
      const plain = matchDriven(db);
      const now = new Date(NOW);
      const q = `${word} lang:de`;
      const both = inGerman(word);
      // Of a match of 2,000 or more (else it drives), more than the first read of the filters (667).
      expect(repo.countOf(word, now).total).toBeGreaterThanOrEqual(2000);
      expect(both.length).toBeGreaterThan(word === 'levy' ? 400 : 667);
      for (const sort of ['relevance', 'newest', 'oldest'] as const) {
        for (const offset of [0, 20, 500]) {
          for (const collapse of [false, true]) {
            const opts = { limit: 20, offset, now, sort, collapse, facets: true };
            runs.length = 0;
            const got = repo.query(q, opts);
            expect(got, `${sort} ${offset} ${collapse}`).toEqual(plain.query(q, opts));
            if (offset < both.length) expect(got.ranked.length).toBeGreaterThan(0);
            // Every bm25 over the main table is restricted to the ids given, and those are the clippings in both sets (or some of them, the page's).
            const ranked = ranking(runs);
            if (sort === 'relevance') expect(ranked.length).toBeGreaterThan(0);
            for (const r of ranked) {
              expect(restricted(r), r.sql).toBe(true);
              const given = r.params.filter((p): p is string => typeof p === 'string' && /^\[\d/.test(p)).map((p) => JSON.parse(p) as number[]);
              expect(given.length, r.sql).toBeGreaterThan(0);
              for (const ids of given) for (const id of ids) expect(both, `${id}`).toContain(id);
            }
            // By relevance, the clippings ranked are exactly those in both sets.
            if (sort === 'relevance' && !collapse) expect(ranked.some((r) => r.params.includes(JSON.stringify(both)))).toBe(true);
          }
        }
      }
      expect(repo.query(q, { limit: 20, offset: 0, now }).total).toBe(both.length);
      expect(repo.countOf(q, now)).toEqual(plain.countOf(q, now));
      db.close();
    });
  }

  // "tariff title:survey lang:de": German clippings have "tariff" in their notes, but none "survey" in its title (a phrase only the main index holds).
  for (const q of ['quota lang:de', 'tariff title:survey lang:de']) {
    it(`"${q}": a combination the match has none of answers empty, ranking nothing; close matches are still sought`, () => {
      const db = archive();
      const { repo, runs } = recording(db);
      const plain = matchDriven(db);
      const now = new Date(NOW);
      expect(repo.countOf(q.replace(' lang:de', ''), now).total).toBeGreaterThanOrEqual(2000);
      const got = repo.query(q, { limit: 20, offset: 0, now, facets: true });
      expect(got).toEqual(plain.query(q, { limit: 20, offset: 0, now, facets: true }));
      expect(got.total).toBe(0);
      expect(ranking(runs)).toEqual([]);
      expect(repo.countOf(q, now)).toEqual({ total: 0, exact: true });
      // The search for close matches is cut short only as before (clippings pass `lang:de`; none `title:survey lang:de`).
      expect(repo.anyPassesFilters(repo.parse(q), now)).toBe(q === 'quota lang:de');
      expect(plain.anyPassesFilters(plain.parse(q), now)).toBe(q === 'quota lang:de');
      db.close();
    });
  }
});
