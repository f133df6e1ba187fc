/**
 * Facet counts and story-cluster collapse (db/facets.ts, db/collapse.ts): the same
 * answers as SQL over every match, however the match is made and whatever changed since
 * the in-memory facet data was read — in this connection or another, committed or
 * rolled back — and without ranking or grouping every match.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ClippingRepo } from '../../db/clippings.ts';
import { openDatabase, type Db } from '../../db/open.ts';
import { FacetIndex } from '../../db/facets.ts';
import { COUNT_CAP, SearchRepo, type SortOrder } from '../../db/search.ts';
import { NOW, tempDir } from '../helpers.ts';
import { sqlFacets } from './facet-reference.ts';
import { recordingDb, type Recorded } from './recording.ts';

const OUTLETS = ['Herald', 'herald', 'Zeit', 'Äther', 'Ångström Post', 'Courier', ...Array.from({ length: 56 }, (_, i) => `Outlet ${i}`)];
const TAGS = ['economy', 'Banana', 'apple', 'Äpfel', 'zebra', 'Ørsted', ...Array.from({ length: 54 }, (_, i) => `tag ${i}`)];
const TEXTS = ['The harbour wall was repaired.', 'The harbour ferry is back.', 'Markets moved on the harbour news.', 'A ferry crossed the bay.', 'Rates held steady.'];

/** About 2,600 clippings over three chunks of ids: outlets, years, tags, clusters, notes, trashed ones. */
function archive(file = ':memory:'): Db {
  const db = openDatabase(file);
  const repo = new ClippingRepo(db);
  db.transaction(() => {
    for (let i = 1; i <= 2600; i++) {
      repo.insert(
        {
          captureId: null, title: i % 7 ? `Report ${i % 11}` : 'Harbour', byline: null, outlet: i % 13 ? OUTLETS[(i * 7) % OUTLETS.length]! : null,
          sourceUrl: null, canonicalUrl: null, urlKey: null, publishedAt: i % 9 ? `20${10 + (i % 14)}-0${1 + (i % 9)}-1${i % 10}T10:00:00Z` : null,
          modifiedAt: null, capturedAt: NOW, lang: 'en', excerpt: null, text: `${TEXTS[i % TEXTS.length]}${i % 50 ? '' : ' rareword'}`, html: null,
          figures: [], leadImage: null, wordCount: 6, contentHash: `h${i}`,
        },
        NOW,
      );
    }
    const tag = db.prepare(`INSERT INTO tags (id, name, created_at) VALUES (?, ?, ?)`);
    TAGS.forEach((name, i) => tag.run(i + 1, name, NOW));
    db.exec(`INSERT INTO clipping_tags (clipping_id, tag_id, added_at)
               SELECT c.id, t.id, '${NOW}' FROM clippings c JOIN tags t ON (c.id * 31 + t.id * 17) % 23 = 0 OR (t.id = 1 AND c.id % 3 = 0);
             UPDATE clippings SET note = 'ask about the harbour budget' WHERE id % 17 = 0;
             UPDATE clippings SET cluster_id = id - (id % 5) + 1 WHERE id % 4 = 0 OR id % 5 = 1;
             UPDATE clippings SET cluster_id = 2 WHERE id IN (1502, 2503);
             UPDATE clippings SET deleted_at = '${NOW}' WHERE id % 97 = 0;
             UPDATE clippings SET starred = 1 WHERE id % 6 = 0;`);
  })();
  return db;
}

const QUERIES = [
  'harbour', 'ferry', 'rareword', 'harbour -ferry', 'harbour OR bay', '"harbour wall"', 'harb*', 'budget', 'harbour tag:economy',
  'tag:economy', 'is:starred', 'harbour after:2015 before:2020', 'rates -tag:economy', 'nothingmatches',
];

/**
 * Collapse done the plain way: every match in the search's order (by relevance, ties of
 * score by id; else by date), the first member of each cluster kept, every cluster's matching members
 * counted, the clusters counted.
 */
