/**
 * PDF captures (press releases, e-paper pages) with a text layer, read with pdfjs-dist
 * (legacy build, in-process "fake" worker, no eval, no fonts loaded, no network).
 *
 * Text items → lines (same baseline) → segments (a line cut at wide gaps, so two columns
 * side by side never merge) → reading order (recursive column detection: a vertical gutter
 * that few segments cross splits the page; segments crossing it, e.g. a headline over
 * both columns, separate bands read top to bottom) → running headers/footers and page
 * numbers dropped → title (metadata when meaningful, else the largest type at the top of
 * page 1) → paragraphs (a break at a larger vertical gap, a change of type size, a
 * first-line indent, or a short line ending a sentence; lines rejoined, "exam-/ple" →
 * "example"). A PDF without text is reported as needing OCR.
 *
 * Dates: the document's own metadata dates are file dates, not publication dates, so
 * they only ever give `modifiedAt`; `publishedAt` comes from a date line printed at the
 * top of the text, or stays null.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { looksLikeDateLine, parseVisibleDate } from './dates.ts';
import { detectLanguage, normalizeLangTag } from './lang.ts';
import { MAX_PDF_LAYOUT_SEGMENTS, MAX_PDF_PAGE_WALK, MAX_PDF_PAGES, MAX_PDF_TEXT_CHARS } from './limits.ts';
import { prescanPdf } from './pdfscan.ts';
import { CaptureError, type ExtractedClipping } from './types.ts';

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');

const MAX_EXCERPT = 500;

interface Segment {
  text: string;
  x: number;
  xEnd: number;
  /** Baseline, PDF coordinates (bigger is higher on the page). */
  y: number;
  size: number;
  page: number;
}

interface PageText {
  segments: Segment[];
  height: number;
}

let pdfjsPromise: Promise<PdfJs> | null = null;
function loadPdfJs(): Promise<PdfJs> {
  pdfjsPromise ??= import('pdfjs-dist/legacy/build/pdf.mjs');
  return pdfjsPromise;
}

/**
 * pdfjs's data folders (CMaps for CJK fonts), as file paths; null when not found. Resolved
 * from this module (`import.meta.url` is the bundle's own URL in the CommonJS bundles:
 * build/build.mjs), never through a global `require`: in the CLI's ES module bundle that is
 * esbuild's shim, which has no `resolve`, and every PDF imported there went without them.
 */
export function pdfjsDataDir(): string | null {
  try {
    return path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
  } catch {
    return null;
  }
}

export async function extractFromPdf(bytes: Uint8Array): Promise<ExtractedClipping> {
  if (!looksLikePdf(bytes)) throw new CaptureError('not a PDF file (no %PDF header)');
  const { maxKids } = prescanPdf(bytes);
  const pdfjs = await loadPdfJs();
  const dataDir = pdfjsDataDir();
  const task = pdfjs.getDocument({
    // A plain Uint8Array copy: pdfjs refuses Buffers and detaches the buffer it is given.
    data: new Uint8Array(bytes),
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    useWorkerFetch: false,
    disableAutoFetch: true,
    disableStream: true,
    disableRange: true,
    enableXfa: false,
    stopAtErrors: false,
    verbosity: 0,
    ...(dataDir
      ? { cMapUrl: path.join(dataDir, 'cmaps') + path.sep, cMapPacked: true, standardFontDataUrl: path.join(dataDir, 'standard_fonts') + path.sep }
      : {}),
  });
  let doc: Awaited<typeof task.promise>;
  try {
    doc = await task.promise;
  } catch (err) {
    await task.destroy().catch(() => undefined);
    throw openError(err);
  }
  try {
    let info: Record<string, unknown> = {};
    try {
      info = ((await doc.getMetadata()).info ?? {}) as Record<string, unknown>;
    } catch {
      // metadata is optional
    }
    const pages: PageText[] = [];
    // pdfjs walks a page-tree node's kids for every page it opens: a node of 20,000 kids
    // makes each page cost 20,000 steps, so fewer pages are read.
    const count = Math.min(doc.numPages, MAX_PDF_PAGES, Math.max(1, Math.floor(MAX_PDF_PAGE_WALK / Math.max(1, maxKids))));
    // Pages after MAX_PDF_TEXT_CHARS of text are not read.
    let chars = 0;
    for (let n = 1; n <= count && chars <= MAX_PDF_TEXT_CHARS; n++) {
      try {
        const page = await doc.getPage(n);
        const content = await page.getTextContent();
        const [, y0 = 0, , y1 = 0] = page.view;
        const segments = pageSegments(content.items, n);
        for (const seg of segments) chars += seg.text.length;
        pages.push({ segments, height: Math.abs(y1 - y0) || 842 });
        page.cleanup();
      } catch (err) {
        if (isPasswordError(err)) throw openError(err);
        pages.push({ segments: [], height: 842 }); // a broken page: the others still count
      }
    }
    return buildClipping(pages, info);
  } finally {
    await doc.destroy().catch(() => undefined);
  }
}

