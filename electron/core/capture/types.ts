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
import type { Clipping, Figure } from '../../contract/shapes.ts';

/** A figure as the contract declares it (the image address as found in the capture, never fetched by the extractor). */
export type ExtractedFigure = Figure;

/**
 * The clipping's fields an extractor finds, as the contract declares them, with `title`
 * null when the capture gives none and the body as paragraphs. `sourceUrl` is where
 * the capture says it came from (e.g. `og:url`), `canonicalUrl` its `<link
 * rel=canonical>`; `lang` a declared BCP 47 tag or a detected primary one; `html` the
 * sanitised article (null for text captures).
 */
export type ExtractedClipping = Pick<Clipping, 'byline' | 'outlet' | 'sourceUrl' | 'canonicalUrl' | 'publishedAt' | 'modifiedAt' | 'lang' | 'excerpt' | 'leadImage' | 'figures' | 'html'> & {
  title: string | null;
  paragraphs: string[];
  /**
   * The extractor is not sure the body is the article: no main content was found and the
   * best text block stands in for it, or the body is only boilerplate (a cookie banner, a
   * paywall box) or a teaser. Stored flagged "extraction uncertain", never merged with
   * another capture by its text alone. Absent means false.
   */
  uncertain?: boolean;
};

export { MAX_CAPTURE_BYTES } from './limits.ts';
/** How the clipping's HTML and figures refer to a stored image. */
export const IMAGE_SCHEME = 'cuttings-image:';

/** Thrown for input that cannot become a clipping; the message names what is wrong. */
export class CaptureError extends Error {
  override name = 'CaptureError';
}
