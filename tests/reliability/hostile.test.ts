/**
 * Hostile captures: a corpus of known XSS vectors (scripts, event handlers, javascript:
 * and data: URLs, SVG and MathML tricks, meta refresh, base, CSS url() and @import,
 * iframe srcdoc, mutation XSS) embedded in pages (body, title, byline, figure captions,
 * links), an MHTML and an e-mail, imported through the archive. Then the stored article
 * HTML and every export format are opened the way a viewer would (Chromium with
 * JavaScript ON for HTML and Markdown-rendered-to-HTML; the PDF printer; DOCX XML; data
 * formats parsed): every execution and every outgoing request is counted. Both must be 0.
 *
 * (The reader UI itself is covered by tests/e2e/hostile.test.ts.)
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { HtmlRenderer, Parser } from 'commonmark';
import { unzipSync, strFromU8 } from 'fflate';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { parseHTML } from 'linkedom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Archive } from '../../electron/core/archive.ts';
import { CHROMIUM_ARGS, findChromium } from '../../electron/core/export/pdf.ts';
import { CSP as APP_CSP } from '../../electron/shell/protocol.ts';
import { tempDir } from '../helpers.ts';
import { emlMessage, htmlPage, mhtmlPage, SAMPLE_PARAGRAPHS } from './lib/samples.ts';
import { vectors, type Vector } from './lib/vectors.ts';

const PAGE_URL = 'http://cuttings.invalid/view.html';

let server: Server;
let serverHits: string[] = [];
let H: string;
let V: Vector[];
let browser: Browser;
let archive: Archive;
let dir: string;
let ids: number[] = [];

/** What a viewer did with one document. */
interface Observed {
  executions: string[];
  requests: string[];
  dialogs: string[];
  /** Links, frames, forms… left live with a script or data: address. */
  liveDangerous: string[];
}
const totals = { documents: 0, executions: 0, requests: 0, dialogs: 0, liveDangerous: 0, allowedImageRequests: 0, sameOriginRequests: 0 };
const offenders = new Map<string, string[]>();

