/**
 * Markdown (CommonMark): YAML front matter, the clean text with highlights as
 * <mark class="hl-colour"> in place and notes as footnotes (`[^n]`, as GFM, Pandoc and
 * Obsidian read them; a plain CommonMark reader shows the markers and the note list),
 * figures with captions. Every piece of clipping data is escaped to literal text; notes
 * stay Markdown with raw HTML neutralised.
 */
import type { Annotation } from '../../contract/shapes.ts';
import { colorOf, inlineImageSrc } from './meta.ts';
import { metaLine, passage, passages, type ArticleModel, type DigestModel } from './model.ts';
import { topMark, type Paragraph } from './segments.ts';

export function markdownArticle(a: ArticleModel): string {
  const c = a.clipping;
  const front = yamlFrontMatter({
    title: c.title,
    byline: c.byline,
    outlet: c.outlet,
    url: c.url ?? c.canonicalUrl ?? c.sourceUrl ?? null,
    published: c.publishedAt,
    captured: c.capturedAt,
    tags: c.tags ?? [],
  });
  return `${front}\n${articleBody(a, { level: 1, highlightsOnly: false, labelPrefix: '' })}`;
}

export function markdownDigest(d: DigestModel): string {
  const out: string[] = [];
  out.push(
    yamlFrontMatter({
      title: d.title,
      dates: d.dateRange,
      clippings: d.count,
      generated: d.generated,
    }),
  );
  out.push(`# ${inline(d.title)}`);
  out.push([d.dateRange ? `**${inline(d.dateRange)}**` : null, inline(d.countLabel), `Compiled ${inline(d.generated)}`].filter(Boolean).join(' · '));
  out.push('## Contents');
  for (const g of d.toc) {
    out.push(`### ${inline(g.label)}`);
    out.push(g.articles.map((a) => `- [${inline(a.title)}](#${a.anchor})${metaLine(a) ? ` — ${inline(metaLine(a))}` : ''}`).join('\n'));
  }
  for (const s of d.sections) {
    out.push(`## ${inline(s.label)}`);
    for (const a of s.articles) {
      out.push(`<a id="${a.anchor}"></a>`);
      out.push(articleBody(a, { level: 3, highlightsOnly: d.highlightsOnly, labelPrefix: `${a.clipping.id}-` }).trimEnd());
      out.push('---');
    }
  }
  return `${out.join('\n\n')}\n`;
}

interface BodyOptions {
  level: number;
  highlightsOnly: boolean;
  /** Footnote labels must be unique in a digest. */
  labelPrefix: string;
}

function articleBody(a: ArticleModel, o: BodyOptions): string {
  const out: string[] = [];
  const h = '#'.repeat(o.level);
  out.push(`${h} ${inline(a.title)}`);
  const meta = metaLine(a);
  if (meta) out.push(`*${inline(meta)}*`);
  const facts: string[] = [];
  if (a.url) facts.push(`<${a.url}>`);
  if (a.tags.length) facts.push(`Tags: ${inline(a.tags.join(', '))}`);
  if (a.captured) facts.push(`Captured ${inline(a.captured)}`);
  if (facts.length) out.push(facts.join('  \n'));
  if (a.clipNote) out.push(blockquote(`**Note:** ${noteMarkdown(a.clipNote)}`));

  const label = (ann: Annotation): string => `[^${o.labelPrefix}${a.noteNumber.get(ann.id)}]`;
  if (o.highlightsOnly) {
    const list = passages(a);
    if (list.length === 0) out.push('*No highlights.*');
    for (const ann of list) {
      const note = a.noteNumber.has(ann.id) ? label(ann) : '';
      out.push(blockquote(`<mark class="hl-${colorOf(ann.color)}">${inline(passage(ann, a.clipping.text))}</mark>${note}`));
    }
  } else {
    for (const p of a.paragraphs) out.push(paragraph(p, (ann) => (a.noteNumber.has(ann.id) ? label(ann) : '')));
    if (a.figures.length) {
      out.push(`${h}# Figures`);
      a.figures.forEach((f, i) => {
        const src = inlineImageSrc(f.src);
        const caption = [f.caption, f.credit ? `(${f.credit})` : null].filter(Boolean).join(' ') || f.alt || '';
        const img = src ? `![${inline(f.alt ?? f.caption ?? '')}](<${src}>)\n` : '';
        out.push(`${img}**Figure ${i + 1}.** ${inline(caption)}`);
      });
    }
    if (a.orphans.length) {
      out.push(`${h}# Highlights no longer found in the text`);
      out.push(a.orphans.map((ann) => `- <mark class="hl-${colorOf(ann.color)}">${inline(ann.quote)}</mark>${a.noteNumber.has(ann.id) ? label(ann) : ''}`).join('\n'));
    }
  }
  for (const ann of a.notes) {
    // The definition starts with the quoted passage, so a CommonMark reader can never take
    // `[^n]: note` for a link reference definition (which would hide a one-word note).
    const body = `“${inline(passage(ann, a.clipping.text))}” — ${noteMarkdown(ann.note)}`;
    out.push(`${label(ann)}: ${indentContinuation(body)}`);
  }
  return `${out.join('\n\n')}\n`;
}

