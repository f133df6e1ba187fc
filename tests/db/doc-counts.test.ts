/**
 * db/query/doc-counts.ts: words' column-weighted counts in clippings, read from their text,
 * are the counts FTS5's bm25 uses — a clipping's bm25 for a one-word phrase, computed from
 * them with the phrase's idf (topk.ts `g`), is FTS5's to the last bit — and nothing is
 * answered that the index may not hold the same way.
 */
import { describe, expect, it } from 'vitest';
import { ClippingRepo } from '../../db/clippings.ts';
import { openDatabase, type Db } from '../../db/open.ts';
import { DocCounts } from '../../db/query/doc-counts.ts';
import { BM25 } from '../../db/query/split.ts';
import { g, varints } from '../../db/query/topk.ts';
import { NOW } from '../helpers.ts';

function add(db: Db, i: number, title: string, text: string, byline: string | null = null, outlet: string | null = null): number {
  return new ClippingRepo(db).insert(
    {
      captureId: null, title, byline, outlet, sourceUrl: null, canonicalUrl: null, urlKey: null, publishedAt: null, modifiedAt: null, capturedAt: NOW,
      lang: 'en', excerpt: null, text, html: null, figures: [], leadImage: null, wordCount: 1, contentHash: `h${i}`,
    },
    NOW,
  );
}

describe('words counted in the clippings’ text', () => {
  it('weights each column as bm25 does, folds and stems as the index does, and gives FTS5’s bm25 to the last bit', () => {
    const db = openDatabase(':memory:');
    const a = add(db, 1, 'Running alpha', 'alpha beta alpha runs. Łódź alpha', 'Beta Writer', 'Alpha Daily');
    const b = add(db, 2, 'Other', 'gamma beta', null, null);
    for (let i = 3; i < 40; i++) add(db, i, `filler ${i}`, `delta epsilon ${i % 3 === 0 ? 'alpha' : 'zeta'} words of filler text`);
    const counts = new DocCounts(db).counts([a, b], ['alpha', 'Beta', 'running', 'lodz', 'missing'])!;
    // alpha: 3 in the body, 1 in the title (×10), 1 in the outlet (×4); beta: 1 in the body, 1 in the byline (×4); running/runs: one term.
    expect(counts.get(a)!.wtf).toEqual([3 + 10 + 4, 1 + 4, 1 + 10, 1, 0]);
    expect(counts.get(b)!.wtf).toEqual([0, 1, 0, 0, 0]);
    // FTS5's bm25 of `alpha` for the first clipping, and the same from the counts: its idf and the index's average length as FTS5 computes them.
    const rank = (db.prepare(`SELECT ${BM25.body} AS r FROM clipping_fts WHERE clipping_fts MATCH '"alpha"' AND rowid = ${a}`).get() as { r: number }).r;
    const hits = (db.prepare(`SELECT count(*) AS n FROM clipping_fts WHERE clipping_fts MATCH '"alpha"'`).get() as { n: number }).n;
    const [rows, ...totals] = varints((db.prepare('SELECT block FROM clipping_fts_data WHERE id = 1').get() as { block: Uint8Array }).block);
    const idf = (db.prepare('SELECT ln(?) AS x').get((rows! - hits + 0.5) / (hits + 0.5)) as { x: number }).x;
    const dl = totals.reduce((x, y) => x + y, 0) / rows!;
    expect(-(idf * g(counts.get(a)!.wtf[0]!, counts.get(a)!.len, dl))).toBe(rank);
    db.close();
  });

  it('answers nothing for a word the tokenizer makes two terms of, or a clipping the index does not hold', () => {
    const db = openDatabase(':memory:');
    const a = add(db, 1, 'Title', 'alpha beta');
    const docs = new DocCounts(db);
    expect(docs.counts([a], ['alpha-beta'])).toBeNull();
    expect(docs.counts([a, a + 100], ['alpha'])).toBeNull();
    db.prepare('UPDATE clippings SET deleted_at = ? WHERE id = ?').run(NOW, a);
    expect(docs.counts([a], ['alpha'])).toBeNull();
    db.close();
  });

  it('counts a term or an ASCII prefix in each clipping the index holds, and answers nothing when a clipping’s text is not what the index holds', () => {
    const db = openDatabase(':memory:');
    const a = add(db, 1, 'Alpha', 'alpha alps beta', 'Alan');
    const b = add(db, 2, 'Other', 'gamma');
    const docs = new DocCounts(db);
    // A clipping not in the index (here: none with that id) has no entry; one without the term a count of 0.
    expect(docs.of({ term: 'alpha' }, [a, b, b + 100])).toEqual(new Map([[a, { wtf: 1 + 10, len: 5 }], [b, { wtf: 0, len: 2 }]]));
    // `al*`: alpha, alps (body), alpha (title ×10), alan (byline ×4).
    expect(docs.of({ prefix: 'al' }, [a])!.get(a)).toEqual({ wtf: 2 + 10 + 4, len: 5 });
    // The text changed behind the index's back (its triggers gone): the index's length and counts are no longer the text's.
    db.exec('DROP TRIGGER clippings_fts_bu; DROP TRIGGER clippings_fts_au');
    db.prepare(`UPDATE clippings SET text_z = 'alpha alpha alpha alpha', text_size = 0 WHERE id = ?`).run(a);
    expect(docs.of({ term: 'alpha' }, [a, b])).toBeNull();
    expect(docs.of({ prefix: 'al' }, [b])).toEqual(new Map([[b, { wtf: 0, len: 2 }]]));
    db.close();
  });
});
