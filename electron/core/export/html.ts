/**
 * HTML: one self-contained file — styles inline, images only from stored `data:` URLs,
 * no scripts, no remote requests (a Content-Security-Policy says so too). Everything
 * comes from the model (`text`, figures, metadata, notes), never from the capture's
 * markup; every piece of clipping data is escaped text, links are http(s) only, and
 * Markdown notes are rendered by CommonMark with raw HTML, images and unsafe links
 * turned back into text.
 */
import { HtmlRenderer, Node } from 'commonmark';
import type { Annotation } from '../../contract/shapes.ts';
import { colorOf, inlineImageSrc, PALETTE, parseNote, safeHttpUrl, type HighlightColor } from './meta.ts';
import { metaLine, passage, passages, type ArticleModel, type DigestModel } from './model.ts';
import { topMark, type Paragraph } from './segments.ts';

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] as string);
}

export function htmlArticle(a: ArticleModel): string {
  return page(a.title, a.clipping.lang, articleHtml(a, { level: 1, highlightsOnly: false, idPrefix: '' }));
}

/**
 * Page numbers in a printed press review's contents (see `pdfDigest`): `'mark'` prints a
 * hidden marker at each clipping's start (a draft, to find its page) and keeps room for
 * the numbers; a map prints them. The layout is the same either way.
 */
export type ContentsPages = 'mark' | ReadonlyMap<string, number>;

/** The hidden text that says on which page a clipping starts (drafts only). */
export const pageMark = (anchor: string): string => `CUTTINGSPAGEMARK${anchor.replace(/\D/g, '')}Z`;

export function htmlDigest(d: DigestModel, pages?: ContentsPages): string {
  const parts: string[] = [];
  parts.push(
    `<section class="cover"><p class="kicker">Press review</p><h1>${escapeHtml(d.title)}</h1>` +
      (d.dateRange ? `<p class="range">${escapeHtml(d.dateRange)}</p>` : '') +
      `<p class="count">${escapeHtml(d.countLabel)}</p><p class="generated">Compiled ${escapeHtml(d.generated)}</p></section>`,
  );
  const by = { tag: 'tag', outlet: 'outlet', day: 'day' }[d.groupBy];
  parts.push(
    `<nav class="toc" aria-label="Contents"><h2>Contents <span class="by">by ${by}</span></h2>` +
      d.toc
        .map(
          (g) =>
            `<section><h3>${escapeHtml(g.label)}</h3><ol>` +
            g.articles
              .map(
                (a) =>
                  `<li${pages ? ' class="numbered"' : ''}><a href="#${a.anchor}">${escapeHtml(a.title)}</a>` +
                  (pages ? `<span class="pg">${pages === 'mark' ? '' : (pages.get(a.anchor) ?? '')}</span>` : '') +
                  `${metaLine(a) ? ` <span class="meta">${escapeHtml(metaLine(a))}</span>` : ''}</li>`,
              )
              .join('') +
            '</ol></section>',
        )
        .join('') +
      '</nav>',
  );
  for (const s of d.sections) {
    parts.push(
      `<section class="group${d.highlightsOnly ? ' compact' : ''}"><h2 class="group-label">${escapeHtml(s.label)}</h2>` +
        s.articles.map((a) => articleHtml(a, { level: 3, highlightsOnly: d.highlightsOnly, idPrefix: `${a.clipping.id}-`, mark: pages === 'mark' })).join('') +
        '</section>',
    );
  }
  return page(d.title, null, parts.join('\n'), 'digest');
}

interface ArticleOptions {
  level: number;
  highlightsOnly: boolean;
  idPrefix: string;
  /** A draft's hidden page marker in the header. */
  mark?: boolean;
}

