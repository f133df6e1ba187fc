/** ClippingDetail fixtures for the export tests, built from the shared reference capture. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Annotation, ClippingDetail } from '../../electron/contract/shapes.ts';

// Same file as helpers.ts's REFERENCE_EXPECTED (not imported: helpers.ts needs a vitest context).
const REFERENCE_EXPECTED = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../shared/fixtures/text-captures/truss-strategic-mistake.expected.json',
);

interface Expected {
  title: string;
  byline: string | null;
  outlet: string | null;
  url: string | null;
  lang: string;
  published: { publishedAt: string };
  figures: Array<{ alt: string; caption: string; credit: string }>;
  bodyParagraphs: string[];
}

export const expected = JSON.parse(readFileSync(REFERENCE_EXPECTED, 'utf8')) as Expected;

let nextAnnotation = 100;

/** An anchored highlight on the `nth` (0-based) occurrence of `quote` in `text`. */
export function highlight(clippingId: number, text: string, quote: string, opts: { nth?: number; color?: string; note?: string; id?: number } = {}): Annotation {
  let at = -1;
  for (let i = 0; i <= (opts.nth ?? 0); i++) {
    at = text.indexOf(quote, at + 1);
    if (at < 0) throw new Error(`fixture: "${quote}" #${opts.nth} not in text`);
  }
  return {
    id: opts.id ?? nextAnnotation++,
    clippingId,
    quote,
    prefix: text.slice(Math.max(0, at - 32), at),
    suffix: text.slice(at + quote.length, at + quote.length + 32),
    start: at,
    end: at + quote.length,
    color: opts.color ?? 'yellow',
    note: opts.note ?? '',
    state: 'anchored',
    createdAt: '2026-11-20T09:00:00.000Z',
    updatedAt: '2026-11-20T09:05:00.000Z',
  };
}

export function clipping(over: Partial<ClippingDetail> & Pick<ClippingDetail, 'id' | 'title'>): ClippingDetail {
  const text = over.text ?? 'A short body.';
  const paragraphs = over.paragraphs ?? text.split(/\n\n/);
  return {
    byline: null,
    outlet: null,
    url: null,
    publishedAt: null,
    capturedAt: '2026-11-25T10:00:00.000Z',
    lang: 'en',
    excerpt: null,
    wordCount: (text.match(/[\p{L}\p{N}]+/gu) ?? []).length,
    tags: [],
    starred: false,
    read: false,
    mediaType: null,
    tone: null,
    section: null,
    page: null,
    deletedAt: null,
    editedFields: [],
    extractionUncertain: false,
    sourceUrl: null,
    canonicalUrl: null,
    modifiedAt: null,
    figures: [],
    html: null,
    leadImage: null,
    note: '',
    annotations: [],
    capture: null,
    cluster: null,
    versionCount: 1,
    contentHash: 'sha256-fixture',
    updatedAt: '2026-11-25T10:00:00.000Z',
    ...over,
    text,
    paragraphs,
  };
}

export const REF_TEXT = expected.bodyParagraphs.join('\n\n');
export const NOTE_STRATEGIC = 'Truss repeats the phrase from the **opening line**: a deliberate message to Moscow.';
export const NOTE_INTEGRITY = 'Key phrase';

/** The reference clipping: the second "strategic mistake" highlighted with a note, overlapping highlights, an orphan. */
export function reference(): ClippingDetail {
  const id = 1;
  return clipping({
    id,
    title: expected.title,
    byline: expected.byline,
    outlet: expected.outlet,
    url: expected.url,
    publishedAt: expected.published.publishedAt,
    lang: expected.lang,
    text: REF_TEXT,
    paragraphs: expected.bodyParagraphs,
    figures: expected.figures.map((f) => ({ ...f, src: null })),
    tags: ['Russia', 'Ukraine'],
    note: 'Filed for the Monday *briefing*.',
    annotations: [
      highlight(id, REF_TEXT, 'strategic mistake', { nth: 1, color: 'yellow', note: NOTE_STRATEGIC, id: 11 }),
      highlight(id, REF_TEXT, 'respect the sovereignty and the territorial integrity of Ukraine', { color: 'green', id: 12 }),
      highlight(id, REF_TEXT, 'territorial integrity', { color: 'pink', note: NOTE_INTEGRITY, id: 13 }),
      {
        id: 14,
        clippingId: id,
        quote: 'a sentence the outlet later removed',
        prefix: 'before ',
        suffix: ' after',
        start: null,
        end: null,
        color: 'purple',
        note: 'Gone after the update.',
        state: 'orphaned',
        createdAt: '2026-11-20T09:00:00.000Z',
        updatedAt: '2026-11-20T09:00:00.000Z',
      },
    ],
  });
}

/** Every hostile thing a capture or a user could put into a clipping. */
export function hostile(): ClippingDetail {
  const id = 66;
  const text = 'Click <a href="javascript:alert(2)">here</a> <script>alert(3)</script> now.\n\n<img src=x onerror=alert(4)> and [link](javascript:alert(5)).';
  return clipping({
    id,
    title: '<script>alert(1)</script>',
    byline: '<b onmouseover=alert(6)>Mallory</b>',
    outlet: '"><svg onload=alert(7)>',
    url: 'javascript:alert(1)',
    sourceUrl: 'javascript:alert(8)',
    publishedAt: '2026-11-24',
    text,
    html: '<p><script>alert(9)</script><img src="https://tracker.example/pixel.gif"></p>',
    figures: [{ alt: '<img src=x onerror=alert(10)>', caption: '<iframe src="https://evil.example/">', credit: '</figcaption><script>alert(11)</script>', src: 'https://tracker.example/figure.jpg' }],
    tags: ['<i>tag</i>'],
    note: '<img src=x onerror=alert(12)> [click](javascript:alert(13)) ![pixel](https://tracker.example/note.png)',
    annotations: [highlight(id, text, '<script>alert(3)</script>', { note: '<img src=x onerror=alert(1)>', color: 'pink" onmouseover="alert(14)' })],
  });
}

/** Two ordinary clippings for digests: different outlets, days and tags. */
export function others(): ClippingDetail[] {
  const t1 = 'Ministers met in Brussels on Monday.\n\nThe talks ended without agreement on energy prices.';
  const t2 = 'Markets rose sharply after the announcement.\n\nAnalysts said the rally may not last.';
  return [
    clipping({
      id: 2,
      title: 'EU energy talks end without deal',
      outlet: 'The Example Times',
      byline: 'Jane Smith and John Doe',
      url: 'https://news.example.com/eu-energy',
      publishedAt: '2021-12-06T09:30:00+01:00',
      section: 'Europe',
      page: '12',
      mediaType: 'print',
      tags: ['Energy', 'EU'],
      text: t1,
      annotations: [highlight(2, t1, 'without agreement on energy prices', { color: 'blue', note: 'Follow up next week.', id: 21 })],
    }),
    clipping({
      id: 3,
      title: 'Markets rally on rate decision',
      outlet: 'Daily Ledger',
      byline: 'By Sam Lee, Economics Editor',
      url: 'https://ledger.example.org/markets',
      publishedAt: '2021-12-10',
      tags: ['Markets', 'Ukraine'],
      text: t2,
    }),
  ];
}
