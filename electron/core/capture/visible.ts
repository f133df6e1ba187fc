/**
 * What a reader sees around the headline: the page's text lines (block elements and
 * `<br>` end a line; scripts, styles and forms skipped), the main `<h1>`'s place among
 * them, logo / masthead names and copyright lines. Metadata reads its visible byline,
 * date and outlet signals from here when the page's meta data say nothing (or too little).
 */
import type { PageElements } from './page-scan.ts';

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;
const WS_RE = /\s+/g;

const BLOCK_TAGS = new Set([
  'address', 'article', 'aside', 'blockquote', 'body', 'caption', 'center', 'dd', 'details', 'dialog', 'div', 'dl', 'dt',
  'fieldset', 'figure', 'figcaption', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hgroup', 'hr',
  'li', 'main', 'nav', 'ol', 'p', 'pre', 'section', 'summary', 'table', 'tbody', 'thead', 'tfoot', 'tr', 'td', 'th',
  'ul', 'legend', 'menu',
]);
const SKIP_TAGS = new Set(['script', 'style', 'noscript', 'template', 'svg', 'math', 'button', 'select', 'option', 'textarea', 'iframe', 'object', 'head', 'title']);
/** A logo or masthead by its class or id. */
const BRAND_NAME_RE = /(?:^|[\s_-])(?:logo|brand|masthead|site-?name|site-?title|sitename|sitetitle)(?:$|[\s_-])/i;
const COPYRIGHT_RE = /©|\(c\)|\bcopyright\b/i;
/** Longer lines are prose, not a byline, date or name. */
export const MAX_LINE = 200;

export interface PageLines {
  /** Text lines of the body in document order, whitespace collapsed. */
  lines: string[];
  /** Index in `lines` of the main headline, or -1. */
  h1: number;
  /** The main headline's text. */
  h1Text: string | null;
  /** Logo `alt` texts and masthead texts. */
  brands: string[];
  /** Lines holding a copyright notice. */
  copyrights: string[];
}

function collapse(s: string): string {
  return s.replace(WS_RE, ' ').trim();
}

/** The article's headline element: the first `<h1>` inside `<article>`/`<main>`, else the first with text. */
function mainHeading({ scopedH1, h1s }: PageElements): Element | null {
  if (scopedH1 && collapse(scopedH1.textContent ?? '').length >= 3) return scopedH1;
  for (const h of h1s) if (collapse(h.textContent ?? '').length >= 3) return h;
  return null;
}

/** The page's lines; `found` is scanPage(document). */
export function pageLines(document: Document, found: PageElements): PageLines {
  const lines: string[] = [];
  const brands: string[] = [];
  const heading = mainHeading(found);
  let h1 = -1;
  let buf = '';
  let inBrand = 0;
  const flush = (): void => {
    const t = collapse(buf);
    if (t) lines.push(t);
    buf = '';
  };
  const walk = (node: Node): void => {
    for (let child = node.firstChild; child; child = child.nextSibling) {
      if (child.nodeType === TEXT_NODE) {
        buf += child.nodeValue ?? '';
        continue;
      }
      if (child.nodeType !== ELEMENT_NODE) continue;
      const el = child as Element;
      const tag = el.localName;
      if (SKIP_TAGS.has(tag)) continue;
      if (tag === 'br') {
        flush();
        continue;
      }
      // (class and id tested apart: the same as testing "class id", without a string per element)
      const cls = el.getAttribute('class');
      const id = el.getAttribute('id');
      const brand = (!!cls && BRAND_NAME_RE.test(cls)) || (!!id && BRAND_NAME_RE.test(id));
      if (tag === 'img') {
        const alt = collapse(el.getAttribute('alt') ?? '');
        if (alt && (brand || inBrand > 0 || el.parentElement?.getAttribute('href') === '/')) brands.push(alt);
        continue;
      }
      if (brand) inBrand++;
      const block = BLOCK_TAGS.has(tag);
      if (block) flush();
      if (el === heading) h1 = lines.length;
      const before = lines.length;
      walk(el);
      if (block || el === heading) flush();
      if (brand) {
        inBrand--;
        const text = lines.slice(before).join(' ');
        if (text && text.length <= 80) brands.push(text);
      }
    }
  };
  // The whole element tree (the head is skipped), so a DOM built without the browser's
  // recovery, where a stray element before <body> leaves the text outside the body, reads the same.
  if (document.documentElement) walk(document.documentElement);
  flush();
  const copyrights = lines.filter((l) => l.length <= MAX_LINE && COPYRIGHT_RE.test(l));
  return { lines, h1: heading ? h1 : -1, h1Text: heading ? collapse(heading.textContent ?? '') || null : null, brands, copyrights };
}

/** The short lines around the headline (a few before it, more after it), where bylines and dates sit. */
export function headerLines(p: PageLines, before = 4, after = 14): string[] {
  if (p.h1 < 0) return [];
  const out: string[] = [];
  for (let i = Math.max(0, p.h1 - before); i < Math.min(p.lines.length, p.h1 + 1 + after); i++) {
    if (i === p.h1) continue;
    const l = p.lines[i]!;
    if (l.length <= MAX_LINE) out.push(l);
  }
  return out;
}
