/**
 * The format-neutral document: one article per clipping (metadata, segmented text,
 * numbered notes) and, for a press review, the cover and the grouped table of contents.
 * Markdown, HTML (and so PDF) and DOCX render this; none of them re-derives it.
 */
import type { Annotation, ClippingDetail } from '../../contract/shapes.ts';
import { clippingDate, clippingUrl, dayKey, displayDate, plural } from './meta.ts';
import { compareAnchored, isAnchored, segment, type Anchored, type Paragraph } from './segments.ts';
import type { GroupBy } from './types.ts';

export interface ArticleModel {
  clipping: ClippingDetail;
  /** Unique within the document: `clipping-<id>`. */
  anchor: string;
  title: string;
  outlet: string | null;
  /** Press fields: "Europe", "p. 12". */
  section: string | null;
  page: string | null;
  byline: string | null;
  published: string | null;
  captured: string | null;
  /** http(s) only. */
  url: string | null;
  tags: string[];
  clipNote: string;
  paragraphs: Paragraph[];
  figures: ClippingDetail['figures'];
  /** Anchored highlights in reading order. */
  highlights: Anchored[];
  /** Highlights whose passage is no longer found in the text (quote kept). */
  orphans: Annotation[];
  /** Annotations with a note, in footnote order (markers' reading order, then orphans). */
  notes: Annotation[];
  /** Annotation id -> footnote number. */
  noteNumber: Map<number, number>;
}

export function articleModel(c: ClippingDetail): ArticleModel {
  const text = c.text ?? '';
  const annotations = c.annotations ?? [];
  const highlights = annotations.filter((a): a is Anchored => isAnchored(a, text)).sort(compareAnchored);
  const anchoredIds = new Set(highlights.map((a) => a.id));
  const orphans = annotations.filter((a) => !anchoredIds.has(a.id) && (a.quote ?? '').trim() !== '');
  const withNote = (a: Annotation): boolean => (a.note ?? '').trim() !== '';
  const notes = [
    ...highlights.filter(withNote).sort((a, b) => a.end - b.end || a.start - b.start || a.id - b.id),
    ...orphans.filter(withNote),
  ];
  return {
    clipping: c,
    anchor: `clipping-${c.id}`,
    title: c.title?.trim() || 'Untitled clipping',
    outlet: c.outlet?.trim() || null,
    section: c.section?.trim() || null,
    page: c.page?.trim() ? `p. ${c.page.trim().replace(/^p(?:age|\.)?\s*/i, '')}` : null,
    byline: c.byline?.trim() || null,
    published: displayDate(c.publishedAt),
    captured: displayDate(c.capturedAt, false),
    url: clippingUrl(c),
    tags: [...(c.tags ?? [])],
    clipNote: (c.note ?? '').trim(),
    paragraphs: segment(text, annotations),
    figures: c.figures ?? [],
    highlights,
    orphans,
    notes,
    noteNumber: new Map(notes.map((a, i) => [a.id, i + 1])),
  };
}

/** "Outlet, Section, p. 12 · Byline · 8 December 2021, 15:51" */
export function metaLine(a: ArticleModel): string {
  const where = [a.outlet, a.section, a.page].filter(Boolean).join(', ');
  return [where, a.byline, a.published].filter(Boolean).join(' · ');
}

// ---------------------------------------------------------------------------------
// Press review

export interface DigestGroup {
  label: string;
  articles: ArticleModel[];
}

export interface DigestModel {
  title: string;
  /** "1 December 2021 – 8 December 2021" (publication dates; "Captured …" if none has one), null if none. */
  dateRange: string | null;
  count: number;
  countLabel: string;
  generated: string;
  groupBy: GroupBy;
  highlightsOnly: boolean;
  /** Every group with every clipping in it (a clipping with two tags is listed twice). */
  toc: DigestGroup[];
  /** The body: each clipping once, under its first group. */
  sections: DigestGroup[];
}

const NO_GROUP: Record<GroupBy, string> = { tag: 'Untagged', outlet: 'Unknown outlet', day: 'Undated' };

