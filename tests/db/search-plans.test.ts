/**
 * The query plans of the search engine (issue 13): a full-text match joined with
 * filters must be driven by the FTS5 match, each match looked up once — never a walk of
 * `clippings` (by a date or filter index, or a full scan) that probes FTS5 row by row,
 * which cost seconds at 100k clippings. Every statement `SearchRepo` prepares for a
 * query is recorded with its parameters and explained with them.
 */
import { describe, expect, it } from 'vitest';
import { ClippingRepo } from '../../db/clippings.ts';
import { FINGERPRINT_LIVE } from '../../db/instant/sync.ts';
import { openDatabase, type Db } from '../../db/open.ts';
import { NOW } from '../helpers.ts';
import { recording } from './recording.ts';

function archive(): Db {
  const db = openDatabase(':memory:');
  const repo = new ClippingRepo(db);
  for (let i = 0; i < 30; i++) {
    const text = `Interest rate decision number ${i}. The bank said rates would stay.`;
    repo.insert(
      {
        captureId: null, title: `Rates ${i}`, byline: 'Ann Lee', outlet: 'Daily Courier', sourceUrl: `https://courier.example/${i}`, canonicalUrl: null,
        urlKey: null, publishedAt: `20${10 + (i % 15)}-03-0${1 + (i % 9)}T10:00:00Z`, modifiedAt: null, capturedAt: NOW, lang: i % 3 ? 'en' : 'fr',
        excerpt: null, text, html: null, figures: [], leadImage: null, wordCount: 12, contentHash: `h${i}`,
      },
      NOW,
    );
  }
  db.exec(`INSERT INTO tags (id, name, created_at) VALUES (1, 'economy', '${NOW}');
           INSERT INTO clipping_tags (clipping_id, tag_id, added_at) SELECT id, 1, '${NOW}' FROM clippings WHERE id % 2 = 0;
           UPDATE clippings SET starred = 1, tone = 'positive', media_type = 'print' WHERE id % 5 = 0;`);
  return db;
}

const FILTERED = [
  'rate after:2019-01-01 before:2021-12-31',
  'rate on:2015-03',
  'rate after:2y',
  'rate before:2016',
  'rate tag:economy',
  'rate -tag:economy',
  'rate lang:fr',
  'rate is:starred',
  'rate type:print tone:positive',
  'rate has:note',
  'rate url:courier',
  'rate outlet:courier after:2012',
  '"interest rate" after:2015 -tag:economy',
  'rat* after:2015',
];

describe('search query plans', () => {
  for (const q of FILTERED) {
    it(`"${q}": the full-text match drives; FTS5 is never probed per clipping`, () => {
      const db = archive();
      const { repo, runs } = recording(db);
      const now = new Date(NOW);
      for (const sort of ['relevance', 'newest', 'oldest'] as const) {
        for (const collapse of [false, true]) repo.query(q, { limit: 5, offset: 0, now, sort, collapse, facets: true });
      }
      repo.countOf(q, now);
      repo.histogram(q, 'month', 'tag', now);
      const joins = runs.filter((r) => /clipping_fts MATCH/.test(r.sql) && /clippings c\b/.test(r.sql));
      expect(joins.length).toBeGreaterThan(0);
      for (const r of joins) {
        const plan = (db.prepare(`EXPLAIN QUERY PLAN ${r.sql}`).all(...r.params) as { detail: string }[]).map((p) => p.detail);
        // FTS5 looked up by rowid (":=M…" — rowid equality plus MATCH) is one probe of the
        // whole match per outer row.
        expect(plan.filter((d) => /clipping_fts VIRTUAL TABLE INDEX \d+:=/.test(d)), `${r.sql}\n${plan.join('\n')}`).toEqual([]);
        // The match comes before any access to clippings.
        const fts = plan.findIndex((d) => /SCAN clipping_fts VIRTUAL TABLE/.test(d));
        const clip = plan.findIndex((d) => /^(SCAN|SEARCH) c\b/.test(d));
        expect(fts, `${r.sql}\n${plan.join('\n')}`).toBeGreaterThanOrEqual(0);
        expect(fts, `${r.sql}\n${plan.join('\n')}`).toBeLessThan(clip);
      }
      db.close();
    });
  }
});

