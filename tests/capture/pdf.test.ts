import { describe, expect, it } from 'vitest';
import { extractFromPdf, pdfDate } from '../../electron/core/capture/pdf.ts';
import { CaptureError } from '../../electron/core/capture/types.ts';
import { buildPdf, type PdfText } from './pdf-fixtures.ts';

/** Lines of 11 pt body text from `y` down, 14 pt apart. */
function body(lines: string[], y: number, x = 72, size = 11): PdfText[] {
  return lines.map((text, i) => ({ text, x, y: y - i * 14, size }));
}

const HEADER: PdfText = { text: 'ACME CORPORATION · PRESS RELEASE', x: 72, y: 805, size: 8 };
const footer = (n: number): PdfText[] => [
  { text: 'www.acme.example · press@acme.example', x: 72, y: 40, size: 8 },
  { text: `Page ${n} of 2`, x: 480, y: 40, size: 8 },
];

function pressRelease(info?: Record<string, string>): Uint8Array {
  return buildPdf(
    [
      {
        texts: [
          HEADER,
          { text: 'Acme opens a new factory', x: 72, y: 740, size: 22, bold: true },
          { text: 'in Leeds', x: 72, y: 714, size: 22, bold: true },
          { text: '14 June 2021', x: 72, y: 684, size: 11 },
          ...body(['The new plant will employ about 400 people and will pro-', 'duce parts for electric buses, the company said on', 'Monday.'], 656),
          ...body(['Production starts in the autumn. Local officials welcomed', 'the co-operation with the city council and the Franco-', 'German supplier.'], 606),
          ...footer(1),
        ],
      },
      {
        texts: [
          HEADER,
          ...body(['About Acme: Acme makes components for buses and trams', 'in three countries and employs 2,000 people.'], 740),
          ...footer(2),
        ],
      },
    ],
    info ? { info } : {},
  );
}

