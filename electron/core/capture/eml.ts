/**
 * E-mail captures (`.eml`, `message/rfc822`): press releases and newsletters. Parsed
 * with postal-mime; the HTML part is preferred over the text part; inline images
 * referenced by `cid:` become resources, every other part is listed as an attachment.
 */
import PostalMime, { type Address, type Attachment, type Email } from 'postal-mime';
import { parseVisibleDate } from './dates.ts';
import { extractFromHtml } from './html.ts';
import { MAX_MIME_PARTS, MAX_RESOURCE_BYTES, MAX_RESOURCES } from './limits.ts';
import type { CaptureResource } from './resources.ts';
import { sniffImageType } from './resources.ts';
import { extractFromText } from './text.ts';
import { CaptureError, type ExtractedClipping } from './types.ts';

export interface EmailAttachment {
  filename: string | null;
  mediaType: string;
  size: number;
}

export interface ParsedEmail {
  kind: 'html' | 'text';
  body: string;
  subject: string | null;
  /** The sender's display name, else the address. */
  from: string | null;
  /** From the Date header, ISO 8601 with its offset (`2021-06-14T17:02:11+01:00`). */
  date: string | null;
  attachments: EmailAttachment[];
  /** Inline images the HTML references by `cid:` (url `cid:<content-id>`). */
  resources: CaptureResource[];
}

export async function extractFromEml(bytes: Uint8Array): Promise<ParsedEmail> {
  // Counted before the MIME parser builds every part (one header line per part).
  const parts = countHeaderLines(bytes, 'content-type:', MAX_MIME_PARTS + 1);
  if (parts > MAX_MIME_PARTS) throw new CaptureError(`the e-mail has more than ${MAX_MIME_PARTS.toLocaleString('en')} parts (the limit)`);
  let email: Email;
  try {
    email = await PostalMime.parse(bytes, { attachmentEncoding: 'arraybuffer' });
  } catch (err) {
    throw new CaptureError(`not a readable e-mail message (${(err as Error).message})`);
  }
  if (email.headers.length === 0) throw new CaptureError('not an e-mail message: no headers');

  const html = email.html ? fixC1(email.html) : '';
  const text = email.text ? fixC1(email.text) : '';
  const hasHtml = htmlHasText(html);
  const kind: 'html' | 'text' = hasHtml ? 'html' : 'text';
  const body = kind === 'html' ? html : text;
  if (!body.trim()) throw new CaptureError('the e-mail has no text or HTML body');

  const referenced = kind === 'html' ? cidReferences(html) : new Set<string>();
  const resources: CaptureResource[] = [];
  const attachments: EmailAttachment[] = [];
  let budget = MAX_RESOURCE_BYTES;
  for (const a of email.attachments) {
    const content = contentBytes(a);
    const cid = a.contentId?.trim().replace(/^<|>$/g, '') ?? null;
    const mediaType = a.mimeType.toLowerCase();
    // Inline images past the limits are listed as attachments, not stored.
    if (cid && referenced.has(cid.toLowerCase()) && content.byteLength > 0 && resources.length < MAX_RESOURCES && content.byteLength <= budget) {
      const type = sniffImageType(content);
      if (type) {
        budget -= content.byteLength;
        resources.push({ url: `cid:${cid}`, mediaType: type, bytes: content });
        continue;
      }
    }
    attachments.push({ filename: a.filename ? fixC1(a.filename) : null, mediaType, size: content.byteLength });
  }

  const rawDate = email.headers.find((h) => h.key === 'date')?.value ?? null;
  return {
    kind,
    body,
    subject: cleanSubject(email.subject),
    from: senderName(email.from),
    date: rawDate ? parseMailDate(rawDate) : null,
    attachments,
    resources,
  };
}

/**
 * The e-mail as a clipping: its body through the HTML or text extractor, then the
 * subject as the title (when the body gave none), the sender as the byline and the
 * Date header as the publication date (each only as a fallback).
 */
export async function extractEmail(
  bytes: Uint8Array,
  opts: { rewriteHtml?: (html: string, resources: readonly CaptureResource[]) => string } = {},
): Promise<{ extracted: ExtractedClipping; resources: CaptureResource[]; attachments: EmailAttachment[] }> {
  const mail = await extractFromEml(bytes);
  const html = mail.kind === 'html' && opts.rewriteHtml ? opts.rewriteHtml(mail.body, mail.resources) : mail.body;
  const extracted = mail.kind === 'html' ? extractFromHtml(html, { url: null }) : extractFromText(mail.body, { sourceUrl: null });
  if (extracted.title === null && mail.subject) {
    extracted.title = mail.subject;
    // The text extractor may have kept the subject line as the first paragraph.
    if (extracted.paragraphs[0]?.trim() === mail.subject) extracted.paragraphs.shift();
  }
  extracted.byline ??= mail.from;
  extracted.publishedAt ??= mail.date;
  if (extracted.paragraphs.length === 0) throw new CaptureError('no article text found');
  return { extracted, resources: mail.resources, attachments: mail.attachments };
}

// ---------------------------------------------------------------------------------------

/** Lines starting with `prefix` (lower case), counted up to `stop`. */
function countHeaderLines(bytes: Uint8Array, prefix: string, stop: number): number {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  const re = new RegExp(`^${prefix}`, 'gim');
  let n = 0;
  while (n < stop && re.exec(text) !== null) n++;
  return n;
}

/**
 * Whether the HTML has a letter or digit outside tags, entities and its <head>, <style>
 * and <script> elements; one forward scan (each "<" looked at once).
 */