describe('a broad match listed by date', () => {
  it('walks the date index and gives exactly the hits and scores of ranking every match by date', () => {
    const db = openDatabase(':memory:');
    const repo = new ClippingRepo(db);
    db.transaction(() => {
      for (let i = 0; i < 2300; i++) {
        const text = `Rates report ${i}. ${i % 3 ? 'The bank held rates.' : 'Markets moved.'} ${'filler '.repeat(i % 7)}`;
        repo.insert(
          {
            captureId: null, title: `Report ${i}`, byline: null, outlet: i % 2 ? 'Daily Courier' : 'Herald', sourceUrl: null, canonicalUrl: null, urlKey: null,
            publishedAt: i % 10 ? `20${10 + (i % 15)}-0${1 + (i % 9)}-1${i % 10}T10:00:00Z` : null, modifiedAt: null, capturedAt: NOW, lang: 'en',
            excerpt: null, text, html: null, figures: [], leadImage: null, wordCount: 5, contentHash: `h${i}`,
          },
          NOW,
        );
      }
      db.exec(`INSERT INTO tags (id, name, created_at) VALUES (1, 'economy', '${NOW}');
               INSERT INTO clipping_tags (clipping_id, tag_id, added_at) SELECT id, 1, '${NOW}' FROM clippings WHERE id % 5 = 0;
               UPDATE clippings SET deleted_at = '${NOW}' WHERE id % 97 = 0;`);
    })();
    const { repo: search, runs } = recording(db);
    const now = new Date(NOW);
    const BM25 = 'bm25(clipping_fts, 1, 10, 4, 4)'; // body, title, byline, outlet (migration 021)
    let walked = 0;
    for (const q of ['rates', 'report -markets', 'rates tag:economy', 'report after:2018 outlet:courier', 'rates -tag:economy before:2020']) {
      for (const sort of ['newest', 'oldest'] as const) {
        for (const offset of [0, 40, 2200]) {
          runs.length = 0;
          const got = search.query(q, { limit: 20, offset, now, sort }).ranked;
          if (runs.some((r) => /INDEXED BY clippings_live_filters/.test(r.sql))) walked++;
          const { where, params, match } = (search as unknown as { plan: (q: string, now: Date) => { built: { where: string[]; params: unknown[]; match: string } } }).plan(q, now).built;
          const dir = sort === 'oldest' ? 'ASC' : 'DESC';
          const want = db
            .prepare(
              `SELECT c.id AS id, -${BM25} AS score FROM clipping_fts JOIN clippings c ON c.id = clipping_fts.rowid
                WHERE clipping_fts MATCH ? AND c.deleted_at IS NULL ${where.map((w) => `AND ${w}`).join(' ')}
                ORDER BY c.sort_key ${dir}, c.id ${dir} LIMIT 20 OFFSET ?`,
            )
            .all(match, ...params, offset);
          expect(got, `${q} ${sort} ${offset}`).toEqual(want);
          for (const r of runs.filter((x) => /clipping_fts MATCH/.test(x.sql) && !/json_each/.test(x.sql))) {
            const plan = (db.prepare(`EXPLAIN QUERY PLAN ${r.sql}`).all(...r.params) as { detail: string }[]).map((p) => p.detail);
            expect(plan.filter((d) => /clipping_fts VIRTUAL TABLE INDEX \d+:=/.test(d)), plan.join('\n')).toEqual([]);
          }
          // The page's scores: bm25() reads each phrase's document count over the whole
          // index once per FTS5 scan, so a probe per shown id (rowid=?) paid that 20
          // times — 25 ms a probe for a phrase with "the" at 100k. One pass of the match.
          for (const r of runs.filter((x) => /bm25\(/.test(x.sql))) {
            const plan = (db.prepare(`EXPLAIN QUERY PLAN ${r.sql}`).all(...r.params) as { detail: string }[]).map((p) => p.detail);
            expect(plan.filter((d) => /clipping_fts VIRTUAL TABLE INDEX \d+:=/.test(d)), `${r.sql}\n${plan.join('\n')}`).toEqual([]);
          }
        }
      }
    }
    // 'rates' and 'rates -tag:economy before:2020' match more than BROAD_MATCH clippings:
    // those went through the date index. ('rates tag:economy' is driven by the 460
    // clippings of its tag — db/query/drive.ts — which are few enough to list by date.)
    expect(walked).toBeGreaterThanOrEqual(12);
    db.close();
  });
});

describe('filters read from the covering indexes', () => {
  // The columns added to `clippings` after `text` sit past the text's overflow pages:
  // a filter that reads one from the row walks them (`has:note` alone: 1.2 s at 100k).
  for (const q of ['has:note', 'rate has:note', 'url:courier', 'rate url:courier.example/1', 'rate -has:note is:starred', 'has:note url:courier after:2015']) {
    it(`"${q}": clippings are read only through a covering index, except the shown page's rows`, () => {
      const db = archive();
      db.exec(`UPDATE clippings SET note = 'Ask the editor.' WHERE id % 4 = 0`);
      const { repo, runs } = recording(db);
      const now = new Date(NOW);
      for (const sort of ['relevance', 'newest', 'oldest'] as const) {
        for (const collapse of [false, true]) repo.query(q, { limit: 5, offset: 0, now, sort, collapse, facets: true });
      }
      repo.countOf(q, now);
      const filtered = runs.filter((r) => /\bc\.(note|canonical_url|source_url)\b/.test(r.sql));
      expect(filtered.length).toBeGreaterThan(0);
      for (const r of filtered) {
        const plan = (db.prepare(`EXPLAIN QUERY PLAN ${r.sql}`).all(...r.params) as { detail: string }[]).map((p) => p.detail);
        const reads = plan.filter((d) => /^(SCAN|SEARCH) c\b/.test(d));
        expect(reads.length, `${r.sql}\n${plan.join('\n')}`).toBeGreaterThan(0);
        for (const d of reads) expect(d, `${r.sql}\n${plan.join('\n')}`).toMatch(/USING COVERING INDEX/);
      }
      db.close();
    });
  }
});

describe('the instant-search snapshot fingerprint', () => {
  it('reads the live clippings from an index only, never the table', () => {
    const db = archive();
    // Checked before a saved snapshot is used, and whenever another process wrote.
    const plan = (db.prepare(`EXPLAIN QUERY PLAN ${FINGERPRINT_LIVE}`).all() as { detail: string }[]).map((p) => p.detail);
    expect(plan).toEqual([expect.stringMatching(/^SEARCH clippings USING COVERING INDEX \w+ \(deleted_at=\?\)$/)]);
    db.close();
  });
});

/** 2,600 clippings, "rates" in nearly every one, in the notes of about 200 (some of them without it in the text). */
function notedArchive(): Db {
    const db = openDatabase(':memory:');
  const clippings = new ClippingRepo(db);
  db.transaction(() => {
    for (let i = 0; i < 2600; i++) {
        const text = `${i % 40 ? 'Rates report' : 'Report'} ${i}. ${i % 3 ? 'The bank held.' : 'Markets moved.'} ${'filler '.repeat(i % 7)}`;
        clippings.insert(
          {
            captureId: null, title: `Report ${i}`, byline: null, outlet: i % 2 ? 'Daily Courier' : 'Herald', sourceUrl: null, canonicalUrl: null, urlKey: null,
            publishedAt: i % 10 ? `20${10 + (i % 15)}-0${1 + (i % 9)}-1${i % 10}T10:00:00Z` : null, modifiedAt: null, capturedAt: NOW, lang: 'en',
            excerpt: null, text, html: null, figures: [], leadImage: null, wordCount: 5, contentHash: `h${i}`,
          },
          NOW,
        );
      }
      // Some clippings found through their notes only, some through both.
      db.exec(`UPDATE clippings SET note = 'rates call' WHERE id % 40 = 1 OR id % 17 = 0;
               UPDATE clippings SET deleted_at = '${NOW}' WHERE id % 97 = 0;`);
    })();
    return db;
}

describe('a match found in nearly every clipping, listed by date', () => {
  it("looks up about a page's worth of the date index's rows in the match instead of reading all its ids, with the same hits and scores", () => {
    const db = notedArchive();
    const { repo, runs } = recording(db);
    const now = new Date(NOW);
    for (const q of ['rates', 'rates -markets', 'rates outlet:courier']) {
      const all = repo.query(q, { limit: 3000, offset: 0, now });
      const score = new Map(all.ranked.map((r) => [r.id, r.score]));
      for (const sort of ['newest', 'oldest'] as const) {
        for (const offset of [0, 20]) {
          runs.length = 0;
          const got = repo.query(q, { limit: 20, offset, now, sort });
          const dir = sort === 'oldest' ? 'ASC' : 'DESC';
          const ids = (db.prepare(`SELECT id FROM clippings WHERE id IN (SELECT value FROM json_each(?)) ORDER BY sort_key ${dir}, id ${dir} LIMIT 20 OFFSET ?`).all(JSON.stringify([...score.keys()]), offset) as { id: number }[]).map((r) => r.id);
          expect(got.ranked, `${q} ${sort} ${offset}`).toEqual(ids.map((id) => ({ id, score: score.get(id) })));
          expect(got.total).toBe(all.total);
          // The date index is never walked against the match's ids read in full…
          expect(runs.filter((r) => /clippings_live_filters/.test(r.sql) && /clipping_fts/.test(r.sql)), `${q} ${sort} ${offset}`).toEqual([]);
          // …and only about a page's worth of its rows are looked up in the match.
          const looked = runs.filter((r) => /clipping_fts MATCH \? AND rowid IN \(SELECT value FROM json_each/.test(r.sql)).flatMap((r) => JSON.parse(r.params[1] as string) as number[]);
          // (with a filter, its clippings may drive the walk instead: then none are looked up)
          if (!q.includes(':')) expect(looked.length, `${q} ${sort} ${offset}`).toBeGreaterThan(0);
          expect(looked.length, `${q} ${sort} ${offset}`).toBeLessThanOrEqual(4 * (offset + 20) + 16);
          // Without filters, the match is counted once (for the total, and to tell it broad).
          if (!q.includes(':')) expect(runs.filter((r) => /^SELECT count\(\*\)/.test(r.sql)), `${q} ${sort} ${offset}`).toHaveLength(1);
        }
      }
    }
    db.close();
  });
});

describe('a listing by date, a count, facets', () => {
  it('compute bm25 for the shown page only, never for every clipping found in the notes', () => {
    const db = notedArchive();
    const { repo, runs } = recording(db);
    const now = new Date(NOW);
    for (const q of ['rates', 'rates -markets', 'rates report', 'call']) {
      for (const sort of ['newest', 'oldest'] as const) {
        runs.length = 0;
        const got = repo.query(q, { limit: 20, offset: 0, now, sort, facets: true });
        repo.countOf(q, now);
        expect(got.ranked.length, q).toBeGreaterThan(0);
        // The statements whose rows carry a bm25 (a compound source's unused rank column is never computed).
        const scored = runs.filter((r) => /bm25\([^)]*\) AS r\b|AS score\b/.test(r.sql) && /bm25\(|m\.rank/.test(r.sql));
        expect(scored.length, q).toBeGreaterThan(0);
        for (const r of scored) {
          // Restricted to a list of ids: the page's (at most 20).
          expect(r.sql, q).toMatch(/\+(rowid|m\.id) IN \(SELECT value FROM json_each\(\?\)\)/);
          const list = r.params.find((p) => typeof p === 'string' && p.startsWith('['));
          expect((JSON.parse(list as string) as unknown[]).length, `${q} ${sort}: ${r.sql}`).toBeLessThanOrEqual(20);
        }
      }
    }
    db.close();
  });
});