function articleHtml(a: ArticleModel, o: ArticleOptions): string {
  const h = `h${o.level}`;
  const sub = `h${Math.min(6, o.level + 1)}`;
  const out: string[] = [];
  const mark = o.mark ? `<span class="page-mark">${pageMark(a.anchor)}</span>` : '';
  out.push(`<article class="clipping" id="${a.anchor}"><header>${mark}<${h} class="title">${escapeHtml(a.title)}</${h}>`);
  const meta = metaLine(a);
  if (meta) out.push(`<p class="meta">${escapeHtml(meta)}</p>`);
  const facts: string[] = [];
  if (a.url) facts.push(`<a class="url" href="${escapeHtml(a.url)}" rel="noopener noreferrer">${escapeHtml(a.url)}</a>`);
  if (a.tags.length) facts.push(`<span class="tags">${a.tags.map((t) => `<span class="tag">${escapeHtml(t)}</span>`).join(' ')}</span>`);
  if (a.captured) facts.push(`<span class="captured">Captured ${escapeHtml(a.captured)}</span>`);
  if (facts.length) out.push(`<p class="facts">${facts.join(' <span class="sep">·</span> ')}</p>`);
  out.push('</header>');
  if (a.clipNote) out.push(`<aside class="clip-note"><p class="label">Note</p>${noteHtml(a.clipNote)}</aside>`);

  const ref = (ann: Annotation): string => {
    const n = a.noteNumber.get(ann.id);
    return n === undefined ? '' : `<sup class="ref"><a href="#note-${o.idPrefix}${n}" id="ref-${o.idPrefix}${n}">${n}</a></sup>`;
  };
  const noteItem = (ann: Annotation): string => {
    const n = a.noteNumber.get(ann.id) as number;
    const color = colorOf(ann.color);
    return (
      `<li class="note note-${color}" id="note-${o.idPrefix}${n}" value="${n}">` +
      `<p class="quote"><span class="n">${n}</span> <mark class="hl hl-${color}">${escapeHtml(passage(ann, a.clipping.text))}</mark></p>` +
      `${noteHtml(ann.note)}</li>`
    );
  };
  const notesBlock = (list: Annotation[]): string => (list.length ? `<aside class="notes"><ol>${list.map(noteItem).join('')}</ol></aside>` : '');

  if (o.highlightsOnly) {
    const list = passages(a);
    if (list.length === 0) out.push('<p class="empty">No highlights.</p>');
    else {
      out.push('<div class="passages">');
      for (const ann of list) {
        const color = colorOf(ann.color);
        const n = a.noteNumber.get(ann.id);
        out.push(
          `<blockquote class="passage"><p><mark class="hl hl-${color}">${escapeHtml(passage(ann, a.clipping.text))}</mark></p>` +
            (n !== undefined ? `<div class="note note-${color}">${noteHtml(ann.note)}</div>` : '') +
            '</blockquote>',
        );
      }
      out.push('</div>');
    }
  } else {
    out.push('<div class="body">');
    for (const p of a.paragraphs) {
      out.push(paragraphHtml(p, ref));
      // Notes sit just below the paragraph where their highlight ends.
      const closing = p.runs.flatMap((r) => r.closes).filter((x) => a.noteNumber.has(x.id));
      out.push(notesBlock(closing));
    }
    out.push('</div>');
    if (a.figures.length) {
      out.push(`<section class="figures"><${sub}>Figures</${sub}>`);
      for (const f of a.figures) {
        const src = inlineImageSrc(f.src);
        const img = src ? `<img src="${escapeHtml(src)}" alt="${escapeHtml(f.alt ?? '')}">` : '';
        const caption = f.caption ?? (src ? null : f.alt);
        out.push(
          `<figure>${img}<figcaption>${caption ? escapeHtml(caption) : ''}` +
            (f.credit ? ` <span class="credit">${escapeHtml(f.credit)}</span>` : '') +
            '</figcaption></figure>',
        );
      }
      out.push('</section>');
    }
    if (a.orphans.length) {
      // The passage and its note together (there is no place in the text to mark).
      out.push(`<section class="orphans"><${sub}>Highlights no longer found in the text</${sub}><aside class="notes"><ol>`);
      for (const ann of a.orphans) {
        out.push(
          a.noteNumber.has(ann.id)
            ? noteItem(ann)
            : `<li class="note note-${colorOf(ann.color)}"><p class="quote"><mark class="hl hl-${colorOf(ann.color)}">${escapeHtml(ann.quote)}</mark></p></li>`,
        );
      }
      out.push('</ol></aside></section>');
    }
  }
  out.push('</article>');
  return out.join('\n');
}

function paragraphHtml(p: Paragraph, ref: (a: Annotation) => string): string {
  let s = '';
  for (const run of p.runs) {
    const top = topMark(run);
    const text = escapeHtml(run.text).replace(/\n/g, '<br>');
    if (top) {
      const overlap = run.marks.length > 1 ? ' hl-overlap' : '';
      s += `<mark class="hl hl-${colorOf(top.color)}${overlap}">${text}</mark>`;
    } else s += text;
    for (const a of run.closes) s += ref(a);
  }
  return `<p>${s}</p>`;
}

