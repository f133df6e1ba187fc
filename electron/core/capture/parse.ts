/**
 * HTML → DOM the way a browser builds it. parse5 runs the WHATWG tree construction (a
 * stray element between `</head>` and `<body>`, a second `<html>` or `<body>`, unclosed
 * tables and paragraphs, misnested formatting: each recovered as a browser recovers it),
 * and the linkedom DOM the extractor, Readability and the sanitiser work on is built from
 * its tree. (linkedom's own parser, htmlparser2, is not a WHATWG parser: on such pages
 * its `document.body` was an empty stand-in, or the text was split or moved.)
 *
 * The DOM is built node by node from parse5's tree (`documentOf`), giving exactly the
 * document linkedom makes of parse5's serialised tree (`domOf(normalizeHtml(html))`, the
 * reference) without printing and re-reading every page. Where re-reading is not a plain
 * copy — a `<noscript>`'s text, which htmlparser2 reads as markup; names and nestings that
 * htmlparser2 reads its own way — the builder does what the re-reading does, and a tree
 * it cannot be sure of is built through the serialisation instead.
 *
 * Cost: script and style text (half a news page's bytes) is dropped before (markup.ts);
 * `npm run bench:import` times the whole import path.
 */
import type * as Linkedom from 'linkedom';
import { defaultTreeAdapter, parse, serialize, type DefaultTreeAdapterMap } from 'parse5';
import { MAX_HTML_DEPTH, MAX_HTML_ELEMENTS } from './limits.ts';
import { CaptureError } from './types.ts';
import { onFirstUse, requirePackage } from './on-first-use.ts';

/** linkedom, loaded for the first page (not for text captures: on-first-use.ts). */
const linkedom = onFirstUse(() => requirePackage('linkedom') as typeof Linkedom);

type TreeNode = DefaultTreeAdapterMap['parentNode'] | DefaultTreeAdapterMap['childNode'];

function childrenOf(node: TreeNode): DefaultTreeAdapterMap['childNode'][] {
  if (node.nodeName === 'template') return (node as DefaultTreeAdapterMap['template']).content.childNodes;
  return 'childNodes' in node ? node.childNodes : [];
}

