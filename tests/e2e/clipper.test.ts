/**
 * The browser clipper end to end: Debian's Chromium with the unpacked extension
 * (dist/extension) in a fresh profile, `cuttings serve` with its clipper endpoint, and
 * news pages served on another loopback port.
 *
 * Headless: Chromium's new headless mode (`--headless=new`, the only one since Chromium
 * 132) runs MV3 extensions and their service worker, checked here by the first test
 * (the worker starts and answers); no X server (xvfb-run) is needed.
 *
 * The toolbar button and context menus are browser chrome automation cannot click: the
 * popup is opened as a page (`popup.html?tab=<id>`, the same page and code), and the
 * other clips go through the service worker's test-only hooks (`self.cuttingsTest`,
 * renderer/clipper/background.ts), which run exactly what those clicks run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTICLE_OUTLET, ARTICLE_TITLE, articleHtml, HEAVY_IMAGES, HIGHLIGHT, LIVE_UPDATE, noisePng, PIXEL_PNG } from '../clipper/page.ts';
import { CHROMIUM, ROOT, serve, type Served, shot } from './harness.ts';

/** Built before the tests run (tests/setup/build-extension.ts). */
const EXTENSION = path.join(ROOT, 'dist/extension');
/** How long to wait for what the extension and the app do (captures are extracted in a worker that starts on first use). */
const POLL = { timeout: 20_000 };

let app: Served;
/** The port the app's clipper endpoint took (27183, unless something else holds it). */
let clipperPort: number;
let dbDir: string;
let site: Server;
let siteOrigin: string;
let ctx: BrowserContext;
let sw: Worker;
let ui: Page;
let extensionId: string;
/** The article's text changes (a correction) once this is set. */
let corrected = false;

async function startApp(): Promise<Served> {
  const s = await serve({ db: path.join(dbDir, 'cuttings.db'), clipper: true });
  const deadline = Date.now() + 10_000;
  let m: RegExpExecArray | null;
  while (!(m = /browser clipper can reach it at http:\/\/127\.0\.0\.1:(2718[3-7])\//.exec(s.output()))) {
    if (Date.now() > deadline) throw new Error(`no clipper endpoint: ${s.output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  clipperPort = Number(m[1]);
  return s;
}

/** A contract call on the app's own API (browser mode), to check what the archive holds. */
async function appCall<T = any>(method: string, args: unknown): Promise<T> {
  const r = await fetch(`${app.origin}/api/${method}`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Cuttings-Token': app.token }, body: JSON.stringify(args) });
  const body = (await r.json()) as { ok: boolean; result: T; error?: { message: string } };
  if (!body.ok) throw new Error(body.error?.message);
  return body.result;
}

/**
 * Calls a test hook of the service worker: the one running now (Chromium may have stopped
 * and restarted it since the last call; a handle on the old one would never answer).
 */
async function hook<T>(fn: string, ...args: unknown[]): Promise<T> {
  sw = ctx.serviceWorkers().find((w) => w.url().startsWith(`chrome-extension://${extensionId}/`)) ?? sw;
  const call = sw.evaluate(([name, a]) => (self as any).cuttingsTest[name as string](...(a as unknown[])), [fn, args] as const) as Promise<T>;
  const late = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`the service worker did not answer ${fn} in 60 s`)), 60_000).unref());
  return Promise.race([call, late]);
}

async function openPage(p: string): Promise<{ page: Page; tabId: number }> {
  const page = await ctx.newPage();
  await page.goto(`${siteOrigin}${p}`);
  await page.waitForFunction(() => document.querySelectorAll('article p').length > 3);
  const tabId = await hook<number>('tabId', `${siteOrigin}${p}`);
  return { page, tabId };
}

/** Selects the whole of the first paragraph containing `text`, or just `text` inside it. */
async function select(page: Page, text: string, whole = false): Promise<void> {
  await page.evaluate(
    ([t, all]) => {
      const p = [...document.querySelectorAll('article p')].find((el) => el.textContent!.includes(t as string))!;
      const node = p.firstChild as Text;
      const r = document.createRange();
      if (all) r.selectNodeContents(p);
      else {
        const at = node.data.indexOf(t as string);
        r.setStart(node, at);
        r.setEnd(node, at + (t as string).length);
      }
      getSelection()!.removeAllRanges();
      getSelection()!.addRange(r);
    },
    [text, whole] as const,
  );
}

