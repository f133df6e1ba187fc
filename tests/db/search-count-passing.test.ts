/**
 * The total of a broad word under filters counted from the clippings passing them
 * (db/query/filter-count.ts, issue 13): the match's rowids read once and tested against
 * the filters' ids — those the filters drove with, or those of a date range read from the
 * date index (on from the ids the driver read first) — instead of each match looked up in
 * the filters' index; the matches read are looked up only when the filters' clippings are
 * far more. The same totals as a count of every match; the match is not walked against
 * the filters.
 */
import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import { ClippingRepo } from '../../db/clippings.ts';
import { openDatabase, type Db } from '../../db/open.ts';
import { countPassing, WALK_PER_MATCH, type PassingReads } from '../../db/query/filter-count.ts';
import { COUNT_CAP, SearchRepo } from '../../db/search.ts';
import { NOW } from '../helpers.ts';
import { recording } from './recording.ts';

/** A small deterministic generator (tests must not depend on Math.random). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('countPassing', () => {
  const reads = (match: number[], passing: number[], atLeast = 0) => {
    const log: [number, number][] = [];
    const looked: number[][] = [];
    const r: PassingReads = {
      matchIds: () => match,
      passingIds: (offset, limit) => (log.push([offset, limit]), passing.slice(offset, offset + limit)),
      known: false,
      passingAtLeast: atLeast,
      countAmong: (ids, limit) => (looked.push([...ids]), Math.min(limit, ids.filter((id) => passing.includes(id)).length)),
    };
    return { r, log, looked };
  };
  it('counts the passing clippings the match has (less those the meta index decided, plus those it found), up to cap + 1', () => {
    for (let seed = 1; seed <= 60; seed++) {
      const rand = rng(seed);
      const maxId = 50 + Math.floor(rand() * 3000);
      const ids = Array.from({ length: maxId }, (_, i) => i + 1);
      const pm = rand();
      const pp = rand();
      const match = ids.filter(() => rand() < pm);
      const passing = ids.filter(() => rand() < pp).sort(() => rand() - 0.5);
      const except = ids.filter(() => rand() < 0.05);
      const plus = except.filter(() => rand() < 0.5);
      const cap = 1 + Math.floor(rand() * 400);
      const inMatch = new Set(match);
      const ex = new Set(except);
      const pl = new Set(plus);
      const want = passing.filter((id) => (ex.has(id) ? pl.has(id) : inMatch.has(id))).length;
      const hits = Math.max(1, match.length - except.length + plus.length);
      for (const atLeast of [0, Math.floor(rand() * passing.length)]) {
        const { r, looked } = reads(match, passing, atLeast);
        expect(countPassing(r, except, plus, cap, maxId), `seed ${seed}`).toBe(Math.min(want, cap + 1));
        // The matches are looked up only when the filters' clippings outnumber what the walk may read, or the cap lies beyond it at the match's density.
        const expected = Math.ceil(((cap + 1) * maxId) / hits) + 64;
        if (looked.length) expect(Math.max(atLeast, passing.length, expected), `seed ${seed}`).toBeGreaterThan(WALK_PER_MATCH * hits);
      }
    }
  });
  it('reads the filters’ clippings in turn, no further than the cap needs, and gives up past its budget', () => {
    const match = Array.from({ length: 1000 }, (_, i) => 2 * i + 1); // the odd ids of 2,000
    const passing = Array.from({ length: 2000 }, (_, i) => 2000 - i);
    const { r, log } = reads(match, passing);
    expect(countPassing(r, [], [], 99, 2000)).toBe(100);
    expect(log).toHaveLength(1);
    expect(log[0]![0]).toBe(0);
    expect(log[0]![1]).toBeLessThan(2000);
    // A first read too short at the match's average density (its ids all among the last ones): read on.
    const late = reads(Array.from({ length: 1000 }, (_, i) => i + 1), passing);
    expect(countPassing(late.r, [], [], 499, 2000)).toBe(500);
    expect(late.log.length).toBeGreaterThan(1);
    // Far more filters' clippings than matches: the walk is given up at its budget, and the matches looked up instead…
    const few = reads([7, 1999], passing);
    expect(countPassing(few.r, [], [], 10, 2000)).toBe(2);
    expect(few.log.reduce((n, [, limit]) => n + limit, 0)).toBeLessThanOrEqual(WALK_PER_MATCH * 2);
    expect(few.looked).toEqual([[7, 1999]]);
    // …or at once, when as many are known to pass.
    const known = reads([7, 1999], passing, 2000);
    expect(countPassing(known.r, [], [], 10, 2000)).toBe(2);
    expect(known.log).toEqual([]);
    // Ids in memory (the filters drove with them) are walked whole, however many.
    const driven = reads([7, 1999], passing, 2000);
    expect(countPassing({ ...driven.r, known: true }, [], [], 10, 2000)).toBe(2);
    expect(driven.looked).toEqual([]);
  });
});

/**
 * 16,800 clippings: "rates" in nearly all, "markets" in a third; dates over 15 years; every
 * fourth tagged "economy"; some noted "rates again" (decided in the meta index), some trashed.
 */
