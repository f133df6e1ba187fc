/**
 * A single word with a ranking list, found in the tags, notes or annotations of many
 * clippings (db/query/topk.ts, `nearMeta`): their meta bm25 is read only for those whose
 * meta score can still reach the page, yet the page is bm25's over every match — the same
 * clippings, order, ties and scores — and so is the total. (At 1M clippings `to` is in
 * 73,932 meta documents: their bm25 read whole, then ranked in JS, was most of the query.)
 * The reference is FTS5's bm25 of the word in each table, summed, over every match.
 */
import { describe, expect, it } from 'vitest';
import { ClippingRepo } from '../../db/clippings.ts';
import { openDatabase, type Db } from '../../db/open.ts';
import { TagRepo } from '../../db/tags.ts';
import { NOW } from '../helpers.ts';
import { recording, type Recorded } from './recording.ts';
import { rng, type Rng } from './rng.ts';

const WORDS = ['ta', 'ko', 'mira', 'nost', 'perak', 'sulte', 'vindo', 'zarek'];
/** Skewed: `ta` in nearly every text (its body idf FTS5's floor), `zarek` in few. */
const word = (r: Rng) => WORDS[Math.min(WORDS.length - 1, Math.floor(WORDS.length * r.next() ** 2))]!;
const words = (r: Rng, n: number) => Array.from({ length: n }, () => word(r)).join(' ');

function addClippings(db: Db, r: Rng, n: number, hash: string): number[] {
  const clippings = new ClippingRepo(db);
  const ids: number[] = [];
  for (let i = 0; i < n; i++) {
    ids.push(
      clippings.insert(
        {
          captureId: null, title: words(r, r.int(1, 3)), byline: null, outlet: null, sourceUrl: null, canonicalUrl: null, urlKey: null, publishedAt: null,
          modifiedAt: null, capturedAt: NOW, lang: 'en', excerpt: null, text: words(r, r.int(3, 40)), html: null, figures: [], leadImage: null, wordCount: 1,
          contentHash: `${hash}-${i}`,
        },
        NOW,
      ),
    );
  }
  return ids;
}

/** Tags (many clippings share the same one: equal meta scores, ties by id), notes and annotations with the words. */
function addMeta(db: Db, r: Rng, ids: readonly number[], share: number): void {
  const tags = new TagRepo(db);
  for (const id of ids) {
    // (Half of them the words rarest in texts: their body outweighs their meta score.)
    const tag = () => (r.next() < 0.5 ? WORDS[WORDS.length - 1 - r.int(0, 2)]! : word(r));
    if (r.next() < share) tags.addToClippings([id], r.next() < 0.6 ? [tag()] : [tag(), tag()], NOW);
    if (r.next() < share / 3) db.prepare('UPDATE clippings SET note = ? WHERE id = ?').run(words(r, r.int(1, 5)), id);
    if (r.next() < share / 6) {
      db.prepare('INSERT INTO annotations (clipping_id, exact, note, created_at, updated_at) VALUES (?, ?, ?, ?, ?)').run(id, words(r, 3), words(r, r.int(0, 2)), NOW, NOW);
    }
  }
}

function archive(seed: number, size: number): Db {
  const r = rng(seed);
  const db = openDatabase(':memory:');
  db.transaction(() => addMeta(db, r, addClippings(db, r, size, `h${seed}`), 0.5))();
  return db;
}

/** Every match of the word with its rank (body bm25 plus meta bm25), best first, ties by id. */
function reference(db: Db, w: string): { id: number; rank: number }[] {
  const rank = new Map<number, number>();
  for (const [t, bm25] of [['clipping_fts', 'bm25(clipping_fts, 1, 10, 4, 4)'], ['clipping_meta_fts', 'bm25(clipping_meta_fts, 4, 2, 2)']] as const) {
    for (const { id, r } of db.prepare(`SELECT rowid AS id, ${bm25} AS r FROM ${t} WHERE ${t} MATCH ?`).all(`"${w}"`) as { id: number; r: number }[]) {
      rank.set(id, rank.has(id) ? 0 + rank.get(id)! + r : r);
    }
  }
  return [...rank].map(([id, r]) => ({ id, rank: r })).sort((a, b) => a.rank - b.rank || a.id - b.id);
}

