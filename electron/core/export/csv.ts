/** CSV (RFC 4180): one row per clipping, CRLF line ends, fields quoted when needed. */
import type { ClippingDetail } from '../../contract/shapes.ts';
import { clippingUrl } from './meta.ts';

export const CSV_COLUMNS = ['id', 'title', 'outlet', 'byline', 'published', 'url', 'tags', 'annotations', 'words'] as const;

/**
 * CSV injection (OWASP): a spreadsheet runs a text cell whose first character is = + - @ TAB
 * or CR as a formula. Such a cell, also when the character follows leading whitespace, is
 * prefixed with ' and quoted. The rule is on the first character, so "-5%" is prefixed too.
 */
const FORMULA_START = /^[\t\r]|^\s*[=+\-@]/;

export function csvField(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return String(v); // numbers we wrote ourselves: never a formula
  if (FORMULA_START.test(v)) return `"'${v.replace(/"/g, '""')}"`;
  return /[",\r\n]/.test(v) || /^\s|\s$/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export function csv(clippings: readonly ClippingDetail[]): string {
  const rows = [CSV_COLUMNS.join(',')];
  for (const c of clippings) {
    rows.push(
      // The URL column: only an http(s) URL, anything else (javascript:, file:, …) an empty cell.
      [c.id, c.title, c.outlet, c.byline, c.publishedAt, clippingUrl(c) ?? '', (c.tags ?? []).join('; '), (c.annotations ?? []).length, c.wordCount]
        .map(csvField)
        .join(','),
    );
  }
  return `${rows.join('\r\n')}\r\n`;
}
