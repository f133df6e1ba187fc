/**
 * The hostile-input corpus: seeded generators of captures made to cost minutes or
 * gigabytes (issue 12, finding 3) — the inputs of the issue's table and their relatives:
 * bombs in every container, deep nesting, quadratic-regex bait, pathological Unicode,
 * entity chains, huge attributes, enormous lines. Each generator makes its input at two
 * sizes: `small` (milliseconds to build and to import: `npm test`) and `full` (the size
 * the issue measured: `npm run soak -- --hostile`). Both sizes cross the same product
 * limit, so the same outcome is expected of each.
 *
 * `expect`: `stored` (a readable page: must become a clipping), `refused` (a clear
 * CaptureError naming the file), or `either` (what matters is that it is bounded).
 */
import { deflateSync, gzipSync } from 'node:zlib';

export type HostileSize = 'small' | 'full';
export type Expect = 'stored' | 'refused' | 'either';

export interface HostileInput {
  /** The generator's name (a row of the soak table). */
  name: string;
  /** The file name to import it as (its extension picks the reader). */
  file: string;
  bytes: Buffer;
  expect: Expect;
  /** For `refused`: a pattern the error (after "file: ") must match. */
  error?: RegExp;
}

interface HostileGenerator {
  name: string;
  expect: Expect;
  error?: RegExp;
  /** What the issue's table says about it today, when it is one of its rows. */
  table?: string;
  make(size: HostileSize, rand: () => number): { file: string; bytes: Buffer };
}

/** mulberry32: a small seeded PRNG, so a failing input can be rebuilt exactly. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = 'council budget harbour library housing transport vote debate mayor storm wall winter repair school market bridge river'.split(' ');
function sentence(rand: () => number, words = 14): string {
  const w = Array.from({ length: words }, () => WORDS[Math.floor(rand() * WORDS.length)]!);
  w[0] = w[0]!.charAt(0).toUpperCase() + w[0]!.slice(1);
  return `${w.join(' ')}.`;
}
function paragraphs(rand: () => number, n: number): string[] {
  return Array.from({ length: n }, () => Array.from({ length: 4 }, () => sentence(rand)).join(' '));
}
function page(body: string, title = 'Harbour budget approved after a long debate'): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body><article><h1>${title}</h1>${body}</article></body></html>`;
}
function article(rand: () => number, n = 5): string {
  return paragraphs(rand, n).map((p) => `<p>${p}</p>`).join('\n');
}
/** Repeats `unit` until the result is about `bytes` long. */
function fill(unit: string, bytes: number): string {
  return unit.repeat(Math.max(1, Math.ceil(bytes / unit.length)));
}
const sized = (size: HostileSize, small: number, full: number): number => (size === 'full' ? full : small);
const utf8 = (s: string): Buffer => Buffer.from(s, 'utf8');
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

// ------------------------------------------------------------------------ containers

