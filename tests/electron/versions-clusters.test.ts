import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Archive } from '../../electron/core/archive.ts';
import { tempDir } from '../helpers.ts';

/** A wire story as outlets run it: their own chrome, headline and small edits. */
const WIRE = [
  'Firefighters brought a large blaze at a recycling plant in the north of the city under control early on Sunday, the fire service said.',
  'More than 60 firefighters and 12 engines were sent to the site after the alarm was raised shortly before midnight.',
  'Residents living nearby were told to keep their windows and doors closed because of the heavy smoke drifting across the area.',
  'No one was injured, according to a spokesman, who added that crews would remain at the scene throughout the day to damp down hotspots.',
  'The cause of the fire is not yet known and an investigation will begin once the site is safe, the spokesman said.',
  'The plant, which processes household waste from across the region, was last hit by a fire in 2019.',
];

function page(outlet: string, headline: string, paras: string[], url: string, extra = ''): string {
  return `<html><head><title>${headline} | ${outlet}</title><meta property="og:site_name" content="${outlet}"><link rel="canonical" href="${url}"></head>
<body><nav><a href="/">Home</a><a href="/news">News</a></nav><article><h1>${headline}</h1><p>By Press Association</p>${paras.map((p) => `<p>${p}</p>`).join('')}${extra}</article>
<footer>© ${outlet}</footer></body></html>`;
}

async function open(): Promise<Archive> {
  return new Archive(path.join(tempDir(), 'c.db'));
}

describe('story clusters (wire copy)', () => {
  it('groups the same agency story run by several outlets, with small edits; leaves other stories alone', async () => {
    const a = await open();
    const add = async (name: string, html: string) => (await a.call('clippings.add', { capture: { name, text: html } })).id!;
    const one = await add('a.html', page('Evening Gazette', 'Blaze at recycling plant brought under control', WIRE, 'https://gazette.example/news/blaze'));
    const edited = WIRE.map((p) => p.replace('More than 60', 'Over 60').replace('spokesman', 'spokeswoman'));
    const two = await add('b.html', page('Daily Courier', 'Huge fire at recycling site', edited, 'https://courier.example/2021/fire-recycling'));
    const trimmed = WIRE.slice(0, 5); // the last paragraph cut for space
    const three = await add('c.html', page('Morning Star Herald', 'Recycling plant fire: residents told to keep windows shut', trimmed, 'https://herald.example/local/fire'));
    const other = await add('d.html', page('Evening Gazette', 'Council approves new cycle lanes', [
      'The council voted on Tuesday to approve a network of protected cycle lanes across the city centre after months of consultation.',
      'Businesses on the main shopping street had asked for delivery bays to be kept, and the final plan includes six of them.',
      'Work is expected to start in the spring and to take about a year, the council said in a statement.',
    ], 'https://gazette.example/news/cycle-lanes'));

    const c1 = await a.call('clippings.get', { id: one });
    expect(c1.cluster).toEqual({ id: one, members: [one, two, three] });
    expect((await a.call('clippings.get', { id: three })).cluster).toEqual({ id: one, members: [one, two, three] });
    expect((await a.call('clippings.get', { id: other })).cluster).toBeNull();

    const all = await a.call('search.query', { query: 'fire OR blaze OR cycle', collapse: true });
    expect(all.total).toBe(2);
    const hit = all.hits.find((h) => [one, two, three].includes(h.id))!;
    expect(hit.clusterSize).toBe(3);
    expect(all.hits.find((h) => h.id === other)!.clusterSize).toBe(1);
    expect((await a.call('search.query', { query: 'fire OR blaze OR cycle' })).total).toBe(4);

    await a.call('clippings.delete', { selection: { ids: [two] } });
    expect((await a.call('clippings.get', { id: one })).cluster!.members).toEqual([one, three]);
    a.close();
  });
});

