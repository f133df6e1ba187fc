import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Archive } from '../../electron/core/archive.ts';
import { describeEachArticle, forEachArticle, HARWICK, TRUSS, type LoadedArticle } from '../fixtures/articles.ts';
import { ftsIntegrity, tempDir } from '../helpers.ts';

async function withArticle(article: LoadedArticle = HARWICK): Promise<Archive> {
  const a = new Archive(path.join(tempDir(), 'c.db'));
  await a.call('clippings.add', { capture: { name: article.captureName, text: article.text() } });
  return a;
}

/** An article and another page that names the article's `topic` once; `pageWord` is in that page only. */
interface Neighbours {
  article: LoadedArticle;
  page: [title: string, body: string];
  pageWord: string;
}

const NEIGHBOURS: Neighbours[] = [
  {
    article: HARWICK,
    page: ['Ferry timetable agreed', 'The port board agreed its ferry timetable on Tuesday after a long debate about winter crossings and fares.\nEastfield was not mentioned at all in the debate about the timetable.'],
    pageWord: 'timetable',
  },
  {
    article: TRUSS,
    page: ['Budget passes', 'The council passed its budget on Tuesday after a long debate about library funding and roads.\nRussia was not mentioned at all in the debate about the budget.'],
    pageWord: 'budget',
  },
];

const page = (title: string, body: string) =>
  `<html><head><title>${title}</title></head><body><article><h1>${title}</h1>${body.split('\n').map((p) => `<p>${p}</p>`).join('')}</article></body></html>`;

describe('annotations', () => {
  describeEachArticle((article) => {
    const { repeated, repeatedPrefix, phrase, phraseNeighbour, misspelt, removable, removableEnd } = article;

    it('creates a highlight from a quote, refusing an ambiguous one with the number of places', async () => {
      const a = await withArticle(article);
      await expect(a.call('annotations.create', { id: 1, quote: repeated })).rejects.toThrow(/matches 2 places/);
      const ann = await a.call('annotations.create', { id: 1, quote: repeated, prefix: repeatedPrefix, note: 'The line to quote', color: 'green' });
      const text = (await a.call('clippings.get', { id: 1 })).text;
      expect(ann).toMatchObject({ clippingId: 1, quote: repeated, color: 'green', note: 'The line to quote', state: 'anchored' });
      expect(text.slice(ann.start!, ann.end!)).toBe(repeated);
      expect(text.indexOf(repeated)).toBeLessThan(ann.start!); // the second occurrence
      expect(ann.prefix.endsWith(repeatedPrefix)).toBe(true);
      await expect(a.call('annotations.create', { id: 1, quote: 'not in this article' })).rejects.toThrow(/does not occur/);
      a.close();
    });

    it('creates from offsets, allows overlaps, edits, recolours and deletes; notes and quotes are searchable', async () => {
      const a = await withArticle(article);
      const text = (await a.call('clippings.get', { id: 1 })).text;
      const s = text.indexOf(phrase);
      const one = await a.call('annotations.create', { id: 1, start: s, end: s + phrase.length, note: `${phraseNeighbour} framing` });
      const two = await a.call('annotations.create', { id: 1, start: s - 4, end: s + 11, color: 'pink' }); // overlaps
      expect(one.quote).toBe(phrase);
      expect(two.quote).toBe(text.slice(s - 4, s + 11));
      expect((await a.call('search.query', { query: 'framing' })).hits.map((h) => h.id)).toEqual([1]);
      expect(await a.call('annotations.update', { annotationId: one.id, note: 'legal framing', color: 'blue' })).toMatchObject({ note: 'legal framing', color: 'blue' });
      expect((await a.call('search.query', { query: `${phraseNeighbour} framing` })).total).toBe(1); // the neighbour word is in the body too
      expect((await a.call('search.query', { query: 'legal' })).total).toBe(1);
      expect((await a.call('annotations.list', { id: 1 })).map((x) => x.id)).toEqual([two.id, one.id]); // text order
      await a.call('annotations.delete', { annotationId: one.id });
      expect((await a.call('search.query', { query: 'legal' })).total).toBe(0);
      await expect(a.call('annotations.delete', { annotationId: one.id })).rejects.toThrow(/no annotation with id/);
      await expect(a.call('annotations.create', { id: 1, start: 5, end: 3 })).rejects.toThrow();
      await expect(a.call('annotations.create', { id: 1, start: 0, end: 10 ** 7 })).rejects.toThrow();
      await expect(a.call('annotations.create', { id: 1, quote: 'x', color: 'chartreuse' as never })).rejects.toThrow(/color/);
      ftsIntegrity(a.db);
      a.close();
    });

    it('re-extraction keeps the highlight anchored on the same words', async () => {
      const a = await withArticle(article);
      const ann = await a.call('annotations.create', { id: 1, quote: repeated, prefix: repeatedPrefix, note: 'why it matters' });
      const r = await a.call('clippings.reextract', { ids: [1] });
      expect(r.results[0]).toMatchObject({ id: 1, annotations: { anchored: 1, orphaned: 0 } });
      const after = (await a.call('clippings.get', { id: 1 })).annotations[0]!;
      expect(after).toMatchObject({ id: ann.id, start: ann.start, end: ann.end, state: 'anchored', note: 'why it matters' });
      a.close();
    });

    it('a hand-corrected text re-anchors highlights, orphans the ones whose words are gone, and wins over re-extraction', async () => {
      const a = await withArticle(article);
      const kept = await a.call('annotations.create', { id: 1, quote: misspelt, note: 'misspelt in the source' });
      const gone = await a.call('annotations.create', { id: 1, quote: removableEnd });
      const text = (await a.call('clippings.get', { id: 1 })).text;
      const edited = `A paragraph the editor added at the top.\n\n${text.replace(`${removable}\n\n`, '')}`;
      const r = await a.call('clippings.setText', { id: 1, text: edited });
      expect(r.annotations).toEqual({ anchored: 1, orphaned: 1 });
      const c = r.clipping;
      expect(c.editedFields).toContain('text');
      const k = c.annotations.find((x) => x.id === kept.id)!;
      expect(c.text.slice(k.start!, k.end!)).toBe(misspelt);
      expect(c.annotations.find((x) => x.id === gone.id)).toMatchObject({ state: 'orphaned', start: null, end: null, quote: removableEnd });
      expect((await a.call('archive.stats', {})).orphanedAnnotations).toBe(1);
      // re-extraction does not undo the hand edit
      const re = await a.call('clippings.reextract', { ids: [1] });
      expect(re.results[0]!.changed).not.toContain('text');
      expect((await a.call('clippings.get', { id: 1 })).text).toBe(c.text);
      ftsIntegrity(a.db);
      a.close();
    });
  });
});

