/**
 * Export options, results and errors. The one entry point is `exportClippings` in
 * `index.ts`; everything else in this folder is one module per format over a shared
 * document model (`model.ts`) and the highlight segmentation (`segments.ts`).
 */
import type { ExportFormat } from '../../contract/shapes.ts';
import type { PdfOptions } from './pdf.ts';

export { EXPORT_FORMATS, type ExportFormat } from '../../contract/shapes.ts';

export type GroupBy = 'tag' | 'outlet' | 'day';

export interface ExportOptions {
  format: ExportFormat;
  /** Press review: every clipping in one document (md, html, pdf, docx only). */
  digest?: boolean;
  /** Table of contents grouping of a digest (default `tag`). */
  groupBy?: GroupBy;
  /** Digest: only the highlighted passages with their notes instead of the full text. */
  highlightsOnly?: boolean;
  /** Digest title (default "Press review"). */
  title?: string;
  /** "Now" for the digest cover and the access date of citations (tests pin it). */
  now?: Date;
  pdf?: PdfOptions;
}

export interface ExportFile {
  /** A safe file name (no folders), e.g. `strategic-mistake-for-russia-12.md`. */
  name: string;
  mediaType: string;
  /** Text formats are strings (UTF-8 when written); pdf and docx are bytes. */
  data: string | Buffer;
}

export type ExportErrorCode = 'bad_options' | 'no_clippings' | 'chromium_missing' | 'renderer_missing' | 'render_failed';

/** An error meant for the user: one clear sentence. */
export class ExportError extends Error {
  override name = 'ExportError';
  constructor(
    readonly code: ExportErrorCode,
    message: string,
  ) {
    super(message);
  }
}