function blame(what: string, where: string): void {
  const id = /\bv\d\d\b/.exec(what)?.[0] ?? 'unattributed';
  offenders.set(id, [...(offenders.get(id) ?? []), `${where}: ${what.slice(0, 200)}`]);
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** A news page carrying one vector in the body, the title, the byline, a figure caption and a link. */
function hostilePage(v: Vector, i: number): string {
  const paragraphs = SAMPLE_PARAGRAPHS.map((p) => `${p} Report ${v.id}, item ${i}.`);
  paragraphs.splice(1, 0, `Before the vector ${v.html} after the vector, the council said on ${v.id}.`);
  return htmlPage({
    slug: `hostile-${v.id}`,
    title: `Council report ${v.id} ${v.html.replace(/<\/title/gi, '')}`,
    head: `<meta name="author" content="${esc(`Mallory ${v.html}`)}">${i % 3 === 0 ? v.html : ''}`,
    paragraphs,
    body:
      `<figure><img src="${H}/${v.id}-figure.png" alt="${esc(v.html)}"><figcaption>Caption ${v.id}: ${v.html}</figcaption></figure>` +
      `<p>Read <a href="javascript:__pwn('${v.id}')">the full ${v.id} statement</a> or <a href="data:text/html,<script>__pwn('${v.id}')</script>">this</a>.</p>`,
  });
}

let shared: BrowserContext;
let viewSerial = 0;
const observers = new Map<Page, Observed>();

async function view(html: string, where: string, opts: { csp?: string; allowRequests?: (url: string) => boolean; control?: boolean } = {}): Promise<Observed> {
  // One context for every view (a fresh page each): the binding and dialogs are per page.
  const pageUrl = `${PAGE_URL}?doc=${++viewSerial}`;
  const page = await shared.newPage();
  const seen: Observed = { executions: [], requests: [], dialogs: [], liveDangerous: [] };
  observers.set(page, seen);
  const allowed: string[] = [];
  page.on('dialog', (d) => {
    seen.dialogs.push(d.message());
    void d.dismiss().catch(() => {});
  });
  await page.route('**/*', async (route) => {
    const url = route.request().url();
    if (url === pageUrl) return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html, headers: opts.csp ? { 'Content-Security-Policy': opts.csp } : {} });
    if (url.startsWith('data:')) return route.abort('blockedbyclient');
    // A relative address left in the capture (<img src="x">) resolves to the viewer's own
    // origin: not an outgoing request (counted apart).
    if (new URL(url).origin === new URL(PAGE_URL).origin) totals.sameOriginRequests++;
    else if (opts.allowRequests?.(url)) allowed.push(url);
    else seen.requests.push(url);
    return route.abort('blockedbyclient');
  });
  try {
    await page.goto(pageUrl, { waitUntil: 'load', timeout: 20_000 });
  } catch (err) {
    // A page that navigates itself away (meta refresh) is caught by the request counter.
    if (!/interrupted|aborted|ERR_/.test(String(err))) throw err;
  }
  await page.waitForTimeout(150);
  // Hover and focus everything once: handlers that need an interaction get it.
  await page.mouse.move(5, 5).catch(() => {});
  await page.mouse.move(300, 300).catch(() => {});
  await page.keyboard.press('Tab').catch(() => {});
  await page.waitForTimeout(100);
  const dangerous = await page
    .evaluate(() => {
      const out: string[] = [];
      const bad = (u: string | null) => !!u && /^\s*(javascript|vbscript|data):/i.test(u.replace(/[\u0000-\u0020]/g, ''));
      for (const el of Array.from(document.querySelectorAll('*'))) {
        for (const attr of ['href', 'xlink:href', 'src', 'action', 'formaction', 'data', 'srcdoc']) {
          const v = el.getAttribute(attr);
          if (v === null) continue;
          if (attr === 'srcdoc' || (bad(v) && !(el.tagName === 'IMG' && /^data:image\/(png|jpe?g|gif|webp);/i.test(v)))) out.push(`<${el.tagName.toLowerCase()} ${attr}="${v.slice(0, 120)}">`);
        }
        for (const a of Array.from(el.attributes)) if (/^on/i.test(a.name)) out.push(`<${el.tagName.toLowerCase()} ${a.name}="${a.value.slice(0, 120)}">`);
        if (/^(SCRIPT|IFRAME|OBJECT|EMBED|FRAME|BASE)$/.test(el.tagName)) out.push(`<${el.tagName.toLowerCase()}> ${el.outerHTML.slice(0, 120)}`);
      }
      return out;
    })
    .catch(() => [] as string[]);
  // The export's own CSP meta and charset are fine; only meta refresh is hostile.
  const refresh = await page.evaluate(() => Array.from(document.querySelectorAll('meta[http-equiv]')).filter((m) => /refresh/i.test(m.getAttribute('http-equiv') ?? '')).map((m) => m.outerHTML)).catch(() => [] as string[]);
  seen.liveDangerous = [...dangerous, ...refresh];
  await page.close();
  observers.delete(page);
  if (opts.control) return seen;
  totals.documents++;
  totals.executions += seen.executions.length;
  totals.requests += seen.requests.length;
  totals.dialogs += seen.dialogs.length;
  totals.liveDangerous += seen.liveDangerous.length;
  for (const x of seen.executions) blame(`execution ${x}`, where);
  for (const x of seen.requests) blame(`request ${x}`, where);
  for (const x of seen.dialogs) blame(`dialog ${x}`, where);
  for (const x of seen.liveDangerous) blame(`live ${x}`, where);
  totals.allowedImageRequests += allowed.length;
  return seen;
}

const LIVE_TAGS = new Set(['script', 'iframe', 'frame', 'object', 'embed', 'svg', 'math', 'style', 'link', 'meta', 'base', 'form', 'input', 'button', 'video', 'audio', 'source', 'textarea', 'template', 'noscript']);

/** Elements and attributes in `html` that could run or load something (parsed, not grepped). */
function liveMarkup(html: string): string[] {
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  const out: string[] = [];
  for (const el of Array.from(document.querySelectorAll('*')) as Element[]) {
    const tag = el.localName;
    if (LIVE_TAGS.has(tag)) out.push(`<${tag}>`);
    for (const a of Array.from(el.attributes)) {
      if (/^on/i.test(a.name) || ['style', 'srcdoc', 'srcset', 'background', 'poster', 'formaction', 'action', 'xlink:href'].includes(a.name)) out.push(`<${tag} ${a.name}>`);
      if (['href', 'src'].includes(a.name) && /^(javascript|vbscript|data):/i.test(a.value.replace(/[\u0000-\u0020]/g, '')) && !(tag === 'img' && /^data:image\/(png|jpe?g|gif|webp)[;,]/i.test(a.value))) {
        out.push(`<${tag} ${a.name}="${a.value.slice(0, 60)}">`);
      }
    }
  }
  return out;
}