beforeAll(async () => {
  dbDir = mkdtempSync(path.join(os.tmpdir(), 'cuttings-clipper-e2e-'));
  site = createServer((req, res) => {
    const url = new URL(req.url!, 'http://x');
    if (url.pathname === '/lead.png') {
      res.writeHead(200, { 'Content-Type': 'image/png' });
      return res.end(PIXEL_PNG);
    }
    const img = /^\/img\/(\d+)\.png$/.exec(url.pathname);
    if (img) {
      res.writeHead(200, { 'Content-Type': 'image/png' });
      return res.end(noisePng(Number(img[1])));
    }
    const story = /^\/news\/story-(\d+)$/.exec(url.pathname);
    const html =
      url.pathname === '/news/harbour-bridge'
        ? articleHtml({ correction: corrected })
        : story
          ? articleHtml({ title: `Story number ${story[1]} from the harbour`, heavy: Number(story[1]) })
          : url.pathname.startsWith('/news/')
            ? articleHtml({ title: `The ${url.pathname.slice(6).replace(/-/g, ' ')} report` })
            : '<!doctype html><title>Another site</title><p>Nothing here.</p>';
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(html);
  });
  await new Promise<void>((r) => site.listen(0, '127.0.0.1', () => r()));
  siteOrigin = `http://127.0.0.1:${(site.address() as { port: number }).port}`;
  app = await startApp();
  ctx = await chromium.launchPersistentContext(mkdtempSync(path.join(os.tmpdir(), 'cuttings-clipper-profile-')), {
    executablePath: CHROMIUM,
    headless: false,
    viewport: { width: 1280, height: 900 },
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', `--disable-extensions-except=${EXTENSION}`, `--load-extension=${EXTENSION}`],
  });
  sw = ctx.serviceWorkers()[0] ?? (await ctx.waitForEvent('serviceworker', { timeout: 20_000 }));
  extensionId = new URL(sw.url()).host;
  ui = await ctx.newPage();
  await ui.goto(app.url);
  await ui.waitForSelector('.topbar');
}, 180_000);

afterAll(async () => {
  await ctx?.close();
  await app?.stop();
  site?.close();
  if (dbDir) rmSync(dbDir, { recursive: true, force: true });
});

