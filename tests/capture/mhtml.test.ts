import { describe, expect, it } from 'vitest';
import { decodeQuotedPrintable, parseMhtml, rewriteMhtmlHtml, rewriteResourceUrls } from '../../electron/core/capture/mhtml.ts';
import { extractFromHtml } from '../../electron/core/capture/html.ts';
import { resourceUrlMap } from '../../electron/core/capture/resources.ts';
import { CaptureError } from '../../electron/core/capture/types.ts';

// A 1×1 PNG.
const PNG_B64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
const PNG = Buffer.from(PNG_B64, 'base64');

/** windows-1252 bytes → quoted-printable with soft line breaks every 60 characters. */
function qp(bytes: Buffer): string {
  let out = '';
  let line = '';
  for (const b of bytes) {
    const enc = b === 0x0a ? '\r\n' : b === 0x3d || b > 0x7e || (b < 0x20 && b !== 0x09) ? `=${b.toString(16).toUpperCase().padStart(2, '0')}` : String.fromCharCode(b);
    if (enc === '\r\n') {
      out += `${line}\r\n`;
      line = '';
      continue;
    }
    if (line.length + enc.length > 60) {
      out += `${line}=\r\n`;
      line = '';
    }
    line += enc;
  }
  return out + line;
}

// "café", "€", curly quotes, em dash: all windows-1252 single bytes.
const PAGE = Buffer.from(
  '<!DOCTYPE html>\n<html><head><title>Le café du coin</title></head><body><article><h1>Le café du coin</h1>\n' +
    '<p>Un \x93petit\x94 café coûte désormais 3\x80 \x97 et c\x92est la première hausse depuis des années dans le quartier.</p>\n' +
    '<figure><img src="https://news.example/img/cafe.png" alt="Le comptoir"><figcaption>Le comptoir</figcaption></figure>\n' +
    '<p>Les habitués protestent, mais le patron assure que la qualité du café justifie ce prix élevé.</p>\n' +
    '<p><img src="cid:logo@example" alt=""> <img srcset="https://news.example/img/cafe.png 1x, https://other.example/remote.jpg 2x"></p>\n' +
    '</article></body></html>\n',
  'latin1',
);

function mhtml(opts: { htmlCharset?: string; date?: string } = {}): Uint8Array {
  const b = '----MultipartBoundary--abc123----';
  const text =
    'From: <Saved by Blink>\r\n' +
    (opts.date ? `Date: ${opts.date}\r\n` : '') +
    'Snapshot-Content-Location: https://news.example/2021/cafe\r\n' +
    'Subject: Le =?utf-8?Q?caf=C3=A9?=\r\n' +
    'MIME-Version: 1.0\r\n' +
    'Content-Type: multipart/related;\r\n' +
    '\ttype="text/html";\r\n' +
    `\tboundary="${b}"\r\n` +
    '\r\n' +
    'This is a multi-part message in MIME format.\r\n' +
    `--${b}\r\n` +
    `Content-Type: text/html; charset="${opts.htmlCharset ?? 'windows-1252'}"\r\n` +
    'Content-Transfer-Encoding: quoted-printable\r\n' +
    'Content-Location: https://news.example/2021/cafe\r\n' +
    '\r\n' +
    qp(PAGE) +
    `\r\n--${b}\r\n` +
    'Content-Type: image/png\r\n' +
    'Content-Transfer-Encoding: base64\r\n' +
    'Content-Location: https://news.example/img/cafe.png\r\n' +
    '\r\n' +
    PNG_B64.replace(/(.{40})/g, '$1\r\n') +
    `\r\n--${b}\r\n` +
    'Content-Type: image/png\r\n' +
    'Content-Transfer-Encoding: base64\r\n' +
    'Content-ID: <logo@example>\r\n' +
    '\r\n' +
    PNG_B64 +
    `\r\n--${b}\r\n` +
    'Content-Type: text/css\r\n' +
    'Content-Transfer-Encoding: quoted-printable\r\n' +
    'Content-Location: https://news.example/style.css\r\n' +
    '\r\n' +
    'body { color: red; }\r\n' +
    `--${b}--\r\n`;
  return new Uint8Array(Buffer.from(text, 'latin1'));
}

