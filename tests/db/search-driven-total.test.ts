/**
 * The total of a query whose filters drive (db/query/drive.ts) and whose page is ranked
 * by SQL: the sort ranks every match among the filters' clippings anyway, so all of them
 * are taken and their number is the total — no second pass of the match to count them —
 * with exactly the page and total of the match-driven path.
 */
import { describe, expect, it } from 'vitest';
import { ClippingRepo } from '../../db/clippings.ts';
import { openDatabase } from '../../db/open.ts';
import { COUNT_CAP, SearchRepo } from '../../db/search.ts';
import { NOW } from '../helpers.ts';
import { recording } from './recording.ts';

describe('a broad word under filters that drive, ranked by SQL', () => {
  it('is counted from its ranking, with the page and total of the match-driven path', () => {
    const db = openDatabase(':memory:');
    const clippings = new ClippingRepo(db);
    db.transaction(() => {
      for (let i = 0; i < 3000; i++) {
        clippings.insert(
          {
            captureId: null, title: `Report ${i}`, byline: null, outlet: 'Herald', sourceUrl: null, canonicalUrl: null, urlKey: null,
            publishedAt: `20${10 + (i % 15)}-0${1 + (i % 9)}-1${i % 10}T10:00:00Z`, modifiedAt: null, capturedAt: NOW, lang: 'en', excerpt: null,
            text: `${i % 30 ? 'Rates report' : 'Report'} ${i}. ${'rates '.repeat(i % 4)}${i % 2 ? 'The bank held.' : 'Markets moved.'} ${'filler '.repeat(i % 7)}`,
            html: null, figures: [], leadImage: null, wordCount: 5, contentHash: `h${i}`,
          },
          NOW,
        );
      }
      db.exec(`INSERT INTO tags (id, name, created_at) VALUES (1, 'economy', '${NOW}');
               INSERT INTO clipping_tags (clipping_id, tag_id, added_at) SELECT id, 1, '${NOW}' FROM clippings WHERE id % 11 = 0;
               UPDATE clippings SET note = 'rates call' WHERE id % 41 = 1; UPDATE clippings SET deleted_at = '${NOW}' WHERE id % 97 = 0;`);
    })();
    const { repo, runs } = recording(db);
    const matchDriven = new SearchRepo(db);
    (matchDriven as unknown as { driver: () => { kind: 'match' } }).driver = () => ({ kind: 'match' });
    const now = new Date(NOW);
    for (const q of ['rates on:2015', 'rates tag:economy', 'rates tag:economy after:2020']) {
      for (const offset of [0, 20]) {
        runs.length = 0;
        const got = repo.query(q, { limit: 20, offset, now });
        const want = matchDriven.query(q, { limit: 20, offset, now });
        expect(got.ranked, `${q} ${offset}`).toEqual(want.ranked);
        expect({ total: got.total, exact: got.totalExact }, `${q} ${offset}`).toEqual({ total: repo.allMatches(q, now).length, exact: true });
        // The filters drove (their clippings were read) and the page was ranked by SQL among them…
        expect(runs.some((r) => /ORDER BY m\.rank, m\.id$|ORDER BY bm25\(clipping_fts[^)]*\)$/.test(r.sql)), `${q} ${offset}`).toBe(true);
        // …and the match was not passed again to count them.
        expect(runs.filter((r) => r.sql.includes(`LIMIT ${COUNT_CAP + 1}`)).map((r) => r.sql), `${q} ${offset}`).toEqual([]);
      }
    }
    db.close();
  });
});