describe('extractFromPdf', () => {
  it('reads a press release: headline, date line, paragraphs rejoined, running lines dropped', async () => {
    const c = await extractFromPdf(pressRelease());
    expect(c.title).toBe('Acme opens a new factory in Leeds');
    expect(c.publishedAt).toBe('2021-06-14');
    expect(c.paragraphs).toEqual([
      'The new plant will employ about 400 people and will produce parts for electric buses, the company said on Monday.',
      'Production starts in the autumn. Local officials welcomed the co-operation with the city council and the Franco-German supplier.',
      'About Acme: Acme makes components for buses and trams in three countries and employs 2,000 people.',
    ]);
    expect(c.lang).toBe('en');
    expect(c.html).toBeNull();
    expect(c.excerpt).toMatch(/^The new plant/);
    const all = c.paragraphs.join('\n');
    expect(all).not.toMatch(/PRESS RELEASE|Page \d|www\.acme/);
  });

  it('prefers a meaningful metadata title, ignores "Microsoft Word - x.docx" and never uses file dates as publication date', async () => {
    const meta = await extractFromPdf(
      pressRelease({ Title: 'Acme opens a new factory in Leeds', CreationDate: "D:20210610093000+02'00'", ModDate: "D:20210613120000+02'00'" }),
    );
    expect(meta.title).toBe('Acme opens a new factory in Leeds');
    expect(meta.paragraphs[0]).toMatch(/^The new plant/);
    expect(meta.modifiedAt).toBe('2021-06-13T12:00:00+02:00');
    expect(meta.publishedAt).toBe('2021-06-14'); // the printed date, not a file date

    const junk = await extractFromPdf(pressRelease({ Title: 'Microsoft Word - PR_final_v3.docx', CreationDate: 'D:20210610' }));
    expect(junk.title).toBe('Acme opens a new factory in Leeds');
    expect(junk.modifiedAt).toBe('2021-06-10');

    const other = await extractFromPdf(pressRelease({ Title: 'Untitled' }));
    expect(other.title).toBe('Acme opens a new factory in Leeds');
  });

  it('does not interleave two columns separated by a gutter', async () => {
    const left = ['Left column starts here and the', 'story goes on about the council', 'meeting that lasted late into the', 'night, with many speakers.'];
    const right = ['Right column is another story', 'entirely, about the harbour and', 'the ferries that stopped running', 'during the storm last week.'];
    const pdf = buildPdf([
      {
        texts: [
          { text: 'Two stories on one e-paper page', x: 50, y: 760, size: 24 },
          ...body(left, 700, 50, 10),
          ...body(right, 700, 320, 10),
        ],
      },
    ]);
    const c = await extractFromPdf(pdf);
    expect(c.title).toBe('Two stories on one e-paper page');
    expect(c.paragraphs).toEqual([left.join(' '), right.join(' ')]);
  });

  it('breaks paragraphs at a first-line indent without extra spacing', async () => {
    const pdf = buildPdf([
      {
        texts: [
          { text: 'The first paragraph has two lines of text that run the', x: 72, y: 700, size: 11 },
          { text: 'whole width of the column before it ends here at last.', x: 72, y: 686, size: 11 },
          { text: 'The second paragraph is indented and tells another', x: 90, y: 672, size: 11 },
          { text: 'part of the story, which also ends with a full stop.', x: 72, y: 658, size: 11 },
        ],
      },
    ]);
    const c = await extractFromPdf(pdf);
    expect(c.paragraphs).toHaveLength(2);
    expect(c.paragraphs[1]).toMatch(/^The second paragraph/);
    expect(c.title).toBeNull();
  });

  it('decodes WinAnsi text (accents, euro sign, curly quotes)', async () => {
    const pdf = buildPdf([{ texts: body(['Le café coûte 3 € à “Paris”, dit-il, et c’est cher pour tout le monde.'], 700) }]);
    const c = await extractFromPdf(pdf);
    expect(c.paragraphs).toEqual(['Le café coûte 3 € à “Paris”, dit-il, et c’est cher pour tout le monde.']);
  });

  it('reports a scanned PDF (images only) as needing OCR', async () => {
    const pdf = buildPdf([{ image: true }, { image: true }], { info: { Title: 'Scan of page 1' } });
    await expect(extractFromPdf(pdf)).rejects.toThrow(CaptureError);
    await expect(extractFromPdf(pdf)).rejects.toThrow(/no text layer.*needs OCR/);
  });

  it('reports an encrypted PDF and a corrupt one', async () => {
    const encrypted = buildPdf([{ texts: body(['Secret text.'], 700) }], { encrypted: true });
    await expect(extractFromPdf(encrypted)).rejects.toThrow(/encrypted with a password/);
    await expect(extractFromPdf(new TextEncoder().encode('%PDF-1.4\nthis is not really a PDF'))).rejects.toThrow(/not a valid PDF/);
    await expect(extractFromPdf(new TextEncoder().encode('<html>hello</html>'))).rejects.toThrow(/not a PDF/);
  });

  it('leaves the caller\'s bytes usable (pdfjs detaches what it is given)', async () => {
    const bytes = pressRelease();
    const length = bytes.byteLength;
    await extractFromPdf(bytes);
    expect(bytes.byteLength).toBe(length);
    // A Node Buffer (what fs gives) works too.
    const fromFs = Buffer.from(bytes);
    expect((await extractFromPdf(fromFs)).title).toBe('Acme opens a new factory in Leeds');
    expect(fromFs.byteLength).toBe(length);
  });
});

describe('pdfDate', () => {
  it.each([
    ["D:20210614170211+01'00'", '2021-06-14T17:02:11+01:00'],
    ["D:20210614170211-05'00", '2021-06-14T17:02:11-05:00'],
    ['D:20210614170211Z', '2021-06-14T17:02:11Z'],
    ['D:20210614', '2021-06-14'],
    ['D:202106141702', '2021-06-14T17:02'],
    ['nonsense', null],
    ['D:19700101000000Z', null],
  ])('%s → %s', (raw, iso) => {
    expect(pdfDate(raw)).toBe(iso);
  });
});
