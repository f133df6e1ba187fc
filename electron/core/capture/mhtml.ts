/**
 * MHTML (`.mhtml`/`.mht`, "Save page as… single file"): a MIME multipart/related message
 * whose first text/html part is the page and whose other parts are its resources.
 * Parsed by hand on a byte-preserving (latin1) string: headers unfolded, parts split on
 * the boundary, each body decoded from quoted-printable/base64/7bit/8bit/binary, the page
 * decoded with its part's charset. Only images are kept as resources.
 */
import { type CaptureTime, parseCaptureTime } from './dates.ts';
import { decodeText } from './decode.ts';
import { MAX_MIME_PARTS, MAX_RESOURCE_BYTES, MAX_RESOURCES } from './limits.ts';
import { type CaptureResource, rewriteResourceUrls, sniffImageType } from './resources.ts';
import { CaptureError } from './types.ts';

export { rewriteResourceUrls } from './resources.ts';
export type { CaptureResource } from './resources.ts';

export interface ParsedMhtml {
  /** The page, decoded to text. */
  html: string;
  /** The page's address (`Snapshot-Content-Location`, else the HTML part's `Content-Location`). */
  url: string | null;
  /** The images among the other parts. */
  resources: CaptureResource[];
  /** When the page was saved (the file's `Date` header, as a browser writes it), if it says with its zone. */
  capturedAt: CaptureTime | null;
}

interface Headers {
  get(name: string): string | null;
}

interface Part {
  headers: Headers;
  /** Body as a latin1 string (one char per byte), still transfer-encoded. */
  body: string;
}

/** Nested multiparts deeper than this are ignored (a crafted file, not a saved page). */
const MAX_DEPTH = 8;

export function parseMhtml(bytes: Uint8Array): ParsedMhtml {
  const raw = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  const top = splitHeaders(raw.replace(/^\uFEFF|^\xEF\xBB\xBF/, ''));
  const contentType = top.headers.get('content-type');
  const boundary = param(contentType, 'boundary');
  if (!/^\s*multipart\//i.test(contentType ?? '') || !boundary) throw new CaptureError('not an MHTML file: no multipart boundary');

  const parts: Part[] = [];
  collectParts(top.body, boundary, parts, 0);
  if (parts.length === 0) throw new CaptureError('not an MHTML file: no parts found for its multipart boundary');

  const htmlPart = parts.find((p) => mediaTypeOf(p) === 'text/html') ?? parts.find((p) => mediaTypeOf(p) === 'application/xhtml+xml');
  if (!htmlPart) throw new CaptureError('not a web page archive: the MHTML file has no HTML part');

  const htmlBytes = decodeBody(htmlPart);
  const { text: html } = decodeText(htmlBytes, { declaredCharset: param(htmlPart.headers.get('content-type'), 'charset'), html: true });

  const url = pageUrl(top.headers.get('snapshot-content-location')) ?? pageUrl(htmlPart.headers.get('content-location'));

  const resources: CaptureResource[] = [];
  const seen = new Set<string>();
  let budget = MAX_RESOURCE_BYTES;
  for (const part of parts) {
    if (part === htmlPart) continue;
    // Images past the limits are left out (the page still reads; they stay remote).
    if (resources.length >= MAX_RESOURCES) break;
    if (estimatedSize(part) > budget) continue;
    const declared = mediaTypeOf(part);
    if (declared !== null && !declared.startsWith('image/') && declared !== 'application/octet-stream') continue;
    const location = part.headers.get('content-location')?.trim() || null;
    const cid = part.headers.get('content-id')?.trim().replace(/^<|>$/g, '') || null;
    if (!location && !cid) continue;
    let body: Uint8Array;
    try {
      body = decodeBody(part);
    } catch {
      continue;
    }
    if (body.byteLength === 0) continue;
    const mediaType = sniffImageType(body); // what the bytes are, not what the part claims
    if (!mediaType) continue;
    const urlOf = location ?? `cid:${cid}`;
    if (seen.has(urlOf)) continue;
    seen.add(urlOf);
    budget -= body.byteLength;
    const resource: CaptureResource = { url: urlOf, mediaType, bytes: body };
    if (location && cid) resource.aliases = [`cid:${cid}`];
    resources.push(resource);
  }
  return { html, url, resources, capturedAt: parseCaptureTime(top.headers.get('date') ?? '') };
}

/** The page's HTML with its images pointed at `map(url)` (see `rewriteResourceUrls`). */
export function rewriteMhtmlHtml(parsed: ParsedMhtml, map: (url: string) => string | null): string {
  return rewriteResourceUrls(parsed.html, map, { baseUrl: parsed.url });
}

function pageUrl(value: string | null): string | null {
  const v = value?.trim();
  return v && /^(?:https?|file):/i.test(v) ? v : null;
}

function mediaTypeOf(part: Part): string | null {
  return part.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase() || null;
}

/** Parts past MAX_MIME_PARTS are not read (a saved page has tens to hundreds). */
function collectParts(body: string, boundary: string, out: Part[], depth: number): void {
  for (const chunk of splitMultipart(body, boundary, MAX_MIME_PARTS - out.length)) {
    if (out.length >= MAX_MIME_PARTS) return;
    const part = splitHeaders(chunk);
    const ct = part.headers.get('content-type');
    const inner = param(ct, 'boundary');
    if (/^\s*multipart\//i.test(ct ?? '') && inner) {
      if (depth < MAX_DEPTH) collectParts(part.body, inner, out, depth + 1);
    } else {
      out.push(part);
    }
  }
}

/** The parts between `--boundary` delimiter lines, up to `--boundary--` (or the end), at most `max`. */
function splitMultipart(body: string, boundary: string, max: number): string[] {
  const delimiter = new RegExp(`(?:^|\\r?\\n)--${escapeRe(boundary)}(--)?[ \\t]*(?=\\r?\\n|$)`, 'g');
  const chunks: string[] = [];
  let start = -1;
  let m: RegExpExecArray | null;
  while ((m = delimiter.exec(body)) !== null) {
    if (start >= 0) chunks.push(body.slice(start, m.index));
    if (chunks.length >= max) return chunks;
    if (m[1]) return chunks;
    start = m.index + m[0].length;
    // Skip the line break after the delimiter line.
    if (body[start] === '\r') start++;
    if (body[start] === '\n') start++;
  }
  if (start >= 0 && start < body.length) chunks.push(body.slice(start)); // no closing delimiter: truncated file
  return chunks;
}

function splitHeaders(text: string): { headers: Headers; body: string } {
  const m = /\r?\n\r?\n/.exec(text);
  // A part that starts with a blank line has no headers.
  const headerText = m ? text.slice(0, m.index) : text;
  const body = m ? text.slice(m.index + m[0].length) : '';
  const map = new Map<string, string>();
  const unfolded = headerText.replace(/\r?\n[ \t]+/g, ' ');
  for (const line of unfolded.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!map.has(name)) map.set(name, decodeHeaderValue(line.slice(colon + 1).trim()));
  }
  return { headers: { get: (name) => map.get(name) ?? null }, body };
}

