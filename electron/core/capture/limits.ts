/**
 * Every limit on a capture, in one place (the README's "Limits" lists them). Each is
 * checked by a cheap, linear pass BEFORE the expensive parse it protects, so that any
 * input — however crafted — is read within a few seconds and a few hundred MB, or
 * refused with a CaptureError naming the limit (the import path adds the file name).
 * What wins when goals collide: first every input is bounded; second, within these
 * limits a page with readable text is stored, never refused; third, speed.
 * Measured by `npm run soak -- --hostile` (tests/bench/results/soak-hostile.md).
 */

const MB = 1024 * 1024;

/** A capture file larger than this is not read (MHTML and PDF with images are the big ones). */
export const MAX_CAPTURE_BYTES = 64 * MB;
/** A gzip capture is decompressed at most this far (the reader's own limit below then applies). */
export const MAX_DECOMPRESSED_BYTES = 64 * MB;

/**
 * HTML markup (a page, an MHTML page part, an e-mail's HTML body): the DOM, Readability
 * and the sanitiser cost ~60 bytes of memory per byte; the largest of the 450 benchmark
 * pages is 1.6 MB.
 */
export const MAX_HTML_BYTES = 5 * MB;
/** Elements in a page (counted before parsing; the DOM costs ~30 µs an element): the benchmark pages have under 10,000. */
export const MAX_HTML_ELEMENTS = 60_000;
/** Above this many elements, Readability (~150 µs an element) is skipped for the linear whole-body reading. */
export const MAX_READABILITY_ELEMENTS = 15_000;
/**
 * Element nesting (measured before parsing, and again on the DOM): Readability's cost
 * grows with the cube of the depth; the benchmark pages reach 50.
 */
export const MAX_HTML_DEPTH = 256;

/** A plain-text or Markdown capture (about 600,000 words; the text reader costs ~50 bytes a byte). */
export const MAX_TEXT_BYTES = 4 * MB;
/** Lines of a plain-text or Markdown capture (each costs the text reader ~1 KB): 4 MB hard-wrapped at 72 is 60,000. */
export const MAX_TEXT_LINES = 100_000;

/** Words of a clipping its near-duplicate signature (MinHash) is computed over: no article is longer. */
export const MAX_MINHASH_WORDS = 50_000;

/** MIME parts in an MHTML file or an e-mail (a saved page has tens to hundreds). */
export const MAX_MIME_PARTS = 5_000;
/** Images kept from one capture (MHTML, e-mail, saved page), and their total decoded size. */
export const MAX_RESOURCES = 1_000;
export const MAX_RESOURCE_BYTES = 48 * MB;

/** PDF pages read (no e-paper comes near it). */
export const MAX_PDF_PAGES = 2_000;
/**
 * Pages read × kids of the widest page-tree node (pdfjs walks them for each page): a
 * flat tree of 1,000 pages is read whole; one of 20,000 only to its 50th page.
 */
export const MAX_PDF_PAGE_WALK = 1_000_000;
/** Decompressed size of all of a PDF's Flate streams together (checked before pdfjs reads it). */
export const MAX_PDF_INFLATED_BYTES = 160 * MB;
/**
 * Content-stream bytes the pages make the text reader parse, summed over pages (a stream
 * shared by 600 pages counts 600 times; each form drawn counts again): pdfjs reads 1.5
 * to 3 MB a second on a loaded 2-core machine; a 100-page text report has 2–5 MB.
 */
export const MAX_PDF_CONTENT_BYTES = 16 * MB;
/** `Do` operators (drawing an image or a form) in a PDF's page and form streams: each form drawn is parsed again. */
export const MAX_PDF_XOBJECT_CALLS = 20_000;
/** Text read from a PDF: later pages are not read once this many characters were. */
export const MAX_PDF_TEXT_CHARS = 4_000_000;
/** Text pieces on one page above which its column layout is not analysed (read top to bottom). */
export const MAX_PDF_LAYOUT_SEGMENTS = 5_000;

/** "12.0 MB" for messages. */
export function mb(n: number): string {
  return `${(n / MB).toFixed(n < 10 * MB ? 1 : 0)} MB`;
}