function archive(): Db {
  const db = openDatabase(':memory:');
  const repo = new ClippingRepo(db);
  db.transaction(() => {
    for (let i = 0; i < 16_800; i++) {
      repo.insert(
        {
          captureId: null, title: `Note ${i}`, byline: null, outlet: null, sourceUrl: null, canonicalUrl: null, urlKey: null,
          publishedAt: `20${10 + (i % 15)}-0${1 + (i % 9)}-1${i % 10}T10:00:00Z`, modifiedAt: null, capturedAt: NOW, lang: 'en', excerpt: null,
          text: `${i % 50 === 7 ? 'Held.' : 'Rates held.'} ${i % 3 === 1 ? 'Markets moved.' : ''} ${'filler '.repeat(i % 5)}`,
          html: null, figures: [], leadImage: null, wordCount: 3, contentHash: `c${i}`,
        },
        NOW,
      );
    }
    db.exec(`INSERT INTO tags (id, name, created_at) VALUES (1, 'economy', '${NOW}');
             INSERT INTO clipping_tags (clipping_id, tag_id, added_at) SELECT id, 1, '${NOW}' FROM clippings WHERE id % 4 = 0;
             UPDATE clippings SET note = 'rates again' WHERE id % 13 = 0;
             UPDATE clippings SET deleted_at = '${NOW}' WHERE id % 97 = 0;`);
  })();
  return db;
}

describe('the total of a broad word under filters, counted from their clippings', () => {
  let db: Db;
  beforeAll(() => {
    db = archive();
  });
  afterAll(() => db.close());

  // Under the cap over a date range (the proof from two counts cannot tell); over it; a date
  // range wider than the driver's first ids (read on from them); filters that drive with more
  // clippings than a ranking by SQL takes whole (WHOLE_RANKING_MAX); a rarer match (two
  // words) under a range; a rare match under a range far wider than it (its matches looked up);
  // filters that drive against a match read whole by the driver.
  const cases = ['markets after:2012-01-01 before:2020-12-31', 'rates after:2011-01-01', 'rates after:2013-01-01 before:2023-12-31', 'markets before:2019-06-01', 'rates tag:economy', 'markets tag:economy', 'rates moved filler after:2011-01-01', 'held -rates after:2011-01-01'];
  for (const q of cases) {
    it(`"${q}": the total of a count of every match, without walking the match against the filters`, () => {
      const { repo, runs } = recording(db);
      const plain = new SearchRepo(db);
      const now = new Date(NOW);
      const n = plain.allMatches(q, now).length;
      for (const sort of ['relevance', 'newest'] as const) {
        runs.length = 0;
        const page = repo.query(q, { limit: 20, offset: 0, now, sort });
        expect({ total: page.total, exact: page.totalExact }, `${q} ${sort}`).toEqual(n > COUNT_CAP ? { total: COUNT_CAP, exact: false } : { total: n, exact: true });
        expect(page.ranked, `${q} ${sort}`).toHaveLength(20);
        // Neither the match joined to the filters' index nor read through the filters' ids to count it.
        expect(runs.filter((r) => r.sql.includes(`LIMIT ${COUNT_CAP + 1}`)).map((r) => r.sql), `${q} ${sort}`).toEqual([]);
        // The rare match's clippings were looked up (the range far wider than it), the match read once.
        if (q.startsWith('held')) expect(runs.some((r) => r.sql.includes('FROM json_each(?) j CROSS JOIN clippings c')), `${q} ${sort}`).toBe(true);
        // Filters that drive against a match the driver read whole (`markets`, a third of the archive): the count takes its rowids, not read again.
        const reads = runs.filter((r) => /^SELECT json_group_array\(rowid\) AS ids FROM (\(SELECT rowid FROM )?clipping_fts WHERE clipping_fts MATCH \?( LIMIT \?\))?$/.test(r.sql));
        if (q === 'markets tag:economy') expect(reads.map((r) => r.sql), `${q} ${sort}`).toHaveLength(1);
      }
      expect(repo.countOf(q, now), q).toEqual(n > COUNT_CAP ? { total: COUNT_CAP, exact: false } : { total: n, exact: true });
    });
  }

  it('proves a word in most of the archive over the cap in a date range from its ranking list’s counts, not by counting its match again', () => {
    const { repo, runs } = recording(db);
    const now = new Date(NOW);
    expect(repo.warmRankLists(['rates'], Date.now() + 60_000)).toBe(1);
    for (const q of ['rates after:2011-01-01', 'rates after:2012-01-01 before:2023-12-31']) {
      expect(new SearchRepo(db).allMatches(q, now).length, q).toBeGreaterThan(COUNT_CAP);
      runs.length = 0;
      const page = repo.query(q, { limit: 20, offset: 0, now });
      expect({ total: page.total, exact: page.totalExact }, q).toEqual({ total: COUNT_CAP, exact: false });
      // (No pass over the whole match of `rates`, nor a count of the index's documents.)
      expect(runs.filter((r) => r.sql.includes('clipping_fts_docsize') || /count\(\*\) FROM clipping_fts WHERE clipping_fts MATCH \?\)/.test(r.sql)).map((r) => r.sql), q).toEqual([]);
    }
  });
});
