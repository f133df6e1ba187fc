/**
 * Checks the DOM built node by node from parse5's tree (parse.ts `builtDocument`) against
 * the reference, linkedom's parse of the serialised tree (`domOf(serialize(tree))`), on
 * every corpus page: the 181 benchmark pages, Readability's test pages and our own pages
 * (after markup.ts, as extraction reads them). Prints the pages built through the
 * serialisation instead and any page whose DOM differs (there must be none).
 *
 *   node --import tsx tests/bench/dom-build-check.ts [more.html …]
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { serialize } from 'parse5';
import { decodeText } from '../../electron/core/capture/decode.ts';
import { checkMarkup } from '../../electron/core/capture/markup.ts';
import { builtDocument, domOf, parseTree } from '../../electron/core/capture/parse.ts';
import { BENCHMARK_HTML, READABILITY_PAGES } from '../shared.ts';
import { OWN_PAGES_DIR } from './extraction-labels.ts';

const files = [
  ...readdirSync(BENCHMARK_HTML).filter((f) => f.endsWith('.html.gz')).sort().map((f) => path.join(BENCHMARK_HTML, f)),
  ...readdirSync(READABILITY_PAGES).sort().map((d) => path.join(READABILITY_PAGES, d, 'source.html')),
  ...readdirSync(OWN_PAGES_DIR).sort().map((d) => path.join(OWN_PAGES_DIR, d, 'page.html')),
  ...process.argv.slice(2),
].filter((f) => existsSync(f));

/** Every node, one line each: names, element classes, SVG ownership, attributes in order, text, comments, the doctype. */
function dump(doc: Document): string {
  const lines = [`doctype ${doc.doctype ? `${doc.doctype.name}|${doc.doctype.publicId}|${doc.doctype.systemId}` : 'none'}`];
  const walk = (node: Node, depth: number): void => {
    for (let c = node.firstChild; c; c = c.nextSibling) {
      if (c.nodeType === 1) {
        const el = c as Element & { ownerSVGElement?: Element | null };
        const attrs = Array.from(el.attributes).map((a) => `${a.name}=${JSON.stringify(a.value)}`).join(' ');
        lines.push(`${depth} <${el.localName}> ${el.constructor.name}${el.ownerSVGElement ? ' in-svg' : ''} [${attrs}] class=${JSON.stringify(el.className)}`);
        walk(el, depth + 1);
      } else {
        lines.push(`${depth} #${c.nodeType} ${JSON.stringify((c as CharacterData).data)}`);
      }
    }
  };
  walk(doc, 0);
  return lines.join('\n');
}

let same = 0;
let serialised = 0;
let differ = 0;
for (const f of files) {
  const raw = readFileSync(f);
  const { text } = decodeText(f.endsWith('.gz') ? gunzipSync(raw) : raw, { html: true });
  let tree;
  try {
    tree = parseTree(checkMarkup(text).html);
  } catch (err) {
    console.log(`refused: ${f}: ${(err as Error).message}`);
    continue;
  }
  const built = builtDocument(tree);
  if (!built) {
    serialised++;
    console.log(`built through the serialisation: ${f}`);
    continue;
  }
  const want = dump(domOf(serialize(tree))).split('\n');
  const got = dump(built).split('\n');
  const at = want.findIndex((line, i) => line !== got[i]);
  if (at < 0 && want.length === got.length) {
    same++;
  } else {
    differ++;
    console.log(`DIFFERENT: ${f}\n  reference: ${want[at]?.slice(0, 300)}\n  built:     ${got[at]?.slice(0, 300)}`);
  }
}
console.log(`${files.length} pages: ${same} built directly and the same, ${serialised} built through the serialisation, ${differ} different`);
if (differ > 0) process.exit(1);
