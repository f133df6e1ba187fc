import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { METHOD_NAMES } from '../../electron/contract/methods.ts';
import { ApiError } from '../../electron/contract/errors.ts';
import { Archive } from '../../electron/core/archive.ts';
import { dispatch } from '../../electron/core/dispatch.ts';
import { CaptureRepo } from '../../db/captures.ts';
import { describeEachArticle, HARWICK } from '../fixtures/articles.ts';
import { ftsIntegrity, tempDir } from '../helpers.ts';
import { GrantStore } from '../../electron/core/grants.ts';

/** The repository's own capture, for the tests that need any article. */
const capture = HARWICK.text();

function open(clock?: () => Date): Archive {
  return new Archive(path.join(tempDir(), 'cuttings.db'), {}, clock);
}

function article(title: string, body: string, extra = ''): string {
  return `<!doctype html><html lang="en"><head><title>${title}</title>${extra}</head><body><article><h1>${title}</h1>${body
    .split('\n')
    .map((p) => `<p>${p}</p>`)
    .join('')}</article></body></html>`;
}

const LONG = 'The regional council met on Tuesday evening to discuss the new budget, which includes funding for schools, roads and a new library in the town centre.';

describe('Archive (the contract implementation)', () => {
  it('implements every method of the contract', async () => {
    const a = open();
    for (const m of METHOD_NAMES) await a.call(m, {} as never).catch((err: Error) => expect(err.message, m).not.toMatch(/unknown method/));
    a.close();
  });

  it('validates arguments against the contract and names the bad field', async () => {
    const a = open();
    await expect(a.call('clippings.get', { id: 'one' } as never)).rejects.toThrow(ApiError);
    await expect(a.call('clippings.get', { id: -1 })).rejects.toThrow(/clippings\.get: id: /);
    await expect(a.call('clippings.list', { limit: 5000 })).rejects.toThrow(/limit/);
    await expect(a.call('tags.add', { id: 1, tags: ['  '] })).rejects.toThrow(/a tag name cannot be empty/);
    await expect(a.call('clippings.add', { capture: { text: 'x', base64: 'eA==' } })).rejects.toThrow(/exactly one of "text" or "base64"/);
    expect(await dispatch(a, 'nope.nothing', {}, { places: new GrantStore() })).toMatchObject({ ok: false, error: { code: 'unknown_method', message: 'unknown method "nope.nothing"' } });
  });

  it('takes plain paths from trusted doors (no grants: the CLI, the menus) and grants only from untrusted ones', async () => {
    const a = open();
    const file = path.join(tempDir(), 'b.db');
    await expect(a.call('archive.backup', { file })).resolves.toMatchObject({ file });
    await expect(a.call('archive.backup', { file: { grant: `g${'c'.repeat(32)}` } })).rejects.toMatchObject({ code: 'invalid_args', message: expect.stringMatching(/give a path/) });
    const grants = new GrantStore();
    expect(await dispatch(a, 'archive.backup', { file }, { places: grants })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const g = grants.issue(path.join(tempDir(), 'c.db'), 'write', { once: true });
    expect(await dispatch(a, 'archive.backup', { file: { grant: g.grant } }, { places: grants })).toMatchObject({ ok: true });
    a.close();
  });

  it('keeps the original capture bytes with the clipping', async () => {
    const a = open();
    await a.call('clippings.add', { capture: { name: 'copy.txt', text: capture } });
    const c = await a.call('clippings.get', { id: 1 });
    expect(c.capture).toMatchObject({ mediaType: 'text/plain', byteSize: Buffer.byteLength(capture) });
    const row = a.db.prepare(`SELECT base_clipping_id AS base, length(bytes) AS size FROM captures WHERE id = ?`).get(c.capture!.id) as { base: number; size: number };
    expect(row.base).toBe(c.id); // compressed at rest, against the clipping's text…
    expect(row.size).toBeLessThan(Buffer.byteLength(capture) / 4);
    // …and given back byte for byte
    expect(new CaptureRepo(a.db).bytes(c.capture!.id)!.toString('utf8')).toBe(capture);
    a.close();
  });

  it('lists newest first (publication date, else capture time), a page at a time', async () => {
    let t = Date.parse('2026-01-01T00:00:00Z');
    const a = open(() => new Date((t += 60_000)));
    const dated = (title: string, iso: string | null) =>
      article(title, `${LONG} ${title}.\n${LONG}`, iso ? `<meta property="article:published_time" content="${iso}">` : '');
    await a.call('clippings.add', { capture: { name: '1.html', text: dated('Oldest story', '2019-05-01T10:00:00Z') } });
    await a.call('clippings.add', { capture: { name: '2.html', text: dated('Newest story', '2025-06-01T10:00:00+02:00') } });
    await a.call('clippings.add', { capture: { name: '3.html', text: dated('Undated story', null) } }); // captured 2026
    await a.call('clippings.add', { capture: { name: '4.html', text: dated('Middle story', '2021-03-04') } });
    const all = await a.call('clippings.list', {});
    expect(all.total).toBe(4);
    expect(all.items.map((c) => c.title)).toEqual(['Undated story', 'Newest story', 'Middle story', 'Oldest story']);
    expect(all.items[1]!.publishedAt).toBe('2025-06-01T10:00:00+02:00');
    const page = await a.call('clippings.list', { limit: 2, offset: 2 });
    expect(page.items.map((c) => c.title)).toEqual(['Middle story', 'Oldest story']);
    a.close();
  });

  it('updates metadata by hand, normalising dates and refusing nonsense', async () => {
    const a = open();
    await a.call('clippings.add', { capture: { name: 'copy.txt', text: capture } });
    const r = await a.call('clippings.update', { selection: { ids: [1] }, title: 'Truss: Russia must not invade', outlet: 'Evening Standard', url: 'https://www.standard.co.uk/news/truss?utm_medium=email', publishedAt: '2021-12-08T15:51:00+00:00' });
    expect(r).toMatchObject({ clippings: 1, before: [{ id: 1, outlet: 'Harwick Courier', url: null }] });
    expect(await a.call('clippings.get', { id: 1 })).toMatchObject({ title: 'Truss: Russia must not invade', outlet: 'Evening Standard', url: 'https://www.standard.co.uk/news/truss?utm_medium=email', publishedAt: '2021-12-08T15:51:00+00:00' });
    await a.call('clippings.update', { selection: { ids: [1] }, byline: '' });
    expect((await a.call('clippings.get', { id: 1 })).byline).toBeNull();
    await expect(a.call('clippings.update', { selection: { ids: [1] }, publishedAt: 'next Tuesday-ish' })).rejects.toThrow(/is not a date/);
    await expect(a.call('clippings.update', { selection: { ids: [1] }, url: 'javascript:alert(1)' })).rejects.toThrow(/not an http\(s\) URL/);
    await expect(a.call('clippings.update', { selection: { ids: [7] }, title: 'x' })).rejects.toThrow(/no clipping with id 7/);
    expect((await a.call('search.query', { query: 'invade' })).hits.map((h) => h.id)).toEqual([1]);
    expect((await a.call('search.query', { query: 'standard' })).hits.map((h) => h.id)).toEqual([1]);
    ftsIntegrity(a.db);
    a.close();
  });

  it('delete moves to the trash: out of lists and search, restorable; emptying deletes for good', async () => {
    let t = Date.parse('2026-03-01T00:00:00Z');
    const a = open(() => new Date(t));
    await a.call('clippings.add', { capture: { name: 'copy.txt', text: capture }, tags: ['Russia'] });
    await a.call('annotations.create', { id: 1, quote: HARWICK.phrase, note: 'key phrase' });
    expect(await a.call('clippings.delete', { selection: { ids: [1] } })).toEqual({ trashed: 1, ids: [1] });
    await expect(a.call('clippings.get', { id: 1 })).resolves.not.toThrow(); // still readable, marked deleted
    expect((await a.call('clippings.get', { id: 1 })).deletedAt).toBe('2026-03-01T00:00:00.000Z');
    await expect(a.call('tags.add', { id: 1, tags: ['x'] })).rejects.toThrow(/clipping 1 is in the trash \(restore it first\)/);
    expect((await a.call('clippings.list', {})).total).toBe(0);
    expect((await a.call('search.query', { query: HARWICK.searchWord })).total).toBe(0);
    expect(await a.call('tags.list', {})).toEqual([{ name: 'Russia', count: 0, color: null }]);
    expect(await a.call('trash.list', {})).toEqual([expect.objectContaining({ id: 1, deletedAt: '2026-03-01T00:00:00.000Z', purgeAfter: '2026-03-31T00:00:00.000Z', tags: ['Russia'] })]);
    // re-importing it reports the duplicate in the trash rather than storing it twice
    expect(await a.call('clippings.add', { capture: { name: 'copy.txt', text: capture } })).toMatchObject({ status: 'duplicate', id: 1, inTrash: true });
    ftsIntegrity(a.db);

    expect(await a.call('trash.restore', { selection: { ids: [1] } })).toEqual({ restored: 1, ids: [1] });
    expect(await a.call('clippings.get', { id: 1 })).toMatchObject({ id: 1, deletedAt: null, tags: ['Russia'], annotations: [expect.objectContaining({ note: 'key phrase' })] });
    expect((await a.call('search.query', { query: HARWICK.searchWord })).total).toBe(1);
    expect((await a.call('search.query', { query: 'key phrase' })).total).toBe(1);
    await expect(a.call('trash.restore', { selection: { ids: [1] } })).rejects.toThrow(/not in the trash/);

    await a.call('clippings.delete', { selection: { ids: [1] } });
    t += 10 * 86_400_000;
    expect(await a.call('trash.empty', { olderThanDays: 30 })).toEqual({ purged: 0 });
    expect(await a.call('trash.empty', {})).toEqual({ purged: 1 });
    expect(await a.call('archive.stats', {})).toMatchObject({ clippings: 0, trashed: 0, captures: 0, annotations: 0 });
    await expect(a.call('clippings.get', { id: 1 })).rejects.toThrow(/no clipping with id 1/);
    ftsIntegrity(a.db);
    a.close();
  });

  it('empties trash older than 30 days when the archive opens', async () => {
    let t = Date.parse('2026-03-01T00:00:00Z');
    const file = path.join(tempDir(), 'c.db');
    const a = new Archive(file, {}, () => new Date(t));
    await a.call('clippings.add', { capture: { name: 'copy.txt', text: capture } });
    await a.call('clippings.delete', { selection: { ids: [1] } });
    a.close();
    t += 29 * 86_400_000;
    const b = new Archive(file, {}, () => new Date(t));
    expect((await b.call('archive.stats', {})).trashed).toBe(1);
    b.close();
    t += 2 * 86_400_000;
    const c = new Archive(file, {}, () => new Date(t));
    expect(await c.call('archive.stats', {})).toMatchObject({ trashed: 0, captures: 0 });
    c.close();
  });

  it('searches with bm25 ranking, escaped snippets and capped totals', async () => {
    const a = open();
    await a.call('clippings.add', { capture: { name: 'a.html', text: article('Budget <b>row</b> deepens', `${LONG}\nThe budget row & the "library" vote.`) } });
    await a.call('clippings.add', { capture: { name: 'b.html', text: article('Library opens', `${LONG.replace('budget', 'plan')}\nA library opened; the budget was mentioned once.`) } });
    for (const topic of ['ferry timetable', 'harbour wall', 'tram depot']) {
      await a.call('clippings.add', { capture: { name: `${topic}.html`, text: article(`New ${topic}`, `Residents welcomed the new ${topic} on Friday, officials said, after years of delays and complaints.\nWork on the ${topic} finished early.`) } });
    }
    const r = await a.call('search.query', { query: 'budget' });
    expect(r.total).toBe(2);
    expect(r.hits[0]!.title).toBe('Budget <b>row</b> deepens'); // the title match ranks first
    expect(r.hits[0]!.score).toBeGreaterThan(r.hits[1]!.score);
    for (const h of r.hits) {
      expect(h.snippet).toContain('<mark>');
      expect(h.snippet.replace(/<\/?mark>/g, '')).not.toMatch(/[<>]/); // everything else escaped
    }
    expect((await a.call('search.query', { query: 'row &' })).hits[0]!.snippet).toMatch(/&amp;|<mark>row<\/mark>/);
    expect(await a.call('search.query', { query: '   ' })).toMatchObject({ total: 0, totalExact: true, hits: [] });
    a.close();
  });

  it('tags are trimmed and unique regardless of case', async () => {
    const a = open();
    await a.call('clippings.add', { capture: { name: 'copy.txt', text: capture } });
    expect((await a.call('tags.add', { id: 1, tags: ['  Foreign   Policy ', 'foreign policy', 'Ukraine'] })).tags).toEqual(['Foreign Policy', 'Ukraine']);
    expect((await a.call('tags.remove', { id: 1, tags: ['FOREIGN POLICY', 'never-there'] })).tags).toEqual(['Ukraine']);
    expect(await a.call('tags.list', {})).toEqual([
      { name: 'Foreign Policy', count: 0, color: null },
      { name: 'Ukraine', count: 1, color: null },
    ]);
    ftsIntegrity(a.db);
    a.close();
  });
});

describe('Archive: importing a folder', () => {
  it('a file with the same bytes as the one before it in one import is a duplicate, not stored twice', async () => {
    // The next file's extraction starts before the one before it is stored: its
    // "same bytes stored already" look happens too early to see it.
    const a = open();
    const dir = tempDir();
    const { copyFileSync, writeFileSync } = await import('node:fs');
    writeFileSync(path.join(dir, 'b.txt'), 'Harbour note\n\nThe harbour board met on Monday and agreed the dredging plan; the vote was 8 to 2.');
    copyFileSync(path.join(dir, 'b.txt'), path.join(dir, 'c.txt'));
    const r = await a.call('clippings.import', { paths: [dir] });
    expect(r.results.map((x) => [path.basename(x.file), x.status])).toEqual([['b.txt', 'added'], ['c.txt', 'duplicate']]);
    expect(r.results[1]).toMatchObject({ duplicateOf: r.results[0]!.id });
    expect((await a.call('clippings.list', {})).total).toBe(1);
    a.close();
  });
});

describe('Archive: adding an article capture', () => {
  it('stores pages whose only text is the same cookie banner apart, flagged uncertain; the same page again is still a duplicate', async () => {
    const a = open();
    const banner = '<div class="cookies"><p>We use cookies to give you the best experience on our website. By continuing to browse you agree to our use of cookies.</p><button>Accept all cookies</button></div>';
    const page = (title: string, url: string) =>
      `<!doctype html><html lang="en"><head><title>${title}</title><link rel="canonical" href="${url}"></head><body>${banner}<div id="app"></div></body></html>`;
    const add = (name: string, html: string) => a.call('clippings.add', { capture: { name, text: html } });
    const one = await add('one.html', page('A scarf for every season', 'https://knitting.example/2022/01/15/scarf/'));
    const two = await add('two.html', page('Crossing the Pyrenees on foot', 'https://mountains.example/2021/08/02/pyrenees/'));
    expect(one).toMatchObject({ status: 'added', id: 1 });
    expect(two).toMatchObject({ status: 'added', id: 2 });
    expect((await a.call('clippings.get', { id: 1 })).extractionUncertain).toBe(true);
    expect((await a.call('clippings.get', { id: 2 })).extractionUncertain).toBe(true);
    // the same page saved again (other bytes, same address) is the same clipping
    const again = await add('again.html', page('A scarf for every season', 'https://knitting.example/2022/01/15/scarf/').replace('<div id="app">', '<div id="app" class="x">'));
    expect(again).toMatchObject({ status: 'duplicate', duplicateOf: 1 });
    a.close();
  });

  describeEachArticle((source) => {
    it('adds captures given as content (text or base64) and reports duplicates', async () => {
      const a = open();
      const r = await a.call('clippings.add', { capture: { name: 'copy.txt', text: source.text() } });
      const expected = source.expected();
      expect(r).toMatchObject({ status: 'added', id: 1, byline: expected.byline, publishedAt: expected.published.publishedAt });
      const html = article('Library plans approved', `${LONG}\n${LONG.replace('library', 'museum')}`, '<link rel="canonical" href="https://news.example/library?utm_source=x">');
      const b = await a.call('clippings.add', { capture: { name: 'page.html', base64: Buffer.from(html).toString('base64') } });
      expect(b).toMatchObject({ status: 'added', id: 2, title: 'Library plans approved' });
      // same article at a URL that differs only by tracking parameters and a trailing slash
      const again = html.replace('library?utm_source=x', 'library/?fbclid=abc').replace('<h1>', '<h1 class="x">');
      expect(await a.call('clippings.add', { capture: { name: 'again.html', text: again } })).toMatchObject({ status: 'duplicate', id: 2, duplicateOf: 2 });
      const bad = await a.call('clippings.add', { capture: { name: 'junk.bin', base64: Buffer.from([0, 1, 2, 3, 0, 0, 0, 9, 8, 0]).toString('base64') } });
      expect(bad).toMatchObject({ status: 'error', id: null, error: 'junk.bin: looks like binary data, not a web page or a text capture' });
      expect(await a.call('archive.stats', {})).toMatchObject({ clippings: 2, captures: 2 });
      a.close();
    });
  });
});
