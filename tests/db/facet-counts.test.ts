/**
 * The facet counts of broad matches kept in the archive (db/query/facet-counts.ts): read
 * back by any connection without a pass over the match, and never used once they are not
 * what counting gives — after an import, a tag linked or unlinked, a tag deleted, an
 * outlet or date changed, a clipping trashed, restored or deleted, a text edited, a note
 * that brings the word into the meta index or takes it out. Each check compares with SQL over every match.
 */
import { describe, expect, it } from 'vitest';
import { ClippingRepo, type NewClipping } from '../../db/clippings.ts';
import { openDatabase, type Db } from '../../db/open.ts';
import { FACET_ROW, FACET_ROWS } from '../../db/query/facet-counts.ts';
import { MAX_LISTS } from '../../db/query/topk.ts';
import { SearchRepo } from '../../db/search.ts';
import { TagRepo } from '../../db/tags.ts';
import { NOW } from '../helpers.ts';
import { sqlFacets } from './facet-reference.ts';
import { recordingDb, type Recorded } from './recording.ts';

const BROAD = 500;
const TEXTS = ['The harbour wall was repaired.', 'The harbour ferry is back.', 'Markets moved on the harbour news.', 'A ferry crossed the bay.', 'Rates held steady.'];

function clipping(i: number, text: string): NewClipping {
  return {
    captureId: null, title: `Report ${i % 11}`, byline: null, outlet: i % 13 ? `Outlet ${(i * 7) % 9}` : null,
    sourceUrl: null, canonicalUrl: null, urlKey: null, publishedAt: i % 9 ? `20${10 + (i % 14)}-0${1 + (i % 9)}-1${i % 10}T10:00:00Z` : null,
    modifiedAt: null, capturedAt: NOW, lang: 'en', excerpt: null, text, html: null, figures: [], leadImage: null, wordCount: 6, contentHash: `h${i}-${text.length}`,
  };
}

/** About 2,200 clippings over three chunks of ids, with tags and notes (some with `harbour` only in the note). */
function archive(): Db {
  const db = openDatabase(':memory:');
  const repo = new ClippingRepo(db);
  db.transaction(() => {
    for (let i = 1; i <= 2200; i++) repo.insert(clipping(i, TEXTS[i % TEXTS.length]!), NOW);
    const tag = db.prepare(`INSERT INTO tags (id, name, created_at) VALUES (?, ?, ?)`);
    ['economy', 'Banana', 'apple', 'zebra', 'ports'].forEach((name, i) => tag.run(i + 1, name, NOW));
    db.exec(`INSERT INTO clipping_tags (clipping_id, tag_id, added_at) SELECT c.id, t.id, '${NOW}' FROM clippings c JOIN tags t ON (c.id * 31 + t.id * 17) % 7 = 0;
             UPDATE clippings SET note = 'ask about the harbour budget' WHERE id % 17 = 0;`);
  })();
  return db;
}