function plainCollapse(db: Db, repo: SearchRepo, q: string, sort: SortOrder, offset: number, limit: number) {
  // Every match ranked, by the engine's own ranking (without the page's snippets).
  const engine = repo as unknown as { plan(q: string, now: Date): unknown; rank(plan: unknown, sort: SortOrder, limit: number, offset: number): { id: number; score: number }[] };
  const plan = engine.plan(q, new Date(NOW));
  const every = plan === null ? [] : engine.rank(plan, sort, 100_000, 0);
  // A filter-only query (no scores) is listed by date, newest first, whatever the sort.
  if (sort === 'relevance' && every.some((r) => r.score !== 0)) every.sort((a, b) => b.score - a.score || a.id - b.id);
  const clusterOf = new Map(
    (db.prepare(`SELECT id, coalesce(cluster_id, id) AS cl FROM clippings WHERE id IN (SELECT value FROM json_each(?))`).all(JSON.stringify(every.map((r) => r.id))) as { id: number; cl: number }[]).map((r) => [r.id, r.cl]),
  );
  const best = new Map<number, { id: number; score: number }>();
  const sizes = new Map<number, number>();
  for (const r of every) {
    const cl = clusterOf.get(r.id)!;
    if (!best.has(cl)) best.set(cl, { id: r.id, score: r.score });
    sizes.set(cl, (sizes.get(cl) ?? 0) + 1);
  }
  const ranked = [...best].slice(offset, offset + limit).map(([cl, b]) => ({ id: b.id, score: b.score, clusterSize: sizes.get(cl)! }));
  return best.size > COUNT_CAP ? { ranked, total: COUNT_CAP, totalExact: false } : { ranked, total: best.size, totalExact: true };
}

function expectAsSql(db: Db, repo: SearchRepo, label: string, queries = QUERIES): void {
  const now = new Date(NOW);
  for (const q of queries) {
    const page = repo.query(q, { limit: 20, offset: 0, now, facets: true });
    expect(page.facets, `${label}: facets of ${q}`).toEqual(sqlFacets(db, repo.allMatches(q, now)));
    for (const sort of ['relevance', 'newest', 'oldest'] as const) {
      for (const offset of [0, 20, 300]) {
        const got = repo.query(q, { limit: 20, offset, now, sort, collapse: true });
        expect({ ranked: got.ranked, total: got.total, totalExact: got.totalExact }, `${label}: ${q} collapsed, ${sort}, offset ${offset}`).toEqual(
          plainCollapse(db, repo, q, sort, offset, 20),
        );
      }
    }
  }
}

