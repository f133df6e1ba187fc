/**
 * The total of a broad word under a broad date range (db/query/date-count.ts): the
 * date range's clippings and the match's ids read once each and intersected — never the
 * match walked and joined to its clippings one by one — with exactly the total of the
 * general path (`allMatches`: the match joined to the clippings and filtered in SQL).
 */
import { describe, expect, it } from 'vitest';
import { ClippingRepo } from '../../db/clippings.ts';
import { openDatabase, type Db } from '../../db/open.ts';
import { boundsDate, countInDates } from '../../db/query/date-count.ts';
import { COUNT_CAP, SearchRepo } from '../../db/search.ts';
import { NOW } from '../helpers.ts';
import { recording } from './recording.ts';

/** 2,600 clippings over 15 years, "rates" in 39 of 40, "call" only in notes; some found through their notes, some trashed. */
function archive(): Db {
  const db = openDatabase(':memory:');
  const clippings = new ClippingRepo(db);
  db.transaction(() => {
    for (let i = 0; i < 2600; i++) {
      clippings.insert(
        {
          captureId: null, title: `Report ${i}`, byline: null, outlet: i % 2 ? 'Daily Courier' : 'Herald', sourceUrl: null, canonicalUrl: null, urlKey: null,
          publishedAt: i % 10 ? `20${10 + (i % 15)}-0${1 + (i % 9)}-1${i % 10}T10:00:00Z` : null, modifiedAt: null, capturedAt: NOW, lang: 'en',
          excerpt: null, text: `${i % 40 ? 'Rates report' : 'Report'} ${i}. ${i % 3 ? 'The bank held.' : 'Markets moved.'} ${'filler '.repeat(i % 7)}`,
          html: null, figures: [], leadImage: null, wordCount: 5, contentHash: `h${i}`,
        },
        NOW,
      );
    }
    db.exec(`UPDATE clippings SET note = 'rates call' WHERE id % 40 = 1 OR id % 17 = 0;
             UPDATE clippings SET deleted_at = '${NOW}' WHERE id % 97 = 0;`);
  })();
  return db;
}

const QUERIES = [
  'rates after:2013 before:2022',
  'rates after:2014-01-01 before:2019-12-31',
  'rates after:2012',
  'rates before:2023',
  'rates after:3y',
  'rates before:2y',
  'report after:2014 before:2024 -markets',
  'rates after:2013 before:2022 outlet:courier',
  'rates after:2013 before:2022 lang:en',
  'rates call after:2011',
];

describe('a broad word under a broad date range', () => {
  it('is counted from the range and the match read once each, with the total of the general path', () => {
    const db = archive();
    const { repo, runs } = recording(db);
    const now = new Date(NOW);
    let intersected = 0;
    for (const q of QUERIES) {
      runs.length = 0;
      const page = repo.query(q, { limit: 20, offset: 0, now });
      const want = repo.allMatches(q, now).length;
      expect(page.total, q).toBe(want);
      expect(page.totalExact, q).toBe(true);
      expect(repo.countOf(q, now), q).toEqual({ total: want, exact: true });
      // The count never walks the match joined to the clippings up to the cap.
      expect(runs.filter((r) => r.sql.includes(`LIMIT ${COUNT_CAP + 1}`) && r.sql.includes('CROSS JOIN clippings c')).map((r) => r.sql), q).toEqual([]);
      const batches = runs.filter((r) => /SELECT json_group_array\(rowid\) AS ids FROM \(SELECT rowid FROM clipping_fts WHERE clipping_fts MATCH \? AND rowid > \?/.test(r.sql));
      if (batches.length) intersected++;
      // The match is read in rowid ranges, never probed id by id; the range from the covering date index.
      const explain = (r: (typeof runs)[number]) => (db.prepare(`EXPLAIN QUERY PLAN ${r.sql}`).all(...r.params) as { detail: string }[]).map((p) => p.detail);
      for (const r of batches) expect(explain(r).filter((d) => /clipping_fts VIRTUAL TABLE INDEX \d+:=/.test(d)), explain(r).join('\n')).toEqual([]);
      for (const r of runs.filter((x) => x.sql.startsWith('SELECT json_group_array(c.id) AS ids FROM clippings c INDEXED BY clippings_live_filters WHERE'))) {
        expect(explain(r).join('\n'), q).toMatch(/^SEARCH c USING COVERING INDEX clippings_live_filters \(.*sort_key[<>]/);
      }
    }
    expect(intersected).toBeGreaterThanOrEqual(QUERIES.length - 1);
    db.close();
  });

  it('counts exactly up to any cap, the match read in as many batches as the cap needs', () => {
    const db = archive();
    const now = new Date(NOW);
    const search = new SearchRepo(db);
    for (const q of ['rates after:2013 before:2022', 'rates call after:2011', 'report after:2014 before:2024 -markets', 'rates after:2013 before:2022 outlet:courier']) {
      const plan = (search as unknown as { plan: (q: string, now: Date) => { where: string[]; whereParams: unknown[]; src: { ids: { body: string; except: number[]; plus: number[] } } } }).plan(q, now);
      expect(boundsDate(plan.where), q).toBe(true);
      const all = search.allMatches(q, now).length;
      for (const cap of [0, 1, 50, 300, 1000, all - 1, all, 100_000]) {
        expect(countInDates(db, plan.src.ids.body, plan.where, plan.whereParams, plan.src.ids.except, plan.src.ids.plus, cap), `${q} cap ${cap}`).toBe(Math.min(all, cap + 1));
      }
    }
    db.close();
  });

  it('takes only a date that bounds one range of the date index', () => {
    expect(boundsDate(['c.sort_key >= ?'])).toBe(true);
    expect(boundsDate(['c.starred = 1', '(c.sort_key >= ? AND c.sort_key < ?)'])).toBe(true);
    expect(boundsDate(['NOT (c.sort_key >= ? AND c.sort_key < ?)'])).toBe(false);
    expect(boundsDate(['(c.sort_key < ? OR c.tone IS ?)'])).toBe(false);
    expect(boundsDate(['c.starred = 1'])).toBe(false);
  });
});
