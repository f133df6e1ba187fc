/** Helpers every format shares: colours, dates, safe URLs, file names, authors, notes. */
import { Parser, type Node } from 'commonmark';
import type { ClippingDetail } from '../../contract/shapes.ts';

// ---------------------------------------------------------------------------------
// Colours

export type HighlightColor = 'yellow' | 'green' | 'blue' | 'pink' | 'purple';

interface Palette {
  /** Background of <mark> on screen and paper. */
  css: string;
  /** Darker accent (note borders). */
  accent: string;
  /** Word's highlight palette (w:highlight); `textColor` keeps dark highlights readable. */
  word: 'yellow' | 'green' | 'cyan' | 'magenta' | 'darkMagenta';
  wordText?: string;
}

export const PALETTE: Record<HighlightColor, Palette> = {
  yellow: { css: '#fff1a1', accent: '#c9a800', word: 'yellow' },
  green: { css: '#cdf1c4', accent: '#3f9a35', word: 'green' },
  blue: { css: '#cfe3ff', accent: '#3b7bd9', word: 'cyan' },
  pink: { css: '#ffd3e6', accent: '#d2467f', word: 'magenta' },
  purple: { css: '#e6d8ff', accent: '#7c4fd0', word: 'darkMagenta', wordText: 'FFFFFF' },
};

export function colorOf(name: string): HighlightColor {
  return Object.prototype.hasOwnProperty.call(PALETTE, name) ? (name as HighlightColor) : 'yellow';
}

// ---------------------------------------------------------------------------------
// Dates (ISO strings as the archive stores them; floating times stay floating)

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const ISO = /^(\d{4})-(\d{2})(?:-(\d{2}))?(?:[T ](\d{2}):(\d{2}))?/;

export interface DateParts {
  year: number;
  month: number;
  day: number | null;
  hour: number | null;
  minute: number | null;
}

export function dateParts(iso: string | null | undefined): DateParts | null {
  const m = iso ? ISO.exec(iso) : null;
  if (!m) return null;
  const month = Number(m[2]);
  if (month < 1 || month > 12) return null;
  return {
    year: Number(m[1]),
    month,
    day: m[3] ? Number(m[3]) : null,
    hour: m[4] ? Number(m[4]) : null,
    minute: m[5] ? Number(m[5]) : null,
  };
}

/** "8 December 2021, 15:51" as written by the source (no time-zone conversion). */
export function displayDate(iso: string | null | undefined, withTime = true): string | null {
  const p = dateParts(iso);
  if (!p) return null;
  const day = `${p.day !== null ? `${p.day} ` : ''}${MONTHS[p.month - 1]} ${p.year}`;
  if (!withTime || p.hour === null || p.minute === null) return day;
  return `${day}, ${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}`;
}

/** `YYYY-MM-DD` (or shorter) of an ISO string, for grouping and sorting. */
export function dayKey(iso: string | null | undefined): string | null {
  const p = dateParts(iso);
  if (!p) return null;
  return [p.year, String(p.month).padStart(2, '0'), p.day !== null ? String(p.day).padStart(2, '0') : null].filter((x) => x !== null).join('-');
}

/** The date a clipping is filed under: publication, else capture. */
export function clippingDate(c: Pick<ClippingDetail, 'publishedAt' | 'capturedAt'>): string | null {
  return c.publishedAt ?? c.capturedAt ?? null;
}

// ---------------------------------------------------------------------------------
// URLs: only http(s) ever becomes a link

export function safeHttpUrl(raw: string | null | undefined): string | null {
  if (!raw) return null;
  try {
    const u = new URL(raw.trim());
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}

/** The clipping's URL if it is http(s): `url`, else canonical, else source. */
export function clippingUrl(c: Pick<ClippingDetail, 'url'> & Partial<Pick<ClippingDetail, 'canonicalUrl' | 'sourceUrl'>>): string | null {
  return safeHttpUrl(c.url) ?? safeHttpUrl(c.canonicalUrl) ?? safeHttpUrl(c.sourceUrl);
}

/** Inline images only from `data:image/(png|jpeg|gif|webp)` URLs: never a remote request. */
export function inlineImageSrc(src: string | null | undefined): string | null {
  if (!src) return null;
  return /^data:image\/(?:png|jpe?g|gif|webp);base64,[A-Za-z0-9+/=\s]+$/i.test(src) ? src.replace(/\s+/g, '') : null;
}

// ---------------------------------------------------------------------------------
// File names

export function slugify(s: string, max = 60): string {
  const slug = s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, max)
    .replace(/-+$/g, '');
  return slug || 'clipping';
}