function looksLikePdf(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1');
  return head.includes('%PDF-');
}

function isPasswordError(err: unknown): boolean {
  return (err as Error | null)?.name === 'PasswordException';
}

function openError(err: unknown): CaptureError {
  if (err instanceof CaptureError) return err;
  const name = (err as Error | null)?.name;
  const message = (err as Error | null)?.message ?? String(err);
  if (name === 'PasswordException') return new CaptureError('the PDF is encrypted with a password: open it, save an unprotected copy, and capture that');
  if (name === 'InvalidPDFException') return new CaptureError('not a valid PDF (corrupt or truncated)');
  if (name === 'MissingPDFException' || name === 'ResponseException') return new CaptureError('the PDF could not be read');
  return new CaptureError(`the PDF could not be read (${message})`);
}

// ---------------------------------------------------------------------------------------
// Items → segments

interface RawItem {
  str: string;
  x: number;
  y: number;
  w: number;
  size: number;
}

function pageSegments(items: readonly unknown[], page: number): Segment[] {
  const raw: RawItem[] = [];
  for (const it of items) {
    const item = it as { str?: unknown; transform?: number[]; width?: number; height?: number };
    if (typeof item.str !== 'string' || !item.transform) continue;
    const [a = 1, b = 0, c = 0, d = 1, e = 0, f = 0] = item.transform;
    if (!item.str.trim()) continue;
    // Rotated text (margin labels, vertical credits) is not body text.
    if (Math.abs(b) > Math.abs(a) * 0.2 || Math.abs(c) > Math.abs(d) * 0.2) continue;
    const size = Math.abs(d) || Math.hypot(c, d) || item.height || 10;
    raw.push({ str: item.str, x: e, y: f, w: Math.max(0, item.width ?? 0), size });
  }
  if (raw.length === 0) return [];

  // Baseline clusters, top to bottom.
  raw.sort((p, q) => q.y - p.y || p.x - q.x);
  const lines: RawItem[][] = [];
  for (const item of raw) {
    const line = lines[lines.length - 1];
    const ref = line?.[0];
    if (line && ref && Math.abs(ref.y - item.y) <= Math.min(ref.size, item.size) * 0.45) line.push(item);
    else lines.push([item]);
  }

  const segments: Segment[] = [];
  for (const line of lines) {
    line.sort((p, q) => p.x - q.x);
    let seg: Segment | null = null;
    let last: RawItem | null = null;
    for (const item of line) {
      const gap = last ? item.x - (last.x + last.w) : 0;
      const size = Math.max(item.size, last?.size ?? 0);
      if (!seg || !last || gap > Math.max(1.6 * size, 12)) {
        if (seg) segments.push(finishSegment(seg));
        seg = { text: item.str, x: item.x, xEnd: item.x + item.w, y: item.y, size: item.size, page };
      } else {
        const space = gap > size * 0.18 && !/\s$/.test(seg.text) && !/^\s/.test(item.str);
        seg.text += (space ? ' ' : '') + item.str;
        seg.xEnd = Math.max(seg.xEnd, item.x + item.w);
        // The segment's type size is that of most of its text.
        if (item.str.length > seg.text.length / 2) seg.size = item.size;
      }
      last = item;
    }
    if (seg) segments.push(finishSegment(seg));
  }
  return segments.filter((s) => s.text !== '');
}

