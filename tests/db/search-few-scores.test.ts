/**
 * A page listed by date scores the few clippings of it found in their notes without FTS5's
 * pass over the OR of the query's phrases (issue 13, `sort_oldest`; db/query/few-scores.ts):
 * their body bm25 is computed from the phrases counted in their texts, the idf from each
 * phrase's count — and every score stays FTS5's, bit for bit. The reference is computed
 * from FTS5 alone, as db/search.ts `decide` ranks: a clipping with a phrase in its meta
 * index by 0 plus the body bm25 of the OR of the phrases plus their meta bm25, the others
 * by the body bm25 of the query.
 */
import { describe, expect, it } from 'vitest';
import { ClippingRepo } from '../../db/clippings.ts';
import { openDatabase, type Db } from '../../db/open.ts';
import { fewScores, FEW_MAX } from '../../db/query/few-scores.ts';
import { BM25 } from '../../db/query/split.ts';
import { RankLists } from '../../db/query/topk.ts';
import { SearchRepo } from '../../db/search.ts';
import { NOW } from '../helpers.ts';
import { recording } from './recording.ts';
import { rng, type Rng } from './rng.ts';

/** Ranking lists small enough for these archives (db/query/topk.ts): the common words get one. */
const LISTS = { broad: 30, size: 24, deep: 32 };

const WORDS = ['ta', 'ko', 'mira', 'nost', 'perak', 'pilgo', 'ravno', 'sulte', 'vindo', 'zarek', 'kestel', 'tamber'];
const word = (r: Rng) => WORDS[Math.min(WORDS.length - 1, Math.floor(WORDS.length * r.next() ** 1.8))]!;
const words = (r: Rng, n: number) => Array.from({ length: n }, () => word(r)).join(' ');

function archive(seed: number, size: number): Db {
  const r = rng(seed);
  const db = openDatabase(':memory:');
  const clippings = new ClippingRepo(db);
  db.transaction(() => {
    for (let i = 0; i < size; i++) {
      const day = String(1 + r.int(0, 27)).padStart(2, '0');
      const id = clippings.insert(
        {
          captureId: null, title: words(r, r.int(1, 4)), byline: null, outlet: null, sourceUrl: null, canonicalUrl: null, urlKey: null,
          publishedAt: `20${10 + r.int(0, 9)}-0${1 + r.int(0, 8)}-${day}`, modifiedAt: null, capturedAt: NOW, lang: 'en', excerpt: null, text: words(r, r.int(3, 40)), html: null, figures: [], leadImage: null,
          wordCount: 1, contentHash: `h${seed}-${i}`,
        },
        NOW,
      );
      // A few notes with the words: those clippings are decided in the meta index.
      if (r.next() < 0.3) db.prepare('UPDATE clippings SET note = ? WHERE id = ?').run(words(r, r.int(1, 4)), id);
    }
  })();
  return db;
}

/** FTS5's bm25 of `expr` in `table` of every clipping it matches there. */
function bm25(db: Db, table: 'clipping_fts' | 'clipping_meta_fts', expr: string): Map<number, number> {
  const rows = db.prepare(`SELECT rowid AS id, ${table === 'clipping_fts' ? BM25.body : BM25.meta} AS r FROM ${table} WHERE ${table} MATCH ?`).all(expr) as { id: number; r: number }[];
  return new Map(rows.map((x) => [x.id, x.r]));
}

/** The query `a b`'s matches, oldest first, each with its score (`decide`'s rank, negated). */
function reference(db: Db, a: string, b: string): { id: number; score: number }[] {
  const any = `("${a}" OR "${b}")`;
  const [bodyAny, metaAny, bodyAll] = [bm25(db, 'clipping_fts', any), bm25(db, 'clipping_meta_fts', any), bm25(db, 'clipping_fts', `("${a}" AND "${b}")`)];
  const where = (w: string) => new Set([...bm25(db, 'clipping_fts', `"${w}"`).keys(), ...bm25(db, 'clipping_meta_fts', `"${w}"`).keys()]);
  const [hasA, hasB] = [where(a), where(b)];
  const out: { id: number; score: number }[] = [];
  for (const { id } of db.prepare(`SELECT id FROM clippings WHERE deleted_at IS NULL ORDER BY sort_key, id`).all() as { id: number }[]) {
    if (metaAny.has(id)) {
      if (hasA.has(id) && hasB.has(id)) out.push({ id, score: -(0 + (bodyAny.get(id) ?? 0) + metaAny.get(id)!) });
    } else if (bodyAll.has(id)) out.push({ id, score: -bodyAll.get(id)! });
  }
  return out;
}

