/**
 * Markdown captures (`.md`, `.markdown`): notes and articles saved by read-later tools
 * and "copy as Markdown" extensions. Optional YAML (`---`) or TOML (`+++`) front matter
 * gives the metadata; the first level-1 heading is the title; the body becomes plain
 * paragraphs (blocks separated by blank lines, each list item and heading its own
 * paragraph, code kept as text), standalone images become figures. No HTML is produced.
 */
import { looksLikeDateLine, normalizeIsoDate, parseVisibleDate } from './dates.ts';
import { splitCaptionCredit } from './html.ts';
import { detectLanguage, normalizeLangTag } from './lang.ts';
import { forward } from './markup.ts';
import { CaptureError, type ExtractedClipping, type ExtractedFigure } from './types.ts';

type Block =
  | { type: 'heading'; level: number; text: string }
  | { type: 'para'; text: string }
  | { type: 'code'; text: string }
  | { type: 'figure'; figure: ExtractedFigure };

const FENCE_RE = /^ {0,3}(`{3,}|~{3,})(.*)$/;
const ATX_OPEN_RE = /^ {0,3}(#{1,6})(?=[ \t]|$)/;
const SETEXT_RE = /^ {0,3}(=+|-+)[ \t]*$/;
const HR_RE = /^ {0,3}(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$/;
const LIST_RE = /^ {0,3}(?:[-*+]|\d{1,9}[.)])(?:[ \t]+(?:\[[ xX]\][ \t]+)?|$)/;
const QUOTE_RE = /^ {0,3}> ?/;
const REF_DEF_RE = /^ {0,3}\[[^\]^][^\]]*\]:\s*\S+/;
const TABLE_SEP_RE = /^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$/;
const IMAGE_ONLY_RE = /^!\[((?:[^\]\\]|\\.)*)\]\(\s*<?([^\s)>]*)>?(?:\s+(?:"([^"]*)"|'([^']*)'|\(([^)]*)\)))?\s*\)$/;
const BYLINE_RE = /^(?:(?:written|words|story|text|reporting)\s+)?by\s*:?\s+(\S.{0,80})$/i;
const MAX_EXCERPT = 500;
const MAX_IMAGE_LINE = 2048;

interface FrontMatter {
  [key: string]: string;
}

export function extractFromMarkdown(text: string): ExtractedClipping {
  const source = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const { meta, body } = splitFrontMatter(source);
  const blocks = parseBlocks(body);

  let title = pick(meta, 'title', 'headline') ?? null;
  const titleIndex = blocks.findIndex((b) => b.type === 'heading');
  const first = blocks[titleIndex];
  // Where the header (byline, date line) would follow the title.
  let headerAt = 0;
  if (first?.type === 'heading' && (first.level === 1 || (title !== null && sameText(first.text, title)))) {
    title ??= first.text;
    if (sameText(first.text, title)) {
      blocks.splice(titleIndex, 1);
      headerAt = titleIndex;
    }
  }

  let byline = pick(meta, 'author', 'authors', 'byline', 'by', 'creator') ?? null;
  if (byline) byline = byline.replace(/^\[|\]$/g, '').replace(/["']/g, '').replace(/\s*,\s*/g, ', ').trim() || null;
  let publishedAt = dateOf(pick(meta, 'date', 'published', 'publishedAt', 'published_at', 'pubDate', 'created'));
  const modifiedAt = dateOf(pick(meta, 'updated', 'modified', 'modifiedAt', 'lastmod', 'last_modified'));

  // A "By …" line or a date line at the top of the body belongs to the header.
  for (let i = headerAt; i < headerAt + 2 && i < blocks.length; i++) {
    const b = blocks[i]!;
    if (b.type !== 'para') break;
    const by = BYLINE_RE.exec(b.text);
    if (by && b.text.split(/\s+/).length <= 14) {
      byline ??= by[1]!.replace(/[.,;]+$/, '').trim();
      blocks.splice(i--, 1);
    } else if (looksLikeDateLine(b.text)) {
      publishedAt ??= parseVisibleDate(b.text);
      blocks.splice(i--, 1);
    } else break;
  }

  const paragraphs: string[] = [];
  const figures: ExtractedFigure[] = [];
  for (const b of blocks) {
    if (b.type === 'figure') figures.push(b.figure);
    else if (b.text.trim()) paragraphs.push(b.text);
  }
  if (paragraphs.length === 0) throw new CaptureError('no article text found');

  const lang = normalizeLangTag(pick(meta, 'lang', 'language', 'locale')) ?? detectLanguage(paragraphs.slice(0, 20).join('\n'));
  const summary = pick(meta, 'description', 'summary', 'excerpt', 'subtitle') ?? paragraphs.find((p) => p.length > 0) ?? null;
  const excerpt = summary && summary.length > MAX_EXCERPT ? `${summary.slice(0, MAX_EXCERPT - 3).trimEnd()}…` : summary;
  const url = pick(meta, 'url', 'source_url', 'sourceUrl', 'link', 'original_url', 'href') ?? null;

  return {
    title,
    byline,
    outlet: pick(meta, 'source', 'outlet', 'publication', 'site', 'site_name', 'publisher') ?? null,
    sourceUrl: url && /^https?:\/\//i.test(url) ? url : null,
    canonicalUrl: pick(meta, 'canonical', 'canonical_url', 'canonicalUrl') ?? null,
    publishedAt,
    modifiedAt,
    lang,
    excerpt,
    leadImage: pick(meta, 'image', 'cover', 'cover_image', 'lead_image', 'thumbnail') ?? figures.find((f) => f.src)?.src ?? null,
    paragraphs,
    figures,
    html: null,
  };
}

// ---------------------------------------------------------------------------------------
// Front matter

function splitFrontMatter(text: string): { meta: FrontMatter; body: string } {
  const m = /^(---|\+\+\+)[ \t]*\n([\s\S]*?)\n(?:---|\.\.\.|\+\+\+)[ \t]*(?:\n|$)/.exec(text);
  if (!m || (m[1] === '+++' && !/\n\+\+\+/.test(`\n${text.slice(3)}`))) return { meta: {}, body: text };
  const toml = m[1] === '+++';
  const meta: FrontMatter = {};
  const lines = m[2]!.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const kv = toml ? /^([\w.-]+)\s*=\s*(.*)$/.exec(line) : /^([\w.-]+)\s*:\s*(.*)$/.exec(line);
    if (!kv) continue;
    const key = kv[1]!.toLowerCase();
    let value = kv[2]!.trim();
    if (!toml && (value === '' || value === '|' || value === '>' || value === '>-' || value === '|-')) {
      // A YAML list or block scalar on the following indented lines.
      const items: string[] = [];
      while (i + 1 < lines.length && /^\s+\S|^-\s/.test(lines[i + 1]!)) {
        i++;
        items.push(lines[i]!.trim().replace(/^-\s+/, ''));
      }
      value = value.startsWith('>') || value.startsWith('|') ? items.join(' ') : items.map(unquote).join(', ');
    } else if (/^\[.*\]$/.test(value)) {
      value = value.slice(1, -1).split(',').map((v) => unquote(v.trim())).filter(Boolean).join(', ');
    }
    value = unquote(value.replace(/\s+#.*$/, (c) => (/^["']/.test(value) ? c : '')));
    if (value && !(key in meta)) meta[key] = value;
  }
  return { meta, body: text.slice(m[0].length) };
}

function unquote(v: string): string {
  const t = v.trim();
  if (t.length >= 2 && ((t.startsWith('"') && t.endsWith('"')) || (t.startsWith("'") && t.endsWith("'")))) {
    return t.slice(1, -1).replace(/\\"/g, '"').replace(/''/g, "'").trim();
  }
  return t;
}

function pick(meta: FrontMatter, ...keys: string[]): string | undefined {
  for (const k of keys) {
    const v = meta[k.toLowerCase()];
    if (v) return v;
  }
  return undefined;
}

function dateOf(raw: string | undefined): string | null {
  if (!raw) return null;
  return normalizeIsoDate(raw.replace(/^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2})/, '$1T$2'));
}

// ---------------------------------------------------------------------------------------
// Blocks

function parseBlocks(text: string): Block[] {
  const lines = text.split('\n');
  const blocks: Block[] = [];
  let para: string[] = [];
  const flush = () => {
    if (para.length === 0) return;
    const raw = para.join('\n');
    para = [];
    pushParagraph(blocks, raw);
  };

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const fence = FENCE_RE.exec(line);
    if (fence) {
      flush();
      const marker = fence[1]!;
      const code: string[] = [];
      while (i + 1 < lines.length && !new RegExp(`^ {0,3}${marker[0]}{${marker.length},}\\s*$`).test(lines[i + 1]!)) code.push(lines[++i]!);
      i++;
      const t = code.join('\n').replace(/^\n+|\s+$/g, '');
      if (t) blocks.push({ type: 'code', text: t });
      continue;
    }
    if (!line.trim()) {
      flush();
      continue;
    }
    if (REF_DEF_RE.test(line)) {
      flush();
      continue;
    }
    const footnote = /^ {0,3}\[\^[^\]]+\]:\s*(.*)$/.exec(line);
    if (footnote) {
      flush();
      para.push(footnote[1]!);
      continue;
    }
    if (/^\s*<!--/.test(line)) {
      flush();
      while (i < lines.length && !lines[i]!.includes('-->')) i++;
      continue;
    }
    const atx = ATX_OPEN_RE.exec(line);
    if (atx) {
      flush();
      const t = inline(atxText(line.slice(atx[0].length)));
      if (t) blocks.push({ type: 'heading', level: atx[1]!.length, text: t });
      continue;
    }
    const setext = SETEXT_RE.exec(line);
    if (setext && para.length > 0 && !LIST_RE.test(para[0]!)) {
      const t = inline(para.join(' '));
      para = [];
      if (t) blocks.push({ type: 'heading', level: setext[1]!.startsWith('=') ? 1 : 2, text: t });
      continue;
    }
    if (HR_RE.test(line)) {
      flush();
      continue;
    }
    if (TABLE_SEP_RE.test(line) && line.includes('-') && line.includes('|')) continue;
    if (LIST_RE.test(line)) {
      flush();
      para.push(line.replace(LIST_RE, ''));
      continue;
    }
    if (QUOTE_RE.test(line)) {
      const content = line.replace(new RegExp(`^(?:${QUOTE_RE.source})+`), '');
      if (!content.trim()) {
        flush();
        continue;
      }
      if (para.length > 0 && !QUOTE_RE.test(lines[i - 1] ?? '')) flush();
      para.push(content);
      continue;
    }
    if (/^\s*\|.*\|\s*$/.test(line)) {
      flush();
      para.push(line.trim().replace(/^\||\|$/g, '').split('|').map((c) => c.trim()).filter(Boolean).join(' | '));
      flush();
      continue;
    }
    // Indented code (4 spaces) only after a blank line; otherwise a lazy continuation.
    para.push(line.replace(/^ {4,}|^\t/, ''));
  }
  flush();
  return blocks;
}

/**
 * An ATX heading's text: without the spaces around it and an optional closing run of
 * "#" after a space (by hand: a lazy pattern retried at each of a long run of spaces is
 * quadratic).
 */
function atxText(rest: string): string {
  const isBlank = (c: number) => c === 0x20 || c === 0x09;
  let a = 0;
  let b = rest.length;
  while (a < b && isBlank(rest.charCodeAt(a))) a++;
  while (b > a && isBlank(rest.charCodeAt(b - 1))) b--;
  let k = b;
  while (k > a && rest.charCodeAt(k - 1) === 0x23 /* # */) k--;
  if (k < b && k > a && isBlank(rest.charCodeAt(k - 1))) {
    b = k;
    while (b > a && isBlank(rest.charCodeAt(b - 1))) b--;
  }
  return rest.slice(a, b);
}

/** A paragraph block: a standalone image (with an optional caption line) is a figure. */
function pushParagraph(blocks: Block[], raw: string): void {
  const lines = raw.split('\n').map((l) => l.trim());
  // An image line is short; the patterns (which backtrack on a long line of brackets) only see short ones.
  const first = (lines[0] ?? '').length <= MAX_IMAGE_LINE ? (lines[0] ?? '') : '';
  const image = IMAGE_ONLY_RE.exec(first) ?? IMAGE_ONLY_RE.exec(first.replace(/^\[(.*)\]\([^)]*\)$/, '$1'));
  if (image) {
    const alt = inline(image[1]!.replace(/\\(.)/g, '$1')) || null;
    const title = image[3] ?? image[4] ?? image[5] ?? null;
    const rest = lines.slice(1).join(' ').trim();
    const captionRaw = rest ? inline(rest) : title ? inline(title) : null;
    const { caption, credit } = captionRaw ? splitCaptionCredit(captionRaw) : { caption: null, credit: null };
    blocks.push({ type: 'figure', figure: { alt, caption, credit, src: image[2] || null } });
    return;
  }
  // A caption right after a figure: one emphasised line ("*Photo: …*").
  const prev = blocks[blocks.length - 1];
  if (prev?.type === 'figure' && prev.figure.caption === null && lines.length === 1 && /^([*_])(?!\1).+\1$/.test(lines[0]!)) {
    const { caption, credit } = splitCaptionCredit(inline(lines[0]!));
    prev.figure.caption = caption;
    prev.figure.credit = credit;
    return;
  }
  const text = inline(lines.join('\n'));
  if (text) blocks.push({ type: 'para', text });
}

/**
 * Markdown inline syntax → plain text. Every step is linear in the text: delimiters are
 * paired by scanning forward with indexOf (a pattern such as `\*([\s\S]*?)\*`, retried
 * at every opening star, is quadratic on a paragraph of unpaired ones).
 */
function inline(s: string): string {
  const codes: string[] = [];
  const keep = (text: string) => `\u0000${codes.push(text) - 1}\u0000`;
  let t = codeSpans(s, (code) => keep(code.trim()));
  t = t.replace(/\\([!-/:-@[-`{-~])/g, (_m, c: string) => keep(c));
  t = hardBreaks(t); // hard breaks: still one paragraph
  t = t.replace(/<br\s*\/?>/gi, ' ');
  // Three rounds, for links in link text ("[a [b](c)](d)").
  for (let round = 0; round < 3; round++) {
    const before = t;
    t = links(t);
    if (t === before) break;
  }
  t = t.replace(/<((?:https?|mailto):[^<>\s]+)>/gi, '$1');
  t = t.replace(/<\/?[a-z][a-z0-9-]*(?:\s[^<>]*)?\/?>/gi, '');
  for (const d of ['***', '___', '**', '__', '*']) t = unwrapPairs(t, d);
  t = unwrapPairs(t, '_', true);
  t = unwrapPairs(t, '~~');
  t = t.replace(/&(amp|lt|gt|quot|nbsp|#39);/g, (_m, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', nbsp: '\u00a0', '#39': "'" })[e] ?? _m);
  t = t.replace(/\u0000(\d+)\u0000/g, (_m, i: string) => codes[Number(i)] ?? '');
  return t.replace(/\s+/g, ' ').trim();
}

const isSpace = (c: string | undefined): boolean => c !== undefined && /\s/.test(c);
const isWordChar = (c: string | undefined): boolean => c !== undefined && /[\p{L}\p{N}_]/u.test(c);

/** `` `code` `` spans: a run of n backticks up to the next run of exactly n (runs found once, in one pass). */
function codeSpans(s: string, replace: (code: string) => string): string {
  if (!s.includes('`')) return s;
  const runs: { at: number; n: number }[] = [];
  for (let i = s.indexOf('`'); i >= 0; ) {
    let j = i;
    while (s[j] === '`') j++;
    runs.push({ at: i, n: j - i });
    i = s.indexOf('`', j);
  }
  // For each run, the index of the next run of the same length.
  const nextSame = new Array<number>(runs.length).fill(-1);
  const lastOfLength = new Map<number, number>();
  for (let k = runs.length - 1; k >= 0; k--) {
    nextSame[k] = lastOfLength.get(runs[k]!.n) ?? -1;
    lastOfLength.set(runs[k]!.n, k);
  }
  let out = '';
  let done = 0;
  for (let k = 0; k < runs.length; k++) {
    const open = runs[k]!;
    if (open.at < done) continue;
    const c = nextSame[k]!;
    if (c < 0) continue;
    const close = runs[c]!;
    out += s.slice(done, open.at) + replace(s.slice(open.at + open.n, close.at));
    done = close.at + close.n;
    k = c;
  }
  return out + s.slice(done);
}

/** Two or more spaces, or a backslash, before a line break: a plain line break. */
function hardBreaks(s: string): string {
  if (!s.includes('\n')) return s;
  return s
    .split('\n')
    .map((line, i, all) => {
      if (i === all.length - 1) return line;
      let k = line.length;
      while (k > 0 && line.charCodeAt(k - 1) === 0x20) k--;
      if (line.length - k >= 2) return line.slice(0, k);
      return line.endsWith('\\') ? line.slice(0, -1) : line;
    })
    .join('\n');
}

/**
 * Images (dropped), footnote references (dropped), inline and reference links (their
 * text kept), scanning each "[" once: the label runs to the next unescaped "]" (a "["
 * first means no label here), the destination to its ")" (one level of parentheses).
 */
function links(s: string): string {
  if (!s.includes('[')) return s;
  const nextClose = forward(s, ']');
  const nextParen = forward(s, ')');
  const nextOpen = forward(s, '[');
  let out = '';
  let done = 0;
  let i = s.indexOf('[');
  while (i >= 0) {
    const image = i > 0 && s[i - 1] === '!' && i - 1 >= done;
    // An image's alt text may hold "[": it runs to the next "]".
    const label = image ? nextClose(i + 1) : labelEnd(s, i + 1);
    if (label < 0) {
      i = s.indexOf('[', i + 1);
      continue;
    }
    const text = s.slice(i + 1, label);
    const after = s[label + 1];
    let end = -1;
    if (after === '(') {
      if (image) {
        const close = nextParen(label + 2);
        end = close < 0 ? -1 : close + 1;
      } else end = destinationEnd(s, label + 2);
    } else if (after === '[') {
      const close = nextClose(label + 2);
      const open = nextOpen(label + 2);
      if (close >= 0 && (open < 0 || open > close)) end = close + 1;
    }
    if (end < 0 && !image && text.startsWith('^') && text.length > 1) end = label + 1; // footnote reference
    if (end < 0) {
      i = s.indexOf('[', i + 1);
      continue;
    }
    const start = image ? i - 1 : i;
    out += s.slice(done, start) + (image || text.startsWith('^') ? '' : text);
    done = end;
    i = s.indexOf('[', end);
  }
  return out + s.slice(done);
}

/** Index of the "]" closing a label that starts at `i` (backslash escapes skipped), -1 at a "[" or the end. */
function labelEnd(s: string, i: number): number {
  for (let k = i; k < s.length; k++) {
    const c = s[k];
    if (c === '\\') k++;
    else if (c === ']') return k;
    else if (c === '[') return -1;
  }
  return -1;
}

/** Index just past the ")" ending a destination (and optional "title") that starts at `i`; -1 when there is none. */
function destinationEnd(s: string, i: number): number {
  let k = i;
  let depth = 0;
  for (; k < s.length; k++) {
    const c = s[k]!;
    if (c === '(') {
      if (depth > 0) return -1;
      depth++;
    } else if (c === ')') {
      if (depth === 0) return k + 1;
      depth--;
    } else if (/\s/.test(c)) break;
  }
  if (depth > 0 || k >= s.length) return -1;
  // Whitespace, an optional quoted title, whitespace, ")".
  while (k < s.length && /\s/.test(s[k]!)) k++;
  const q = s[k];
  if (q === '"' || q === "'") {
    const close = s.indexOf(q, k + 1);
    if (close < 0) return -1;
    k = close + 1;
    while (k < s.length && /\s/.test(s[k]!)) k++;
  }
  return s[k] === ')' ? k + 1 : -1;
}

/**
 * `dDtextdD` → `text` for the delimiter `d`: the text starts and ends with a non-space
 * and is the shortest such; `word` adds intraword rules for "_" (no letter or digit
 * before the opener or after the closer). Once no closer follows an opener, none follows
 * any later one either, so the scan ends: linear.
 */
function unwrapPairs(s: string, d: string, word = false): string {
  let out = '';
  let done = 0;
  let i = s.indexOf(d);
  while (i >= 0) {
    const inner = i + d.length;
    if (!isSpace(s[inner]) && inner < s.length && !(word && i > 0 && isWordChar(s[i - 1]))) {
      let j = s.indexOf(d, inner + 1);
      while (j >= 0 && (isSpace(s[j - 1]) || (word && isWordChar(s[j + d.length])))) j = s.indexOf(d, j + 1);
      if (j < 0) break;
      out += s.slice(done, i) + s.slice(inner, j);
      done = j + d.length;
      i = s.indexOf(d, done);
      continue;
    }
    i = s.indexOf(d, i + 1);
  }
  return out + s.slice(done);
}

function sameText(a: string, b: string): boolean {
  const k = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
  return k(a) === k(b);
}