function finishSegment(seg: Segment): Segment {
  seg.text = seg.text.replace(/[\s\u00a0]+/g, ' ').trim();
  return seg;
}

// ---------------------------------------------------------------------------------------
// Reading order

/** Segments in reading order: columns split at gutters, recursively. */
function readingOrder(segs: Segment[], depth = 0): Segment[] {
  const byPosition = (p: Segment, q: Segment) => q.y - p.y || p.x - q.x;
  // Column detection costs segments × width: a page of more pieces is read top to bottom.
  if (segs.length < 6 || depth > 4 || segs.length > MAX_PDF_LAYOUT_SEGMENTS) return [...segs].sort(byPosition);
  const gutter = findGutter(segs);
  if (gutter === null) return [...segs].sort(byPosition);

  const sorted = [...segs].sort(byPosition);
  const out: Segment[] = [];
  let left: Segment[] = [];
  let right: Segment[] = [];
  const flush = () => {
    out.push(...readingOrder(left, depth + 1), ...readingOrder(right, depth + 1));
    left = [];
    right = [];
  };
  for (const s of sorted) {
    if (s.xEnd <= gutter) left.push(s);
    else if (s.x >= gutter) right.push(s);
    else {
      flush();
      out.push(s);
    }
  }
  flush();
  return out;
}

/**
 * An x position with at least three segments entirely on each side and few segments
 * crossing it (headlines spanning the columns): the middle of the widest such run.
 */
function findGutter(segs: Segment[]): number | null {
  let min = Infinity;
  let max = -Infinity;
  for (const s of segs) {
    min = Math.min(min, s.x);
    max = Math.max(max, s.xEnd);
  }
  const width = max - min;
  if (!(width > 50)) return null;
  const from = Math.ceil(min + width * 0.15);
  const to = Math.floor(max - width * 0.15);
  // One step a point on a real page (≤ 2,000 points wide); coarser on a crafted one.
  const step = Math.max(1, Math.ceil((to - from) / 2000));
  let best: { start: number; end: number; cross: number } | null = null;
  let run: { start: number; end: number; cross: number } | null = null;
  for (let x = from; x <= to; x += step) {
    let l = 0;
    let r = 0;
    let cross = 0;
    for (const s of segs) {
      if (s.xEnd <= x) l++;
      else if (s.x >= x) r++;
      else cross++;
    }
    const ok = l >= 3 && r >= 3 && cross <= Math.max(1, (l + r) * 0.15);
    if (ok && run && run.cross === cross && run.end === x - step) {
      run.end = x;
    } else if (ok) {
      run = { start: x, end: x, cross };
    } else {
      run = null;
    }
    if (run && (!best || run.cross < best.cross || (run.cross === best.cross && run.end - run.start > best.end - best.start))) {
      best = { ...run };
    }
  }
  if (!best) return null;
  return (best.start + best.end) / 2;
}

// ---------------------------------------------------------------------------------------
// Headers, footers, page numbers

const PAGE_NUMBER_RE = /^(?:[-–—|•·\s]*)(?:(?:page|p\.|seite|pagina|página|sivu|sida|side|strona)\s*)?\d{1,4}(?:\s*(?:of|von|de|\/|sur|di)\s*\d{1,4})?(?:[-–—|•·\s]*)$/i;
const MARGIN_BAND = 0.11;

