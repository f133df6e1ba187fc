/**
 * Linear scanning over untrusted text: `forward` (an indexOf that remembers) and a
 * pre-parse pass over HTML that counts elements and measures nesting the way a simple
 * tree builder (htmlparser2's rules) would — void elements, raw-text elements, comments,
 * the end tags a start tag implies — without building anything, so the page's limits are
 * checked before the parse that would cost minutes on a crafted page (parse.ts checks
 * the browser's tree again). The same pass drops script and style text. Every
 * character is looked at a bounded number of times; the pass stops at the first limit.
 */
import { MAX_HTML_BYTES, MAX_HTML_DEPTH, MAX_HTML_ELEMENTS, mb } from './limits.ts';
import { CaptureError } from './types.ts';

const VOID = new Set(['area', 'base', 'basefont', 'br', 'col', 'command', 'embed', 'frame', 'hr', 'img', 'input', 'isindex', 'keygen', 'link', 'meta', 'param', 'source', 'track', 'wbr']);
/** Elements whose content is text up to their end tag. */
const RAW_TEXT = new Set(['script', 'style', 'title', 'textarea', 'xmp']);
const P = ['p'];
const FORM = ['input', 'option', 'optgroup', 'select', 'button', 'datalist', 'textarea'];
/** A start tag closes these open elements first (htmlparser2's rules). */
const IMPLIES_CLOSE = new Map<string, readonly string[]>([
  ['tr', ['tr', 'th', 'td']], ['th', ['th']], ['td', ['thead', 'th', 'td']], ['body', ['head', 'link', 'script']], ['li', ['li']],
  ['option', ['option']], ['optgroup', ['optgroup', 'option']], ['dd', ['dd', 'dt']], ['dt', ['dd', 'dt']], ['rt', ['rt', 'rp']], ['rp', ['rt', 'rp']],
  ['tbody', ['thead', 'tbody']], ['tfoot', ['thead', 'tbody']],
  ...['select', 'input', 'output', 'button', 'datalist', 'textarea'].map((t) => [t, FORM] as [string, readonly string[]]),
  ...['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'address', 'article', 'aside', 'blockquote', 'details', 'div', 'dl', 'fieldset', 'figcaption', 'figure',
    'footer', 'form', 'header', 'hr', 'main', 'nav', 'ol', 'pre', 'section', 'table', 'ul'].map((t) => [t, P] as [string, readonly string[]]),
]);
/** Inside these, `<x/>` closes itself. */
const FOREIGN = new Set(['svg', 'math']);

/**
 * `s.indexOf(needle, at)`, remembering the last answer: asked again from a point between
 * the last start and that answer, it is the same, so many openers sharing one far (or
 * missing) closer cost one scan, not one each.
 */
export function forward(s: string, needle: string): (at: number) => number {
  let from = Infinity;
  let found = -1;
  return (at) => {
    if (at >= from && (found < 0 || at <= found)) return found;
    from = at;
    found = s.indexOf(needle, at);
    return found;
  };
}

export interface MarkupStats {
  elements: number;
  depth: number;
  /**
   * The markup without the text of its scripts (but JSON-LD) and styles, which no part of
   * the extraction reads and which are about half the bytes of a news page: the parsers
   * then skip them at no cost.
   */
  html: string;
}

function isNameStart(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);
}
export function isNameEnd(c: number): boolean {
  // whitespace, "/", ">"
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0c || c === 0x0d || c === 0x2f || c === 0x3e;
}

/** Index just past the `>` that ends the tag whose attributes start at `i` (quotes respected), and whether it ended with `/>`. */
export function tagEnd(html: string, i: number): { end: number; selfClosing: boolean } {
  const n = html.length;
  while (i < n) {
    const c = html.charCodeAt(i);
    if (c === 0x3e) return { end: i + 1, selfClosing: html.charCodeAt(i - 1) === 0x2f };
    if (c === 0x22 || c === 0x27) {
      // A quote opens a value only after "=" (spaces allowed between).
      let k = i - 1;
      while (k > 0 && (html.charCodeAt(k) === 0x20 || html.charCodeAt(k) === 0x09 || html.charCodeAt(k) === 0x0a || html.charCodeAt(k) === 0x0d)) k--;
      if (html.charCodeAt(k) === 0x3d) {
        const close = html.indexOf(c === 0x22 ? '"' : "'", i + 1);
        if (close < 0) return { end: n, selfClosing: false };
        i = close + 1;
        continue;
      }
    }
    i++;
  }
  return { end: n, selfClosing: false };
}

