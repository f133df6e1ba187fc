/**
 * HTML capture → clipping: the browser's DOM (parse.ts), page metadata (read first, since Readability
 * mutates the DOM), Readability for the article body, then figures, clean paragraphs
 * and sanitised HTML rebuilt from Readability's article element.
 */
import { Readability } from '@mozilla/readability';
import { hasConsentWords, isBoilerplateBlock, isRepeat, isUncertainBody, REPEAT_WINDOW, withoutRepeats } from './boilerplate.ts';
import { type CaptureTime, captureTimeOf, isRelativeDateLine, looksLikeDateLine, normalizeIsoDate, parseVisibleDate } from './dates.ts';
import { detectLanguage, normalizeLangTag } from './lang.ts';
import { MAX_READABILITY_ELEMENTS } from './limits.ts';
import { checkMarkup } from './markup.ts';
import { documentOf, parseTree } from './parse.ts';
import { type PageElements, scanPage } from './page-scan.ts';
import { cleanByline, cleanTitle, extractMetadata, isAgencyOnly, isSiteName, looseKey, type PageMetadata } from './metadata.ts';
import { sanitizeHtml } from './sanitize.ts';
import { CaptureError, type ExtractedClipping, type ExtractedFigure } from './types.ts';

export interface HtmlExtractOptions {
  /** The capture's address, if known: resolves relative URLs, is the `sourceUrl`. */
  url?: string | null;
  /** When the capture was made, if known (else what a saved page says at its top): relative dates are read against it only. */
  capturedAt?: CaptureTime | null;
}

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;

const WS_RE = /\s+/g;
const PRE_SPACES_RE = /[^\S\n]+/g;
const PRE_BLANK_LINES_RE = /\n{3,}/g;
const HAS_WORD_RE = /[\p{L}\p{N}]/u;
const SCHEME_RE = /^[a-z][a-z0-9+.-]*:/i;
const BYLINE_LINE_RE = /^(?:(?:written|words|story|reporting|text)\s+)?by\s*:?\s+\S/i;

/** Elements that start and end a paragraph of text. */
const BLOCK_TAGS = new Set([
  'address', 'article', 'aside', 'blockquote', 'body', 'caption', 'center', 'dd', 'details', 'dialog',
  'div', 'dl', 'dt', 'fieldset', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6',
  'header', 'hgroup', 'hr', 'li', 'main', 'nav', 'ol', 'p', 'pre', 'section', 'summary', 'table',
  'tbody', 'thead', 'tfoot', 'tr', 'ul', 'legend', 'menu',
]);
/** Table cells: inline within their row, separated. */
const CELL_TAGS = new Set(['td', 'th']);
/** Never text of the article. */
const SKIP_TAGS = new Set([
  'script', 'style', 'noscript', 'template', 'svg', 'math', 'button', 'select', 'option', 'textarea',
  'iframe', 'object', 'embed', 'canvas', 'video', 'audio', 'figure', 'figcaption', 'head', 'title',
  'input', 'img', 'picture', 'map',
]);
/** Removed from the page before the whole-body fallback. */
const FALLBACK_STRIP = 'script, style, noscript, template, svg, iframe, nav, header, footer, aside, form, button, select';

// ---------------------------------------------------------------- figures

