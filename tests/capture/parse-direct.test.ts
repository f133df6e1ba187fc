/**
 * electron/core/capture/parse.ts: the DOM built node by node from parse5's tree
 * (`documentOf`) is exactly the one linkedom makes of the serialised tree
 * (`domOf(normalizeHtml(html))`, the reference), node for node: names, classes,
 * namespaces, attributes in order, text, comments and the doctype.
 */
import { describe, expect, it } from 'vitest';
import { MAX_READS_IN_CONTEXT, builtDocument, documentOf, domOf, normalizeHtml, parseTree } from '../../electron/core/capture/parse.ts';

/** Every node of a document, one line each, as the extractor could see it. */
function dump(doc: Document): string {
  const lines = [`doctype ${doc.doctype ? `${doc.doctype.name}|${doc.doctype.publicId}|${doc.doctype.systemId}` : 'none'}`];
  const walk = (node: Node, depth: number): void => {
    for (let c = node.firstChild; c; c = c.nextSibling) {
      const pad = ' '.repeat(depth);
      if (c.nodeType === 1) {
        const el = c as Element & { ownerSVGElement?: Element | null };
        const attrs = Array.from(el.attributes).map((a) => `${a.name}=${JSON.stringify(a.value)}`).join(' ');
        lines.push(`${pad}<${el.localName}> ${el.constructor.name}${el.ownerSVGElement ? ' in-svg' : ''} [${attrs}] class=${JSON.stringify(el.className)}`);
        walk(el, depth + 1);
      } else {
        lines.push(`${pad}#${c.nodeType} ${JSON.stringify((c as CharacterData).data)}`);
      }
    }
  };
  walk(doc, 0);
  return lines.join('\n');
}

const reference = (html: string): string => dump(domOf(normalizeHtml(html)));

/** Read node by node, without the serialisation, and the same as the reference. */
function expectBuiltAsReference(html: string): void {
  const built = builtDocument(parseTree(html));
  expect(built, 'built directly').not.toBeNull();
  expect(dump(built!)).toBe(reference(html));
}

describe('the DOM built from the tree', () => {
  it('is the reference DOM for an ordinary page: doctype, head, attributes in order, classes, entities, comments', () => {
    expectBuiltAsReference(
      '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>A &amp; B&nbsp;&lt;C&gt;</title>' +
        '<link rel="canonical" href="https://x.test/a?b=1&amp;c=2"></head>' +
        '<body class="  page   home page " data-x="&quot;q&quot;" id="top"><!-- a comment --><h1>Title</h1>' +
        '<p>One &amp; two&nbsp;three <a href="/x" title="a &lt; b">link</a><br>four</p><table><tr><td>cell</table></body></html>',
    );
  });

  it('is the reference DOM where linkedom reads the serialisation its own way', () => {
    // <noscript> text is written as it stands and read as markup, in the same context.
    expectBuiltAsReference('<body><div><noscript><img src="a.png" alt="x &amp; y"><p>no script</p></noscript><p>after</p></div></body>');
    expectBuiltAsReference('<head><noscript><img src="pixel.gif"></noscript></head><body><p>x</p></body>');
    // <textarea> text is read without decoding entities; <title> with.
    expectBuiltAsReference('<body><textarea>a &amp; b <script src="x?a=1&amp;b=2"></script></textarea><p>x</p></body>');
    // SVG: names lower-cased, attributes as written (viewBox, xlink:href), elements owned by the <svg>.
    expectBuiltAsReference(
      '<body><svg viewBox="0 0 1 1" xmlns:xlink="http://www.w3.org/1999/xlink"><foreignObject><p>x</p></foreignObject>' +
        '<clipPath id="c"><use xlink:href="#u"></use></clipPath><style>a &gt; b</style><title>t &amp; u</title></svg><p>after</p></body>',
    );
    // A template's content becomes its children; an iframe's markup text is read as markup.
    expectBuiltAsReference('<body><template><p>in template</p></template><iframe><b>x</b> &amp; y</iframe><p>z</p></body>');
    // Comments with dashes at their edges.
    expectBuiltAsReference('<body><!----><!-- a --><!--- b ---><!-->--><p>x</p><!-- c --!><p>y</p></body>');
  });

  it('falls back to the serialisation where re-reading it would not copy the tree, and still gives the reference DOM', () => {
    const cases = [
      // Quirks mode keeps a <table> inside a <p>; htmlparser2 closes the <p>.
      '<p>para<table><tr><td>cell</td></tr></table>after</p>',
      // A <noscript> whose text closes an element it did not open.
      '<body><div><noscript></div><p>escaped</p></noscript><p>after</p></div></body>',
      // Attribute names htmlparser2 keeps in another order, or drops.
      '<body><p 1="one" b="two" __proto__="x">text</p></body>',
      '<body><bgsound src="x"><p>after</p></body>',
    ];
    for (const html of cases) {
      expect(builtDocument(parseTree(html)), html).toBeNull();
      expect(dump(documentOf(parseTree(html))), html).toBe(reference(html));
    }
  });

  it('reads at most MAX_READS_IN_CONTEXT pieces of markup in context, then builds through the serialisation', () => {
    const deep = (n: number): string => `${'<div>'.repeat(50)}${'<!-- odd --->'.repeat(n)}${'</div>'.repeat(50)}`;
    expect(builtDocument(parseTree(deep(MAX_READS_IN_CONTEXT)))).not.toBeNull();
    const html = deep(MAX_READS_IN_CONTEXT + 1);
    expect(builtDocument(parseTree(html))).toBeNull();
    expect(dump(documentOf(parseTree(html)))).toBe(reference(html));
  });

  it('can be built twice from one tree (the whole-body fallback reads a fresh DOM)', () => {
    const tree = parseTree('<body><noscript><img src="a.png"></noscript><p>text</p></body>');
    const first = documentOf(tree);
    first.body.innerHTML = '';
    expect(dump(documentOf(tree))).toBe(dump(domOf(normalizeHtml('<body><noscript><img src="a.png"></noscript><p>text</p></body>'))));
  });
});
