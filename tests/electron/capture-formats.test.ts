import { createServer } from 'node:http';
import { mkdirSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Archive } from '../../electron/core/archive.ts';
import { buildPdf } from '../capture/pdf-fixtures.ts';
import { tempDir } from '../helpers.ts';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
const PARAS = [
  'The harbour authority confirmed on Monday that the new sea wall will be finished before the winter storms arrive.',
  'Engineers said the work had been delayed by supply problems but that the budget had not been exceeded.',
];
const ARTICLE = (img: string) =>
  `<html><head><title>Sea wall nearly finished</title></head><body><article><h1>Sea wall nearly finished</h1><p>${PARAS[0]}</p><figure><img src="${img}" alt="The wall"><figcaption>The new wall (Photo: Jane Roe)</figcaption></figure><p>${PARAS[1]}</p></article></body></html>`;

async function open(): Promise<{ a: Archive; dir: string }> {
  const dir = tempDir();
  return { a: new Archive(path.join(dir, 'c.db')), dir };
}

describe('importing every capture format', () => {
  it('a saved page keeps its _files images, stored and referenced as cuttings-image:', async () => {
    const { a, dir } = await open();
    mkdirSync(path.join(dir, 'wall_files'));
    writeFileSync(path.join(dir, 'wall_files', 'wall.png'), PNG);
    writeFileSync(path.join(dir, 'wall.html'), ARTICLE('./wall_files/wall.png'));
    const r = await a.call('clippings.import', { paths: [path.join(dir, 'wall.html')] });
    expect(r.results[0]).toMatchObject({ status: 'added', title: 'Sea wall nearly finished' });
    const c = await a.call('clippings.get', { id: 1 });
    expect(c.paragraphs).toEqual(PARAS);
    const src = c.figures[0]!.src!;
    expect(src).toMatch(/^cuttings-image:[0-9a-f]{64}$/);
    expect(c.html).toContain(src);
    const img = await a.call('images.get', { sha256: src.slice('cuttings-image:'.length) });
    expect(Buffer.from(img.base64, 'base64').equals(PNG)).toBe(true);
    expect(img.mediaType).toBe('image/png');
    a.close();
  });

  it('MHTML, e-mail, Markdown and PDF captures become clean clippings', async () => {
    const { a, dir } = await open();
    const b = 'BOUNDARY42';
    const page = ARTICLE('https://news.example/wall.png');
    writeFileSync(
      path.join(dir, 'wall.mhtml'),
      `From: <Saved by Blink>\r\nSnapshot-Content-Location: https://news.example/wall\r\nMIME-Version: 1.0\r\nContent-Type: multipart/related; type="text/html"; boundary="${b}"\r\n\r\n--${b}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Location: https://news.example/wall\r\n\r\n${page}\r\n--${b}\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\nContent-Location: https://news.example/wall.png\r\n\r\n${PNG.toString('base64')}\r\n--${b}--\r\n`,
    );
    writeFileSync(
      path.join(dir, 'release.eml'),
      `From: Press Office <press@council.example>\r\nTo: desk@paper.example\r\nSubject: Library to open on Sundays\r\nDate: Tue, 14 Jun 2021 17:02:11 +0100\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nThe central library will open on Sundays from next month, the council announced today.\r\n\r\nOpening hours will be from 10am to 4pm, and the change will be reviewed after six months.\r\n`,
    );
    writeFileSync(path.join(dir, 'notes.md'), `---\ntitle: Ferry timetable changes\nauthor: Sam Lee\ndate: 2022-03-04\n---\n\nThe island ferry will run every two hours from April, the operator said in a statement on Friday.\n\nPassengers welcomed the extra evening crossing but asked for more.\n`);
    writeFileSync(
      path.join(dir, 'statement.pdf'),
      buildPdf([{ texts: [
        { text: 'Council statement on roads', x: 72, y: 740, size: 20, bold: true },
        { text: 'The council will resurface the main road in May, starting at the', x: 72, y: 700, size: 11 },
        { text: 'northern end and finishing before the summer holidays begin.', x: 72, y: 686, size: 11 },
      ] }]),
    );
    writeFileSync(path.join(dir, 'scan.pdf'), buildPdf([{ image: true }]));
    const r = await a.call('clippings.import', { paths: [dir] });
    const by = Object.fromEntries(r.results.map((x) => [path.basename(x.file), x]));
    expect(by['wall.mhtml']).toMatchObject({ status: 'added', title: 'Sea wall nearly finished' });
    expect(by['release.eml']).toMatchObject({ status: 'added', title: 'Library to open on Sundays', byline: 'Press Office', publishedAt: '2021-06-14T17:02:11+01:00' });
    expect(by['notes.md']).toMatchObject({ status: 'added', title: 'Ferry timetable changes', byline: 'Sam Lee', publishedAt: '2022-03-04' });
    expect(by['statement.pdf']).toMatchObject({ status: 'added', title: 'Council statement on roads' });
    expect(by['scan.pdf']).toMatchObject({ status: 'error' });
    expect(by['scan.pdf']!.error).toMatch(/no text layer .* needs OCR/);
    const pdf = await a.call('clippings.get', { id: by['statement.pdf']!.id! });
    expect(pdf.text).toBe('The council will resurface the main road in May, starting at the northern end and finishing before the summer holidays begin.');
    expect(pdf.capture?.mediaType).toBe('application/pdf');
    const mh = await a.call('clippings.get', { id: by['wall.mhtml']!.id! });
    expect(mh.figures[0]!.src).toMatch(/^cuttings-image:/);
    expect(mh.url).toBe('https://news.example/wall');
    a.close();
  });

  it('fetches http(s) addresses given to import (loopback server), and reports fetch failures', async () => {
    const server = createServer((req, res) => {
      if (req.url === '/article') {
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
        res.end(ARTICLE('/wall.png'));
      } else if (req.url === '/image') {
        res.writeHead(200, { 'Content-Type': 'image/png' });
        res.end(PNG);
      } else {
        res.writeHead(404);
        res.end();
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const { a } = await open();
      const r = await a.call('clippings.import', { paths: [`${base}/article`, `${base}/image`, `${base}/missing`] });
      expect(r.results[0]).toMatchObject({ file: `${base}/article`, status: 'added', title: 'Sea wall nearly finished' });
      expect(r.results[1]!.status).toBe('error');
      expect(r.results[1]!.error).toMatch(/image\/png/);
      expect(r.results[2]!.error).toMatch(/404/);
      const c = await a.call('clippings.get', { id: 1 });
      expect(c.url).toBe(`${base}/article`);
      expect(c.figures[0]!.src).toBe(`${base}/wall.png`); // remote images are never fetched
      a.close();
    } finally {
      server.close();
    }
  });

  it('an address fetched for import reads a relative date ("yesterday") against the fetch time, in the local clock\'s zone', async () => {
    const page = `<html lang="en"><head><title>Pier reopens</title></head><body><article><h1>Pier reopens after repairs</h1><p class="byline">By Sam Hill</p><p class="time">Yesterday at 6:40 pm</p><p>${PARAS[0]}</p><p>${PARAS[1]}</p></article></body></html>`;
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(page);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    // The local day before, as the clock reads it (before and after: the import may straddle midnight).
    const dayBefore = (): string => {
      const d = new Date();
      d.setDate(d.getDate() - 1);
      return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    };
    try {
      const { a } = await open();
      const before = dayBefore();
      const r = await a.call('clippings.import', { paths: [`${base}/pier`] });
      const after = dayBefore();
      expect(r.results[0]).toMatchObject({ status: 'added' });
      const c = await a.call('clippings.get', { id: 1 });
      expect([before, after]).toContain(c.publishedAt?.slice(0, 10));
      a.close();
    } finally {
      server.close();
    }
  });
});
