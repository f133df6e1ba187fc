/**
 * A phrase of three words or more one of whose pairs of adjacent words matches nothing
 * (issue 13, `phrase_long` and its close matches; db/query/phrase-pairs.ts) is answered
 * empty without a walk over all its words: no statement reads the whole phrase in the body
 * index. The pages, scores and totals stay those of FTS5 over every match (the reference
 * is FTS5 alone, as in search-long-phrase.test.ts), and a phrase that matches is never
 * ruled out.
 */
import { describe, expect, it } from 'vitest';
import type { Db } from '../../db/open.ts';
import { pairsRuleOut } from '../../db/query/phrase-pairs.ts';
import { NOW } from '../helpers.ts';
import { madeUpArchive, madeUpWords, rankedInBoth } from './made-up-archive.ts';
import { recording, recordingDb, type Recorded } from './recording.ts';
import { rng } from './rng.ts';

/** Made-up words, the first few in nearly every text, the last 30 rare; `years`/`year` stem alike (porter). */
const WORDS = [
  ...['ta', 'ko', 'mira', 'nost', 'years', 'year', 'perak', 'Pilgo', 'ravno', 'sulte', 'vindo', 'zarek'],
  ...['bo', 'ka', 'ri', 'su', 'te'].flatMap((a) => ['lan', 'mer', 'vix', 'dor', 'pul', 'zen'].map((b) => a + b)),
];
const words = madeUpWords(WORDS, 2.5);

const archive = (seed: number, size: number): Db => madeUpArchive(seed, size, words);

const reference = rankedInBoth;

const bodyMatches = (db: Db, expr: string) => (db.prepare('SELECT count(*) AS n FROM clipping_fts WHERE clipping_fts MATCH ?').get(expr) as { n: number }).n;

/** A statement reading the body index's match of `expr` itself. */
const readsWhole = (expr: string) => (r: Recorded) => /\bclipping_fts MATCH\b/.test(r.sql) && r.params.includes(expr);

describe('a long phrase with a pair of words that matches nothing', () => {
  for (const seed of [1, 2, 3]) {
    it(`seed ${seed}: is answered without reading the whole phrase — the same page, scores and total as FTS5 over every match`, () => {
      const db = archive(seed, 300);
      const { repo, runs } = recording(db, { phraseRunsFrom: 0 });
      const r = rng(seed * 17);
      let ruledOut = 0;
      let matched = 0;
      for (let i = 0; i < 60; i++) {
        // (Every third a prefix, as close matches make of a last word being typed.)
        const q = `"${words(r, r.int(3, 6))}"${i % 3 === 2 ? '*' : ''}`;
        const all = reference(db, q);
        const from = runs.length;
        const page = repo.query(q, { limit: 10, offset: 0, now: new Date(NOW) });
        expect(page.ranked.map((x) => [x.id, x.score]), q).toEqual(all.slice(0, 10).map((x) => [x.id, -x.rank]));
        expect(page.total, q).toBe(all.length);
        const read = runs.slice(from).some(readsWhole(q));
        // Not read: proved to have no body match — or (four words or more) its matches found among a run's (query/long-phrase.ts `viaRun`).
        if (!read && bodyMatches(db, q) === 0) ruledOut++;
        if (bodyMatches(db, q) > 0) matched++;
      }
      expect(ruledOut).toBeGreaterThan(2);
      expect(matched).toBeGreaterThan(5);
      db.close();
    });
  }

  it('never rules out a phrase that matches; rules out one whose rarest pair is nowhere, whatever its other words', () => {
    const db = archive(4, 300);
    const r = rng(99);
    for (let i = 0; i < 200; i++) {
      const q = `"${words(r, r.int(3, 7))}"${i % 4 === 3 ? '*' : ''}`;
      if (pairsRuleOut(db, q, 0)) expect(bodyMatches(db, q), q).toBe(0);
    }
    // A pair of the rarest words that no text holds next to each other (found, then put between common words).
    const rare = WORDS.slice(-4);
    const absent = rare.flatMap((a) => rare.map((b) => `${a} ${b}`)).find((p) => bodyMatches(db, `"${p}"`) === 0 && p.split(' ').every((w) => bodyMatches(db, `"${w}"`) > 0))!;
    expect(absent).toBeDefined();
    for (const q of [`"ta ko ${absent} ta"`, `"${absent} ko ta"`, `"ko ${absent} ko"*`]) expect(pairsRuleOut(db, q, 0), q).toBe(true);
    // Fewer than three words: not told.
    expect(pairsRuleOut(db, `"${absent}"`, 0)).toBe(false);
    // A run seen to match is not tried again (close matches' phrases share their runs).
    const runs: Recorded[] = [];
    const rec = recordingDb(db, runs);
    const common = '"ta ko ta ko"';
    expect(bodyMatches(db, common)).toBeGreaterThan(0);
    expect(pairsRuleOut(rec, common, 0)).toBe(false);
    const tried = (from: number) => runs.slice(from).filter((x) => /LIMIT 1$/.test(x.sql)).map((x) => x.params[0]);
    const first = tried(0);
    expect(first.length).toBeGreaterThan(0);
    const at = runs.length;
    expect(pairsRuleOut(rec, common, 0)).toBe(false);
    expect(tried(at).filter((run) => first.includes(run))).toEqual([]);
    // A small archive: not tried (its walks are short).
    expect(pairsRuleOut(db, `"ta ko ${absent} ta"`)).toBe(false);
    db.close();
  });
});
