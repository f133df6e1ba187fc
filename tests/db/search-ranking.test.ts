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
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ClippingRepo } from '../../db/clippings.ts';
import { openDatabase, type Db } from '../../db/open.ts';
import { buildQuery } from '../../db/query/builder.ts';
import { anyPhrase, evaluate, forTable, inTable, parseFts, phrases, positivePhrases, renderPhrase, type FtsNode } from '../../db/query/split.ts';
import { LATEST_VERSION, MIGRATIONS, rankEpoch } from '../../db/migrations/index.ts';
import { MAX_LISTS, RankLists } from '../../db/query/topk.ts';
import { COUNT_CAP, SearchRepo } from '../../db/search.ts';
import { TagRepo } from '../../db/tags.ts';
import { NOW } from '../helpers.ts';
import { sqlFacets } from './facet-reference.ts';
import { recording, recordingDb, type Recorded } from './recording.ts';
import { rng, type Rng } from './rng.ts';

/** Made-up words (no stemming surprises), many sharing their first letters. */
const WORDS = ['ta', 'tal', 'talo', 'tamber', 'tavik', 'ko', 'kolm', 'kovar', 'kestel', 'mira', 'mirok', 'mund', 'nuvel', 'nost', 'perak', 'pilgo', 'ravno', 'sulte', 'vindo', 'zarek'];

/** A word drawn with a steep skew: the first words are in nearly every text, the last in few. */
function word(r: Rng): string {
  return WORDS[Math.min(WORDS.length - 1, Math.floor(WORDS.length * r.next() ** 2.5))]!;
}
const words = (r: Rng, n: number) => Array.from({ length: n }, () => word(r)).join(' ');

