/**
 * A phrase of three words or more read whole (issue 13, `phrase_long`; db/query/long-phrase.ts):
 * its few matches are scored from the phrase counted in their documents, with no FTS5
 * bm25 statement (which counts the phrase over the whole index before its first row) —
 * and the page, scores and total stay exactly those of bm25 over every match. The
 * reference is computed from FTS5 alone, as in search-ranking-phrase.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { ClippingRepo } from '../../db/clippings.ts';
import { openDatabase, type Db } from '../../db/open.ts';
import { COUNTED_MAX } from '../../db/query/long-phrase.ts';
import { SearchRepo } from '../../db/search.ts';
import { NOW } from '../helpers.ts';
import { madeUpArchive, madeUpWords, rankedInBoth } from './made-up-archive.ts';
import { recording, type Recorded } from './recording.ts';
import { rng } from './rng.ts';

/** Made-up words, the first few in nearly every text; `years`/`year` stem alike (porter). */
const WORDS = ['ta', 'ko', 'mira', 'nost', 'years', 'year', 'perak', 'Pilgo', 'ravno', 'sulte', 'vindo', 'zarek'];
const words = madeUpWords(WORDS, 1.6);

const archive = (seed: number, size: number): Db => madeUpArchive(seed, size, words);

const reference = rankedInBoth;

/** A statement computing the body's bm25 over the match (of every match, not of given ids). */
const bodyBm25 = (r: Recorded) => /bm25\(clipping_fts\b/.test(r.sql) && !/rowid IN/.test(r.sql);

describe('a phrase of three words or more that matches few', () => {
  for (const seed of [1, 2, 3]) {
    it(`seed ${seed}: is ranked with no bm25 statement over its match — the same page, scores and total as bm25 over every match`, () => {
      const db = archive(seed, 400);
      const { repo, runs } = recording(db);
      const r = rng(seed * 31);
      let counted = 0;
      let broad = 0;
      for (let i = 0; i < 40; i++) {
        const q = `"${words(r, r.int(3, 5))}"`;
        const all = reference(db, q);
        const from = runs.length;
        const page = repo.query(q, { limit: 10, offset: 0, now: new Date(NOW) });
        expect(page.ranked.map((x) => [x.id, x.score]), q).toEqual(all.slice(0, 10).map((x) => [x.id, -x.rank]));
        expect(page.total, q).toBe(all.length);
        const body = (db.prepare('SELECT count(*) AS n FROM clipping_fts WHERE clipping_fts MATCH ?').get(q) as { n: number }).n;
        if (body > 0 && body <= COUNTED_MAX) {
          expect(runs.slice(from).filter(bodyBm25).map((x) => x.sql), q).toEqual([]);
          counted++;
        }
        if (body > COUNTED_MAX) broad++;
      }
      expect(counted).toBeGreaterThan(5);
      expect(broad + counted).toBeLessThan(40);
      db.close();
    });
  }

  for (const seed of [4, 5]) {
    it(`seed ${seed}: of four words or more, is found among the clippings of its cheapest run of three words, without reading the whole phrase — the same page, scores and total`, () => {
      const db = archive(seed, 400);
      // (Any documents left out worth a document counted: an archive of 400 clippings.)
      const { repo, runs } = recording(db, { phraseRunsFrom: 0, runDocsPerText: 1 });
      const r = rng(seed * 53);
      let viaRun = 0;
      const texts = (db.prepare('SELECT sqlar_uncompress(text_z, text_size) AS t FROM clippings ORDER BY id').all() as { t: string }[]).map((x) => x.t.replace(/[^A-Za-z ]/gu, ' ').trim().split(/\s+/u));
      for (let i = 0; i < 60; i++) {
        // (Half of them words of a clipping's text in a row: phrases that match.)
        const text = r.pick(texts.filter((t) => t.length >= 8));
        const n = r.int(4, 8);
        const at = r.int(0, text.length - n);
        const q = i % 2 === 0 ? `"${text.slice(at, at + n).join(' ')}"` : `"${words(r, n)}"`;
        const all = reference(db, q);
        const from = runs.length;
        const page = repo.query(q, { limit: 10, offset: 0, now: new Date(NOW) });
        expect(page.ranked.map((x) => [x.id, x.score]), q).toEqual(all.slice(0, 10).map((x) => [x.id, -x.rank]));
        expect(page.total, q).toBe(all.length);
        const body = (db.prepare('SELECT count(*) AS n FROM clipping_fts WHERE clipping_fts MATCH ?').get(q) as { n: number }).n;
        const readWhole = runs.slice(from).some((x) => /\bclipping_fts MATCH\b/.test(x.sql) && x.params.includes(q));
        if (body > 0 && !readWhole) viaRun++;
      }
      expect(viaRun).toBeGreaterThan(3);
      db.close();
    });
  }

  it('more matches than are counted: ranked by FTS5 as before, the same page and total', () => {
    const db = archive(7, 1200);
    const { repo } = recording(db);
    let seen = 0;
    for (const q of ['"ta ta ko"', '"ta ko ta"', '"ko ta ta"', '"ta ko mira"', '"ta ta ta"']) {
      const all = reference(db, q);
      if (all.length > COUNTED_MAX) seen++;
      const page = repo.query(q, { limit: 10, offset: 0, now: new Date(NOW) });
      expect(page.ranked.map((x) => [x.id, x.score]), q).toEqual(all.slice(0, 10).map((x) => [x.id, -x.rank]));
      expect(page.total, q).toBe(all.length);
    }
    expect(seen).toBeGreaterThan(0);
    db.close();
  });

  it('a repeated word, a stemmed one, the title and byline weighed: scores bit for bit', () => {
    const db = openDatabase(':memory:');
    const clippings = new ClippingRepo(db);
    const add = (title: string, text: string, byline: string | null, i: number) =>
      clippings.insert(
        { captureId: null, title, byline, outlet: null, sourceUrl: null, canonicalUrl: null, urlKey: null, publishedAt: null, modifiedAt: null, capturedAt: NOW, lang: 'en', excerpt: null, text, html: null, figures: [], leadImage: null, wordCount: 1, contentHash: `x${i}` },
        NOW,
      );
    add('ta ta ta ta', 'ta ta ta. ko ta ta ta', null, 1);
    add('Years of ko', 'the year of ko, the years of ko and more', 'ta ta ta', 2);
    add('nothing', 'ta ko ta ko ta ko', null, 3);
    for (let i = 0; i < 30; i++) add('filler', `ta ko mira nost ${i}`, null, 10 + i);
    const { repo, runs } = recording(db);
    for (const q of ['"ta ta ta"', '"the years of ko"', '"year of ko"', '"ta ko ta ko"']) {
      const all = reference(db, q);
      expect(all.length, q).toBeGreaterThan(0);
      const from = runs.length;
      const page = repo.query(q, { limit: 10, offset: 0, now: new Date(NOW) });
      expect(page.ranked.map((x) => [x.id, x.score]), q).toEqual(all.slice(0, 10).map((x) => [x.id, -x.rank]));
      expect(runs.slice(from).filter(bodyBm25).map((x) => x.sql), q).toEqual([]);
    }
    db.close();
  });
});

describe('a SearchRepo without the recording', () => {
  it('ranks a long phrase the same', () => {
    const db = archive(9, 200);
    const repo = new SearchRepo(db);
    const q = '"ta ko mira"';
    const page = repo.query(q, { limit: 10, offset: 0, now: new Date(NOW) });
    expect(page.ranked.map((x) => [x.id, x.score])).toEqual(reference(db, q).slice(0, 10).map((x) => [x.id, -x.rank]));
    db.close();
  });
});
