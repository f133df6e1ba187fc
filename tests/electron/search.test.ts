import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { Archive } from '../../electron/core/archive.ts';
import { parseQuery } from '../../db/query/parser.ts';
import { COUNT_CAP } from '../../db/search.ts';
import { forEachArticle, HARWICK, TRUSS, type LoadedArticle } from '../fixtures/articles.ts';
import { tempDir } from '../helpers.ts';

// parseQuery, counted (it still parses): search.query must parse its query once.
vi.mock(import('../../db/query/parser.ts'), async (importOriginal) => {
  const mod = await importOriginal();
  return { ...mod, parseQuery: vi.fn(mod.parseQuery) };
});

const page = (title: string, body: string, meta = '') =>
  `<html><head><title>${title}</title>${meta}</head><body><article><h1>${title}</h1>${body
    .split('\n')
    .map((p) => `<p>${p}</p>`)
    .join('')}</article></body></html>`;

/**
 * A small archive around an article: the article (id 1) and three Herald pages (ids 2–4),
 * and the words the tests search for. Written on the reference capture (TRUSS); the own
 * capture (HARWICK) gets pages that relate to it the same way:
 * 2 — a later place name with a diacritic; 3 — an earlier page sharing `shared` and
 * `excluded` with the article, `excluded` in its title; 4 — the newest, the only one with
 * `other` and `onlyIn4`.
 */
interface World {
  article: LoadedArticle;
  pages: [title: string, body: string, date: string][];
  /** The place of page 2, plain and as written. */
  place: string;
  placeAsWritten: string;
  /** In the article and page 3 only; in both as well (and in page 3's title); a name in the article only. */
  shared: string;
  excluded: string;
  articleName: string;
  /** In page 4 only (three words). */
  other: string;
  onlyIn4: string;
  page4Word: string;
  /** A word of the article's byline, lower case; the article's month. */
  author: string;
  month: string;
  /** A year after which pages 2 and 4 come; before the next, the article and page 3. */
  after: string;
  before: string;
  /** A note for the article whose word (`noteWord`) is also in page 3; a quote of page 3. */
  note: string;
  noteWord: string;
  page3Quote: string;
  /** A word the article's text has at least three times; a plural that stems to a word of it; a prefix query and what it matches. */
  frequent: string;
  stemQuery: string;
  stemMatch: string;
  prefixQuery: string;
  prefixMatch: string;
  /** Words of page 3 (and maybe of the article) and of the article, for a query over all four; a word of page 3 only. */
  page3Word: string;
  page3Only: string;
  articleWord: string;
  /** A tag for pages 2 and 3; the name and query of a saved search finding the article and page 2. */
  tag: string;
  saved: [name: string, query: string];
  /** The Monday of the article's week. */
  articleWeek: string;
  page2Week: string;
}

