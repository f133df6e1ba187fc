import { gunzipSync } from 'node:zlib';
import { decodeText, looksBinary } from './decode.ts';
import { extractFromHtml } from './html.ts';
import { extractFromText } from './text.ts';
import { CaptureError, type ExtractedClipping } from './types.ts';

export { CaptureError } from './types.ts';
export type { ExtractedClipping, ExtractedFigure } from './types.ts';

/** Larger captures are refused: no real article page comes near this. */
export const MAX_CAPTURE_BYTES = 64 * 1024 * 1024;

export interface CaptureSource {
  bytes: Uint8Array;
  /** File name or label, for the type and for messages. */
  name: string | null;
  mediaType: string | null;
  sourceUrl: string | null;
}

export type CaptureKind = 'html' | 'text';

export interface PreparedCapture {
  /** Media type of the (decompressed) capture, e.g. `text/html`. */
  mediaType: string;
  extracted: ExtractedClipping;
}

const MEDIA_TYPE: Record<CaptureKind, string> = { html: 'text/html', text: 'text/plain' };
const HTML_NAME = /\.(?:html?|xhtml|shtml)$/i;
const TEXT_NAME = /\.(?:txt|text)$/i;
const HTML_START = /^\s*(?:<!--[\s\S]*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title)\b/i;

/**
 * Turns the bytes of one capture into a clean clipping. Throws CaptureError with a
 * message saying what is wrong with the input (the caller adds the file name).
 */
export function extractCapture(src: CaptureSource): PreparedCapture {
  let bytes = src.bytes;
  let name = src.name ?? '';
  if (bytes.byteLength === 0) throw new CaptureError('the file is empty');
  if (bytes.byteLength > MAX_CAPTURE_BYTES) throw new CaptureError(`too large (${mb(bytes.byteLength)}; the limit is ${mb(MAX_CAPTURE_BYTES)})`);
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes, { maxOutputLength: MAX_CAPTURE_BYTES });
    } catch (err) {
      const tooBig = (err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE';
      throw new CaptureError(tooBig ? `decompresses to more than ${mb(MAX_CAPTURE_BYTES)}` : 'not a valid gzip file (truncated or corrupt)');
    }
    name = name.replace(/\.gz$/i, '');
    if (bytes.byteLength === 0) throw new CaptureError('the file is empty once decompressed');
  }
  if (looksBinary(bytes)) throw new CaptureError('looks like binary data, not a web page or a text capture');

  const kind = detectKind(bytes, name, src.mediaType);
  const { text } = decodeText(bytes, { html: kind === 'html', declaredCharset: charsetOf(src.mediaType) });
  if (text.trim() === '') throw new CaptureError('contains only whitespace');

  const extracted = kind === 'html' ? extractFromHtml(text, { url: src.sourceUrl }) : extractFromText(text, { sourceUrl: src.sourceUrl });
  if (extracted.paragraphs.length === 0) throw new CaptureError('no article text found');
  return { mediaType: MEDIA_TYPE[kind], extracted };
}

function detectKind(bytes: Uint8Array, name: string, mediaType: string | null): CaptureKind {
  const mt = mediaType?.split(';')[0]?.trim().toLowerCase();
  if (mt === 'text/html' || mt === 'application/xhtml+xml') return 'html';
  if (mt === 'text/plain') return 'text';
  if (HTML_NAME.test(name)) return 'html';
  if (TEXT_NAME.test(name)) return 'text';
  const head = Buffer.from(bytes.subarray(0, 2048)).toString('latin1').replace(/^\uFEFF|^\xEF\xBB\xBF|^\xFF\xFE|^\xFE\xFF/, '');
  return HTML_START.test(head.replace(/\0/g, '')) ? 'html' : 'text';
}

function charsetOf(mediaType: string | null): string | null {
  return /;\s*charset\s*=\s*"?([\w.:-]+)/i.exec(mediaType ?? '')?.[1] ?? null;
}

function mb(n: number): string {
  return `${(n / 1024 / 1024).toFixed(n < 10 * 1024 * 1024 ? 1 : 0)} MB`;
}
