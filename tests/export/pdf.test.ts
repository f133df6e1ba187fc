import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportClippings, ExportError } from '../../electron/core/export/index.ts';
import { CHROMIUM_MISSING, findChromium, htmlToPdf, pdfLayout } from '../../electron/core/export/pdf.ts';
import { forEachArticle } from '../fixtures/articles.ts';
import { EXPORT_ARTICLES, exportFixtures, hostile, OWN, others } from './fixtures.ts';

const reference = OWN.reference;

const now = new Date('2026-11-26T12:00:00Z');
const CHROMIUM = findChromium();
const POPPLER = spawnSync('pdftotext', ['-v']).status === 0 && spawnSync('pdfinfo', ['-v']).status === 0;
if (!CHROMIUM) console.warn('PDF tests skipped: no Chromium found (Debian/Ubuntu: apt install chromium)');
if (!POPPLER) console.warn('PDF tests skipped: pdftotext/pdfinfo not installed (Debian/Ubuntu: apt install poppler-utils)');

function pdfText(file: string): string {
  return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
}
function pdfPages(file: string): number {
  return Number(/^Pages:\s+(\d+)/m.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))?.[1]);
}
/** Words as pdftotext lays them out, for overlap checks. */
function pdfWords(file: string, page: number): Array<{ x0: number; y0: number; x1: number; y1: number; w: string }> {
  const xml = execFileSync('pdftotext', ['-bbox', '-f', String(page), '-l', String(page), file, '-'], { encoding: 'utf8' });
  return [...xml.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((m) => ({
    x0: Number(m[1]),
    y0: Number(m[2]),
    x1: Number(m[3]),
    y1: Number(m[4]),
    w: m[5] as string,
  }));
}
/** Text is readable as a whole: flattened whitespace, pdftotext's ligatures undone. */
const flat = (s: string): string => s.replace(/\s+/g, ' ').replace(/ﬁ/g, 'fi').replace(/ﬂ/g, 'fl');

describe('PDF export without Chromium', () => {
  it('says what to install', async () => {
    const err = await exportClippings([reference()], { format: 'pdf', pdf: { chromiumPath: '/nonexistent/chromium' } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ExportError);
    expect((err as ExportError).code).toBe('chromium_missing');
    expect((err as Error).message).toContain(CHROMIUM_MISSING);
  });

  it("uses the app's printer when given one (webContents.printToPDF), with the shared page setup", async () => {
    const calls: Array<{ html: string; layout: ReturnType<typeof pdfLayout> }> = [];
    const [file] = await exportClippings([hostile()], {
      format: 'pdf',
      pdf: {
        printToPdf: async (html, layout) => {
          calls.push({ html, layout });
          return new TextEncoder().encode('%PDF-1.7 fake');
        },
      },
    });
    expect(Buffer.isBuffer(file?.data)).toBe(true);
    expect(calls[0]?.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    // The header template is HTML too: the title is escaped there as well.
    expect(calls[0]?.layout.headerTemplate).not.toContain('<script>');
    expect(calls[0]?.layout.footerTemplate).toContain('class="pageNumber"');
  });
});

describe.skipIf(!CHROMIUM || !POPPLER)('PDF export with the system Chromium, read back with poppler', () => {
  forEachArticle(EXPORT_ARTICLES, (a) => {
    const F = exportFixtures(a);

    let dir: string;
    let single: string;
    let digest: string;
    let hostileFile: string;
    beforeAll(async () => {
      dir = mkdtempSync(path.join(os.tmpdir(), 'cuttings-pdf-')); // kept for the whole describe, removed in afterAll
      const write = (name: string, data: string | Buffer): string => {
        const p = path.join(dir, name);
        writeFileSync(p, data);
        return p;
      };
      const [s, h] = await exportClippings([F.reference(), hostile()], { format: 'pdf', now });
      single = write('single.pdf', s?.data as Buffer);
      hostileFile = write('hostile.pdf', h?.data as Buffer);
      const [d] = await exportClippings([F.reference(), ...others()], { format: 'pdf', now, digest: true, title: 'Weekly review' });
      digest = write('digest.pdf', d?.data as Buffer);
      // A copy of page 1 of the digest for a human look (see the report).
      writeFileSync('/tmp/cuttings-export-digest.pdf', d?.data as Buffer);
      execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '2', digest, '/tmp/cuttings-export-digest']);
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('one clipping: selectable title, highlighted sentence and note; sensible page count; page numbers', () => {
      const text = flat(pdfText(single));
      expect(text).toContain(F.expected().title);
      expect(text).toContain(a.secondSentence);
      expect(text).toContain(a.noteStrategic.replace(/\*\*/g, ''));
      expect(text).toContain('Key phrase');
      const pages = pdfPages(single);
      expect(pages).toBeGreaterThanOrEqual(1);
      expect(pages).toBeLessThanOrEqual(4);
      expect(text).toMatch(new RegExp(`\\b1 ?/ ?${pages}\\b`));
    });

    it('a press review: cover, contents, every clipping; text does not overlap', () => {
      const text = flat(pdfText(digest));
      expect(text).toContain('Weekly review');
      expect(text).toContain(a.digestDates);
      expect(text).toContain('3 clippings');
      expect(text).toContain('Contents by tag');
      for (const t of ['EU energy talks end without deal', 'Markets rally on rate decision', 'Follow up next week.', a.noteStrategicStart.split(' ').slice(0, 4).join(' ')]) expect(text).toContain(t);
      const pages = pdfPages(digest);
      expect(pages).toBeGreaterThanOrEqual(4);
      expect(pages).toBeLessThanOrEqual(10);
      for (let p = 1; p <= pages; p++) {
        const words = pdfWords(digest, p);
        for (let i = 0; i < words.length; i++) {
          for (let j = i + 1; j < words.length; j++) {
            const a = words[i] as (typeof words)[number];
            const b = words[j] as (typeof words)[number];
            const ix = Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0);
            const iy = Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0);
            if (ix > 1 && iy > 1) throw new Error(`page ${p}: "${a.w}" overlaps "${b.w}"`);
          }
          // nothing runs off the A4 page (595 × 842 pt)
          const w = words[i] as (typeof words)[number];
          expect(w.x0).toBeGreaterThanOrEqual(0);
          expect(w.x1).toBeLessThanOrEqual(595.5);
          expect(w.y1).toBeLessThanOrEqual(842.5);
        }
      }
      expect(existsSync('/tmp/cuttings-export-digest-1.png')).toBe(true);
    });

    it('a hostile clipping prints as inert text', () => {
      const text = flat(pdfText(hostileFile));
      expect(text).toContain('<script>alert(1)</script>');
      expect(text).toContain('<img src=x onerror=alert(1)>');
      const raw = execFileSync('pdfinfo', ['-js', hostileFile], { encoding: 'utf8' });
      expect(raw).not.toMatch(/alert/);
      // No link annotation points anywhere but http(s) (the javascript: URL is never a link).
      const pdf = (execFileSync('cat', [hostileFile]) as Buffer).toString('latin1');
      expect(pdf).not.toMatch(/\/JavaScript|\/JS\s|\/URI\s*\(javascript/i);
    });
  });
});

describe.skipIf(!CHROMIUM)('PDF rendering makes no request', () => {
  let server: http.Server;
  const hits: string[] = [];
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      hits.push(req.url ?? '');
      res.end('x');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('even for a page that asks for remote resources', async () => {
    const { port } = server.address() as AddressInfo;
    const base = `http://127.0.0.1:${port}`;
    const html = `<!DOCTYPE html><html><head><link rel="stylesheet" href="${base}/s.css"><style>@import url(${base}/i.css); body{background:url(${base}/b.png)}</style></head>
      <body><h1>Offline</h1><img src="${base}/i.png"><iframe src="${base}/f.html"></iframe><script src="${base}/s.js"></script></body></html>`;
    const [pdf] = await htmlToPdf([{ html, title: 'Offline' }]);
    expect(pdf?.subarray(0, 5).toString()).toBe('%PDF-');
    expect(hits).toEqual([]);
  });
});
