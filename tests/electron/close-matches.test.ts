/**
 * Close matches (the query with its words corrected from instant search's vocabulary,
 * added to `search.query` when the exact hits are few) obey the whole query: every
 * filter, field term and exclusion (issue 13). The oracle: a close match found for a
 * misspelt word with filters F must be an exact hit of the corrected word with the same
 * F — and, as they are found by that very query, they are its hits in its order.
 */
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { ClippingRepo } from '../../db/clippings.ts';
import { MAX_COMBOS } from '../../db/instant/corrections.ts';
import { SearchRepo } from '../../db/search.ts';
import { Archive } from '../../electron/core/archive.ts';
import { tempDir } from '../helpers.ts';

const page = (title: string, body: string, date: string, author: string) =>
  `<html><head><title>${title}</title><meta name="author" content="${author}"><meta property="article:published_time" content="${date}"></head>` +
  `<body><article><h1>${title}</h1>${body.split('\n').map((p) => `<p>${p}</p>`).join('')}</article></body></html>`;

/** Eight clippings that all spell the minister "Halvorson"; each differs in its metadata. */
const CLIPPINGS = [
  { title: 'Harbour talks resume', author: 'Ann Smith', date: '2019-03-04T10:00:00Z', url: 'https://courier.example/a', tags: ['eu'], body: 'Minister Halvorson spoke about the harbour.\nThe ceasefire held.' },
  { title: 'Budget agreed', author: 'Bo Jones', date: '2021-05-10T10:00:00Z', url: 'https://herald.example/b', tags: ['un'], body: 'Halvorson agreed the budget on Monday.\nPeace talks were not mentioned.' },
  { title: 'Fishing quotas cut', author: 'Ann Smith', date: '2022-01-20T10:00:00Z', url: 'https://herald.example/c', tags: [], body: 'Quotas were cut, Halvorson said.\nFishermen protested.' },
  { title: 'Port strike ends', author: 'Cy Lee', date: '2018-07-07T10:00:00Z', url: 'https://courier.example/d', tags: ['eu', 'un'], body: 'The strike ended after Halvorson intervened.\nPeace talks began.' },
  { title: 'Ferry fares rise', author: 'Bo Jones', date: '2020-11-11T10:00:00Z', url: 'https://gazette.example/e', tags: [], body: 'Fares rose, Minister Halvorson confirmed.\nCommuters complained.' },
  { title: 'Harbour wall repaired', author: 'Cy Lee', date: '2023-02-02T10:00:00Z', url: 'https://gazette.example/f', tags: ['eu'], body: 'Halvorson opened the repaired harbour wall.\nThe ceasefire was praised.' },
  { title: 'New coastguard boats', author: 'Ann Smith', date: '2016-09-09T10:00:00Z', url: 'https://courier.example/g', tags: ['un'], body: 'Halvorson ordered new boats.\nThe coastguard welcomed them.' },
  { title: 'Talks on fishing rights', author: 'Dee Park', date: '2021-08-15T10:00:00Z', url: 'https://herald.example/h', tags: [], body: 'Fishing rights talks, led by Halvorson, stalled.\nBoth sides left.' },
];

const FILTERS = [
  '',
  'tag:eu',
  '-tag:eu',
  '(tag:eu OR tag:un)',
  'outlet:courier',
  'author:Smith',
  '-author:Smith',
  'title:talks',
  '-title:harbour',
  'body:ceasefire',
  'lang:fr',
  'after:2020',
  'before:2020',
  'on:2021-05',
  'is:starred',
  '-is:starred',
  'is:unread',
  'type:print',
  'tone:negative',
  'has:note',
  'has:annotation',
  'url:herald',
  '-ceasefire',
  '-"peace talks"',
  'fishing',
  'fishing OR ceasefire',
  'tag:eu after:2019 -ceasefire',
];

async function archive(): Promise<Archive> {
  const a = new Archive(path.join(tempDir(), 'c.db'));
  for (const c of CLIPPINGS) {
    const r = await a.call('clippings.add', { capture: { name: 'p.html', text: page(c.title, c.body, c.date, c.author), sourceUrl: c.url }, tags: c.tags });
    expect(r.status).toBe('added');
  }
  return a;
}

