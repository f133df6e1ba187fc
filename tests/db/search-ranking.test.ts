/**
 * Relevance ranking (issue 13, item 3): whatever shortcuts the engine takes to rank a
 * broad word, phrase or prefix, a page of results must be exactly the page that bm25
 * over every match gives — the same clippings in the same order, ties broken by
 * clipping id, with the same scores. The reference here is computed the plain way,
 * from FTS5 alone: which clippings match (each phrase looked up in both full-text
 * tables, the expression evaluated per clipping) and each one's rank, the sum over the
 * two tables of FTS5's bm25 of the query's positive phrases (db/search.ts, `source`).
 * Seeded random archives (frequent and rare words, titles, tags, notes, annotations)
 * and seeded random queries.
 */
import { describe, expect, it } from 'vitest';
import { ClippingRepo } from '../../db/clippings.ts';
import { openDatabase, type Db } from '../../db/open.ts';
import { buildQuery } from '../../db/query/builder.ts';
import { anyPhrase, evaluate, parseFts, phrases, positivePhrases, renderPhrase, type FtsNode } from '../../db/query/split.ts';
import { SearchRepo } from '../../db/search.ts';
import { TagRepo } from '../../db/tags.ts';
import { NOW } from '../helpers.ts';
import { recording, type Recorded } from './recording.ts';

/** A small deterministic generator (mulberry32). */
function rng(seed: number): { next: () => number; int: (lo: number, hi: number) => number; pick: <T>(xs: readonly T[]) => T } {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)), pick: (xs) => xs[Math.floor(next() * xs.length)]! };
}

/** Made-up words (no stemming surprises), many sharing their first letters. */
const WORDS = ['ta', 'tal', 'talo', 'tamber', 'tavik', 'ko', 'kolm', 'kovar', 'kestel', 'mira', 'mirok', 'mund', 'nuvel', 'nost', 'perak', 'pilgo', 'ravno', 'sulte', 'vindo', 'zarek'];

/** A word drawn with a steep skew: the first words are in nearly every text, the last in few. */
function word(r: ReturnType<typeof rng>): string {
  return WORDS[Math.min(WORDS.length - 1, Math.floor(WORDS.length * r.next() ** 2.5))]!;
}
const words = (r: ReturnType<typeof rng>, n: number) => Array.from({ length: n }, () => word(r)).join(' ');

function archive(seed: number, size: number): Db {
  const r = rng(seed);
  const db = openDatabase(':memory:');
  const clippings = new ClippingRepo(db);
  const tags = new TagRepo(db);
  db.transaction(() => {
    for (let i = 0; i < size; i++) {
      const text = words(r, r.int(3, 60));
      const id = clippings.insert(
        {
          captureId: null, title: words(r, r.int(1, 4)), byline: r.next() < 0.2 ? words(r, 2) : null, outlet: r.next() < 0.3 ? words(r, 1) : null, sourceUrl: null,
          canonicalUrl: null, urlKey: null, publishedAt: null, modifiedAt: null, capturedAt: NOW, lang: 'en', excerpt: null, text, html: null, figures: [],
          leadImage: null, wordCount: 1, contentHash: `h${seed}-${i}`,
        },
        NOW,
      );
      if (r.next() < 0.3) tags.addToClippings([id], [word(r), word(r)], NOW);
      if (r.next() < 0.15) db.prepare('UPDATE clippings SET note = ? WHERE id = ?').run(words(r, r.int(1, 6)), id);
      if (r.next() < 0.1) {
        db.prepare(`INSERT INTO annotations (clipping_id, exact, note, created_at, updated_at) VALUES (?, ?, ?, ?, ?)`).run(id, words(r, 3), words(r, r.int(0, 3)), NOW, NOW);
      }
    }
  })();
  return db;
}

