import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Archive } from '../../electron/core/archive.ts';
import { forEachArticle, HARWICK, TRUSS, type LoadedArticle } from '../fixtures/articles.ts';
import { REPO, tempDir } from '../helpers.ts';

/** The article's misspelt name (article.misspelt), and what the tests need around it. */
interface CloseMatch {
  article: LoadedArticle;
  /** A word of the article's text, to exclude. */
  inText: string;
  /** The misspelt surname typed in part. */
  typedSurname: string;
  /** A page that spells the name right. */
  rightlySpelt: { title: string; body: string };
}

const CLOSE_MATCHES: CloseMatch[] = [
  {
    article: HARWICK,
    inText: 'Eastfield',
    typedSurname: 'Sol',
    rightlySpelt: {
      title: 'Ingrid Solberg joins county finance board',
      body: 'Harwick\'s finance director Ingrid Solberg joined the county finance board on Monday to advise on the next budget.\nHer first meeting lasted two hours, officials said.',
    },
  },
  {
    article: TRUSS,
    inText: 'Estonia',
    typedSurname: 'Kul',
    rightlySpelt: {
      title: 'Dmytro Kuleba visits Berlin',
      body: 'Ukraine\'s foreign minister Dmytro Kuleba met his German counterpart in Berlin on Monday to discuss support.\nThe talks lasted two hours, officials said.',
    },
  },
];

const CLI = path.join(REPO, 'dist/cli.mjs');

const page = (title: string, body: string) =>
  `<html><head><title>${title}</title></head><body><article><h1>${title}</h1>${body.split('\n').map((p) => `<p>${p}</p>`).join('')}</article></body></html>`;

async function archive(article: LoadedArticle, file = path.join(tempDir(), 'c.db')): Promise<Archive> {
  const a = new Archive(file);
  await a.call('clippings.add', { capture: { name: article.captureName, text: article.text() }, tags: ['Russia'] });
  return a;
}

