/** CSV (RFC 4180): one row per clipping, CRLF line ends, fields quoted when needed. */
import type { ClippingDetail } from '../../contract/shapes.ts';
import { clippingUrl } from './meta.ts';

export const CSV_COLUMNS = ['id', 'title', 'outlet', 'byline', 'published', 'url', 'tags', 'annotations', 'words'] as const;

export function csvField(v: string | number | null | undefined): string {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\r\n]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csv(clippings: readonly ClippingDetail[]): string {
  const rows = [CSV_COLUMNS.join(',')];
  for (const c of clippings) {
    rows.push(
      [c.id, c.title, c.outlet, c.byline, c.publishedAt, clippingUrl(c) ?? c.url, (c.tags ?? []).join('; '), (c.annotations ?? []).length, c.wordCount]
        .map(csvField)
        .join(','),
    );
  }
  return `${rows.join('\r\n')}\r\n`;
}
