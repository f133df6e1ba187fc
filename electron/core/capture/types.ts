/**
 * What every capture extractor (plain text, Markdown, HTML, MHTML, e-mail, PDF) returns.
 * Pure data: the archive turns it into a stored clipping.
 *
 * Conventions (see README "Conventions"):
 * - `publishedAt`/`modifiedAt`: ISO 8601; an offset only when the source gives one
 *   (`2021-06-14T17:02:11+01:00`), a floating local date-time when the source gives a
 *   time without a zone (`2021-12-08T15:51`), `YYYY-MM-DD` for a day only, null when unknown.
 * - `paragraphs`: the clean body only, one string per paragraph, without the title,
 *   byline, date line or figure captions (those have their own fields).
 * - A figure's `caption` is without its trailing credit, which is in `credit`.
 */
export interface ExtractedFigure {
  alt: string | null;
  caption: string | null;
  credit: string | null;
  /** Image address as found in the capture (never fetched by the extractor). */
  src: string | null;
}

export interface ExtractedClipping {
  title: string | null;
  byline: string | null;
  outlet: string | null;
  /** Where the capture says it came from (e.g. `og:url`), before canonicalisation. */
  sourceUrl: string | null;
  /** `<link rel=canonical>` or equivalent, when the capture gives one. */
  canonicalUrl: string | null;
  publishedAt: string | null;
  modifiedAt: string | null;
  /** BCP 47: declared tag (`en-GB`) or a detected primary tag (`en`). */
  lang: string | null;
  excerpt: string | null;
  leadImage: string | null;
  paragraphs: string[];
  figures: ExtractedFigure[];
  /** Sanitised article HTML (safe to store and to show), or null for text captures. */
  html: string | null;
}

/** Thrown for input that cannot become a clipping; the message names what is wrong. */
export class CaptureError extends Error {
  override name = 'CaptureError';
}
