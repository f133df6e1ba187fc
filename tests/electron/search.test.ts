import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { Archive } from '../../electron/core/archive.ts';
import { parseQuery } from '../../db/query/parser.ts';
import { COUNT_CAP } from '../../db/search.ts';
import { REFERENCE_CAPTURE, REFERENCE_EXPECTED, tempDir } from '../helpers.ts';

// parseQuery, counted (it still parses): search.query must parse its query once.
vi.mock(import('../../db/query/parser.ts'), async (importOriginal) => {
  const mod = await importOriginal();
  return { ...mod, parseQuery: vi.fn(mod.parseQuery) };
});

const reference = readFileSync(REFERENCE_CAPTURE, 'utf8');
const expected = JSON.parse(readFileSync(REFERENCE_EXPECTED, 'utf8'));

const page = (title: string, body: string, meta = '') =>
  `<html><head><title>${title}</title>${meta}</head><body><article><h1>${title}</h1>${body
    .split('\n')
    .map((p) => `<p>${p}</p>`)
    .join('')}</article></body></html>`;

async function archive(): Promise<Archive> {
  const a = new Archive(path.join(tempDir(), 'c.db'), {}, () => new Date('2026-11-26T12:00:00Z'));
  await a.call('clippings.add', { capture: { name: 'truss.txt', text: reference } });
  const more: [string, string, string][] = [
    ['Kyïv braces for winter', 'Officials in Kyïv said the city was preparing for power cuts as temperatures fell across Ukraine this week.\nThe mayor urged residents to stock up on water and blankets before the first frost.', '2022-10-20T09:00:00+03:00'],
    ['Estonia hosts Nato ministers', 'Foreign ministers met in Tallinn to discuss sovereignty and defence along the eastern flank of the alliance.\nEstonia called for more troops to be based in the region permanently.', '2021-11-30'],
    ['Budget approved by council', 'The council approved its budget for the coming year after a long debate on Tuesday evening about library funding.\nRoads and schools will receive more money than last year, officials confirmed.', '2023-02-14'],
  ];
  for (const [title, body, date] of more) {
    await a.call('clippings.add', { capture: { name: `${title}.html`, text: page(title, body, `<meta property="article:published_time" content="${date}"><meta property="og:site_name" content="The Herald">`) } });
  }
  return a;
}

const ids = async (a: Archive, query: string, extra: object = {}) => (await a.call('search.query', { query, ...extra })).hits.map((h) => h.id);