const LISTS = { broad: 30, size: 24, deep: 32 };
/** A statement computing the meta bm25 of every clipping found in the meta index, not of given ids only. */
const metaBm25 = (r: Recorded) => /bm25\(clipping_meta_fts\b/.test(r.sql) && !/rowid IN/.test(r.sql);

describe('a word with a ranking list found in the meta index of many clippings', () => {
  it('reads the meta bm25 of those near the top only, and ranks and counts as bm25 over every match', () => {
    // `ta` in nearly every text (FTS5's floor idf: its body scores count for little), and in the tags of a quarter of the clippings.
    const r = rng(7);
    const db = openDatabase(':memory:');
    db.transaction(() => {
      const ids = addClippings(db, r, 600, 'h7');
      const tags = new TagRepo(db);
      for (const id of ids) tags.addToClippings([id], r.next() < 0.25 ? ['ta', ...WORDS.slice(1, r.int(1, 5))] : [WORDS[r.int(1, WORDS.length - 1)]!], NOW);
      for (const id of ids.filter(() => r.next() < 0.1)) db.prepare('UPDATE clippings SET note = ? WHERE id = ?').run(words(r, r.int(1, 5)), id);
    })();
    const { repo, runs } = recording(db, { rankLists: { ...LISTS, metaNear: 16 } });
    const now = new Date(NOW);
    expect(repo.warmRankLists(['ta'], Date.now() + 600_000)).toBe(1);
    const found = (db.prepare(`SELECT count(*) AS n FROM clipping_meta_fts WHERE clipping_meta_fts MATCH '"ta"'`).get() as { n: number }).n;
    expect(found).toBeGreaterThan(120);
    const want = reference(db, 'ta');
    for (const [limit, offset] of [[10, 0], [10, 10], [20, 0]] as const) {
      const from = runs.length;
      const page = repo.query('ta', { limit, offset, now });
      expect(page.ranked.map((x) => [x.id, x.score])).toEqual(want.slice(offset, offset + limit).map((x) => [x.id, -x.rank]));
      expect(page.total).toBe(want.length);
      const read = runs.slice(from).filter(metaBm25);
      // Never every one's meta bm25 taken out (`… ORDER BY rowid`), and few rows in all.
      expect(read.some((r) => /ORDER BY rowid/.test(r.sql)), `${limit} ${offset}`).toBe(false);
      const rows = read.reduce((n, r) => n + (db.prepare(r.sql).all(...r.params) as unknown[]).length, 0);
      expect(rows, `${limit} ${offset}`).toBeLessThan(found / 2);
    }
    db.close();
  });

  for (const seed of [19, 23, 41]) {
    it(`seed ${seed}: reads no meta bm25 beyond the list’s candidates that can reach the page when the body outweighs the meta index (a tag name rarer in texts); bm25's pages after writes too`, () => {
      // `kestel` in a tenth of the texts and in the tags of most clippings: a meta score at most idf · (k1 + 1), small beside the body's.
      const r = rng(seed);
      const db = openDatabase(':memory:');
      const kestel = (ids: readonly number[]) => {
        for (const id of ids.filter(() => r.next() < 0.1)) db.prepare(`UPDATE clippings SET text_z = text_z || ?, text_size = 0 WHERE id = ?`).run(` ${'kestel '.repeat(r.int(1, 4))}${words(r, r.int(0, 20))}`, id);
        const tags = new TagRepo(db);
        for (const id of ids) tags.addToClippings([id], r.next() < 0.7 ? ['kestel', ...WORDS.slice(1, r.int(1, 4))] : [word(r)], NOW);
      };
      db.transaction(() => kestel(addClippings(db, r, 600, `h${seed}`)))();
      const { repo, runs } = recording(db, { rankLists: { ...LISTS, metaNear: 16 } });
      const now = new Date(NOW);
      expect(repo.warmRankLists(['kestel'], Date.now() + 600_000)).toBe(1);
      const check = (when: string, read: boolean) => {
        const want = reference(db, 'kestel');
        for (const [limit, offset] of [[10, 0], [10, 10], [20, 0], [5, 17]] as const) {
          const from = runs.length;
          const page = repo.query('kestel', { limit, offset, now });
          expect(page.ranked.map((x) => [x.id, x.score]), `${when} ${limit} ${offset}`).toEqual(want.slice(offset, offset + limit).map((x) => [x.id, -x.rank]));
          expect(page.total).toBe(want.length);
          if (!read) expect(runs.slice(from).filter(metaBm25).map((r) => r.sql), `${limit} ${offset}`).toEqual([]);
        }
      };
      check('read', false);
      // Tags change no body document (no change mark); then clippings added and texts edited.
      db.transaction(() => kestel((db.prepare('SELECT id FROM clippings').all() as { id: number }[]).map((x) => x.id).filter(() => r.next() < 0.2)))();
      check('tagged', true);
      db.transaction(() => {
        kestel(addClippings(db, r, 20, `more${seed}`));
        const ids = (db.prepare('SELECT id FROM clippings').all() as { id: number }[]).map((x) => x.id);
        for (let i = 0; i < 10; i++) db.prepare('UPDATE clippings SET text_z = ?, text_size = 0 WHERE id = ?').run(`kestel ${words(r, r.int(1, 30))}`, r.pick(ids));
      })();
      check('written', true);
      db.close();
    });
  }

  for (const seed of [3, 11, 29]) {
    it(`seed ${seed}: every word at any depth, before and after tags, notes, clippings added, texts edited, trashed and deleted: bm25's pages, scores and totals`, () => {
      const r = rng(seed);
      const db = archive(seed, 500);
      const { repo } = recording(db, { rankLists: { ...LISTS, metaNear: 1 } });
      const now = new Date(NOW);
      repo.warmRankLists(WORDS, Date.now() + 600_000);
      const check = (when: string) => {
        for (const w of WORDS) {
          const want = reference(db, w);
          for (const [limit, offset] of [[10, 0], [5, 15], [20, 0]] as const) {
            const page = repo.query(w, { limit, offset, now });
            expect(page.ranked.map((x) => [x.id, x.score]), `${when} ${w} ${limit} ${offset}`).toEqual(want.slice(offset, offset + limit).map((x) => [x.id, -x.rank]));
            expect(page.total, `${when} ${w}`).toBe(want.length);
          }
        }
      };
      check('read');
      const live = () => (db.prepare('SELECT id FROM clippings WHERE deleted_at IS NULL').all() as { id: number }[]).map((x) => x.id);
      // Tags, notes and annotations change no body document: no change mark.
      db.transaction(() => addMeta(db, r, live().filter(() => r.next() < 0.3), 0.8))();
      check('meta written');
      db.transaction(() => {
        addMeta(db, r, addClippings(db, r, 20, `more${seed}`), 0.9);
        const ids = live();
        for (let i = 0; i < 10; i++) db.prepare('UPDATE clippings SET text_z = ?, text_size = 0 WHERE id = ?').run(words(r, r.int(1, 30)), r.pick(ids));
        for (let i = 0; i < 5; i++) db.prepare('UPDATE clippings SET deleted_at = ? WHERE id = ?').run(NOW, r.pick(ids));
        for (let i = 0; i < 5; i++) db.prepare('DELETE FROM clippings WHERE id = ?').run(r.pick(ids));
      })();
      check('bodies written');
      db.close();
    });
  }
});