describe('a page listed by date with clippings found in their notes', () => {
  for (const seed of [1, 2, 3]) {
    it(`seed ${seed}: scores them without a bm25 pass over the OR of the phrases, the same scores as FTS5's; no bm25 over the match for the listing or its count`, () => {
      const db = archive(seed, 500);
      const { repo, runs } = recording(db, { rankLists: LISTS });
      repo.warmBroadWords(repo.broadWords());
      const r = rng(seed * 7);
      let scoredHere = 0;
      for (let i = 0; i < 25; i++) {
        const [a, b] = [WORDS[r.int(5, WORDS.length - 1)]!, WORDS[r.int(0, 3)]!];
        if (a === b) continue;
        const all = reference(db, a, b);
        const from = runs.length;
        const page = repo.query(`${a} ${b}`, { limit: 10, offset: 0, now: new Date(NOW), sort: 'oldest' });
        expect(page.ranked.map((x) => [x.id, x.score]), `${a} ${b}`).toEqual(all.slice(0, 10).map((x) => [x.id, x.score]));
        const orBm25 = runs.slice(from).filter((x) => /bm25\(clipping_fts\b/.test(x.sql) && String(x.params[0]).includes(' OR '));
        // Nor any bm25 over the whole match: the listing and its count rank nothing.
        expect(runs.slice(from).filter((x) => /bm25\(clipping_fts\b/.test(x.sql) && !/\+rowid IN/.test(x.sql)).map((x) => x.sql), `${a} ${b}`).toEqual([]);
        const noted = (db.prepare('SELECT count(*) AS n FROM clipping_meta_fts WHERE clipping_meta_fts MATCH ? AND rowid IN (SELECT value FROM json_each(?))').get(`("${a}" OR "${b}")`, JSON.stringify(page.ranked.map((x) => x.id))) as { n: number }).n;
        if (noted > 0 && noted <= FEW_MAX) {
          expect(orBm25.map((x) => x.sql), `${a} ${b}`).toEqual([]);
          scoredHere++;
        }
      }
      expect(scoredHere).toBeGreaterThan(2);
      db.close();
    });
  }
});

describe('a page ranked by relevance whose lists prove nothing, with a few clippings found in their notes', () => {
  for (const seed of [1, 2, 3]) {
    it(`seed ${seed}: ranks those from their texts before every match is ranked, not by a bm25 pass over the OR of the phrases; the same scores as FTS5's`, () => {
      const db = archive(seed, 500);
      // Two words in fewer clippings than a list is read for, a few in notes: beside a listed word, the lists cannot rank their AND.
      db.exec(`UPDATE clippings SET text_z = sqlar_uncompress(text_z, text_size) || ' qqz', text_size = 0 WHERE id % 40 = 0;
               UPDATE clippings SET text_z = sqlar_uncompress(text_z, text_size) || ' qqy', text_size = 0 WHERE id % 35 = 0;
               UPDATE clippings SET note = note || ' qqz qqy' WHERE id % 97 = 0 AND note IS NOT NULL;`);
      const { repo, runs } = recording(db, { rankLists: LISTS });
      repo.warmBroadWords(repo.broadWords());
      let scoredHere = 0;
      for (const a of ['qqz', 'qqy']) {
        for (const b of WORDS.slice(0, 4)) {
          const all = reference(db, a, b).sort((x, y) => y.score - x.score || x.id - y.id);
          const from = runs.length;
          const page = repo.query(`${a} ${b}`, { limit: 10, offset: 0, now: new Date(NOW) });
          expect(page.ranked.map((x) => [x.id, x.score]), `${a} ${b}`).toEqual(all.slice(0, 10).map((x) => [x.id, x.score]));
          expect(page.total, `${a} ${b}`).toBe(all.length);
          const any = `("${a}" OR "${b}")`;
          const noted = (db.prepare('SELECT count(*) AS n FROM clipping_meta_fts WHERE clipping_meta_fts MATCH ? AND rowid IN (SELECT value FROM json_each(?))').get(any, JSON.stringify(all.map((x) => x.id))) as { n: number }).n;
          const wholeRanked = runs.slice(from).some((x) => /bm25\(clipping_fts\b/.test(x.sql) && !/\+rowid IN/.test(x.sql) && !/^SELECT count/.test(x.sql));
          if (noted > 0 && noted <= FEW_MAX && wholeRanked) {
            const orBm25 = runs.slice(from).filter((x) => /bm25\(clipping_fts\b/.test(x.sql) && x.params[0] === any);
            expect(orBm25.map((x) => x.sql), `${a} ${b}`).toEqual([]);
            scoredHere++;
          }
        }
      }
      expect(scoredHere).toBeGreaterThan(2);
      db.close();
    });
  }
});

describe('the total of a query with clippings found in their notes', () => {
  it('is counted without bm25: ranked by relevance, the count reads the match unranked; the same total', () => {
    const db = archive(4, 500);
    const { repo, runs } = recording(db);
    let counted = 0;
    for (const [a, b] of [['zarek', 'ta'], ['vindo', 'ko'], ['kestel', 'nost'], ['pilgo', 'mira']] as const) {
      const all = reference(db, a, b);
      const from = runs.length;
      const page = repo.query(`${a} ${b}`, { limit: 10, offset: 0, now: new Date(NOW) });
      expect(page.total, `${a} ${b}`).toBe(all.length);
      const counts = runs.slice(from).filter((x) => /^SELECT count\(\*\)/.test(x.sql) && /clipping_fts MATCH/.test(x.sql));
      expect(counts.filter((x) => /bm25\(/.test(x.sql)).map((x) => x.sql), `${a} ${b}`).toEqual([]);
      counted += counts.length;
    }
    expect(counted).toBeGreaterThan(0);
    db.close();
  });
});

describe('fewScores', () => {
  it('equals FTS5 bm25 for ANDs and ORs of words and phrases, a column’s phrase, a phrase written twice, clippings that do not match; null past FEW_MAX, for one phrase, without a listed phrase, or with a NOT, a column outside the body index, a prefix', () => {
    const db = archive(9, 300);
    new SearchRepo(db, { rankLists: LISTS }).warmBroadWords(['"ta"', '"ko"', '"mira"']);
    const lists = new RankLists(db, LISTS);
    const r = rng(99);
    const live = (db.prepare('SELECT id FROM clippings').all() as { id: number }[]).map((x) => x.id);
    for (const expr of [
      '("ta" OR "ko")', '("zarek" AND "ta")', '("ta ko" OR "mira")', '("ta" OR "ta" OR "nost")', '("ko ta ko" AND "ta")', '("pilgo" OR "ta ta" OR "ko")',
      // A column's phrase: its instances in that column only, its idf from its own match.
      '(body : "ta" OR "ko")', '("ta" AND title : "ko")', '(title : "ta ko" OR "mira")', '("ko" OR body : "ta" OR title : "ta")', '("ta" OR byline : "ko")', '(title : "mira" AND "ta" AND "ko")',
    ]) {
      const ids = Array.from({ length: FEW_MAX }, () => r.pick(live));
      const want = db.prepare(`SELECT rowid AS id, ${BM25.body} AS r FROM clipping_fts WHERE clipping_fts MATCH ? AND +rowid IN (SELECT value FROM json_each(?)) ORDER BY rowid`).all(expr, JSON.stringify(ids));
      expect(fewScores(db, lists, expr, ids), expr).toEqual(want);
    }
    expect(fewScores(db, lists, '("ta" OR "ko")', live.slice(0, FEW_MAX + 1))).toBeNull();
    for (const expr of ['("ta" NOT "ko")', '(notes : "ta" OR "ko")', '("ta"* OR "ko")', '"ta ko"', '("ta" OR "ta")', '("zarek" OR "kestel")']) expect(fewScores(db, lists, expr, live.slice(0, 3)), expr).toBeNull();
    db.close();
  });
});

describe('a word beside a column’s word, ranked by relevance', () => {
  it('scores the few clippings found in their notes that match from their texts, not by a pass over the OR of the word and the column’s word; the same pages as FTS5', () => {
    const db = archive(5, 500);
    const { repo, runs } = recording(db, { rankLists: LISTS });
    repo.warmBroadWords(repo.broadWords());
    let scoredHere = 0;
    for (const a of ['ta', 'ko', 'mira']) {
      for (const b of WORDS.slice(3)) {
        if (a === b) continue;
        // The reference, as db/search.ts ranks: a clipping with the word in its notes by 0 plus the body bm25 of the OR plus its meta bm25, the others by the body bm25 of the query.
        const [bodyAny, metaAny, bodyAll] = [bm25(db, 'clipping_fts', `("${a}" OR title : "${b}")`), bm25(db, 'clipping_meta_fts', `"${a}"`), bm25(db, 'clipping_fts', `("${a}" AND title : "${b}")`)];
        const titled = new Set(bm25(db, 'clipping_fts', `title : "${b}"`).keys());
        const all: { id: number; rank: number }[] = [];
        for (const { id } of db.prepare('SELECT id FROM clippings WHERE deleted_at IS NULL').all() as { id: number }[]) {
          if (metaAny.has(id)) {
            if (titled.has(id)) all.push({ id, rank: 0 + (bodyAny.get(id) ?? 0) + metaAny.get(id)! });
          } else if (bodyAll.has(id)) all.push({ id, rank: bodyAll.get(id)! });
        }
        all.sort((x, y) => x.rank - y.rank || x.id - y.id);
        const q = `${a} title:${b}`;
        const from = runs.length;
        const page = repo.query(q, { limit: 10, offset: 0, now: new Date(NOW) });
        expect(page.ranked.map((x) => [x.id, x.score]), q).toEqual(all.slice(0, 10).map((x) => [x.id, -x.rank]));
        const byOr = runs.slice(from).filter((x) => /bm25\(clipping_fts\b/.test(x.sql) && /\+rowid IN/.test(x.sql) && String(x.params[0]).includes(' OR '));
        // (FTS5's pass for more than FEW_MAX of them.)
        for (const x of byOr) expect((JSON.parse(x.params[1] as string) as number[]).length, q).toBeGreaterThan(FEW_MAX);
        const noted = all.filter((x) => metaAny.has(x.id)).length;
        if (noted > 0 && noted <= FEW_MAX) scoredHere++;
      }
    }
    expect(scoredHere).toBeGreaterThan(3);
    db.close();
  });
});