function dropRunningLines(pages: PageText[]): void {
  const inBand = (s: Segment, height: number) => s.y > height * (1 - MARGIN_BAND) || s.y < height * MARGIN_BAND;
  const key = (s: Segment) => s.text.toLowerCase().replace(/\d+/g, '#').replace(/\s+/g, ' ').trim();
  const pagesWith = new Map<string, Set<number>>();
  pages.forEach((p, i) => {
    for (const s of p.segments) {
      if (!inBand(s, p.height)) continue;
      const k = key(s);
      if (!pagesWith.has(k)) pagesWith.set(k, new Set());
      pagesWith.get(k)!.add(i);
    }
  });
  const minPages = pages.length <= 4 ? 2 : Math.max(2, Math.ceil(pages.length * 0.25));
  for (const p of pages) {
    p.segments = p.segments.filter((s) => {
      if (!inBand(s, p.height)) return true;
      if (PAGE_NUMBER_RE.test(s.text)) return false;
      return (pagesWith.get(key(s))?.size ?? 0) < minPages;
    });
  }
}

// ---------------------------------------------------------------------------------------
// Title, paragraphs, clipping

const META_TITLE_JUNK_RE = /^(?:untitled\b|document\d*$|microsoft (?:word|powerpoint|excel)\b|print$|title$|pdf$|slide \d+$|\s*$)/i;
const FILE_NAME_RE = /\.(?:docx?|pdf|indd|qxd|qxp|rtf|odt|pages|txt|html?|xlsx?|pptx?|eps|ai|psd|tiff?|jpe?g|png)$/i;
const SENTENCE_END_RE = /[.!?:;…"”»)\]]$|[。！？」』]$/u;
const BYLINE_RE = /^(?:(?:written|words|story|text|reporting)\s+)?by\s*:?\s+(\S.{0,80})$/i;

function meaningfulTitle(raw: unknown): string | null {
  if (typeof raw !== 'string') return null;
  const t = raw.replace(/\s+/g, ' ').trim();
  if (!t || t.length < 4 || META_TITLE_JUNK_RE.test(t) || FILE_NAME_RE.test(t)) return null;
  if (!/\s/.test(t) && /[_]|\d{3,}/.test(t)) return null; // "PR_2021_06_14", "scan0001"
  if (!/\p{L}/u.test(t)) return null;
  return t;
}

function buildClipping(pages: PageText[], info: Record<string, unknown>): ExtractedClipping {
  const letters = pages.reduce((n, p) => n + p.segments.reduce((m, s) => m + (s.text.match(/[\p{L}\p{N}]/gu)?.length ?? 0), 0), 0);
  if (letters === 0) throw new CaptureError('the PDF has no text layer (a scanned document?): it needs OCR first');

  dropRunningLines(pages);
  const lines: Segment[] = [];
  for (const p of pages) lines.push(...readingOrder(p.segments));
  if (lines.length === 0) throw new CaptureError('no article text found');

  const bodySize = dominantSize(lines);
  let title = meaningfulTitle(info.Title);
  // The biggest type near the top of page 1 is the headline (removed from the body either way).
  const head = findHeadline(lines, bodySize);
  if (head) {
    const text = head.lines.map((l) => l.text).join(' ');
    if (title === null || sameText(title, text)) {
      title ??= text;
      lines.splice(head.start, head.lines.length);
    }
  }

  const paragraphs = toParagraphs(lines);
  if (title) {
    const i = paragraphs.findIndex((p) => sameText(p, title!));
    if (i >= 0 && i < 3) paragraphs.splice(i, 1);
  }

  let byline: string | null = null;
  let publishedAt: string | null = null;
  for (let i = 0; i < 3 && i < paragraphs.length; i++) {
    const p = paragraphs[i]!;
    const by = BYLINE_RE.exec(p);
    if (byline === null && by && p.split(/\s+/).length <= 12) {
      byline = by[1]!.replace(/[.,;]+$/, '').trim();
      paragraphs.splice(i--, 1);
    } else if (publishedAt === null && p.length <= 80 && looksLikeDateLine(p)) {
      publishedAt = parseVisibleDate(p);
      if (publishedAt) paragraphs.splice(i--, 1);
    }
  }
  if (paragraphs.length === 0) throw new CaptureError('no article text found');

  const lang = normalizeLangTag(typeof info.Language === 'string' ? info.Language : null) ?? detectLanguage(paragraphs.slice(0, 20).join('\n'));
  const first = paragraphs.find((p) => p.length >= 40) ?? paragraphs[0] ?? null;
  return {
    title,
    byline,
    outlet: null,
    sourceUrl: null,
    canonicalUrl: null,
    publishedAt,
    modifiedAt: pdfDate(info.ModDate) ?? pdfDate(info.CreationDate),
    lang,
    excerpt: first && first.length > MAX_EXCERPT ? `${first.slice(0, MAX_EXCERPT - 3).trimEnd()}…` : first,
    leadImage: null,
    paragraphs,
    figures: [],
    html: null,
  };
}

/** The type size of most characters. */
function dominantSize(lines: Segment[]): number {
  const weight = new Map<number, number>();
  for (const l of lines) {
    const k = Math.round(l.size * 2) / 2;
    weight.set(k, (weight.get(k) ?? 0) + l.text.length);
  }
  let best = 10;
  let bestWeight = -1;
  for (const [size, w] of weight) {
    if (w > bestWeight) {
      best = size;
      bestWeight = w;
    }
  }
  return best;
}

/** The run of largest-type lines among the first lines of page 1, when clearly larger than the body. */
function findHeadline(lines: Segment[], bodySize: number): { start: number; lines: Segment[] } | null {
  const firstPage = lines[0]!.page;
  const window = lines.slice(0, 15).filter((l) => l.page === firstPage);
  let max = 0;
  for (const l of window) if (/\p{L}/u.test(l.text)) max = Math.max(max, l.size);
  if (max < bodySize * 1.2) return null;
  const start = lines.findIndex((l) => l.size >= max - 0.5 && /\p{L}/u.test(l.text));
  if (start < 0) return null;
  const run: Segment[] = [lines[start]!];
  for (let i = start + 1; i < lines.length && run.length < 4; i++) {
    const l = lines[i]!;
    const prev = run[run.length - 1]!;
    if (l.page !== prev.page || Math.abs(l.size - max) > 0.5 || prev.y - l.y > l.size * 2 || l.y >= prev.y) break;
    run.push(l);
  }
  const text = run.map((l) => l.text).join(' ');
  if (text.length > 250) return null;
  return { start, lines: run };
}

function toParagraphs(lines: Segment[]): string[] {
  const spacing = lineSpacings(lines);
  const paragraphs: string[] = [];
  let current = '';
  // Left/right edges of the current column run (consecutive lines going down the page).
  const runBounds = columnRuns(lines);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const prev = i > 0 ? lines[i - 1]! : null;
    if (!prev || current === '') {
      current = line.text;
      continue;
    }
    let brk: boolean;
    if (sameFlow(prev, line)) {
      const gap = prev.y - line.y;
      const step = spacing.get(sizeKey(line.size)) ?? line.size * 1.25;
      const bounds = runBounds[i]!;
      const sizeChange = Math.abs(line.size - prev.size) > Math.max(0.6, prev.size * 0.12);
      const bigGap = gap > step * 1.4 + 0.5;
      const indent = line.x - bounds.left > line.size * 0.8 && prev.x - bounds.left < line.size * 0.5 && line.x - bounds.left < line.size * 8;
      const shortLast = bounds.right - prev.xEnd > (bounds.right - bounds.left) * 0.15 && SENTENCE_END_RE.test(prev.text);
      brk = sizeChange || bigGap || indent || shortLast;
    } else {
      // New column or page: the paragraph goes on only when the sentence visibly does.
      const continues = /-$/.test(prev.text) || (!SENTENCE_END_RE.test(prev.text) && /^[\p{Ll}]/u.test(line.text));
      brk = !continues || Math.abs(line.size - prev.size) > prev.size * 0.12;
    }
    if (brk) {
      paragraphs.push(current);
      current = line.text;
    } else {
      current = joinLines(current, line.text);
    }
  }
  if (current) paragraphs.push(current);
  // Stray page or note numbers ("1", "iv", "(2)") on their own are not paragraphs.
  return paragraphs.map((p) => p.replace(/\s+/g, ' ').trim()).filter((p) => /[\p{L}\p{N}]/u.test(p) && !/^[([]?(?:\d{1,4}|[ivxlc]{1,6})[)\].]?$/i.test(p));
}

