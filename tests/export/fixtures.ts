/**
 * ClippingDetail fixtures for the export tests, built from an article's expected clipping
 * (tests/fixtures/articles.ts): the repository's own capture always, the reference capture
 * in ../shared when it is there. `exportFixtures(p)` reads the files when first asked.
 */
import type { Annotation, ClippingDetail } from '../../electron/contract/shapes.ts';
import { HARWICK, TRUSS, type ExpectedClipping, type LoadedArticle } from '../fixtures/articles.ts';

/** An article as the export tests use it: the highlights made on it and what the exports should show. */
export interface ExportArticle {
  article: LoadedArticle;
  /** Highlighted green; `article.phrase` inside it is highlighted pink. */
  green: string;
  /** How segment() cuts the paragraph holding them: [text, annotation ids] runs. */
  runs: [string, number[]][];
  /** The note on the second `article.repeated` (Markdown), how it starts as text, and as HTML. */
  noteStrategic: string;
  noteStrategicStart: string;
  noteStrategicHtmlStart: string;
  /** The first occurrence of `article.repeated` with a word around it. */
  firstOccurrence: string;
  /** The sentence holding the second occurrence, as a PDF shows it. */
  secondSentence: string;
  /** The file name an export gets (before `-<id>.<ext>`). */
  slug: string;
  /** Authors as RIS and CSL-JSON give them. */
  risAuthors: string[];
  cslAuthors: ({ literal: string } | { family: string; given: string })[];
  /** The publication date as RIS (DA), CSL-JSON (date-parts) and a digest heading give it. */
  risDate: string;
  cslDate: [number, number, number];
  day: string;
  /** A digest of the article and others(): its dates, and its days in order. */
  digestDates: string;
  digestDays: string[];
  /** Figure captions in a DOCX export. */
  docxCaptions: string[];
}

export const EXPORT_ARTICLES: ExportArticle[] = [
  {
    article: HARWICK,
    green: 'protect the libraries and the school crossing patrols of Harwick',
    runs: [
      ['She said the council must “', []],
      ['protect the libraries and the ', [12]],
      ['school crossing patrols', [12, 13]],
      [' of Harwick', [12]],
      ['”.', []],
    ],
    noteStrategic: 'Lowe repeats the phrase from the **opening line**: a warning to the cabinet.',
    noteStrategicStart: 'Lowe repeats the phrase from the opening line',
    noteStrategicHtmlStart: 'Lowe repeats the phrase from the <strong>opening line</strong>',
    firstOccurrence: 'a “false economy” for Harwick',
    secondSentence: 'any further cut to the roads would be a false economy',
    slug: 'budget-of-last-resort-false-economy-to-cut-road-re',
    risAuthors: ['Okafor, Harriet'],
    cslAuthors: [{ family: 'Okafor', given: 'Harriet' }],
    risDate: '2024/03/14/',
    cslDate: [2024, 3, 14],
    day: '14 March 2024',
    digestDates: '6 December 2021 – 14 March 2024',
    digestDays: ['6 December 2021', '10 December 2021', '14 March 2024'],
    docxCaptions: [
      'Figure 1. Council leader Dawn Lowe called the plans “a budget of last resort” Credit: Priya Nair/Harwick Courier',
      'Figure 2. Campaigners gathered outside Eastfield library on Saturday. Credit: Tom Ashby/Harwick Courier',
      'Figure 3. Deputy leader Amir Rahman, left, spoke after the cabinet meeting Credit: Ben Price/PA',
    ],
  },
  {
    article: TRUSS,
    green: 'respect the sovereignty and the territorial integrity of Ukraine',
    runs: [
      ['She said Russia must “', []],
      ['respect the sovereignty and the ', [12]],
      ['territorial integrity', [12, 13]],
      [' of Ukraine', [12]],
      ['”.', []],
    ],
    noteStrategic: 'Truss repeats the phrase from the **opening line**: a deliberate message to Moscow.',
    noteStrategicStart: 'Truss repeats the phrase from the opening line',
    noteStrategicHtmlStart: 'Truss repeats the phrase from the <strong>opening line</strong>',
    firstOccurrence: 'a “strategic mistake” for Russia',
    secondSentence: 'any incursion by Russia into Ukraine would be a strategic mistake',
    slug: 'strategic-mistake-for-russia-to-ramp-up-aggression',
    risAuthors: ['Press Association'],
    cslAuthors: [{ literal: 'Press Association' }],
    risDate: '2021/12/08/',
    cslDate: [2021, 12, 8],
    day: '8 December 2021',
    digestDates: '6 December 2021 – 10 December 2021',
    digestDays: ['6 December 2021', '8 December 2021', '10 December 2021'],
    docxCaptions: [
      'Figure 1. Vladimir Putin said Russia’s troops are not being threatening Credit: Matt Cardy/PA',
      'Figure 2. Liz Truss said Russia must ‘respect the sovereignty of Ukraine’ Credit: Victoria Jones/PA',
      'Figure 3. Boris Johnson took part in talks with Joe Biden Credit: Stefan Rousseau/PA',
    ],
  },
];

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

export const NOTE_INTEGRITY = 'Key phrase';

export interface ExportFixtures {
  expected: () => ExpectedClipping;
  /** The clipping's text: the expected body paragraphs. */
  text: () => string;
  /** The article's clipping: the second `repeated` highlighted with a note, overlapping highlights, an orphan. */
  reference: () => ClippingDetail;
}

export function exportFixtures(p: ExportArticle): ExportFixtures {
  const expected = (): ExpectedClipping => p.article.expected();
  const text = (): string => expected().bodyParagraphs.join('\n\n');
  const reference = (): ClippingDetail => {
    const id = 1;
    const e = expected();
    const REF_TEXT = text();
    return clipping({
      id,
      title: e.title,
      byline: e.byline,
      outlet: e.outlet,
      url: e.url,
      publishedAt: e.published.publishedAt,
      lang: e.lang,
      text: REF_TEXT,
      paragraphs: e.bodyParagraphs,
      figures: e.figures.map((f) => ({ ...f, src: null })),
      tags: ['Russia', 'Ukraine'],
      note: 'Filed for the Monday *briefing*.',
      annotations: [
        highlight(id, REF_TEXT, p.article.repeated, { nth: 1, color: 'yellow', note: p.noteStrategic, id: 11 }),
        highlight(id, REF_TEXT, p.green, { color: 'green', id: 12 }),
        highlight(id, REF_TEXT, p.article.phrase, { color: 'pink', note: NOTE_INTEGRITY, id: 13 }),
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
  };
  return { expected, text, reference };
}

/** The repository's own article's fixtures, for the tests that need any clipping. */
export const OWN = exportFixtures(EXPORT_ARTICLES[0]!);

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
