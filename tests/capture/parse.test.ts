/** electron/core/capture/parse.ts (the browser's tree) and the script/style stripping of markup.ts before it. */
import { describe, expect, it } from 'vitest';
import { MAX_HTML_DEPTH, MAX_HTML_ELEMENTS } from '../../electron/core/capture/limits.ts';
import { extractFromHtml } from '../../electron/core/capture/html.ts';
import { checkMarkup } from '../../electron/core/capture/markup.ts';
import { domOf, normalizeHtml } from '../../electron/core/capture/parse.ts';

const bodyText = (html: string): string => domOf(normalizeHtml(html)).body.textContent ?? '';

describe('the browser tree', () => {
  it('keeps the page in the one body whatever stands before <body> or repeats <html> and <body>', () => {
    expect(bodyText('<html><head><title>T</title></head><div>stray</div><body><p>text</p></body></html>')).toBe('straytext');
    expect(bodyText('<html><head></head><html lang="en"><p>text</p></html>')).toBe('text');
    expect(bodyText('<body><p>one</p></body><body><p>two</p></body>')).toBe('onetwo');
    expect(domOf(normalizeHtml('<title>T</title><p>x')).title).toBe('T');
  });

  it('reads a page whose second <html> holds the article without a <body> tag (linkedom alone threw a TypeError)', () => {
    const article = '<article><h1>Title here</h1><p>Hello body text that is long enough to be a paragraph of an article, surely.</p></article>';
    const c = extractFromHtml(`<!doctype html><html><head><title>Title here</title></head><html lang="en">${article}</html>`);
    expect(c.paragraphs).toContain('Hello body text that is long enough to be a paragraph of an article, surely.');
  });

  it('refuses a tree that tree construction grows past the limits the source passed', () => {
    // Each <font> stays active after its </p> and is reopened in every later paragraph:
    // 1,000 source tags, a tree of half a million elements nested 500 deep.
    const html = Array.from({ length: 1_000 }, (_, i) => `<p><font color="c${i}">x</p>`).join('');
    expect(checkMarkup(html).elements).toBe(2_000);
    expect(() => normalizeHtml(html)).toThrow(`more than ${MAX_HTML_ELEMENTS.toLocaleString('en')}`);
    const deep = Array.from({ length: MAX_HTML_DEPTH }, (_, i) => `<p><font color="c${i}">x</p>`).join('');
    expect(() => normalizeHtml(deep)).toThrow(`more than ${MAX_HTML_DEPTH} levels`);
  });
});

describe('script and style text is dropped before parsing', () => {
  it('empties scripts and styles, keeps JSON-LD and everything else', () => {
    const html = '<head><style>p { color: red }</style><script src="a.js"></script><script>var s = "</div><p>";</script>' +
      '<script type="application/ld+json">{"headline":"H"}</script></head><body><p>a < b</p><!-- <script>x</script> --><textarea><script>t</script></textarea></body>';
    expect(checkMarkup(html).html).toBe(
      '<head><style></style><script src="a.js"></script><script></script>' +
        '<script type="application/ld+json">{"headline":"H"}</script></head><body><p>a < b</p><!-- <script>x</script> --><textarea><script>t</script></textarea></body>',
    );
  });
});