/** A random query of the shapes broad searches take; no phrase twice (FTS5's bm25 would count it twice, the rank sum once). */
function query(r: ReturnType<typeof rng>): string {
  const distinct = (n: number) => {
    const out = new Set<string>();
    while (out.size < n) out.add(word(r));
    return [...out];
  };
  switch (r.int(0, 6)) {
    case 0:
      return word(r);
    case 1: {
      const [a, b] = distinct(2);
      return `"${a} ${b}"`;
    }
    case 2:
      return `${word(r).slice(0, r.int(1, 2))}*`;
    case 3:
      return distinct(2).join(' ');
    case 4:
      return distinct(2).join(' OR ');
    case 5: {
      const [a, b] = distinct(2);
      return `${a} -${b}`;
    }
    default: {
      const [a, b, c] = distinct(3);
      return `"${a} ${b}" ${c}`;
    }
  }
}

type Phrase = Extract<FtsNode, { type: 'phrase' }>;
const TABLES = { body: 'clipping_fts', meta: 'clipping_meta_fts' } as const;
const BM25 = { body: 'bm25(clipping_fts, 10, 4, 4, 1)', meta: 'bm25(clipping_meta_fts, 4, 2, 2)' } as const;

/** Every match of the query with its rank, best first, ties by id: bm25 over every match, the plain way. */
function reference(db: Db, q: string): { id: number; rank: number }[] {
  const match = buildQuery(new SearchRepo(db).parse(q).ast, { now: new Date(NOW) }).match!;
  const tree = parseFts(match);
  const occurs = new Map<Phrase, Set<number>>();
  for (const p of phrases(tree)) {
    const found = new Set<number>();
    for (const t of Object.values(TABLES)) {
      for (const { id } of db.prepare(`SELECT rowid AS id FROM ${t} WHERE ${t} MATCH ?`).all(renderPhrase(p)) as { id: number }[]) found.add(id);
    }
    occurs.set(p, found);
  }
  const rank = new Map<number, number>();
  for (const table of ['body', 'meta'] as const) {
    const any = anyPhrase(positivePhrases(tree), table);
    if (any === null) continue;
    const t = TABLES[table];
    for (const { id, r } of db.prepare(`SELECT rowid AS id, ${BM25[table]} AS r FROM ${t} WHERE ${t} MATCH ?`).all(any) as { id: number; r: number }[]) {
      rank.set(id, (rank.get(id) ?? 0) + r);
    }
  }
  const ids = (db.prepare('SELECT id FROM clippings WHERE deleted_at IS NULL').all() as { id: number }[]).map((x) => x.id);
  return ids
    .filter((id) => evaluate(tree, (p) => occurs.get(p)!.has(id)))
    .map((id) => ({ id, rank: rank.get(id) ?? 0 }))
    .sort((a, b) => a.rank - b.rank || a.id - b.id);
}

/** Statements that read the body's full-text index (a pass over a match of `clipping_fts`). */
const bodyPasses = (runs: Recorded[]) => runs.filter((r) => /FROM clipping_fts WHERE clipping_fts MATCH/.test(r.sql));

