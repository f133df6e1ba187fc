/**
 * The total of a filter-only search (no words): counted from a covering index of the
 * filtered columns, never through a partial index (is:starred, is:unread) that leaves
 * each clipping's row to be read for its deleted_at — past its text's overflow pages.
 */
import { describe, expect, it } from 'vitest';
import { ClippingRepo } from '../../db/clippings.ts';
import { openDatabase, type Db } from '../../db/open.ts';
import { COUNT_CAP } from '../../db/search.ts';
import { NOW } from '../helpers.ts';
import { recording } from './recording.ts';

function archive(): Db {
  const db = openDatabase(':memory:');
  const repo = new ClippingRepo(db);
  for (let i = 0; i < 60; i++) {
    repo.insert(
      {
        captureId: null, title: `Rates ${i}`, byline: null, outlet: 'Daily Courier', sourceUrl: `https://courier.example/${i}`, canonicalUrl: null,
        urlKey: null, publishedAt: `20${10 + (i % 15)}-03-0${1 + (i % 9)}T10:00:00Z`, modifiedAt: null, capturedAt: NOW, lang: i % 3 ? 'en' : 'fr',
        excerpt: null, text: `Interest rate decision number ${i}. `.repeat(200), html: null, figures: [], leadImage: null, wordCount: 1000, contentHash: `h${i}`,
      },
      NOW,
    );
  }
  db.exec(`INSERT INTO tags (id, name, created_at) VALUES (1, 'economy', '${NOW}');
           INSERT INTO clipping_tags (clipping_id, tag_id, added_at) SELECT id, 1, '${NOW}' FROM clippings WHERE id % 2 = 0;
           UPDATE clippings SET starred = 1, tone = 'positive', media_type = 'print' WHERE id % 5 = 0;
           UPDATE clippings SET is_read = 1 WHERE id % 3 = 0;
           UPDATE clippings SET deleted_at = '${NOW}' WHERE id % 7 = 0;`);
  return db;
}

const FILTER_ONLY = ['is:starred', 'is:unread', 'is:read', 'is:starred is:unread', 'tag:economy', '-tag:economy', 'is:starred tag:economy', 'type:print', 'lang:fr', 'url:courier', 'after:2015', 'before:2020', 'after:2012 before:2022 is:unread'];

describe('the total of a filter-only search', () => {
  for (const q of FILTER_ONLY) {
    it(`"${q}": counted from a covering index, as many as SQL finds`, () => {
      const db = archive();
      const { repo, runs } = recording(db);
      const now = new Date(NOW);
      const page = repo.query(q, { limit: 2, offset: 0, now });
      const counts = runs.filter((r) => r.sql.includes(`LIMIT ${COUNT_CAP + 1}`));
      expect(counts).toHaveLength(1);
      const plan = (db.prepare(`EXPLAIN QUERY PLAN ${counts[0]!.sql}`).all(...counts[0]!.params) as { detail: string }[]).map((r) => r.detail);
      const onClippings = plan.filter((d) => /^(SCAN|SEARCH) c\b/.test(d));
      expect(onClippings.length, plan.join('\n')).toBeGreaterThan(0);
      for (const d of onClippings) expect(d, plan.join('\n')).toMatch(/COVERING INDEX/);
      expect(page.total).toBe(repo.allMatches(q, now).length);
      db.close();
    });
  }
});
