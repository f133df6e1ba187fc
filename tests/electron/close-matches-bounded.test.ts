/**
 * A search never waits for the instant index to be rebuilt (issue 13): its close matches
 * are corrected from the snapshot's vocabulary, read alone, however far behind the
 * archive it is (a vocabulary only proposes spellings; the hits come from the database),
 * or from an index built only when that re-reads at most SEARCH_REREAD_MAX clippings.
 * Without a snapshot of a large archive a misspelt search answers with its exact hits
 * alone; instant search's suggestions still build the index and save the snapshot, and
 * the searches after that find close matches again.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ClippingRepo, type NewClipping } from '../../db/clippings.ts';
import { InstantIndex } from '../../db/instant/suggest.ts';
import { InstantSync } from '../../db/instant/sync.ts';
import { openDatabase } from '../../db/open.ts';
import { Archive } from '../../electron/core/archive.ts';
import { SEARCH_REREAD_MAX } from '../../electron/core/context.ts';
import { NOW, tempDir } from '../helpers.ts';

const SIZE = SEARCH_REREAD_MAX + 100;

function clipping(i: number): NewClipping {
  const text = `Councillor Ingrid Solberg spoke at the harbour on Monday, officials said. Report ${i}.`;
  return {
    captureId: null, title: `Harbour council report ${i}`, text, byline: null, outlet: null, sourceUrl: null, canonicalUrl: null, urlKey: null,
    publishedAt: null, modifiedAt: null, capturedAt: NOW, lang: 'en', excerpt: null, html: null, figures: [], leadImage: null,
    wordCount: text.split(/\s+/).length, contentHash: `hash-${i}`,
  };
}

/** An archive of SIZE clippings written straight to SQLite: no instant snapshot beside it. */
function large(): string {
  const file = path.join(tempDir(), 'large.db');
  const db = openDatabase(file);
  const repo = new ClippingRepo(db);
  db.transaction(() => {
    for (let i = 1; i <= SIZE; i++) repo.insert(clipping(i), NOW);
  })();
  db.close();
  return file;
}

const misspelt = (archive: Archive) => archive.call('search.query', { query: 'Solbreg', limit: 5 });

afterEach(() => {
  vi.restoreAllMocks();
});

describe('close matches never wait for an instant-index rebuild', () => {
  it('without a snapshot of a large archive: exact hits only, nothing built; after suggestions built it: close matches', async () => {
    const file = large();
    const build = vi.spyOn(InstantIndex.prototype, 'build');

    const first = new Archive(file);
    const cold = await misspelt(first);
    expect(build).not.toHaveBeenCalled();
    expect(cold.hits).toEqual([]);
    // Instant search (unbounded) builds the index and saves its snapshot.
    expect((await first.call('search.suggest', { text: 'solberg', limit: 3 })).suggestions.length).toBeGreaterThan(0);
    expect(build).toHaveBeenCalledTimes(1);
    first.close();

    const second = new Archive(file);
    const warm = await misspelt(second);
    expect(build).toHaveBeenCalledTimes(1);
    expect(warm.hits).toHaveLength(5);
    expect(warm.hits.every((h) => h.fuzzy)).toBe(true);
    second.close();
  });

  it('with a snapshot far behind the archive: close matches from its vocabulary, nothing rebuilt or opened', async () => {
    const file = large();
    const first = new Archive(file);
    await first.call('search.suggest', { text: 'solberg', limit: 3 });
    first.close();

    // Another process edits more clippings than a search may re-read (later than the snapshot).
    const other = openDatabase(file);
    const repo = new ClippingRepo(other);
    other.transaction(() => {
      for (let id = 1; id <= SEARCH_REREAD_MAX + 50; id++) repo.update(id, { title: `Harbour council minutes ${id}` }, '2026-12-01T00:00:00.000Z');
    })();
    other.close();

    const build = vi.spyOn(InstantIndex.prototype, 'build');
    const open = vi.spyOn(InstantSync.prototype, 'open');
    const second = new Archive(file);
    for (let i = 0; i < 3; i++) {
      const r = await misspelt(second);
      expect(r.hits).toHaveLength(5);
      expect(r.hits.every((h) => h.fuzzy)).toBe(true);
      // The hits are the database's own: today's titles.
      expect(r.hits.every((h) => h.title.startsWith('Harbour council minutes'))).toBe(true);
    }
    expect(build).not.toHaveBeenCalled();
    expect(open).not.toHaveBeenCalled();
    // Suggestions (unbounded) open the index and catch it up; close matches then come from it.
    expect((await second.call('search.suggest', { text: 'solberg', limit: 3 })).suggestions.length).toBeGreaterThan(0);
    expect(open).toHaveBeenCalledTimes(1);
    expect((await misspelt(second)).hits).toHaveLength(5);
    expect(open).toHaveBeenCalledTimes(1);
    second.close();
  });

  it('a snapshot that had to catch up when opened is saved again: the next process finds nothing to catch up', async () => {
    const file = large();
    const first = new Archive(file);
    await first.call('search.suggest', { text: 'solberg', limit: 3 });
    first.close();
    // Another process links a tag (as emptying the trash unlinks them): the fingerprint moves.
    const other = openDatabase(file);
    other.prepare(`INSERT INTO tags (name, created_at) VALUES ('Walruses', ?)`).run(NOW);
    other.prepare(`INSERT INTO clipping_tags (clipping_id, tag_id, added_at) SELECT 3, id, ? FROM tags WHERE name = 'Walruses'`).run(NOW);
    other.close();
    const saved = readFileSync(`${file}.instant`);

    const second = new Archive(file);
    expect((await second.call('search.suggest', { text: 'solberg', limit: 3 })).suggestions.length).toBeGreaterThan(0);
    second.close();
    expect(readFileSync(`${file}.instant`).equals(saved)).toBe(false);

    const refresh = vi.spyOn(InstantSync.prototype, 'refresh');
    const third = new Archive(file);
    expect((await third.call('search.suggest', { text: 'solberg', limit: 3 })).suggestions.length).toBeGreaterThan(0);
    third.close();
    expect(refresh.mock.results.map((r) => (r.value as { mode: string }).mode)).toEqual(['none']);
  });
});