describe('facets and collapse', () => {
  it('give what SQL gives over every match, for words, phrases, prefixes, filters, negations and text in notes', () => {
    const db = archive();
    const repo = new SearchRepo(db);
    expectAsSql(db, repo, 'fresh');
    db.close();
  });

  it('stay exact after every kind of change, in this connection or another, and after a rollback', () => {
    const file = path.join(tempDir(), 'a.db');
    archive(file).close();
    const db = openDatabase(file);
    const other = openDatabase(file);
    const repo = new SearchRepo(db);
    expectAsSql(db, repo, 'before');
    const changes = [
      `UPDATE clippings SET outlet = 'Zeit' WHERE id BETWEEN 1 AND 400`,
      `UPDATE clippings SET published_at = '1999-05-05' WHERE id % 10 = 3`,
      `INSERT INTO clipping_tags (clipping_id, tag_id, added_at) SELECT id, 5, '${NOW}' FROM clippings WHERE id % 10 = 7 AND id NOT IN (SELECT clipping_id FROM clipping_tags WHERE tag_id = 5)`,
      `DELETE FROM tags WHERE id = 1`,
      `UPDATE tags SET name = 'Aardvark' WHERE id = 2`,
      `UPDATE clippings SET deleted_at = '${NOW}' WHERE id BETWEEN 1100 AND 1300`,
      `UPDATE clippings SET deleted_at = NULL WHERE id BETWEEN 1100 AND 1200`,
      `UPDATE clippings SET cluster_id = 3 WHERE id BETWEEN 2000 AND 2100`,
      `DELETE FROM clippings WHERE id BETWEEN 2400 AND 2450`,
    ];
    const some = ['harbour', 'rareword', 'budget', 'harbour tag:economy', 'is:starred'];
    for (const [i, sql] of changes.entries()) {
      (i % 2 ? other : db).exec(sql);
      expectAsSql(db, repo, sql, some);
    }
    // A new clipping in a chunk of ids of its own.
    other
      .prepare(
        `INSERT INTO clippings (id, title, outlet, text_z, captured_at, sort_key, content_hash, created_at, updated_at, cluster_id)
         VALUES (5000, 'Harbour', 'Courier', 'The harbour ferry is back. rareword', ?, ?, 'new', ?, ?, 2)`,
      )
      .run(NOW, NOW, NOW, NOW);
    expectAsSql(db, repo, 'insert', some);
    // Read inside a transaction that is then rolled back: the copy read then is not kept as current.
    db.exec('BEGIN');
    db.exec(`UPDATE clippings SET outlet = 'Rolled back' WHERE id < 1500`);
    expect(repo.query('harbour', { limit: 5, offset: 0, now: new Date(NOW), facets: true }).facets!.outlets[0]!.name).toBe('Rolled back');
    db.exec('ROLLBACK');
    expectAsSql(db, repo, 'rollback', some);
    other.close();
    db.close();
  });

  it('count more clusters than the cap as the cap, and size the clusters shown by their members alone', () => {
    const db = openDatabase(':memory:');
    const add = db.prepare(
      `INSERT INTO clippings (id, title, outlet, text_z, captured_at, sort_key, content_hash, created_at, updated_at, cluster_id, note)
       VALUES (?, 'Harbour', 'Courier', ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    db.transaction(() => {
      for (let id = 1; id <= COUNT_CAP + 3000; id++) {
        const text = `The harbour ${id % 3 ? 'wall' : 'ferry'} ${'news '.repeat(id % 4)}`;
        add.run(id, text, NOW, `${NOW}|${id}`, `h${id}`, NOW, NOW, id % 25 === 0 ? id - (id % 100) + 25 : null, id % 11 ? '' : 'harbour note');
      }
    })();
    const repo = new SearchRepo(db);
    for (const q of ['harbour', 'harbour -ferry', 'wall']) {
      for (const sort of ['relevance', 'newest'] as const) {
        const got = repo.query(q, { limit: 20, offset: 0, now: new Date(NOW), sort, collapse: true });
        expect({ ranked: got.ranked, total: got.total, totalExact: got.totalExact }, `${q} ${sort}`).toEqual(plainCollapse(db, repo, q, sort, 0, 20));
      }
    }
    expect(repo.query('harbour', { limit: 20, offset: 0, now: new Date(NOW), collapse: true }).totalExact).toBe(false);
    db.close();
  });

  it('rank a prefix of the matches for collapse, and count facets without ranking or grouping them', () => {
    const db = archive();
    const statements: string[] = [];
    const recording = new Proxy(db, {
      get(target, prop) {
        if (prop === 'prepare') {
          return (sql: string) => {
            statements.push(sql);
            return target.prepare(sql);
          };
        }
        const v = Reflect.get(target, prop) as unknown;
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    });
    const repo = new SearchRepo(recording as Db);
    const now = new Date(NOW);
    for (const q of ['harbour', 'harbour tag:economy', 'budget', 'is:starred']) {
      for (const sort of ['relevance', 'newest', 'oldest'] as const) {
        statements.length = 0;
        repo.query(q, { limit: 20, offset: 0, now, sort, collapse: true, facets: true });
        // Every statement that orders matches takes only a page's worth of them.
        for (const sql of statements.filter((s) => /ORDER BY (bm25|m\.rank|c\.sort_key)/.test(s))) expect(sql, q).toMatch(/LIMIT/);
        // Facets: no GROUP BY, no bm25 over the matches read for them.
        for (const sql of statements.filter((s) => /json_group_array\(id\)/.test(s))) expect(sql).not.toMatch(/GROUP BY|bm25/);
        // (The shown page's snippets, json_each(@ids), group its tags and annotations.)
        expect(statements.filter((s) => /GROUP BY/.test(s) && !/json_each\(@ids\)/.test(s)), q).toEqual([]);
      }
    }
    db.close();
  });
});

describe('facets counted without a current copy', () => {
  it('are counted in SQL without loading the facet copy for a sparse match, in a new process and after, the same as the loaded copy counts them', () => {
    const db = archive();
    const now = new Date(NOW);
    db.exec(`UPDATE clippings SET lang = CASE id % 3 WHEN 0 THEN 'de' WHEN 1 THEN 'en-GB' ELSE 'en' END`);
    const longLived = new SearchRepo(db);
    longLived.query('harbour', { limit: 5, offset: 0, now, facets: true });
    const more = ['harbour OR rates', 'report', '-ferry harbour tag:apple', 'harbour lang:en', 'lang:de -tag:economy', 'outlet:herald harbour', 'harbour -lang:de after:2012'];
    const sparse: boolean[] = [];
    for (const q of [...QUERIES, ...more]) {
      const runs: Recorded[] = [];
      const fresh = new SearchRepo(recordingDb(db, runs));
      const once = fresh.query(q, { limit: 20, offset: 0, now, facets: true });
      const ids = fresh.allMatches(q, now);
      // Fewer matches than half the ids of the chunks of 1,024 ids they fall in: a GROUP BY over the match's ids, no chunk of the copy read.
      sparse.push(ids.length * 2 < new Set(ids.map((id) => Math.floor(id / 1024))).size * 1024);
      const chunkReads = runs.filter((r) => r.sql.includes('coalesce(cluster_id, 0)'));
      expect(chunkReads.length > 0, q).toBe(!sparse.at(-1) && ids.length > 0);
      const want = sqlFacets(db, ids);
      expect(once.facets, q).toEqual(want);
      expect(once.total, q).toBe(longLived.query(q, { limit: 20, offset: 0, now }).total);
      // The same repository's next search with facets: the same counts, and no chunk read — a
      // dense match's were read by the first, a sparse one is counted in SQL again (reading its
      // chunks whole would read the archive for a match spread thinly over it).
      runs.length = 0;
      expect(fresh.query(q, { limit: 20, offset: 0, now, facets: true }).facets, q).toEqual(want);
      expect(runs.some((r) => r.sql.includes('coalesce(cluster_id, 0)')), q).toBe(false);
      expect(longLived.query(q, { limit: 20, offset: 0, now, facets: true }).facets, q).toEqual(want);
    }
    // Both ways were taken.
    expect(sparse.filter(Boolean).length).toBeGreaterThan(5);
    expect(sparse.filter((s) => !s).length).toBeGreaterThan(2);
    db.close();
  });
});

describe('the total of a search with facets', () => {
  it('is the number of ids the facets were counted over, without a counting pass of its own', () => {
    const db = archive();
    const runs: Recorded[] = [];
    const repo = new SearchRepo(recordingDb(db, runs));
    const plain = new SearchRepo(db);
    const now = new Date(NOW);
    for (const q of QUERIES) {
      for (const sort of ['relevance', 'newest', 'oldest'] as const) {
        for (const offset of [0, 20, 3000]) {
          runs.length = 0;
          const got = repo.query(q, { limit: 20, offset, now, sort, facets: true });
          const want = plain.query(q, { limit: 20, offset, now, sort });
          expect({ ranked: got.ranked, total: got.total, totalExact: got.totalExact }, `${q} ${sort} ${offset}`).toEqual({ ranked: want.ranked, total: want.total, totalExact: want.totalExact });
          // (Other counts stop early: the driver's choice of what drives, the ranking lists' test of a broad phrase.)
          expect(runs.filter((r) => r.sql.includes(`LIMIT ${COUNT_CAP + 1}`)).map((r) => r.sql), q).toEqual([]);
        }
      }
    }
    db.close();
  });

  it('is the cap, inexact, past COUNT_CAP matches', () => {
    const db = openDatabase(':memory:');
    const add = db.prepare(`INSERT INTO clippings (id, title, text_z, captured_at, sort_key, content_hash, created_at, updated_at) VALUES (?, 'Harbour', ?, ?, ?, ?, ?, ?)`);
    db.transaction(() => {
      for (let id = 1; id <= COUNT_CAP + 5; id++) add.run(id, id % 2 ? 'The harbour wall' : 'The harbour', NOW, `${NOW}|${id}`, `h${id}`, NOW, NOW);
    })();
    const repo = new SearchRepo(db);
    const now = new Date(NOW);
    expect(repo.query('harbour', { limit: 20, offset: 0, now, facets: true })).toMatchObject({ total: COUNT_CAP, totalExact: false });
    expect(repo.query('wall', { limit: 20, offset: 0, now, facets: true })).toMatchObject({ total: Math.ceil((COUNT_CAP + 5) / 2), totalExact: true });
    db.close();
  });
});

describe('facets of a search its filters drive', () => {
  it('read the match only for the filters\' clippings, and count what SQL counts', () => {
    const db = openDatabase(':memory:');
    const add = db.prepare(
      `INSERT INTO clippings (id, title, outlet, text_z, published_at, captured_at, sort_key, content_hash, created_at, updated_at, note)
       VALUES (?, 'Harbour', ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    db.transaction(() => {
      for (let id = 1; id <= 4000; id++) {
        add.run(id, OUTLETS[id % 7], `The harbour ${id % 3 ? 'wall' : 'ferry'}`, `20${10 + (id % 12)}-05-01`, NOW, `${NOW}|${id}`, `h${id}`, NOW, NOW, id % 13 ? '' : 'harbour note');
      }
      db.exec(`INSERT INTO tags (id, name, created_at) VALUES (1, 'rare', '${NOW}'), (2, 'other', '${NOW}');
               INSERT INTO clipping_tags (clipping_id, tag_id, added_at) SELECT id, 1, '${NOW}' FROM clippings WHERE id % 40 = 0;
               INSERT INTO clipping_tags (clipping_id, tag_id, added_at) SELECT id, 2, '${NOW}' FROM clippings WHERE id % 80 = 0;
               UPDATE clippings SET deleted_at = '${NOW}' WHERE id % 120 = 0;`);
    })();
    const runs: Recorded[] = [];
    const repo = new SearchRepo(recordingDb(db, runs));
    const now = new Date(NOW);
    for (const q of ['harbour tag:rare', 'harbour -ferry tag:rare', 'harbour tag:rare -tag:other', 'wall tag:rare']) {
      runs.length = 0;
      const page = repo.query(q, { limit: 5, offset: 0, now, facets: true });
      const all = repo.allMatches(q, now);
      expect(page.facets, q).toEqual(sqlFacets(db, all));
      expect(page.total, q).toBe(all.length);
      // The statement reading the match's ids for the facets takes the filters' ids along.
      const read = runs.filter((r) => /json_group_array\(id\)/.test(r.sql) && /clipping_fts MATCH/.test(r.sql));
      expect(read, q).toHaveLength(1);
      expect(read[0]!.sql, q).toContain('+rowid IN (SELECT value FROM json_each(?))');
    }
    db.close();
  });
});

describe('the members of the clusters collapse shows', () => {
  it('are looked up by id and in the cluster index, not found by reading every live clipping', () => {
    const db = archive();
    const runs: Recorded[] = [];
    const index = new FacetIndex(recordingDb(db, runs));
    const clusters = [1, 2, 4, 1500, 1501, 2600, 99_999];
    const got = index.members(clusters);
    const json = JSON.stringify(clusters);
    const want = (db.prepare(`SELECT id FROM clippings WHERE (id IN (SELECT value FROM json_each(?)) OR cluster_id IN (SELECT value FROM json_each(?))) AND deleted_at IS NULL`).all(json, json) as { id: number }[]).map((r) => r.id);
    expect(want.length).toBeGreaterThan(clusters.length);
    expect([...got].sort((a, b) => a - b)).toEqual(want.sort((a, b) => a - b));
    expect(runs).toHaveLength(1);
    const plan = (db.prepare(`EXPLAIN QUERY PLAN ${runs[0]!.sql}`).all(...runs[0]!.params) as { detail: string }[]).map((r) => r.detail);
    const onClippings = plan.filter((d) => /\bclippings\b/.test(d));
    expect(onClippings.length, plan.join('\n')).toBeGreaterThan(0);
    for (const d of onClippings) expect(d, plan.join('\n')).toMatch(/^SEARCH clippings USING (INTEGER PRIMARY KEY \(rowid=\?\)|(COVERING )?INDEX \w+ \((id|cluster_id)=\?)/);
    db.close();
  });
});