/** An MHTML file: the page, then each resource part (base64). */
function mhtml(html: string, parts: { location: string; type: string; body: Buffer }[] = []): Buffer {
  const b = '----=_hostile_boundary';
  let out =
    `From: <Saved by Blink>\r\nSnapshot-Content-Location: https://news.example/harbour\r\nSubject: Harbour\r\nMIME-Version: 1.0\r\n` +
    `Content-Type: multipart/related;\r\n\ttype="text/html";\r\n\tboundary="${b}"\r\n\r\n` +
    `--${b}\r\nContent-Type: text/html\r\nContent-Transfer-Encoding: binary\r\nContent-Location: https://news.example/harbour\r\n\r\n${html}\r\n`;
  const chunks = [Buffer.from(out, 'latin1')];
  for (const p of parts) {
    out = `--${b}\r\nContent-Type: ${p.type}\r\nContent-Transfer-Encoding: base64\r\nContent-Location: ${p.location}\r\n\r\n`;
    chunks.push(Buffer.from(out, 'latin1'), Buffer.from(p.body.toString('base64').replace(/.{76}/g, '$&\r\n'), 'latin1'), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${b}--\r\n`));
  return Buffer.concat(chunks);
}

/** An e-mail with an HTML body and optional base64 attachments. */
function eml(html: string, attachments: { name: string; type: string; base64: string }[] = []): Buffer {
  const b = 'hostile-mail-boundary';
  const parts = [
    `From: Press Office <press@council.example>\r\nTo: desk@paper.example\r\nSubject: Harbour budget approved\r\nDate: Mon, 14 Jun 2021 17:02:11 +0100\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="${b}"\r\n\r\n`,
    `--${b}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n${html}\r\n`,
  ];
  for (const a of attachments) parts.push(`--${b}\r\nContent-Type: ${a.type}; name="${a.name}"\r\nContent-Disposition: attachment; filename="${a.name}"\r\nContent-Transfer-Encoding: base64\r\n\r\n${a.base64}\r\n`);
  parts.push(`--${b}--\r\n`);
  return utf8(parts.join(''));
}

/**
 * A PDF from raw object bodies (object i + 1 = bodies[i]; a Buffer body is a stream's
 * data, `dict` its dictionary), with a correct xref table. Object 1 is the catalog.
 */
function pdf(objects: ({ dict: string; data: Buffer } | string)[], trailerExtra = ''): Buffer {
  const chunks: Buffer[] = [Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  let at = chunks[0]!.length;
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(at);
    const parts =
      typeof o === 'string'
        ? [Buffer.from(`${i + 1} 0 obj\n${o}\nendobj\n`, 'latin1')]
        : [Buffer.from(`${i + 1} 0 obj\n${o.dict.replace(/>>\s*$/, ` /Length ${o.data.length} >>`)}\nstream\n`, 'latin1'), o.data, Buffer.from('\nendstream\nendobj\n', 'latin1')];
    for (const p of parts) {
      chunks.push(p);
      at += p.length;
    }
  });
  const xref = [`xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`, ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`)].join('');
  chunks.push(Buffer.from(`${xref}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R ${trailerExtra}>>\nstartxref\n${at}\n%%EOF\n`, 'latin1'));
  return Buffer.concat(chunks);
}
const FONT = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>';
/** Catalog, pages, font, then `pages` page objects each with `/Contents <contents(i)>`. */
function pdfPages(pages: number, contents: (i: number) => string, extra: ({ dict: string; data: Buffer } | string)[]): Buffer {
  const first = 4 + extra.length; // object number of the first page
  const kids = Array.from({ length: pages }, (_, i) => `${first + i} 0 R`).join(' ');
  const objects: ({ dict: string; data: Buffer } | string)[] = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    `<< /Type /Pages /Kids [${kids}] /Count ${pages} /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> >>`,
    FONT,
    ...extra,
  ];
  for (let i = 0; i < pages; i++) objects.push(`<< /Type /Page /Parent 2 0 R /Contents ${contents(i)} >>`);
  return pdf(objects);
}
function textOps(rand: () => number, lines: number): string {
  let s = 'BT /F1 11 Tf 72 780 Td 14 TL\n';
  for (let i = 0; i < lines; i++) s += `(${sentence(rand, 8)}) '\n`;
  return `${s}ET\n`;
}

// ------------------------------------------------------------------------ the corpus