/** Where the raw-text element `name` that starts at `i` ends: its end tag's `<` and the index just past its `>`. */
function rawTextEnd(html: string, i: number, name: string): { close: number; end: number } {
  for (let k = html.indexOf('</', i); k >= 0; k = html.indexOf('</', k + 2)) {
    if (html.slice(k + 2, k + 2 + name.length).toLowerCase() === name && isNameEnd(html.charCodeAt(k + 2 + name.length) || 0x3e)) {
      const gt = html.indexOf('>', k);
      return { close: k, end: gt < 0 ? html.length : gt + 1 };
    }
  }
  return { close: html.length, end: html.length };
}

/** A script whose text the extractor reads (JSON-LD metadata); every other script's and style's text is dropped before parsing. */
const KEPT_SCRIPT_RE = /\btype\s*=\s*["']?application\/ld\+json/i;

/**
 * Counts the elements of `html` and its deepest nesting; throws CaptureError as soon as
 * either passes its limit (or the markup is larger than MAX_HTML_BYTES). Returns them
 * with the markup stripped of script and style text.
 */
export function checkMarkup(html: string, limits = { bytes: MAX_HTML_BYTES, elements: MAX_HTML_ELEMENTS, depth: MAX_HTML_DEPTH }): MarkupStats {
  if (html.length > limits.bytes) throw new CaptureError(`too large for a web page (${mb(html.length)} of HTML; the limit is ${mb(limits.bytes)})`);
  const stack: string[] = [];
  /** How many of each name are open (a stack search only when there is one). */
  const open = new Map<string, number>();
  let foreign = 0;
  let elements = 0;
  let depth = 0;
  /** The kept pieces of the markup, and where the next one starts. */
  const kept: string[] = [];
  let keptFrom = 0;
  const push = (name: string): void => {
    stack.push(name);
    open.set(name, (open.get(name) ?? 0) + 1);
    if (FOREIGN.has(name)) foreign++;
    if (stack.length > depth) {
      depth = stack.length;
      if (depth > limits.depth) throw new CaptureError(`the page is nested too deeply to read (more than ${limits.depth} levels of elements)`);
    }
  };
  const pop = (): void => {
    const name = stack.pop()!;
    open.set(name, open.get(name)! - 1);
    if (FOREIGN.has(name)) foreign--;
  };
  const n = html.length;
  let i = html.indexOf('<');
  while (i >= 0 && i < n) {
    const c = html.charCodeAt(i + 1);
    if (c === 0x21 /* ! */) {
      if (html.startsWith('<!--', i)) {
        const close = html.indexOf('-->', i + 4);
        i = close < 0 ? n : close + 3;
      } else {
        const close = html.indexOf('>', i + 2);
        i = close < 0 ? n : close + 1;
      }
    } else if (c === 0x3f /* ? */) {
      const close = html.indexOf('>', i + 2);
      i = close < 0 ? n : close + 1;
    } else if (c === 0x2f /* / */ && isNameStart(html.charCodeAt(i + 2))) {
      let k = i + 2;
      while (k < n && !isNameEnd(html.charCodeAt(k))) k++;
      const name = html.slice(i + 2, k).toLowerCase();
      if ((open.get(name) ?? 0) > 0) {
        while (stack.length > 0 && stack[stack.length - 1] !== name) pop();
        pop();
      }
      const close = html.indexOf('>', k);
      i = close < 0 ? n : close + 1;
    } else if (isNameStart(c)) {
      let k = i + 1;
      while (k < n && !isNameEnd(html.charCodeAt(k))) k++;
      const name = html.slice(i + 1, k).toLowerCase();
      if (++elements > limits.elements) throw new CaptureError(`the page has too many elements to read (more than ${limits.elements.toLocaleString('en')})`);
      const implied = IMPLIES_CLOSE.get(name);
      if (implied) while (stack.length > 0 && implied.includes(stack[stack.length - 1]!)) pop();
      const { end, selfClosing } = tagEnd(html, k);
      if (!VOID.has(name) && !(selfClosing && foreign > 0)) {
        push(name);
        if (RAW_TEXT.has(name)) {
          const raw = rawTextEnd(html, end, name);
          if (raw.close > end && (name === 'style' || (name === 'script' && !KEPT_SCRIPT_RE.test(html.slice(k, end))))) {
            kept.push(html.slice(keptFrom, end));
            keptFrom = raw.close;
          }
          i = raw.end;
          pop();
          continue;
        }
      }
      i = end;
    } else {
      i++;
    }
    i = html.indexOf('<', i);
  }
  kept.push(html.slice(keptFrom));
  return { elements, depth, html: kept.length === 1 ? html : kept.join('') };
}
