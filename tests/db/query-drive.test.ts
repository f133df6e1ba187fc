/**
 * What drives a query with both words and filters (db/query/drive.ts, issue 13): a
 * filter no clipping passes, or a query that contradicts itself, answers empty without
 * reading the word's match; a selective filter drives (only its clippings are ranked
 * against the match); a small match or a broad filter leaves the match driving. Each
 * plan gives the very page, total, snippets and facets of the match-driven plan.
 */
import { describe, expect, it } from 'vitest';
import { ClippingRepo } from '../../db/clippings.ts';
import { openDatabase, type Db } from '../../db/open.ts';
import { buildQuery, FTS_SUBQUERY } from '../../db/query/builder.ts';
import { chooseDriver, contradicts, MATCH_RATIO, SMALL_MATCH, type DriverReads } from '../../db/query/drive.ts';
import { parseQuery, simplify } from '../../db/query/parser.ts';
import { COUNT_CAP, SearchRepo } from '../../db/search.ts';
import { NOW } from '../helpers.ts';
import { recording, type Recorded } from './recording.ts';

/** 2,500 clippings, every one with "rates" (a broad match), a few with "tariff"; some tagged or noted "rates". */
function archive(): Db {
  const db = openDatabase(':memory:');
  const repo = new ClippingRepo(db);
  db.transaction(() => {
    for (let i = 0; i < 2500; i++) {
      const text = `Rates report ${i}. ${i % 3 ? 'The bank held rates.' : 'Markets moved rates.'} ${i % 100 === 7 ? 'A tariff came.' : ''} ${'filler '.repeat(i % 7)}`;
      repo.insert(
        {
          captureId: null, title: `Report ${i}`, byline: null, outlet: i % 2 ? 'Daily Courier' : 'Herald', sourceUrl: null, canonicalUrl: null, urlKey: null,
          publishedAt: `20${10 + (i % 15)}-0${1 + (i % 9)}-1${i % 10}T10:00:00Z`, modifiedAt: null, capturedAt: NOW, lang: i % 400 === 3 ? 'fr' : 'en',
          excerpt: null, text, html: null, figures: [], leadImage: null, wordCount: 5, contentHash: `h${i}`,
        },
        NOW,
      );
    }
    db.exec(`INSERT INTO tags (id, name, created_at) VALUES (1, 'rates watch', '${NOW}'), (2, 'economy', '${NOW}');
             INSERT INTO clipping_tags (clipping_id, tag_id, added_at) SELECT id, 1, '${NOW}' FROM clippings WHERE id % 11 = 0;
             INSERT INTO clipping_tags (clipping_id, tag_id, added_at) SELECT id, 2, '${NOW}' FROM clippings WHERE id % 5 = 0;
             UPDATE clippings SET note = 'rates again' WHERE id % 13 = 0;
             UPDATE clippings SET starred = 1 WHERE id % 50 = 0;
             UPDATE clippings SET deleted_at = '${NOW}' WHERE id % 97 = 0;`);
  })();
  return db;
}