const WORLDS: World[] = [
  {
    article: HARWICK,
    pages: [
      ['Malmö ferry back in service', 'Passengers in Malmö said the ferry was running again after repairs to its engines this week.\nThe operator thanked travellers for their patience through the winter.', '2025-01-22T09:00:00+01:00'],
      ['Eastfield hosts crossing patrol volunteers', 'Volunteers met in Eastfield to talk about school crossing patrols and safer routes for pupils across the district.\nEastfield called for more patrols to be paid for by the county permanently.', '2024-02-27'],
      ['Harbour wall plan approved by port board', 'The port board approved its plan for the harbour wall after a long debate on Tuesday evening about museum funding.\nThe quay and the slipway will receive more money than last year, officials confirmed.', '2026-02-14'],
    ],
    place: 'Malmo',
    placeAsWritten: 'MALMÖ',
    shared: 'patrols',
    excluded: 'Eastfield',
    articleName: '"Dawn Lowe"',
    other: 'harbour',
    onlyIn4: 'museum',
    page4Word: 'quay',
    author: 'harriet okafor',
    month: '2024-03',
    after: '2024',
    before: '2025',
    note: 'for the volunteers',
    noteWord: 'volunteer',
    page3Quote: 'safer routes',
    frequent: 'libraries',
    stemQuery: 'triangles',
    stemMatch: 'Triangle',
    prefixQuery: 'Karim*',
    prefixMatch: 'Karimi',
    page3Word: 'volunteers',
    page3Only: 'volunteers',
    articleWord: 'Lowe',
    tag: 'Libraries',
    saved: ['Harwick watch', 'Malmo OR Harwick'],
    articleWeek: '2024-03-11', // Thursday 14 March 2024 -> Monday 11th
    page2Week: '2025-01-20',
  },
  {
    article: TRUSS,
    pages: [
      ['Kyïv braces for winter', 'Officials in Kyïv said the city was preparing for power cuts as temperatures fell across Ukraine this week.\nThe mayor urged residents to stock up on water and blankets before the first frost.', '2022-10-20T09:00:00+03:00'],
      ['Estonia hosts Nato ministers', 'Foreign ministers met in Tallinn to discuss sovereignty and defence along the eastern flank of the alliance.\nEstonia called for more troops to be based in the region permanently.', '2021-11-30'],
      ['Budget approved by council', 'The council approved its budget for the coming year after a long debate on Tuesday evening about library funding.\nRoads and schools will receive more money than last year, officials confirmed.', '2023-02-14'],
    ],
    place: 'Kyiv',
    placeAsWritten: 'KYÏV',
    shared: 'sovereignty',
    excluded: 'Estonia',
    articleName: '"Vladimir Putin"',
    other: 'budget',
    onlyIn4: 'library',
    page4Word: 'council',
    author: 'press association',
    month: '2021-12',
    after: '2021',
    before: '2022',
    note: 'for the minister',
    noteWord: 'minister',
    page3Quote: 'eastern flank',
    frequent: 'strategic',
    stemQuery: 'quints',
    stemMatch: 'Quint',
    prefixQuery: 'Ushak*',
    prefixMatch: 'Ushakov',
    page3Word: 'ministers',
    page3Only: 'Tallinn',
    articleWord: 'Truss',
    tag: 'Ukraine',
    saved: ['Ukraine watch', 'Kyiv OR Ukraine'],
    articleWeek: '2021-12-06', // Wednesday 8 December 2021 -> Monday 6th
    page2Week: '2022-10-17',
  },
];

async function archive(w: World): Promise<Archive> {
  const a = new Archive(path.join(tempDir(), 'c.db'), {}, () => new Date('2026-11-26T12:00:00Z'));
  await a.call('clippings.add', { capture: { name: w.article.captureName, text: w.article.text() } });
  for (const [title, body, date] of w.pages) {
    await a.call('clippings.add', { capture: { name: `${title}.html`, text: page(title, body, `<meta property="article:published_time" content="${date}"><meta property="og:site_name" content="The Herald">`) } });
  }
  return a;
}

const ids = async (a: Archive, query: string, extra: object = {}) => (await a.call('search.query', { query, ...extra })).hits.map((h) => h.id);