/** Runs `fn` over `items`, `n` at a time. */
async function pool<T>(items: readonly T[], n: number, fn: (x: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: n }, async () => {
    while (next < items.length) await fn(items[next++]!);
  }));
}

function expectClean(seen: Observed, where: string): void {
  expect({ where, ...seen }).toEqual({ where, executions: [], requests: [], dialogs: [], liveDangerous: [] });
}

beforeAll(async () => {
  server = createServer((req, res) => {
    serverHits.push(req.url ?? '');
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  H = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  V = vectors(H);
  const exe = findChromium();
  if (!exe) throw new Error('Chromium is needed (apt install chromium)');
  browser = await chromium.launch({ executablePath: exe, args: CHROMIUM_ARGS });
  shared = await browser.newContext({ javaScriptEnabled: true, serviceWorkers: 'block' });
  await shared.exposeBinding('__pwn', (source, id: unknown) => {
    const seen = observers.get(source.page);
    if (seen) seen.executions.push(String(id));
    else blame(`execution ${String(id)} in a closed page`, 'unknown');
  });
  dir = tempDir('cuttings-hostile-');
  archive = new Archive(path.join(dir, 'hostile.db'));
}, 60_000);

afterAll(async () => {
  const blocked = V.filter((v) => !offenders.has(v.id)).length;
  console.log(
    `[hostile] vectors blocked: ${blocked}/${V.length} (${new Set(V.map((v) => v.category)).size} categories); documents viewed ${totals.documents}; ` +
      `script executions ${totals.executions}, dialogs ${totals.dialogs}, outgoing requests ${totals.requests} (+${serverHits.length} at the local server), live dangerous markup ${totals.liveDangerous}; same-origin (relative) requests ${totals.sameOriginRequests}`,
  );
  if (offenders.size) console.log(JSON.stringify(Object.fromEntries(offenders), null, 1).slice(0, 4000));
  await browser?.close();
  archive?.close();
  await new Promise<void>((r) => server?.close(() => r()));
});

describe('hostile captures', () => {
  it(`imports ${'≥ 40'} vectors in pages, an MHTML and an e-mail`, async () => {
    expect(V.length).toBeGreaterThanOrEqual(40);
    for (const [i, v] of V.entries()) {
      const r = await archive.call('clippings.add', { capture: { name: `hostile-${v.id}.html`, text: hostilePage(v, i) } });
      expect(r.status, `${v.id}: ${r.error}`).toBe('added');
      ids.push(r.id!);
    }
    const batch = (from: number, to: number) => V.slice(from, to).map((v) => `<p>Vector ${v.id}: ${v.html} and the harbour budget.</p>`).join('\n');
    const mhtml = mhtmlPage(htmlPage({ slug: 'hostile-mhtml', title: `Saved page ${V[0]!.html}`, paragraphs: SAMPLE_PARAGRAPHS.map((p) => `${p} (MHTML)`), body: batch(0, 30) }), 'https://news.example/hostile-mhtml');
    const eml = emlMessage(htmlPage({ slug: 'hostile-eml', paragraphs: SAMPLE_PARAGRAPHS.map((p) => `${p} (mail)`), body: batch(30, V.length) }), `Press release ${V[3]!.html}`);
    for (const [name, bytes] of [['hostile.mhtml', mhtml], ['hostile.eml', eml]] as const) {
      const r = await archive.call('clippings.add', { capture: { name, base64: bytes.toString('base64') } });
      expect(r.status, `${name}: ${r.error}`).toBe('added');
      ids.push(r.id!);
    }
    // Highlights and notes carry vectors too (they appear in exports).
    for (const id of ids.slice(0, 10)) {
      await archive.call('annotations.create', { id, start: 0, end: 10, note: `Note ${V[id % V.length]!.html}` });
      await archive.call('clippings.setNote', { id, note: `Clip note ${V[(id + 7) % V.length]!.html}` });
    }
    await archive.call('tags.add', { id: ids[0]!, tags: [`tag ${V[0]!.html}`.slice(0, 200)] });
    expect(serverHits).toEqual([]); // importing fetched nothing
  });

  it('control: the counters see what an unsanitised capture does (scripts, handlers, requests, dialogs)', async () => {
    const raw = V.slice(0, 10).map((v, i) => hostilePage(v, i)).join('\n');
    const seen = await view(raw, 'control', { control: true });
    expect(seen.executions.length).toBeGreaterThan(3);
    expect(seen.requests.some((u) => u.startsWith(H))).toBe(true);
    expect(seen.dialogs.length).toBeGreaterThan(0);
    expect(seen.liveDangerous.length).toBeGreaterThan(5);
    console.log(`[hostile] control (unsanitised): ${seen.executions.length} executions, ${seen.dialogs.length} dialogs, ${seen.requests.length} requests, ${seen.liveDangerous.length} live dangerous`);
  });

  it('stored article HTML: sanitised; in Chromium (JS on) runs nothing; with the app\'s CSP requests nothing', async () => {
    await pool(ids, 4, async (id) => {
      const c = await archive.call('clippings.get', { id });
      expect(liveMarkup(c.html ?? ''), `clipping ${id}`).toEqual([]);
      // The stored fragment, as the reader places it in a page. Plain <img src="https://…">
      // of figures is kept on purpose (the reader's CSP blocks it until the user asks), so
      // without the CSP only requests to those exact image addresses are tolerated.
      const page = `<!doctype html><html><head><meta charset="utf-8"><title>${esc(c.title)}</title></head><body><h1>${esc(c.title)}</h1>${c.html ?? ''}</body></html>`;
      const imgSrcs = new Set([...(c.html ?? '').matchAll(/<img [^>]*src="(https?:[^"]+)"/g)].map((m) => m[1]!.replaceAll('&amp;', '&')));
      expectClean(await view(page, `stored html of ${id}`, { allowRequests: (u) => imgSrcs.has(u) }), `stored html of ${id}`);
      expectClean(await view(page, `stored html of ${id} + app CSP`, { csp: APP_CSP }), `stored html of ${id} + app CSP`);
    });
    console.log(`[hostile] stored html: ${totals.allowedImageRequests} remote <img> addresses kept (figures; blocked by the app's CSP)`);
  }, 120_000);

  it('HTML export (one file each, and a digest): runs nothing and requests nothing', async () => {
    const out = path.join(dir, 'html');
    await archive.call('export.write', { selection: { all: true }, format: 'html', out });
    const files = readdirSync(out).filter((f) => f.endsWith('.html'));
    expect(files.length).toBe(ids.length);
    await pool(files, 4, async (f) => expectClean(await view(readFileSync(path.join(out, f), 'utf8'), `html export ${f}`), f));
    const digest = path.join(dir, 'digest.html');
    await archive.call('export.write', { selection: { all: true }, format: 'html', digest: true, out: digest });
    expectClean(await view(readFileSync(digest, 'utf8'), 'html digest'), 'html digest');
  }, 120_000);

  it('Markdown export: rendered by a CommonMark viewer (raw HTML allowed), runs nothing and requests nothing', async () => {
    const out = path.join(dir, 'digest.md');
    await archive.call('export.write', { selection: { all: true }, format: 'md', digest: true, out });
    const md = readFileSync(out, 'utf8');
    const html = new HtmlRenderer({ safe: false }).render(new Parser().parse(md));
    // Every piece of capture data is literal text: no raw HTML of the capture survives.
    expect(liveMarkup(html)).toEqual([]);
    const seen = await view(`<!doctype html><meta charset="utf-8"><title>md</title>${html}`, 'markdown digest');
    // Figures keep their original (remote) address in Markdown: a viewer that loads remote
    // images fetches them. Those are reported apart from anything else.
    const figureRequests = seen.requests.filter((u) => /\/v\d\d-figure\.png$/.test(u));
    const other = { ...seen, requests: seen.requests.filter((u) => !figureRequests.includes(u)) };
    console.log(`[hostile] markdown: ${figureRequests.length} figure image addresses kept as remote images`);
    expectClean(other, 'markdown digest');
  }, 60_000);

  it('PDF export (printed by Chromium): no request reaches the local server', async () => {
    const before = serverHits.length;
    const out = path.join(dir, 'digest.pdf');
    const r = await archive.call('export.write', { selection: { all: true }, format: 'pdf', digest: true, out });
    expect(r.files).toEqual([out]);
    expect(readFileSync(out).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const one = path.join(dir, 'one.pdf');
    await archive.call('export.write', { selection: { ids: [ids[3]!] }, format: 'pdf', out: one });
    expect(serverHits.slice(before)).toEqual([]);
  }, 120_000);

  it('DOCX export: well-formed XML, no script or data: targets, no remote links to load', async () => {
    const out = path.join(dir, 'digest.docx');
    await archive.call('export.write', { selection: { all: true }, format: 'docx', digest: true, out });
    const zip = unzipSync(readFileSync(out));
    const page = await browser.newPage();
    try {
      for (const [name, bytes] of Object.entries(zip)) {
        if (!/\.(xml|rels)$/.test(name)) continue;
        const xml = strFromU8(bytes);
        const error = await page.evaluate((x) => new DOMParser().parseFromString(x, 'application/xml').querySelector('parsererror')?.textContent ?? null, xml);
        expect(error, `${name} is not well-formed XML`).toBeNull();
        for (const m of xml.matchAll(/Target="([^"]*)"/g)) {
          expect(m[1], `${name}`).not.toMatch(/^\s*(javascript|vbscript|data|file):/i);
          expect(m[1], `${name}: a remote resource Word would load`).not.toContain('127.0.0.1');
        }
        expect(xml).not.toMatch(/<w:altChunk|<w:object|<o:OLEObject|<w:control/);
      }
    } finally {
      await page.close();
    }
  });

  it('JSON, CSV, RIS and CSL exports: data stays data (formats intact)', async () => {
    const json = path.join(dir, 'lib.json');
    await archive.call('export.write', { selection: { all: true }, format: 'json', out: json });
    const lib = JSON.parse(readFileSync(json, 'utf8')) as { clippings: unknown[] };
    expect(lib.clippings.length).toBe(ids.length);
    const digest = path.join(dir, 'digest.json');
    await archive.call('export.write', { selection: { all: true }, format: 'json', digest: true, out: digest });
    expect(() => JSON.parse(readFileSync(digest, 'utf8'))).not.toThrow();

    const csv = path.join(dir, 'all.csv');
    await archive.call('export.write', { selection: { all: true }, format: 'csv', out: csv });
    const rows = parseCsv(readFileSync(csv, 'utf8'), { bom: true }) as string[][];
    expect(rows.length).toBe(ids.length + 1);
    expect(new Set(rows.map((r) => r.length)).size).toBe(1);
    // No cell starts a spreadsheet formula.
    for (const r of rows.slice(1)) for (const cell of r) expect(cell).not.toMatch(/^[=+\-@\t\r]/);

    const ris = path.join(dir, 'all.ris');
    await archive.call('export.write', { selection: { all: true }, format: 'ris', out: ris });
    const records = readFileSync(ris, 'utf8').split(/\r?\nER  - ?\r?\n?/).filter((x) => x.trim());
    expect(records.length).toBe(ids.length);
    for (const rec of records) {
      expect(rec.trimStart()).toMatch(/^TY {2}- /);
      for (const line of rec.split(/\r?\n/).filter(Boolean)) expect(line).toMatch(/^[A-Z][A-Z0-9] {2}- /);
    }

    const csl = path.join(dir, 'all.csl.json');
    await archive.call('export.write', { selection: { all: true }, format: 'csl', out: csl });
    expect((JSON.parse(readFileSync(csl, 'utf8')) as unknown[]).length).toBe(ids.length);
  });

  it('counted: zero executions, zero outgoing requests, every vector blocked', () => {
    expect(totals.documents).toBeGreaterThan(ids.length * 2);
    expect({ executions: totals.executions, dialogs: totals.dialogs, requests: totals.requests, serverHits: serverHits.length }).toEqual({ executions: 0, dialogs: 0, requests: 0, serverHits: 0 });
    expect([...offenders.keys()]).toEqual([]);
  });
});