const ftsReads = (runs: Recorded[]) => runs.filter((r) => /clipping_(meta_)?fts\b/.test(r.sql));
/** The only full-text read allowed before the filters are known: the match's rowids, counted up to SMALL_MATCH. */
const isSmallCount = (r: Recorded) => /^SELECT count\(\*\) AS n FROM \(SELECT rowid FROM clipping_fts WHERE clipping_fts MATCH \? LIMIT \?\)$/.test(r.sql) && r.params[1] === SMALL_MATCH;
const filterReads = (runs: Recorded[]) => runs.filter((r) => /^SELECT json_group_array\(id\) AS ids FROM \(SELECT c\.id AS id FROM clippings c (INDEXED BY \w+ )?WHERE c\.deleted_at IS NULL AND/.test(r.sql));
const restricted = (runs: Recorded[]) => runs.filter((r) => /\+clipping_fts\.rowid IN \(SELECT value FROM json_each\(\?\)\)/.test(r.sql));

describe('a query that can match nothing', () => {
  for (const q of ['rates tag:nosuchtag', 'rates on:1999-01-01', 'rates after:2030 before:2031', 'rates lang:de', 'rates tag:economy on:2011-02']) {
    it(`"${q}": empty, the broad match read no further than its first ${SMALL_MATCH} rowids`, () => {
      const db = archive();
      const { repo, runs } = recording(db);
      const now = new Date(NOW);
      const page = repo.query(q, { limit: 20, offset: 0, now, facets: true });
      expect(page.ranked).toEqual([]);
      expect(page.total).toBe(0);
      expect(repo.countOf(q, now)).toEqual({ total: 0, exact: true });
      expect(repo.histogram(q, 'month', 'tag', now)).toEqual([]);
      const reads = ftsReads(runs);
      expect(reads.length).toBeGreaterThan(0);
      for (const r of reads) expect(isSmallCount(r), r.sql).toBe(true);
      db.close();
    });
  }

  for (const q of ['rates -rates', 'Rates bank -RATES', 'rates -(rates OR tariff)', '(rates -rates) OR (bank -bank)', 'rates tag:economy -tag:economy', 'rates -tag:"rates watch" tag:"rates watch"', 'rates is:starred -is:starred']) {
    it(`"${q}" contradicts itself: empty without a full-text read`, () => {
      const db = archive();
      const { repo, runs } = recording(db);
      const page = repo.query(q, { limit: 20, offset: 0, now: new Date(NOW) });
      expect(page.ranked).toEqual([]);
      expect(page.total).toBe(0);
      expect(ftsReads(runs)).toEqual([]);
      db.close();
    });
  }
});

describe('close matches of a query that can match nothing', () => {
  it('a word excluded is not read in full to tell whether any clipping may pass the filters', () => {
    const db = archive();
    const { repo, runs } = recording(db);
    const now = new Date(NOW);
    for (const q of ['zzmisspelt -rates', 'zzmisspelt -bank', 'zzmisspelt -(bank OR tariff) lang:en']) {
      const parsed = repo.parse(q);
      runs.length = 0;
      expect(repo.anyPassesFilters(parsed, now), q).toBe(true);
      expect(runs.filter((r) => /NOT IN \(SELECT/.test(r.sql) && /clipping_fts MATCH/.test(r.sql)), q).toEqual([]);
    }
    db.close();
  });

  it('a contradiction seeks none; filters no clipping passes are not read again, unless something was written since', () => {
    const db = archive();
    const { repo, runs } = recording(db);
    const now = new Date(NOW);
    expect(repo.positiveTerms(repo.parse('rates -rates'))).toEqual([]);
    expect(repo.positiveTerms(repo.parse('rates -bank'))).toEqual(['rates']);
    const parsed = repo.parse('rates tag:nosuchtag');
    expect(repo.query(parsed, { limit: 20, offset: 0, now }).total).toBe(0);
    runs.length = 0;
    expect(repo.anyPassesFilters(parsed, now)).toBe(false);
    expect(runs.filter((r) => /\bclippings c\b/.test(r.sql))).toEqual([]);
    // Another query, or a write since: read again.
    expect(repo.anyPassesFilters(repo.parse('rates tag:nosuchtag'), now)).toBe(false);
    expect(runs.filter((r) => /\bclippings c\b/.test(r.sql))).toHaveLength(1);
    db.exec(`INSERT INTO tags (id, name, created_at) VALUES (9, 'nosuchtag', '${NOW}'); INSERT INTO clipping_tags (clipping_id, tag_id, added_at) VALUES (1, 9, '${NOW}')`);
    expect(repo.anyPassesFilters(parsed, now)).toBe(true);
    db.close();
  });
});

describe('contradictions', () => {
  const c = (q: string) => contradicts(simplify(parseQuery(q)));
  it('are an AND with the negation of something one of its parts implies, or an OR of them', () => {
    for (const q of ['the -the', 'The -tHe', 'a b -b', 'a -(a OR b)', '"a b" -"A B"', 'tag:x -tag:X', 'on:2020 -on:2020', '(a -a) OR (b -b)', 'x (a -a)']) expect(c(q), q).toBe(true);
    for (const q of ['the', 'a -b', 'a -(b a)', '(a -a) OR b', 'a -a*', 'tag:x -tag:y', 'Łódź -łódź', 'a OR -a']) expect(c(q), q).toBe(false);
  });
});

describe('the driver, from bounded reads', () => {
  /**
   * The reads of an archive with `matches` matching rowids (1…matches) and `passing`
   * clippings passing the filters (from+1…from+passing), logged.
   */
  const reads = (matches: number, passing: number, maxId = 100_000, from = 0) => {
    const log: string[] = [];
    const r: DriverReads = {
      matches: (limit) => (log.push(`matches ${limit}`), Math.min(matches, limit)),
      filterIds: (limit) => (log.push(`filters ${limit}`), Array.from({ length: Math.min(passing, limit) }, (_, i) => from + i + 1)),
      matchIds: (limit) => (log.push(`match ids ${limit}`), Array.from({ length: Math.min(matches, limit) }, (_, i) => i + 1)),
      maxId: () => maxId,
    };
    return { r, log };
  };
  it('a small match drives; the filters are not read', () => {
    const { r, log } = reads(SMALL_MATCH - 1, 0);
    expect(chooseDriver(r)).toEqual({ kind: 'match' });
    expect(log).toEqual([`matches ${SMALL_MATCH}`]);
  });
  it('filters no clipping passes: none, the match counted no further than SMALL_MATCH', () => {
    const { r, log } = reads(90_000, 0);
    expect(chooseDriver(r)).toEqual({ kind: 'none' });
    expect(log).toEqual([`matches ${SMALL_MATCH}`, `filters ${Math.floor(SMALL_MATCH / MATCH_RATIO) + 1}`]);
  });
  it('a few clippings passing the filters drive', () => {
    const { r, log } = reads(90_000, 80);
    expect(chooseDriver(r)).toEqual({ kind: 'filters', ids: Array.from({ length: 80 }, (_, i) => i + 1) });
    expect(log).toHaveLength(2);
  });
  it('the filters drive with those of their clippings in the match, up to a quarter of the archive; beyond, the match drives', () => {
    // A match of 75,000 or more (MATCH_RATIO times the cap) is broad: the filters' clippings drive as read.
    expect(chooseDriver(reads(90_000, 20_000).r)).toEqual({ kind: 'filters', ids: Array.from({ length: 20_000 }, (_, i) => i + 1) });
    expect(chooseDriver(reads(30_000, 25_000).r)).toEqual({ kind: 'filters', ids: Array.from({ length: 25_000 }, (_, i) => i + 1) });
    expect(chooseDriver(reads(30_000, 25_001).r)).toEqual({ kind: 'match' });
    // 20,000 passing, of which only 5,000 in a match of 30,000: those 5,000 drive.
    expect(chooseDriver(reads(30_000, 20_000, 100_000, 25_000).r)).toEqual({ kind: 'filters', ids: Array.from({ length: 5000 }, (_, i) => 25_001 + i) });
    // Never more than a quarter of the archive read as filter ids.
    const { r, log } = reads(100_000, 60_000);
    expect(chooseDriver(r)).toEqual({ kind: 'match' });
    expect(log.at(-1)).toBe('filters 25001');
  });
  it("filters read in id order whose first ids pass densely are broad: the match drives, the filters' index not read on; else it is read on from the first ids", () => {
    /** `reads`, the filters' ids every `stride`-th clipping, read from the index by id. */
    const strided = (stride: number) => {
      const log: string[] = [];
      const r: DriverReads = {
        matches: (limit) => (log.push(`matches ${limit}`), limit),
        filterIds: (limit, after = 0) => (
          log.push(`filters ${limit}${after ? ` after ${after}` : ''}`),
          Array.from({ length: Math.min(Math.floor((100_000 - after) / stride), limit) }, (_, i) => after + (i + 1) * stride)
        ),
        matchIds: (limit) => (log.push(`match ids ${limit}`), Array.from({ length: limit }, (_, i) => i + 1)),
        maxId: () => 100_000,
        byId: true,
      };
      return { r, log };
    };
    const first = Math.floor(SMALL_MATCH / MATCH_RATIO) + 1;
    // Half the archive (50,000 at the first ids' density, past 1.2 × the cap of 25,000).
    const half = strided(2);
    expect(chooseDriver(half.r)).toEqual({ kind: 'match' });
    expect(half.log).toEqual([`matches ${SMALL_MATCH}`, `filters ${first}`]);
    // A fifth (20,000): read on, and they drive as read (the match read to its limit is broad).
    const fifth = strided(5);
    expect(chooseDriver(fifth.r)).toEqual({ kind: 'filters', ids: Array.from({ length: 20_000 }, (_, i) => (i + 1) * 5) });
    // (Read on from the first ids' last, not again from the start.)
    expect(fifth.log).toEqual([`matches ${SMALL_MATCH}`, `filters ${first}`, `filters ${25_001 - first} after ${first * 5}`, 'match ids 75000']);
    // Not in id order (a date range): no density is told, the filters read on.
    const dated = strided(2);
    delete dated.r.byId;
    expect(chooseDriver(dated.r)).toEqual({ kind: 'match' });
    expect(dated.log.at(-1)).toBe('filters 25001');
  });
  it("a match its ranking list counts at MATCH_RATIO times the cap or more is broad: the filters' ids drive as read, the match's rowids not read", () => {
    const { r, log } = reads(90_000, 20_000);
    r.broad = (limit) => (log.push(`broad ${limit}`), 90_000 >= limit);
    expect(chooseDriver(r)).toEqual({ kind: 'filters', ids: Array.from({ length: 20_000 }, (_, i) => i + 1) });
    expect(log).toEqual([`matches ${SMALL_MATCH}`, `filters ${Math.floor(SMALL_MATCH / MATCH_RATIO) + 1}`, 'filters 25001', 'broad 75000']);
    // Under it, the match is read and set against the filters as before.
    const small = reads(30_000, 20_000, 100_000, 25_000);
    small.r.broad = (limit) => 30_000 >= limit;
    expect(chooseDriver(small.r)).toEqual({ kind: 'filters', ids: Array.from({ length: 5000 }, (_, i) => 25_001 + i) });
    expect(small.log.at(-1)).toBe('match ids 75000');
  });
  it('filters whose clippings are all outside the match: empty, nothing ranked', () => {
    const { r, log } = reads(5000, 3000, 100_000, 5000);
    expect(chooseDriver(r)).toEqual({ kind: 'empty' });
    expect(log).toEqual([`matches ${SMALL_MATCH}`, `filters ${Math.floor(SMALL_MATCH / MATCH_RATIO) + 1}`, 'filters 25001', 'match ids 75000']);
  });
});

describe('a selective filter drives a broad match', () => {
  const QUERIES = [
    'rates on:2015-06',
    'rates is:starred',
    'rates tag:"rates watch" -tag:economy',
    'rates report after:2019-01-01 before:2020-12-31',
    'rates lang:fr',
    'rates -tariff on:2012',
  ];
  for (const q of QUERIES) {
    it(`"${q}": only the filter's clippings are ranked, with the page, total, snippets and facets of the match-driven plan`, () => {
      const db = archive();
      const { repo, runs } = recording(db);
      const matchDriven = new SearchRepo(db);
      (matchDriven as unknown as { driver: () => { kind: 'match' } }).driver = () => ({ kind: 'match' });
      const now = new Date(NOW);
      for (const sort of ['relevance', 'newest', 'oldest'] as const) {
        for (const offset of [0, 20]) {
          for (const collapse of [false, true]) {
            const opts = { limit: 20, offset, now, sort, collapse, facets: true };
            runs.length = 0;
            const got = repo.query(q, opts);
            expect(got, `${q} ${sort} ${offset}`).toEqual(matchDriven.query(q, opts));
            if (offset === 0) expect(got.ranked.length, q).toBeGreaterThan(0);
            const [ids] = filterReads(runs);
            expect(ids, q).toBeDefined();
            // The match is ranked over the filters' clippings only: every bm25 over the main
            // table's match is restricted to them (or to the shown page's ids).
            const ranked = restricted(runs);
            expect(ranked.length).toBeGreaterThan(0);
            for (const r of runs.filter((x) => x.sql.includes('bm25(clipping_fts,') && !/\+(clipping_fts\.rowid|rowid|m\.id) IN \(SELECT value FROM json_each\(\?\)\)/.test(x.sql))) expect.fail(`unrestricted ranking: ${r.sql}`);
            const passing = JSON.stringify(passingFilters(db, q, now));
            const sorted = (p: unknown) => (typeof p === 'string' && p.startsWith('[') ? JSON.stringify((JSON.parse(p) as number[]).sort((a, b) => a - b)) : null);
            for (const r of ranked) expect(r.params.some((p) => sorted(p) === passing), r.sql).toBe(true);
          }
        }
      }
      expect(repo.countOf(q, now)).toEqual(matchDriven.countOf(q, now));
      db.close();
    });
  }

  it("counts the total among the filters' clippings without looking each match up in the filters' index again", () => {
    const db = archive();
    const { repo, runs } = recording(db);
    const matchDriven = new SearchRepo(db);
    (matchDriven as unknown as { driver: () => { kind: 'match' } }).driver = () => ({ kind: 'match' });
    const now = new Date(NOW);
    for (const q of ['rates on:2015-06', 'rates report after:2019-01-01 before:2020-12-31', 'rates is:starred', 'rates -tariff on:2012']) {
      runs.length = 0;
      // limit 1: the page is not the whole match, so the total is counted.
      expect(repo.query(q, { limit: 1, offset: 0, now }).total, q).toBe(matchDriven.query(q, { limit: 1, offset: 0, now }).total);
      // (None at all when the page was ranked by SQL among the filters' clippings: that ranking took all of them, and is the count.)
      const counts = runs.filter((r) => r.sql.includes(`LIMIT ${COUNT_CAP + 1}`));
      expect(counts.length, q).toBeLessThanOrEqual(1);
      for (const c of counts) expect(c.sql, q).not.toMatch(/\bclippings c\b/);
    }
    db.close();
  });

  it("ranks a broad word from its ranking list when the filters drive, their clippings needing no look-up", () => {
    const db = archive();
    const { repo, runs } = recording(db, { rankLists: { broad: 30, size: 24, deep: 256 } });
    const matchDriven = new SearchRepo(db);
    (matchDriven as unknown as { driver: () => { kind: 'match' } }).driver = () => ({ kind: 'match' });
    const now = new Date(NOW);
    expect(repo.warmRankLists(['rates'], Date.now() + 600_000, true)).toBe(1);
    const q = 'rates after:2019-01-01 before:2020-12-31';
    runs.length = 0;
    const page = repo.query(q, { limit: 3, offset: 0, now });
    expect(page.ranked).toEqual(matchDriven.query(q, { limit: 3, offset: 0, now }).ranked);
    expect(filterReads(runs).length).toBeGreaterThan(0);
    // The filters' clippings are not ranked by bm25 (before: all of them, as the list was left
    // out): FTS5 scores only some of those with "rates" in their tags or notes (level in
    // the meta index: the body decides), the others come from the list.
    const scoring = runs.filter((r) => /bm25\(clipping_fts\b/.test(r.sql));
    expect(scoring.length).toBeLessThanOrEqual(1);
    for (const r of scoring) for (const id of JSON.parse(r.params[1] as string) as number[]) expect(id % 11 === 0 || id % 13 === 0, `${id}`).toBe(true);
    db.close();
  });

  it("checks a ranking list's candidates against broad filters best first, a batch at a time, not all of them", () => {
    const db = archive();
    const { repo, runs } = recording(db, { rankLists: { broad: 30, size: 24, deep: 256 } });
    const plain = new SearchRepo(db);
    const now = new Date(NOW);
    expect(repo.warmRankLists(['rates'], Date.now() + 600_000, true)).toBe(1);
    for (const q of ['rates lang:en', 'rates -tag:economy']) {
      runs.length = 0;
      expect(repo.query(q, { limit: 3, offset: 0, now }).ranked, q).toEqual(plain.query(q, { limit: 3, offset: 0, now }).ranked);
      // The list's 512 and the ~400 clippings with "rates" in their tags or notes: the first 256 (by the most each can score) are enough.
      const checks = runs.filter((r) => /^SELECT json_group_array\(c\.id\) AS ids FROM clippings c INDEXED BY clippings_filters WHERE c\.id IN/.test(r.sql));
      expect(checks.length, q).toBe(1);
      expect((JSON.parse(checks[0]!.params[0] as string) as number[]).length, q).toBe(256);
    }
    db.close();
  });

  it('a rare word drives: the filters are not read', () => {
    const db = archive();
    const { repo, runs } = recording(db);
    repo.query('tariff on:2015-06', { limit: 20, offset: 0, now: new Date(NOW) });
    expect(filterReads(runs)).toEqual([]);
    expect(restricted(runs)).toEqual([]);
    db.close();
  });

  it('a broad filter leaves the match driving', () => {
    const db = archive();
    const { repo, runs } = recording(db);
    const page = repo.query('rates lang:en', { limit: 20, offset: 0, now: new Date(NOW) });
    expect(page.ranked).toHaveLength(20);
    expect(filterReads(runs).length).toBeGreaterThan(0);
    expect(restricted(runs)).toEqual([]);
    db.close();
  });
});

describe('the total of a broad word under a broad date range', () => {
  it('is known to pass the cap from two counts, without walking the match against the filters', () => {
    const db = openDatabase(':memory:');
    const repo0 = new ClippingRepo(db);
    db.transaction(() => {
      for (let i = 0; i < COUNT_CAP + 600; i++) {
        repo0.insert(
          {
            captureId: null, title: `Note ${i}`, byline: null, outlet: null, sourceUrl: null, canonicalUrl: null, urlKey: null,
            publishedAt: `20${10 + (i % 15)}-03-01T10:00:00Z`, modifiedAt: null, capturedAt: NOW, lang: 'en', excerpt: null,
            text: i % 50 === 7 ? 'Markets moved.' : 'Rates held.', html: null, figures: [], leadImage: null, wordCount: 2, contentHash: `c${i}`,
          },
          NOW,
        );
      }
    })();
    const { repo, runs } = recording(db);
    const now = new Date(NOW);
    for (const [q, over] of [['rates after:2010-01-01', true], ['rates after:2013-01-01', false]] as const) {
      runs.length = 0;
      const page = repo.query(q, { limit: 1, offset: 0, now });
      const walked = runs.filter((r) => r.sql.includes(`LIMIT ${COUNT_CAP + 1}`));
      const n = (
        db
          .prepare(`SELECT count(*) AS n FROM clippings c WHERE c.deleted_at IS NULL AND c.sort_key >= ? AND c.id IN (SELECT rowid FROM clipping_fts WHERE clipping_fts MATCH 'rates')`)
          .get(q.includes('2010') ? '2010-01-01' : '2013-01-01') as { n: number }
      ).n;
      expect(n > COUNT_CAP, q).toBe(over);
      expect({ total: page.total, exact: page.totalExact }, q).toEqual(over ? { total: COUNT_CAP, exact: false } : { total: n, exact: true });
      // No walk of the match: over the cap, two counts prove it; under it, the range's clippings are counted against the match's rowids (db/query/filter-count.ts).
      expect(walked.length, q).toBe(0);
    }
    db.close();
  });
});

/** The live clippings passing the query's conditions that have no full-text subquery, by id. */
function passingFilters(db: Db, q: string, now: Date): number[] {
  const { where, params } = buildQuery(simplify(parseQuery(q)), { now });
  const conds: string[] = [];
  const values: unknown[] = [];
  let p = 0;
  for (const w of where) {
    const n = w.split('?').length - 1;
    if (!w.includes(FTS_SUBQUERY)) conds.push(w), values.push(...params.slice(p, p + n));
    p += n;
  }
  return (db.prepare(`SELECT id FROM clippings c WHERE c.deleted_at IS NULL AND ${conds.join(' AND ')} ORDER BY id`).all(...values) as { id: number }[]).map((r) => r.id);
}