/** Header values are latin1 here; the ones that matter (types, locations) are ASCII, or UTF-8 in practice. */
function decodeHeaderValue(v: string): string {
  if (!/[\x80-\xff]/.test(v)) return v;
  const bytes = Buffer.from(v, 'latin1');
  return decodeText(bytes).text;
}

/** A parameter of a structured header (`boundary`, `charset`), quotes removed; read in the header's first 4 KB. */
function param(header: string | null, name: string): string | null {
  if (!header) return null;
  const re = new RegExp(`;\\s*${name}\\s*=\\s*(?:"((?:[^"\\\\]|\\\\.)*)"|([^;\\s]+))`, 'i');
  const m = re.exec(header.slice(0, 4096));
  const v = m ? (m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : m[2]) : null;
  return v ? v : null;
}

/** The decoded size of a part, from its encoded length (base64: three bytes per four characters). */
function estimatedSize(part: Part): number {
  const encoding = (part.headers.get('content-transfer-encoding') ?? '').trim().toLowerCase();
  return encoding === 'base64' ? Math.floor((part.body.length * 3) / 4) : part.body.length;
}

function decodeBody(part: Part): Uint8Array {
  const encoding = (part.headers.get('content-transfer-encoding') ?? '7bit').trim().toLowerCase();
  if (encoding === 'base64') return Buffer.from(part.body.replace(/[^A-Za-z0-9+/=_-]/g, ''), 'base64');
  if (encoding === 'quoted-printable') return decodeQuotedPrintable(part.body);
  // 7bit, 8bit, binary (and unknown encodings): the bytes as they are.
  return Buffer.from(part.body, 'latin1');
}

export function decodeQuotedPrintable(text: string): Uint8Array {
  const out = Buffer.alloc(text.length);
  let n = 0;
  const len = text.length;
  for (let i = 0; i < len; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x3d /* = */) {
      const h = text.slice(i + 1, i + 3);
      if (/^[0-9A-Fa-f]{2}$/.test(h)) {
        out[n++] = parseInt(h, 16);
        i += 2;
        continue;
      }
      // Soft line break: "=" then optional trailing whitespace, then CRLF/LF (or the end).
      const soft = /^[ \t]*(?:\r?\n|$)/.exec(text.slice(i + 1, i + 1 + 80));
      if (soft) {
        i += soft[0].length;
        continue;
      }
      out[n++] = c; // a stray "=": kept, as decoders do
      continue;
    }
    out[n++] = c & 0xff;
  }
  return out.subarray(0, n);
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