/** Depth of the element tree (iterative; stops past `cap`). */
function treeDepth(root: DefaultTreeAdapterMap['document'], cap: number): number {
  let max = 0;
  const stack: [TreeNode, number][] = [[root, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (depth > max && (max = depth) > cap) return max;
    for (const child of childrenOf(node)) if ('tagName' in child) stack.push([child, depth + 1]);
  }
  return max;
}

export type HtmlTree = DefaultTreeAdapterMap['document'];

/**
 * The browser's tree of `html`. The element count and depth are checked again on the
 * tree itself: the pre-parse pass counts the tags of the source, while tree construction
 * can make more (formatting elements reopened in each new paragraph) — crafted markup
 * could otherwise grow the tree far past both limits.
 */
export function parseTree(html: string): HtmlTree {
  let elements = 0;
  const treeAdapter = {
    ...defaultTreeAdapter,
    createElement(...args: Parameters<typeof defaultTreeAdapter.createElement>) {
      if (++elements > MAX_HTML_ELEMENTS) throw new CaptureError(`the page has too many elements to read (more than ${MAX_HTML_ELEMENTS.toLocaleString('en')})`);
      return defaultTreeAdapter.createElement(...args);
    },
  };
  const tree = parse(html, { treeAdapter });
  if (treeDepth(tree, MAX_HTML_DEPTH) > MAX_HTML_DEPTH) {
    throw new CaptureError(`the page is nested too deeply to read (more than ${MAX_HTML_DEPTH} levels of elements)`);
  }
  return tree;
}

/** The browser's tree of `html` as well-formed markup (the reference `documentOf` is held to). */
export function normalizeHtml(html: string): string {
  return serialize(parseTree(html));
}

/** A linkedom document of markup from normalizeHtml. */
export function domOf(normalized: string): Document {
  const document = linkedom().parseHTML(normalized).document as unknown as Document;
  // The parser makes a text node of each run between entities: 400,000 "&amp;" in one
  // paragraph would be 400,000 nodes that every textContent walks. Merged here, once.
  document.documentElement?.normalize();
  return document;
}

/** The linkedom document of a tree: `domOf(serialize(tree))`, built directly where that is sure to be the same. */
export function documentOf(tree: HtmlTree): Document {
  return builtDocument(tree) ?? domOf(serialize(tree));
}

/** The document built node by node from the tree, or null where re-reading its serialisation would not copy it. */
export function builtDocument(tree: HtmlTree): Document | null {
  try {
    return new Builder().build(tree);
  } catch (err) {
    if (err === NOT_A_COPY) return null;
    throw err;
  }
}

// ------------------------------------------------------------ the direct build

const HTML_NS = 'http://www.w3.org/1999/xhtml';
const SVG_NS = 'http://www.w3.org/2000/svg';

/** Thrown inside the builder where re-reading the serialised tree would not copy it. */
const NOT_A_COPY = Symbol('not a copy');

/** Elements htmlparser2 closes as soon as they open, by name in any namespace. */
const H2_VOID = new Set(['area', 'base', 'basefont', 'br', 'col', 'command', 'embed', 'frame', 'hr', 'image', 'img', 'input', 'keygen', 'link', 'meta', 'param', 'source', 'track', 'wbr']);
/** HTML elements parse5 writes without an end tag or children. */
const P5_VOID = new Set(['area', 'base', 'basefont', 'bgsound', 'br', 'col', 'embed', 'frame', 'hr', 'img', 'input', 'keygen', 'link', 'meta', 'param', 'source', 'track', 'wbr']);
/** Text htmlparser2 reads as it stands up to the end tag (any namespace)… */
const H2_RAW = new Set(['script', 'style', 'xmp', 'textarea']);
/** …or with entities decoded. */
const H2_RCDATA = new Set(['title']);
/** HTML elements whose text parse5 writes unescaped (scripting enabled, its default). */
const P5_RAW = new Set(['style', 'script', 'xmp', 'iframe', 'noembed', 'noframes', 'plaintext', 'noscript']);
/** Characters parse5 escapes in text (entities' `escapeText`). */
const ESCAPED_RE = /[&<>\u00a0]/g;
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '\u00a0': '&nbsp;' };
/** htmlparser2's `openImpliesClose`: opening the key closes an open parent named in the set. */
const P_CLOSERS = ['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'address', 'article', 'aside', 'blockquote', 'details', 'div', 'dl', 'fieldset', 'figcaption', 'figure', 'footer', 'form', 'header', 'hr', 'main', 'nav', 'ol', 'pre', 'section', 'table', 'ul'];
const FORM_TAGS = new Set(['input', 'option', 'optgroup', 'select', 'button', 'datalist', 'textarea']);
const IMPLIES_CLOSE = new Map<string, Set<string>>([
  ['tr', new Set(['tr', 'th', 'td'])],
  ['th', new Set(['th'])],
  ['td', new Set(['thead', 'th', 'td'])],
  ['body', new Set(['head', 'link', 'script'])],
  ['li', new Set(['li'])],
  ...P_CLOSERS.map((t): [string, Set<string>] => [t, new Set(['p'])]),
  ...['select', 'input', 'output', 'button', 'datalist', 'textarea'].map((t): [string, Set<string>] => [t, FORM_TAGS]),
  ['option', new Set(['option'])],
  ['optgroup', new Set(['optgroup', 'option'])],
  ['dd', new Set(['dt', 'dd'])],
  ['dt', new Set(['dt', 'dd'])],
  ['rt', new Set(['rt', 'rp'])],
  ['rp', new Set(['rt', 'rp'])],
  ['tbody', new Set(['thead', 'tbody'])],
  ['tfoot', new Set(['thead', 'tbody'])],
]);
/** Marks the end of markup read in context (Builder.readInContext). */
const MARKER = 'cuttings-read-to-here';
/**
 * Reads in context per page at most: each opens every enclosing element again, so a page
 * of thousands of deeply nested odd comments is built through the serialisation instead
 * (linear), as before.
 */
export const MAX_READS_IN_CONTEXT = 500;

type P5Element = DefaultTreeAdapterMap['element'];

/**
 * Builds the linkedom nodes htmlparser2 + linkedom would make of parse5's serialisation
 * of the tree: names lower-cased, attributes named as written (`xlink:href`), SVG
 * elements inside `<svg>`, the doctype as linkedom reads it, a `<noscript>`'s text read
 * as markup in the same context (and odd comments the same way). Throws NOT_A_COPY where htmlparser2 would read the
 * serialisation into another tree (a parent it closes on opening the child, void or raw
 * text elements with content it reads otherwise, attribute names it orders or drops).
 */
class Builder {
  private document!: Document;
  /** The open `<svg>` whose descendants linkedom makes SVG elements (its `ownerSVGElement`). */
  private svg: Element | null = null;
  /** Lower-cased names of the open elements, outermost first. */
  private readonly open: string[] = [];
  private reads = 0;

  build(tree: HtmlTree): Document {
    this.document = new (linkedom().DOMParser)().parseFromString('', 'text/html') as unknown as Document;
    for (const child of tree.childNodes) {
      if (child.nodeName === '#documentType') {
        // linkedom reads `<!DOCTYPE name>` as the doctype `name`.
        (this.document as unknown as { doctype: string }).doctype = (child as DefaultTreeAdapterMap['documentType']).name.trim();
      } else {
        this.children(this.document as unknown as Node, [child], null);
      }
    }
    this.document.documentElement?.normalize();
    return this.document;
  }

  private children(into: Node, nodes: DefaultTreeAdapterMap['childNode'][], parent: P5Element | null): void {
    for (const node of nodes) {
      if ('tagName' in node) {
        this.element(into, node, parent);
      } else if (node.nodeName === '#text') {
        this.text(into, (node as DefaultTreeAdapterMap['textNode']).value, parent);
      } else if (node.nodeName === '#comment') {
        const data = (node as DefaultTreeAdapterMap['commentNode']).data;
        // `<!--data-->` is read back as the same comment unless dashes or `>` at its edges say otherwise.
        if (data.startsWith('>') || data.startsWith('-') || data.endsWith('-') || data.includes('-->')) this.readInContext(into, `<!--${data}-->`);
        else into.appendChild(this.document.createComment(data));
      }
    }
  }

  private element(into: Node, node: P5Element, parent: P5Element | null): void {
    const name = node.tagName.toLowerCase();
    const html = node.namespaceURI === HTML_NS;
    const parentName = this.open.at(-1);
    if (parentName !== undefined && IMPLIES_CLOSE.get(name)?.has(parentName)) throw NOT_A_COPY;
    const kids = node.nodeName === 'template' && 'content' in node ? (node as DefaultTreeAdapterMap['template']).content.childNodes : node.childNodes;
    if (kids.length > 0 && (H2_VOID.has(name) || (html && P5_VOID.has(name)))) throw NOT_A_COPY;
    if (html && name === 'bgsound') throw NOT_A_COPY;
    if ((H2_RAW.has(name) || H2_RCDATA.has(name)) && kids.some((k) => k.nodeName !== '#text')) throw NOT_A_COPY;

    let el: Element;
    let ownsSvg = false;
    if (this.svg) {
      el = this.document.createElementNS(SVG_NS, name);
      (el as unknown as { ownerSVGElement: Element }).ownerSVGElement = this.svg;
    } else if (name === 'svg') {
      el = this.document.createElementNS(SVG_NS, name);
      this.svg = el;
      ownsSvg = true;
    } else {
      el = this.document.createElement(name);
    }
    into.appendChild(el);
    // linkedom puts each attribute set after the element, before those set already: set last first.
    const names = new Set<string>();
    const attrs: [string, string][] = [];
    for (const a of node.attrs) {
      const written = attributeName(a);
      // htmlparser2 keeps attributes in an object: index-like names would come first, `__proto__` is lost, a repeat is dropped.
      if (written.includes('=') || written === '__proto__' || /^(?:0|[1-9]\d*)$/.test(written) || names.has(written)) throw NOT_A_COPY;
      names.add(written);
      attrs.push([written, flat(a.value)]);
    }
    for (let i = attrs.length - 1; i >= 0; i--) {
      const [attrName, value] = attrs[i]!;
      if (this.svg) {
        // (SVGElement's setAttribute has its own ways with class and style.)
        const attr = this.document.createAttribute(attrName);
        attr.value = value;
        el.setAttributeNode(attr);
      } else {
        // Not through an Attr's `value` setter: that marks a style attribute changed, and
        // linkedom then parses it again at every read of `style` (Readability reads each element's).
        el.setAttribute(attrName, value);
      }
    }
    this.open.push(name);
    this.children(el, kids, node);
    this.open.pop();
    if (ownsSvg) this.svg = null;
  }

  private text(into: Node, value: string, parent: P5Element | null): void {
    const name = this.open.at(-1);
    if (parent && name !== undefined) {
      const written = parent.namespaceURI === HTML_NS && P5_RAW.has(name) ? 'raw' : 'escaped';
      if (H2_RAW.has(name)) {
        // Read as written (escaped, in a <textarea> or an SVG <style>), up to the first `</name`.
        if (written === 'escaped') value = value.replace(ESCAPED_RE, (c) => ESCAPES[c]!);
        else if (value.toLowerCase().includes(`</${name}`)) throw NOT_A_COPY;
      } else if (written === 'raw' && !H2_RCDATA.has(name) && /[<&]/.test(value)) {
        // Written as it stands and read as markup: a <noscript>'s images, say.
        this.readInContext(into, value);
        return;
      }
    }
    into.appendChild(this.document.createTextNode(flat(value)));
  }

  /**
   * The nodes htmlparser2 makes of `markup` (what parse5 wrote here) inside the open
   * elements: the markup read after the same open tags, followed by a marker element. It
   * is the same reading when the marker is found right after it, as the last child of the
   * innermost open element and with every open element still the only child of its parent
   * (nothing in the markup closed an element it did not open, or ran on past its end).
   */
  private readInContext(into: Node, markup: string): void {
    const chain = this.open;
    if (++this.reads > MAX_READS_IN_CONTEXT) throw NOT_A_COPY;
    if (chain.includes('svg')) throw NOT_A_COPY; // elements would belong to the wrong <svg>
    const box = this.document.createElement('div');
    box.innerHTML = `${chain.map((n) => `<${n}>`).join('')}${markup}<${MARKER}></${MARKER}>${chain.toReversed().map((n) => `</${n}>`).join('')}`;
    let at: Node = box;
    for (const n of chain) {
      const only = at.firstChild;
      if (!only || only !== at.lastChild || (only as Element).localName !== n) throw NOT_A_COPY;
      at = only;
    }
    const marker = at.lastChild;
    if (!marker || (marker as Element).localName !== MARKER) throw NOT_A_COPY;
    for (let n = at.firstChild; n && n !== marker; n = at.firstChild) into.appendChild(n);
  }
}

/**
 * `s` as one flat string. parse5 builds text and attribute values piece by piece (a chain
 * of concatenations, up to one link per character), which every later regex or join over
 * the DOM would walk and the collector trace; converting to a number flattens it in place.
 */
function flat(s: string): string {
  void Number(s);
  return s;
}

/** An attribute's name as parse5 writes it. */
function attributeName(a: DefaultTreeAdapterMap['element']['attrs'][number]): string {
  switch (a.namespace) {
    case undefined:
    case '':
      return a.name;
    case 'http://www.w3.org/XML/1998/namespace':
      return `xml:${a.name}`;
    case 'http://www.w3.org/2000/xmlns/':
      return a.name === 'xmlns' ? 'xmlns' : `xmlns:${a.name}`;
    case 'http://www.w3.org/1999/xlink':
      return `xlink:${a.name}`;
    default:
      return `${a.prefix}:${a.name}`;
  }
}
