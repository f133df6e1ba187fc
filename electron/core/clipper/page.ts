/**
 * A page as the browser clipper sends it (the rendered DOM, its address and title, the
 * images it could read) turned into the capture the archive stores: an MHTML file, what
 * "Save page as… single file" writes, so it goes through the saved-page extraction and
 * its images are kept as the capture's resources. The bytes depend only on what was sent
 * (the boundary is a hash of it), so the same page sent twice is the same capture.
 */
import { createHash } from 'node:crypto';
import type { ArgsOut } from '../../contract/methods.ts';

type ClipCapture = ArgsOut<'clipper.add'>['capture'];

/** Header values come from the page: no line breaks or other control characters in them. */
const headerValue = (s: string) => s.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The page's HTML: the whole document, or the selection wrapped in a document of its own with the page's title. */
export function clipHtml(c: ClipCapture): string {
  if (!c.selection) return c.html;
  return `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(c.title)}</title><link rel="canonical" href="${escapeHtml(c.url)}"></head><body><article>${c.html}</article></body></html>`;
}

function base64Lines(b64: string): string {
  return b64.replace(/\s+/g, '').replace(/.{1,76}/g, '$&\r\n');
}

export function clipToMhtml(c: ClipCapture): Uint8Array {
  const html = clipHtml(c);
  const images = c.images.filter((i) => /^image\/[\w.+-]+$/i.test(i.mediaType));
  const hash = createHash('sha256').update(c.url).update('\0').update(html);
  for (const i of images) hash.update('\0').update(i.url).update('\0').update(i.base64);
  const boundary = `----=_cuttings_clip_${hash.digest('hex').slice(0, 32)}`;
  const url = headerValue(c.url);
  const parts = [
    `--${boundary}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\nContent-Location: ${url}\r\n\r\n${base64Lines(Buffer.from(html, 'utf8').toString('base64'))}`,
    ...images.map(
      (i) => `--${boundary}\r\nContent-Type: ${i.mediaType.toLowerCase()}\r\nContent-Transfer-Encoding: base64\r\nContent-Location: ${headerValue(i.url)}\r\n\r\n${base64Lines(i.base64)}`,
    ),
  ];
  const head = `From: <Saved by the Cuttings browser clipper>\r\nSnapshot-Content-Location: ${url}\r\nMIME-Version: 1.0\r\nContent-Type: multipart/related; type="text/html"; boundary="${boundary}"\r\n\r\n`;
  return Buffer.from(`${head}${parts.join('')}--${boundary}--\r\n`, 'latin1');
}
