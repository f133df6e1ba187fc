/**
 * Clippings decided in the meta index (db/search.ts `decide`, issue 13) when only one
 * phrase of the query can occur there: `economy title:future`, where "economy" is a tag
 * on many clippings and `title:` is a column only the body's index has. The clippings
 * found in the meta index are exactly those with "economy" there, so its match there is
 * read once — not again among its own clippings — and the matches are those of the
 * query by its definition.
 */
import { describe, expect, it } from 'vitest';
import { ClippingRepo } from '../../db/clippings.ts';
import { openDatabase, type Db } from '../../db/open.ts';
import { NOW } from '../helpers.ts';
import { recording } from './recording.ts';

const SIZE = 600;

/** 600 clippings: "future" in the title of a third, "economy" in the body of a quarter, the tag "economy" on a fifth and "economy" in the notes of a seventh. */
function archive(): Db {
  const db = openDatabase(':memory:');
  const repo = new ClippingRepo(db);
  db.transaction(() => {
    for (let i = 0; i < SIZE; i++) {
      repo.insert(
        {
          captureId: null, title: `Report ${i}${i % 3 === 0 ? ' on the future' : ''}`, byline: null, outlet: 'Herald', sourceUrl: null, canonicalUrl: null, urlKey: null,
          publishedAt: null, modifiedAt: null, capturedAt: NOW, lang: 'en', excerpt: null,
          text: `Item ${i}. ${i % 4 === 0 ? 'The economy grew.' : 'Markets moved.'} ${'filler '.repeat(i % 9)}`, html: null, figures: [], leadImage: null, wordCount: 5, contentHash: `h${i}`,
        },
        NOW,
      );
    }
    // (Clipping ids are i + 1.)
    db.exec(`INSERT INTO tags (id, name, created_at) VALUES (1, 'economy', '${NOW}');
             INSERT INTO clipping_tags (clipping_id, tag_id, added_at) SELECT id, 1, '${NOW}' FROM clippings WHERE (id - 1) % 5 = 0;
             UPDATE clippings SET note = 'economy again' WHERE (id - 1) % 7 = 0;`);
  })();
  return db;
}

/** The clippings `economy title:future` matches, by the archive's rules: "future" in the title, "economy" in the body, a tag or the notes. */
const expected = Array.from({ length: SIZE }, (_, i) => i)
  .filter((i) => i % 3 === 0 && (i % 4 === 0 || i % 5 === 0 || i % 7 === 0))
  .map((i) => i + 1);

describe('one phrase of the query in the meta index', () => {
  it('is read there once: the clippings found are its own', () => {
    const db = archive();
    const { repo, runs } = recording(db);
    const page = repo.query('economy title:future', { limit: 500, offset: 0, now: new Date(NOW) });
    expect(page.ranked.map((r) => r.id).sort((a, b) => a - b)).toEqual(expected);
    expect(page.total).toBe(expected.length);
    // Best first, ties by id.
    for (let k = 1; k < page.ranked.length; k++) {
      const [a, b] = [page.ranked[k - 1]!, page.ranked[k]!];
      expect(a.score > b.score || (a.score === b.score && a.id < b.id)).toBe(true);
    }
    const metaIds = runs.filter((r) => /FROM clipping_meta_fts WHERE clipping_meta_fts MATCH \?/.test(r.sql) && !/bm25/.test(r.sql) && r.params.includes('"economy"'));
    expect(metaIds).toHaveLength(1);
    db.close();
  });
});
