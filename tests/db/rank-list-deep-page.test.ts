/**
 * A deep page ranked from a word's ranking list (db/query/topk.ts `top`) checks that the
 * listed clippings above it are still in the archive (one deleted for good leaves no
 * change mark). They are looked up in the body index's document sizes, not in the
 * clippings' own rows (one page each or more: 30–170 ms for a page 1,900 deep at 100k);
 * the page is bm25's over every match whether or not listed clippings were deleted.
 */
import { describe, expect, it } from 'vitest';
import { NOW } from '../helpers.ts';
import { madeUpArchive, madeUpWords, rankedInBoth } from './made-up-archive.ts';
import { recording } from './recording.ts';

const LISTS = { broad: 30, size: 24, deep: 64 };

describe('a deep page from a ranking list', () => {
  it('checks its listed clippings in the body index, not in their rows, and stays bm25’s page after a deletion', () => {
    const db = madeUpArchive(21, 400, madeUpWords(['ta', 'ko', 'mi', 'ra', 'su', 'ne', 'lo', 'pe'], 2));
    const { repo, runs } = recording(db, { rankLists: LISTS });
    const now = new Date(NOW);
    expect(repo.warmRankLists(['ko'], Date.now() + 600_000, true)).toBe(1);
    const check = (offset: number, listed: boolean) => {
      runs.length = 0;
      const page = repo.query('ko', { limit: 10, offset, now });
      const want = rankedInBoth(db, 'ko').slice(offset, offset + 10);
      expect(page.ranked.map((x) => [x.id, x.score]), `offset ${offset}`).toEqual(want.map((x) => [x.id, -x.rank]));
      // Ranked from the list: no pass of bm25 over every match.
      if (listed) expect(runs.filter((r) => /bm25\(clipping_fts\b/.test(r.sql) && !/\+(clipping_fts\.)?rowid IN/.test(r.sql) && !/^SELECT count/.test(r.sql)).map((r) => r.sql)).toEqual([]);
      expect(runs.filter((r) => /^SELECT json_group_array\(id\) AS ids FROM clippings WHERE id IN/.test(r.sql)).map((r) => r.sql), `offset ${offset}`).toEqual([]);
      return runs.filter((r) => /FROM clipping_fts_docsize WHERE id IN/.test(r.sql) && r.sql.includes('json_group_array'));
    };
    expect(check(40, true).length).toBe(1);
    // Listed clippings above the page deleted for good (no change mark): the page moves up.
    const above = rankedInBoth(db, 'ko').slice(3, 6).map((x) => x.id);
    for (const id of above) db.prepare('DELETE FROM clippings WHERE id = ?').run(id);
    db.exec('DELETE FROM clipping_rank_changes');
    // (The list may or may not still prove this page: the index's size changed. Either way, bm25's page.)
    check(40, false);
    db.close();
  });
});