describe('search engine', () => {
  it('meets every search expectation of the reference clipping', async () => {
    const a = await archive();
    for (const e of expected.searchExpectations as { query: string; finds: boolean }[]) {
      expect((await ids(a, e.query)).includes(1), e.query).toBe(e.finds);
    }
    a.close();
  });

  it('speaks the query language: AND, OR, phrases, exclusions, prefixes, groups, filters', async () => {
    const a = await archive();
    expect(await ids(a, 'sovereignty')).toEqual(expect.arrayContaining([1, 3]));
    expect(await ids(a, 'sovereignty -Estonia')).toEqual([]);
    expect((await ids(a, 'sovereignty -Estonia')).length).toBe(0);
    expect(await ids(a, 'sovereignty -"Vladimir Putin"')).toEqual([3]);
    expect((await ids(a, 'Kyiv OR budget')).sort()).toEqual([2, 4]);
    expect(await ids(a, '(Kyiv OR budget) library')).toEqual([4]);
    expect(await ids(a, 'title:estonia')).toEqual([3]);
    expect(await ids(a, 'outlet:herald library')).toEqual([4]);
    expect(await ids(a, 'author:"press association"')).toEqual([1]);
    expect(await ids(a, 'on:2021-12')).toEqual([1]);
    expect((await ids(a, 'before:2022')).sort()).toEqual([1, 3]);
    expect(await ids(a, 'after:2021 -budget')).toEqual([2]); // after a period = from the next one on
    expect(await ids(a, 'Kyiv')).toEqual([2]); // diacritics folded
    expect(await ids(a, 'KYÏV')).toEqual([2]);
    await expect(a.call('search.query', { query: 'colour:red' })).rejects.toThrow(/Unknown filter "colour:"\. Valid filters are title:/);
    a.close();
  });

  it('filters on organising fields: tags, stars, read state, type, tone, notes, annotations', async () => {
    const a = await archive();
    await a.call('tags.add', { id: 2, tags: ['Foreign policy'] });
    await a.call('clippings.setFlags', { ids: [3], starred: true, read: true });
    await a.call('clippings.update', { id: 4, mediaType: 'print', tone: 'positive' });
    await a.call('clippings.setNote', { id: 1, note: 'for the minister' });
    await a.call('annotations.create', { id: 3, quote: 'eastern flank' });
    expect(await ids(a, 'tag:"foreign policy"')).toEqual([2]);
    expect((await ids(a, '-tag:"foreign policy"')).sort()).toEqual([1, 3, 4]);
    expect(await ids(a, 'is:starred')).toEqual([3]);
    expect((await ids(a, 'is:unread')).sort()).toEqual([1, 2, 4]);
    expect(await ids(a, 'type:print')).toEqual([4]);
    expect(await ids(a, 'tone:positive council')).toEqual([4]);
    expect(await ids(a, 'has:note')).toEqual([1]);
    expect(await ids(a, 'has:annotation')).toEqual([3]);
    expect(await ids(a, 'minister')).toEqual(expect.arrayContaining([1, 3]));
    a.close();
  });

  it('gives match offsets into the text, snippets with <mark>, and the filter-only excerpt', async () => {
    const a = await archive();
    const r = await a.call('search.query', { query: 'strategic' });
    const hit = r.hits[0]!;
    const text = (await a.call('clippings.get', { id: 1 })).text;
    expect(hit.matches.length).toBeGreaterThanOrEqual(3);
    for (const [s, e] of hit.matches) expect(text.slice(s, e).toLowerCase()).toBe('strategic');
    expect(hit.snippet).toMatch(/<mark>strategic<\/mark>/i);
    const stem = (await a.call('search.query', { query: 'quints' })).hits[0]!;
    expect(stem.matches.map(([s, e]) => text.slice(s, e))).toEqual(['Quint']);
    const prefix = (await a.call('search.query', { query: 'Ushak*' })).hits[0]!;
    expect(prefix.matches.map(([s, e]) => text.slice(s, e))).toEqual(['Ushakov']);
    const filterOnly = (await a.call('search.query', { query: 'author:"press association"' })).hits[0]!;
    expect(filterOnly.snippet.length).toBeGreaterThan(0);
    a.close();
  });

  it('sorts by relevance, newest or oldest, and pages', async () => {
    const a = await archive();
    const q = 'ministers OR council OR Kyiv OR Truss';
    expect(await ids(a, q, { sort: 'newest' })).toEqual([4, 2, 1, 3]);
    expect(await ids(a, q, { sort: 'oldest' })).toEqual([3, 1, 2, 4]);
    expect(await ids(a, q, { sort: 'oldest', limit: 2, offset: 2 })).toEqual([2, 4]);
    const rel = await a.call('search.query', { query: 'Estonia' });
    expect(rel.hits[0]!.id).toBe(3); // in the title
    expect(rel.hits[0]!.score).toBeGreaterThan(rel.hits[1]!.score);
    a.close();
  });

  it('returns facets by tag, outlet and year for the whole query', async () => {
    const a = await archive();
    await a.call('tags.apply', { selection: { ids: [2, 3] }, add: ['Ukraine'] });
    const r = await a.call('search.query', { query: 'Kyiv OR Tallinn OR library', facets: true, limit: 1 });
    expect(r.hits).toHaveLength(1);
    expect(r.total).toBe(3);
    expect(r.facets).toEqual({
      tags: [{ name: 'Ukraine', count: 2 }],
      outlets: [{ name: 'The Herald', count: 3 }],
      years: [{ year: '2023', count: 1 }, { year: '2022', count: 1 }, { year: '2021', count: 1 }],
    });
    a.close();
  });

  it('counts clippings over time per month or week, stacked by outlet or tag', async () => {
    const a = await archive();
    await a.call('tags.add', { id: 2, tags: ['Ukraine'] });
    const byMonth = await a.call('search.histogram', { query: '', bucket: 'month', stackBy: 'outlet' });
    expect(byMonth.buckets).toEqual([
      { start: '2021-11-01', counts: { 'The Herald': 1 } },
      { start: '2021-12-01', counts: { 'Unknown outlet': 1 } },
      { start: '2022-10-01', counts: { 'The Herald': 1 } },
      { start: '2023-02-01', counts: { 'The Herald': 1 } },
    ]);
    const weeks = await a.call('search.histogram', { query: 'Kyiv OR Truss', bucket: 'week', stackBy: 'tag' });
    expect(weeks.buckets).toEqual([
      { start: '2021-12-06', counts: { Untagged: 1 } }, // Wednesday 8 December 2021 -> Monday 6th
      { start: '2022-10-17', counts: { Ukraine: 1 } },
    ]);
    expect(await a.call('outlets.list', {})).toEqual([{ name: 'The Herald', count: 3 }]);
    expect((await a.call('clippings.list', { sort: 'oldest' })).items.map((c) => c.id)).toEqual([3, 1, 2, 4]);
    const hit = (await a.call('search.query', { query: 'Kyiv' })).hits[0]!;
    expect(hit).toMatchObject({ starred: false, read: false });
    a.close();
  });

  it('saves searches and lists them with their current counts', async () => {
    const a = await archive();
    expect(await a.call('search.save', { name: 'Ukraine watch', query: 'Kyiv OR Ukraine' })).toMatchObject({ name: 'Ukraine watch', count: 2, countExact: true });
    await a.call('search.save', { name: 'Budget', query: 'budget' });
    await a.call('clippings.delete', { id: 2 });
    expect((await a.call('search.saved', {})).map((s) => [s.name, s.count])).toEqual([['Budget', 1], ['Ukraine watch', 1]]);
    await expect(a.call('search.save', { name: 'bad', query: 'zzz:1' })).rejects.toThrow(/Unknown filter/);
    expect(await a.call('search.deleteSaved', { name: 'budget' })).toEqual({ name: 'Budget', deleted: true });
    await expect(a.call('search.deleteSaved', { name: 'budget' })).rejects.toThrow(/no saved search/);
    a.close();
  });

  it('caps the count: totalExact false beyond the cap', async () => {
    const a = new Archive(path.join(tempDir(), 'big.db'));
    const now = new Date().toISOString();
    const insert = a.db.prepare(`INSERT INTO clippings (title, text, captured_at, sort_key, content_hash, created_at, updated_at) VALUES ('Common', 'common word here', ?, ?, ?, ?, ?)`);
    a.db.transaction(() => {
      for (let i = 0; i < COUNT_CAP + 5; i++) insert.run(now, now, `h${i}`, now, now);
    })();
    const r = await a.call('search.query', { query: 'common' });
    expect(r).toMatchObject({ total: COUNT_CAP, totalExact: false });
    expect(r.hits).toHaveLength(20);
    a.close();
  });

  it('never lets a hostile query reach SQLite as a syntax error', async () => {
    const a = await archive();
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

describe('search.query', () => {
  it('parses its query once for hits, facets, histogram, close matches and did-you-mean', async () => {
    const a = await archive();
    vi.mocked(parseQuery).mockClear();
    const r = await a.call('search.query', { query: 'Dmytro Kuleba -budget', facets: true, histogram: { bucket: 'month', stackBy: 'outlet' } });
    // Every step ran: no exact hit, a close match that passed the filters, the spelling that found it.
    expect(r.hits.map((h) => [h.id, h.fuzzy])).toEqual([[1, true]]);
    expect(r.didYouMean).toBe('Dymtro Kuleba');
    expect(r.facets).toBeDefined();
    expect(r.histogram).toBeDefined();
    expect(parseQuery).toHaveBeenCalledTimes(1);
    a.close();
  });
});