/** Same column, next line down (horizontally overlapping, below, not far below). */
function sameFlow(prev: Segment, line: Segment): boolean {
  if (prev.page !== line.page) return false;
  if (line.y >= prev.y) return false;
  if (prev.y - line.y > Math.max(prev.size, line.size) * 4) return false;
  return line.x < prev.xEnd && line.xEnd > prev.x;
}

function sizeKey(size: number): number {
  return Math.round(size * 2) / 2;
}

/** Median baseline-to-baseline distance per type size, from consecutive lines of one flow. */
function lineSpacings(lines: Segment[]): Map<number, number> {
  const gaps = new Map<number, number[]>();
  for (let i = 1; i < lines.length; i++) {
    const prev = lines[i - 1]!;
    const line = lines[i]!;
    if (!sameFlow(prev, line) || Math.abs(prev.size - line.size) > 0.5) continue;
    const k = sizeKey(line.size);
    if (!gaps.has(k)) gaps.set(k, []);
    gaps.get(k)!.push(prev.y - line.y);
  }
  const out = new Map<number, number>();
  for (const [k, list] of gaps) {
    list.sort((a, b) => a - b);
    // The lower quartile-ish: paragraph gaps must not raise the "line" spacing.
    out.set(k, list[Math.floor((list.length - 1) * 0.35)]!);
  }
  return out;
}