describe('the browser clipper, end to end in Chromium', { timeout: 120_000 }, () => {
  it('runs its MV3 service worker in headless Chromium', async () => {
    expect(sw.url()).toBe(`chrome-extension://${extensionId}/background.js`);
    expect(await sw.evaluate(() => typeof (self as any).cuttingsTest)).toBe('object');
  });

  it('is refused before pairing (401), then paired through the app’s prompt', async () => {
    const unpaired = await sw.evaluate(async (port) => {
      const r = await fetch(`http://127.0.0.1:${port}/clipper/clipper.names`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
      return r.status;
    }, clipperPort);
    expect(unpaired).toBe(401);
    const { code } = await hook<{ code: string }>('pair');
    const dialog = ui.getByRole('dialog', { name: 'Allow this browser to add clippings?' });
    await dialog.waitFor();
    await expect(dialog.textContent()).resolves.toContain(`${code.slice(0, 3)} ${code.slice(3)}`);
    await ui.screenshot({ path: shot('clipper-pairing.png') });
    await dialog.getByRole('button', { name: 'Allow', exact: true }).click();
    await expect.poll(() => hook<{ state: string }>('pairStatus').then((s) => s.state), POLL).toBe('approved');
    expect((await hook<{ paired: boolean }>('status')).paired).toBe(true);
  });

  it('clips the page as rendered from the popup, with the metadata it shows, tags and a note; then again: already in the archive (open it)', async () => {
    const { page, tabId } = await openPage('/news/harbour-bridge');
    const popup = await ctx.newPage();
    await popup.setViewportSize({ width: 380, height: 640 });
    await popup.goto(`chrome-extension://${extensionId}/popup.html?tab=${tabId}`);
    await expect.poll(async () => `${await popup.inputValue('#outlet')}|${await popup.textContent('#status')}`, POLL).toBe(`${ARTICLE_OUTLET}|`);
    const shown = { title: await popup.inputValue('#title'), outlet: await popup.inputValue('#outlet'), date: await popup.inputValue('#date') };
    expect(shown).toEqual({ title: ARTICLE_TITLE, outlet: ARTICLE_OUTLET, date: '2026-11-30' });
    await popup.fill('#tag-input', 'Infrastructure');
    await popup.press('#tag-input', 'Enter');
    await popup.fill('#note', 'Lead story for Monday');
    await popup.locator('main').screenshot({ path: shot('clipper-popup.png') });
    await popup.click('#save');
    await expect.poll(() => popup.textContent('#status'), POLL).toBe('Saved');

    const list = await appCall('clippings.list', {});
    expect(list.total).toBe(1);
    const c = await appCall('clippings.get', { id: list.items[0].id });
    expect({ title: c.title, outlet: c.outlet, date: c.publishedAt.slice(0, 10) }).toEqual(shown);
    expect(c.tags).toEqual(['Infrastructure']);
    expect(c.note).toBe('Lead story for Monday');
    // What the user saw: the paragraph the page's script added, and the page's image, stored with it.
    expect(c.text).toContain(LIVE_UPDATE);
    expect(c.text).toContain(HIGHLIGHT);
    expect(c.html).toMatch(/cuttings-image:[0-9a-f]{64}/);
    expect(c.sourceUrl).toBe(`${siteOrigin}/news/harbour-bridge`);

    const again = await ctx.newPage();
    await again.setViewportSize({ width: 380, height: 640 });
    await again.goto(`chrome-extension://${extensionId}/popup.html?tab=${tabId}`);
    await again.locator('#existing').waitFor();
    await expect(again.textContent('#existing')).resolves.toContain('Already in the archive');
    // The tags of the archive are offered as the user types.
    await expect.poll(() => again.locator('#tag-names option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value)), POLL).toEqual(['Infrastructure']);
    await again.click('#save');
    await expect.poll(() => again.textContent('#status'), POLL).toMatch(/^Already in the archive/);
    await again.locator('main').screenshot({ path: shot('clipper-popup-duplicate.png') });
    expect((await appCall('clippings.list', {})).total).toBe(1);
    // "Open it": the app's window shows that clipping.
    await again.getByRole('button', { name: 'Open it in Cuttings' }).click();
    await expect.poll(() => again.textContent('#status'), POLL).toBe('Opened in Cuttings.');
    await expect.poll(() => ui.locator('#reader-title').textContent().catch(() => null), POLL).toBe(ARTICLE_TITLE);
    // Its details say where it came from.
    await expect.poll(() => ui.locator('.meta-list').textContent().catch(() => null), POLL).toContain('Clipped withthe browser clipper');
    await Promise.all([popup.close(), again.close(), page.close()]);
  });

  it('clips after the page’s text changed as a new version', async () => {
    corrected = true;
    const { page, tabId } = await openPage('/news/harbour-bridge');
    const out = await hook<any>('clip', tabId);
    expect(out).toMatchObject({ state: 'delivered', result: { status: 'updated' } });
    expect((await appCall('clippings.versions', { id: out.result.id })).length).toBe(2);
    expect((await appCall('clippings.list', {})).total).toBe(1);
    await page.close();
  });

  it('clips a selection alone, and the page with a selection as its highlight', async () => {
    const { page, tabId } = await openPage('/news/ferry-figures');
    await select(page, 'Engineers spent the last months', true);
    const only = await hook<any>('clip', tabId, { selectionOnly: true });
    expect(only).toMatchObject({ state: 'delivered', result: { status: 'added' } });
    const c = await appCall('clippings.get', { id: only.result.id });
    expect(c.text).toMatch(/^Engineers spent the last months/);
    expect(c.text).not.toContain('harbour bridge reopened');
    await page.close();

    const other = await openPage('/news/council-vote');
    await select(other.page, HIGHLIGHT);
    const hl = await hook<any>('clip', other.tabId, { highlightSelection: true });
    expect(hl).toMatchObject({ state: 'delivered', result: { status: 'added', highlight: 'anchored' } });
    expect((await appCall('annotations.list', { id: hl.result.id })).map((a: any) => a.quote)).toEqual([HIGHLIGHT]);
    await other.page.close();
  });

  it('sends a later highlight to the clipping of the same page', async () => {
    const { page, tabId } = await openPage('/news/harbour-bridge');
    await select(page, 'Cyclists will get a separate lane');
    expect(await hook<string>('highlight', tabId)).toBe('Highlighted in Cuttings');
    const [found] = (await appCall('clippings.list', {})).items.filter((i: any) => i.title === ARTICLE_TITLE);
    expect((await appCall('annotations.list', { id: found.id })).map((a: any) => a.quote)).toContain('Cyclists will get a separate lane');
    await page.close();
  });

  it('keeps a clip made while the app is closed and delivers it exactly once when it is back', async () => {
    await app.stop();
    const { page, tabId } = await openPage('/news/offline-story');
    const out = await hook<any>('clip', tabId);
    expect(out).toMatchObject({ state: 'queued', waiting: 1 });
    expect(out.reason).toMatch(/not running/);
    expect(await hook<string>('badge')).toBe('1');
    app = await startApp();
    // Delivered by the worker's own retry, not by the test.
    await expect.poll(() => hook<{ waiting: number }>('status').then((s) => s.waiting), { timeout: 40_000 }).toBe(0);
    expect(await hook<string>('badge')).toBe('');
    await hook('flush');
    const titles = (await appCall('clippings.list', { limit: 100 })).items.map((i: any) => i.title);
    expect(titles.filter((t: string) => t === 'The offline story report')).toHaveLength(1);
    await page.close();
  });

  it('cannot be reached by a web page of any origin', async () => {
    const page = await ctx.newPage();
    await page.goto(`${siteOrigin}/elsewhere`);
    const tried = await page.evaluate(async (port) => {
      const out: string[] = [];
      for (const [path, init] of [
        ['/clipper/hello', {}],
        ['/clipper/clipper.pair', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"name":"evil"}' }],
      ] as const) {
        try {
          const r = await fetch(`http://127.0.0.1:${port}${path}`, init as RequestInit);
          out.push(`read ${r.status} ${await r.text()}`);
        } catch (e) {
          out.push(`blocked ${(e as Error).name}`);
        }
      }
      // A form-like request that needs no preflight: it reaches the endpoint, which refuses it (403),
      // and the page cannot read the answer (an opaque response, or a network error where Chromium blocks it).
      try {
        const opaque = await fetch(`http://127.0.0.1:${port}/clipper/clipper.pair`, { method: 'POST', mode: 'no-cors', body: '{"name":"evil"}' });
        out.push(`opaque ${opaque.type} ${opaque.status} ${(await opaque.text()).length}`);
      } catch (e) {
        out.push(`blocked ${(e as Error).name}`);
      }
      return out;
    }, clipperPort);
    expect(tried.slice(0, 2)).toEqual(['blocked TypeError', 'blocked TypeError']);
    expect(tried[2]).toMatch(/^(?:opaque opaque 0 0|blocked TypeError)$/);
    expect(await appCall('clipper.pairRequests', {})).toEqual([]);
    await page.close();
  });

  it('stops at once when the pairing is revoked in Settings', async () => {
    // The app was restarted (a new browser-mode address).
    await ui.goto(app.url);
    await ui.waitForSelector('.topbar');
    await ui.getByRole('button', { name: 'Settings' }).click();
    const table = ui.getByRole('table', { name: 'Paired browsers' });
    await expect(table.textContent()).resolves.toMatch(/Chromium on Linux/);
    await table.getByRole('button', { name: /^Revoke/ }).click();
    await expect.poll(() => appCall('clipper.tokens', {}), POLL).toEqual([]);
    const { page, tabId } = await openPage('/news/after-revocation');
    const out = await hook<any>('clip', tabId);
    expect(out).toMatchObject({ state: 'queued' });
    expect(out.reason).toMatch(/not paired/);
    await page.close();
  });

  it('measures clip → “Saved” in the popup on a typical news page (its scripts’ data, a mega-menu, photos, teasers)', async () => {
    // Paired again (the previous test revoked it); the clip it kept is delivered then.
    const { code } = await hook<{ code: string }>('pair');
    const dialog = ui.getByRole('dialog', { name: 'Allow this browser to add clippings?' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain(code.slice(3));
    await dialog.getByRole('button', { name: 'Allow', exact: true }).click();
    await expect.poll(() => hook<{ state: string }>('pairStatus').then((s) => s.state), POLL).toBe('approved');
    const times: number[] = [];
    for (let i = 1; i <= 5; i++) {
      const { page, tabId } = await openPage(`/news/story-${i}`);
      const popup = await ctx.newPage();
      await popup.goto(`chrome-extension://${extensionId}/popup.html?tab=${tabId}`);
      await expect.poll(() => popup.inputValue('#outlet'), POLL).toBe(ARTICLE_OUTLET);
      const t0 = Date.now();
      await popup.click('#save');
      await popup.waitForFunction(() => document.getElementById('status')!.textContent === 'Saved', undefined, { polling: 10 });
      times.push(Date.now() - t0);
      await Promise.all([popup.close(), page.close()]);
    }
    times.sort((a, b) => a - b);
    const kb = Math.round(articleHtml({ title: 'Story number 1 from the harbour', heavy: 1 }).length / 1024);
    const imgKb = Math.round((noisePng(0).length * HEAVY_IMAGES) / 1024);
    console.log(`clipper: clip → "Saved" on a news page of ${kb} KB of HTML and ${HEAVY_IMAGES} photos (${imgKb} KB), median ${times[2]} ms (all: ${times.join(', ')} ms)`);
    // The photos came along with the article.
    const last = (await appCall('clippings.list', {})).items.find((i: any) => i.title === 'Story number 5 from the harbour');
    const stored = await appCall('clippings.get', { id: last.id });
    expect(stored.html.match(/cuttings-image:[0-9a-f]{64}/g)?.length).toBeGreaterThanOrEqual(HEAVY_IMAGES);
  });
});
