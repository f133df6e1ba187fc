/**
 * The capture dispatcher: the bytes of one capture (a file, pasted content, a fetched
 * URL) → a clean clipping, whatever the format: HTML (with a saved page's images),
 * MHTML, e-mail, PDF, Markdown or a plain-text copy, each possibly gzip-compressed.
 * Images that come with a capture are returned as resources, and the clipping's HTML
 * points at their stored copies (`cuttings-image:<sha256>`); nothing is fetched.
 */
import { gunzipSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import type { CaptureTime } from './dates.ts';
import { decodeText, looksBinary } from './decode.ts';
import { MAX_DECOMPRESSED_BYTES, MAX_HTML_BYTES, MAX_TEXT_BYTES, MAX_TEXT_LINES, mb } from './limits.ts';
import { extractEmail } from './eml.ts';
import { extractFromHtml } from './html.ts';
import { extractFromMarkdown } from './markdown.ts';
import { parseMhtml } from './mhtml.ts';
import { extractFromPdf } from './pdf.ts';
import { resourceUrlMap, rewriteResourceUrls, type CaptureResource } from './resources.ts';
import { collectSavedPageResources } from './savedpage.ts';
import { extractFromText } from './text.ts';
import { CaptureError, IMAGE_SCHEME, MAX_CAPTURE_BYTES, type ExtractedClipping } from './types.ts';

export { CaptureError, IMAGE_SCHEME, MAX_CAPTURE_BYTES } from './types.ts';
export type { ExtractedClipping, ExtractedFigure } from './types.ts';
export type { CaptureResource } from './resources.ts';

export interface CaptureSource {
  bytes: Uint8Array;
  /** File name or label, for the type and for messages. */
  name: string | null;
  mediaType: string | null;
  sourceUrl: string | null;
  /** Where the file is, for a saved page's `_files` folder. */
  path?: string | null;
  /** When the capture was made, when the caller knows (a page fetched now): relative dates are read against it. */
  capturedAt?: CaptureTime | null;
}

export type CaptureKind = 'html' | 'text' | 'markdown' | 'mhtml' | 'eml' | 'pdf';

export interface PreparedCapture {
  /** Media type of the (decompressed) capture, e.g. `text/html`. */
  mediaType: string;
  kind: CaptureKind;
  extracted: ExtractedClipping;
  /** Images that came with the capture, to store with it. */
  resources: CaptureResource[];
}

const MEDIA_TYPE: Record<CaptureKind, string> = {
  html: 'text/html',
  text: 'text/plain',
  markdown: 'text/markdown',
  mhtml: 'multipart/related',
  eml: 'message/rfc822',
  pdf: 'application/pdf',
};
const BY_MEDIA_TYPE: Record<string, CaptureKind> = {
  'text/html': 'html',
  'application/xhtml+xml': 'html',
  'text/plain': 'text',
  'text/markdown': 'markdown',
  'text/x-markdown': 'markdown',
  'multipart/related': 'mhtml',
  'application/x-mimearchive': 'mhtml',
  'message/rfc822': 'eml',
  'application/pdf': 'pdf',
};
const BY_EXTENSION: [RegExp, CaptureKind][] = [
  [/\.(?:html?|xhtml|shtml)$/i, 'html'],
  [/\.(?:mhtml|mht)$/i, 'mhtml'],
  [/\.eml$/i, 'eml'],
  [/\.pdf$/i, 'pdf'],
  [/\.(?:md|markdown|mdown|mkd)$/i, 'markdown'],
  [/\.(?:txt|text)$/i, 'text'],
];
const HTML_START = /^\s*(?:<!--[\s\S]*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title)\b/i;
const MHTML_HEAD = /^(?:[\w-]+:[^\n]*\n(?:[ \t][^\n]*\n)*)*?content-type:\s*multipart\/related/im;
const MAIL_HEAD = /^(?:from|date|subject|received|return-path|mime-version|to|message-id|delivered-to):/i;

/**
 * Turns the bytes of one capture into a clean clipping. Throws CaptureError with a
 * message saying what is wrong with the input (the caller adds the file name).
 */
export async function extractCapture(src: CaptureSource): Promise<PreparedCapture> {
  let bytes = src.bytes;
  let name = src.name ?? '';
  if (bytes.byteLength === 0) throw new CaptureError('the file is empty');
  if (bytes.byteLength > MAX_CAPTURE_BYTES) throw new CaptureError(`too large (${mb(bytes.byteLength)}; the limit is ${mb(MAX_CAPTURE_BYTES)})`);
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    name = name.replace(/\.gz$/i, '');
    // Decompressed no further than the reader the name promises will take (zlib stops
    // there: a bomb costs its limit, not its size).
    const named = kindFromName(name, src.mediaType);
    const cap = named ? Math.min(READER_LIMIT[named] ?? MAX_DECOMPRESSED_BYTES, MAX_DECOMPRESSED_BYTES) : MAX_DECOMPRESSED_BYTES;
    try {
      bytes = gunzipSync(bytes, { maxOutputLength: cap });
    } catch (err) {
      const tooBig = (err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE';
      throw new CaptureError(tooBig ? `decompresses to more than ${mb(cap)} (the limit${named ? ` for ${READER_NAME[named]}` : ''})` : 'not a valid gzip file (truncated or corrupt)');
    }
    if (bytes.byteLength === 0) throw new CaptureError('the file is empty once decompressed');
  }

  const kind = detectKind(bytes, name, src.mediaType);
  const limit = READER_LIMIT[kind];
  if (limit !== undefined && bytes.byteLength > limit) {
    throw new CaptureError(`too large for ${READER_NAME[kind]} (${mb(bytes.byteLength)}; the limit is ${mb(limit)})`);
  }
  if ((kind === 'text' || kind === 'markdown') && countLines(bytes, MAX_TEXT_LINES + 1) > MAX_TEXT_LINES) {
    throw new CaptureError(`has more than ${MAX_TEXT_LINES.toLocaleString('en')} lines (the limit for ${READER_NAME[kind]})`);
  }
  const done = (extracted: ExtractedClipping, resources: CaptureResource[] = []): PreparedCapture => {
    if (extracted.paragraphs.length === 0) throw new CaptureError('no article text found');
    return { mediaType: MEDIA_TYPE[kind], kind, extracted, resources };
  };
  if (kind === 'pdf') return done(await extractFromPdf(bytes));
  if (looksBinary(bytes)) throw new CaptureError('looks like binary data, not a web page or a text capture');

  switch (kind) {
    case 'mhtml': {
      const page = parseMhtml(bytes);
      const resources = page.resources;
      return done(extractFromHtml(pointAtStored(page.html, resources, src.sourceUrl ?? page.url), { url: src.sourceUrl ?? page.url, capturedAt: page.capturedAt }), resources);
    }
    case 'eml': {
      const mail = await extractEmail(bytes, { rewriteHtml: (html, resources) => pointAtStored(html, resources, null) });
      return done(mail.extracted, mail.resources);
    }
    default: {
      const { text } = decodeText(bytes, { html: kind === 'html', declaredCharset: charsetOf(src.mediaType) });
      if (text.trim() === '') throw new CaptureError('contains only whitespace');
      if (kind === 'markdown') return done(extractFromMarkdown(text));
      if (kind === 'text') return done(extractFromText(text, { sourceUrl: src.sourceUrl }));
      const resources = src.path ? collectSavedPageResources(src.path, text) : [];
      return done(extractFromHtml(pointAtStored(text, resources, src.sourceUrl), { url: src.sourceUrl, capturedAt: src.capturedAt ?? null }), resources);
    }
  }
}

/** The address a stored image gets in the clipping's HTML and figures. */
export function storedImageUrl(bytes: Uint8Array): string {
  return `${IMAGE_SCHEME}${createHash('sha256').update(bytes).digest('hex')}`;
}

function pointAtStored(html: string, resources: readonly CaptureResource[], baseUrl: string | null): string {
  if (resources.length === 0) return html;
  return rewriteResourceUrls(html, resourceUrlMap(resources, (r) => storedImageUrl(r.bytes)), { baseUrl });
}

/** Byte limits of the readers whose whole input is text (the others limit their parts). */
const READER_LIMIT: Partial<Record<CaptureKind, number>> = { html: MAX_HTML_BYTES, text: MAX_TEXT_BYTES, markdown: MAX_TEXT_BYTES };
const READER_NAME: Record<CaptureKind, string> = { html: 'a web page', text: 'a text capture', markdown: 'a Markdown capture', mhtml: 'an MHTML file', eml: 'an e-mail', pdf: 'a PDF' };

/** The kind the media type or the file name says, if either does. */
function kindFromName(name: string, mediaType: string | null): CaptureKind | null {
  const mt = mediaType?.split(';')[0]?.trim().toLowerCase();
  if (mt && BY_MEDIA_TYPE[mt]) return BY_MEDIA_TYPE[mt];
  for (const [re, kind] of BY_EXTENSION) if (re.test(name)) return kind;
  return null;
}

function detectKind(bytes: Uint8Array, name: string, mediaType: string | null): CaptureKind {
  const named = kindFromName(name, mediaType);
  if (named) return named;
  const head = Buffer.from(bytes.subarray(0, 4096)).toString('latin1');
  if (head.startsWith('%PDF-') || head.slice(0, 1024).includes('%PDF-')) return 'pdf';
  const clean = head.replace(/^\uFEFF|^\xEF\xBB\xBF|^\xFF\xFE|^\xFE\xFF/, '').replace(/\0/g, '').replace(/\r\n/g, '\n');
  if (MHTML_HEAD.test(clean)) return 'mhtml';
  if (MAIL_HEAD.test(clean)) return 'eml';
  return HTML_START.test(clean) ? 'html' : 'text';
}

/** Line breaks in `bytes` (LF, or CR alone in old Mac files; UTF-16 counted per byte), up to `stop`. */
function countLines(bytes: Uint8Array, stop: number): number {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let n = 0;
  for (let i = b.indexOf(0x0a); i >= 0 && n < stop; i = b.indexOf(0x0a, i + 1)) n++;
  if (n === 0) for (let i = b.indexOf(0x0d); i >= 0 && n < stop; i = b.indexOf(0x0d, i + 1)) n++;
  return n;
}

function charsetOf(mediaType: string | null): string | null {
  return /;\s*charset\s*=\s*"?([\w.:-]+)/i.exec(mediaType ?? '')?.[1] ?? null;
}