export function digestModel(
  clippings: readonly ClippingDetail[],
  o: { title?: string; groupBy?: GroupBy; highlightsOnly?: boolean; now: Date },
): DigestModel {
  const groupBy = o.groupBy ?? 'tag';
  const seen = new Set<number>();
  const articles = clippings
    .filter((c) => (seen.has(c.id) ? false : (seen.add(c.id), true)))
    .map(articleModel)
    .sort(byDateThenTitle);
  const keysOf = (a: ArticleModel): string[] => {
    const c = a.clipping;
    if (groupBy === 'tag') return uniqueCaseless(a.tags);
    if (groupBy === 'outlet') return a.outlet ? [a.outlet] : [];
    const day = dayKey(c.publishedAt);
    return day ? [day] : [];
  };
  const groups = new Map<string, ArticleModel[]>();
  const firstGroup = new Map<ArticleModel, string>();
  for (const a of articles) {
    const keys = keysOf(a);
    const list = keys.length ? keys : [''];
    for (const k of list) {
      if (!groups.has(k)) groups.set(k, []);
      groups.get(k)?.push(a);
    }
  }
  const order = [...groups.keys()].sort((x, y) => {
    if (x === '' || y === '') return x === '' ? 1 : -1;
    return groupBy === 'day' ? x.localeCompare(y) : x.localeCompare(y, 'en', { sensitivity: 'base' });
  });
  const label = (k: string): string => (k === '' ? NO_GROUP[groupBy] : groupBy === 'day' ? (displayDate(k) ?? k) : k);
  const toc = order.map((k) => ({ label: label(k), articles: groups.get(k) ?? [] }));
  for (const k of order) for (const a of groups.get(k) ?? []) if (!firstGroup.has(a)) firstGroup.set(a, k);
  const sections = order
    .map((k) => ({ label: label(k), articles: (groups.get(k) ?? []).filter((a) => firstGroup.get(a) === k) }))
    .filter((s) => s.articles.length > 0);

  // Publication dates: a clipping captured today must not stretch a review of 2021. Only
  // when none has one does the range come from capture dates, and it says so.
  const daysOf = (field: 'publishedAt' | 'capturedAt'): string[] =>
    articles.map((a) => dayKey(a.clipping[field])).filter((d): d is string => d !== null).sort();
  const published = daysOf('publishedAt');
  const days = published.length ? published : daysOf('capturedAt');
  const first = days[0];
  const last = days[days.length - 1];
  const span = first && last ? (first === last ? displayDate(first) : `${displayDate(first)} – ${displayDate(last)}`) : null;
  const dateRange = span && !published.length ? `Captured ${span}` : span;
  return {
    title: o.title?.trim() || 'Press review',
    dateRange,
    count: articles.length,
    countLabel: plural(articles.length, 'clipping'),
    generated: displayDate(o.now.toISOString().slice(0, 10)) ?? '',
    groupBy,
    highlightsOnly: o.highlightsOnly ?? false,
    toc,
    sections,
  };
}

function byDateThenTitle(a: ArticleModel, b: ArticleModel): number {
  const da = clippingDate(a.clipping) ?? '';
  const db = clippingDate(b.clipping) ?? '';
  return da.localeCompare(db) || a.title.localeCompare(b.title) || a.clipping.id - b.clipping.id;
}

function uniqueCaseless(tags: string[]): string[] {
  const seen = new Set<string>();
  return tags.map((t) => t.trim()).filter((t) => t && !seen.has(t.toLowerCase()) && (seen.add(t.toLowerCase()), true));
}

/** The passage of a highlight: its text now, else the quote it was made on. */
export function passage(a: Annotation, text: string): string {
  return isAnchored(a, text) ? text.slice(a.start, a.end) : a.quote;
}

/** Highlights in reading order, orphaned ones last (highlights-only digests). */
export function passages(a: ArticleModel): Annotation[] {
  return [...a.highlights, ...a.orphans];
}
