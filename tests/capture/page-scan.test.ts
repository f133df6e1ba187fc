/** electron/core/capture/page-scan.ts: the one walk metadata reads its elements from gives what each selector query gave. */
import { describe, expect, it } from 'vitest';
import { scanPage } from '../../electron/core/capture/page-scan.ts';
import { documentOf, parseTree } from '../../electron/core/capture/parse.ts';

const PAGE = `<!doctype html><html lang="en"><head>
  <title>First</title><meta name="a" content="1"><meta property="og:title" content="2">
  <base target="_blank"><base href="/x/"><base href="/y/">
  <link href="/style.css"><link rel="canonical" href="/c"><link rel="icon" href="/i">
  <script type="application/ld+json">{}</script><script>1</script>
</head><body>
  <svg><title>Icon</title></svg>
  <header><h1>Site</h1><footer><p>outside any article</p></footer></header>
  <footer><article><p>article inside a footer</p></article></footer>
  <div role="main"><h1 role="main">Scoped headline</h1><time datetime="2020-01-01">1 Jan</time><time>no datetime</time></div>
  <main><h1>Second scoped</h1></main>
  <article><h1>Third</h1><section><footer><div>Posted by A. Writer</div><span><p>nested</p></span></footer></section>
    <article><footer><span>inner</span></footer></article></article>
  <time datetime="2021-02-02">2 Feb</time>
  <div class="Cookie-Banner">case differs</div><div id="cookie-notice" class="x"><p class="gdpr-text cmp-box">in</p></div><section class="site-consent">y</section>
</body></html>`;

const SELECTORS = {
  metas: 'meta',
  scripts: 'script',
  links: 'link[rel]',
  times: 'time[datetime]',
  h1s: 'h1',
  signatures: 'article footer p, article footer div, article footer span',
  consentNamed: ['consent', 'cookie', 'gdpr', 'cmp-'].flatMap((w) => [`[class*="${w}"]`, `[id*="${w}"]`]).join(', '),
} as const;

describe('scanPage', () => {
  it('finds in one walk, in document order, what each selector query finds', () => {
    const document = documentOf(parseTree(PAGE));
    const found = scanPage(document);
    for (const [key, selector] of Object.entries(SELECTORS)) {
      expect(found[key as keyof typeof SELECTORS], key).toEqual(Array.from(document.querySelectorAll(selector)));
    }
    expect(found.base).toBe(document.querySelector('base[href]'));
    expect(found.base?.getAttribute('href')).toBe('/x/');
    expect(found.title).toBe(document.querySelector('title'));
    expect(found.scopedH1).toBe(document.querySelector('article h1, main h1, [role="main"] h1'));
    expect(found.scopedH1?.textContent).toBe('Scoped headline');
    expect(found.signatures.map((e) => e.textContent)).toEqual(['Posted by A. Writer', 'nested', 'nested', 'inner']);
    expect(found.consentNamed).toHaveLength(3);
    expect(found.articleContainer).toBe(true);
  });

  it('finds nothing scoped on a page without an article, a main or a footer inside one', () => {
    const found = scanPage(documentOf(parseTree('<h1>Only</h1><footer><p>x</p></footer>')));
    expect(found.h1s).toHaveLength(1);
    expect(found.scopedH1).toBeNull();
    expect(found.signatures).toEqual([]);
    expect(found.base).toBeNull();
    expect(found.articleContainer).toBe(false);
    expect(scanPage(documentOf(parseTree('<div itemprop="articleBody">x</div>'))).articleContainer).toBe(true);
  });
});
