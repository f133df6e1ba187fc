/**
 * Tags, notes and annotations are indexed apart from the body (migration 012): tagging,
 * untagging, renaming a tag, noting and annotating never rewrite the body's full-text
 * document — not one row of `clipping_fts`'s shadow tables changes — while search still
 * finds a word wherever it is, body or tags.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Archive } from '../../electron/core/archive.ts';
import type { Db } from '../../db/open.ts';
import { ftsIntegrity, tempDir } from '../helpers.ts';

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
});