describe('parseMhtml', () => {
  it('decodes the quoted-printable windows-1252 page with its charset', () => {
    const { html, url } = parseMhtml(mhtml());
    expect(url).toBe('https://news.example/2021/cafe');
    expect(html).toContain('Un “petit” café coûte désormais 3€ — et c’est la première hausse');
    expect(html).toContain('la qualité du café justifie ce prix élevé.');
    expect(html).not.toMatch(/=\r?\n|=93|\uFFFD/);
    const clipping = extractFromHtml(html, { url });
    expect(clipping.title).toBe('Le café du coin');
    expect(clipping.paragraphs.join('\n')).toContain('Un “petit” café coûte désormais 3€');
  });

  it('says when the page was saved when its Date header does, with the zone (relative dates are read against it)', () => {
    expect(parseMhtml(mhtml({ date: 'Wed, 15 Mar 2023 10:30:00 +0100' })).capturedAt).toEqual({ instant: Date.parse('2023-03-15T09:30:00Z'), offsetMinutes: 60 });
    expect(parseMhtml(mhtml()).capturedAt).toBeNull();
  });

  it('keeps the images as resources (Content-Location or cid:), not the other parts', () => {
    const { resources } = parseMhtml(mhtml());
    expect(resources.map((r) => [r.url, r.mediaType])).toEqual([
      ['https://news.example/img/cafe.png', 'image/png'],
      ['cid:logo@example', 'image/png'],
    ]);
    expect(Buffer.from(resources[0]!.bytes).equals(PNG)).toBe(true);
    expect(Buffer.from(resources[1]!.bytes).equals(PNG)).toBe(true);
  });

  it('rewrites img src and srcset that point at resources, leaving remote ones alone', () => {
    const parsed = parseMhtml(mhtml());
    const map = resourceUrlMap(parsed.resources, (r) => `cuttings-asset://${r.url.endsWith('.png') && r.url.startsWith('http') ? 'cafe' : 'logo'}`);
    const html = rewriteMhtmlHtml(parsed, map);
    expect(html).toContain('<img src="cuttings-asset://cafe" alt="Le comptoir">');
    expect(html).toContain('<img src="cuttings-asset://logo" alt="">');
    expect(html).toContain('srcset="cuttings-asset://cafe 1x, https://other.example/remote.jpg 2x"');
    expect(html).not.toContain('https://news.example/img/cafe.png');
  });

  it('reads a latin1 body even when the page says nothing and the part does (ISO-8859-1 label)', () => {
    const { html } = parseMhtml(mhtml({ htmlCharset: 'iso-8859-1' }));
    expect(html).toContain('3€ — et c’est'); // WHATWG: iso-8859-1 means windows-1252
  });

  it('handles LF line endings, unquoted boundaries and a missing closing delimiter', () => {
    const text = [
      'MIME-Version: 1.0',
      'Content-Type: multipart/related; boundary=XYZ',
      '',
      '--XYZ',
      'Content-Type: text/html; charset=utf-8',
      'Content-Transfer-Encoding: 8bit',
      'Content-Location: file:///tmp/page.html',
      '',
      '<html><body><p>Grüße aus Köln</p></body></html>',
      '--XYZ',
      'Content-Type: image/png',
      'Content-Transfer-Encoding: base64',
      'Content-Location: img/a.png',
      '',
      PNG_B64,
      '',
    ].join('\n');
    const parsed = parseMhtml(new Uint8Array(Buffer.from(text, 'utf8')));
    expect(parsed.html).toContain('Grüße aus Köln');
    expect(parsed.url).toBe('file:///tmp/page.html');
    expect(parsed.resources).toHaveLength(1);
    expect(parsed.resources[0]!.url).toBe('img/a.png');
  });

  it('throws CaptureError for files that are not MHTML', () => {
    expect(() => parseMhtml(new TextEncoder().encode('<html><body>hi</body></html>'))).toThrow(CaptureError);
    expect(() => parseMhtml(new TextEncoder().encode('<html><body>hi</body></html>'))).toThrow('not an MHTML file: no multipart boundary');
    const noHtml = 'Content-Type: multipart/related; boundary="b"\r\n\r\n--b\r\nContent-Type: image/png\r\nContent-Location: x.png\r\n\r\nabc\r\n--b--\r\n';
    expect(() => parseMhtml(new TextEncoder().encode(noHtml))).toThrow(/no HTML part/);
    expect(() => parseMhtml(new TextEncoder().encode('Content-Type: multipart/related; boundary="b"\r\n\r\nnothing here'))).toThrow(/no parts/);
  });
});

describe('decodeQuotedPrintable', () => {
  it('decodes escapes and soft line breaks, keeps stray "="', () => {
    expect(Buffer.from(decodeQuotedPrintable('caf=E9 =3D 1=\r\n2 a=b')).toString('latin1')).toBe('café = 12 a=b');
  });
});

describe('rewriteResourceUrls', () => {
  it('matches relative addresses against a base URL and escapes the replacement', () => {
    const html = '<p><img alt=x src=a.png><img src="/b.png?x=1&amp;y=2"><img src="c.png"></p>';
    const out = rewriteResourceUrls(html, (u) => ({ 'https://s.example/p/a.png': 'A&B', 'https://s.example/b.png?x=1&y=2': 'B' })[u] ?? null, {
      baseUrl: 'https://s.example/p/index.html',
    });
    expect(out).toBe('<p><img alt=x src="A&amp;B"><img src="B"><img src="c.png"></p>');
  });
});
