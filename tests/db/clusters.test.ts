/**
 * The LSH bands of near-duplicate detection (db/clusters.ts, migration 025): a new clipping's
 * bands go to `clipping_lsh_recent`, moved into `clipping_lsh` once it holds enough rows;
 * lookups find the same clippings wherever the rows are, as one table gave them before.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ClippingRepo, type NewClipping } from '../../db/clippings.ts';
import { ClusterRepo, LSH_RECENT_MAX } from '../../db/clusters.ts';
import { BANDS, bandHashes, type MinHash } from '../../db/minhash.ts';
import { openDatabase, type Db } from '../../db/open.ts';
import { minhash } from '../../electron/core/capture/minhash.ts';
import { Corpus } from '../bench/corpus.ts';
import { Core } from '../../electron/core/context.ts';
import { NOW } from '../helpers.ts';

function clipping(title: string, text: string): NewClipping {
  return {
    captureId: null, title, byline: null, outlet: null, sourceUrl: null, canonicalUrl: null, urlKey: null, publishedAt: null, modifiedAt: null,
    capturedAt: NOW, lang: 'en', excerpt: null, text, html: null, figures: [], leadImage: null, wordCount: 1, contentHash: `h-${title}`,
  };
}

const count = (db: Db, table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
/** Every LSH row, wherever it is, in key order. */
const allBands = (db: Db) => db.prepare(`SELECT band, hash, clipping_id FROM clipping_lsh UNION ALL SELECT band, hash, clipping_id FROM clipping_lsh_recent ORDER BY 1, 2, 3`).all();

/** What the lookup gave with every band in `clipping_lsh` (before migration 025): each band's first 200 by id, band after band. */
function candidatesInOneTable(db: Db, mh: MinHash, self: number): number[] {
  const ids = new Set<number>();
  const band = db.prepare(`SELECT clipping_id AS id FROM clipping_lsh WHERE band = ?1 AND hash = ?2 UNION ALL SELECT clipping_id FROM clipping_lsh_recent WHERE band = ?1 AND hash = ?2 ORDER BY 1 LIMIT 200`);
  bandHashes(mh.signature).forEach((h, b) => {
    const rows = band.all({ 1: b, 2: h }) as { id: number }[];
    for (const r of rows) if (r.id !== self) ids.add(r.id);
  });
  return [...ids];
}

