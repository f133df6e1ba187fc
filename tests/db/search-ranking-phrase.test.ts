/**
 * Broad two-word phrases (issue 13; db/query/topk-phrase.ts): the warm-up reads their
 * ranking lists ahead, and a listed phrase's page and total come without counting its
 * match — while the page stays exactly the one bm25 over every match gives (the same
 * clippings, order, ties by id, scores) and the total the count of every match, before
 * and after the archive changes. The reference is computed the plain way, from FTS5
 * alone, as in search-ranking.test.ts: each phrase looked up in both full-text tables,
 * ranked by the sum of the two tables' bm25.
 */
import { describe, expect, it } from 'vitest';
import { ClippingRepo } from '../../db/clippings.ts';
import { openDatabase, type Db } from '../../db/open.ts';
import { BM25 } from '../../db/query/split.ts';
import { SearchRepo } from '../../db/search.ts';
import { TagRepo } from '../../db/tags.ts';
import { NOW } from '../helpers.ts';
import { recording, type Recorded } from './recording.ts';
import { rng, type Rng } from './rng.ts';

/** Made-up words; the first few are in nearly every text, so pairs of them are broad. */
const WORDS = ['ta', 'ko', 'mira', 'nost', 'perak', 'pilgo', 'ravno', 'sulte', 'vindo', 'zarek', 'kestel', 'tamber'];
const word = (r: Rng) => WORDS[Math.min(WORDS.length - 1, Math.floor(WORDS.length * r.next() ** 2.2))]!;
const words = (r: Rng, n: number) => Array.from({ length: n }, () => word(r)).join(' ');

/** Ranking lists small enough for these archives (db/query/topk.ts). */
const LISTS = { broad: 30, size: 24, deep: 32 };

function archive(seed: number, size: number): Db {
  const r = rng(seed);
  const db = openDatabase(':memory:');
  const clippings = new ClippingRepo(db);
  const tags = new TagRepo(db);
  db.transaction(() => {
    for (let i = 0; i < size; i++) addClipping(db, clippings, r, `h${seed}-${i}`);
    const ids = (db.prepare('SELECT id FROM clippings').all() as { id: number }[]).map((x) => x.id);
    // Tags, notes and annotations with the same words: phrases found there are ranked beside the lists.
    for (const id of ids) {
      if (r.next() < 0.2) tags.addToClippings([id], [`${word(r)} ${word(r)}`], NOW);
      if (r.next() < 0.15) db.prepare('UPDATE clippings SET note = ? WHERE id = ?').run(words(r, r.int(2, 6)), id);
      if (r.next() < 0.05) {
        db.prepare('INSERT INTO annotations (clipping_id, exact, note, created_at, updated_at) VALUES (?, ?, ?, ?, ?)').run(id, words(r, 3), words(r, 2), NOW, NOW);
      }
    }
  })();
  return db;
}

function addClipping(db: Db, clippings: ClippingRepo, r: Rng, hash: string): number {
  return clippings.insert(
    {
      captureId: null, title: words(r, r.int(1, 4)), byline: null, outlet: r.next() < 0.2 ? words(r, 1) : null, sourceUrl: null, canonicalUrl: null, urlKey: null,
      publishedAt: null, modifiedAt: null, capturedAt: NOW, lang: 'en', excerpt: null, text: words(r, r.int(3, 50)), html: null, figures: [], leadImage: null,
      wordCount: 1, contentHash: hash,
    },
    NOW,
  );
}

