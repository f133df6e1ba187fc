/**
 * Export: the one entry point the CLI and the app call.
 *
 *   exportClippings(clippings, { format: 'md' })                  -> one file per clipping
 *   exportClippings(clippings, { format: 'pdf', digest: true })   -> one press review
 *   exportClippings(clippings, { format: 'csv' })                 -> one file for all
 *
 * md, html, pdf, docx and json are document formats: one file per clipping, or with
 * `digest` one document for all (json: one collection). csv, ris and csl are collection
 * formats: always one file. Each format is its own module over the shared model
 * (`model.ts`) and highlight segmentation (`segments.ts`).
 */
import type { ClippingDetail } from '../../contract/shapes.ts';
import { csl, ris } from './citation.ts';
import { csv } from './csv.ts';
import { docxArticle, docxDigest } from './docx.ts';
import { htmlArticle, htmlDigest } from './html.ts';
import { jsonArticle, jsonCollection } from './json.ts';
import { markdownArticle, markdownDigest } from './markdown.ts';
import { slugify } from './meta.ts';
import { articleModel, digestModel } from './model.ts';
import { htmlToPdf, pdfDigest } from './pdf.ts';
import { EXPORT_FORMATS, ExportError, type ExportFile, type ExportFormat, type ExportOptions } from './types.ts';

export * from './types.ts';
export { findChromium, pdfLayout, CHROMIUM_MISSING, type PdfLayout, type PdfOptions } from './pdf.ts';
export { segment, type Paragraph, type Run } from './segments.ts';

export const EXPORT_MEDIA_TYPES: Record<ExportFormat, string> = {
  md: 'text/markdown; charset=utf-8',
  html: 'text/html; charset=utf-8',
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  json: 'application/json',
  csv: 'text/csv; charset=utf-8; header=present',
  ris: 'application/x-research-info-systems',
  csl: 'application/vnd.citationstyles.csl+json',
};

const EXTENSIONS: Record<ExportFormat, string> = { md: 'md', html: 'html', pdf: 'pdf', docx: 'docx', json: 'json', csv: 'csv', ris: 'ris', csl: 'json' };

export async function exportClippings(clippings: readonly ClippingDetail[], opts: ExportOptions): Promise<ExportFile[]> {
  const { format } = opts;
  if (!EXPORT_FORMATS.includes(format)) {
    throw new ExportError('bad_options', `unknown export format "${String(format)}" (valid: ${EXPORT_FORMATS.join(', ')})`);
  }
  if (opts.groupBy && !['tag', 'outlet', 'day'].includes(opts.groupBy)) {
    throw new ExportError('bad_options', `unknown grouping "${String(opts.groupBy)}" (valid: tag, outlet, day)`);
  }
  if (clippings.length === 0) throw new ExportError('no_clippings', 'nothing to export: no clippings given');
  const now = opts.now ?? new Date();
  const stamp = now.toISOString().slice(0, 10);
  const title = opts.title?.trim() || 'Press review';
  const digestName = `${slugify(title)}-${stamp}.${EXTENSIONS[format]}`;
  const file = (name: string, data: string | Buffer): ExportFile => ({ name, mediaType: EXPORT_MEDIA_TYPES[format], data });
  const nameOf = (c: ClippingDetail): string => `${slugify(c.title ?? '', 50)}-${c.id}.${EXTENSIONS[format]}`;

  switch (format) {
    case 'csv':
      return [file(`clippings-${stamp}.csv`, csv(clippings))];
    case 'ris':
      return [file(`clippings-${stamp}.ris`, ris(clippings))];
    case 'csl':
      return [file(`clippings-${stamp}.csl.json`, csl(clippings))];
    case 'json':
      return opts.digest ? [file(digestName, jsonCollection(clippings, { title, now }))] : clippings.map((c) => file(nameOf(c), jsonArticle(c)));
    default:
      break;
  }

  if (opts.digest) {
    const d = digestModel(clippings, { title, groupBy: opts.groupBy ?? 'tag', highlightsOnly: opts.highlightsOnly ?? false, now });
    switch (format) {
      case 'md':
        return [file(digestName, markdownDigest(d))];
      case 'html':
        return [file(digestName, htmlDigest(d))];
      case 'pdf': {
        return [file(digestName, await pdfDigest(d, opts.pdf))];
      }
      case 'docx':
        return [file(digestName, await docxDigest(d))];
    }
  }
  if (opts.highlightsOnly || opts.groupBy) {
    throw new ExportError('bad_options', 'highlights-only and group-by apply to a press review (digest) only');
  }
  const articles = clippings.map(articleModel);
  switch (format) {
    case 'md':
      return articles.map((a) => file(nameOf(a.clipping), markdownArticle(a)));
    case 'html':
      return articles.map((a) => file(nameOf(a.clipping), htmlArticle(a)));
    case 'pdf': {
      const pdfs = await htmlToPdf(articles.map((a) => ({ html: htmlArticle(a), title: a.title })), opts.pdf);
      return articles.map((a, i) => file(nameOf(a.clipping), pdfs[i] as Buffer));
    }
    case 'docx':
      return Promise.all(articles.map(async (a) => file(nameOf(a.clipping), await docxArticle(a))));
  }
  throw new ExportError('bad_options', `unknown export format "${String(format)}"`);
}
