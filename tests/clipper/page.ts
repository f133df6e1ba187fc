import { crc32, deflateSync } from 'node:zlib';

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

/**
 * A photo-sized PNG of noise (it does not compress), `width`×`height`, different for each
 * seed: the pictures of the heavy page.
 */
export function noisePng(seed: number, width = 200, height = 150): Buffer {
  let x = (Math.imul(seed + 1, 2654435761) >>> 0) || 1;
  const rand = () => {
    // xorshift32: noise that deflate cannot shrink
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x & 0xff;
  };
  const rows = Buffer.alloc((width * 3 + 1) * height);
  for (let i = 0; i < rows.length; i++) rows[i] = i % (width * 3 + 1) === 0 ? 0 : rand();
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}

/** How many pictures the heavy page shows (served at /img/<n>.png). */
export const HEAVY_IMAGES = 6;

/**
 * What a real news site adds around an article: a configuration blob for its scripts,
 * a mega-menu, photos and a column of teasers (about 380 KB of HTML, and six photos).
 */
function heavyParts(seed: number): { head: string; nav: string; figures: string; aside: string } {
  const config = { site: 'courier', edition: 'uk', seed, ads: Array.from({ length: 2500 }, (_, i) => ({ slot: `slot-${i}`, sizes: [[300, 250], [728, 90]], targeting: { section: 'news', pos: i % 7, kw: ['harbour', 'bridge', 'council', 'ferry'] } })) };
  const nav = Array.from({ length: 400 }, (_, i) => `<li><a href="/section/${i}">Section ${i}</a></li>`).join('');
  const figures = Array.from({ length: HEAVY_IMAGES }, (_, i) => `<figure><img src="/img/${i}.png" alt="Photo ${i + 1}" width="200" height="150"><figcaption>Photo ${i + 1} of the reopening.</figcaption></figure>`).join('\n');
  const aside = Array.from({ length: 60 }, (_, i) => `<li><a href="/news/teaser-${i}"><img src="/img/${i % HEAVY_IMAGES}.png" alt=""><span>Teaser headline number ${i} about something else entirely</span></a></li>`).join('');
  return { head: `<script>window.__CONFIG__ = ${JSON.stringify(config)};</script>`, nav: `<ul class="mega-menu">${nav}</ul>`, figures, aside: `<ul class="teasers">${aside}</ul>` };
}

export function articleHtml(opts: { correction?: boolean; title?: string; heavy?: number } = {}): string {
  const title = opts.title ?? ARTICLE_TITLE;
  const heavy = opts.heavy !== undefined ? heavyParts(opts.heavy) : { head: '', nav: '', figures: '', aside: '' };
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
${heavy.head}
</head><body>
<header><nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a> <a href="/opinion">Opinion</a>${heavy.nav}</nav></header>
<main><article>
<h1>${title}</h1>
<p class="byline">By Maria Lindqvist</p>
<figure><img src="/lead.png" alt="The bridge at dawn"><figcaption>The bridge at dawn on Sunday.</figcaption></figure>
${paras.map((p) => `<p>${p}</p>`).join('\n')}
${heavy.figures}
</article>
<aside><h2>Related</h2><ul><li><a href="/a">Ferry timetable changes</a></li><li><a href="/b">Council budget vote</a></li></ul>${heavy.aside}</aside></main>
<footer><p>© ${ARTICLE_OUTLET}. All rights reserved.</p></footer>
<script>document.querySelector('article').insertAdjacentHTML('beforeend', '<p>' + ${JSON.stringify(LIVE_UPDATE).replace(/</g, '\\u003c')} + '</p>');</script>
</body></html>`;
}