const now = new Date(NOW);
const matchRead = (runs: Recorded[]) => runs.filter((r) => /json_group_array\(id\) AS ids FROM \(SELECT rowid AS id FROM clipping_fts WHERE/.test(r.sql)).length;

/** A new connection's search with facets (its own repository, as another reader's), its answer checked against SQL over every match; and whether it read the match. */
function checked(db: Db, q: string): { read: boolean } {
  const runs: Recorded[] = [];
  const page = new SearchRepo(recordingDb(db, runs), { facetBroad: BROAD }).query(q, { limit: 20, offset: 0, now, facets: true });
  const ids = new SearchRepo(db).allMatches(q, now);
  expect(ids.length, q).toBeGreaterThanOrEqual(BROAD);
  expect(page.facets, q).toEqual(sqlFacets(db, ids));
  expect(page.total, q).toBe(ids.length);
  return { read: matchRead(runs) > 0 };
}

describe('kept facet counts', () => {
  it('are kept for a broad match and read back by another connection without a pass over the match', () => {
    const db = archive();
    expect(checked(db, 'harbour').read).toBe(true);
    expect(db.prepare('SELECT count(*) AS n FROM rank_lists WHERE expr = ?').get(`${FACET_ROW}"harbour"`)).toEqual({ n: 1 });
    expect(checked(db, 'harbour').read).toBe(false);
    // The same term, spelled otherwise (the tokenizer stems `harbours` to `harbour`): the same row.
    expect(checked(db, 'harbours').read).toBe(false);
    // A narrow match keeps none.
    new SearchRepo(db, { facetBroad: BROAD }).query('repaired', { limit: 20, offset: 0, now, facets: true });
    expect(db.prepare('SELECT count(*) AS n FROM rank_lists WHERE expr = ?').get(`${FACET_ROW}"repaired"`)).toEqual({ n: 0 });
    db.close();
  });

  it('are counted again after each change that alters them, and only then', () => {
    const db = archive();
    const clippings = new ClippingRepo(db);
    const tags = new TagRepo(db);
    // (Each round on other clippings and another tag.)
    const changes = (k: number): [string, () => void][] => [
      ['an import', () => db.transaction(() => { for (let i = 0; i < 5; i++) clippings.insert(clipping(5000 + 10 * k + i, 'The harbour pilot retired.'), NOW); })()],
      ['a tag linked', () => tags.addToClipping(40 + k * 20, ['ports'], NOW)],
      ['a tag unlinked', () => tags.removeFromClipping(40 + k * 20, ['ports'])],
      ['a tag deleted', () => tags.delete(tags.find(['zebra', 'Banana'][k]!)!.id)],
      ['an outlet changed', () => clippings.update(42 + k * 20, { outlet: 'Outlet new' }, NOW)],
      ['a date changed', () => clippings.update(43 + k * 20, { publishedAt: '1999-01-02T00:00:00Z' }, NOW)],
      ['a clipping trashed', () => clippings.trash(44 + k * 20, NOW)],
      ['a clipping restored', () => clippings.restore(44 + k * 20)],
      ['a clipping deleted for good', () => { clippings.trash(45 + k * 20, NOW); clippings.purge(45 + k * 20); }],
      ['the word written into a text', () => clippings.update(48 + k * 20, { text: 'The harbour at dusk.' }, NOW)],
      ['the word brought into a note', () => clippings.update(46 + k * 20, { note: 'harbour' }, NOW)],
      ['the word taken out of a note', () => clippings.update(51 + k * 17, { note: 'nothing here' }, NOW)],
    ];
    for (const [k, q] of ['harbour', 'harbour -ferry'].entries()) {
      checked(db, q);
      for (const [what, change] of changes(k)) {
        change();
        expect(checked(db, q).read, `${q}: ${what}`).toBe(true);
        expect(checked(db, q).read, `${q}: after ${what}, kept again`).toBe(false);
      }
    }
    // A renamed tag changes no count: the kept ones hold, named anew.
    checked(db, 'harbour');
    tags.rename(tags.find('apple')!.id, 'pear');
    expect(checked(db, 'harbour').read).toBe(false);
    db.close();
  });

  it('are counted ahead by the warm-up for the broad words', () => {
    const db = archive();
    const repo = new SearchRepo(db, { facetBroad: BROAD, rankLists: { broad: 100 } });
    repo.warmBroadWords(['"harbour"', '"ferry"', '"repaired"', '"harb"*']);
    const kept = (db.prepare(`SELECT expr FROM rank_lists WHERE expr LIKE 'facets %' ORDER BY expr`).all() as { expr: string }[]).map((r) => r.expr);
    // (Named by the term: the tokenizer stems `ferry` to `ferri`.)
    expect(kept).toEqual([`${FACET_ROW}"ferri"`, `${FACET_ROW}"harbour"`]);
    expect(checked(db, 'harbour').read).toBe(false);
    expect(checked(db, 'ferry').read).toBe(false);
    db.close();
  });

  it('are counted ahead by the warm-up for a broad word whose stored list does not hold its count (written by older code)', () => {
    const db = archive();
    new SearchRepo(db, { rankLists: { broad: 100 } }).warmBroadWords(['"harbour"']);
    // The list cut to its three runs of ids, counts and lengths: no count of matches after them.
    const { list } = db.prepare(`SELECT list FROM rank_lists WHERE expr = '"harbour"'`).get() as { list: Buffer };
    db.prepare(`UPDATE rank_lists SET list = ? WHERE expr = '"harbour"'`).run(list.subarray(0, 256 * 12));
    new SearchRepo(db, { facetBroad: BROAD, rankLists: { broad: 100 } }).warmBroadWords(['"harbour"']);
    expect(db.prepare('SELECT count(*) AS n FROM rank_lists WHERE expr = ?').get(`${FACET_ROW}"harbour"`)).toEqual({ n: 1 });
    expect(checked(db, 'harbour').read).toBe(false);
    db.close();
  });

  it('beyond their cap, go narrowest match first: the broadest are kept', () => {
    for (const [others, stays] of [[BROAD - 1, true], [1e9, false]] as const) {
      const db = archive();
      const add = db.prepare(`INSERT INTO rank_lists (expr, schema, seq, avgdl_max, bound, list, read_at, kept) VALUES (?, 0, 0, 0, ?, ?, 0, 0)`);
      db.transaction(() => {
        for (let i = 0; i < FACET_ROWS; i++) add.run(`${FACET_ROW}"other${i}"`, others, Buffer.from('{}'));
      })();
      new SearchRepo(db, { facetBroad: BROAD }).query('harbour', { limit: 20, offset: 0, now, facets: true });
      expect(db.prepare(`SELECT count(*) AS n FROM rank_lists WHERE expr LIKE 'facets %'`).get()).toEqual({ n: FACET_ROWS });
      expect(db.prepare(`SELECT count(*) AS n FROM rank_lists WHERE expr = ?`).get(`${FACET_ROW}"harbour"`), String(others)).toEqual({ n: stays ? 1 : 0 });
      db.close();
    }
  });

  it('do not count among the ranking lists that the cap keeps', () => {
    const db = archive();
    new SearchRepo(db, { facetBroad: BROAD }).query('harbour', { limit: 20, offset: 0, now, facets: true });
    const list = Buffer.alloc(12);
    const add = db.prepare(`INSERT INTO rank_lists (expr, schema, seq, avgdl_max, bound, list, read_at, kept) VALUES (?, 0, 0, 0, 0, ?, 0, 1)`);
    db.transaction(() => {
      for (let i = 0; i < MAX_LISTS; i++) add.run(`"other${i}"`, list);
    })();
    // A new list stored: one list goes (the cap counts lists only), the facet row stays.
    new SearchRepo(db, { rankLists: { broad: 100 } }).query('ferry', { limit: 20, offset: 0, now });
    expect(db.prepare(`SELECT count(*) AS n FROM rank_lists WHERE expr NOT LIKE 'facets %'`).get()).toEqual({ n: MAX_LISTS });
    expect(db.prepare(`SELECT count(*) AS n FROM rank_lists WHERE expr = ?`).get(`${FACET_ROW}"harbour"`)).toEqual({ n: 1 });
    db.close();
  });
});
