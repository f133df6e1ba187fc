/**
 * A typical news page for the browser clipper's tests: navigation, a headline, byline and
 * date in the page's metadata, a lead image, some 900 words of article, related links and
 * a footer. `words` changes the article's text (a correction: a new version).
 */
export const ARTICLE_TITLE = 'Harbour bridge reopens after two years of repairs';
export const ARTICLE_OUTLET = 'The Coastal Courier';
export const ARTICLE_DATE = '2026-11-30T08:15:00Z';
/** A paragraph the page's own script adds once it runs: only in the rendered DOM, not in the HTML served. */
export const LIVE_UPDATE = 'Update, 9.40: the first buses crossed the bridge shortly after the ceremony.';
export const HIGHLIGHT = 'the council will publish the full inspection report in January';
/** A 1×1 PNG, the page's lead image. */
export const PIXEL_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

const FILLER = [
  'Engineers spent the last months replacing the cables that carry the deck, a job that had to wait for the calm summer weather before the heavy lifting could start.',
  'Local traders said the closure had cost them customers, and several cafés on the quay shortened their opening hours while the works went on.',
  'The ferry service that stood in for the bridge carried more than a million passengers, according to figures from the port authority.',
  'Residents of the northern shore, who faced a detour of forty minutes each way, welcomed the news but asked for guarantees about future maintenance.',
  'The contractor said the new bearings should last fifty years, with inspections every two years rather than every five as before.',
  'Cyclists will get a separate lane for the first time, divided from the traffic by a low barrier that was added late in the design.',
];

export function articleHtml(opts: { correction?: boolean; title?: string } = {}): string {
  const title = opts.title ?? ARTICLE_TITLE;
  const paras: string[] = [
    'The harbour bridge reopened to traffic on Sunday morning, two years after cracks found in its main girders forced the city to close it without warning.',
    `The mayor cut a ribbon at dawn and said ${HIGHLIGHT}, so that residents can read for themselves what went wrong.`,
  ];
  for (let i = 0; i < 24; i++) paras.push(FILLER[i % FILLER.length]!.replace('.', i % 2 ? ', officials said.' : `, in report number ${i + 1} heard by the paper.`));
  if (opts.title) paras.unshift(`${opts.title}: what our reporters saw on the day, and what comes next for the people who live here.`);
  if (opts.correction) paras.push('Correction: an earlier version of this article gave the wrong date for the closure of the bridge.');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>${title} | ${ARTICLE_OUTLET}</title>
<meta property="og:title" content="${title}">
<meta property="og:site_name" content="${ARTICLE_OUTLET}">
<meta property="article:published_time" content="${ARTICLE_DATE}">
<meta name="author" content="Maria Lindqvist">
</head><body>
<header><nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a> <a href="/opinion">Opinion</a></nav></header>
<main><article>
<h1>${title}</h1>
<p class="byline">By Maria Lindqvist</p>
<figure><img src="/lead.png" alt="The bridge at dawn"><figcaption>The bridge at dawn on Sunday.</figcaption></figure>
${paras.map((p) => `<p>${p}</p>`).join('\n')}
</article>
<aside><h2>Related</h2><ul><li><a href="/a">Ferry timetable changes</a></li><li><a href="/b">Council budget vote</a></li></ul></aside></main>
<footer><p>© ${ARTICLE_OUTLET}. All rights reserved.</p></footer>
<script>document.querySelector('article').insertAdjacentHTML('beforeend', '<p>' + ${JSON.stringify(LIVE_UPDATE).replace(/</g, '\\u003c')} + '</p>');</script>
</body></html>`;
}