/**
 * A note (plain text or Markdown) as safe HTML: raw HTML becomes visible text, images
 * become their alt text, links stay only if http(s) or mailto, headings are demoted.
 */
export function noteHtml(note: string): string {
  const doc = parseNote(note);
  const walker = doc.walker();
  const todo: Array<() => void> = [];
  for (let ev = walker.next(); ev; ev = walker.next()) {
    const n = ev.node;
    if (!ev.entering) continue;
    if (n.type === 'html_inline' || n.type === 'html_block') {
      todo.push(() => {
        const t = new Node(n.type === 'html_block' ? 'paragraph' : 'text');
        if (n.type === 'html_block') {
          const inner = new Node('text');
          inner.literal = n.literal ?? '';
          t.appendChild(inner);
        } else t.literal = n.literal ?? '';
        n.insertBefore(t);
        n.unlink();
      });
    } else if (n.type === 'image') {
      todo.push(() => {
        const t = new Node('text');
        t.literal = plainText(n) || 'image';
        n.insertBefore(t);
        n.unlink();
      });
    } else if (n.type === 'link' && !(safeHttpUrl(n.destination) || /^mailto:[^\s<>"]+$/i.test(n.destination ?? ''))) {
      todo.push(() => {
        for (let c = n.firstChild; c; c = n.firstChild) n.insertBefore(c);
        n.unlink();
      });
    } else if (n.type === 'heading') {
      n.level = Math.min(6, n.level + 3);
    }
  }
  for (const f of todo) f();
  return new HtmlRenderer({ safe: true, softbreak: '<br>' }).render(doc).trim();
}

function plainText(n: Node): string {
  let s = '';
  const w = n.walker();
  for (let ev = w.next(); ev; ev = w.next()) if (ev.entering && ev.node.literal) s += ev.node.literal;
  return s;
}

// ---------------------------------------------------------------------------------
// The page

const CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

function page(title: string, lang: string | null, body: string, kind = 'single'): string {
  const l = lang && /^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$/.test(lang) ? lang : 'en';
  return `<!DOCTYPE html>
<html lang="${escapeHtml(l)}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Cuttings">
<title>${escapeHtml(title)}</title>
<style>${STYLES}</style>
</head>
<body class="${kind}">
<main>
${body}
</main>
</body>
</html>
`;
}

const markRules = (Object.keys(PALETTE) as HighlightColor[])
  .map((c) => `mark.hl-${c}{background:${PALETTE[c].css}}.note-${c}{border-left-color:${PALETTE[c].accent}}`)
  .join('\n');

export const STYLES = `
:root{color-scheme:light;--ink:#1d1d1f;--muted:#5f6368;--rule:#d9d9de;--paper:#fff}
*{box-sizing:border-box}
html{background:#f4f3ef}
body{margin:0;color:var(--ink);font-family:Charter,"Bitstream Charter","Iowan Old Style",Georgia,"DejaVu Serif","Liberation Serif",serif;font-size:18px;line-height:1.6;font-kerning:normal;-webkit-text-size-adjust:100%;text-rendering:optimizeLegibility}
main{max-width:42rem;margin:2.5rem auto;padding:2.5rem 2.75rem;background:var(--paper);box-shadow:0 1px 3px rgba(0,0,0,.08)}
h1,h2,h3,h4,h5,h6,.meta,.facts,.kicker,.label,figcaption,.toc,.count,.generated,.range,sup.ref{font-family:"Helvetica Neue",Helvetica,Arial,"DejaVu Sans","Liberation Sans",sans-serif}
h1,h2,h3{line-height:1.2;margin:0 0 .5rem;font-weight:700;letter-spacing:-.01em;overflow-wrap:anywhere}
h1{font-size:2rem}
h2{font-size:1.45rem;margin-top:2rem}
h3{font-size:1.3rem}
h4,h5,h6{font-size:1rem;margin:1.75rem 0 .5rem}
p{margin:0 0 1rem;overflow-wrap:break-word}
a{color:#1a57b5}
.clipping{margin:0 0 3rem}
.clipping>header{margin-bottom:1.5rem;padding-bottom:1rem;border-bottom:1px solid var(--rule)}
.meta{color:var(--muted);font-size:.9rem;margin:.25rem 0}
.facts{color:var(--muted);font-size:.8rem;margin:.25rem 0;overflow-wrap:anywhere}
.facts .url{color:var(--muted)}
.tag{display:inline-block;padding:0 .45em;border:1px solid var(--rule);border-radius:.8em;font-size:.75rem;line-height:1.5}
.sep{color:#b0b0b8}
mark.hl{color:inherit;padding:.05em 0;border-radius:2px;-webkit-box-decoration-break:clone;box-decoration-break:clone}
mark.hl-overlap{box-shadow:inset 0 -.18em 0 rgba(0,0,0,.22)}
sup.ref{font-size:.65em;line-height:0;margin-left:.1em}
sup.ref a{text-decoration:none;font-weight:700}
.clip-note{margin:0 0 1.5rem;padding:.75rem 1rem;background:#f6f6f8;border-radius:4px;font-size:.95rem}
.clip-note .label{font-size:.7rem;text-transform:uppercase;letter-spacing:.08em;color:var(--muted);margin:0 0 .25rem}
.clip-note>*:last-child,.note>*:last-child{margin-bottom:0}
aside.notes{margin:-.35rem 0 1.25rem}
aside.notes ol{list-style:none;margin:0;padding:0}
.note{margin:0 0 .5rem;padding:.4rem .8rem;border-left:3px solid #c9a800;background:#fafafa;font-size:.88rem;line-height:1.5;break-inside:avoid}
.note .quote{font-style:italic;margin:0 0 .2rem;color:#333}
.note p{margin:0 0 .4rem}
.note .n{font-style:normal;font-family:"Helvetica Neue",Arial,"DejaVu Sans",sans-serif;font-weight:700;font-size:.78rem;text-decoration:none;color:var(--muted);margin-right:.2rem}
figure{margin:1.5rem 0;break-inside:avoid}
figure img{display:block;max-width:100%;height:auto}
figcaption{font-size:.82rem;color:var(--muted);line-height:1.4;border-left:2px solid var(--rule);padding-left:.6rem}
.credit{font-style:italic}
.credit::before{content:"Credit: "}
.figures h2,.figures h3,.figures h4,.orphans h2,.orphans h3,.orphans h4{font-size:.8rem;text-transform:uppercase;letter-spacing:.08em;color:var(--muted)}
blockquote.passage{margin:0 0 1rem;padding:0 0 0 1rem;border-left:3px solid var(--rule)}
blockquote.passage .note{margin-top:.3rem}
.empty{color:var(--muted);font-style:italic}
.cover{padding:3rem 0 2rem;border-bottom:2px solid var(--ink);margin-bottom:2rem}
.cover h1{font-size:2.6rem}
.kicker{text-transform:uppercase;letter-spacing:.14em;font-size:.8rem;color:var(--muted);margin:0 0 .5rem}
.range{font-size:1.2rem;margin:.5rem 0 0}
.count,.generated{color:var(--muted);margin:.25rem 0 0}
.toc{margin-bottom:2.5rem}
.toc h2 .by{font-weight:400;color:var(--muted);font-size:.9rem}
.toc h3{font-size:1rem;margin:1.25rem 0 .35rem}
.toc ol{margin:0;padding-left:1.4rem;font-size:.92rem;line-height:1.45}
.toc li{margin:.2rem 0}
.toc .meta{display:block;font-size:.78rem}
.toc li.numbered{display:grid;grid-template-columns:1fr 2.5em;column-gap:.5em}
.toc li.numbered .meta{grid-column:1}
.toc .pg{grid-column:2;grid-row:1;text-align:right;font-variant-numeric:tabular-nums}
.clipping>header{position:relative}
.page-mark{position:absolute;left:0;top:0;font-size:2px;line-height:1;color:#fff;white-space:nowrap}
.group-label{font-size:.85rem;text-transform:uppercase;letter-spacing:.1em;color:var(--muted);border-bottom:1px solid var(--rule);padding-bottom:.3rem;margin:2.5rem 0 1.25rem}
${markRules}
@page{size:A4;margin:18mm 18mm 20mm}
@media print{
  html{background:none}
  body{font-size:10.5pt;line-height:1.5}
  main{max-width:none;margin:0;padding:0;box-shadow:none}
  a{color:inherit;text-decoration:none}
  mark.hl,.note,.clip-note,.tag{-webkit-print-color-adjust:exact;print-color-adjust:exact}
  h1,h2,h3,h4,.group-label{break-after:avoid}
  p{orphans:3;widows:3}
  .cover{break-after:page;border-bottom:none;padding-top:30%}
  .toc{break-after:page}
  .digest .group:not(.compact) .clipping+.clipping{break-before:page}
  .digest .group:not(.compact)+.group{break-before:page}
  .clipping>header,blockquote.passage{break-inside:avoid}
}
`;