describe('versions (an updated article at the same URL)', () => {
  it('becomes a new version of the same clipping, keeping tags, notes and highlights; the same text again is a duplicate', async () => {
    const a = await open();
    const url = 'https://gazette.example/news/blaze';
    const first = await a.call('clippings.add', { capture: { name: 'v1.html', text: page('Evening Gazette', 'Blaze at recycling plant', WIRE.slice(0, 3), url) } });
    expect(first.status).toBe('added');
    await a.call('tags.add', { id: first.id!, tags: ['Fire'] });
    await a.call('clippings.setNote', { id: first.id!, note: 'follow up' });
    const ann = await a.call('annotations.create', { id: first.id!, quote: 'keep their windows and doors closed', note: 'advice' });

    const updated = page('Evening Gazette', 'Blaze at recycling plant brought under control', WIRE, `${url}?utm_source=twitter`);
    const second = await a.call('clippings.add', { capture: { name: 'v2.html', text: updated } });
    expect(second).toMatchObject({ status: 'updated', id: first.id, title: 'Blaze at recycling plant brought under control' });
    const c = await a.call('clippings.get', { id: first.id! });
    expect(c.paragraphs).toHaveLength(WIRE.length);
    expect(c.tags).toEqual(['Fire']);
    expect(c.note).toBe('follow up');
    expect(c.versionCount).toBe(2);
    const kept = c.annotations.find((x) => x.id === ann.id)!;
    expect(c.text.slice(kept.start!, kept.end!)).toBe('keep their windows and doors closed');

    const versions = await a.call('clippings.versions', { id: first.id! });
    expect(versions.map((v) => [v.version, v.title, v.current])).toEqual([
      [1, 'Blaze at recycling plant', false],
      [2, 'Blaze at recycling plant brought under control', true],
    ]);
    // each version's own title and text, to compare them (clippings.versionText)
    const v1 = await a.call('clippings.versionText', { id: first.id!, version: 1 });
    expect(v1).toMatchObject({ version: 1, title: 'Blaze at recycling plant' });
    expect(v1.text.split('\n\n')).toHaveLength(3);
    expect(await a.call('clippings.versionText', { id: first.id!, version: 2 })).toEqual({ version: 2, title: 'Blaze at recycling plant brought under control', text: c.text });
    await expect(a.call('clippings.versionText', { id: first.id!, version: 3 })).rejects.toMatchObject({ code: 'not_found' });
    // either version's text again is a duplicate, never a third version or a second clipping
    expect((await a.call('clippings.add', { capture: { name: 'v1-again.html', text: page('Evening Gazette', 'Blaze at recycling plant', WIRE.slice(0, 3), url).replace('<nav>', '<nav class="x">') } })).status).toBe('duplicate');
    expect((await a.call('archive.stats', {})).clippings).toBe(1);
    a.close();
  });
});

describe('the library JSON keeps versions, clusters and images', () => {
  it('round-trips them into an empty archive', async () => {
    const dir = tempDir();
    const a = new Archive(path.join(dir, 'a.db'));
    const url = 'https://gazette.example/news/blaze';
    await a.call('clippings.add', { capture: { name: 'v1.html', text: page('Evening Gazette', 'Blaze at recycling plant', WIRE.slice(0, 3), url) } });
    await a.call('clippings.add', { capture: { name: 'v2.html', text: page('Evening Gazette', 'Blaze brought under control', WIRE, url) } });
    await a.call('clippings.add', { capture: { name: 'c.html', text: page('Daily Courier', 'Huge fire at recycling site', WIRE.map((p) => p.replace('More than 60', 'Over 60')), 'https://courier.example/fire') } });
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
    const b = 'B42';
    const mhtml = `From: <Saved by Blink>\r\nSnapshot-Content-Location: https://herald.example/x\r\nMIME-Version: 1.0\r\nContent-Type: multipart/related; type="text/html"; boundary="${b}"\r\n\r\n--${b}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Location: https://herald.example/x\r\n\r\n${page('Herald', 'Council approves new cycle lanes', ['The council voted on Tuesday to approve a network of protected cycle lanes across the city centre after months of consultation.', 'Work will start in spring.'], 'https://herald.example/x', '<figure><img src="https://herald.example/i.png" alt="A lane"><figcaption>A lane (Photo: Jo Bloggs)</figcaption></figure>')}\r\n--${b}\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\nContent-Location: https://herald.example/i.png\r\n\r\n${png.toString('base64')}\r\n--${b}--\r\n`;
    expect(await a.call('clippings.add', { capture: { name: 'x.mhtml', text: mhtml } })).toMatchObject({ status: 'added', id: 3 });
    const file = path.join(dir, 'library.json');
    await a.call('export.write', { selection: { all: true }, format: 'json', out: file });
    const fresh = new Archive(path.join(dir, 'b.db'));
    await fresh.call('archive.importLibrary', { file });
    for (const id of [1, 2, 3]) {
      const [x, y] = [await a.call('clippings.get', { id }), await fresh.call('clippings.get', { id })];
      expect(y).toEqual(x);
    }
    expect(await fresh.call('clippings.versions', { id: 1 })).toEqual(await a.call('clippings.versions', { id: 1 }));
    expect((await fresh.call('clippings.get', { id: 1 })).cluster).toEqual({ id: 1, members: [1, 2] });
    const src = (await fresh.call('clippings.get', { id: 3 })).figures[0]!.src!;
    expect(Buffer.from((await fresh.call('images.get', { sha256: src.slice('cuttings-image:'.length) })).base64, 'base64').equals(png)).toBe(true);
    // a new wire copy still finds its cluster in the imported archive (the MinHash index was rebuilt)
    await fresh.call('clippings.add', { capture: { name: 'd.html', text: page('Star', 'Fire at plant', WIRE.slice(0, 5), 'https://star.example/fire') } });
    expect((await fresh.call('clippings.get', { id: 4 })).cluster!.members).toEqual([1, 2, 4]);
    a.close();
    fresh.close();
  });
});
