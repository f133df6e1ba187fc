/**
 * Small valid captures of every kind the importers read, to mutate (fuzz) or to carry
 * hostile payloads: HTML, MHTML, e-mail, PDF, Markdown, plain text.
 */
import { buildPdf } from '../../capture/pdf-fixtures.ts';

export const PNG_B64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

export const SAMPLE_PARAGRAPHS = [
  'The regional council approved the new harbour budget on Tuesday after a debate that lasted most of the night.',
  'Fishermen had asked for the breakwater to be repaired before the winter storms, the harbour master said.',
  'Work is due to start in March and should take about eight months, according to the council’s estimate.',
];

export function htmlPage(opts: { title?: string; body?: string; head?: string; paragraphs?: string[]; slug?: string } = {}): string {
  const title = opts.title ?? 'Harbour budget approved';
  const slug = opts.slug ?? 'harbour-budget';
  const paras = (opts.paragraphs ?? SAMPLE_PARAGRAPHS).map((p) => `<p>${p}</p>`).join('\n');
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title>` +
    `<meta name="author" content="Jane Doe"><meta property="article:published_time" content="2021-06-14T17:02:11+01:00">` +
    `<link rel="canonical" href="https://news.example/2021/06/${slug}">${opts.head ?? ''}</head>` +
    `<body><article><h1>${title}</h1>\n${paras}\n${opts.body ?? ''}</article></body></html>\n`
  );
}

/** A Blink-style MHTML: the page (quoted-printable, UTF-8) and an image part. */
export function mhtmlPage(html: string, url = 'https://news.example/2021/06/harbour-mhtml'): Buffer {
  const b = '----MultipartBoundary--fuzz123----';
  const qp = Buffer.from(html, 'utf8')
    .toString('latin1')
    .replace(/[=\x80-\xff]/g, (c) => `=${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
  return Buffer.from(
    'From: <Saved by Blink>\r\n' +
      `Snapshot-Content-Location: ${url}\r\n` +
      'Subject: Harbour budget approved\r\n' +
      'MIME-Version: 1.0\r\n' +
      `Content-Type: multipart/related;\r\n\ttype="text/html";\r\n\tboundary="${b}"\r\n\r\n` +
      `--${b}\r\nContent-Type: text/html; charset="utf-8"\r\nContent-Transfer-Encoding: quoted-printable\r\nContent-Location: ${url}\r\n\r\n` +
      qp.replace(/\n/g, '\r\n') +
      `\r\n--${b}\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\nContent-Location: https://news.example/img/harbour.png\r\n\r\n` +
      PNG_B64 +
      `\r\n--${b}--\r\n`,
    'latin1',
  );
}

/** A press-release e-mail with a plain-text and an HTML alternative. */
export function emlMessage(html: string, subject = 'Harbour budget approved'): Buffer {
  const lines = [
    'From: Press Office <press@council.example>',
    'To: desk@paper.example',
    `Subject: ${subject}`,
    'Date: Mon, 14 Jun 2021 17:02:11 +0100',
    'Message-ID: <fuzz@council.example>',
    'MIME-Version: 1.0',
    'Content-Type: multipart/alternative; boundary="alt"',
    '',
    '--alt',
    'Content-Type: text/plain; charset=utf-8',
    '',
    ...SAMPLE_PARAGRAPHS,
    '--alt',
    'Content-Type: text/html; charset=utf-8',
    '',
    html,
    '--alt--',
    '',
  ];
  return Buffer.from(lines.join('\r\n'), 'utf8');
}

export function pdfDocument(): Buffer {
  return Buffer.from(
    buildPdf(
      [
        {
          texts: [
            { text: 'Harbour budget approved', x: 72, y: 740, size: 22, bold: true },
            { text: '14 June 2021', x: 72, y: 710, size: 11 },
            ...SAMPLE_PARAGRAPHS.map((t, i) => ({ text: t.slice(0, 90), x: 72, y: 680 - i * 16, size: 11 })),
          ],
        },
      ],
      { info: { Title: 'Harbour budget approved', Author: 'Press Office' } },
    ),
  );
}

export function markdownDoc(): string {
  return `# Harbour budget approved\n\n*By Jane Doe*\n\n${SAMPLE_PARAGRAPHS.join('\n\n')}\n\n- one\n- two\n\n[the council](https://council.example/)\n`;
}

export function textCopy(): string {
  return `Harbour budget approved\n\nBy Jane Doe\n\n14 June 2021\n\n${SAMPLE_PARAGRAPHS.map((p) => `${p} (copied text)`).join('\n\n')}\n`;
}

export type SampleKind = 'html' | 'mhtml' | 'eml' | 'pdf' | 'md' | 'txt';

export function sample(kind: SampleKind): Buffer {
  switch (kind) {
    case 'html': return Buffer.from(htmlPage());
    case 'mhtml': return mhtmlPage(htmlPage({ slug: 'harbour-mhtml', paragraphs: SAMPLE_PARAGRAPHS.map((p) => `${p} (saved page)`) }));
    case 'eml': return emlMessage(htmlPage({ slug: 'harbour-eml', paragraphs: SAMPLE_PARAGRAPHS.map((p) => `${p} (press release)`) }));
    case 'pdf': return pdfDocument();
    case 'md': return Buffer.from(markdownDoc());
    case 'txt': return Buffer.from(textCopy());
  }
}
