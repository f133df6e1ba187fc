/**
 * Tags, notes and annotations are indexed apart from the body (migration 012): tagging,
 * untagging, renaming a tag, noting and annotating never rewrite the body's full-text
 * document — not one row of `clipping_fts`'s shadow tables changes — while search still
 * finds a word wherever it is, body or tags.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Archive } from '../../electron/core/archive.ts';
import { ClippingRepo } from '../../db/clippings.ts';
import { openDatabase, type Db } from '../../db/open.ts';
import { SearchRepo } from '../../db/search.ts';
import { TagRepo } from '../../db/tags.ts';
import { ftsIntegrity, NOW, tempDir } from '../helpers.ts';

/** Every row of the body index's shadow tables (data, doc sizes, segment index). */
function bodyIndex(db: Db): unknown[] {
  return [
    db.prepare('SELECT id, hex(block) AS b FROM clipping_fts_data ORDER BY id').all(),
    db.prepare('SELECT id, hex(sz) AS s FROM clipping_fts_docsize ORDER BY id').all(),
    db.prepare('SELECT segid, hex(term) AS t, pgno FROM clipping_fts_idx ORDER BY segid, term').all(),
  ];
}

describe('tags, notes and annotations have their own index', () => {
  it('tagging, untagging, renaming a tag, noting and annotating change no row of the body index', async () => {
    const a = new Archive(path.join(tempDir(), 'c.db'));
    try {
      const add = async (title: string, body: string) =>
        (await a.call('clippings.add', { capture: { name: `${title}.txt`, text: `${title}\n\n${body}` } })).id!;
      const one = await add('Budget day', 'The chancellor presented the budget to parliament on Wednesday afternoon.');
      const two = await add('Ferry back', 'The island ferry is back in service after the winter storms closed the crossing.');
      const before = bodyIndex(a.db);

      await a.call('tags.add', { id: one, tags: ['Minister', 'Economy'] });
      await a.call('tags.apply', { selection: { query: 'ferry' }, add: ['Transport'] });
      await a.call('clippings.setNote', { id: two, note: 'ask the harbour master' });
      const ann = await a.call('annotations.create', { id: one, quote: 'presented the budget', note: 'key line' });
      await a.call('annotations.update', { annotationId: ann.id, note: 'the key line' });
      await a.call('tags.rename', { from: 'Economy', to: 'Finance' });
      await a.call('tags.remove', { id: one, tags: ['Minister'] });
      await a.call('annotations.delete', { annotationId: ann.id });
      await a.call('tags.add', { id: one, tags: ['Minister'] });

      expect(bodyIndex(a.db)).toEqual(before);
      ftsIntegrity(a.db);
      // …and a word in the body with a word in the tags still finds the clipping.
      const ids = async (q: string) => (await a.call('search.query', { query: q })).hits.map((h) => h.id);
      expect(await ids('budget minister')).toEqual([one]);
      expect(await ids('finance chancellor')).toEqual([one]);
      expect(await ids('harbour ferry')).toEqual([two]);
      expect(await ids('transport -storms')).toEqual([]);
    } finally {
      a.close();
    }
  });

  it('finds a word tagged on many clippings together with body words, as one document would (the many-ids path)', () => {
    const db = openDatabase(':memory:');
    const clippings = new ClippingRepo(db);
    const tags = new TagRepo(db);
    const ids: number[] = [];
    for (let i = 0; i < 150; i++) {
      const text = i % 3 === 0 ? `The budget was presented, part ${i}.` : `The ferry timetable changed, part ${i}.`;
      ids.push(clippings.insert({ captureId: null, title: `Story ${i}`, byline: null, outlet: null, sourceUrl: null, canonicalUrl: null, urlKey: null, publishedAt: null, modifiedAt: null, capturedAt: NOW, lang: 'en', excerpt: null, text, html: null, figures: [], leadImage: null, wordCount: 5, contentHash: `h${i}` }, NOW));
    }
    const tagged = ids.filter((_, i) => i < 120);
    db.transaction(() => tags.addToClippings(tagged, ['Minister'], NOW))();
    const search = new SearchRepo(db);
    const all = (q: string) => search.allMatches(q, new Date(NOW));
    expect(all('minister')).toEqual(tagged);
    expect(all('minister budget')).toEqual(tagged.filter((id) => (id - ids[0]!) % 3 === 0));
    expect(all('budget -minister')).toEqual(ids.filter((id, i) => i >= 120 && i % 3 === 0));
    expect(all('tags:minister OR ferry')).toEqual(all('minister OR ferry'));
    expect(all('"budget was" minister')).toEqual(all('minister budget'));
    // Ranked: every tagged budget story has the tag and the body word.
    const page = search.query('minister budget', { limit: 50, offset: 0, now: new Date(NOW) });
    expect(page.total).toBe(40);
    expect(page.ranked.every((r) => r.score > 0)).toBe(true);
    db.close();
  });
});
