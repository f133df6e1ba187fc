/**
 * Keyboard and screen readers (issue 17, item 9): landmarks and a skip link, one Tab stop
 * per sidebar list and for the coverage chart (arrow keys inside), the list's
 * aria-activedescendant always naming a row on the page, and axe-core finding no serious
 * or critical violation in every state of the window, both themes, 1024×700 and 1920×1080.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from './api.ts';
import { axe, COLOUR_RULES, type AxeViolation } from './axe.ts';
import { launch, newContext, openApp, selectInReader, serve, type Served, shot, submitSearch } from './harness.ts';

let served: Served;
let browser: Browser;

const OUTLETS = 40;
const TAGS = ['Harbour', 'Council', 'Ferries', 'Budget', 'Schools', 'Health'];

const html = (title: string, outlet: string, date: string, body: string) =>
  `<html><head><title>${title}</title><meta property="og:site_name" content="${outlet}"><meta property="article:published_time" content="${date}"></head><body><article><h1>${title}</h1><p>${body}</p><p>${body} The minutes were published a week later.</p></article></body></html>`;

/**
 * 48 clippings over two years from 40 outlets, six tags and two saved searches: a sidebar
 * and a chart with many buttons. Clipping #1 is the oldest (the end of "Newest first").
 */
async function fill(s: Served): Promise<void> {
  for (let i = 1; i <= 48; i++) {
    const n = String(i).padStart(2, '0');
    const outlet = `Gazette ${String(((i - 1) % OUTLETS) + 1).padStart(2, '0')}`;
    const date = `${2022 + Math.floor((i - 1) / 24)}-${String(((i - 1) % 12) + 1).padStart(2, '0')}-${String(((i * 7) % 27) + 1).padStart(2, '0')}`;
    const word = i % 2 ? 'harbour' : 'library';
    const r = await call(s, 'clippings.add', { capture: { name: `p${n}.html`, text: html(`Story ${n} about the ${word}`, outlet, date, `The ${word} board met on day ${i} and agreed a plan for the winter, the council said after a long debate about costs.`) } });
    expect(r.status).toBe('added');
    await call(s, 'clippings.update', { selection: { ids: [r.id!] }, outlet, publishedAt: date });
    await call(s, 'tags.apply', { selection: { ids: [r.id!] }, add: [TAGS[i % TAGS.length]!] });
  }
  await call(s, 'search.save', { name: 'Harbour watch', query: 'harbour' });
  await call(s, 'search.save', { name: 'Library watch', query: 'library' });
}

/** A wire story, as outlets run it: the same paragraphs under their own headline. */
const WIRE = [
  'Flood defences along the river held overnight after the heaviest rain in a decade, the environment agency said on Tuesday.',
  'Water levels peaked just below the top of the new barriers shortly after three in the morning, and began to fall by dawn.',
  'About two hundred homes in the lower town had been told to prepare to leave, but no one had to be moved in the end.',
  'Engineers will inspect the barriers this week, and the agency said the cost of the scheme had been justified in a single night.',
  'Residents who were flooded in 2015 said they had watched the river from the bridge until the early hours.',
  'More rain is expected at the weekend, though forecasters said it should be lighter.',
];

const wire = (outlet: string, headline: string, paras: string[], url: string) =>
  `<html><head><title>${headline} | ${outlet}</title><meta property="og:site_name" content="${outlet}"><link rel="canonical" href="${url}"></head><body><article><h1>${headline}</h1><p>By Press Association</p>${paras.map((x) => `<p>${x}</p>`).join('')}</article></body></html>`;

/** What has the focus: a short description (its class, role, label or text). */
function focused(p: Page): Promise<string> {
  return p.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return 'body';
    return `${el.tagName.toLowerCase()}.${(el.getAttribute('class') ?? '').split(' ')[0]} ${el.getAttribute('aria-label') ?? el.textContent?.trim().slice(0, 40) ?? ''}`;
  });
}

const SIZES = [
  { width: 1024, height: 700 },
  { width: 1920, height: 1080 },
];

const describeViolation = (v: AxeViolation) => `${v.id} (${v.impact}) at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`;

const isList = (p: Page) => p.evaluate(() => Boolean(document.activeElement?.matches('.list-scroll')));

/** Whether the list's aria-activedescendant, if any, names an element in the page. */
const staleDescendant = (p: Page) =>
  p.evaluate(() => {
    const id = document.querySelector('.list-scroll')?.getAttribute('aria-activedescendant');
    return id && !document.getElementById(id) ? id : null;
  });