describe('LSH bands', () => {
  it('go to the recent table; as soon as it holds the limit, its fullest band alone is moved into clipping_lsh', () => {
    const db = openDatabase(':memory:');
    const clippings = new ClippingRepo(db);
    const clusters = new ClusterRepo(db, 100 * BANDS);
    const corpus = new Corpus(7);
    const add = (i: number) => {
      const text = corpus.clipping(i).paragraphs.join('\n\n');
      const id = clippings.insert(clipping(`c${i}`, text), NOW);
      clusters.add(id, minhash(text));
      return id;
    };
    const bandsIn = (table: string) => (db.prepare(`SELECT DISTINCT band FROM ${table} ORDER BY band`).all() as { band: number }[]).map((r) => r.band);
    add(0);
    expect([count(db, 'clipping_lsh'), count(db, 'clipping_lsh_recent')]).toEqual([0, BANDS]);
    for (let i = 1; i < 99; i++) add(i);
    expect([count(db, 'clipping_lsh'), count(db, 'clipping_lsh_recent')]).toEqual([0, 99 * BANDS]);
    const rows = allBands(db);
    const last = add(99);
    // every band holds 100 rows: the lowest, band 0, is moved
    expect([count(db, 'clipping_lsh'), count(db, 'clipping_lsh_recent')]).toEqual([100, 100 * (BANDS - 1)]);
    expect(bandsIn('clipping_lsh')).toEqual([0]);
    expect((allBands(db) as { clipping_id: number }[]).filter((r) => r.clipping_id !== last)).toEqual(rows);
    // 1,500 rows left: 6 more clippings make 1,596, the 7th 1,612, and band 1 (107 rows) is the fullest
    for (let i = 100; i < 106; i++) add(i);
    expect(bandsIn('clipping_lsh')).toEqual([0]);
    add(106);
    expect(bandsIn('clipping_lsh')).toEqual([0, 1]);
    expect([count(db, 'clipping_lsh'), count(db, 'clipping_lsh_recent')]).toEqual([100 + 107, 107 * BANDS - 100 - 107]);
    expect(allBands(db)).toHaveLength(107 * BANDS);
    clusters.moveRecent();
    expect([count(db, 'clipping_lsh'), count(db, 'clipping_lsh_recent')]).toEqual([107 * BANDS, 0]);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    db.close();
  });

  it("are counted again after another connection's commit or a re-index", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lsh-counts-'));
    const file = path.join(dir, 'a.db');
    const db = openDatabase(file);
    const other = openDatabase(file);
    const clippings = new ClippingRepo(db);
    const clusters = new ClusterRepo(db, 100 * BANDS);
    const theirs = new ClusterRepo(other, 100 * BANDS);
    const corpus = new Corpus(9);
    const texts = Array.from({ length: 190 }, (_, i) => corpus.clipping(i).paragraphs.join('\n\n'));
    const ids = texts.map((t, i) => clippings.insert(clipping(`c${i}`, t), NOW));
    clusters.add(ids[0]!, minhash(texts[0]!));
    // 98 more by the other connection: 99 clippings' bands; the 100th here fills the table
    other.transaction(() => {
      for (let i = 1; i < 99; i++) theirs.add(ids[i]!, minhash(texts[i]!));
    })();
    clusters.add(ids[99]!, minhash(texts[99]!));
    expect(count(db, 'clipping_lsh')).toBe(100);
    // a re-index deletes rows and adds them again: counted again, the table stays short of full
    clusters.moveRecent();
    for (let i = 100; i < 190; i++) clusters.add(ids[i]!, minhash(texts[i]!));
    for (let i = 100; i < 110; i++) clusters.index(ids[i]!, minhash(texts[i]!));
    expect([count(db, 'clipping_lsh'), count(db, 'clipping_lsh_recent')]).toEqual([100 * BANDS, 90 * BANDS]);
    other.close();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("added by a write that failed are not counted (Core.write counts again)", () => {
    const db = openDatabase(':memory:');
    const core = new Core(db, ':memory:', () => new Date(NOW));
    const clusters = new ClusterRepo(db, 100 * BANDS);
    (core as unknown as { clusters: ClusterRepo }).clusters = clusters;
    const corpus = new Corpus(5);
    const add = (i: number) => {
      const text = corpus.clipping(i).paragraphs.join('\n\n');
      clusters.add(core.clippings.insert(clipping(`c${i}`, text), NOW), minhash(text));
    };
    core.write(() => {
      for (let i = 0; i < 50; i++) add(i);
    });
    expect(() =>
      core.write(() => {
        for (let i = 50; i < 90; i++) add(i);
        throw new Error('fails');
      }),
    ).toThrow('fails');
    core.write(() => {
      for (let i = 90; i < 139; i++) add(i);
    });
    // 99 clippings' bands: not full
    expect([count(db, 'clipping_lsh'), count(db, 'clipping_lsh_recent')]).toEqual([0, 99 * BANDS]);
    core.write(() => add(139));
    expect(count(db, 'clipping_lsh')).toBe(100);
    db.close();
  });

  it('of a batch (addNew) are stored and matched as one by one: the same rows, the same best matches, within the batch too', () => {
    const corpus = new Corpus(13);
    const texts: string[] = [];
    // stories with edited copies, some copies in the same batch, some in the next, some of stored ones
    for (let i = 0; i < 40; i++) {
      const p = corpus.clipping(i).paragraphs;
      texts.push(p.join('\n\n'));
      if (i % 3 !== 2) texts.push(p.map((x) => x.replace(/\bthe\b/, 'a')).join('\n\n'));
    }
    for (let i = 0; i < 20; i++) texts.push(corpus.clipping(i).paragraphs.map((x) => x.replace(/\band\b/, 'or')).join('\n\n'));
    const stored = 30;
    const run = (batched: boolean) => {
      const db = openDatabase(':memory:');
      const clippings = new ClippingRepo(db);
      const clusters = new ClusterRepo(db, 40 * BANDS);
      const ids = texts.map((t, i) => clippings.insert(clipping(`c${i}`, t), NOW));
      const mhs = texts.map((t) => minhash(t));
      const matches: unknown[] = [];
      for (let k = 0; k < stored; k++) clusters.add(ids[k]!, mhs[k]!);
      for (let from = stored; from < texts.length; from += 25) {
        const batch = ids.slice(from, from + 25).map((id, j) => ({ id, mh: mhs[from + j]!, match: (from + j) % 7 !== 0 }));
        if (batched) matches.push(...clusters.addNew(batch));
        else for (const b of batch) {
          clusters.add(b.id, b.mh);
          matches.push(b.match ? clusters.bestMatch(b.mh, b.id) : null);
        }
      }
      const out = { matches, bands: allBands(db), minhash: db.prepare(`SELECT * FROM clipping_minhash ORDER BY clipping_id`).all() };
      db.close();
      return out;
    };
    const one = run(false);
    const batched = run(true);
    expect(one.matches.filter((m) => m !== null).length).toBeGreaterThan(20);
    expect(batched).toEqual(one);
  });

  it('of a batch of more clippings than one statement binds are added in parts, the same as one by one', () => {
    const corpus = new Corpus(17);
    const texts = Array.from({ length: 700 }, (_, i) => corpus.clipping(i % 650).paragraphs.slice(0, 2).join('\n\n'));
    const run = (batched: boolean) => {
      const db = openDatabase(':memory:');
      const clippings = new ClippingRepo(db);
      const clusters = new ClusterRepo(db);
      const rows = texts.map((t, i) => ({ id: clippings.insert(clipping(`c${i}`, t), NOW), mh: minhash(t), match: true }));
      const matches = batched ? clusters.addNew(rows) : rows.map((r) => (clusters.add(r.id, r.mh), clusters.bestMatch(r.mh, r.id)));
      const out = { matches, bands: allBands(db) };
      db.close();
      return out;
    };
    const one = run(false);
    expect(one.matches.filter((m) => m !== null)).toHaveLength(50);
    expect(run(true)).toEqual(one);
  });

  it('of a batch sharing a band hash with more clippings than a lookup takes are matched one by one, the same', () => {
    const run = (batched: boolean) => {
      const db = openDatabase(':memory:');
      const clippings = new ClippingRepo(db);
      const clusters = new ClusterRepo(db);
      const short = minhash('Ferry back in service.');
      for (let i = 0; i < 420; i++) clusters.add(clippings.insert(clipping(`s${i}`, 'Ferry back in service.'), NOW), short);
      const batch = Array.from({ length: 5 }, (_, i) => ({ id: clippings.insert(clipping(`b${i}`, 'Ferry back in service.'), NOW), mh: short, match: true }));
      const matches = batched ? clusters.addNew(batch) : batch.map((b) => (clusters.add(b.id, b.mh), clusters.bestMatch(b.mh, b.id)));
      const out = { matches, bands: allBands(db) };
      db.close();
      return out;
    };
    const one = run(false);
    expect(one.matches.every((m) => m !== null)).toBe(true);
    expect(run(true)).toEqual(one);
  });

  it('the recent table holds the bands of 8,192 clippings at most, give or take 256', () => {
    expect(LSH_RECENT_MAX).toBe(8192 * BANDS);
  });

  it('find the same candidates wherever the rows are, each band limited to its first 200 clippings by id', () => {
    const db = openDatabase(':memory:');
    const clippings = new ClippingRepo(db);
    const clusters = new ClusterRepo(db);
    const corpus = new Corpus(11);
    const texts: string[] = [];
    // 60 stories, each also as a lightly edited copy; and 210 clippings of one short text
    // (the same band hashes: more than 200 in every band).
    for (let i = 0; i < 60; i++) {
      const p = corpus.clipping(i).paragraphs;
      texts.push(p.join('\n\n'), p.map((x) => x.replace(/\bthe\b/, 'a')).join('\n\n'));
    }
    for (let i = 0; i < 210; i++) texts.push('Ferry back in service.');
    const ids = texts.map((t, i) => clippings.insert(clipping(`c${i}`, t), NOW));
    const mhs = texts.map((t) => minhash(t));
    const check = (label: string) => {
      for (const [k, mh] of mhs.entries()) {
        expect(clusters.candidates(mh, ids[k]!), `${label}: clipping ${k}`).toEqual(candidatesInOneTable(db, mh, ids[k]!));
      }
      expect(clusters.candidates(mhs.at(-1)!, 0)).toHaveLength(200);
    };
    // half the clippings' bands moved, the other half recent; then the first ones re-indexed
    // (their bands back in the recent table with small ids), then everything moved
    mhs.forEach((mh, k) => k % 2 === 0 && clusters.add(ids[k]!, mh));
    clusters.moveRecent();
    mhs.forEach((mh, k) => k % 2 === 1 && clusters.add(ids[k]!, mh));
    check('split');
    for (let k = 0; k < 150; k++) clusters.index(ids[k]!, mhs[k]!);
    expect(allBands(db)).toHaveLength(texts.length * BANDS);
    check('re-indexed');
    clusters.moveRecent();
    expect(count(db, 'clipping_lsh_recent')).toBe(0);
    check('all moved');
    // and the best match of an edited copy is its story
    expect(clusters.bestMatch(mhs[0]!, ids[0]!)?.id).toBe(ids[1]);
    // More rows than all bands keep (410 × 16 > 2 × 16 × 200): each band's first 200 all the same.
    const short = mhs.at(-1)!;
    for (let i = 0; i < 200; i++) clusters.add(clippings.insert(clipping(`more${i}`, 'Ferry back in service.'), NOW), short);
    expect(count(db, 'clipping_lsh_recent')).toBe(200 * BANDS);
    expect(clusters.candidates(short, 0)).toEqual(candidatesInOneTable(db, short, 0));
    expect(clusters.candidates(short, 0)).toHaveLength(200);
    db.close();
  });

  it("are deleted with their clipping, in either table", () => {
    const db = openDatabase(':memory:');
    const clippings = new ClippingRepo(db);
    const clusters = new ClusterRepo(db);
    const a = clippings.insert(clipping('a', 'The island ferry to Zanzibar is back in service.'), NOW);
    const b = clippings.insert(clipping('b', 'The harbour wall at Quimper was repaired.'), NOW);
    clusters.add(a, minhash('The island ferry to Zanzibar is back in service.'));
    clusters.moveRecent();
    clusters.add(b, minhash('The harbour wall at Quimper was repaired.'));
    db.prepare(`DELETE FROM clippings WHERE id IN (?, ?)`).run(a, b);
    expect([count(db, 'clipping_lsh'), count(db, 'clipping_lsh_recent'), count(db, 'clipping_minhash')]).toEqual([0, 0, 0]);
    db.close();
  });
});
