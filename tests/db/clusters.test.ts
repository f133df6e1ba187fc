/**
 * The LSH bands of near-duplicate detection (db/clusters.ts, migration 025): a new clipping's
 * bands go to `clipping_lsh_recent`, moved into `clipping_lsh` once it holds enough rows;
 * lookups find the same clippings wherever the rows are, as one table gave them before.
 */
import { describe, expect, it } from 'vitest';
import { ClippingRepo, type NewClipping } from '../../db/clippings.ts';
import { ClusterRepo, LSH_RECENT_MAX } from '../../db/clusters.ts';
import { BANDS, bandHashes, type MinHash } from '../../db/minhash.ts';
import { openDatabase, type Db } from '../../db/open.ts';
import { minhash } from '../../electron/core/capture/minhash.ts';
import { Corpus } from '../bench/corpus.ts';
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
  it('go to the recent table; once it holds the limit (counted every 256 clippings), its fullest band alone is moved into clipping_lsh', () => {
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
    for (let i = 1; i < 256; i++) add(i);
    // counted at the first clipping (16 rows), next at the 257th
    expect([count(db, 'clipping_lsh'), count(db, 'clipping_lsh_recent')]).toEqual([0, 256 * BANDS]);
    const rows = allBands(db);
    const last = add(256);
    // every band holds 257 rows: the lowest, band 0, is moved
    expect([count(db, 'clipping_lsh'), count(db, 'clipping_lsh_recent')]).toEqual([257, 257 * (BANDS - 1)]);
    expect(bandsIn('clipping_lsh')).toEqual([0]);
    expect((allBands(db) as { clipping_id: number }[]).filter((r) => r.clipping_id !== last)).toEqual(rows);
    // 256 more: band 0 holds 256 new rows, the others 513: band 1 is the fullest
    for (let i = 257; i < 513; i++) add(i);
    expect(bandsIn('clipping_lsh')).toEqual([0, 1]);
    expect([count(db, 'clipping_lsh'), count(db, 'clipping_lsh_recent')]).toEqual([257 + 513, 513 * BANDS - 257 - 513]);
    expect(allBands(db)).toHaveLength(513 * BANDS);
    clusters.moveRecent();
    expect([count(db, 'clipping_lsh'), count(db, 'clipping_lsh_recent')]).toEqual([513 * BANDS, 0]);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    db.close();
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