// ---------------------------------------------------------------------------------
// Authors from a byline

export type Author = { family: string; given: string } | { literal: string };

const ROLE = /\b(?:editor|correspondent|reporter|writer|columnist|staff|desk|contributor|analyst|chief|senior|political|economics|business|foreign)\b/i;
const ORG = /\b(?:press|association|agency|news|reuters|afp|ap|bbc|staff|service|media|times|post|guardian|agence|wire|team|newsroom)\b/i;

/** "By Jane Smith and John Doe" -> people; organisations stay whole (`literal`). */
export function bylineAuthors(byline: string | null | undefined): Author[] {
  if (!byline) return [];
  const cleaned = byline.replace(/^\s*(?:by|von|par|por|door|di)\s+/i, '').trim();
  if (!cleaned) return [];
  const parts = cleaned
    .split(/\s*(?:,|;|&|\band\b|\bund\b|\bet\b|\by\b)\s*/i)
    .map((p) => p.trim())
    .filter((p) => p && !(ROLE.test(p) && !ORG.test(p)));
  const names = parts.length ? parts : [cleaned];
  return names.map((name): Author => {
    const words = name.split(/\s+/);
    if (ORG.test(name) || words.length < 2 || words.length > 4 || !words.every((w) => /^\p{Lu}/u.test(w) || /^(?:van|von|de|da|di|du|la|le|der|den|del|bin|al)$/i.test(w))) {
      return { literal: name };
    }
    const family = words.pop() as string;
    return { family, given: words.join(' ') };
  });
}

export function authorName(a: Author, order: 'family-first' | 'natural'): string {
  if ('literal' in a) return a.literal;
  return order === 'family-first' ? `${a.family}, ${a.given}` : `${a.given} ${a.family}`;
}

// ---------------------------------------------------------------------------------
// Notes are plain text or Markdown. Parsed once with CommonMark; every format decides
// how much of it survives (HTML: a safe subset; DOCX: plain paragraphs).

export function parseNote(note: string): Node {
  return new Parser({ smart: false }).parse(note);
}

/** The note as plain paragraphs (list items and headings become their own lines). */
export function notePlainParagraphs(note: string): string[] {
  const doc = parseNote(note);
  const out: string[] = [];
  let current: string[] = [];
  const flush = (): void => {
    const line = current.join('').replace(/[ \t]+/g, ' ').trim();
    if (line) out.push(line);
    current = [];
  };
  const walker = doc.walker();
  for (let ev = walker.next(); ev; ev = walker.next()) {
    const n = ev.node;
    if (ev.entering) {
      switch (n.type) {
        case 'text':
        case 'code':
        case 'html_inline':
          current.push(n.literal ?? '');
          break;
        case 'softbreak':
          current.push(' ');
          break;
        case 'linebreak':
          flush();
          break;
        case 'code_block':
        case 'html_block':
          flush();
          for (const l of (n.literal ?? '').split('\n')) if (l.trim()) out.push(l.trimEnd());
          break;
        case 'item':
          flush();
          current.push('• ');
          break;
        case 'image':
          break;
        default:
          break;
      }
    } else if (n.type === 'paragraph' || n.type === 'heading') {
      flush();
    } else if (n.type === 'link' && n.destination && safeHttpUrl(n.destination) && !textOf(n).includes(n.destination)) {
      current.push(` (${n.destination})`);
    }
  }
  flush();
  return out;
}

function textOf(n: Node): string {
  let s = '';
  const w = n.walker();
  for (let ev = w.next(); ev; ev = w.next()) if (ev.entering && ev.node.literal) s += ev.node.literal;
  return s;
}

/** One-line plain text of a note (CSV, RIS, titles). */
export function notePlain(note: string): string {
  return notePlainParagraphs(note).join(' ');
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
