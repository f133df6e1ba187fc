/**
 * A broad word looked up among the clippings another word of an AND finds in notes (db/search.ts
 * `lookupsMax`): more than LOOKUPS_MAX of them were always picked out of one pass over the broad
 * word's whole match (`to` at 1M: ~340 ms for 86 clippings); when its ranking list counts enough
 * matches per clipping, they are looked up one by one — the same clippings decided, the same pages.
 */
import { describe, expect, it } from 'vitest';
import { ClippingRepo } from '../../db/clippings.ts';
import { openDatabase } from '../../db/open.ts';
import { SearchRepo } from '../../db/search.ts';
import { NOW } from '../helpers.ts';
import { recording } from './recording.ts';

describe('a broad word of an AND, among the clippings its other word finds in notes', () => {
  it('is looked up clipping by clipping when its list counts many matches for each, not read in a pass over its match; the same pages', () => {
    const db = openDatabase(':memory:');
    const clippings = new ClippingRepo(db);
    db.transaction(() => {
      for (let i = 0; i < 5500; i++) {
        clippings.insert(
          {
            captureId: null, title: `Report ${i}`, byline: null, outlet: 'Herald', sourceUrl: null, canonicalUrl: null, urlKey: null,
            publishedAt: `20${10 + (i % 15)}-0${1 + (i % 9)}-1${i % 10}T10:00:00Z`, modifiedAt: null, capturedAt: NOW, lang: 'en', excerpt: null,
            text: `${i % 3 === 0 ? 'Tariff report' : 'Report'} ${i}. ${i % 5 ? 'The bank held.' : 'Markets moved.'} ${'filler '.repeat(i % 7)}`,
            html: null, figures: [], leadImage: null, wordCount: 5, contentHash: `h${i}`,
          },
          NOW,
        );
      }
      // 183 clippings with `tariff` in their notes, more than LOOKUPS_MAX (64), to decide by `bank` in their bodies (and 1,375 with
      // `bank` there). `bank` is in 4,400 bodies: more than the rare words whose match narrows the meta index's (`metaMayMatch`).
      db.exec(`UPDATE clippings SET note = 'tariff call' WHERE id % 30 = 1; UPDATE clippings SET note = 'bank memo' WHERE id % 4 = 2`);
    })();
    const { repo, runs } = recording(db, { matchesPerLookup: 4 });
    repo.warmRankLists(['bank'], Date.now() + 60_000);
    const reference = new SearchRepo(db);
    const now = new Date(NOW);
    const bankAmong = (probe: string) => runs.filter((r) => r.sql.includes(`MATCH ? AND ${probe}rowid IN`) && r.params[0] === '"bank"' && (JSON.parse(String(r.params[1])) as number[]).length > 64);
    for (const sort of ['oldest', 'newest', 'relevance'] as const) {
      runs.length = 0;
      const got = repo.query('tariff bank', { limit: 20, offset: 0, now, sort });
      const want = reference.query('tariff bank', { limit: 20, offset: 0, now, sort });
      expect(got.ranked, sort).toEqual(want.ranked);
      expect(got.total, sort).toBe(want.total);
      expect(bankAmong('+').map((r) => r.sql), sort).toEqual([]);
      expect(bankAmong('').length, sort).toBe(1);
    }
    db.close();
  });
});