describe('instant search and close matches', () => {
  forEachArticle(CLOSE_MATCHES, (p) => {
    const { misspelt, corrected } = p.article;

    it(`"${corrected}" finds the clipping that misspells the name, as a close match with did-you-mean`, async () => {
      const a = await archive(p.article);
      const r = await a.call('search.query', { query: corrected });
      expect(r.hits.map((h) => [h.id, h.fuzzy])).toEqual([[1, true]]);
      expect(r.didYouMean).toBe(misspelt);
      // Highlighted as any hit of the corrected query: word by word.
      const text = (await a.call('clippings.get', { id: 1 })).text;
      expect(r.hits[0]!.matches.map(([s, e]) => text.slice(s, e)).join(' ')).toBe(misspelt);
      expect(r.hits[0]!.snippet).toContain(misspelt.split(' ').map((w) => `<mark>${w}</mark>`).join(' '));
      a.close();
    });

    it(`a partial name ("${corrected.split(' ')[0]} ${p.typedSurname}") offers the whole name as its did-you-mean, which finds the clipping`, async () => {
      const a = await archive(p.article);
      const typed = `${corrected.split(' ')[0]} ${p.typedSurname}`;
      const s = await a.call('search.suggest', { text: typed, limit: 8 });
      expect(s.didYouMean).toBe(misspelt);
      const r = await a.call('search.query', { query: typed });
      expect(r.hits.map((h) => [h.id, h.fuzzy])).toEqual([[1, true]]);
      expect(r.didYouMean).toBe(misspelt);
      // Taking the suggestion finds the clipping as an exact match.
      const taken = await a.call('search.query', { query: r.didYouMean! });
      expect(taken.hits.map((h) => [h.id, h.fuzzy ?? false])).toEqual([[1, false]]);
      a.close();
    });

    it('ranks exact matches first, then close ones', async () => {
      const a = await archive(p.article);
      await a.call('clippings.add', { capture: { name: 'k.html', text: page(p.rightlySpelt.title, p.rightlySpelt.body) } });
      const r = await a.call('search.query', { query: corrected });
      expect(r.hits.map((h) => [h.id, h.fuzzy ?? false])).toEqual([[2, false], [1, true]]);
      expect(r.didYouMean).toBeUndefined();
      a.close();
    });

    it('close matches still respect the query\'s exclusions and filters', async () => {
      const a = await archive(p.article);
      expect((await a.call('search.query', { query: `${corrected} -${p.inText}` })).hits).toEqual([]);
      expect((await a.call('search.query', { query: `${corrected} tag:Russia` })).hits.map((h) => h.id)).toEqual([1]);
      expect((await a.call('search.query', { query: `${corrected} tag:Sport` })).hits).toEqual([]);
      expect((await a.call('search.query', { query: `${corrected} before:2020` })).hits).toEqual([]);
      a.close();
    });

    it('suggests as you type and follows changes, including from another process', async () => {
      const file = path.join(tempDir(), 'c.db');
      const a = await archive(p.article, file);
      const s = await a.call('search.suggest', { text: p.typedSurname });
      expect(s.suggestions[0]).toMatchObject({ id: 1, field: 'name', matched: misspelt, fuzzy: false });
      expect(s.tookMs).toBeGreaterThanOrEqual(0);
      expect((await a.call('search.suggest', { text: 'Russia' })).suggestions.map((x) => x.field)).toContain('tag');
      await a.call('tags.add', { id: 1, tags: ['Diplomacy'] });
      expect((await a.call('search.suggest', { text: 'Diplo' })).suggestions.map((x) => x.matched)).toContain('Diplomacy');
      // another process (the CLI) adds a clipping while this archive is open
      const other = path.join(tempDir(), 'zelensky.html');
      writeFileSync(other, page('Zelensky addresses parliament', 'President Volodymyr Zelensky addressed the parliament in Kyiv on Tuesday about the winter.\nHe thanked allies for their support.'));
      const r = spawnSync(process.execPath, [CLI, '--db', file, 'import', other], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      expect((await a.call('search.suggest', { text: 'Zelen' })).suggestions.map((x) => x.id)).toEqual([2]);
      await a.call('clippings.delete', { selection: { ids: [2] } });
      expect((await a.call('search.suggest', { text: 'Zelen' })).suggestions).toEqual([]);
      a.close();
    });

    it('cuttings suggest --json gives tookMs and suggestions with id, title, field, matched', () => {
      const file = path.join(tempDir(), 'c.db');
      spawnSync(process.execPath, [CLI, '--db', file, 'import', p.article.capture]);
      const r = spawnSync(process.execPath, [CLI, '--db', file, 'suggest', corrected, '--json'], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      const json = JSON.parse(r.stdout);
      expect(typeof json.tookMs).toBe('number');
      expect(json.suggestions[0]).toMatchObject({ id: 1, title: expect.stringContaining(p.article.titleWords), field: 'name', matched: misspelt, fuzzy: true });
      expect(json.didYouMean).toBe(misspelt);
      const search = spawnSync(process.execPath, [CLI, '--db', file, 'search', corrected, '--json'], { encoding: 'utf8' });
      expect(JSON.parse(search.stdout).hits[0]).toMatchObject({ id: 1, fuzzy: true });
    });
  });
});

describe('instant search after a write', () => {
  it('catches up after writes that change what it indexes, and not after flags, notes, highlights, colours or saved searches', async () => {
    const { vi } = await import('vitest');
    const { InstantSync } = await import('../../db/instant/sync.ts');
    const a = new Archive(path.join(tempDir(), 'cuttings.db'));
    await a.call('clippings.add', { capture: { name: 'a.txt', text: 'Harbour wall vote\n\nThe harbour board met on Monday and agreed the dredging plan.' } });
    await a.call('search.suggest', { text: 'harb' });
    const refresh = vi.spyOn(InstantSync.prototype, 'refresh');
    const forced = async () => {
      refresh.mockClear();
      await a.call('search.suggest', { text: 'harb' });
      return refresh.mock.calls.map((c) => c[0]?.force === true);
    };
    await a.call('clippings.setFlags', { selection: { ids: [1] }, read: true, starred: true });
    await a.call('clippings.setNote', { id: 1, note: 'check the vote' });
    await a.call('annotations.create', { id: 1, quote: 'dredging plan', note: 'cost?' });
    await a.call('tags.add', { id: 1, tags: ['ports'] });
    await a.call('tags.setColor', { name: 'ports', color: 'blue' });
    refresh.mockClear();
    await a.call('search.suggest', { text: 'harb' });
    // Only tags.add counted: one catch-up, forced.
    expect(refresh.mock.calls.map((c) => c[0]?.force === true)).toEqual([true]);
    await a.call('clippings.setFlags', { selection: { ids: [1] }, read: false });
    await a.call('search.save', { name: 'harbour', query: 'harbour' });
    expect(await forced()).toEqual([false]);
    // The index still answers for the tag added before.
    expect((await a.call('search.suggest', { text: 'ports' })).suggestions.map((s) => s.id)).toContain(1);
    refresh.mockRestore();
    a.close();
  });
});