function paragraph(p: Paragraph, marker: (a: Annotation) => string): string {
  let s = '';
  let atLineStart = true;
  for (const run of p.runs) {
    const top = topMark(run);
    const text = inline(run.text, atLineStart);
    s += top ? `<mark class="hl-${colorOf(top.color)}">${text}</mark>` : text;
    for (const a of run.closes) s += marker(a);
    atLineStart = run.text.endsWith('\n');
  }
  return s.replace(/[ \t]+\n/g, '\n');
}

// ---------------------------------------------------------------------------------
// Escaping

/**
 * Literal text as CommonMark inline content: every character that could start markup is
 * backslash-escaped, and block markers are escaped at the start of each line.
 */
export function inline(text: string, atLineStart = true): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  return lines
    .map((line, i) => {
      let s = line.replace(/[\\`*_[\]<>&~|!#]/g, (ch) => `\\${ch}`);
      if (i > 0 || atLineStart) {
        s = s.replace(/^(\s*)([-+=>:])/, '$1\\$2').replace(/^(\s*\d+)([.)])/, '$1\\$2');
        s = s.replace(/^[ \t]+/, '');
      }
      return s;
    })
    .join('\n');
}

/** A note's Markdown with raw HTML neutralised (outside code spans and fences). */
export function noteMarkdown(note: string): string {
  const lines = note.replace(/\r\n?/g, '\n').trim().split('\n');
  let fence: string | null = null;
  return lines
    .map((line) => {
      const f = /^\s{0,3}(`{3,}|~{3,})/.exec(line);
      if (fence) {
        if (f && f[1]?.[0] === fence[0] && (f[1]?.length ?? 0) >= fence.length) fence = null;
        return line;
      }
      if (f) {
        fence = f[1] ?? null;
        return line;
      }
      return line.replace(/(`+)[\s\S]*?\1|</g, (m) => (m === '<' ? '&lt;' : m));
    })
    .join('\n');
}

function blockquote(s: string): string {
  return s
    .split('\n')
    .map((l) => (l ? `> ${l}` : '>'))
    .join('\n');
}

/** Continuation lines of a footnote are indented four spaces (GFM/Pandoc). */
function indentContinuation(s: string): string {
  return s
    .split('\n')
    .map((l, i) => (i === 0 || l === '' ? l : `    ${l}`))
    .join('\n');
}

/** YAML front matter; every string is a double-quoted scalar (JSON strings are valid YAML). */
export function yamlFrontMatter(fields: Record<string, string | number | null | undefined | string[]>): string {
  const q = (s: string): string => JSON.stringify(s).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
  const lines = ['---'];
  for (const [k, v] of Object.entries(fields)) {
    if (Array.isArray(v)) lines.push(v.length ? `${k}:\n${v.map((x) => `  - ${q(x)}`).join('\n')}` : `${k}: []`);
    else if (v === null || v === undefined) lines.push(`${k}: null`);
    else if (typeof v === 'number') lines.push(`${k}: ${v}`);
    else lines.push(`${k}: ${q(v)}`);
  }
  lines.push('---', '');
  return lines.join('\n');
}