/** Every live clipping the phrase `"a b"` matches, in either table, by its rank (body bm25 plus meta bm25), ties by id. */
function reference(db: Db, phrase: string): { id: number; rank: number }[] {
  const rank = new Map<number, number>();
  for (const [t, bm25] of [['clipping_fts', BM25.body], ['clipping_meta_fts', BM25.meta]] as const) {
    for (const { id, r } of db.prepare(`SELECT rowid AS id, ${bm25} AS r FROM ${t} WHERE ${t} MATCH ?`).all(phrase) as { id: number; r: number }[]) rank.set(id, (rank.get(id) ?? 0) + r);
  }
  const live = new Set((db.prepare('SELECT id FROM clippings WHERE deleted_at IS NULL').all() as { id: number }[]).map((x) => x.id));
  return [...rank].filter(([id]) => live.has(id)).map(([id, r]) => ({ id, rank: r })).sort((a, b) => a.rank - b.rank || a.id - b.id);
}

/** A statement computing the body's bm25 of every match (ranking it, or reading a list): not of given ids only, not a count. */
const everyBm25 = (r: Recorded) => /bm25\(clipping_fts\b/.test(r.sql) && !/\+(clipping_fts\.)?rowid IN/.test(r.sql) && !/^SELECT count\(\*\)/.test(r.sql);
/** A count over the body's whole match of an expression (not of given ids). */
const countsMatch = (r: Recorded) => /count\(\*\)/.test(r.sql) && /clipping_fts MATCH \?/.test(r.sql) && !/rowid IN/.test(r.sql);

/** Seeded writes: clippings added, texts edited, trashed, deleted, notes written. */
function writeSome(db: Db, r: Rng, hash: string): void {
  const clippings = new ClippingRepo(db);
  db.transaction(() => {
    for (let i = 0; i < 6; i++) addClipping(db, clippings, r, `${hash}-${i}`);
    const live = (db.prepare('SELECT id FROM clippings WHERE deleted_at IS NULL').all() as { id: number }[]).map((x) => x.id);
    for (let i = 0; i < 6; i++) db.prepare('UPDATE clippings SET text_z = ?, text_size = 0 WHERE id = ?').run(words(r, r.int(2, 30)), r.pick(live));
    for (let i = 0; i < 3; i++) db.prepare('UPDATE clippings SET deleted_at = ? WHERE id = ?').run(NOW, r.pick(live));
    for (let i = 0; i < 3; i++) db.prepare('DELETE FROM clippings WHERE id = ?').run(r.pick(live));
    for (let i = 0; i < 6; i++) db.prepare('UPDATE clippings SET note = ? WHERE id = ?').run(words(r, 3), r.pick(live));
  })();
}

describe('a phrase that matches nothing', () => {
  it('takes one pass over its words (counted, or read whole when long), not a second one to rank nothing (close matches try many such phrases)', () => {
    const db = archive(4, 60);
    const { repo, runs } = recording(db);
    for (const q of ['"zarek qqq"', '"qqq www"', '"ta ko ta ko ta ko ta ko ta ko ta ko ta ko ta ko ta ko ta ko ta ko ta ko ta ko"']) {
      const from = runs.length;
      const page = repo.query(q, { limit: 10, offset: 0, now: new Date(NOW) });
      expect(reference(db, q), q).toEqual([]);
      expect([page.ranked, page.total], q).toEqual([[], 0]);
      expect(runs.slice(from).filter((r) => /FROM clipping_fts WHERE clipping_fts MATCH/.test(r.sql)), q).toHaveLength(1);
    }
    db.close();
  });
});

describe('a phrase of three words or more', () => {
  it('is read whole in one pass when it matches few: no count of its match first', () => {
    const db = archive(5, 300);
    const { repo, runs } = recording(db);
    const r = rng(55);
    let some = 0;
    for (let i = 0; i < 20; i++) {
      const q = `"${words(r, r.int(3, 5))}"`;
      const all = reference(db, q);
      const from = runs.length;
      const page = repo.query(q, { limit: 10, offset: 0, now: new Date(NOW) });
      expect(page.ranked.map((x) => [x.id, x.score]), q).toEqual(all.slice(0, 10).map((x) => [x.id, -x.rank]));
      expect(page.total, q).toBe(all.length);
      expect(runs.slice(from).filter(countsMatch).map((x) => x.sql), q).toEqual([]);
      if (all.length > 0) some++;
    }
    expect(some).toBeGreaterThan(3);
    db.close();
  });
});

describe('broad two-word phrases', () => {
  for (const seed of [1, 2, 3]) {
    it(`seed ${seed}: the warm-up reads their lists; pages and totals equal bm25 over every match, before and after writes`, () => {
      const db = archive(seed, 500);
      const { repo, runs } = recording(db, { rankLists: LISTS });
      const queries = repo.broadWords();
      const pairs = queries.filter((q) => q.includes(' '));
      expect(pairs.length).toBeGreaterThan(10);
      repo.warmBroadWords(queries);
      // A warm-up again (the next start of the app) counts no pair's match: each one's list was read, broad or not.
      const again = runs.length;
      expect(repo.warmBroadWords(queries).lists).toBe(0);
      expect(runs.slice(again).filter((x) => countsMatch(x) && String(x.params[0]).includes(' ')).map((x) => x.params[0])).toEqual([]);
      const now = new Date(NOW);
      const r = rng(seed * 7919);
      const check = (stage: string, listsKnown: boolean): { broad: number; withoutCount: number } => {
        let broad = 0;
        let withoutCount = 0;
        for (let i = 0; i < 30; i++) {
          const q = `"${word(r)} ${word(r)}"`;
          const all = reference(db, q);
          for (const [limit, offset] of [[10, 0], [5, 7], [20, 0]] as const) {
            const from = runs.length;
            const page = repo.query(q, { limit, offset, now });
            const want = all.slice(offset, offset + limit);
            expect(page.ranked.map((x) => [x.id, x.score]), `${stage}: ${q} (limit ${limit}, offset ${offset})`).toEqual(want.map((x) => [x.id, -x.rank]));
            expect(page.total, `${stage}: ${q}`).toBe(all.length);
            if (all.length >= LISTS.broad && offset === 0) {
              broad++;
              const ran = runs.slice(from);
              // A broad pair's list was read ahead: never read by the query.
              if (listsKnown) expect(ran.some(everyBm25), `${stage}: ${q} read a list`).toBe(false);
              if (!ran.some(countsMatch)) withoutCount++;
            }
          }
        }
        return { broad, withoutCount };
      };
      const before = check('lists read', true);
      expect(before.broad).toBeGreaterThan(10);
      // Nothing changed since the lists were read: the idf and the total come from their counts.
      expect(before.withoutCount).toBe(before.broad);
      writeSome(db, r, `w${seed}`);
      check('after writes', false);
      db.close();
    });

    it(`seed ${seed}: a phrase whose list was read before (by another connection) is ranked and counted without a count of its match or a body bm25 (of the clippings found in the meta index too)`, () => {
      const db = archive(seed, 500);
      const first = new SearchRepo(db, { rankLists: LISTS });
      const { repo, runs } = recording(db, { rankLists: LISTS });
      const now = new Date(NOW);
      const r = rng(seed * 104729);
      let broad = 0;
      for (let i = 0; i < 20; i++) {
        const q = `"${word(r)} ${word(r)}"`;
        const all = reference(db, q);
        if (all.length < LISTS.broad) continue;
        broad++;
        first.query(q, { limit: 10, offset: 0, now }); // reads and stores the list
        const from = runs.length;
        const page = repo.query(q, { limit: 10, offset: 0, now });
        expect(page.ranked.map((x) => [x.id, x.score]), q).toEqual(all.slice(0, 10).map((x) => [x.id, -x.rank]));
        expect(page.total, q).toBe(all.length);
        expect(runs.slice(from).filter(countsMatch).map((x) => x.sql), q).toEqual([]);
        // Those with the phrase in their tags, notes or annotations too: their body's part is the list's.
        expect(runs.slice(from).filter((x) => /bm25\(clipping_fts\b/.test(x.sql)).map((x) => x.sql), q).toEqual([]);
      }
      expect(broad).toBeGreaterThan(5);
      db.close();
    });
  }
});