/** For each line, the left/right edges of its run of same-flow lines. */
function columnRuns(lines: Segment[]): { left: number; right: number }[] {
  const out: { left: number; right: number }[] = new Array(lines.length);
  let start = 0;
  for (let i = 1; i <= lines.length; i++) {
    if (i < lines.length && sameFlow(lines[i - 1]!, lines[i]!)) continue;
    let left = Infinity;
    let right = -Infinity;
    for (let j = start; j < i; j++) {
      left = Math.min(left, lines[j]!.x);
      right = Math.max(right, lines[j]!.xEnd);
    }
    for (let j = start; j < i; j++) out[j] = { left, right };
    start = i;
  }
  return out;
}

const CJK_RE = /[\u3000-\u9fff\uac00-\ud7af\uff00-\uffef]/;

/** Joins a line onto its paragraph, rejoining words hyphenated at the line end. */
function joinLines(text: string, next: string): string {
  if (/\u00ad$/.test(text)) return text.slice(0, -1) + next;
  if (/\p{L}-$/u.test(text) && /^\p{Ll}/u.test(next)) return text.slice(0, -1) + next;
  if (/\p{L}-$/u.test(text)) return text + next; // "Franco-" + "German"
  if (CJK_RE.test(text.slice(-1)) && CJK_RE.test(next.charAt(0))) return text + next;
  return `${text} ${next}`;
}

function sameText(a: string, b: string): boolean {
  const k = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
  return k(a) === k(b);
}

/** PDF date `D:YYYYMMDDHHmmSSOHH'mm'` → ISO (offset when given, `Z` kept). */
export function pdfDate(raw: unknown): string | null {
  if (typeof raw !== 'string') return null;
  const m = /^(?:D:)?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(?:(Z)|([+-])(\d{2})'?(\d{2})?'?)?/.exec(raw.trim());
  if (!m) return null;
  const [, y, mo = '01', d = '01', h, mi, s, z, sign, oh, om = '00'] = m;
  const year = Number(y);
  if (year < 1980 || year > 2200 || Number(mo) < 1 || Number(mo) > 12 || Number(d) < 1 || Number(d) > 31) return null;
  const date = `${y}-${mo}-${d}`;
  if (!m[3]) return null; // month only: not a date worth keeping
  if (h === undefined) return date;
  if (Number(h) > 23 || Number(mi ?? '0') > 59 || Number(s ?? '0') > 59) return null;
  const time = `${date}T${h}:${mi ?? '00'}:${s ?? '00'}`;
  if (z) return `${time}Z`;
  if (sign && oh) return `${time}${sign}${oh}:${om}`;
  return time.slice(0, 16) + (s ? `:${s}` : '');
}