describe('the work ranking does', () => {
  it('never computes bm25 with the ids as a constraint FTS5 probes one by one (each probe recounts the phrase over the whole index)', () => {
    const db = archive(5, 200);
    // A few clippings with the words in their notes: the ranking of those few must still be one pass over the match.
    db.exec(`UPDATE clippings SET note = 'ta ko ta' WHERE id % 50 = 0`);
    const { repo, runs } = recording(db);
    for (const q of ['ta', '"ta ko"', 'ko*', 'ta ko', 'ta -ko']) repo.query(q, { limit: 10, offset: 0, now: new Date(NOW) });
    const probed = runs.filter((r) => /bm25\(/.test(r.sql) && /[^+]rowid IN \(/.test(r.sql));
    expect(probed.map((r) => r.sql)).toEqual([]);
    db.close();
  });

  it('reads the body index once to decide and rank the clippings of a single word found in notes, not twice', () => {
    const db = archive(6, 200);
    db.exec(`UPDATE clippings SET note = 'ta' WHERE id % 2 = 0`);
    const { repo, runs } = recording(db);
    repo.query('ta', { limit: 10, offset: 0, now: new Date(NOW) });
    // One pass ranks the clippings found in notes among the body's matches, one ranks the others.
    expect(bodyPasses(runs).filter((r) => !/highlight\(|^SELECT count/.test(r.sql))).toHaveLength(2);
    db.close();
  });

  it('reads the meta index once to find and rank a single word found in notes, not once for each', () => {
    const db = archive(8, 200);
    db.exec(`UPDATE clippings SET note = 'ta' WHERE id % 2 = 0`);
    const { repo, runs } = recording(db);
    repo.query('ta', { limit: 10, offset: 0, now: new Date(NOW) });
    expect(runs.filter((r) => /FROM clipping_meta_fts WHERE clipping_meta_fts MATCH/.test(r.sql) && !/snippet\(/.test(r.sql))).toHaveLength(1);
    db.close();
  });

  it('looks a common word up in the body index only among the clippings a rarer word of the same AND leaves open', () => {
    const db = archive(9, 300);
    // "ta" in the notes of half the clippings; "zzrare" in the text of ten of those.
    db.exec(`UPDATE clippings SET note = 'ta' WHERE id % 2 = 0; UPDATE clippings SET text = text || ' zzrare' WHERE id % 30 = 0`);
    const { repo, runs } = recording(db);
    for (const q of ['zzrare ta', 'ta zzrare', '(zzrare OR zzother) ta', 'ta -zzrare']) {
      runs.length = 0;
      const expected = reference(db, q);
      const page = repo.query(q, { limit: 400, offset: 0, now: new Date(NOW) });
      expect(page.ranked.map((x) => [x.id, x.score]), q).toEqual(expected.map((x) => [x.id, -x.rank]));
      if (q.includes('-')) continue;
      expect(expected.length, q).toBeGreaterThan(0);
      // Deciding the 150 clippings with "ta" in their notes: "ta" is looked up in the body only among those with "zzrare".
      const lookups = runs.filter((r) => /^SELECT rowid AS id, 0 AS r FROM clipping_fts WHERE clipping_fts MATCH \? AND \+?rowid IN/.test(r.sql) && r.params[0] === '"ta"');
      for (const r of lookups) expect((JSON.parse(r.params[1] as string) as number[]).length, q).toBeLessThanOrEqual(10);
    }
    db.close();
  });

  it('plans the filters of close matches once for both of their steps', () => {
    const db = archive(7, 100);
    db.exec(`UPDATE clippings SET note = 'qqnote' WHERE id % 2 = 0`);
    const { repo, runs } = recording(db);
    const metaLookups = () => runs.filter((r) => /FROM clipping_meta_fts WHERE clipping_meta_fts MATCH \? ORDER BY rowid/.test(r.sql)).length;
    const parsed = repo.parse('zzzq -qqnote');
    const now = new Date(NOW);
    expect(repo.anyPassesFilters(parsed, now)).toBe(true);
    const passing = repo.passFilters(parsed, [1, 2, 3, 4], now);
    // The excluded word is looked up in the notes' index once, not once per step…
    expect(metaLookups()).toBe(1);
    expect([...passing].sort((x, y) => x - y)).toEqual([1, 3]);
    // …and again after a write, which may change what passes.
    db.exec(`UPDATE clippings SET note = 'other' WHERE id = 2`);
    expect([...repo.passFilters(parsed, [1, 2, 3, 4], now)].sort((x, y) => x - y)).toEqual([1, 2, 3]);
    expect(metaLookups()).toBe(2);
    db.close();
  });
});

describe('relevance ranking equals bm25 over every match', () => {
  for (const seed of [1, 2, 3]) {
    it(`seed ${seed}: the same pages, order, ties and scores for random queries`, () => {
      const db = archive(seed, 400);
      const search = new SearchRepo(db);
      const r = rng(seed * 7919);
      for (let i = 0; i < 60; i++) {
        const q = query(r);
        const expected = reference(db, q);
        for (const [limit, offset] of [[10, 0], [7, 10], [20, 200]] as const) {
          const page = search.query(q, { limit, offset, now: new Date(NOW) });
          const want = expected.slice(offset, offset + limit);
          expect(page.ranked.map((x) => x.id), `${q} (limit ${limit}, offset ${offset})`).toEqual(want.map((x) => x.id));
          expect(page.ranked.map((x) => x.score), q).toEqual(want.map((x) => -x.rank));
          if (offset === 0) expect(page.total, q).toBe(expected.length);
        }
      }
      db.close();
    });
  }
});