function archive(seed: number, size: number, file = ':memory:'): Db {
  const r = rng(seed);
  const db = openDatabase(file);
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

/** Adds `n` clippings of two title words and `length()` text words, their content hashes `${hash}-${i}`. */
function addClippings(db: Db, r: Rng, n: number, hash: string, length: () => number): void {
  const clippings = new ClippingRepo(db);
  for (let i = 0; i < n; i++) {
    const title = words(r, 2);
    clippings.insert(
      {
        captureId: null, title, byline: null, outlet: null, sourceUrl: null, canonicalUrl: null, urlKey: null, publishedAt: null, modifiedAt: null,
        capturedAt: NOW, lang: 'en', excerpt: null, text: words(r, length()), html: null, figures: [], leadImage: null, wordCount: 1, contentHash: `${hash}-${i}`,
      },
      NOW,
    );
  }
}

/**
 * Seeded writes of every kind a ranking list must notice, in one transaction and in this
 * order: clippings added, texts and titles edited, clippings trashed, some of the trashed
 * restored, deleted, notes written (the text stored as is: `text_size` 0).
 */
function writeSome(db: Db, r: Rng, hash: string, n: { add: number; text: number; title?: number; trash: number; restore?: number; delete: number; note: number }): void {
  const ids = () => (db.prepare('SELECT id FROM clippings WHERE deleted_at IS NULL').all() as { id: number }[]).map((x) => x.id);
  db.transaction(() => {
    addClippings(db, r, n.add, hash, () => r.int(3, 40));
    const live = ids();
    for (let i = 0; i < n.text; i++) db.prepare('UPDATE clippings SET text_z = ?, text_size = 0 WHERE id = ?').run(words(r, r.int(1, 30)), r.pick(live));
    for (let i = 0; i < (n.title ?? 0); i++) db.prepare('UPDATE clippings SET title = ? WHERE id = ?').run(words(r, r.int(1, 8)), r.pick(live));
    for (let i = 0; i < n.trash; i++) db.prepare('UPDATE clippings SET deleted_at = ? WHERE id = ?').run(NOW, r.pick(live));
    const trashed = (db.prepare('SELECT id FROM clippings WHERE deleted_at IS NOT NULL').all() as { id: number }[]).map((x) => x.id);
    for (const id of trashed.slice(0, n.restore ?? 0)) db.prepare('UPDATE clippings SET deleted_at = NULL WHERE id = ?').run(id);
    for (let i = 0; i < n.delete; i++) db.prepare('DELETE FROM clippings WHERE id = ?').run(r.pick(live));
    for (let i = 0; i < n.note; i++) db.prepare('UPDATE clippings SET note = ? WHERE id = ?').run(words(r, 3), r.pick(live));
  })();
}

/** A random query of the shapes broad searches take; no phrase twice (FTS5's bm25 would count it twice, the rank sum once). */
function query(r: Rng): string {
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
const BM25 = { body: 'bm25(clipping_fts, 1, 10, 4, 4)' /* body, title, byline, outlet (migration 021) */, meta: 'bm25(clipping_meta_fts, 4, 2, 2)' } as const;

/** Every match of the query with its rank, best first, ties by id: bm25 over every match, the plain way. */
function reference(db: Db, q: string): { id: number; rank: number }[] {
  const match = buildQuery(new SearchRepo(db).parse(q).ast, { now: new Date(NOW) }).match!;
  const tree = parseFts(match);
  const occurs = new Map<Phrase, Set<number>>();
  for (const p of phrases(tree)) {
    const found = new Set<number>();
    // (A column's phrase only in the table of its column.)
    for (const [table, t] of Object.entries(TABLES)) {
      if (!inTable(p, table as keyof typeof TABLES)) continue;
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

/** Ranking lists small enough for these archives (db/query/topk.ts). */
const LISTS = { broad: 30, size: 24, deep: 32 };
/**
 * A statement computing the body's bm25 of every match, not of given ids only: ranking
 * without a list, or reading one. (A count of the match leaves its rank column unused,
 * and SQLite does not compute it.)
 */
const everyBm25 = (r: Recorded) => /bm25\(clipping_fts\b/.test(r.sql) && !/\+(clipping_fts\.)?rowid IN/.test(r.sql) && !/^SELECT count\(\*\)/.test(r.sql);
/** The look-up of its clippings' lengths that reading a ranking list ends with (once per list read). */
const readsList = (r: Recorded) => /^SELECT id, sz FROM clipping_fts_docsize/.test(r.sql);

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
    // (A match this small is read whole, in one pass: the next test. This one is about broader ones.)
    const { repo, runs } = recording(db, { smallMatch: 0 });
    repo.query('ta', { limit: 10, offset: 0, now: new Date(NOW) });
    // One pass ranks the clippings found in notes among the body's matches, one ranks the others.
    expect(bodyPasses(runs).filter((r) => !/highlight\(|^SELECT count/.test(r.sql))).toHaveLength(2);
    db.close();
  });

  it('reads a small single word, prefix or phrase in one pass of bm25 that ranks, counts and decides the clippings found in notes', () => {
    const db = archive(6, 200);
    db.exec(`UPDATE clippings SET note = 'ta ko' WHERE id % 3 = 0`);
    const { repo, runs } = recording(db);
    for (const q of ['ko', '"ta ko"', 'kol*', 'ta']) {
      runs.length = 0;
      const expected = reference(db, q);
      const page = repo.query(q, { limit: 5, offset: 2, now: new Date(NOW) });
      expect(page.ranked.map((x) => [x.id, x.score]), q).toEqual(expected.slice(2, 7).map((x) => [x.id, -x.rank]));
      expect(page.total, q).toBe(expected.length);
      expect(expected.length, q).toBeGreaterThan(7);
      const scoring = bodyPasses(runs).filter((r) => /bm25\(clipping_fts\b/.test(r.sql));
      expect(scoring.map((r) => r.sql), q).toHaveLength(1);
      expect(runs.filter((r) => /^SELECT count\(\*\) AS n FROM \(SELECT 1/.test(r.sql)).map((r) => r.sql), q).toEqual([]);
    }
    db.close();
  });

  it('counts the match of a broad single word, prefix or phrase once before reading its list, not once more for the list', () => {
    const db = archive(9, 400);
    const { repo, runs } = recording(db, { rankLists: LISTS });
    for (const q of ['ta', '"ta ko"', 'ta*']) {
      runs.length = 0;
      const expected = reference(db, q);
      expect(expected.length, q).toBeGreaterThanOrEqual(LISTS.broad);
      const page = repo.query(q, { limit: 10, offset: 0, now: new Date(NOW) });
      expect(page.ranked.map((x) => [x.id, x.score]), q).toEqual(expected.slice(0, 10).map((x) => [x.id, -x.rank]));
      expect(runs.filter(readsList), q).toHaveLength(1);
      expect(runs.filter((r) => /^SELECT count\(\*\) AS n FROM \(SELECT rowid FROM clipping_fts WHERE clipping_fts MATCH \? LIMIT \?\)/.test(r.sql)), q).toHaveLength(1);
    }
    db.close();
  });

  it('never counts a one-letter prefix before ranking it (each statement on it merges the doclists of every word it begins)', () => {
    const db = archive(6, 200);
    const { repo, runs } = recording(db);
    const expected = reference(db, 't*');
    const page = repo.query('t*', { limit: 5, offset: 0, now: new Date(NOW) });
    expect(page.ranked.map((x) => [x.id, x.score])).toEqual(expected.slice(0, 5).map((x) => [x.id, -x.rank]));
    expect(runs.filter((r) => /^SELECT count\(\*\) AS n FROM \(SELECT rowid FROM clipping_fts WHERE clipping_fts MATCH \? LIMIT \?\)/.test(r.sql))).toEqual([]);
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
    db.exec(`UPDATE clippings SET note = 'ta' WHERE id % 2 = 0; UPDATE clippings SET text_z = sqlar_uncompress(text_z, text_size) || ' zzrare', text_size = 0 WHERE id % 30 = 0`);
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

  it('ranks a broad word, prefix or phrase from its ranking list, never computing bm25 over every match', () => {
    const db = archive(9, 400);
    // Some clippings have the words in their notes too: ranked beside the list.
    db.exec(`UPDATE clippings SET note = 'ta ko ta' WHERE id % 50 = 0`);
    const { repo, runs } = recording(db, { rankLists: LISTS });
    const now = new Date(NOW);
    // A page deeper than the longest list reaches reads none (ranking every match is what it takes).
    repo.query('ta', { limit: 20, offset: LISTS.deep, now });
    expect(runs.filter(readsList)).toEqual([]);
    expect(repo.warmRankLists(['ta', 'ko', 'ta*', 'tal*', 'ko*'], Date.now() + 600_000)).toBeGreaterThan(3);
    const first = runs.length;
    for (const q of ['ta', 'KO', 'ta*', 'tal*']) repo.query(q, { limit: 10, offset: 0, now });
    expect(runs.slice(first).filter(everyBm25).map((r) => r.sql)).toEqual([]);
    // A phrase has no list until its first query reads one (from the pass of bm25 that query needs anyway).
    const phrase = runs.length;
    repo.query('"ta ko"', { limit: 10, offset: 0, now });
    expect(runs.slice(phrase).filter(readsList)).toHaveLength(1);
    const after = runs.length;
    for (const q of ['ta', 'KO', 'ta*', 'tal*', '"ta ko"']) repo.query(q, { limit: 7, offset: 3, now });
    expect(runs.slice(after).filter(everyBm25).map((r) => r.sql)).toEqual([]);
    expect(runs.slice(after).filter(readsList)).toEqual([]);
    // The clippings with the word in their notes are scored with the list's: their body's part was read with the list (no pass over the body's match).
    const again = runs.length;
    repo.query('ta', { limit: 10, offset: 0, now });
    expect(runs.slice(again).filter((r) => /bm25\(clipping_fts\b/.test(r.sql) && !/^SELECT count/.test(r.sql))).toHaveLength(0);
    db.close();
  });

  it("scores a warm list's clippings from its stored counts and lengths, to the last bit of FTS5's bm25, with no bm25 pass over the match", () => {
    for (const seed of [21, 22, 23]) {
      const db = archive(seed, 400);
      // No tags, notes or annotations: every clipping is ranked by the body alone.
      db.exec(`DELETE FROM clipping_tags; DELETE FROM annotations; UPDATE clippings SET note = ''`);
      const { repo, runs } = recording(db, { rankLists: LISTS });
      const now = new Date(NOW);
      const qs = [...WORDS.slice(0, 8), ...WORDS.slice(0, 6).map((w) => `${w.slice(0, 2)}*`), '"ta ko"', '"ko ta"'];
      repo.warmRankLists(qs, Date.now() + 600_000);
      let fromLists = 0;
      for (const q of qs) {
        const all = reference(db, q);
        for (const [limit, offset] of [[10, 0], [14, 10]] as const) {
          const from = runs.length;
          const page = repo.query(q, { limit, offset, now });
          // Ids, order and every score equal FTS5's bm25 over every match (toEqual: Object.is on each number).
          expect(page.ranked.map((x) => [x.id, x.score]), `${seed}: ${q} ${offset}`).toEqual(all.slice(offset, offset + limit).map((x) => [x.id, -x.rank]));
          if (all.length >= LISTS.broad && !runs.slice(from).some((r) => /bm25\(clipping_fts\b/.test(r.sql))) fromLists++;
        }
      }
      // The broad ones (nearly all) came from their lists with no statement computing bm25.
      expect(fromLists, `seed ${seed}`).toBeGreaterThan(15);
      db.close();
    }
  });

  it("counts a warm word's matches for its idf neither before nor after the body index changed (its list's count holds, then is brought up to date)", () => {
    const db = archive(24, 300);
    db.exec(`DELETE FROM clipping_tags; DELETE FROM annotations; UPDATE clippings SET note = ''`);
    const { repo, runs } = recording(db, { rankLists: LISTS });
    const now = new Date(NOW);
    expect(repo.warmRankLists(['ta'], Date.now() + 600_000)).toBe(1);
    const idfCounts = () => runs.filter((r) => /AS averages, \(SELECT count\(\*\) FROM \(SELECT 1 FROM clipping_fts WHERE clipping_fts MATCH/.test(r.sql)).length;
    const page = (offset: number) => repo.query('ta', { limit: 5, offset, now }).ranked.map((x) => [x.id, x.score]);
    const want = (offset: number) => reference(db, 'ta').slice(offset, offset + 5).map((x) => [x.id, -x.rank]);
    for (const offset of [0, 5, 10]) expect(page(offset)).toEqual(want(offset));
    expect(idfCounts()).toBe(0);
    // A tag changes nothing in the body index; an edited text does.
    new TagRepo(db).addToClippings([3], ['zz'], NOW);
    expect(page(0)).toEqual(want(0));
    expect(idfCounts()).toBe(0);
    // (Since query/topk-patch.ts, the list is brought up to date by the edit's own counts: no count at all.)
    db.prepare('UPDATE clippings SET text_z = ?, text_size = 0 WHERE id = 3').run('ta ta ta ko');
    expect(page(0)).toEqual(want(0));
    expect(idfCounts()).toBe(0);
    expect(page(5)).toEqual(want(5));
    expect(idfCounts()).toBe(0);
    db.close();
  });

  it('scores by FTS5 only the clippings found in notes that can still reach the page, not the ranking list', () => {
    const db = archive(9, 400);
    db.exec(`DELETE FROM clipping_tags; DELETE FROM annotations; UPDATE clippings SET note = ''; UPDATE clippings SET note = 'ta ko ta' WHERE id % 40 = 0`);
    const { repo, runs } = recording(db, { rankLists: LISTS });
    const now = new Date(NOW);
    expect(repo.warmRankLists(['ta', 'ko'], Date.now() + 600_000)).toBe(2);
    const noted = new Set((db.prepare(`SELECT id FROM clippings WHERE note <> ''`).all() as { id: number }[]).map((x) => x.id));
    for (const q of ['ta', 'ko']) {
      const from = runs.length;
      const page = repo.query(q, { limit: 10, offset: 0, now });
      expect(page.ranked.map((x) => [x.id, x.score]), q).toEqual(reference(db, q).slice(0, 10).map((x) => [x.id, -x.rank]));
      const scored = runs.slice(from).filter((r) => /bm25\(clipping_fts\b/.test(r.sql) && !/^SELECT count/.test(r.sql));
      expect(scored.length, q).toBeLessThanOrEqual(1);
      for (const r of scored) for (const id of JSON.parse(r.params[1] as string) as number[]) expect(noted.has(id), `${q}: ${id}`).toBe(true);
    }
    db.close();
  });

  it('reads a longer ranking list for the second page deeper than a list, and ranks the pages after it from that list', () => {
    const db = archive(14, 300);
    const { repo, runs } = recording(db, { rankLists: LISTS });
    const now = new Date(NOW);
    const all = reference(db, 'ko');
    expect(repo.warmRankLists(['ko'], Date.now() + 600_000)).toBe(1);
    // Deeper than the list's LISTS.size: the first such page is ranked the old way, the
    // second reads a longer list (by the pass that ranks it)…
    for (const offset of [20, 21]) {
      const page = repo.query('ko', { limit: 6, offset, now });
      expect(page.ranked.map((x) => x.id)).toEqual(all.slice(offset, offset + 6).map((x) => x.id));
      expect(runs.filter(readsList)).toHaveLength(offset === 20 ? 1 : 2);
    }
    // …and paging on needs no pass of bm25 over every match, nor another list.
    const from = runs.length;
    for (const [limit, offset] of [[6, 26], [4, 28], [10, 0]] as const) {
      const page = repo.query('ko', { limit, offset, now });
      expect(page.ranked.map((x) => x.id), `offset ${offset}`).toEqual(all.slice(offset, offset + limit).map((x) => x.id));
      expect(page.ranked.map((x) => x.score)).toEqual(all.slice(offset, offset + limit).map((x) => -x.rank));
    }
    expect(runs.slice(from).filter(everyBm25).map((r) => r.sql)).toEqual([]);
    expect(runs.slice(from).filter(readsList)).toEqual([]);
    db.close();
  });

  it('ranks a broad word under a narrow filter from a list of the longest kind, where a usual one holds too few clippings passing it', () => {
    const db = archive(15, 300);
    db.exec(`DELETE FROM clipping_tags; DELETE FROM annotations; UPDATE clippings SET note = ''; UPDATE clippings SET note = 'n' WHERE id % 20 = 0`);
    // Lists of 24, and of the longest kind 128.
    const { repo, runs } = recording(db, { rankLists: { ...LISTS, deep: 64 } });
    const now = new Date(NOW);
    const want = reference(db, 'ta').filter((r) => r.id % 20 === 0).slice(0, 3);
    const ask = () => {
      const from = runs.length;
      const page = repo.query('ta has:note', { limit: 3, offset: 0, now });
      expect(page.ranked.map((x) => [x.id, x.score])).toEqual(want.map((x) => [x.id, -x.rank]));
      return runs.slice(from).filter(everyBm25).length;
    };
    expect(repo.warmRankLists(['ta'], Date.now() + 600_000)).toBe(1);
    expect(ask()).toBeGreaterThan(0);
    expect(repo.warmRankLists(['ta'], Date.now() + 600_000, true)).toBe(1);
    expect(ask()).toBe(0);
    // A list long enough already is not read again.
    expect(repo.warmRankLists(['ta'], Date.now() + 600_000, true)).toBe(0);
    db.close();
  });

  it('finds the ranking list of a word under any form the tokenizer makes the same term (the warm-up reads the index terms)', () => {
    const db = archive(16, 60);
    const clippings = new ClippingRepo(db);
    for (let i = 0; i < 40; i++) {
      const text = `${i % 3 === 0 ? 'rallies' : i % 3 === 1 ? 'rally' : 'rallied'} ${words(rng(i), 1 + (i % 9))} ${'rally '.repeat(i % 4)}`;
      clippings.insert(
        {
          captureId: null, title: 'ko', byline: null, outlet: null, sourceUrl: null, canonicalUrl: null, urlKey: null, publishedAt: null, modifiedAt: null,
          capturedAt: NOW, lang: 'en', excerpt: null, text, html: null, figures: [], leadImage: null, wordCount: 3, contentHash: `rally${i}`,
        },
        NOW,
      );
    }
    const { repo, runs } = recording(db, { rankLists: LISTS });
    const now = new Date(NOW);
    // The index's term (porter): what fts5vocab lists and the warm-up reads.
    expect(repo.warmRankLists(['"ralli"'], Date.now() + 600_000)).toBe(1);
    const from = runs.length;
    for (const q of ['rally', 'Rallies', '"rallied"']) {
      const page = repo.query(q, { limit: 10, offset: 0, now });
      expect(page.ranked.map((x) => [x.id, x.score]), q).toEqual(reference(db, q).slice(0, 10).map((x) => [x.id, -x.rank]));
    }
    expect(runs.slice(from).filter(readsList)).toEqual([]);
    expect(runs.slice(from).filter(everyBm25).map((r) => r.sql)).toEqual([]);
    db.close();
  });

  it('reads a ranking list again when the change log went back (emptied), rather than trust it', () => {
    const db = archive(10, 300);
    // No tags, notes or annotations: every clipping is ranked by the body alone, from the list.
    db.exec(`DELETE FROM clipping_tags; DELETE FROM annotations; UPDATE clippings SET note = ''`);
    const search = new SearchRepo(db, { rankLists: LISTS });
    const now = new Date(NOW);
    expect(search.warmRankLists(['ta'], Date.now() + 600_000)).toBe(1);
    db.exec(`DELETE FROM clipping_rank_changes; DELETE FROM sqlite_sequence WHERE name = 'clipping_rank_changes'`);
    const id = new ClippingRepo(db).insert(
      {
        captureId: null, title: 'ta '.repeat(30).trim(), byline: null, outlet: null, sourceUrl: null, canonicalUrl: null, urlKey: null, publishedAt: null, modifiedAt: null,
        capturedAt: NOW, lang: 'en', excerpt: null, text: 'ta ta ta ta ta ta', html: null, figures: [], leadImage: null, wordCount: 6, contentHash: 'new',
      },
      NOW,
    );
    const page = search.query('ta', { limit: 10, offset: 0, now });
    expect(page.ranked.map((r) => r.id)).toEqual(reference(db, 'ta').slice(0, 10).map((r) => r.id));
    expect(page.ranked.map((r) => r.id)).toContain(id);
    db.close();
  });

  it('stores a ranking list in the archive: another connection ranks from it with no pass over every match, until it is out of date', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cuttings-ranklists-'));
    try {
      const file = path.join(dir, 'a.db');
      const db = archive(12, 300, file);
      const now = new Date(NOW);
      // The first query of a broad phrase reads its list (the pass it needs anyway) and stores it.
      const writer = recording(db, { rankLists: LISTS });
      writer.repo.query('ko', { limit: 10, offset: 0, now });
      expect(writer.runs.filter(readsList)).toHaveLength(1);
      expect(db.prepare('SELECT expr FROM rank_lists').all()).toEqual([{ expr: '"ko"' }]);
      // Under the cap on lists nothing is evicted (the eviction reads every stored list).
      expect(writer.runs.filter((r) => /DELETE FROM rank_lists/.test(r.sql))).toEqual([]);
      // A reader of its own (read-only, as the app's readers are) ranks from the stored list.
      const other = openDatabase(file, { readonly: true });
      const reader = recording(other, { rankLists: LISTS });
      for (const [limit, offset] of [[10, 0], [5, 12]] as const) {
        const page = reader.repo.query('KO', { limit, offset, now });
        expect(page.ranked.map((x) => x.id)).toEqual(reference(other, 'ko').slice(offset, offset + limit).map((x) => x.id));
      }
      expect(reader.runs.filter(everyBm25).map((r) => r.sql)).toEqual([]);
      expect(reader.runs.filter(readsList)).toEqual([]);
      // A clipping written since is scored beside the list's, from the change marks.
      const id = new ClippingRepo(db).insert(
        {
          captureId: null, title: 'ko ko ko ko ko ko', byline: null, outlet: null, sourceUrl: null, canonicalUrl: null, urlKey: null, publishedAt: null, modifiedAt: null,
          capturedAt: NOW, lang: 'en', excerpt: null, text: 'ko ko ko ko ko ko', html: null, figures: [], leadImage: null, wordCount: 6, contentHash: 'new',
        },
        NOW,
      );
      const fresh = recording(other, { rankLists: LISTS });
      const page = fresh.repo.query('ko', { limit: 10, offset: 0, now });
      expect(page.ranked.map((x) => x.id)).toEqual(reference(other, 'ko').slice(0, 10).map((x) => x.id));
      expect(reference(other, 'ko').map((x) => x.id)).toContain(id);
      expect(fresh.runs.filter(readsList)).toEqual([]);
      // A stored list out of date (read at a later mark than the log's last: the log went back) is read again.
      db.exec('UPDATE rank_lists SET seq = seq + 10');
      const again = recording(other, { rankLists: LISTS });
      expect(again.repo.query('ko', { limit: 10, offset: 0, now }).ranked.map((x) => x.id)).toEqual(reference(other, 'ko').slice(0, 10).map((x) => x.id));
      expect(again.runs.filter(readsList)).toHaveLength(1);
      // So is one read before a migration that may have rebuilt the index, marking nothing (another rank epoch)…
      const epoch = rankEpoch(LATEST_VERSION);
      db.prepare('UPDATE rank_lists SET seq = seq - 10, schema = ?').run(epoch - 1);
      const older = recording(other, { rankLists: LISTS });
      older.repo.query('ko', { limit: 10, offset: 0, now });
      expect(older.runs.filter(readsList)).toHaveLength(1);
      // …but not one read before only steps that keep ranking lists (the same epoch: the list read at its first version).
      expect(MIGRATIONS.slice(epoch).every((m) => m.keepsRankLists)).toBe(true);
      for (const version of new Set([epoch, LATEST_VERSION])) {
        db.prepare('UPDATE rank_lists SET schema = ?').run(version);
        const current = recording(other, { rankLists: LISTS });
        current.repo.query('ko', { limit: 10, offset: 0, now });
        expect(current.runs.filter(readsList)).toEqual([]);
      }
      other.close();
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("keeps the warm-up's lists beyond the cap on lists: lists read for other queries go first, the oldest first, never the plan's", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cuttings-ranklists-'));
    try {
      const file = path.join(dir, 'a.db');
      const db = archive(14, 300, file);
      const now = new Date(NOW);
      const kept = () => (db.prepare('SELECT expr FROM rank_lists WHERE kept = 1 ORDER BY expr').all() as { expr: string }[]).map((r) => r.expr);
      // The warm-up's plan: 'ta', 'ko' and the one-letter prefix 't*' (a list and a row of counts).
      const warmer = new SearchRepo(db, { rankLists: LISTS });
      warmer.warmBroadWords(['"ta"', '"KO"', '"t"*']);
      expect(kept()).toEqual(['"ko"', '"t"*', '"ta"', 'side "t"*']);
      // The warm-up an hour ago; the table full since of lists read for other queries, each newer than the plan's.
      db.exec('UPDATE rank_lists SET read_at = read_at - 3600000');
      const list = Buffer.from(Int32Array.from([1, 1, 1]).buffer);
      const room = MAX_LISTS - (db.prepare('SELECT count(*) AS n FROM rank_lists').get() as { n: number }).n;
      const later = Date.now() - 1_800_000;
      db.transaction(() => {
        for (let i = 0; i < room; i++) db.prepare(`INSERT INTO rank_lists (expr, schema, seq, avgdl_max, bound, list, read_at) VALUES (?, 0, 0, 0, 0, ?, ?)`).run(`"other${i}"`, list, later + i);
      })();
      // A search in another process (the CLI) reads and stores one more, beyond the cap: the oldest of the others goes.
      new SearchRepo(db, { rankLists: LISTS }).query('tal', { limit: 10, offset: 0, now });
      expect(db.prepare(`SELECT count(*) AS n FROM rank_lists WHERE expr = '"tal"'`).get()).toEqual({ n: 1 });
      expect(db.prepare('SELECT count(*) AS n FROM rank_lists').get()).toEqual({ n: MAX_LISTS });
      expect(db.prepare(`SELECT count(*) AS n FROM rank_lists WHERE expr = '"other0"'`).get()).toEqual({ n: 0 });
      expect(kept()).toEqual(['"ko"', '"t"*', '"ta"', 'side "t"*']);
      // The next warm-up's plan no longer holds 'ko': its list is one of the others now.
      new SearchRepo(db, { rankLists: LISTS }).warmBroadWords(['"ta"', '"t"*']);
      expect(kept()).toEqual(['"t"*', '"ta"', 'side "t"*']);
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('stores a ranking list only if the write lock is free at once: a search never waits for a writer', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cuttings-ranklists-'));
    try {
      const file = path.join(dir, 'a.db');
      const db = archive(13, 300, file);
      db.pragma('busy_timeout = 600000');
      const holder = openDatabase(file);
      holder.exec('BEGIN IMMEDIATE');
      const search = new SearchRepo(db, { rankLists: LISTS });
      const page = search.query('ta', { limit: 10, offset: 0, now: new Date(NOW) });
      expect(page.ranked.map((x) => x.id)).toEqual(reference(db, 'ta').slice(0, 10).map((x) => x.id));
      holder.exec('COMMIT');
      expect(db.prepare('SELECT count(*) AS n FROM rank_lists').get()).toEqual({ n: 0 });
      expect(db.pragma('busy_timeout', { simple: true })).toBe(600000);
      // The next one to read it, with the lock free, stores it.
      expect(new SearchRepo(db, { rankLists: LISTS }).warmRankLists(['ta'], Date.now() + 600_000)).toBe(1);
      expect(db.prepare('SELECT count(*) AS n FROM rank_lists').get()).toEqual({ n: 1 });
      holder.close();
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('scores no candidate of a ranking list when the filters leave fewer of them than the page needs', () => {
    const db = archive(11, 300);
    db.exec(`DELETE FROM clipping_tags; DELETE FROM annotations; UPDATE clippings SET note = ''; UPDATE clippings SET note = 'n' WHERE id IN (5, 50, 150)`);
    const { repo, runs } = recording(db, { rankLists: LISTS });
    expect(repo.warmRankLists(['ta'], Date.now() + 600_000)).toBe(1);
    const from = runs.length;
    const page = repo.query('ta has:note', { limit: 10, offset: 0, now: new Date(NOW) });
    expect(runs.slice(from).filter((r) => /AS rank FROM clipping_fts WHERE clipping_fts MATCH \? AND \+rowid IN/.test(r.sql))).toEqual([]);
    expect(page.ranked.map((r) => r.id)).toEqual(reference(db, 'ta').filter((r) => [5, 50, 150].includes(r.id)).map((r) => r.id));
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

/** A random word, phrase or prefix: what ranking lists answer. */
function single(r: Rng): string {
  switch (r.int(0, 3)) {
    case 0:
      return word(r);
    case 1:
      return `"${word(r)} ${word(r)}"`;
    case 2:
      return `${word(r).slice(0, r.int(1, 3))}*`;
    default:
      return `${word(r).toUpperCase()}`;
  }
}

/** A word, phrase or prefix with a filter (a tag, not a tag, a note), and bm25 over every match of it that passes the filter. */
function filtered(db: Db, q: string, r: Rng): [string, { id: number; rank: number }[]] {
  const tag = word(r);
  const tagged = new Set((db.prepare('SELECT ct.clipping_id AS id FROM clipping_tags ct JOIN tags t ON t.id = ct.tag_id WHERE t.name = ?').all(tag) as { id: number }[]).map((x) => x.id));
  const noted = new Set((db.prepare(`SELECT id FROM clippings WHERE trim(note) <> ''`).all() as { id: number }[]).map((x) => x.id));
  const [filter, pass]: [string, (id: number) => boolean] = r.pick([
    [`tag:${tag}`, (id: number) => tagged.has(id)],
    [`-tag:${tag}`, (id: number) => !tagged.has(id)],
    ['has:note', (id: number) => noted.has(id)],
  ] as const);
  return [`${q} ${filter}`, reference(db, q).filter((x) => pass(x.id))];
}

describe('ranking broad phrases from their lists equals bm25 over every match', () => {
  for (const seed of [1, 2, 3]) {
    it(`seed ${seed}: lists read, then clippings added, edited, trashed, restored and deleted, then the average length past the lists' margin`, () => {
      const db = archive(seed, 400);
      const { repo, runs } = recording(db, { rankLists: LISTS });
      const r = rng(seed * 104729);
      const now = new Date(NOW);
      const check = (stage: string): { fromLists: number; filteredFromLists: number; read: number } => {
        let fromLists = 0;
        let filteredFromLists = 0;
        const start = runs.length;
        for (let i = 0; i < 30; i++) {
          // Every other query with a filter: its page is the best of the clippings passing it.
          const [q, expected] = i % 2 === 0 ? [single(r), null] : filtered(db, single(r), r);
          const all = expected ?? reference(db, q);
          // Pages a list can prove (k ≤ its size), one a longer list can (k ≤ deep) and one deeper, ranked the old way.
          for (const [limit, offset] of [[10, 0], [7, 10], [5, 17], [10, 20], [20, 30]] as const) {
            const from = runs.length;
            const page = repo.query(q, { limit, offset, now });
            if (!runs.slice(from).some(everyBm25)) {
              fromLists++;
              if (expected) filteredFromLists++;
            }
            const want = all.slice(offset, offset + limit);
            expect(page.ranked.map((x) => x.id), `${stage}: ${q} (limit ${limit}, offset ${offset})`).toEqual(want.map((x) => x.id));
            expect(page.ranked.map((x) => x.score), `${stage}: ${q}`).toEqual(want.map((x) => -x.rank));
            if (offset === 0) expect(page.total, `${stage}: ${q}`).toBe(all.length);
          }
        }
        return { fromLists, filteredFromLists, read: runs.slice(start).filter(readsList).length };
      };
      const before = check('lists read');
      expect(before.read).toBeGreaterThan(0);
      expect(before.fromLists).toBeGreaterThan(15);
      expect(before.filteredFromLists).toBeGreaterThan(0);

      writeSome(db, r, `new${seed}`, { add: 25, text: 25, title: 10, trash: 15, restore: 5, delete: 10, note: 10 });
      const written = check('after writes');
      expect(written.fromLists).toBeGreaterThan(15);

      // More changes than the marks keep: every list is read again.
      db.transaction(() => {
        for (const { id } of (db.prepare('SELECT id FROM clippings WHERE deleted_at IS NULL').all() as { id: number }[]).slice(0, 501)) {
          db.prepare('UPDATE clippings SET deleted_at = ? WHERE id = ?').run(NOW, id);
          db.prepare('UPDATE clippings SET deleted_at = NULL WHERE id = ?').run(id);
        }
      })();
      const many = check('after more changes than the marks keep');
      expect(many.read).toBeGreaterThan(0);

      // Long clippings of frequent words: the average length grows past every list's margin.
      db.transaction(() => addClippings(db, r, 60, `long${seed}`, () => 150))();
      const grown = check('after the average length grew');
      expect(grown.read).toBeGreaterThan(0);
      expect(grown.fromLists).toBeGreaterThan(15);
      db.close();
    });
  }
});

/**
 * A statement computing the body's bm25 of every match (not of given ids only): ranking
 * without the lists. (query/topk-multi.ts looks up one listed clipping of each phrase for
 * its idf, and scores the candidates in a pass restricted to them.)
 */
const rankedWhole = (r: Recorded) => /bm25\(clipping_fts\b/.test(r.sql) && !/[+ ]rowid IN \(/.test(r.sql) && !/^SELECT count\(\*\)/.test(r.sql);

/** At least half the clippings hold `phrase` in their body index (FTS5 gives it its floor idf). */
function expectInMost(db: Db, phrase: string): void {
  const n = (db.prepare('SELECT count(*) AS n FROM clipping_fts WHERE clipping_fts MATCH ?').get(phrase) as { n: number }).n;
  expect(2 * n).toBeGreaterThanOrEqual((db.prepare('SELECT count(*) AS n FROM clippings').get() as { n: number }).n);
}

/** The page of `q` (ids and scores) and its total are bm25's over every match (`reference`). */
function expectAsReference(db: Db, repo: SearchRepo, q: string, limit: number, offset: number, now: Date): void {
  const expected = reference(db, q);
  const page = repo.query(q, { limit, offset, now });
  expect(page.ranked.map((x) => [x.id, x.score]), `${q} ${offset}`).toEqual(expected.slice(offset, offset + limit).map((x) => [x.id, -x.rank]));
  expect(page.total, q).toBe(expected.length);
}

/**
 * Thirty queries (`query`, every other one under random filters, `r`), each at `pages` (limit,
 * offset): every page equal to bm25 over every match — ids, scores, and the total. Returns how
 * many pages were ranked with no bm25 pass over their whole match (from the lists).
 */
function pagesAsBm25(db: Db, repo: SearchRepo, runs: Recorded[], query: () => string, r: Rng, pages: readonly (readonly [number, number])[], stage: string): number {
  const now = new Date(NOW);
  let fromLists = 0;
  for (let i = 0; i < 30; i++) {
    const [q, expected] = i % 2 === 0 ? [query(), null] : filtered(db, query(), r);
    const all = expected ?? reference(db, q);
    for (const [limit, offset] of pages) {
      const from = runs.length;
      const page = repo.query(q, { limit, offset, now });
      if (!runs.slice(from).some(rankedWhole)) fromLists++;
      const want = all.slice(offset, offset + limit);
      expect(page.ranked.map((x) => x.id), `${stage}: ${q} (limit ${limit}, offset ${offset})`).toEqual(want.map((x) => x.id));
      expect(page.ranked.map((x) => x.score), `${stage}: ${q}`).toEqual(want.map((x) => -x.rank));
      if (offset === 0) expect(page.total, `${stage}: ${q}`).toBe(all.length);
    }
  }
  return fromLists;
}

/** A random query of several words and phrases — AND, OR, NOT — with no phrase twice: what query/topk-multi.ts ranks from its phrases' lists. */
function several(r: Rng): string {
  const out = new Set<string>();
  while (out.size < 3) out.add(word(r));
  const [a, b, c] = [...out];
  switch (r.int(0, 6)) {
    case 0:
      return `${a} ${b}`;
    case 1:
      return `${a} ${b} ${c}`;
    // (In parentheses: a filter put after them is ANDed with the whole OR.)
    case 2:
      return `(${a} OR ${b})`;
    case 3:
      return `(${a} OR ${b} OR ${c})`;
    case 4:
      return `${a} -${b}`;
    case 5:
      return `${a} -"${b} ${c}"`;
    default:
      return `"${a} ${b}" ${c}`;
  }
}

describe('ranking queries of several phrases from their phrases’ lists equals bm25 over every match', () => {
  it('ranks AND, OR and NOT of broad words from their lists: no bm25 over every match, and no NOT phrase counted over the index', () => {
    const db = archive(9, 400);
    db.exec(`UPDATE clippings SET note = 'ta ko ta' WHERE id % 50 = 0`);
    const { repo, runs } = recording(db, { rankLists: LISTS });
    const now = new Date(NOW);
    expect(repo.warmRankLists(['ta', 'tal', 'ko', 'kolm', 'mira'], Date.now() + 600_000)).toBe(5);
    // (zzrare: too few matches for a list — all of them are ranked, the NOT's phrase only looked up.)
    db.exec(`UPDATE clippings SET text_z = sqlar_uncompress(text_z, text_size) || ' zzrare', text_size = 0 WHERE id % 30 = 0`);
    for (const q of ['ta ko', 'ko ta tal', 'ta OR ko', 'ko OR mira', 'ta -ko', 'ta -"ko mira"', 'zzrare -"ta ko"']) {
      runs.length = 0;
      const expected = reference(db, q);
      const page = repo.query(q, { limit: 10, offset: 0, now });
      expect(page.ranked.map((x) => [x.id, x.score]), q).toEqual(expected.slice(0, 10).map((x) => [x.id, -x.rank]));
      expect(page.total, q).toBe(expected.length);
      expect(runs.filter(rankedWhole).map((r) => r.sql), q).toEqual([]);
      // A NOT's phrase adds nothing to a match's bm25: FTS5 would still count it over the whole index to compute one.
      const countsNot = runs.filter((r) => /bm25\(clipping_fts\b/.test(r.sql) && !/^SELECT count/.test(r.sql) && r.params.some((p) => typeof p === 'string' && p.includes(' NOT ')));
      expect(countsNot.map((r) => r.params), q).toEqual([]);
      // An OR: the lists' clippings are scored in the pass that ranks those with the words in their notes — or in none, where the
      // lists tell the body counts of both (those found in notes from what the list read of them).
      if (q.includes(' OR ')) expect(runs.filter((r) => /bm25\(clipping_fts\b/.test(r.sql) && /\+rowid IN/.test(r.sql)).length, q).toBeLessThanOrEqual(1);
    }
    // A one-letter prefix (no prefix index: each read merges every word it begins) is read only to rank it the old way.
    runs.length = 0;
    expect(repo.query('m* OR ko', { limit: 10, offset: 0, now }).ranked.map((x) => x.id)).toEqual(reference(db, 'm* OR ko').slice(0, 10).map((x) => x.id));
    expect(runs.filter((r) => /^SELECT rowid AS id FROM clipping_fts WHERE clipping_fts MATCH \? LIMIT \?$/.test(r.sql) && r.params[0] === '"m"*').map((r) => r.sql)).toEqual([]);
    db.close();
  });

  it('scores only the candidates of the lists that can still reach the page', () => {
    const db = archive(9, 400);
    // Two words in a fifth and a tenth of the texts (the second only in texts with the first) (the made-up ones are in about half of them, with an idf of nearly 0), 1–5 times each.
    db.exec(`DELETE FROM clipping_tags; DELETE FROM annotations; UPDATE clippings SET note = '';
             UPDATE clippings SET text_z = sqlar_uncompress(text_z, text_size) || substr(' qqa qqa qqa qqa qqa', 1, 4 * ((id / 5) % 5 + 1)), text_size = 0 WHERE id % 5 = 0;
             UPDATE clippings SET text_z = sqlar_uncompress(text_z, text_size) || substr(' qqb qqb qqb qqb qqb', 1, 4 * ((id / 10) % 5 + 1)), text_size = 0 WHERE id % 10 = 0;`);
    const { repo, runs } = recording(db, { rankLists: LISTS });
    const now = new Date(NOW);
    expect(repo.warmRankLists(['qqa', 'qqb', 'ta', 'zarek'], Date.now() + 600_000)).toBe(4);
    for (const q of ['qqa qqb', 'qqa OR qqb', 'qqb OR ta']) {
      runs.length = 0;
      const page = repo.query(q, { limit: 5, offset: 0, now });
      expect(page.ranked.map((x) => [x.id, x.score]), q).toEqual(reference(db, q).slice(0, 5).map((x) => [x.id, -x.rank]));
      expect(runs.filter(rankedWhole).map((r) => r.sql), q).toEqual([]);
      // Of the 48 clippings of the two lists, the few that can reach the page are scored (by FTS5, or from the lists' counts: topk-multi.ts).
      const scored = runs.filter((r) => /bm25\(clipping_fts\b/.test(r.sql) && /\+rowid IN/.test(r.sql)).flatMap((r) => JSON.parse(r.params[1] as string) as number[]);
      expect(scored.length, q).toBeLessThanOrEqual(24);
    }
    // Fewer matches than a list's worth (their count is the total): ranked as they are, no list looked at.
    runs.length = 0;
    const few = reference(db, 'qqb zarek');
    expect(few.length).toBeGreaterThan(5);
    expect(few.length).toBeLessThan(LISTS.broad);
    expect(repo.query('qqb zarek', { limit: 5, offset: 0, now }).ranked.map((x) => [x.id, x.score])).toEqual(few.slice(0, 5).map((x) => [x.id, -x.rank]));
    expect(runs.filter((r) => /FROM clipping_fts WHERE clipping_fts MATCH \? AND \+?rowid IN/.test(r.sql) && /bm25/.test(r.sql)).map((r) => r.sql)).toEqual([]);
    // Clippings with the words in their notes too lead the page: none of the lists' can reach it, and none is scored (no pass over the match for nothing).
    db.exec(`UPDATE clippings SET note = 'qqa qqb qqa qqb qqa qqb' WHERE id IN (SELECT id FROM clippings WHERE id % 10 = 0 ORDER BY id LIMIT 20)`);
    runs.length = 0;
    expect(repo.query('qqa qqb', { limit: 3, offset: 0, now }).ranked.map((x) => [x.id, x.score])).toEqual(reference(db, 'qqa qqb').slice(0, 3).map((x) => [x.id, -x.rank]));
    expect(runs.filter(rankedWhole).map((r) => r.sql)).toEqual([]);
    expect(runs.filter((r) => /AS rank FROM clipping_fts WHERE clipping_fts MATCH \? AND \+rowid IN/.test(r.sql)).map((r) => r.params[1])).toEqual([]);
    db.exec(`UPDATE clippings SET note = ''`);
    // Deleted clippings leave no change mark: the lists' best, gone, must not set the score the page is pruned by.
    for (const { id } of reference(db, 'qqa OR qqb').slice(0, 3)) db.prepare('DELETE FROM clippings WHERE id = ?').run(id);
    for (const q of ['qqa qqb', 'qqa OR qqb']) {
      const page = repo.query(q, { limit: 5, offset: 0, now });
      expect(page.ranked.map((x) => [x.id, x.score]), q).toEqual(reference(db, q).slice(0, 5).map((x) => [x.id, -x.rank]));
    }
    db.close();
  });

  it("takes the idf of lists read in the index's present state from their stored counts, scores what the lists do not tell from the clippings' text, and ranks the clippings found in notes only when they can reach the page", () => {
    const db = archive(9, 400);
    db.exec(`DELETE FROM clipping_tags; DELETE FROM annotations; UPDATE clippings SET note = '';
             UPDATE clippings SET text_z = sqlar_uncompress(text_z, text_size) || substr(' qqa qqa qqa qqa qqa', 1, 4 * ((id / 5) % 5 + 1)), text_size = 0 WHERE id % 5 = 0;
             UPDATE clippings SET text_z = sqlar_uncompress(text_z, text_size) || substr(' qqb qqb qqb qqb qqb', 1, 4 * ((id / 10) % 5 + 1)), text_size = 0 WHERE id % 10 = 0;
             UPDATE clippings SET note = 'qqa qqb' WHERE id % 7 = 0 AND id % 5 <> 0;`);
    db.exec(`UPDATE clippings SET starred = (id % 3 = 0)`);
    const starred = new Set((db.prepare(`SELECT id FROM clippings WHERE starred`).all() as { id: number }[]).map((x) => x.id));
    const { repo, runs } = recording(db, { rankLists: LISTS });
    const now = new Date(NOW);
    expect(repo.warmRankLists(['qqa', 'qqb', 'ta', 'ko'], Date.now() + 600_000)).toBe(4);
    // (Every note holds both words: their idf in the notes' index is FTS5's floor, those clippings' notes add next to nothing.)
    const probes = (q: string) => runs.filter((r) => /^SELECT bm25\(clipping_fts\b.* AND rowid IN/.test(r.sql)).map((r) => r.params[0]);
    let fromText = 0;
    for (const q of ['qqa qqb', 'qqa OR qqb', 'qqb ta', 'qqa qqb -ko', 'qqa qqb is:starred', 'qqa qqb is:unstarred']) {
      runs.length = 0;
      const page = repo.query(q, { limit: 5, offset: 0, now });
      const [base, filter] = q.split(/ (?=is:)/);
      const want = filter === undefined ? reference(db, q) : reference(db, base!).filter((x) => starred.has(x.id) === (filter === 'is:starred'));
      expect(page.ranked.map((x) => [x.id, x.score]), q).toEqual(want.slice(0, 5).map((x) => [x.id, -x.rank]));
      expect(runs.filter(rankedWhole).map((r) => r.sql), q).toEqual([]);
      // No lookup of a listed clipping for a phrase's idf: the lists' stored counts give it.
      expect(probes(q), q).toEqual([]);
      // Nor any bm25 at all (each statement would read every phrase's whole match to count it): what the lists do not tell
      // of the few clippings left is counted in their text. (The others: more than a few are left — of `ta`'s, a NOT's word no
      // list tells, the clippings a broad filter passes — scored by FTS5.)
      if (['qqa qqb', 'qqa OR qqb', 'qqa qqb is:starred'].includes(q)) expect(runs.filter((r) => /bm25\(clipping_fts\b/.test(r.sql) && !/^SELECT count/.test(r.sql)).map((r) => r.params[0]), q).toEqual([]);
      fromText += runs.filter((r) => /^INSERT INTO temp\.doc_counts .* SELECT/.test(r.sql)).length;
    }
    expect(fromText).toBeGreaterThan(0);
    // The clippings with both words in their notes match `qqa qqb` but cannot reach its page: their body bm25 (by the OR of the words) is never computed.
    runs.length = 0;
    repo.query('qqa qqb', { limit: 5, offset: 0, now });
    expect(runs.filter((r) => /bm25\(clipping_fts\b/.test(r.sql) && r.params[0] === '("qqa" OR "qqb")').map((r) => r.sql)).toEqual([]);
    // After a change the lists' counts may be out of date: the idf is looked up again, the pages still bm25's.
    writeSome(db, rng(5), 'later', { add: 5, text: 5, trash: 2, delete: 2, note: 2 });
    for (const q of ['qqa qqb', 'qqa OR qqb', 'qqa qqb -ko']) {
      expect(repo.query(q, { limit: 5, offset: 0, now }).ranked.map((x) => [x.id, x.score]), q).toEqual(reference(db, q).slice(0, 5).map((x) => [x.id, -x.rank]));
    }
    db.close();
  });

  for (const seed of [1, 2, 3]) {
    it(`seed ${seed}: lists read, then clippings added, edited, trashed and deleted, then the average length past the lists' margin`, () => {
      const db = archive(seed, 400);
      const { repo, runs } = recording(db, { rankLists: LISTS });
      const r = rng(seed * 15485863);
      const check = (stage: string) => pagesAsBm25(db, repo, runs, () => several(r), r, [[10, 0], [7, 10], [5, 17], [10, 20]], stage);
      const warm = () => repo.warmRankLists(WORDS, Date.now() + 600_000);
      expect(warm()).toBeGreaterThan(5);
      expect(check('lists read')).toBeGreaterThan(20);

      writeSome(db, r, `new${seed}`, { add: 25, text: 25, trash: 15, delete: 10, note: 10 });
      expect(check('after writes')).toBeGreaterThan(20);

      // Long clippings of frequent words: every list out of date (the queries are ranked the old way), until read again.
      db.transaction(() => addClippings(db, r, 60, `long${seed}`, () => 150))();
      check('after the average length grew');
      expect(warm()).toBeGreaterThan(5);
      expect(check('lists read again')).toBeGreaterThan(20);
      db.close();
    });
  }
});

describe('an AND beside words in most clippings, read from the whole match of its other words, equals bm25 over every match', () => {
  /** The pass over the whole match of an AND's words not in most clippings (`resolve` closing the match): its bm25 of every match, no ids. */
  const wholeOthers = (r: Recorded) => /^SELECT rowid AS id, bm25\(clipping_fts[^)]*\) AS rank FROM clipping_fts WHERE clipping_fts MATCH \?$/.test(r.sql) && !String(r.params[0]).includes('"ta"');
  for (const seed of [4, 5, 6]) {
    it(`seed ${seed}: random ANDs with a word in most clippings, lists read, then clippings added, edited, trashed and deleted`, () => {
      const db = archive(seed, 400);
      const r = rng(seed * 7919);
      // "qqa" and "qqb" often in clippings of their own (their lists), less often together (their AND), some in notes: the lists
      // seldom prove a page of their AND. (Every broad word counts as broad enough to close the match: closeMatchesPerText 1.)
      const add = db.prepare(`UPDATE clippings SET text_z = sqlar_uncompress(text_z, text_size) || ?, text_size = 0 WHERE id = ?`);
      for (const { id } of db.prepare('SELECT id FROM clippings').all() as { id: number }[]) {
        const kind = r.int(0, 5);
        const times = (w: string, n: number) => ` ${w}`.repeat(n);
        if (kind === 0) add.run(times('qqa', r.int(3, 6)), id);
        else if (kind === 1) add.run(times('qqb', r.int(3, 6)), id);
        else if (kind === 2) add.run(times('qqa', r.int(1, 2)) + times('qqb', r.int(1, 2)), id);
      }
      db.exec(`UPDATE clippings SET note = 'qqa ta' WHERE id % 25 = 3; UPDATE clippings SET note = 'qqb' WHERE id % 40 = 9;`);
      const { repo, runs } = recording(db, { rankLists: LISTS, closeMatchesPerText: 1 });
      expectInMost(db, '"ta"');
      const and = () => {
        const others = r.pick([['qqa', 'qqb'], ['qqb', 'qqa'], ['qqa', 'qqb', 'kolm'], ['qqa'], ['qqb', 'mira']]);
        const out = [...others];
        out.splice(r.int(0, out.length), 0, 'ta');
        return out.join(' ');
      };
      const check = (stage: string) => pagesAsBm25(db, repo, runs, and, r, [[10, 0], [7, 10], [20, 0]], stage);
      expect(repo.warmRankLists([...WORDS, 'qqa', 'qqb'], Date.now() + 600_000)).toBeGreaterThan(5);
      runs.length = 0;
      check('lists read');
      writeSome(db, r, `new${seed}`, { add: 25, text: 25, trash: 15, delete: 10, note: 10 });
      check('after writes');
      repo.warmRankLists([...WORDS, 'qqa', 'qqb'], Date.now() + 600_000);
      check('lists read again');
      expect(runs.filter(wholeOthers).length).toBeGreaterThan(0);
      db.close();
    });
  }
});

/** A random query of words and a column's word (`body:`, `title:`, `author:`, `outlet:`), no phrase twice: what query/topk-multi.ts ranks bounding the column's word by its list. */
function withColumn(r: Rng): string {
  const out = new Set<string>();
  while (out.size < 3) out.add(word(r));
  const [a, b, c] = [...out];
  const col = r.pick(['body', 'title', 'author', 'outlet'] as const);
  switch (r.int(0, 5)) {
    case 0:
      return `${a} ${col}:${b}`;
    case 1:
      return `${col}:${b} ${a}`;
    case 2:
      return `${a} ${b} ${col}:${c}`;
    case 3:
      return `${a} body:${b} title:${c}`;
    case 4:
      return `${a} ${col}:${a}`;
    default:
      return `(${a} OR ${col}:${b})`;
  }
}

describe("ranking a column's broad word beside other words from the list of its word in every column equals bm25 over every match", () => {
  it('ranks `word body:word`, `word title:word` and the like from the lists of their words, no bm25 over every match and no list read for the column', () => {
    const db = archive(9, 400);
    const { repo, runs } = recording(db, { rankLists: LISTS });
    const now = new Date(NOW);
    expect(repo.warmRankLists(WORDS, Date.now() + 600_000)).toBeGreaterThan(5);
    for (const q of ['ta body:ko', 'body:kolm ta', 'ko title:ta', 'tal title:kolm', 'tamber body:ta', 'ta body:ta', 'ta tal body:ko', '(ko OR body:tal)']) {
      // (The column's word is broad: it has no list of its own, and its whole match is not taken as small.)
      const col = /(body|title|author|outlet):(\w+)/.exec(q)!;
      const column = `${col[1] === 'author' ? 'byline' : col[1]} : "${col[2]}"`;
      expect((db.prepare('SELECT count(*) AS n FROM clipping_fts WHERE clipping_fts MATCH ?').get(column) as { n: number }).n, column).toBeGreaterThanOrEqual(LISTS.broad);
      runs.length = 0;
      const expected = reference(db, q);
      const page = repo.query(q, { limit: 10, offset: 0, now });
      expect(page.ranked.map((x) => [x.id, x.score]), q).toEqual(expected.slice(0, 10).map((x) => [x.id, -x.rank]));
      expect(page.total, q).toBe(expected.length);
      expect(runs.filter(rankedWhole).map((r) => r.sql), q).toEqual([]);
      expect(runs.filter(readsList).map((r) => r.sql), q).toEqual([]);
      if (q.includes(' OR ')) continue;
      // The lists' candidates are scored by the AND's pass: the OR of the phrases (a pass over every clipping of each) only
      // ranks clippings found in notes, those that can reach the page.
      const inNotes = new Set(
        (db.prepare('SELECT rowid AS id FROM clipping_meta_fts WHERE clipping_meta_fts MATCH ?').all(anyPhrase(phrases(parseFts(buildQuery(repo.parse(q).ast, { now }).match!)), 'meta')!) as { id: number }[]).map((x) => x.id),
      );
      const byOr = runs.filter((r) => /bm25\(clipping_fts\b/.test(r.sql) && /\+rowid IN/.test(r.sql) && String(r.params[0]).includes(' OR '));
      expect(byOr.flatMap((r) => (JSON.parse(r.params[1] as string) as number[]).filter((id) => !inNotes.has(id))), q).toEqual([]);
      // And of those, only the ones whose body does not match the query: the others' body bm25 by the OR is the query's, read in the AND's pass.
      const bodyMatches = new Set(
        (db.prepare('SELECT rowid AS id FROM clipping_fts WHERE clipping_fts MATCH ?').all(forTable(parseFts(buildQuery(repo.parse(q).ast, { now }).match!), 'body')!) as { id: number }[]).map((x) => x.id),
      );
      expect(byOr.flatMap((r) => (JSON.parse(r.params[1] as string) as number[]).filter((id) => bodyMatches.has(id))), q).toEqual([]);
    }
    // Beside a small word (every match among its few; with a filter, the lists are asked): ranked the old way, the column's phrase
    // never counted for an idf it would not use.
    db.exec(`UPDATE clippings SET text_z = sqlar_uncompress(text_z, text_size) || ' zzrare', text_size = 0 WHERE id % 30 = 0`);
    const noted = new Set((db.prepare(`SELECT id FROM clippings WHERE trim(note) <> ''`).all() as { id: number }[]).map((x) => x.id));
    runs.length = 0;
    const few = reference(db, 'zzrare body:ko').filter((x) => noted.has(x.id));
    expect(few.length).toBeGreaterThan(0);
    expect(repo.query('zzrare body:ko has:note', { limit: 5, offset: 0, now }).ranked.map((x) => [x.id, x.score])).toEqual(few.slice(0, 5).map((x) => [x.id, -x.rank]));
    expect(runs.filter((r) => /AS averages/.test(r.sql) && r.params[0] === 'body : "ko"').map((r) => r.sql)).toEqual([]);
    db.close();
  });

  for (const seed of [1, 2, 3]) {
    it(`seed ${seed}: lists read, then clippings added, edited (titles too), trashed and deleted, then the average length past the lists' margin`, () => {
      const db = archive(seed, 400);
      const { repo, runs } = recording(db, { rankLists: LISTS });
      const r = rng(seed * 104729);
      const check = (stage: string) => pagesAsBm25(db, repo, runs, () => withColumn(r), r, [[10, 0], [7, 10], [5, 17]], stage);
      const warm = () => repo.warmRankLists(WORDS, Date.now() + 600_000);
      expect(warm()).toBeGreaterThan(5);
      expect(check('lists read')).toBeGreaterThan(10);

      writeSome(db, r, `col${seed}`, { add: 25, text: 25, title: 10, trash: 15, restore: 5, delete: 10, note: 10 });
      expect(check('after writes')).toBeGreaterThan(10);

      db.transaction(() => addClippings(db, r, 60, `long${seed}`, () => 150))();
      check('after the average length grew');
      expect(warm()).toBeGreaterThan(5);
      expect(check('lists read again')).toBeGreaterThan(10);
      db.close();
    });
  }
});

describe('an OR of words too rare for a list beside listed ones is ranked from the lists and the rare words’ own matches: bm25 over every match', () => {
  /** A statement computing the body's bm25 by the OR of several words (over its whole match, or restricted to given clippings), not a count. */
  const overOr = (r: Recorded) => /bm25\(clipping_fts\b/.test(r.sql) && !/^SELECT count/.test(r.sql) && typeof r.params[0] === 'string' && r.params[0].includes(' OR ');
  /** A bm25 over every match of one word alone (a rare word's terms: `MultiTop.orTerms`). */
  const oneWordWhole = (r: Recorded) => rankedWhole(r) && typeof r.params[0] === 'string' && /^"[^" ]+"$/.test(r.params[0]);
  /** Rare words, each in a few texts (some twice, beside the others) and a few notes: fewer matches than a list is read for. */
  const RARE = ['zzqa', 'zzqb', 'zzqc'];
  const withRare = (seed: number): Db => {
    const db = archive(seed, 400);
    db.exec(`UPDATE clippings SET text_z = sqlar_uncompress(text_z, text_size) || ' zzqa', text_size = 0 WHERE id % 61 = ${seed};
             UPDATE clippings SET text_z = sqlar_uncompress(text_z, text_size) || ' zzqb zzqb', text_size = 0 WHERE id % 97 IN (${seed}, ${seed + 50});
             UPDATE clippings SET text_z = sqlar_uncompress(text_z, text_size) || ' zzqc ta', text_size = 0 WHERE id % 83 = 3;
             UPDATE clippings SET note = 'zzqc ko' WHERE id % 53 = ${seed}; UPDATE clippings SET note = 'ta ko ta' WHERE id % 19 = 0;
             UPDATE clippings SET note = 'zzqa ta ko' WHERE id % 67 = 0;`);
    return db;
  };

  it('ranks a rare word OR a listed broad one with no bm25 over the OR: the rare word’s terms from its own match, the broad one’s from its list (those found in notes too)', () => {
    const db = withRare(1);
    const { repo, runs } = recording(db, { rankLists: LISTS });
    const now = new Date(NOW);
    expect(repo.warmRankLists(['ta', 'ko'], Date.now() + 600_000)).toBe(2);
    // (The second page of two broad words: the clippings of one list hold the other's word a count no list tells — more than a few, FTS5 scores them.)
    for (const q of ['zzqa OR ta', 'ta OR zzqa', 'ko OR zzqa OR ta', 'zzqc OR ko', 'ta OR zzqc']) {
      for (const [limit, offset] of q.split(' OR ').length === 2 ? ([[10, 0], [10, 10]] as const) : ([[10, 0]] as const)) {
        runs.length = 0;
        const expected = reference(db, q);
        const page = repo.query(q, { limit, offset, now });
        expect(page.ranked.map((x) => [x.id, x.score]), `${q} ${offset}`).toEqual(expected.slice(offset, offset + limit).map((x) => [x.id, -x.rank]));
        expect(page.total, q).toBe(expected.length);
        // Taken: no bm25 by the OR, each rare word's match read with its bm25 instead.
        expect(runs.filter(overOr).map((r) => r.params[0]), `${q} ${offset}`).toEqual([]);
        expect(runs.filter(oneWordWhole).map((r) => r.params[0]).sort(), `${q} ${offset}`).toEqual(RARE.filter((w) => q.includes(w)).map((w) => `"${w}"`).sort());
        // Clippings with the words in their notes (their body's `ta` told by its list) and in their texts on the same page: both kinds ranked so.
        if (q === 'zzqa OR ta' && offset === 0) {
          expect(page.ranked.filter((x) => x.id % 67 === 0).length, q).toBeGreaterThan(0);
          expect(page.ranked.filter((x) => x.id % 61 === 1).length, q).toBeGreaterThan(0);
        }
      }
    }
    db.close();
  });

  it('counts no OR past the cap whose listed word alone matches more: its total from the list’s count, the page bm25’s', () => {
    const db = openDatabase(':memory:');
    const add = db.prepare(`INSERT INTO clippings (id, title, text_z, captured_at, sort_key, content_hash, created_at, updated_at, note) VALUES (?, 'Harbour', ?, ?, ?, ?, ?, ?, ?)`);
    db.transaction(() => {
      for (let id = 1; id <= COUNT_CAP + 50; id++) {
        const text = `The harbour ${'wall '.repeat(id % 4)}${id % 1409 === 0 ? 'zzrare ' : ''}${'harbour '.repeat(id % 3)}`;
        add.run(id, text, NOW, `${NOW}|${id}`, `h${id}`, NOW, NOW, id % 2003 === 0 ? 'harbour zzrare' : '');
      }
    })();
    const { repo, runs } = recording(db);
    const now = new Date(NOW);
    expect(repo.warmRankLists(['harbour'], Date.now() + 600_000)).toBe(1);
    for (const q of ['zzrare OR harbour', 'harbour OR zzrare']) {
      runs.length = 0;
      const page = repo.query(q, { limit: 10, offset: 0, now });
      expect({ total: page.total, exact: page.totalExact }, q).toEqual({ total: COUNT_CAP, exact: false });
      expect(page.ranked.map((x) => [x.id, x.score]), q).toEqual(reference(db, q).slice(0, 10).map((x) => [x.id, -x.rank]));
      // (No count of the OR's match up to the cap: a pass over every clipping with the broad word, until the cap.)
      expect(runs.filter((r) => r.sql.includes(`LIMIT ${COUNT_CAP + 1}`)).map((r) => r.sql), q).toEqual([]);
      // Nor any bm25 by the OR: the rare word's terms from its own match, the clippings it leaves open counted in their text.
      const or = `(${q.split(' OR ').map((w) => `"${w}"`).join(' OR ')})`;
      expect(runs.filter((r) => /bm25\(clipping_fts\b/.test(r.sql) && r.params[0] === or).map((r) => r.sql), q).toEqual([]);
    }
    db.close();
  });

  for (const seed of [1, 2, 3]) {
    it(`seed ${seed}: random ORs of rare and broad words, pages at any depth, before and after writes: the pages, scores and totals of bm25 over every match`, () => {
      const db = withRare(seed);
      const { repo, runs } = recording(db, { rankLists: LISTS });
      const r = rng(seed * 7919);
      const now = new Date(NOW);
      const draw = (): string => {
        const out = new Set<string>([r.pick(RARE)]);
        const n = r.int(2, 3);
        while (out.size < n) out.add(r.next() < 0.3 ? r.pick(RARE) : word(r));
        return [...out]
          .map((w) => [r.next(), w] as const)
          .sort((a, b) => a[0] - b[0])
          .map(([, w]) => w)
          .join(' OR ');
      };
      const check = (stage: string): number => {
        let taken = 0;
        for (let i = 0; i < 25; i++) {
          const q = draw();
          const all = reference(db, q);
          for (const [limit, offset] of [[10, 0], [7, 10], [10, 20]] as const) {
            const from = runs.length;
            const page = repo.query(q, { limit, offset, now });
            const want = all.slice(offset, offset + limit);
            expect(page.ranked.map((x) => x.id), `${stage}: ${q} (limit ${limit}, offset ${offset})`).toEqual(want.map((x) => x.id));
            expect(page.ranked.map((x) => x.score), `${stage}: ${q}`).toEqual(want.map((x) => -x.rank));
            expect(page.total, `${stage}: ${q}`).toBe(all.length);
            if (!runs.slice(from).some(overOr)) taken++;
          }
        }
        return taken;
      };
      expect(repo.warmRankLists(WORDS, Date.now() + 600_000)).toBeGreaterThan(5);
      // (Not every page: a deep one, or one of many rare clippings whose broad word's count no list tells, is scored by FTS5.)
      expect(check('lists read')).toBeGreaterThan(15);
      // The lists' counts no longer give the idfs bit for bit (patched or not): ranked as before, the same pages.
      writeSome(db, r, `or${seed}`, { add: 20, text: 20, trash: 10, delete: 8, note: 8 });
      check('after writes');
      repo.warmRankLists(WORDS, Date.now() + 600_000);
      expect(check('lists read again')).toBeGreaterThan(15);
      db.close();
    });
  }
});

describe('one- and two-letter prefixes from their lists, scored without FTS5, equal bm25 over every match', () => {
  /** A statement computing the body's bm25 of anything (ranking, reading a list, scoring a list's clippings; a count leaves it unused). */
  const bodyBm25 = (r: Recorded) => /bm25\(clipping_fts\b/.test(r.sql) && !/^SELECT count\(\*\)/.test(r.sql);

  for (const seed of [1, 2, 3]) {
    it(`seed ${seed}: the warm-up reads the prefixes' lists; pages before and after clippings are added, edited, trashed, restored and deleted`, () => {
      const db = archive(seed, 400);
      // Notes, tags and annotations with words of the prefixes: ranked beside the lists, many tied.
      db.exec(`UPDATE clippings SET note = 'ta ko ta' WHERE id % 40 = 0`);
      const { repo, runs } = recording(db, { rankLists: LISTS });
      const fewFirst = new SearchRepo(db, { rankLists: LISTS, prefixFoundFirst: 2 });
      const r = rng(seed * 6151);
      const now = new Date(NOW);
      // The warm-up's queries: the broad words, then the prefixes of 1–3 letters (one-letter ones too).
      const queries = repo.broadWords();
      expect(queries).toEqual(expect.arrayContaining(['"t"*', '"k"*', '"ta"*']));
      const { lists } = repo.warmBroadWords(queries);
      expect(lists).toBeGreaterThan(5);
      const check = (stage: string): number => {
        let scoredWithoutFts = 0;
        for (let i = 0; i < 24; i++) {
          const w = word(r);
          const q = `${r.next() < 0.5 ? w.slice(0, 1) : w.slice(0, 2)}*`;
          const all = reference(db, q);
          for (const [limit, offset] of [[10, 0], [7, 10], [5, 17], [20, 0]] as const) {
            const from = runs.length;
            const page = repo.query(q, { limit, offset, now });
            if (!runs.slice(from).some(bodyBm25)) scoredWithoutFts++;
            const want = all.slice(offset, offset + limit);
            expect(page.ranked.map((x) => x.id), `${stage}: ${q} (limit ${limit}, offset ${offset})`).toEqual(want.map((x) => x.id));
            expect(page.ranked.map((x) => x.score), `${stage}: ${q}`).toEqual(want.map((x) => -x.rank));
            expect(page.total, `${stage}: ${q}`).toBe(all.length);
            // The same with only the best few of the clippings found in the meta index read first.
            const few = fewFirst.query(q, { limit, offset, now });
            expect(few.ranked.map((x) => [x.id, x.score]), `${stage}, few first: ${q} (limit ${limit}, offset ${offset})`).toEqual(want.map((x) => [x.id, -x.rank]));
          }
        }
        return scoredWithoutFts;
      };
      expect(check('lists read')).toBeGreaterThan(40);

      writeSome(db, r, `p${seed}`, { add: 8, text: 6, trash: 4, restore: 2, delete: 5, note: 10 });
      expect(check('after writes')).toBeGreaterThan(40);
      db.close();
    });
  }
});

describe('facet counts equal SQL over every match', () => {
  for (const seed of [1, 2, 3]) {
    it(`seed ${seed}: random words, phrases, prefixes of 1–2 letters, AND, OR, NOT, after writes too`, () => {
      const db = archive(seed, 400);
      // Years and outlets that differ, so the counts have something to tell.
      db.exec(`UPDATE clippings SET published_at = (2015 + id % 7) || '-03-01' WHERE id % 3 <> 0; UPDATE clippings SET outlet = 'Outlet ' || (id % 5) WHERE id % 4 = 0`);
      const search = new SearchRepo(db, { rankLists: LISTS });
      search.warmBroadWords(search.broadWords());
      const r = rng(seed * 3571);
      const check = (stage: string) => {
        for (let i = 0; i < 25; i++) {
          const q = i % 3 === 0 ? `${word(r).slice(0, 1)}*` : query(r);
          const ids = reference(db, q).map((x) => x.id);
          const page = search.query(q, { limit: 10, offset: 0, now: new Date(NOW), facets: true });
          expect(page.facets, `${stage}: ${q}`).toEqual(sqlFacets(db, ids));
        }
      };
      check('lists read');
      db.transaction(() => {
        db.exec(`UPDATE clippings SET outlet = 'Outlet late' WHERE id % 9 = 0; UPDATE clippings SET deleted_at = '${NOW}' WHERE id % 31 = 0; DELETE FROM clippings WHERE id % 37 = 0`);
        new TagRepo(db).addToClippings([5, 6, 7, 8], ['fresh'], NOW);
      })();
      check('after writes');
      db.close();
    });
  }
});

describe('the few clippings a ranking list leaves open are scored by counting them, to the last bit of FTS5’s bm25', () => {
  it('ranks a broad word with a few clippings found in notes near the top with no bm25 pass over its match, the page and scores bm25’s', () => {
    const db = archive(9, 400);
    db.exec(`DELETE FROM clipping_tags; DELETE FROM annotations; UPDATE clippings SET note = ''; UPDATE clippings SET note = 'ta ko ta' WHERE id % 40 = 0`);
    const { repo, runs } = recording(db, { rankLists: LISTS });
    const now = new Date(NOW);
    expect(repo.warmRankLists(['ta', 'ko'], Date.now() + 600_000)).toBe(2);
    // (Notes written after the lists were read: the lists keep the body counts of the clippings found in notes then, not of these.)
    db.exec(`UPDATE clippings SET note = 'ta ko ta' WHERE id % 40 = 20`);
    for (const q of ['ta', 'ko']) {
      const from = runs.length;
      const page = repo.query(q, { limit: 10, offset: 0, now });
      expect(page.ranked.map((x) => [x.id, x.score]), q).toEqual(reference(db, q).slice(0, 10).map((x) => [x.id, -x.rank]));
      const mine = runs.slice(from);
      expect(mine.filter((r) => /bm25\(clipping_fts\b/.test(r.sql) && !/^SELECT count/.test(r.sql)).map((r) => r.sql), q).toEqual([]);
      // (The clippings found in notes since were counted from their texts: the work this path does.)
      expect(mine.some((r) => /INSERT INTO temp\.doc_counts \(rowid/.test(r.sql)), q).toBe(true);
    }
    db.close();
  });

  for (const seed of [1, 2, 3]) {
    it(`seed ${seed}: counted scores of random clippings equal FTS5's bm25 of them, for words and 1–2-letter prefixes, before and after writes`, () => {
      const db = archive(seed, 400);
      const search = new SearchRepo(db, { rankLists: LISTS });
      search.warmBroadWords(search.broadWords());
      const lists = new RankLists(db, LISTS);
      const r = rng(seed * 7919);
      const check = (stage: string): number => {
        let counted = 0;
        for (let i = 0; i < 30; i++) {
          const w = word(r);
          const expr = i % 3 === 0 ? `"${w}"` : `"${w.slice(0, 1 + (i % 2))}"*`;
          const live = (db.prepare('SELECT id FROM clippings').all() as { id: number }[]).map((x) => x.id);
          // Some ids that are no clipping, trashed ones and ones without the phrase among them.
          const ids = [...new Set(Array.from({ length: r.int(1, 30) }, () => (r.next() < 0.1 ? 100_000 + r.int(0, 9) : r.pick(live))))].sort((a, b) => a - b);
          const got = lists.counted(expr, ids);
          if (got === null) continue;
          counted++;
          const want = db
            .prepare(`SELECT rowid AS id, ${BM25.body} AS rank FROM clipping_fts WHERE clipping_fts MATCH ? AND +rowid IN (SELECT value FROM json_each(?)) ORDER BY rowid`)
            .all(expr, JSON.stringify(ids)) as { id: number; rank: number }[];
          expect([...got].sort((a, b) => a.id - b.id), `${stage}: ${expr} ${JSON.stringify(ids)}`).toEqual(want);
        }
        return counted;
      };
      expect(check('lists read')).toBeGreaterThan(20);
      writeSome(db, r, `c${seed}`, { add: 10, text: 10, title: 5, trash: 6, restore: 2, delete: 5, note: 10 });
      expect(check('after writes')).toBeGreaterThan(20);
      db.close();
    });
  }
});

describe('the clippings a short prefix finds in the meta index, tied there, are ordered without counting each one at every query', () => {
  /** A statement tokenizing clippings' texts to count a prefix in them (query/doc-counts.ts). */
  const countsTexts = (r: Recorded) => /^INSERT INTO temp\.doc_counts \(rowid/.test(r.sql);

  it('a one-letter prefix: the warm-up counts its best clippings in the meta index once; queries then count none, before writes and only the changed after', () => {
    const db = archive(4, 400);
    // The same notes on many clippings, no tags or annotations: their meta bm25 are tied, and their body bm25 orders them.
    db.exec(`DELETE FROM clipping_tags; DELETE FROM annotations; UPDATE clippings SET note = ''; UPDATE clippings SET note = 'ta ko ta' WHERE id % 5 = 0`);
    const { repo, runs } = recording(db, { rankLists: LISTS });
    repo.warmBroadWords(repo.broadWords());
    const now = new Date(NOW);
    const check = (stage: string): Recorded[] => {
      const from = runs.length;
      for (const [limit, offset] of [[10, 0], [20, 0], [7, 10]] as const) {
        const page = repo.query('t*', { limit, offset, now });
        expect(page.ranked.map((x) => [x.id, x.score]), `${stage}: t* (limit ${limit}, offset ${offset})`).toEqual(reference(db, 't*').slice(offset, offset + limit).map((x) => [x.id, -x.rank]));
      }
      return runs.slice(from);
    };
    const before = check('warm');
    expect(before.filter(countsTexts)).toEqual([]);
    expect(before.filter(everyBm25)).toEqual([]);
    // Texts of some of those clippings changed: they are counted again (their kept counts no longer hold), the others not.
    db.exec(`UPDATE clippings SET text_z = 'ta ta ta ta tal', text_size = 0 WHERE id IN (5, 10, 15)`);
    const after = check('after writes');
    const counted = after.filter(countsTexts).flatMap((r) => JSON.parse(r.params[0] as string) as number[]);
    expect(counted.length).toBeGreaterThan(0);
    for (const id of counted) expect([5, 10, 15], String(id)).toContain(id);
    db.close();
  });

  it('a two-letter prefix: beyond what it counts, the clippings tied in the meta index are scored in one pass of bm25 restricted to them, not the match ranked whole', () => {
    const db = archive(7, 700);
    // A third of the meta documents the same, with the prefix (its meta idf is not the floor: they rank first, tied).
    db.exec(`DELETE FROM clipping_tags; DELETE FROM annotations; UPDATE clippings SET note = ''; UPDATE clippings SET note = 'ko' WHERE id % 3 <> 0; UPDATE clippings SET note = 'tab' WHERE id % 3 = 0`);
    const { repo, runs } = recording(db, { rankLists: LISTS });
    repo.warmBroadWords(repo.broadWords());
    const now = new Date(NOW);
    // (Pages deeper than the listed clippings among them reach.)
    for (const [limit, offset] of [[10, 30], [20, 30]] as const) {
      const from = runs.length;
      const page = repo.query('ta*', { limit, offset, now });
      expect(page.ranked.map((x) => [x.id, x.score]), `ta* (limit ${limit})`).toEqual(reference(db, 'ta*').slice(offset, offset + limit).map((x) => [x.id, -x.rank]));
      const mine = runs.slice(from);
      expect(mine.filter(everyBm25).map((r) => r.sql)).toEqual([]);
      expect(mine.filter((r) => /bm25\(clipping_fts\b/.test(r.sql) && /\+rowid IN/.test(r.sql)).length).toBe(1);
    }
    db.close();
  });
});

describe('a two-letter prefix whose best clippings in the meta index tie past the page', () => {
  it('is not scored by a pass over its match for a proof their ties rule out (query/topk-prefix.ts `mayProve`); the same pages', () => {
    const db = archive(7, 700);
    // The same note on most clippings: the best read first all tie with the first left out, whatever their bodies hold.
    db.exec(`DELETE FROM clipping_tags; DELETE FROM annotations; UPDATE clippings SET note = ''; UPDATE clippings SET note = 'tab' WHERE id % 5 <> 0`);
    const { repo, runs } = recording(db, { rankLists: LISTS, prefixFoundFirst: 300 });
    repo.warmBroadWords(repo.broadWords());
    const now = new Date(NOW);
    for (const [limit, offset] of [[10, 0], [20, 30]] as const) {
      const from = runs.length;
      const page = repo.query('ta*', { limit, offset, now });
      expect(page.ranked.map((x) => [x.id, x.score]), `ta* (limit ${limit}, offset ${offset})`).toEqual(reference(db, 'ta*').slice(offset, offset + limit).map((x) => [x.id, -x.rank]));
      // (The short path's pass: the body bm25 of the best read first beyond what it counts — 300 and more of them, fewer
      // than all 560 found, which the usual ranking then scores in its own pass.)
      const short = runs.slice(from).filter((r) => /bm25\(clipping_fts\b/.test(r.sql) && /\+rowid IN/.test(r.sql) && (JSON.parse(String(r.params.at(-1))) as number[]).length < 560);
      expect(short.map((r) => (JSON.parse(String(r.params.at(-1))) as number[]).length)).toEqual([]);
    }
    db.close();
  });
});

describe('a one-letter prefix whose best clippings in the meta index alone cannot prove the page', () => {
  /** The read of every clipping a prefix finds in the meta index, with its bm25. */
  const readsAllMeta = (r: Recorded) => /^SELECT rowid AS id, bm25\(clipping_meta_fts\b.*ORDER BY rowid$/.test(r.sql);

  for (const seed of [1, 2]) {
    it(`seed ${seed}: is ranked from those, the list's and the changed ones found there, not from every one found there; pages bm25's, before and after writes`, () => {
      const db = archive(seed, 400);
      // Notes on most clippings, many with words of the prefix: its meta idf is the floor, as `c*`'s at 100k.
      db.exec(`UPDATE clippings SET note = CASE id % 3 WHEN 0 THEN 'ta ko' WHEN 1 THEN 'tal mira ta' ELSE 'tavik' END WHERE id % 7 <> 0`);
      const runs: Recorded[] = [];
      const repo = new SearchRepo(recordingDb(db, runs), { rankLists: LISTS, prefixFoundFirst: 2 });
      repo.warmBroadWords(repo.broadWords());
      const now = new Date(NOW);
      const check = (stage: string): number => {
        let wide = 0;
        for (const q of ['t*', 'k*', 'm*']) {
          for (const [limit, offset] of [[10, 0], [5, 5], [20, 0]] as const) {
            const from = runs.length;
            const page = repo.query(q, { limit, offset, now });
            expect(page.ranked.map((x) => [x.id, x.score]), `${stage}: ${q} (limit ${limit}, offset ${offset})`).toEqual(reference(db, q).slice(offset, offset + limit).map((x) => [x.id, -x.rank]));
            const mine = runs.slice(from);
            if (mine.some((r) => /AS "with"/.test(r.sql)) && !mine.some(readsAllMeta) && !mine.some(everyBm25)) wide++;
          }
        }
        return wide;
      };
      expect(check('warm')).toBeGreaterThan(0);
      writeSome(db, rng(seed), `w${seed}`, { add: 6, text: 6, trash: 3, restore: 1, delete: 3, note: 8 });
      check('after writes');
      db.close();
    });
  }
});

describe('queries of several words beside a broad one: fewer passes over the match, the same pages', () => {
  /** A pass computing the body's bm25 of given clippings (`+rowid IN`: one walk of the expression's match), not a count. */
  const restrictedBm25 = (r: Recorded) => /bm25\(clipping_fts\b/.test(r.sql) && /\+rowid IN/.test(r.sql) && !/^SELECT count/.test(r.sql);

  it('an OR of a rare word and a listed broad one, found in notes too, is scored in one pass at most, the one that ranks those found in notes', () => {
    const db = archive(9, 400);
    // "zzrare" in 14 texts (fewer than a list is read for: its whole match is the candidates); "ta" in nearly every text and in some notes.
    db.exec(`UPDATE clippings SET note = 'ta ko' WHERE id % 40 = 0; UPDATE clippings SET text_z = sqlar_uncompress(text_z, text_size) || ' zzrare zzrare', text_size = 0 WHERE id % 30 = 0`);
    const { repo, runs } = recording(db, { rankLists: LISTS });
    const now = new Date(NOW);
    expect(repo.warmRankLists(['ta', 'ko'], Date.now() + 600_000)).toBe(2);
    for (const q of ['zzrare OR ta', 'ko OR zzrare', '(zzrare OR ta) -mira']) {
      runs.length = 0;
      const expected = reference(db, q);
      const page = repo.query(q, { limit: 10, offset: 0, now });
      expect(page.ranked.map((x) => [x.id, x.score]), q).toEqual(expected.slice(0, 10).map((x) => [x.id, -x.rank]));
      expect(page.total, q).toBe(expected.length);
      // (The rare word's own match may be read with its bm25 — its terms in the OR's: `MultiTop.orTerms` —, never the OR's.)
      expect(runs.filter((r) => rankedWhole(r) && r.params[0] !== '"zzrare"').map((r) => r.sql), q).toEqual([]);
      if (!q.includes('-')) expect(runs.filter(restrictedBm25).map((r) => r.params[0]).length, q).toBeLessThanOrEqual(1);
    }
    db.close();
  });

  it('an AND whose clippings found in notes can reach the page scores them and the lists’ candidates in one pass, not one each', () => {
    const db = archive(9, 400);
    db.exec(`DELETE FROM clipping_tags; DELETE FROM annotations; UPDATE clippings SET note = '';
             UPDATE clippings SET text_z = sqlar_uncompress(text_z, text_size) || substr(' qqa qqa qqa qqa qqa', 1, 4 * ((id / 5) % 5 + 1)), text_size = 0 WHERE id % 5 = 0;
             UPDATE clippings SET text_z = sqlar_uncompress(text_z, text_size) || substr(' qqb qqb qqb qqb qqb', 1, 4 * ((id / 10) % 5 + 1)), text_size = 0 WHERE id % 10 = 0;
             UPDATE clippings SET note = 'kolm' WHERE id % 2 = 1; UPDATE clippings SET note = 'qqa qqb' WHERE id % 35 = 0;`);
    const { repo, runs } = recording(db, { rankLists: LISTS });
    const now = new Date(NOW);
    expect(repo.warmRankLists(['qqa', 'qqb'], Date.now() + 600_000)).toBe(2);
    // A write since the lists were read: their counts no longer give the idf bit for bit, so the clippings they leave open are scored by FTS5.
    writeSome(db, rng(5), 'later', { add: 3, text: 3, trash: 1, delete: 1, note: 0 });
    for (const q of ['qqa qqb', 'qqb qqa']) {
      runs.length = 0;
      const expected = reference(db, q);
      const page = repo.query(q, { limit: 15, offset: 0, now });
      expect(page.ranked.map((x) => [x.id, x.score]), q).toEqual(expected.slice(0, 15).map((x) => [x.id, -x.rank]));
      expect(runs.filter(rankedWhole).map((r) => r.sql), q).toEqual([]);
      // The page holds clippings found in notes (their body bm25 was needed) and others.
      const noted = page.ranked.filter((x) => x.id % 35 === 0).length;
      expect(noted, q).toBeGreaterThan(0);
      expect(noted, q).toBeLessThan(15);
      // (One at most: the bounds the lists keep for clippings found in notes — their body's counts — may leave none of them to score.)
      expect(runs.filter(restrictedBm25).map((r) => r.params[0]).length, q).toBeLessThanOrEqual(1);
    }
    db.close();
  });

  it('an AND of a listed word and a word in most clippings ranks with no bm25 of the broad word: the other word’s pass bounds the clippings, the few that can reach the page are counted in their text', () => {
    const db = archive(9, 400);
    // "ta" is in most texts (FTS5's floor idf, 1e-6); "qqa" in a fifth of them, some in notes; "ta" in notes of others.
    db.exec(`UPDATE clippings SET text_z = sqlar_uncompress(text_z, text_size) || substr(' qqa qqa qqa qqa qqa', 1, 4 * ((id / 5) % 5 + 1)), text_size = 0 WHERE id % 5 = 0;
             UPDATE clippings SET note = 'ta mira' WHERE id % 9 = 0; UPDATE clippings SET note = 'qqa' WHERE id % 35 = 0;`);
    const { repo, runs } = recording(db, { rankLists: LISTS });
    const now = new Date(NOW);
    expect(repo.warmRankLists(['qqa', 'ta'], Date.now() + 600_000)).toBe(2);
    expectInMost(db, '"ta"');
    let counted = 0;
    for (const q of ['qqa ta', 'ta qqa']) {
      for (const [limit, offset] of [[10, 0], [20, 0], [10, 10]] as const) {
        runs.length = 0;
        expectAsReference(db, repo, q, limit, offset, now);
        expect(runs.filter(rankedWhole).map((r) => r.sql), q).toEqual([]);
        // No bm25 with "ta" in it (each such statement walks its whole doclist, counts it for its idf).
        expect(runs.filter((r) => /bm25\(clipping_fts\b/.test(r.sql) && String(r.params[0]).includes('"ta"')).map((r) => r.params[0]), q).toEqual([]);
        counted += runs.filter((r) => /^INSERT INTO temp\.doc_counts .* SELECT/.test(r.sql)).length;
      }
    }
    expect(counted).toBeGreaterThan(0);
    db.close();
  });

  it('an AND beside a word in most clippings whose lists cannot prove the page scores none of their clippings: no pass with the broad word before every match is ranked', () => {
    const db = archive(9, 300);
    // "qqa" and "qqb" five times each in clippings of their own (their lists), once each in others (their AND): every
    // clipping of the AND scores below the lists' bounds, so no page is proved; "ta" is in most texts (FTS5's floor idf).
    db.exec(`UPDATE clippings SET text_z = sqlar_uncompress(text_z, text_size) || ' qqa qqa qqa qqa qqa', text_size = 0 WHERE id % 6 = 1;
             UPDATE clippings SET text_z = sqlar_uncompress(text_z, text_size) || ' qqb qqb qqb qqb qqb', text_size = 0 WHERE id % 6 = 2;
             UPDATE clippings SET text_z = sqlar_uncompress(text_z, text_size) || ' qqa qqb', text_size = 0 WHERE id % 6 = 3;
             UPDATE clippings SET note = ''; DELETE FROM annotations; DELETE FROM clipping_tags;`);
    const { repo, runs } = recording(db, { rankLists: LISTS });
    const now = new Date(NOW);
    expect(repo.warmRankLists(['qqa', 'qqb', 'ta'], Date.now() + 600_000)).toBe(3);
    expectInMost(db, '"ta"');
    for (const q of ['qqa qqb ta', 'ta qqa qqb', 'qqb ta qqa']) {
      for (const [limit, offset] of [[10, 0], [20, 0], [10, 10]] as const) {
        runs.length = 0;
        expectAsReference(db, repo, q, limit, offset, now);
        // (The lists proved nothing: every match ranked by bm25.)
        expect(runs.filter(rankedWhole).length, q).toBeGreaterThan(0);
        // Before it, no candidate of the lists scored by a pass of the expression (each walks the whole doclist of "ta").
        const scoredWithTa = runs.filter((r) => /AS rank FROM clipping_fts WHERE clipping_fts MATCH \? AND \+rowid IN/.test(r.sql) && String(r.params[0]).includes('"ta"'));
        expect(scoredWithTa.map((r) => r.params[0]), q).toEqual([]);
      }
    }
    db.close();
  });

  it('an AND beside a word in most clippings whose lists cannot prove the page, that word broad enough, is ranked from the whole match of the other words: no bm25 with the broad word, the same pages', () => {
    const db = archive(9, 300);
    // As above: the lists of "qqa" and "qqb" prove no page of their AND. Here "ta" counts as broad enough (closeMatchesPerText 1:
    // a match of it per text counted; at 10,000, `the` at 1M): the AND of "qqa" and "qqb" is read whole instead — it holds every match.
    db.exec(`UPDATE clippings SET text_z = sqlar_uncompress(text_z, text_size) || ' qqa qqa qqa qqa qqa', text_size = 0 WHERE id % 6 = 1;
             UPDATE clippings SET text_z = sqlar_uncompress(text_z, text_size) || ' qqb qqb qqb qqb qqb', text_size = 0 WHERE id % 6 = 2;
             UPDATE clippings SET text_z = sqlar_uncompress(text_z, text_size) || ' qqa qqb', text_size = 0 WHERE id % 6 = 3;
             UPDATE clippings SET note = ''; DELETE FROM annotations; DELETE FROM clipping_tags;
             UPDATE clippings SET note = 'qqa ta' WHERE id % 25 = 3; UPDATE clippings SET note = 'qqb' WHERE id % 50 = 9;`);
    const { repo, runs } = recording(db, { rankLists: LISTS, closeMatchesPerText: 1 });
    const now = new Date(NOW);
    expect(repo.warmRankLists(['qqa', 'qqb', 'ta'], Date.now() + 600_000)).toBe(3);
    expectInMost(db, '"ta"');
    for (const q of ['qqa qqb ta', 'ta qqa qqb', 'qqb ta qqa']) {
      for (const [limit, offset] of [[10, 0], [20, 0], [10, 10]] as const) {
        runs.length = 0;
        expectAsReference(db, repo, q, limit, offset, now);
        // No statement computes bm25 with "ta" (each walks its whole doclist and counts it for its idf); the other words' AND is read once.
        const withTa = runs.filter((r) => /bm25\(clipping_fts\b/.test(r.sql) && r.params.some((x) => String(x).includes('"ta"')));
        expect(withTa.map((r) => r.params[0]), q).toEqual([]);
        expect(runs.filter((r) => rankedWhole(r)).map((r) => String(r.params[0]).replace('"qqb" AND "qqa"', '"qqa" AND "qqb"')), q).toEqual(['("qqa" AND "qqb")']);
      }
    }
    db.close();
  });

  it('an AND of a listed word and a word in most clippings takes no candidate from the broad word’s list: those outside the other word’s list are bounded by its list, the broad word’s term below its idf · (K1 + 1)', () => {
    const db = archive(9, 400);
    // (Nothing in notes, tags or annotations: few clippings are known to match from the lists, none prunes by a least score of the page.)
    db.exec(`UPDATE clippings SET text_z = sqlar_uncompress(text_z, text_size) || substr(' qqa qqa qqa qqa qqa', 1, 4 * ((id / 5) % 5 + 1)), text_size = 0 WHERE id % 5 = 0;
             UPDATE clippings SET note = ''; DELETE FROM annotations; DELETE FROM clipping_tags;`);
    const { repo, runs } = recording(db, { rankLists: LISTS });
    const now = new Date(NOW);
    expect(repo.warmRankLists(['qqa', 'ta'], Date.now() + 600_000)).toBe(2);
    expectInMost(db, '"ta"');
    const withQqa = new Set((db.prepare(`SELECT rowid AS id FROM clipping_fts WHERE clipping_fts MATCH '"qqa"'`).all() as { id: number }[]).map((r) => r.id));
    for (const q of ['qqa ta', 'ta qqa']) {
      for (const [limit, offset] of [[10, 0], [20, 0], [10, 10]] as const) {
        runs.length = 0;
        expectAsReference(db, repo, q, limit, offset, now);
        // The clippings bounded in the other word's pass (those open that may reach the page): each one holds it in its body.
        const bounded = runs.filter((r) => /AS rank FROM clipping_fts WHERE clipping_fts MATCH \? AND \+rowid IN/.test(r.sql) && r.params[0] === '"qqa"');
        const ids = bounded.flatMap((r) => JSON.parse(r.params[1] as string) as number[]);
        expect(ids.filter((id) => !withQqa.has(id)), q).toEqual([]);
        expect(runs.filter(rankedWhole).map((r) => r.sql), q).toEqual([]);
      }
    }
    db.close();
  });

  it('clippings found in notes are decided with no look-up of each word among them: an OR’s all match, an AND’s or NOT’s words each read once', () => {
    const db = archive(9, 300);
    db.exec(`UPDATE clippings SET note = 'ta' WHERE id % 3 = 0; UPDATE clippings SET note = 'ko mira' WHERE id % 5 = 0`);
    const { repo, runs } = recording(db);
    for (const q of ['ta OR ko', 'mira OR zarek OR ta', 'ta ko', 'ta -ko']) {
      runs.length = 0;
      const expected = reference(db, q);
      const page = repo.query(q, { limit: 20, offset: 0, now: new Date(NOW) });
      expect(page.ranked.map((x) => [x.id, x.score]), q).toEqual(expected.slice(0, 20).map((x) => [x.id, -x.rank]));
      expect(page.total, q).toBe(expected.length);
      const lookups = runs.filter((r) => /^SELECT rowid AS id, 0 AS r FROM clipping_meta_fts WHERE clipping_meta_fts MATCH \? AND/.test(r.sql));
      expect(lookups.map((r) => r.params[0]), q).toEqual([]);
      // An AND or a NOT: each word's clippings in the meta index read once, not the OR's and then each word's among them.
      const reads = runs.filter((r) => /FROM clipping_meta_fts WHERE clipping_meta_fts MATCH/.test(r.sql) && !/bm25\(|snippet\(|highlight\(/.test(r.sql));
      if (!q.includes(' OR ')) expect(reads.map((r) => r.params[0]).sort(), q).toEqual(['"ko"', '"ta"']);
    }
    db.close();
  });
});

describe('clippings found in the meta index are decided and ranked from one read of it per phrase', () => {
  /** A statement reading the meta index's match of `expr` (its ids, or its bm25), restricted to given clippings or not. */
  const metaReads = (runs: readonly Recorded[], expr: string) => runs.filter((r) => /FROM clipping_meta_fts WHERE clipping_meta_fts MATCH/.test(r.sql) && r.params[0] === expr);

  it('an OR of words: its meta bm25 comes with the read of its match there, no second pass over it; the same pages', () => {
    const db = archive(9, 400);
    const { repo, runs } = recording(db, { rankLists: LISTS });
    const now = new Date(NOW);
    const r = rng(131);
    let noted = 0;
    for (const listed of [false, true]) {
      if (listed) expect(repo.warmRankLists(WORDS, Date.now() + 600_000)).toBeGreaterThan(5);
      for (let i = 0; i < 12; i++) {
        const out = new Set<string>();
        while (out.size < 2 + (i % 2)) out.add(word(r));
        const q = [...out].join(' OR ');
        const expected = reference(db, q);
        for (const [limit, offset] of [[10, 0], [5, 10]] as const) {
          runs.length = 0;
          const page = repo.query(q, { limit, offset, now });
          expect(page.ranked.map((x) => [x.id, x.score]), q).toEqual(expected.slice(offset, offset + limit).map((x) => [x.id, -x.rank]));
          if (offset === 0) expect(page.total, q).toBe(expected.length);
          const any = anyPhrase(phrases(parseFts(buildQuery(repo.parse(q).ast, { now }).match!)), 'meta')!;
          const reads = metaReads(runs, any);
          noted += reads.length > 0 ? 1 : 0;
          expect(reads.map((x) => x.sql), q).toHaveLength(reads.length > 0 ? 1 : 0);
        }
      }
    }
    expect(noted).toBeGreaterThan(10);
    db.close();
  });

  it('a word beside a column’s word: only the word can be in the meta index, so the clippings found there all hold it — not looked up again; the same pages', () => {
    const db = archive(9, 400);
    const { repo, runs } = recording(db, { rankLists: LISTS });
    const now = new Date(NOW);
    let noted = 0;
    for (const listed of [false, true]) {
      if (listed) expect(repo.warmRankLists(WORDS, Date.now() + 600_000)).toBeGreaterThan(5);
      for (const q of ['ta title:ko', 'ko body:ta', 'mira author:ta', 'tal outlet:ko', 'kolm title:tal', 'ta -kolm title:ko']) {
        const expected = reference(db, q);
        runs.length = 0;
        const page = repo.query(q, { limit: 10, offset: 0, now });
        expect(page.ranked.map((x) => [x.id, x.score]), q).toEqual(expected.slice(0, 10).map((x) => [x.id, -x.rank]));
        expect(page.total, q).toBe(expected.length);
        const w = `"${q.split(' ')[0]}"`;
        const reads = metaReads(runs, w);
        noted += reads.length > 0 ? 1 : 0;
        // (The word's meta match is read once — whole, or where the column's word occurs when that is in few bodies: `metaMayMatch` —;
        // then its bm25 of those that match, for their rank: never its ids looked up among a list of them.)
        expect(reads.filter((x) => /rowid IN \(SELECT value FROM json_each/.test(x.sql) && !/bm25\(/.test(x.sql)).map((x) => x.sql), q).toEqual([]);
      }
    }
    expect(noted).toBeGreaterThan(6);
    db.close();
  });
});

describe('an OR of words broad enough for a list that have none', () => {
  it('reads their lists at its first query, as a broad word alone does: the next queries rank it from the lists, with no bm25 over its whole match; the same pages', () => {
    const db = archive(9, 400);
    const { repo, runs } = recording(db, { rankLists: LISTS });
    const now = new Date(NOW);
    // "ta" listed (in nearly every text: a stop word); the others broad, with no list until an OR of them is asked.
    expect(repo.warmRankLists(['ta'], Date.now() + 600_000)).toBe(1);
    for (const q of ['kolm OR kovar OR ta', 'mira OR tal', 'talo OR ta']) {
      for (const w of q.split(' OR ')) expect((db.prepare('SELECT count(*) AS n FROM clipping_fts WHERE clipping_fts MATCH ?').get(`"${w}"`) as { n: number }).n, w).toBeGreaterThanOrEqual(LISTS.broad);
      const expected = reference(db, q);
      for (const time of ['first', 'again']) {
        runs.length = 0;
        const page = repo.query(q, { limit: 10, offset: 0, now });
        expect(page.ranked.map((x) => [x.id, x.score]), `${q} (${time})`).toEqual(expected.slice(0, 10).map((x) => [x.id, -x.rank]));
        expect(page.total, q).toBe(expected.length);
        if (time === 'again') {
          expect(runs.filter(readsList).map((r) => r.sql), q).toEqual([]);
          expect(runs.filter(rankedWhole).map((r) => r.params[0]), q).toEqual([]);
        }
      }
    }
    db.close();
  });
});
