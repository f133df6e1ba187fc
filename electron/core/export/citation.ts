/**
 * Citations that reference managers import: RIS (`TY  - NEWS`) and CSL-JSON
 * (`article-newspaper`). Outlet = publication, byline = authors, publication date, URL,
 * access date = capture date.
 */
import type { ClippingDetail } from '../../contract/shapes.ts';
import { authorName, bylineAuthors, clippingUrl, dateParts, notePlain } from './meta.ts';

function risDate(iso: string | null | undefined): string | null {
  const p = dateParts(iso);
  if (!p) return null;
  return `${p.year}/${String(p.month).padStart(2, '0')}/${p.day !== null ? String(p.day).padStart(2, '0') : ''}/`;
}

/** RIS fields are one line each: line breaks become spaces. */
const one = (s: string): string => s.replace(/[\r\n\u2028\u2029]+/g, ' ').replace(/\s+/g, ' ').trim();

export function ris(clippings: readonly ClippingDetail[]): string {
  const lines: string[] = [];
  const tag = (t: string, v: string | null | undefined): void => {
    if (v && one(v)) lines.push(`${t}  - ${one(v)}`);
  };
  for (const c of clippings) {
    lines.push('TY  - NEWS');
    tag('ID', `cuttings-${c.id}`);
    tag('TI', c.title);
    for (const a of bylineAuthors(c.byline)) tag('AU', authorName(a, 'family-first'));
    tag('T2', c.outlet);
    tag('SE', c.section);
    tag('SP', c.page);
    const date = risDate(c.publishedAt);
    tag('PY', dateParts(c.publishedAt)?.year.toString());
    tag('DA', date);
    tag('UR', clippingUrl(c));
    tag('Y2', risDate(c.capturedAt));
    tag('LA', c.lang);
    tag('AB', c.excerpt);
    for (const t of c.tags ?? []) tag('KW', t);
    if ((c.note ?? '').trim()) tag('N1', notePlain(c.note));
    lines.push('ER  - ', '');
  }
  return lines.join('\r\n');
}

export interface CslItem {
  id: string;
  type: 'article-newspaper';
  title: string;
  'container-title'?: string;
  section?: string;
  page?: string;
  author?: Array<{ family: string; given: string } | { literal: string }>;
  issued?: { 'date-parts': number[][] };
  accessed?: { 'date-parts': number[][] };
  URL?: string;
  language?: string;
  abstract?: string;
  keyword?: string;
  note?: string;
}

function cslDate(iso: string | null | undefined): { 'date-parts': number[][] } | undefined {
  const p = dateParts(iso);
  if (!p) return undefined;
  return { 'date-parts': [[p.year, p.month, ...(p.day !== null ? [p.day] : [])]] };
}

export function cslItem(c: ClippingDetail): CslItem {
  const authors = bylineAuthors(c.byline);
  const url = clippingUrl(c);
  const issued = cslDate(c.publishedAt);
  const accessed = cslDate(c.capturedAt);
  return {
    id: `cuttings-${c.id}`,
    type: 'article-newspaper',
    title: c.title,
    ...(c.outlet ? { 'container-title': c.outlet } : {}),
    ...(c.section ? { section: c.section } : {}),
    ...(c.page ? { page: c.page } : {}),
    ...(authors.length ? { author: authors } : {}),
    ...(issued ? { issued } : {}),
    ...(accessed ? { accessed } : {}),
    ...(url ? { URL: url } : {}),
    ...(c.lang ? { language: c.lang } : {}),
    ...(c.excerpt ? { abstract: c.excerpt } : {}),
    ...(c.tags?.length ? { keyword: c.tags.join(', ') } : {}),
    ...((c.note ?? '').trim() ? { note: notePlain(c.note) } : {}),
  };
}

export function csl(clippings: readonly ClippingDetail[]): string {
  return `${JSON.stringify(clippings.map(cslItem), null, 2)}\n`;
}