const CREDIT_CLASS_RE = /credit|copyright|attribution|photographer|source|byline|author/i;
const CREDIT_LABEL = String.raw`(?:photo(?:graph)?s?|pictures?|images?|illustrations?|graphics?|video|credits?|photo\s+credit|photography|composite|fotos?|cr[ée]dito|source)`;
/** Trailing "(Matt Cardy/PA)", "(Photo: X)", "[AP Photo/Evan Vucci]". */
const PAREN_CREDIT_RE = /\s*[([]([^()[\]]{2,100})[)\]]\s*\.?\s*$/;
/** Trailing "Photograph: X/Getty", "Photo by X", "Credit: X", "Image: X". */
const LABEL_CREDIT_RE = new RegExp(String.raw`(?:^|[\s.,;|–—-])\s*(${CREDIT_LABEL}\s*(?:by\s+|:\s*|-\s+))(.+)$`, 'i');
const LABEL_ONLY_RE = new RegExp(String.raw`^${CREDIT_LABEL}\s*(?:by\s+|:\s*|-\s+)`, 'i');
/** An unlabelled trailing credit after the caption's last sentence: "… on Monday. Matt Cardy/Getty Images". */
const SLASH_CREDIT_RE = /(?:^|[.!?]["'”’]?\s+|\s[|–—-]\s)([\p{Lu}][^.!?|]{1,60}\/[^.!?|]{2,40})\s*$/u;
/** Photo agencies and wording that make a parenthesis a credit. */
const AGENCY_RE =
  /\/|\b(?:AP|AFP|PA|EPA|Reuters|REUTERS|Getty|Shutterstock|Alamy|Rex|Bloomberg|Xinhua|Anadolu|Sipa|NurPhoto|Corbis|Wikimedia|Unsplash|Courtesy|Handout|Supplied|Pool|Agência|Agencia|ANSA|dpa|Yonhap|TASS|Folhapress|Estadão)\b|photo|foto|image|credit|©/i;
const TRAILING_PUNCT_RE = /[\s,;:|–—-]+$/;
const COPYRIGHT_RE = /^(?:©|\(c\)|copyright)\s*/i;

function collapse(s: string): string {
  return s.replace(WS_RE, ' ').trim();
}

function cleanCredit(s: string): string | null {
  const c = collapse(s.replace(LABEL_ONLY_RE, '').replace(COPYRIGHT_RE, '')).replace(/\.$/, '');
  return c || null;
}

/** Splits a figcaption's text into caption and trailing credit. */
export function splitCaptionCredit(text: string): { caption: string | null; credit: string | null } {
  const t = collapse(text);
  if (!t) return { caption: null, credit: null };
  let m = PAREN_CREDIT_RE.exec(t);
  if (m && m[1] && AGENCY_RE.test(m[1])) {
    return { caption: collapse(t.slice(0, m.index)) || null, credit: cleanCredit(m[1]) };
  }
  m = LABEL_CREDIT_RE.exec(t);
  if (m && m[2]) {
    const start = m.index + m[0].indexOf(m[1]!);
    return { caption: collapse(t.slice(0, start)).replace(TRAILING_PUNCT_RE, '') || null, credit: cleanCredit(m[2]) };
  }
  m = SLASH_CREDIT_RE.exec(t);
  if (m && m[1] && m[1].split(' ').length <= 8) {
    const start = m.index + m[0].indexOf(m[1]);
    return { caption: collapse(t.slice(0, start)).replace(TRAILING_PUNCT_RE, '') || null, credit: cleanCredit(m[1]) };
  }
  return { caption: t, credit: null };
}

function resolveUrl(raw: string | null, base: string | null): string | null {
  const u = raw?.trim();
  if (!u) return null;
  if (!base) return u;
  try {
    return new URL(u, base).href;
  } catch {
    return u;
  }
}

function imageSrc(figure: Element): { src: string | null; alt: string | null } {
  const img = figure.querySelector('img');
  let src = img?.getAttribute('src') ?? img?.getAttribute('data-src') ?? null;
  if (!src || src.startsWith('data:')) {
    const srcset = img?.getAttribute('srcset') ?? figure.querySelector('source[srcset]')?.getAttribute('srcset');
    const first = srcset?.split(',')[0]?.trim().split(WS_RE)[0];
    if (first) src = first;
  }
  const alt = img ? collapse(img.getAttribute('alt') ?? '') || null : null;
  return { src: src?.trim() || null, alt };
}

function extractFigures(root: Element, base: string | null): ExtractedFigure[] {
  const figures: ExtractedFigure[] = [];
  for (const figure of Array.from(root.querySelectorAll('figure'))) {
    if (figure.parentElement?.closest('figure')) continue; // nested: the outer one counts
    const { src, alt } = imageSrc(figure);
    const figcaption = figure.querySelector('figcaption');
    let caption: string | null = null;
    let credit: string | null = null;
    if (figcaption) {
      // A marked-up credit (<cite>, <small>, class="credit"…) beats text patterns.
      const marked = Array.from(figcaption.querySelectorAll('*')).find(
        (el) =>
          el.tagName === 'CITE' ||
          el.tagName === 'SMALL' ||
          CREDIT_CLASS_RE.test(el.getAttribute('class') ?? '') ||
          CREDIT_CLASS_RE.test(el.getAttribute('itemprop') ?? ''),
      );
      const markedText = marked ? collapse(marked.textContent ?? '') : '';
      if (marked && markedText) {
        credit = cleanCredit(markedText);
        const whole = collapse(figcaption.textContent ?? '');
        const at = whole.lastIndexOf(markedText);
        const rest = at >= 0 ? whole.slice(0, at) + whole.slice(at + markedText.length) : whole;
        caption = collapse(rest).replace(TRAILING_PUNCT_RE, '') || null;
        if (caption) {
          const inner = splitCaptionCredit(caption);
          if (inner.credit && !credit) credit = inner.credit;
        }
      } else {
        ({ caption, credit } = splitCaptionCredit(figcaption.textContent ?? ''));
      }
    }
    if (src || caption || credit) figures.push({ alt, caption, credit, src: resolveUrl(src, base) });
  }
  return figures;
}

// ---------------------------------------------------------------- paragraphs

/** A paragraph of the body and the share of its letters that sit inside links. */
interface Block {
  text: string;
  linked: number;
  /** A list item. */
  li: boolean;
}

function nonSpaceLength(s: string): number {
  return s.length - (s.match(/\s/g)?.length ?? 0);
}

/** Block-level text of `root` in document order, whitespace collapsed (kept as lines in <pre>). */
function blockTexts(root: Element): Block[] {
  const out: Block[] = [];
  let buf = '';
  let linkBuf = '';
  let inLink = 0;
  let li = false;
  const flush = (): void => {
    const t = collapse(buf);
    if (t && HAS_WORD_RE.test(t)) {
      const link = inLink > 0 ? t.length : nonSpaceLength(linkBuf);
      out.push({ text: t, linked: linkBuf ? Math.min(1, link / Math.max(1, nonSpaceLength(t))) : 0, li });
    }
    buf = '';
    linkBuf = '';
  };
  const walk = (node: Node): void => {
    for (let child = node.firstChild; child; child = child.nextSibling) {
      if (child.nodeType === TEXT_NODE) {
        const v = child.nodeValue ?? '';
        buf += v;
        if (inLink > 0) linkBuf += v;
        continue;
      }
      if (child.nodeType !== ELEMENT_NODE) continue;
      const el = child as Element;
      const tag = el.localName;
      if (SKIP_TAGS.has(tag)) continue;
      if (tag === 'br') {
        buf += ' ';
      } else if (tag === 'a') {
        inLink++;
        walk(el);
        inLink--;
      } else if (tag === 'pre') {
        flush();
        const t = (el.textContent ?? '')
          .replace(PRE_SPACES_RE, ' ')
          .split('\n')
          .map((l) => l.trim())
          .join('\n')
          .replace(PRE_BLANK_LINES_RE, '\n\n')
          .trim();
        if (t && HAS_WORD_RE.test(t)) out.push({ text: t, linked: 0, li: false });
      } else if (BLOCK_TAGS.has(tag)) {
        flush();
        const wasLi = li;
        li = tag === 'li' || (li && tag !== 'ul' && tag !== 'ol');
        walk(el);
        flush();
        li = wasLi;
      } else if (CELL_TAGS.has(tag)) {
        buf += ' ';
        walk(el);
        buf += ' ';
      } else {
        walk(el);
      }
    }
  };
  walk(root);
  flush();
  return out;
}

/** Interface strings that are never article text, whole paragraph (any language we saw). */
const UI_LINE_RE =
  /^(?:home|news|menu|search|sign in|log ?in|sign up|subscribe|skip to (?:main )?content|share(?: this)?(?: article| story)?|share tweet(?: submit)?|advert(?:isement)?|ad|iklan|more|related|read more|read next|see also|view author archive|e-?mail the author|breaking news emails|highlights|listen|print|comments?|\d+ comments?|latest|popular|latest news|recent articles|popular this week|loading content\s*\.*|tell us what you think\.*|image \d+ of \d+|continue reading(?: below)?|advertisement - continue reading below|click to expand|close|next|previous|back to top|leggi anche|publicidade|anúncio|werbung|реклама|advert|sponsored(?: content)?|trending(?: now)?|you may also like|you might also like|related (?:news|stories|articles|posts)|more stories|don'?t miss|caption|post comment(?: \(\+\))?)\s*[:.…]*$/i;
/** "Read more: …", "SEE MORE: …", "[Related: …]", "On Site.com: …": a link to another story. */
const LABELLED_LINK_RE =
  /^\[?\s*(?:read more|see more|read also|also read|read next|more|related(?: (?:post|article|story|stories|news|coverage|reading|video|content))?|see also|also|don'?t miss|recommended|watch|listen|must read|leia (?:também|mais)|veja (?:também|mais)|leggi anche|lesen sie auch|lire aussi|читайте также|смотрите также|on [\w.-]+\.(?:com|co\.uk|org|net))\s*:\s*\S/i;
/** A caption left as a paragraph: it ends with an agency photo credit "(AP Photo/Jane Roe, File)". */
const CAPTION_CREDIT_END_RE =
  /\(\s*(?:(?:AP|AFP|Reuters|EPA|Getty|PA|Bloomberg|Xinhua|Photo)\b[^()]*\/[^()]*|(?:photo|image|credit)s?\s*(?:by\s+|:\s*)[^()]+)\)\s*\.?$/i;
/** A stand-alone photo credit or caption line ("© X", "(Image: © X)", "…(Credit: Getty Images)"). */
const CREDIT_LINE_RE =
  /^\(?\s*(?:(?:photo|image|picture|credit|photograph)s?\s*:\s*)?©|\((?:photo|image|picture|credit|photograph|foto)s?\s*(?:by\s+|:\s*)[^()]{1,80}\)\s*$|^(?:photo|image|picture|credit|photograph|foto)s?\s*(?:by\s+|:\s*)(?:[^.]|\b\p{Lu}\.){0,60}$/iu;
const AGENCY_LINE_RE = /^[^.!?]{0,60}\b(?:getty images|shutterstock|istock(?:photo)?|ap photo|afp|reuters|alamy|epa|bloomberg)\b[^.!?]{0,40}$/i;
const SENTENCE_END_RE = /[.!?…:"”’»)]$/;
/** "PUBLISHED: 10:48, Tue, Nov 19, 2019", "| UPDATED: …", "Posted Nov 18, 8:19 PM" (no year needed). */
const LABELLED_DATE_RE = /^[|•·\s]*(?:(?:first\s+)?published|updated|posted|last\s+(?:updated|modified)|modified|publicado|atualizado|pubblicato|aggiornato)\b(?:\s+(?:on|at|em|el|il))?\s*:?\s*\S*\d/i;
const MAX_LEAD_SCAN = 8;
const LANG_SAMPLE_PARAGRAPHS = 40;

function wordCount(s: string): number {
  return s.split(' ').length;
}

function isDateLine(p: string): boolean {
  if (p.length > 160) return false;
  if (looksLikeDateLine(p) || isRelativeDateLine(p)) return true;
  if (wordCount(p) <= 16 && LABELLED_DATE_RE.test(p)) return true;
  // "Updated Nov 19, 9:41 AM;Posted Nov 18, 8:19 PM", "Posted: Fri 6:45 PM, Feb 16, 2018 |"
  const parts = p.split(/\s*[;|•·]\s*/).filter(Boolean);
  if (parts.length > 1 && parts.every((x) => looksLikeDateLine(x) || parseVisibleDate(x) !== null)) return true;
  return wordCount(p) <= 10 && !SENTENCE_END_RE.test(p) && parseVisibleDate(p) !== null;
}

function isCreditLine(p: string): boolean {
  return p.length <= 200 && (CREDIT_LINE_RE.test(p) || (wordCount(p) <= 10 && AGENCY_LINE_RE.test(p)));
}

/** A block this much inside links is a link, not prose; a list item half-linked is one too. */
const LINK_BLOCK_SHARE = 0.8;
const LINK_ITEM_SHARE = 0.4;
/** …when it is a headline-sized item, not a sentence of prose with a link in it. */
const MAX_LINK_ITEM_WORDS = 15;
/** This many link blocks in a row are a list of links (related stories, menus, tags). */
const LINK_RUN = 2;
/** A list's label: "More stories", "You may also like" (short, no sentence end). */
const MAX_LABEL_WORDS = 6;

function isLinkBlock(b: Block): boolean {
  return b.linked >= LINK_BLOCK_SHARE || (b.li && b.linked >= LINK_ITEM_SHARE && wordCount(b.text) <= MAX_LINK_ITEM_WORDS);
}

/**
 * Drops lists of links: runs of consecutive blocks that are (mostly) link text, as
 * "related stories", "more from", menus and tag clouds are, with the short label line
 * just before such a run.
 */
function dropLinkLists(blocks: Block[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < blocks.length; ) {
    let j = i;
    while (j < blocks.length && isLinkBlock(blocks[j]!)) j++;
    if (j - i >= LINK_RUN) {
      const label = out.at(-1);
      if (label !== undefined && i > 0 && !blocks[i - 1]!.li && wordCount(label) <= MAX_LABEL_WORDS && !SENTENCE_END_RE.test(label)) out.pop();
      i = j;
      continue;
    }
    for (let k = i; k <= j && k < blocks.length; k++) out.push(blocks[k]!.text);
    i = j + 1;
  }
  return out;
}

interface LeadingInfo {
  dateLine: string | null;
  /** A "By Jane Doe" line found among the leading lines. */
  bylineLine: string | null;
}

/**
 * Cleans the body's edges: leading title / byline / date lines (and the section labels or
 * interface strings before them), interface strings at the end, and stand-alone credit
 * lines anywhere.
 */
function dropBoilerplate(paragraphs: string[], title: string | null, byline: string | null): LeadingInfo {
  const titleKey = title ? looseKey(title) : '';
  const bylineKeys = byline ? byline.split(/,\s*|\s+and\s+/).map(looseKey).filter((k) => k.length >= 4) : [];
  const bylineLen = bylineKeys.join('').length;
  let dateLine: string | null = null;
  let bylineLine: string | null = null;

  // Leading region: drop everything up to the last title/byline/date/interface line that
  // is preceded only by such lines or short labels ("Entertainment").
  let cut = -1;
  const scan = Math.min(MAX_LEAD_SCAN, paragraphs.length - 1);
  for (let i = 0; i < scan; i++) {
    const p = paragraphs[i]!;
    const key = looseKey(p);
    const short = p.length <= 160;
    const isTitle = titleKey !== '' && (key === titleKey || (short && key.length >= 10 && titleKey.startsWith(key)));
    const isByline =
      short &&
      (BYLINE_LINE_RE.test(p) ||
        (bylineKeys.length > 0 && bylineKeys.some((k) => key.includes(k)) && key.length <= bylineLen + 40 && !SENTENCE_END_RE.test(p)));
    const isDate = !isTitle && !isByline && isDateLine(p);
    if (isDate && !dateLine && !isRelativeDateLine(p)) dateLine = p;
    if (isByline && !bylineLine && BYLINE_LINE_RE.test(p)) bylineLine = p;
    if (isTitle || isByline || isDate || UI_LINE_RE.test(p) || isCreditLine(p)) {
      cut = i;
    } else if (!(wordCount(p) <= 6 && !SENTENCE_END_RE.test(p))) {
      break; // real text
    }
  }
  if (cut >= 0) paragraphs.splice(0, cut + 1);

  // Trailing interface strings.
  while (paragraphs.length > 1 && UI_LINE_RE.test(paragraphs.at(-1)!)) paragraphs.pop();

  // Stand-alone credit lines, captions, interface strings and links to other stories, anywhere.
  for (let i = paragraphs.length - 1; i >= 0 && paragraphs.length > 1; i--) {
    const p = paragraphs[i]!;
    if (
      isCreditLine(p) ||
      UI_LINE_RE.test(p) ||
      (p.length <= 300 && (LABELLED_LINK_RE.test(p) || CAPTION_CREDIT_END_RE.test(p)))
    ) {
      paragraphs.splice(i, 1);
    }
  }
  return { dateLine, bylineLine };
}

// ---------------------------------------------------------------- pruning

/** Page furniture by element: never article text when it holds a minority of it. */
const FURNITURE_TAGS = new Set(['nav', 'aside', 'footer', 'header', 'form', 'dialog']);
const FURNITURE_ROLES = new Set(['navigation', 'complementary', 'banner', 'contentinfo']);
/**
 * Class / id words of boilerplate blocks (share bars, related links, newsletter boxes,
 * author bios, ad slots, tags, captions…), matched as whole words of the attribute.
 */
const FURNITURE_NAME_RE =
  /(?:^|[\s_-])(?:share|sharing|sharebar|social|socials|related|relatedlinks|newsletter|newsletters|subscribe|subscription|signup|promo|promos|advert|advertisement|adslot|adunit|ad|ads|sponsor|sponsored|outbrain|taboola|recommended|recommendations|readmore|read-more|more-from|see-also|also-read|tags|tag-list|taglist|breadcrumb|breadcrumbs|byline|bylines|author-bio|authorbio|author-info|bio|dateline|timestamp|caption|captions|wp-caption-text|credit|credits|comments|comment-list|disqus|popular|trending|most-read|mostread|menu|toolbar|print|cookie|cookies|paywall|sidebar|rail|pagination|pager|prev-next|nextprev)(?:$|[\s_-])/i;
/** Names that mark the content container itself (never pruned by name). */
const CONTENT_NAME_RE = /(?:^|[\s_-])(?:article|body|content|entry|main|post|story|text)(?:-?(?:body|content|text))?(?:$|[\s_])/i;
/** A pruned block holds at most this share of the article's text. */
const MAX_PRUNE_SHARE = 0.3;

function textLength(el: Element): number {
  return collapse(el.textContent ?? '').length;
}

/**
 * Removes page furniture Readability left in: navigation/header/footer/aside elements and
 * blocks whose class or id names them boilerplate, each only when it holds a minority of
 * the article's text (a mis-labelled wrapper of the whole article stays). Figures are left
 * to the figure pass.
 */
function pruneBoilerplate(root: Element): void {
  const total = textLength(root);
  if (total === 0) return;
  const limit = total * MAX_PRUNE_SHARE;
  const doomed: Element[] = [];
  const visit = (parent: Element): void => {
    for (let el = parent.firstElementChild; el; el = el.nextElementSibling) {
      const tag = el.localName;
      if (tag === 'figure') continue;
      let hit = FURNITURE_TAGS.has(tag) || el.hasAttribute('hidden') || el.getAttribute('aria-hidden') === 'true';
      if (!hit) {
        const role = el.getAttribute('role');
        hit = role !== null && FURNITURE_ROLES.has(role);
      }
      if (!hit) {
        const name = `${el.getAttribute('class') ?? ''} ${el.getAttribute('id') ?? ''}`;
        hit = name.length > 1 && FURNITURE_NAME_RE.test(name) && !CONTENT_NAME_RE.test(name);
      }
      if (hit && textLength(el) <= limit) doomed.push(el);
      else visit(el);
    }
  };
  visit(root);
  for (const el of doomed) el.remove();
}

// ---------------------------------------------------------------- repeats and headings

const REPEAT_BLOCKS = 'p, li, blockquote, h1, h2, h3, h4, h5, h6, pre';
/** A wiki's "[edit]" link beside each section heading (MediaWiki's `mw-editsection`). */
const EDIT_LINK_SELECTOR = '.mw-editsection, .editsection';

/** Removes wiki edit links from headings and copies of a paragraph right after it (see withoutRepeats). */
function dropRepeatsAndEditLinks(root: Element): void {
  for (const el of Array.from(root.querySelectorAll(EDIT_LINK_SELECTOR))) if (el.closest('h1, h2, h3, h4, h5, h6')) el.remove();
  const recent: string[] = [];
  for (const el of Array.from(root.querySelectorAll(REPEAT_BLOCKS))) {
    if (el.querySelector(REPEAT_BLOCKS)) continue; // its inner blocks are compared
    const text = collapse(el.textContent ?? '');
    if (isRepeat(text, recent)) {
      el.remove();
      continue;
    }
    recent.push(text);
    if (recent.length > REPEAT_WINDOW) recent.shift();
  }
}

/**
 * A dateline opening the article's first paragraph: "Feb. 23, 2015 -- Life-threatening…",
 * "WASHINGTON, March 4, 2021 — …". Only a full date with its year, then a dash.
 */
const LEADING_DATELINE_RE = /^\s*(?:\p{Lu}[\p{Lu} .'-]{1,30},\s+)?([^—–]{6,40}?\d{4}[^—–]{0,20}?)\s+(?:--|—|–)\s+(?=\S)/u;
const YEAR_RE = /\b(?:19|20)\d\d\b/;

/**
 * Takes the dateline off the start of the first paragraph (its first text node) and
 * returns the date it gives; null, and the paragraph untouched, when it opens otherwise.
 */
function takeLeadingDateline(root: Element): string | null {
  const first = Array.from(root.querySelectorAll('p')).find((p) => collapse(p.textContent ?? '') !== '');
  if (!first) return null;
  let node: Node | null = first.firstChild;
  while (node && node.nodeType !== 3) node = node.firstChild;
  if (!node || first.textContent?.trimStart().startsWith((node.textContent ?? '').trimStart()) !== true) return null;
  const m = LEADING_DATELINE_RE.exec(node.textContent ?? '');
  if (!m || !YEAR_RE.test(m[1]!) || !looksLikeDateLine(m[1]!)) return null;
  const date = parseVisibleDate(m[1]!);
  if (date) node.textContent = (node.textContent ?? '').slice(m[0].length);
  return date;
}

/** An agency story's closing credit: "(Reporting by Will Dunham in Washington; Editing by Tom Brown)". */
const REPORTING_BY_RE = /^\(?\s*reporting by\s+([^;)]{3,120})/i;
const REPORTER_PLACE_RE = /\s+in\s+\p{Lu}[^,]*$/u;
/** The credit is among the article's last paragraphs. */
const CREDIT_SCAN = 3;

/** The reporters a closing agency credit names, or null. */
function reportersCredited(paragraphs: readonly string[]): string | null {
  for (const p of paragraphs.slice(-CREDIT_SCAN)) {
    const m = REPORTING_BY_RE.exec(p);
    if (m) return m[1]!.replace(REPORTER_PLACE_RE, '').trim();
  }
  return null;
}

// ---------------------------------------------------------------- document

function setBaseUri(document: Document, base: string): void {
  try {
    Object.defineProperty(document, 'baseURI', { value: base, configurable: true });
    Object.defineProperty(document, 'documentURI', { value: base, configurable: true });
  } catch {
    /* relative URLs simply stay relative */
  }
}

function baseFor(found: PageElements, url: string | null): string | null {
  const href = found.base?.getAttribute('href')?.trim() ?? null;
  let base = url && SCHEME_RE.test(url) ? url : null;
  if (href) {
    try {
      base = new URL(href, base ?? undefined).href;
    } catch {
      /* keep the capture's address */
    }
  }
  return base;
}

function firstHeading(document: Document): string | null {
  const h = document.querySelector('h1') ?? document.querySelector('h2');
  return h ? collapse(h.textContent ?? '') || null : null;
}

interface Body {
  root: Element;
  readability: ReturnType<Readability<Element>['parse']>;
}

/** What holds the article: an overlay inside it, or around it, is left alone. */
const ARTICLE_CONTAINER = 'article, main, [itemprop="articleBody"], [role="main"]';
/** A consent overlay is short: a longer block so named is something else. */
const MAX_CONSENT_BOX_WORDS = 150;

/**
 * Removes consent overlays (named so by their class or id: page-scan.ts) outside the
 * article container before Readability scores the page: a consent text longer than a
 * short article would otherwise win over it. (A page
 * whose only text is the banner still gets it back: the fallback re-reads the page.)
 */
function dropConsentOverlays(found: PageElements): void {
  if (!found.articleContainer) return;
  for (const el of found.consentNamed) {
    if (el.closest(ARTICLE_CONTAINER) || el.querySelector(`${ARTICLE_CONTAINER}, h1`)) continue;
    const text = collapse(el.textContent ?? '');
    if (text && wordCount(text) <= MAX_CONSENT_BOX_WORDS && hasConsentWords(text)) el.remove();
  }
}

function runReadability(document: Document): Body | null {
  const reader = new Readability<Element>(document, {
    keepClasses: true, // only to spot caption credits; sanitizeHtml strips classes
    serializer: (node) => node as Element,
  });
  const article = reader.parse();
  const root = article?.content;
  if (!article || !root || !HAS_WORD_RE.test(root.textContent ?? '')) return null;
  return { root, readability: article };
}

function excerptOf(meta: PageMetadata, readabilityExcerpt: string | null | undefined, paragraphs: string[]): string | null {
  const e = meta.description ?? (readabilityExcerpt ? collapse(readabilityExcerpt) : null) ?? paragraphs[0] ?? null;
  if (!e) return null;
  return e.length > 500 ? `${e.slice(0, 497).trimEnd()}…` : e;
}

/** Extracts a clipping from an HTML page. Throws CaptureError when the page has no readable text. */
export function extractFromHtml(html: string, opts: HtmlExtractOptions = {}): ExtractedClipping {
  const url = opts.url?.trim() || null;
  // Size, element count and nesting, before the parse they would make cost minutes.
  const { elements, html: markup } = checkMarkup(html);
  // (The parse5 tree is not kept: held through Readability, its nodes cost every collection.)
  let document = documentOf(parseTree(markup));
  const found = scanPage(document);
  const base = baseFor(found, url);
  const meta = extractMetadata(document, { baseUrl: base, capturedAt: opts.capturedAt ?? captureTimeOf(html) }, found);
  const titleFromPage = meta.title === null ? firstHeading(document) : null;
  if (base) setBaseUri(document, base);

  // Readability's cost per element is high: a page larger than any real one is read by
  // the whole-body fallback instead (linear), so it is still stored.
  const readable = elements <= MAX_READABILITY_ELEMENTS;
  if (readable) dropConsentOverlays(found);
  const body = readable ? runReadability(document) : null;
  let root: Element;
  if (body) {
    root = body.root;
  } else {
    // Readability found nothing (or was not run): fall back to the whole body's block text.
    if (readable) document = documentOf(parseTree(markup));
    for (const el of Array.from(document.querySelectorAll(FALLBACK_STRIP))) el.remove();
    root = document.body ?? document.documentElement;
  }
  const article = body?.readability ?? null;

  const figures = extractFigures(root, base);
  pruneBoilerplate(root);
  dropRepeatsAndEditLinks(root);
  const datelineDate = takeLeadingDateline(root);
  const articleHtml = root.innerHTML;
  for (const fig of Array.from(root.querySelectorAll('figure'))) fig.remove();

  const title =
    meta.title ??
    (article?.title ? cleanTitle(article.title, meta.siteName ? [meta.siteName] : [], null) : null) ??
    titleFromPage;
  let byline = meta.byline ?? (article?.byline ? cleanByline([article.byline], meta.siteName ? [meta.siteName] : []) : null);

  let paragraphs = withoutRepeats(dropLinkLists(blockTexts(root)));
  const { dateLine, bylineLine } = dropBoilerplate(paragraphs, title, byline);
  if (!byline && bylineLine) byline = cleanByline([bylineLine], meta.siteName ? [meta.siteName] : []);
  // Signed only by an agency, or not at all: the reporters a closing credit names come first.
  const reporters = !byline || isAgencyOnly(byline) ? reportersCredited(paragraphs) : null;
  if (reporters) byline = cleanByline([reporters, ...(byline ? [byline] : [])], meta.siteName ? [meta.siteName] : []) ?? byline;
  // A page of interface strings only ("Home", "Sign in") has no readable text: refused.
  // Any other text is stored, flagged uncertain when it is short or only boilerplate.
  if (paragraphs.every((p) => UI_LINE_RE.test(p))) throw new CaptureError('no article text found');
  // Cookie banners and paywall boxes leave the body when other text remains.
  const content = paragraphs.filter((p) => !isBoilerplateBlock(p));
  if (content.some((p) => !UI_LINE_RE.test(p))) paragraphs = content;
  const uncertain = isUncertainBody(paragraphs, false);

  const publishedAt = meta.undated
    ? null
    : (meta.publishedAt ??
      (article?.publishedTime ? normalizeIsoDate(article.publishedTime) : null) ??
      (dateLine ? parseVisibleDate(dateLine) : null) ??
      datelineDate);

  // A declared language that the text contradicts (an English article on a German site
  // template) loses to a confident detection; detection only gives a primary tag.
  const declared = meta.lang ?? normalizeLangTag(article?.lang ?? null);
  const detected = detectLanguage(paragraphs.slice(0, LANG_SAMPLE_PARAGRAPHS).join('\n'));
  const lang = declared && (!detected || declared.split('-')[0] === detected) ? declared : (detected ?? declared);

  return {
    title: title ?? null,
    byline,
    outlet: meta.siteName ?? (isSiteName(article?.siteName) ? collapse(article.siteName) : null),
    sourceUrl: url ?? meta.url,
    canonicalUrl: meta.canonicalUrl,
    publishedAt,
    modifiedAt: meta.modifiedAt,
    lang,
    excerpt: excerptOf(meta, article?.excerpt, paragraphs),
    leadImage: meta.image ?? figures.find((f) => f.src)?.src ?? null,
    paragraphs,
    figures,
    html: sanitizeHtml(articleHtml),
    ...(uncertain ? { uncertain } : {}),
  };
}