describe('organising', () => {
  it('stars, read state and press fields', async () => {
    const a = await withArticle();
    expect(await a.call('clippings.get', { id: 1 })).toMatchObject({ starred: false, read: false, mediaType: null, tone: null });
    await a.call('clippings.setFlags', { selection: { ids: [1] }, starred: true, read: true });
    await a.call('clippings.update', { selection: { ids: [1] }, mediaType: 'agency', section: 'Politics', page: '4', tone: 'negative' });
    const c = await a.call('clippings.get', { id: 1 });
    expect(c).toMatchObject({ starred: true, read: true, mediaType: 'agency', section: 'Politics', page: '4', tone: 'negative' });
    expect((await a.call('clippings.list', {})).items[0]).toMatchObject({ starred: true, read: true, mediaType: 'agency', tone: 'negative' });
    await expect(a.call('clippings.update', { selection: { ids: [1] }, tone: 'angry' as never })).rejects.toThrow(/tone/);
    await expect(a.call('clippings.setFlags', { selection: { ids: [1, 99] }, starred: false })).rejects.toThrow(/no clipping with id 99/);
    expect((await a.call('clippings.get', { id: 1 })).starred).toBe(true); // nothing changed by the failed call
    a.close();
  });

  forEachArticle(NEIGHBOURS, (p) => {
    it('hand-edited metadata survives re-extraction; other fields are refreshed', async () => {
      const a = await withArticle(p.article);
      await a.call('clippings.update', { selection: { ids: [1] }, title: 'Truss warns Russia', publishedAt: '2021-12-08T15:51:00+00:00' });
      a.db.prepare(`UPDATE clippings SET byline = 'wrong' WHERE id = 1`).run(); // as if an older extractor got it wrong
      const r = await a.call('clippings.reextract', { all: true });
      expect(r.results).toEqual([{ id: 1, changed: ['byline'], annotations: { anchored: 0, orphaned: 0 } }]);
      expect(await a.call('clippings.get', { id: 1 })).toMatchObject({ title: 'Truss warns Russia', byline: p.article.expected().byline, publishedAt: '2021-12-08T15:51:00+00:00', editedFields: expect.arrayContaining(['title', 'publishedAt']) });
      ftsIntegrity(a.db);
      a.close();
    });

    it('tags on many clippings at once (ids or a search), rename, merge, delete, colour, counts', async () => {
      const a = await withArticle(p.article);
      await a.call('clippings.add', { capture: { name: 'b.html', text: page(...p.page) } });
      await a.call('clippings.add', { capture: { name: 'c.html', text: page('Ferry returns', 'The island ferry returned to service on Friday after repairs to its engines and hull.\nPassengers welcomed the return of the ferry.') } });
      expect(await a.call('tags.apply', { selection: { query: p.article.topic }, add: ['Russia', 'Review'] })).toEqual({ clippings: 2, added: 4, removed: 0 });
      expect(await a.call('tags.apply', { selection: { ids: [3] }, add: ['review'] })).toMatchObject({ clippings: 1, added: 1 });
      expect(await a.call('tags.apply', { selection: { query: p.pageWord }, remove: ['Russia'] })).toMatchObject({ clippings: 1, removed: 1 });
      expect((await a.call('tags.list', {})).map((t) => [t.name, t.count])).toEqual([['Review', 3], ['Russia', 1]]);
      expect((await a.call('search.query', { query: 'review' })).total).toBe(3);

      await expect(a.call('tags.rename', { from: 'Review', to: 'RUSSIA' })).rejects.toThrow(/already exists: merge/);
      expect(await a.call('tags.rename', { from: 'review', to: 'Morning review' })).toMatchObject({ name: 'Morning review', count: 3 });
      expect((await a.call('search.query', { query: 'morning' })).total).toBe(3);
      expect(await a.call('tags.setColor', { name: 'morning review', color: '#aa3300' })).toMatchObject({ color: '#aa3300' });
      await expect(a.call('tags.setColor', { name: 'Russia', color: 'javascript:x' })).rejects.toThrow();
      expect(await a.call('tags.merge', { from: 'Russia', into: 'Morning review' })).toMatchObject({ name: 'Morning review', count: 3 });
      expect((await a.call('tags.list', {})).map((t) => t.name)).toEqual(['Morning review']);
      expect(await a.call('tags.delete', { name: 'MORNING REVIEW' })).toEqual({ name: 'Morning review', deleted: true });
      expect(await a.call('tags.list', {})).toEqual([]);
      expect((await a.call('search.query', { query: 'morning' })).total).toBe(0);
      await expect(a.call('tags.delete', { name: 'nothing' })).rejects.toThrow(/no tag named "nothing"/);
      ftsIntegrity(a.db);
      a.close();
    });
  });
});