beforeAll(async () => {
  [served, browser] = await Promise.all([serve(), launch()]);
  await fill(served);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await served?.stop();
});

describe('keyboard and screen readers', () => {
  it('names the landmarks, and a skip link is the first Tab stop: the results are two keys away, and a dozen or two Tab stops without it', async () => {
    const ctx = await newContext(browser, served);
    const p = await openApp(ctx, served);
    await p.waitForSelector('.row');
    await p.waitForSelector('.coverage .bar');
    // (The sidebar's tags and outlets load once the list has painted: useSidebarData.)
    await expect.poll(() => p.locator('nav.sidebar .nav-item').count()).toBeGreaterThan(30); // every one a button
    expect(await p.locator('.coverage .bar').count()).toBeGreaterThan(20);

    // Landmarks: the banner with the search, the library's navigation, the main part (list and reader).
    expect(await p.getByRole('banner').count()).toBe(1);
    expect(await p.getByRole('search').count()).toBe(1);
    expect(await p.getByRole('navigation', { name: 'Library' }).count()).toBe(1);
    const main = p.getByRole('main');
    expect(await main.count()).toBe(1);
    expect(await main.locator('.list-scroll').count()).toBe(1);
    expect(await main.locator('.reader-pane').count()).toBe(1);

    // Tab once: the skip link, visible; Enter: the results.
    const skipWidth = async () => (await p.locator('.skip-link').first().boundingBox())?.width ?? 0;
    expect(await skipWidth()).toBeLessThanOrEqual(1); // out of sight until focused
    await p.keyboard.press('Tab');
    expect(await focused(p)).toMatch(/^a\.skip-link Skip to results/);
    expect(await skipWidth()).toBeGreaterThan(60);
    await p.keyboard.press('Enter');
    expect(await isList(p)).toBe(true);
    expect(new URL(p.url()).hash).toBe('');

    // With a clipping open, the second skip link reaches the reader.
    await p.keyboard.press('ArrowDown');
    await p.waitForSelector('.row.open');
    await p.locator('.skip-link').first().focus();
    await p.keyboard.press('Tab');
    expect(await focused(p)).toMatch(/^a\.skip-link Skip to reader/);
    await p.keyboard.press('Enter');
    expect(await p.evaluate(() => document.activeElement?.className)).toBe('reader-scroll');
    // The shortcuts say how.
    await p.keyboard.press('?');
    await p.waitForSelector('dialog[open]');
    expect(await p.locator('dialog[open]').textContent()).toMatch(/Tab first reaches “Skip to results”.*one Tab stop each: the arrow keys, Home and End move inside them/);
    await p.keyboard.press('Escape');

    // Without the skip link: Tab from the page's start to the results, counted.
    await p.reload();
    await p.waitForSelector('.coverage .bar');
    const stops: string[] = [];
    while (!(await isList(p)) && stops.length < 100) {
      await p.keyboard.press('Tab');
      stops.push(await focused(p));
    }
    expect(stops.length, stops.join('\n')).toBeLessThanOrEqual(24);
    await ctx.close();
  });

  it('takes screenshots of the skip link and the focus rings (a sidebar list, the chart, the list), light and dark', async () => {
    for (const scheme of ['light', 'dark'] as const) {
      const ctx = await newContext(browser, served, { colorScheme: scheme });
      const p = await openApp(ctx, served);
      await p.waitForSelector('.coverage .bar');
      await p.keyboard.press('Tab');
      await p.screenshot({ path: shot(`focus-skip-link-${scheme}.png`), clip: { x: 0, y: 0, width: 720, height: 120 } });
      const box = async (sel: string) => (await p.locator(sel).first().boundingBox())!;
      // Keyboard focus (so :focus-visible shows): the second outlet, a bar, an open row.
      await p.locator('nav.sidebar ul[aria-labelledby$="-h"] .nav-item').first().focus();
      await p.keyboard.press('ArrowDown');
      const side = await box('nav.sidebar');
      await p.screenshot({ path: shot(`focus-sidebar-${scheme}.png`), clip: { x: side.x, y: side.y + side.height - 420, width: side.width, height: 420 } });
      await p.locator('.coverage .bar[tabindex="0"]').focus();
      await p.keyboard.press('ArrowRight');
      await p.keyboard.press('ArrowRight');
      const chart = await box('.coverage');
      await p.screenshot({ path: shot(`focus-chart-${scheme}.png`), clip: { x: chart.x, y: chart.y, width: chart.width, height: chart.height } });
      await p.locator('.list-scroll').focus();
      await p.keyboard.press('ArrowDown');
      await p.waitForSelector('.row.open');
      const list = await box('.list-scroll');
      await p.screenshot({ path: shot(`focus-list-${scheme}.png`), clip: { x: list.x - 4, y: list.y - 4, width: list.width + 8, height: 260 } });
      await ctx.close();
    }
  });

  it('moves through the sidebar lists and the chart with the arrow keys; Tab leaves them', async () => {
    const ctx = await newContext(browser, served);
    const p = await openApp(ctx, served);
    await p.waitForSelector('.coverage .bar');
    const outlets = p.locator('nav.sidebar ul[aria-labelledby$="-h"]');
    // Into the outlets: one of them, and only one, is a Tab stop.
    await outlets.locator('.nav-item').first().focus();
    expect(await outlets.locator('.nav-item[tabindex="0"]').count()).toBe(1);
    await p.keyboard.press('ArrowDown');
    expect(await focused(p)).toMatch(/Gazette/);
    const second = await p.evaluate(() => document.activeElement?.textContent);
    expect(second).toBe(await outlets.locator('.nav-item').nth(1).textContent());
    await p.keyboard.press('End');
    expect(await p.evaluate(() => document.activeElement?.textContent)).toBe(await outlets.locator('.nav-item').last().textContent());
    await p.keyboard.press('Home');
    expect(await p.evaluate(() => document.activeElement?.textContent)).toBe(await outlets.locator('.nav-item').first().textContent());
    await p.keyboard.press('ArrowUp'); // stays at the first
    expect(await p.evaluate(() => document.activeElement?.textContent)).toBe(await outlets.locator('.nav-item').first().textContent());
    await p.keyboard.press('ArrowDown');
    // Tab leaves the list; Shift+Tab comes back to the one it left.
    await p.keyboard.press('Tab');
    expect(await focused(p)).toMatch(/Show all/);
    await p.keyboard.press('Shift+Tab');
    expect(await p.evaluate(() => document.activeElement?.textContent)).toBe(await outlets.locator('.nav-item').nth(1).textContent());
    expect(await outlets.locator('.nav-item[tabindex="0"]').count()).toBe(1);

    // The saved searches: Right reaches a search's "Forget" button, Left comes back.
    const saved = p.locator('nav.sidebar ul[aria-labelledby="nav-saved"]');
    await saved.locator('.nav-item').first().focus();
    await p.keyboard.press('ArrowRight');
    expect(await focused(p)).toMatch(/Forget saved search Harbour watch/);
    await p.keyboard.press('ArrowLeft');
    await p.keyboard.press('ArrowDown');
    expect(await focused(p)).toMatch(/Library watch/);

    // The chart: one Tab stop; Right and Left move between the bars, Enter narrows the list to one.
    const bars = p.locator('.coverage .bar[tabindex="0"]');
    expect(await bars.count()).toBe(1);
    await bars.first().focus();
    const firstBar = await focused(p);
    await p.keyboard.press('ArrowRight');
    const secondBar = await focused(p);
    expect(secondBar).not.toBe(firstBar);
    expect(secondBar).toMatch(/clipping/);
    await p.keyboard.press('ArrowLeft');
    expect(await focused(p)).toBe(firstBar);
    await p.keyboard.press('End');
    const lastBar = await focused(p);
    expect(lastBar).toMatch(/2023/);
    await p.keyboard.press('Enter');
    await p.waitForSelector('.filter-chip');
    await ctx.close();
  });

  it('never points aria-activedescendant at a row not in the page: clearing a search while clipping #1 is open', async () => {
    const ctx = await newContext(browser, served);
    const p = await openApp(ctx, served);
    await p.waitForSelector('.row');
    await submitSearch(p, '"Story 01"');
    await p.locator('.row', { hasText: 'Story 01' }).click();
    await p.waitForSelector('#reader-title:text-is("Story 01 about the harbour")');
    expect(await p.locator('.list-scroll').getAttribute('aria-activedescendant')).toBe('row-1');
    // Clear the search (Escape in the field): every clipping, #1 the last, far below.
    await p.focus('input.search-input');
    await p.keyboard.press('Escape');
    await p.waitForFunction(() => document.querySelectorAll('.row').length > 5);
    await p.waitForFunction(() => !document.querySelector('.list-count')?.textContent?.includes('Searching'));
    expect(await staleDescendant(p)).toBeNull();
    expect((await axe(p)).map((v) => v.id)).not.toContain('aria-valid-attr-value');
    // Down the list to #1: the list names it again.
    await p.locator('.list-scroll').focus();
    await p.keyboard.press('End');
    await p.waitForSelector('#row-1');
    await expect.poll(() => p.locator('.list-scroll').getAttribute('aria-activedescendant')).toBe('row-1');
    await ctx.close();
  });

  it('never points the search box at a suggestion no longer on the page: the mouse over one, then Enter', async () => {
    const ctx = await newContext(browser, served);
    const p = await openApp(ctx, served);
    await p.waitForSelector('.row');
    const input = p.getByRole('combobox', { name: 'Search clippings' });
    await input.fill('Story 01');
    const option = p.locator('ul[aria-label="Suggestions"] li[role="option"]').first();
    await option.hover();
    await expect.poll(() => input.getAttribute('aria-activedescendant')).toBe(await option.getAttribute('id'));
    // Enter opens that suggestion and closes the list: the box names no option then.
    await input.press('Enter');
    await p.waitForSelector('#reader-title');
    await expect.poll(() => p.locator('ul[aria-label="Suggestions"] li').count()).toBe(0);
    expect(await staleDescendant(p)).toBeNull();
    expect(await input.getAttribute('aria-activedescendant')).toBeNull();
    expect((await axe(p)).map((v) => v.id)).not.toContain('aria-valid-attr-value');
    await ctx.close();
  });

  it('a suggestion list that opens under a resting pointer does not take the Enter: it searches for the text typed', async () => {
    const ctx = await newContext(browser, served);
    const p = await openApp(ctx, served);
    await p.waitForSelector('.row');
    const input = p.getByRole('combobox', { name: 'Search clippings' });
    await input.fill('Story 01');
    const option = p.locator('ul[aria-label="Suggestions"] li[role="option"]').first();
    await option.waitFor();
    // What the page gets when the list appears under a mouse that rests there (its last move
    // was to that place, before the list opened): boundary events, and from Chromium after
    // the layout changed, a move to where the pointer already is.
    await option.evaluate((el) => {
      const r = el.getBoundingClientRect();
      const at = { clientX: Math.round(r.x + 10), clientY: Math.round(r.y + r.height / 2) };
      document.body.dispatchEvent(new MouseEvent('mousemove', { bubbles: true, ...at }));
      el.dispatchEvent(new MouseEvent('mouseover', { bubbles: true, relatedTarget: null, ...at }));
      el.dispatchEvent(new MouseEvent('mousemove', { bubbles: true, ...at }));
    });
    expect(await input.getAttribute('aria-activedescendant')).toBeNull();
    await input.press('Enter');
    await expect.poll(() => p.locator('.list-title').textContent()).toContain('Story 01');
    expect(await p.locator('#reader-title').count()).toBe(0);
    await ctx.close();
  });

  it('axe-core finds no serious or critical violation in any state, light and dark, at 1024×700 and 1920×1080', async () => {
    const empty = await serve();
    const ctx = await newContext(browser, served);
    const found: string[] = [];
    let runs = 0;
    const t0 = Date.now();
    /**
     * axe in the page as it is, in both themes and both window sizes (one page, nothing
     * reloaded). The dark theme changes colours only (styles.css swaps custom properties),
     * so there axe runs the colour rules; every rule runs in the light theme at each size.
     */
    const check = async (p: Page, state: string) => {
      for (const scheme of ['light', 'dark'] as const) {
        await p.emulateMedia({ colorScheme: scheme });
        for (const size of SIZES) {
          await p.setViewportSize(size);
          await p.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
          runs++;
          for (const v of await axe(p, scheme === 'dark' ? COLOUR_RULES : undefined)) found.push(`${state}, ${scheme}, ${size.width}×${size.height}: ${describeViolation(v)}`);
        }
      }
      await p.setViewportSize(SIZES[1]!);
    };
    const dialog = async (p: Page, open: () => Promise<unknown>, state: string) => {
      await open();
      await p.waitForSelector('dialog[open]');
      await check(p, state);
      await p.keyboard.press('Escape');
      await p.waitForSelector('dialog[open]', { state: 'detached' });
    };
    try {
      const e = await openApp(ctx, empty);
      await e.getByRole('heading', { name: 'Your archive is empty' }).waitFor();
      await check(e, 'empty archive');
      await e.close();

      // One clipping in the Trash; a story captured twice (two versions) and run by a second outlet (a cluster).
      const gone = await call(served, 'clippings.add', { capture: { name: 'gone.html', text: html('A notice withdrawn', 'Gazette 01', '2021-05-04', 'The notice about the harbour fees was withdrawn by the board.') } });
      await call(served, 'clippings.delete', { selection: { ids: [gone.id!] } });
      const url = 'https://gazette.example/news/flood';
      expect((await call(served, 'clippings.add', { capture: { name: 'v1.html', text: wire('Gazette 02', 'Flood defences hold', WIRE.slice(0, 4), url) } })).status).toBe('added');
      expect((await call(served, 'clippings.add', { capture: { name: 'v2.html', text: wire('Gazette 02', 'Flood defences hold after a night of rain', WIRE, url) } })).status).toBe('updated');
      expect((await call(served, 'clippings.add', { capture: { name: 'c1.html', text: wire('Gazette 03', 'River barriers keep the water out', WIRE.map((x) => x.replace('two hundred', '200')), 'https://other.example/flood') } })).status).toBe('added');

      const p = await openApp(ctx, served);
      await p.waitForSelector('.row');
      await p.waitForSelector('.coverage .bar');
      await check(p, 'list');
      await submitSearch(p, 'harbour');
      await p.waitForSelector('.row mark');
      await check(p, 'search with results');
      await dialog(p, () => p.click('button:has-text("Save search")'), 'save-search dialog');

      await submitSearch(p, '"Story 01" harbour');
      await p.locator('.row').first().click();
      await p.waitForSelector('#reader-title:text-is("Story 01 about the harbour")');
      await p.waitForSelector('.article-body mark');
      await check(p, 'reader');
      await selectInReader(p, 'agreed a plan for the winter', 'winter');
      await p.getByRole('dialog', { name: /Highlight/ }).waitFor();
      await check(p, 'highlight menu');
      await p.getByRole('button', { name: 'Highlight in yellow' }).click();
      await p.locator('mark.hl-yellow').first().click();
      await p.getByRole('dialog', { name: 'Edit highlight' }).waitFor();
      await check(p, 'highlight editor');
      await p.keyboard.press('Escape');
      await p.getByRole('dialog', { name: 'Edit highlight' }).waitFor({ state: 'detached' });
      await p.locator('.article-body').click({ position: { x: 2, y: 2 } });
      await p.keyboard.press('d');
      await p.waitForSelector('.details-panel');
      await check(p, 'details');
      await p.keyboard.press('Escape');
      // Every clipping again, the open one (the oldest) far below.
      await p.focus('input.search-input');
      await p.keyboard.press('Escape');
      await p.waitForFunction(() => document.querySelectorAll('.row').length > 5);
      await check(p, 'list, its open clipping scrolled out');

      await dialog(p, () => p.click('.topbar button:has-text("Import")'), 'import dialog');
      await dialog(p, () => p.click('.topbar button:has-text("Export")'), 'export dialog');
      await dialog(p, () => p.click('.topbar [aria-label="Backup and restore"]'), 'backup dialog');
      await dialog(p, () => p.click('.topbar [aria-label="Settings"]'), 'settings');
      await dialog(p, () => p.click('.topbar [aria-label="Keyboard shortcuts (?)"]'), 'shortcuts dialog');
      await dialog(p, () => p.click('.sidebar button:has-text("Edit")'), 'saved searches dialog');
      await dialog(p, () => p.click('.sidebar .nav-item:has-text("Trash")'), 'trash');
      await dialog(p, () => p.click('.sidebar button:has-text("Manage")'), 'tag manager');

      await submitSearch(p, '"Flood defences hold"');
      await p.locator('.row').first().click();
      await dialog(p, () => p.click('button:has-text("2 versions")'), 'versions dialog');
      await dialog(p, () => p.click('button:has-text("Also run by")'), 'cluster dialog');

      await submitSearch(p, 'harbour');
      await p.locator('.row').nth(0).click();
      await p.locator('.row').nth(1).click({ modifiers: ['Control'] });
      await p.waitForSelector('.selection-bar');
      await check(p, 'selection');
      await dialog(p, () => p.click('.selection-bar button:has-text("Tags…")'), 'selection tags dialog');
      await dialog(p, () => p.click('.selection-bar button:has-text("Edit details…")'), 'selection details dialog');
      await p.click('.selection-bar button:has-text("Clear")');

      await submitSearch(p, 'zzqqxxyy');
      await p.waitForSelector('.list-empty');
      await check(p, 'zero results');
    } finally {
      await ctx.close();
      await empty.stop();
    }
    console.log(`axe: ${runs} runs in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    expect(found, `serious or critical violations:\n${found.join('\n')}`).toEqual([]);
  }, 180_000);
});