const GENERATORS: HostileGenerator[] = [
  // ---- the issue's table
  {
    name: 'mhtml-many-img', expect: 'either', table: '500 KB: 84 s',
    make: (size, rand) => {
      const n = sized(size, 5_000, 50_000);
      // `<img` openings with no `>` until the end: a tag pattern restarted at each one scans to the end.
      const html = `${page(`${article(rand)}<p><img src="https://news.example/a.png"></p>`)}Gallery ${'<img alt=x src=a.png '.repeat(n)}`;
      return { file: 'many-img.mhtml', bytes: mhtml(html, [{ location: 'https://news.example/a.png', type: 'image/png', body: PNG }]) };
    },
  },
  {
    name: 'html-nested-inline', expect: 'refused', error: /nested too deeply/, table: '1.4 MB: 47 s',
    make: (size, rand) => ({ file: 'nested-inline.html', bytes: utf8(page(`${article(rand)}<p>${fill('<b><i><span><em>', sized(size, 8_000, 1_400_000))}deep text</p>`)) }),
  },
  {
    name: 'html-nested-inline-14mb', expect: 'refused', error: /too large|nested too deeply/, table: '14 MB: killed after 300 s',
    make: (size, rand) => ({ file: 'nested-inline-14mb.html', bytes: utf8(page(`${article(rand)}<p>${fill('<b><i><span><em>', sized(size, 9, 14) * 1024 * 1024)}deep text</p>`)) }),
  },
  {
    name: 'html-nested-div', expect: 'refused', error: /nested too deeply/, table: '2.2 MB: 50 s (then a clear error)',
    make: (size, rand) => {
      const n = sized(size, 1_000, 200_000);
      return { file: 'nested-div.html', bytes: utf8(page(`${article(rand)}${'<div>'.repeat(n)}<p>Deep text about the council.</p>${'</div>'.repeat(n)}`)) };
    },
  },
  {
    name: 'pdf-shared-content', expect: 'refused', error: /content/, table: '36 KB: killed after 240 s (7 KB: 12 s)',
    make: (size, rand) => {
      const pages = sized(size, 60, 600);
      const lines = sized(size, 20_000, 60_000);
      const content = { dict: '<< /Filter /FlateDecode >>', data: deflateSync(Buffer.from(textOps(rand, 1).repeat(lines), 'latin1'), { level: 9 }) };
      return { file: 'shared-content.pdf', bytes: pdfPages(pages, () => '4 0 R', [content]) };
    },
  },
  {
    name: 'pdf-flate-bomb', expect: 'refused', error: /decompress|PDF/i, table: '1 MB: 44 s, 2.3 GB',
    make: (size, rand) => {
      const mb = sized(size, 200, 1024);
      const body = Buffer.concat([Buffer.from(textOps(rand, 30), 'latin1'), Buffer.alloc(mb * 1024 * 1024, 0x20)]);
      return { file: 'flate-bomb.pdf', bytes: pdfPages(1, () => '4 0 R', [{ dict: '<< /Filter /FlateDecode >>', data: deflateSync(body, { level: 9 }) }]) };
    },
  },
  {
    name: 'md-many-images', expect: 'stored', table: '200 KB: 80 s',
    make: (size, rand) => {
      const n = sized(size, 3_000, 40_000);
      return { file: 'many-images.md', bytes: utf8(`# Harbour budget\n\n${paragraphs(rand, 3).join('\n\n')}\n\n${'![a](b '.repeat(n)}\n`) };
    },
  },
  {
    name: 'md-many-links', expect: 'stored', table: '200 KB: 33 s',
    make: (size, rand) => {
      const n = sized(size, 3_000, 30_000);
      return { file: 'many-links.md', bytes: utf8(`# Harbour budget\n\n${paragraphs(rand, 3).join('\n\n')}\n\n${'[a](b(c '.repeat(n)}\n`) };
    },
  },
  {
    name: 'gzip-text', expect: 'refused', error: /decompress|large|limit/i, table: '384 KB: 65 s, 2.2 GB',
    make: (size, rand) => {
      const mb = sized(size, 5, 60);
      const text = `Harbour budget\n\n${fill(`${paragraphs(rand, 20).join('\n\n')}\n\n`, mb * 1024 * 1024)}`;
      return { file: 'big.txt.gz', bytes: gzipSync(text, { level: 9 }) };
    },
  },
  {
    name: 'html-wide', expect: 'refused', error: /large|limit|elements/i, table: '25 MB: 55 s, 1.9 GB',
    make: (size, rand) => {
      const mb = sized(size, 10, 25);
      return { file: 'wide.html', bytes: utf8(page(`${article(rand)}<table><tr>${fill('<td>cell</td>', mb * 1024 * 1024)}</tr></table>`)) };
    },
  },

  {
    name: 'html-wide-table', expect: 'refused', error: /too many elements/,
    make: (size, rand) => ({ file: 'wide-table.html', bytes: utf8(page(`${article(rand)}<table><tr>${fill('<td>cell</td>', sized(size, 1, 4.5) * 1024 * 1024)}</tr></table>`)) }),
  },
  {
    name: 'html-many-siblings', expect: 'stored',
    make: (size, rand) => ({ file: 'siblings.html', bytes: utf8(page(`${article(rand)}${`<p>${sentence(rand, 6)}</p>`.repeat(sized(size, 5_000, 50_000))}`)) }),
  },

  // ---- containers
  {
    name: 'gzip-in-gzip', expect: 'refused',
    make: (size, rand) => {
      const inner = gzipSync(fill(`${paragraphs(rand, 10).join('\n\n')}\n\n`, sized(size, 2, 60) * 1024 * 1024), { level: 9 });
      return { file: 'nested.html.gz', bytes: gzipSync(inner, { level: 9 }) };
    },
  },
  {
    name: 'gzip-truncated-bomb', expect: 'refused',
    make: (size) => {
      const z = gzipSync(Buffer.alloc(sized(size, 16, 200) * 1024 * 1024, 0x61), { level: 9 });
      return { file: 'truncated.txt.gz', bytes: z.subarray(0, z.length - 100) };
    },
  },
  {
    name: 'mhtml-part-flood', expect: 'either',
    make: (size, rand) => {
      const n = sized(size, 2_000, 100_000);
      const parts = Array.from({ length: n }, (_, i) => ({ location: `https://news.example/i/${i}.png`, type: 'image/png', body: PNG }));
      return { file: 'part-flood.mhtml', bytes: mhtml(page(article(rand)), parts) };
    },
  },
  {
    name: 'mhtml-base64-bomb', expect: 'either',
    make: (size, rand) => {
      const body = Buffer.alloc(sized(size, 2, 40) * 1024 * 1024, 0);
      return { file: 'base64-bomb.mhtml', bytes: mhtml(page(`${article(rand)}<img src="https://news.example/big.png">`), [{ location: 'https://news.example/big.png', type: 'image/png', body }]) };
    },
  },
  {
    name: 'eml-base64-bomb', expect: 'either',
    make: (size, rand) => {
      const base64 = fill('QUFB', sized(size, 2, 40) * 1024 * 1024).replace(/.{76}/g, '$&\r\n');
      return { file: 'base64-bomb.eml', bytes: eml(page(article(rand)), [{ name: 'big.bin', type: 'application/octet-stream', base64 }]) };
    },
  },
  {
    name: 'eml-many-parts', expect: 'either',
    make: (size, rand) => {
      const n = sized(size, 2_000, 100_000);
      return { file: 'many-parts.eml', bytes: eml(page(article(rand)), Array.from({ length: n }, (_, i) => ({ name: `a${i}.txt`, type: 'text/plain', base64: 'QUFB' }))) };
    },
  },
  {
    name: 'pdf-xref-loop', expect: 'either',
    make: (size, rand) => {
      const content = { dict: '<< >>', data: Buffer.from(textOps(rand, 20), 'latin1') };
      const base = pdfPages(1, () => '4 0 R', [content]);
      // A second xref section whose /Prev points at itself, then one pointing at it.
      const at = base.length;
      const loops = sized(size, 50, 5_000);
      let tail = '';
      let offset = at;
      for (let i = 0; i < loops; i++) {
        const sect = `xref\n0 1\n0000000000 65535 f \ntrailer\n<< /Size 6 /Root 1 0 R /Prev ${i === 0 ? offset : offset - 60} >>\n`;
        tail += sect.padEnd(60, ' ').slice(0, Math.max(60, sect.length));
        offset = at + tail.length;
      }
      return { file: 'xref-loop.pdf', bytes: Buffer.concat([base, Buffer.from(`${tail}startxref\n${at}\n%%EOF\n`, 'latin1')]) };
    },
  },
  {
    name: 'pdf-many-pages', expect: 'either',
    make: (size, rand) => {
      const content = { dict: '<< >>', data: Buffer.from(textOps(rand, 2), 'latin1') };
      return { file: 'many-pages.pdf', bytes: pdfPages(sized(size, 500, 20_000), () => '4 0 R', [content]) };
    },
  },
  {
    name: 'pdf-form-xobject-repeat', expect: 'refused', error: /content|draws/,
    make: (size, rand) => {
      const form = { dict: '<< /Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> >>', data: Buffer.from(textOps(rand, 200), 'latin1') };
      const calls = { dict: '<< /Filter /FlateDecode >>', data: deflateSync(Buffer.from('/X1 Do\n'.repeat(sized(size, 2_000, 100_000)), 'latin1')) };
      const objects: ({ dict: string; data: Buffer } | string)[] = [
        '<< /Type /Catalog /Pages 2 0 R >>',
        '<< /Type /Pages /Kids [6 0 R] /Count 1 /MediaBox [0 0 595 842] >>',
        FONT,
        form,
        calls,
        '<< /Type /Page /Parent 2 0 R /Resources << /Font << /F1 3 0 R >> /XObject << /X1 4 0 R >> >> /Contents 5 0 R >>',
      ];
      return { file: 'form-repeat.pdf', bytes: pdf(objects) };
    },
  },
  {
    name: 'pdf-huge-coordinates', expect: 'either',
    make: (size, rand) => {
      let ops = 'BT /F1 11 Tf\n';
      const n = sized(size, 40, 400);
      for (let i = 0; i < n; i++) ops += `1 0 0 1 ${i % 2 ? 1e9 : -1e9} ${800 - i} Tm (${sentence(rand, 6)}) Tj\n`;
      return { file: 'huge-coordinates.pdf', bytes: pdfPages(1, () => '4 0 R', [{ dict: '<< >>', data: Buffer.from(`${ops}ET\n`, 'latin1') }]) };
    },
  },

  // ---- markup
  {
    name: 'html-nested-lists', expect: 'refused', error: /nest/i,
    make: (size, rand) => {
      const n = sized(size, 1_000, 100_000);
      return { file: 'nested-lists.html', bytes: utf8(page(`${article(rand)}${'<ul><li>item '.repeat(n)}`)) };
    },
  },
  {
    name: 'html-nested-tables', expect: 'refused', error: /nest/i,
    make: (size, rand) => {
      const n = sized(size, 500, 50_000);
      return { file: 'nested-tables.html', bytes: utf8(page(`${article(rand)}${'<table><tr><td>'.repeat(n)}cell${'</td></tr></table>'.repeat(n)}`)) };
    },
  },
  {
    name: 'html-tiny-paragraphs', expect: 'refused', error: /elements/i,
    make: (size) => ({ file: 'tiny-paragraphs.html', bytes: utf8(page(fill('<p>a</p>', sized(size, 1, 4.5) * 1024 * 1024))) }),
  },
  {
    name: 'html-entity-chains', expect: 'stored',
    make: (size, rand) => {
      const n = sized(size, 20_000, 400_000);
      return { file: 'entities.html', bytes: utf8(page(`${article(rand)}<p>${'&amp;amp;amp;amp;&#x1F600;&#128512;&#0;&#xD800;&nbsp;'.repeat(n / 10)} end.</p>`)) };
    },
  },
  {
    name: 'html-huge-attribute', expect: 'stored',
    make: (size, rand) => {
      const mb = sized(size, 1, 4.5);
      return { file: 'huge-attribute.html', bytes: utf8(page(`${article(rand)}<p data-x="${fill('x', mb * 1024 * 1024)}">${sentence(rand)}</p>`)) };
    },
  },
  {
    name: 'html-unclosed-comment-script', expect: 'either',
    make: (size, rand) => ({ file: 'unclosed.html', bytes: utf8(`${page(article(rand))}${'<!-- <script> <style> '.repeat(sized(size, 5_000, 200_000))}`) }),
  },
  {
    name: 'text-long-article', expect: 'stored',
    make: (size, rand) => ({ file: 'long-article.txt', bytes: utf8(`Harbour budget\n\n${paragraphs(rand, sized(size, 400, 4_000)).join('\n\n')}\n`) }),
  },
  {
    name: 'html-long-article', expect: 'stored',
    make: (size, rand) => ({ file: 'long-article.html', bytes: utf8(page(paragraphs(rand, sized(size, 400, 4_000)).map((p) => `<p>${p}</p>`).join('\n'))) }),
  },
  {
    name: 'html-one-line', expect: 'stored',
    make: (size, rand) => ({ file: 'one-line.html', bytes: utf8(page(`<p>${fill(`${sentence(rand)} `, sized(size, 1, 4.5) * 1024 * 1024)}</p>`)) }),
  },

  // ---- text and Markdown
  {
    name: 'text-long-line', expect: 'either',
    make: (size, rand) => ({ file: 'long-line.txt', bytes: utf8(`Harbour budget\n\n${fill(`${sentence(rand)} `, sized(size, 1, 10) * 1024 * 1024)}`) }),
  },
  {
    name: 'text-many-lines', expect: 'refused', error: /lines/,
    make: (size) => ({ file: 'many-lines.txt', bytes: utf8(`Harbour budget\n\n${'a\n'.repeat(sized(size, 200_000, 2_000_000))}`) }),
  },
  {
    name: 'md-nested-emphasis', expect: 'stored',
    make: (size, rand) => {
      const n = sized(size, 5_000, 50_000);
      return { file: 'emphasis.md', bytes: utf8(`# Harbour budget\n\n${paragraphs(rand, 3).join('\n\n')}\n\n${'*a _b **c __d ~~e `f '.repeat(n)}\n`) };
    },
  },
  {
    name: 'md-brackets', expect: 'stored',
    make: (size, rand) => {
      const n = sized(size, 10_000, 100_000);
      return { file: 'brackets.md', bytes: utf8(`# Harbour budget\n\n${paragraphs(rand, 3).join('\n\n')}\n\n${'[a]('.repeat(n)}${'[[['.repeat(n)}\n`) };
    },
  },
  {
    name: 'md-blockquotes', expect: 'stored',
    make: (size, rand) => {
      const n = sized(size, 2_000, 8_000);
      return { file: 'quotes.md', bytes: utf8(`# Harbour budget\n\n${paragraphs(rand, 3).join('\n\n')}\n\n${`${'> '.repeat(200)}${sentence(rand)}\n`.repeat(n)}`) };
    },
  },
  {
    name: 'md-heading-spaces', expect: 'stored',
    make: (size, rand) => ({ file: 'heading.md', bytes: utf8(`# a${' '.repeat(sized(size, 50_000, 1_000_000))}b\n\n${paragraphs(rand, 3).join('\n\n')}\n`) }),
  },
  {
    name: 'md-front-matter-unclosed', expect: 'stored',
    make: (size, rand) => ({ file: 'front.md', bytes: utf8(`---\n${'title: x\n'.repeat(sized(size, 20_000, 90_000))}\n# Harbour\n\n${paragraphs(rand, 3).join('\n\n')}\n`) }),
  },

  // ---- Unicode
  {
    name: 'unicode-combining-storm', expect: 'either',
    make: (size, rand) => ({ file: 'combining.html', bytes: utf8(page(`${article(rand)}<p>${`e${'\u0301\u0308\u0323'.repeat(1000)} `.repeat(sized(size, 50, 700))}</p>`)) }),
  },
  {
    name: 'unicode-bidi-zero-width', expect: 'stored',
    make: (size, rand) => ({ file: 'bidi.txt', bytes: utf8(`Harbour \u202Ebudget\u202C\n\n${paragraphs(rand, 3).join('\n\n')}\n\n${'\u200B\u200C\u200D\u2060\uFEFF\u202E\u2066'.repeat(sized(size, 20_000, 150_000))}`) }),
  },
  {
    name: 'invalid-utf8', expect: 'either',
    make: (size, rand) => {
      const junk = Buffer.alloc(sized(size, 200_000, 3_000_000));
      for (let i = 0; i < junk.length; i++) junk[i] = i % 3 === 0 ? 0x41 : 0x80 + Math.floor(rand() * 0x40) + (i % 7 === 0 ? 0x40 : 0);
      return { file: 'invalid-utf8.txt', bytes: Buffer.concat([utf8(`Harbour budget\n\n${paragraphs(rand, 3).join('\n\n')}\n\n`), junk]) };
    },
  },
  {
    name: 'utf16-lone-surrogates', expect: 'either',
    make: (size, rand) => {
      const units = `Harbour budget\n\n${paragraphs(rand, 3).join('\n\n')}\n\n`;
      const buf = Buffer.alloc(2 + units.length * 2 + sized(size, 100_000, 2_000_000) * 2);
      buf[0] = 0xff;
      buf[1] = 0xfe;
      let at = 2;
      for (const ch of units) at = buf.writeUInt16LE(ch.charCodeAt(0), at);
      while (at + 1 < buf.length) at = buf.writeUInt16LE(at % 4 === 0 ? 0xd800 + (at % 0x400) : 0xdc00, at);
      return { file: 'surrogates.txt', bytes: buf };
    },
  },
];

/** Every generator's input at `size`, made one at a time (seeded: the same bytes on every run). */
export function* hostileInputs(size: HostileSize, seed = 12): Generator<HostileInput> {
  for (const [i, g] of GENERATORS.entries()) {
    const { file, bytes } = g.make(size, seeded(seed * 1000 + i));
    yield { name: g.name, file, bytes, expect: g.expect, ...(g.error ? { error: g.error } : {}) };
  }
}

export const HOSTILE_NAMES: readonly string[] = GENERATORS.map((g) => g.name);

/** What the issue's table measured for the generators that are its rows. */
export function tableRow(name: string): string | null {
  return GENERATORS.find((g) => g.name === name)?.table ?? null;
}