describe('search engine', () => {
  forEachArticle(WORLDS, (w) => {
    it('meets every search expectation of the reference clipping', async () => {
      const a = await archive(w);
      for (const e of w.article.expected().searchExpectations) {
        expect((await ids(a, e.query)).includes(1), e.query).toBe(e.finds);
      }
      a.close();
    });

    it('speaks the query language: AND, OR, phrases, exclusions, prefixes, groups, filters', async () => {
      const a = await archive(w);
      expect(await ids(a, w.shared)).toEqual(expect.arrayContaining([1, 3]));
      expect(await ids(a, `${w.shared} -${w.excluded}`)).toEqual([]);
      expect((await ids(a, `${w.shared} -${w.excluded}`)).length).toBe(0);
      expect(await ids(a, `${w.shared} -${w.articleName}`)).toEqual([3]);
      expect((await ids(a, `${w.place} OR ${w.other}`)).sort()).toEqual([2, 4]);
      expect(await ids(a, `(${w.place} OR ${w.other}) ${w.onlyIn4}`)).toEqual([4]);
      expect(await ids(a, `title:${w.excluded.toLowerCase()}`)).toEqual([3]);
      expect(await ids(a, `outlet:herald ${w.onlyIn4}`)).toEqual([4]);
      expect(await ids(a, `author:"${w.author}"`)).toEqual([1]);
      expect(await ids(a, `on:${w.month}`)).toEqual([1]);
      expect((await ids(a, `before:${w.before}`)).sort()).toEqual([1, 3]);
      expect(await ids(a, `after:${w.after} -${w.other}`)).toEqual([2]); // after a period = from the next one on
      expect(await ids(a, w.place)).toEqual([2]); // diacritics folded
      expect(await ids(a, w.placeAsWritten)).toEqual([2]);
      await expect(a.call('search.query', { query: 'colour:red' })).rejects.toThrow(/Unknown filter "colour:"\. Valid filters are title:/);
      a.close();
    });

    it('filters on organising fields: tags, stars, read state, type, tone, notes, annotations', async () => {
      const a = await archive(w);
      await a.call('tags.add', { id: 2, tags: ['Foreign policy'] });
      await a.call('clippings.setFlags', { selection: { ids: [3] }, starred: true, read: true });
      await a.call('clippings.update', { selection: { ids: [4] }, mediaType: 'print', tone: 'positive' });
      await a.call('clippings.setNote', { id: 1, note: w.note });
      await a.call('annotations.create', { id: 3, quote: w.page3Quote });
      expect(await ids(a, 'tag:"foreign policy"')).toEqual([2]);
      expect((await ids(a, '-tag:"foreign policy"')).sort()).toEqual([1, 3, 4]);
      expect(await ids(a, 'is:starred')).toEqual([3]);
      expect((await ids(a, 'is:unread')).sort()).toEqual([1, 2, 4]);
      expect(await ids(a, 'type:print')).toEqual([4]);
      expect(await ids(a, `tone:positive ${w.page4Word}`)).toEqual([4]);
      expect(await ids(a, 'has:note')).toEqual([1]);
      expect(await ids(a, 'has:annotation')).toEqual([3]);
      expect(await ids(a, w.noteWord)).toEqual(expect.arrayContaining([1, 3]));
      a.close();
    });

    it('gives match offsets into the text, snippets with <mark>, and the filter-only excerpt', async () => {
      const a = await archive(w);
      const r = await a.call('search.query', { query: w.frequent });
      const hit = r.hits[0]!;
      const text = (await a.call('clippings.get', { id: 1 })).text;
      expect(hit.matches.length).toBeGreaterThanOrEqual(3);
      for (const [s, e] of hit.matches) expect(text.slice(s, e).toLowerCase()).toBe(w.frequent);
      expect(hit.snippet).toMatch(new RegExp(`<mark>${w.frequent}</mark>`, 'i'));
      const stem = (await a.call('search.query', { query: w.stemQuery })).hits[0]!;
      expect(stem.matches.map(([s, e]) => text.slice(s, e))).toEqual([w.stemMatch]);
      const prefix = (await a.call('search.query', { query: w.prefixQuery })).hits[0]!;
      expect(prefix.matches.map(([s, e]) => text.slice(s, e))).toEqual([w.prefixMatch]);
      const filterOnly = (await a.call('search.query', { query: `author:"${w.author}"` })).hits[0]!;
      expect(filterOnly.snippet.length).toBeGreaterThan(0);
      a.close();
    });

    it('sorts by relevance, newest or oldest, and pages', async () => {
      const a = await archive(w);
      const q = `${w.page3Word} OR ${w.page4Word} OR ${w.place} OR ${w.articleWord}`;
      expect(await ids(a, q, { sort: 'newest' })).toEqual([4, 2, 1, 3]);
      expect(await ids(a, q, { sort: 'oldest' })).toEqual([3, 1, 2, 4]);
      expect(await ids(a, q, { sort: 'oldest', limit: 2, offset: 2 })).toEqual([2, 4]);
      const rel = await a.call('search.query', { query: w.excluded });
      expect(rel.hits[0]!.id).toBe(3); // in the title
      expect(rel.hits[0]!.score).toBeGreaterThan(rel.hits[1]!.score);
      a.close();
    });

    it('returns facets by tag, outlet and year for the whole query', async () => {
      const a = await archive(w);
      await a.call('tags.apply', { selection: { ids: [2, 3] }, add: [w.tag] });
      const r = await a.call('search.query', { query: `${w.place} OR ${w.page3Only} OR ${w.onlyIn4}`, facets: true, limit: 1 });
      expect(r.hits).toHaveLength(1);
      expect(r.total).toBe(3);
      const year = (i: number) => w.pages[i]![2].slice(0, 4);
      expect(r.facets).toEqual({
        tags: [{ name: w.tag, count: 2 }],
        outlets: [{ name: 'The Herald', count: 3 }],
        years: [{ year: year(2), count: 1 }, { year: year(0), count: 1 }, { year: year(1), count: 1 }],
      });
      a.close();
    });

    it('counts clippings over time per month or week, stacked by outlet or tag', async () => {
      const a = await archive(w);
      await a.call('tags.add', { id: 2, tags: [w.tag] });
      const byMonth = await a.call('search.histogram', { query: '', bucket: 'month', stackBy: 'outlet' });
      const month = (date: string) => `${date.slice(0, 7)}-01`;
      expect(byMonth.buckets).toEqual([
        { start: month(w.pages[1]![2]), counts: { 'The Herald': 1 } },
        { start: `${w.month}-01`, counts: { [w.article.expected().outlet ?? 'Unknown outlet']: 1 } },
        { start: month(w.pages[0]![2]), counts: { 'The Herald': 1 } },
        { start: month(w.pages[2]![2]), counts: { 'The Herald': 1 } },
      ]);
      const weeks = await a.call('search.histogram', { query: `${w.place} OR ${w.articleWord}`, bucket: 'week', stackBy: 'tag' });
      expect(weeks.buckets).toEqual([
        { start: w.articleWeek, counts: { Untagged: 1 } },
        { start: w.page2Week, counts: { [w.tag]: 1 } },
      ]);
      const own = w.article.expected().outlet;
      expect(await a.call('outlets.list', {})).toEqual([{ name: 'The Herald', count: 3 }, ...(own ? [{ name: own, count: 1 }] : [])]);
      expect((await a.call('clippings.list', { sort: 'oldest' })).items.map((c) => c.id)).toEqual([3, 1, 2, 4]);
      const hit = (await a.call('search.query', { query: w.place })).hits[0]!;
      expect(hit).toMatchObject({ starred: false, read: false });
      a.close();
    });

    it('saves searches and lists them with their current counts', async () => {
      const a = await archive(w);
      const [name, query] = w.saved;
      const other = w.other[0]!.toUpperCase() + w.other.slice(1);
      expect(await a.call('search.save', { name, query })).toMatchObject({ name, count: 2, countExact: true });
      await a.call('search.save', { name: other, query: w.other });
      await a.call('clippings.delete', { selection: { ids: [2] } });
      // In the order they were saved (the user's order), no longer alphabetical.
      expect((await a.call('search.saved', {})).map((s) => [s.name, s.count])).toEqual([[name, 1], [other, 1]]);
      await expect(a.call('search.save', { name: 'bad', query: 'zzz:1' })).rejects.toThrow(/Unknown filter/);
      expect(await a.call('search.deleteSaved', { name: w.other })).toEqual({ name: other, deleted: true });
      await expect(a.call('search.deleteSaved', { name: w.other })).rejects.toThrow(/no saved search/);
      a.close();
    });

    it('renames saved searches, changes their queries and reorders them; names stay unique and queries must run', async () => {
      const a = await archive(w);
      const [name, query] = w.saved;
      await a.call('search.save', { name, query });
      await a.call('search.save', { name: 'Second', query: w.other });
      await a.call('search.save', { name: 'Third', query: w.place });
      expect(await a.call('search.updateSaved', { name, newName: 'Renamed' })).toMatchObject({ name: 'Renamed', query, count: 2 });
      expect(await a.call('search.updateSaved', { name: 'second', query: w.place })).toMatchObject({ name: 'Second', query: w.place });
      expect(await a.call('search.updateSaved', { name: 'Third', newName: 'THIRD' })).toMatchObject({ name: 'THIRD' });
      await expect(a.call('search.updateSaved', { name: 'Renamed', newName: 'second' })).rejects.toMatchObject({ code: 'conflict' });
      await expect(a.call('search.updateSaved', { name: 'Renamed', query: 'zzz:1' })).rejects.toThrow(/Unknown filter/);
      await expect(a.call('search.updateSaved', { name: 'Nobody', newName: 'x' })).rejects.toMatchObject({ code: 'not_found' });
      expect((await a.call('search.reorderSaved', { names: ['third', 'Renamed', 'Second'] })).map((s) => s.name)).toEqual(['THIRD', 'Renamed', 'Second']);
      expect((await a.call('search.saved', {})).map((s) => s.name)).toEqual(['THIRD', 'Renamed', 'Second']);
      await expect(a.call('search.reorderSaved', { names: ['THIRD', 'Renamed'] })).rejects.toMatchObject({ code: 'bad_input' });
      await expect(a.call('search.reorderSaved', { names: ['THIRD', 'THIRD', 'Second'] })).rejects.toMatchObject({ code: 'bad_input' });
      // A new one goes last.
      await a.call('search.save', { name: 'Fourth', query: w.other });
      expect((await a.call('search.saved', {})).map((s) => s.name)).toEqual(['THIRD', 'Renamed', 'Second', 'Fourth']);
      a.close();
    });

    it('never lets a hostile query reach SQLite as a syntax error', async () => {
      const a = await archive(w);
      const hostile = ['"unbalanced', '-', 'AND', 'OR', 'NOT', '((((', ')))', '*', '"*"', 'NEAR(a b)', 'a:b:c', 'title:', '-"', '^x', '{x}', "'; DROP TABLE clippings; --", '\u0000', 'x'.repeat(5000), '("a" OR', 'after:', 'after:tomorrow', 'is:maybe', 'lang:', '💥', '日本語', 'e-mail', "don't", 'U.S.', 'C++', '100%'];
      for (const q of hostile) {
        try {
          await a.call('search.query', { query: q });
        } catch (err) {
          expect((err as Error).message, q).not.toMatch(/syntax|SQLITE|fts5/i);
          expect((err as { code?: string }).code, q).toBe('invalid_args');
        }
      }
      expect((await a.call('archive.stats', {})).clippings).toBe(4);
      a.close();
    });
  });

  it('caps the count: totalExact false beyond the cap', async () => {
    const a = new Archive(path.join(tempDir(), 'big.db'));
    const now = new Date().toISOString();
    const insert = a.db.prepare(`INSERT INTO clippings (title, text_z, captured_at, sort_key, content_hash, created_at, updated_at) VALUES ('Common', 'common word here', ?, ?, ?, ?, ?)`);
    a.db.transaction(() => {
      for (let i = 0; i < COUNT_CAP + 5; i++) insert.run(now, now, `h${i}`, now, now);
    })();
    const r = await a.call('search.query', { query: 'common' });
    expect(r).toMatchObject({ total: COUNT_CAP, totalExact: false });
    expect(r.hits).toHaveLength(20);
    a.close();
  });

});

describe('search.query', () => {
  it('parses its query once for hits, facets, histogram, close matches and did-you-mean', async () => {
    const w = WORLDS[0]!;
    const a = await archive(w);
    vi.mocked(parseQuery).mockClear();
    const r = await a.call('search.query', { query: `${w.article.corrected} -${w.other}`, facets: true, histogram: { bucket: 'month', stackBy: 'outlet' } });
    // Every step ran: no exact hit, a close match that passed the filters, the spelling that found it.
    expect(r.hits.map((h) => [h.id, h.fuzzy])).toEqual([[1, true]]);
    expect(r.didYouMean).toBe(w.article.misspelt);
    expect(r.facets).toBeDefined();
    expect(r.histogram).toBeDefined();
    expect(parseQuery).toHaveBeenCalledTimes(1);
    a.close();
  });
});
