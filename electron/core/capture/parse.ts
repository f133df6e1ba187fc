/**
 * HTML → DOM the way a browser builds it. parse5 runs the WHATWG tree construction (a
 * stray element between `</head>` and `<body>`, a second `<html>` or `<body>`, unclosed
 * tables and paragraphs, misnested formatting: each recovered as a browser recovers it);
 * its tree is serialised — well-formed, every element closed where it ends — and that
 * markup builds the linkedom DOM the extractor, Readability and the sanitiser work on.
 * (linkedom's own parser, htmlparser2, is not a WHATWG parser: on such pages its
 * `document.body` was an empty stand-in, or the text was split or moved.)
 *
 * Cost: script and style text (half a news page's bytes) is dropped before (markup.ts),
 * which pays for most of the two parses; on the 181 benchmark pages extraction takes
 * about a fifth more CPU than with linkedom's parser alone (`npm run eval:extraction`
 * times it and the import path).
 */
import { parseHTML } from 'linkedom';
import { defaultTreeAdapter, parse, serialize, type DefaultTreeAdapterMap } from 'parse5';
import { MAX_HTML_DEPTH, MAX_HTML_ELEMENTS } from './limits.ts';
import { CaptureError } from './types.ts';

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

/**
 * The browser's tree of `html` as well-formed markup. The element count and depth are
 * checked again on the tree itself: the pre-parse pass counts the tags of the source,
 * while tree construction can make more (formatting elements reopened in each new
 * paragraph) — crafted markup could otherwise grow the tree far past both limits.
 */
export function normalizeHtml(html: string): string {
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
  return serialize(tree);
}

/** A linkedom document of markup from normalizeHtml. */
export function domOf(normalized: string): Document {
  const document = parseHTML(normalized).document as unknown as Document;
  // The parser makes a text node of each run between entities: 400,000 "&amp;" in one
  // paragraph would be 400,000 nodes that every textContent walks. Merged here, once.
  document.documentElement?.normalize();
  return document;
}
