import { writeFileSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportClippings } from '../../electron/core/export/index.ts';
import { noteHtml } from '../../electron/core/export/html.ts';
import { CHROMIUM_ARGS, findChromium } from '../../electron/core/export/pdf.ts';
import { forEachArticle } from '../fixtures/articles.ts';
import { EXPORT_ARTICLES, exportFixtures, hostile, NOTE_INTEGRITY, OWN, others } from './fixtures.ts';

const reference = OWN.reference;

const now = new Date('2026-11-26T12:00:00Z');
const CHROMIUM = findChromium();

async function html(clippings = [reference()], o: Record<string, unknown> = {}): Promise<string> {
  const [file] = await exportClippings(clippings, { format: 'html', now, ...o });
  return String(file?.data);
}

describe('HTML export (as text)', () => {
  it('is one self-contained page: inline styles, a CSP, no scripts, no remote references', async () => {
    const out = await html([reference(), ...others(), hostile()], { digest: true });
    expect(out.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(out).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:;`);
    expect(out).not.toMatch(/<script|<link|<iframe|<object|<embed|@import|url\(/i);
    // Escaped text has no '<': every '<' opens a real tag. No tag has a handler or a non-data: source.
    const tags = [...out.matchAll(/<[a-z][^>]*>/gi)].map((m) => m[0]);
    expect(tags.filter((t) => /\son\w+\s*=|\s(src|srcset|poster|background|action)\s*=\s*["']?(?!data:)/i.test(t))).toEqual([]);
    expect(new Set(tags.map((t) => /^<([a-z0-9]+)/i.exec(t)?.[1]?.toLowerCase()))).toEqual(
      new Set(['html', 'head', 'meta', 'title', 'style', 'body', 'main', 'section', 'p', 'h1', 'h2', 'h3', 'span', 'nav', 'ol', 'li', 'a', 'article', 'header', 'aside', 'strong', 'em', 'div', 'mark', 'sup', 'h4', 'figure', 'figcaption']),
    );
  });

  forEachArticle(EXPORT_ARTICLES, (a) => {
    const F = exportFixtures(a);
    const { repeated, repeatedPrefix, phrase } = a.article;

    it('marks highlights in their colours with numbered notes below their paragraph, and print styles', async () => {
      const out = await html([F.reference()]);
      expect(out).toContain(`${repeatedPrefix}<mark class="hl hl-yellow">${repeated}</mark><sup class="ref"><a href="#note-2" id="ref-2">2</a></sup>`);
      expect(out).toContain(`<mark class="hl hl-pink hl-overlap">${phrase}</mark>`);
      expect(out).toMatch(new RegExp(`<li class="note note-yellow" id="note-2" value="2">.*${a.noteStrategicHtmlStart.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}`, 's'));
      expect(out).toContain(NOTE_INTEGRITY);
      for (const f of F.expected().figures) expect(out).toContain(`<figcaption>${f.caption.replace(/’/g, '’')} <span class="credit">${f.credit}</span></figcaption>`);
      expect(out).toContain('@media print');
      expect(out).toContain('print-color-adjust:exact');
    });
  });

  it('renders note Markdown safely: no raw HTML, images or non-http links', () => {
    const out = noteHtml('**bold** <img src=x onerror=alert(1)> [ok](https://example.org) [bad](javascript:alert(1)) ![px](https://t.example/p.gif)\n\n<script>alert(2)</script>');
    expect(out).toContain('<strong>bold</strong>');
    expect(out).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(out).toContain('<a href="https://example.org">ok</a>');
    expect(out).not.toMatch(/<img|<script|javascript:|t\.example/);
    expect(out).toContain('&lt;script&gt;alert(2)&lt;/script&gt;');
  });
});

describe.skipIf(!CHROMIUM)('HTML export in a real browser', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM as string, args: CHROMIUM_ARGS });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('a hostile clipping: nothing runs, no handler or javascript: link exists, no request is made', async () => {
    const out = await html([hostile(), reference()], { digest: true });
    const page = await browser.newPage();
    const dialogs: string[] = [];
    const requests: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    page.on('request', (r) => {
      if (!r.url().startsWith('data:')) requests.push(r.url());
    });
    await page.route('**/*', (r) => r.abort());
    await page.setContent(out, { waitUntil: 'load' });
    await page.mouse.move(200, 200);
    await page.waitForTimeout(100);
    const live = await page.evaluate(() => {
      const all = [...document.querySelectorAll('*')];
      return {
        scripts: document.scripts.length,
        handlers: all.flatMap((el) => [...el.attributes].filter((a) => a.name.startsWith('on')).map((a) => `${el.tagName}[${a.name}]`)),
        badLinks: [...document.querySelectorAll('a[href]')].map((a) => a.getAttribute('href') ?? '').filter((h) => !/^(https?:|#|mailto:)/.test(h)),
        frames: document.querySelectorAll('iframe, object, embed, img, svg').length,
        title: document.querySelector('#clipping-66 .title')?.textContent,
      };
    });
    expect(dialogs).toEqual([]);
    expect(requests).toEqual([]);
    expect(live).toEqual({ scripts: 0, handlers: [], badLinks: [], frames: 0, title: '<script>alert(1)</script>' });
    await page.close();
  });

  it('renders readably (screenshot of the reference digest saved for a look)', async () => {
    const out = await html([reference(), ...others()], { digest: true, title: 'Weekly review' });
    const page = await browser.newPage({ viewport: { width: 1000, height: 1400 } });
    await page.setContent(out, { waitUntil: 'load' });
    const png = await page.screenshot({ fullPage: false });
    writeFileSync('/tmp/cuttings-export-digest-html.png', png);
    // Typography sanity: body text size and line length are readable; headings do not overlap the text below.
    const m = await page.evaluate(() => {
      const p = document.querySelector('.body p') as HTMLElement;
      const cs = getComputedStyle(p);
      const h = document.querySelector('.clipping .title') as HTMLElement;
      const meta = h.nextElementSibling as HTMLElement;
      return {
        fontPx: parseFloat(cs.fontSize),
        lineRatio: parseFloat(cs.lineHeight) / parseFloat(cs.fontSize),
        widthEm: p.getBoundingClientRect().width / parseFloat(cs.fontSize),
        gap: meta.getBoundingClientRect().top - h.getBoundingClientRect().bottom,
      };
    });
    expect(m.fontPx).toBeGreaterThanOrEqual(16);
    expect(m.lineRatio).toBeGreaterThanOrEqual(1.4);
    expect(m.widthEm).toBeLessThanOrEqual(45);
    expect(m.gap).toBeGreaterThanOrEqual(0);
    await page.close();
  });
});