describe('close matches respect the whole query', () => {
  it('never returns a clipping that fails a filter, field term or exclusion', async () => {
    const a = await archive();
    // Metadata the filters look at, set directly so the test does not depend on edit paths.
    a.db.exec(`UPDATE clippings SET starred = 1, tone = 'negative', media_type = 'print', lang = 'fr', outlet = 'Daily Courier' WHERE id IN (1, 4, 7);
               UPDATE clippings SET is_read = 1, note = 'follow up' WHERE id IN (2, 5);`);
    await a.call('annotations.create', { id: 3, quote: 'Fishermen protested' });
    let fuzzyHits = 0;
    for (const f of FILTERS) {
      const close = await a.call('search.query', { query: `Halvorsen ${f}`.trim(), limit: 50 });
      const exact = await a.call('search.query', { query: `Halvorson ${f}`.trim(), limit: 50 });
      const allowed = new Set(exact.hits.map((h) => h.id));
      const found = close.hits.filter((h) => h.fuzzy).map((h) => h.id);
      fuzzyHits += found.length;
      expect(found.filter((id) => !allowed.has(id)), `"Halvorsen ${f}" gave close matches outside "Halvorson ${f}"`).toEqual([]);
      expect(close.total, `"Halvorsen ${f}"`).toBe(close.hits.length);
    }
    // Not vacuous: close matches were found, under many of the filters.
    expect((await a.call('search.query', { query: 'Halvorsen', limit: 50 })).hits.filter((h) => h.fuzzy).length).toBeGreaterThanOrEqual(3);
    expect(fuzzyHits).toBeGreaterThan(20);
    a.close();
  });

  it('are the hits of the corrected query, in its order, under every sort', async () => {
    const a = await archive();
    for (const f of ['', '-tag:eu', 'outlet:courier', '-ceasefire', 'title:talks', '(tag:eu OR tag:un) after:2017']) {
      for (const sort of ['relevance', 'newest', 'oldest'] as const) {
        const close = await a.call('search.query', { query: `Halvorsen ${f}`.trim(), sort, limit: 50 });
        const exact = await a.call('search.query', { query: `Halvorson ${f}`.trim(), sort, limit: 50 });
        const label = `"Halvorsen ${f}" sort ${sort}`;
        expect(close.hits.length, label).toBeGreaterThan(0);
        expect(close.hits.map((h) => [h.id, h.fuzzy]), label).toEqual(exact.hits.map((h) => [h.id, true]));
        expect(close.hits.map((h) => h.snippet), label).toEqual(exact.hits.map((h) => h.snippet));
        expect(close.didYouMean, label).toBe('Halvorson');
      }
    }
    a.close();
  });

  it('bounds the work: at most MAX_COMBOS corrected queries of at most `limit`, no clipping read; none when the filters exclude everything', async () => {
    const a = await archive();
    const query = vi.spyOn(SearchRepo.prototype, 'query');
    const read = vi.spyOn(ClippingRepo.prototype, 'get');
    try {
      for (const [text, limit] of [['Halvorsen', 3], ['Halvorsen tag:eu', 2], ['Halvorsen fishing -ceasefire', 5], ['Halvorsen Halvorsen Halvorsen', 1]] as const) {
        query.mockClear();
        read.mockClear();
        const r = await a.call('search.query', { query: text, limit });
        expect(r.hits.length).toBeLessThanOrEqual(limit);
        expect(r.hits.some((h) => h.fuzzy), text).toBe(true);
        // The exact query, then corrected ones.
        expect(query.mock.calls.length, text).toBeGreaterThan(1);
        expect(query.mock.calls.length, text).toBeLessThanOrEqual(1 + MAX_COMBOS);
        for (const [, opts] of query.mock.calls) expect(opts.limit, text).toBeLessThanOrEqual(limit);
        expect(read, text).not.toHaveBeenCalled();
      }
      // No clipping passes the filters: no close match can, and none is sought.
      for (const text of ['Halvorsen tag:nosuchtag', 'Halvorsen on:1999-01-01', 'Halvorsen author:Nobody', 'Halvorsen -is:starred is:starred']) {
        query.mockClear();
        const r = await a.call('search.query', { query: text });
        expect(r.hits, text).toEqual([]);
        expect(query, text).toHaveBeenCalledTimes(1);
      }
    } finally {
      vi.restoreAllMocks();
      a.close();
    }
  });
});