function htmlHasText(html: string): boolean {
  const closes = new Map<string, { from: number; at: number }>();
  const hasText = (from: number, to: number) => /[\p{L}\p{N}]/u.test(html.slice(from, to).replace(/&\w+;/g, ''));
  let i = 0;
  while (i < html.length) {
    const lt = html.indexOf('<', i);
    if (lt < 0) return hasText(i, html.length);
    if (hasText(i, lt)) return true;
    // <style>, <script>, <head>: skipped to their end tag (when they have one).
    const name = /^<(style|script|head)\b/i.exec(html.slice(lt, lt + 8))?.[1]?.toLowerCase();
    let close = -1;
    if (name) {
      // Remembered: many unclosed "<style" share one failed search, not one each.
      const last = closes.get(name);
      close = last && lt >= last.from && (last.at < 0 || lt <= last.at) ? last.at : indexOfCi(html, `</${name}`, lt);
      closes.set(name, { from: lt, at: close });
    }
    const gt = html.indexOf('>', close >= 0 ? close : lt);
    if (gt < 0) return hasText(lt, html.length); // an unclosed "<": the rest is text
    i = gt + 1;
  }
  return false;
}

/** Case-insensitive indexOf of an ASCII needle. */
function indexOfCi(s: string, needle: string, from: number): number {
  const first = needle[0]!;
  for (let k = s.indexOf(first, from); k >= 0; k = s.indexOf(first, k + 1)) {
    if (s.slice(k, k + needle.length).toLowerCase() === needle) return k;
  }
  return -1;
}

function contentBytes(a: Attachment): Uint8Array {
  const c = a.content;
  if (typeof c === 'string') return Buffer.from(c, a.encoding === 'base64' ? 'base64' : 'utf8');
  return c instanceof Uint8Array ? c : new Uint8Array(c);
}

function cidReferences(html: string): Set<string> {
  const out = new Set<string>();
  for (const m of html.matchAll(/cid:([^"'\s>)]+)/gi)) {
    let id = m[1]!;
    try {
      id = decodeURIComponent(id);
    } catch {
      // as written
    }
    out.add(id.replace(/^<|>$/g, '').toLowerCase());
  }
  return out;
}

const SUBJECT_PREFIX_RE = /^\s*(?:(?:re|fwd?|aw|wg|tr|sv|vs|rv|r|i)\s*(?:\[\d+\])?\s*:\s*)+/i;

function cleanSubject(subject: string | undefined): string | null {
  const s = fixC1(subject ?? '').replace(SUBJECT_PREFIX_RE, '').replace(/\s+/g, ' ').trim();
  return s || null;
}

function senderName(from: Address | undefined): string | null {
  if (!from) return null;
  const name = fixC1(from.name ?? '').replace(/^["']|["']$/g, '').trim();
  if (name && !name.includes('@')) return name;
  if (from.address) return from.address;
  return name || null;
}

/**
 * windows-1252 code points for bytes 0x80–0x9F. Node's TextDecoder (which postal-mime
 * uses) decodes `windows-1252`/`iso-8859-1` as ISO-8859-1, so "€" and curly quotes come
 * out as C1 controls; those never belong in mail text, so they are mapped back.
 */
const CP1252_HIGH =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

function fixC1(s: string): string {
  return s.replace(/[\u0080-\u009f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80]!);
}

const MONTHS: Record<string, number> = { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 };
const ZONES: Record<string, number> = { ut: 0, utc: 0, gmt: 0, z: 0, est: -300, edt: -240, cst: -360, cdt: -300, mst: -420, mdt: -360, pst: -480, pdt: -420, cet: 60, cest: 120, bst: 60 };
const RFC5322_DATE_RE = /^(?:[A-Za-z]{3},?\s*)?(\d{1,2})\s+([A-Za-z]{3})[a-z]*\.?\s+(\d{2,4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([+-]\d{4}|[A-Za-z]{1,5})?/;

/** RFC 5322 `Date:` → ISO 8601 with the header's own offset; null when it does not parse. */
export function parseMailDate(raw: string): string | null {
  const v = raw.replace(/\([^)]*\)/g, ' ').replace(/\s+/g, ' ').trim();
  const m = RFC5322_DATE_RE.exec(v);
  if (!m) return parseVisibleDate(v);
  const day = Number(m[1]);
  const month = MONTHS[m[2]!.toLowerCase()];
  let year = Number(m[3]);
  if (m[3]!.length === 2) year += year < 50 ? 2000 : 1900;
  const hour = Number(m[4]);
  const minute = Number(m[5]);
  const second = Number(m[6] ?? '0');
  if (!month || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return null;
  if (new Date(Date.UTC(year, month - 1, day)).getUTCDate() !== day) return null;
  const zone = m[7];
  let offset: number | null = null;
  if (zone && /^[+-]\d{4}$/.test(zone)) {
    const sign = zone.startsWith('-') ? -1 : 1;
    offset = sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(3, 5)));
  } else if (zone) {
    offset = ZONES[zone.toLowerCase()] ?? null;
  }
  const p2 = (n: number) => String(n).padStart(2, '0');
  const local = `${year}-${p2(month)}-${p2(day)}T${p2(hour)}:${p2(minute)}:${p2(Math.min(second, 59))}`;
  // "-0000" means "zone unknown" (RFC 5322 §3.3): floating, as the conventions say.
  if (offset === null || zone === '-0000') return local.slice(0, 16);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${local}${sign}${p2(Math.floor(abs / 60))}:${p2(abs % 60)}`;
}
