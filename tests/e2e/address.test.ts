/**
 * Issue 17, bug 8 in Chromium (browser mode): the user's place survives a reload. The
 * address holds what the list shows (search, filters, sort, sidebar scope, the open
 * clipping, the trash or tag manager); Back and Forward move between searches and opened
 * clippings; the page's local settings hold the coverage chart's state, which starts
 * collapsed on a small window so the list has room.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from './api.ts';
import { launch, newContext, openApp, serve, type Served, shot } from './harness.ts';

let served: Served;
let browser: Browser;
const ids = new Map<string, number>();

const FILLER = [
  'The council met on Tuesday evening to hear from residents, and the meeting ran late into the night as speaker after speaker took the floor.',
  'Officials said a full statement would follow later in the week, once the figures had been checked and the minutes approved by members.',
  'Residents who could not attend were invited to send their views in writing before the end of the month, by post or through the council website.',
];
const article = (outlet: string, title: string, day: number, text: string) =>
  `<html><head><title>${title}</title><meta property="og:site_name" content="${outlet}"><meta property="article:published_time" content="2021-03-${String(day).padStart(2, '0')}T10:00:00Z"></head>` +
  `<body><article><h1>${title}</h1><p>${text}</p>${FILLER.map((p) => `<p>${p}</p>`).join('')}</article></body></html>`;

const TITLES = [
  ['BBC News', 'Police arrest two after protest', 'Police arrested two people after the protest.'],
  ['BBC News', 'Police appeal for witnesses', 'Police asked witnesses of the crash to come forward.'],
  ['Daily Courier', 'Count delayed in the capital', 'The election count was delayed.'],
  ['Daily Courier', 'Turnout up in the election', 'Turnout in the election rose by four points.'],
  ['Harare Times', 'Mugabe statue unveiled', 'A statue of Mugabe was unveiled on Friday.'],
  ['Coast Weekly', 'Harbour works go on', 'The harbourmaster said the quay would reopen in spring.'],
  ...Array.from({ length: 10 }, (_, i) => ['Coast Weekly', `Ferry timetable ${i + 1}`, `The ferry will run on the winter timetable, notice ${i + 1}.`]),
] as const;

beforeAll(async () => {
  served = await serve();
  let day = 1;
  for (const [outlet, title, text] of TITLES) {
    const r = await call(served, 'clippings.add', { capture: { name: `${day}.html`, text: article(outlet, title, day, text) } });
    ids.set(title, r.id!);
    day++;
  }
  browser = await launch();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await served?.stop();
});

const box = (page: Page) => page.getByRole('combobox', { name: 'Search clippings' });
const chartToggle = (page: Page) => page.getByRole('button', { name: 'Coverage' });

async function settled(page: Page): Promise<void> {
  await page.locator('.list-count').filter({ hasNotText: 'Searching' }).waitFor();
}

async function search(page: Page, q: string): Promise<void> {
  await box(page).fill(q);
  await box(page).press('Enter');
  await expect.poll(() => page.locator('.list-title').textContent()).toBe(`“${q}”`);
  await settled(page);
}

async function openRow(page: Page, title: string): Promise<void> {
  await page.locator('.list-scroll .row', { hasText: title }).first().click();
  await page.waitForSelector(`#reader-title:text-is("${title}")`);
}

async function readerTitle(page: Page): Promise<string | null> {
  const t = page.locator('#reader-title');
  return (await t.count()) ? t.textContent() : null;
}

/** Counts the list's searches from now on (the sidebar's counts are searches too, without facets). */
function countSearches(page: Page): { n: number } {
  const seen = { n: 0 };
  page.on('request', (r) => {
    if (/\/api\/search\.query(\?|$)/.test(r.url()) && (JSON.parse(r.postData() ?? '{}') as { facets?: boolean }).facets) seen.n++;
  });
  return seen;
}

describe('the address keeps the user’s place', () => {
  let page: Page;
  beforeAll(async () => {
    page = await openApp(await newContext(browser, served), served);
  });
  afterAll(async () => page?.context().close());

  it('reload keeps the search, its filter and sort, the open clipping and the chart state', async () => {
    // A large window: the chart starts open.
    await expect.poll(() => chartToggle(page).getAttribute('aria-pressed')).toBe('true');
    await search(page, 'election');
    await page.getByRole('combobox', { name: 'Narrow by outlet' }).selectOption('Daily Courier');
    await page.locator('.filter-chip', { hasText: 'Daily Courier' }).waitFor();
    await page.getByRole('combobox', { name: 'Sort' }).selectOption('oldest');
    await settled(page);
    await openRow(page, 'Turnout up in the election');
    await chartToggle(page).click();
    await expect.poll(() => chartToggle(page).getAttribute('aria-pressed')).toBe('false');
    // The token never shows in the address; the search does.
    expect(page.url()).not.toMatch(/token/);
    expect(new URL(page.url()).hash).toMatch(/q=election/);

    const searches = countSearches(page);
    await page.reload();
    await page.waitForSelector(`#reader-title:text-is("Turnout up in the election")`);
    await settled(page);
    expect(await box(page).inputValue()).toBe('election');
    expect(await page.locator('.list-title').textContent()).toBe('“election”');
    expect(await page.locator('.filter-chip').allTextContents()).toEqual(['Daily Courier']);
    expect(await page.getByRole('combobox', { name: 'Sort' }).inputValue()).toBe('oldest');
    expect(await page.locator('.list-scroll .row .row-title').allTextContents()).toEqual(['Count delayed in the capital', 'Turnout up in the election']);
    // The open clipping is marked in the list, and its search matches come back.
    await expect.poll(() => page.locator('.list-scroll .row.open .row-title').textContent()).toBe('Turnout up in the election');
    await expect.poll(() => page.locator('.article-body mark.hit').count()).toBeGreaterThan(0);
    expect(await chartToggle(page).getAttribute('aria-pressed')).toBe('false');
    expect(await page.locator('.coverage').count()).toBe(0);
    // One request restores the list: no search for the default list first.
    expect(searches.n).toBe(1);
    await page.screenshot({ path: shot('address-reload.png') });

    // The chart's state is the user's choice until they change it again.
    await chartToggle(page).click();
    await page.reload();
    await settled(page);
    await expect.poll(() => chartToggle(page).getAttribute('aria-pressed')).toBe('true');
  });

  it('a clipping opened from the address is scrolled into view in the list', async () => {
    // A slow page, as on a loaded machine: the list, the chart and the reader arrive in
    // their own time, and the row must still end up in view.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 6 });
    await page.goto(`${served.origin}/#open=${ids.get('Police arrest two after protest')!}`);
    await page.waitForSelector('#reader-title:text-is("Police arrest two after protest")');
    await settled(page);
    const inView = () =>
      page.locator('.list-scroll').evaluate((scroller) => {
        const row = scroller.querySelector('.row.open');
        if (!row) return false;
        const view = scroller.getBoundingClientRect();
        const b = row.getBoundingClientRect();
        return b.top >= view.top - 1 && b.bottom <= view.bottom + 1;
      });
    // The address changed under the page (Back, a link), and the page loaded from it.
    await expect.poll(inView, { timeout: 10_000 }).toBe(true);
    await page.reload();
    await page.waitForSelector('#reader-title:text-is("Police arrest two after protest")');
    await expect.poll(inView, { timeout: 10_000 }).toBe(true);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    await cdp.detach();
  });

  it('typing before Enter changes neither the address nor the list', async () => {
    await search(page, 'police');
    const before = page.url();
    const searches = countSearches(page);
    await box(page).pressSequentially('mugab', { delay: 20 });
    await page.waitForTimeout(300);
    expect(page.url()).toBe(before);
    expect(searches.n).toBe(0);
    await box(page).press('Escape');
  });

  it('Back and Forward move between searches and opened clippings', async () => {
    await page.goto(`${served.origin}/`);
    await settled(page);
    await search(page, 'police');
    await openRow(page, 'Police appeal for witnesses');
    await search(page, 'Mugabe');
    await openRow(page, 'Mugabe statue unveiled');

    // The clipping stayed open through the new search: Back shows it there first.
    await page.goBack();
    await expect.poll(() => readerTitle(page)).toBe('Police appeal for witnesses');
    expect(await page.locator('.list-title').textContent()).toBe('“Mugabe”');
    await page.goBack();
    await expect.poll(() => page.locator('.list-title').textContent()).toBe('“police”');
    expect(await box(page).inputValue()).toBe('police');
    await settled(page);
    expect(await page.locator('.list-scroll .row .row-title').allTextContents()).toEqual(expect.arrayContaining(['Police arrest two after protest', 'Police appeal for witnesses']));
    expect(await readerTitle(page)).toBe('Police appeal for witnesses');
    await page.goBack();
    await expect.poll(() => readerTitle(page)).toBe(null);
    expect(await page.locator('.list-title').textContent()).toBe('“police”');

    await page.goForward();
    await page.goForward();
    await expect.poll(() => page.locator('.list-title').textContent()).toBe('“Mugabe”');
    expect(await box(page).inputValue()).toBe('Mugabe');
    await page.goForward();
    await expect.poll(() => readerTitle(page)).toBe('Mugabe statue unveiled');
  });

  it('keeps the sidebar scope and the trash in the address', async () => {
    await page.locator('.sidebar .nav-item', { hasText: 'Harare Times' }).click();
    await expect.poll(() => page.locator('.list-title').textContent()).toBe('Harare Times');
    await page.reload();
    await settled(page);
    expect(await page.locator('.list-title').textContent()).toBe('Harare Times');
    expect(await page.locator('.list-scroll .row .row-title').allTextContents()).toEqual(['Mugabe statue unveiled']);
    await expect.poll(() => page.locator('.sidebar .nav-item.active').textContent()).toMatch(/Harare Times/);

    await page.locator('.sidebar .nav-item', { hasText: 'Trash' }).click();
    await page.getByRole('dialog', { name: /Trash/ }).waitFor();
    await page.reload();
    await page.getByRole('dialog', { name: /Trash/ }).waitFor();
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    await page.reload();
    await settled(page);
    expect(await page.getByRole('dialog').count()).toBe(0);
  });

  it('a link to a clipping that is gone, or a damaged address, says so and does not break the page', async () => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const gone = ids.get('Ferry timetable 10')!;
    await call(served, 'clippings.delete', { selection: { ids: [gone] } });
    const origin = served.origin;

    await page.goto(`${origin}/#open=${gone}`);
    await expect.poll(() => page.locator('.reader-pane [role="alert"]').textContent()).toMatch(/in the trash/i);
    await page.locator('.reader-pane').screenshot({ path: shot('address-trashed-link.png') });
    await page.goto(`${origin}/#open=987654`);
    await expect.poll(() => page.locator('.reader-pane [role="alert"]').textContent()).toMatch(/no longer in the archive/i);

    await page.goto(`${origin}/#q=%E0%A4%A&open=abc&sort=sideways&scope=nonsense:x&view=everything&f=`);
    await settled(page);
    expect(await page.locator('.list-title').textContent()).toBe('All clippings');
    expect(await readerTitle(page)).toBe(null);
    expect(await page.getByRole('dialog').count()).toBe(0);
    expect(errors).toEqual([]);
  });
});

describe('a small window', () => {
  it('opens with the chart collapsed and room for the list; the user may open it and it stays open', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1024, height: 700 }, deviceScaleFactor: 1, colorScheme: 'light', reducedMotion: 'reduce' });
    const page = await openApp(ctx, served);
    await settled(page);
    await page.locator('.list-scroll .row:not(.placeholder)').first().waitFor();
    expect(await chartToggle(page).getAttribute('aria-pressed')).toBe('false');
    expect(await page.locator('.coverage').count()).toBe(0);
    const visible = await page.locator('.list-scroll').evaluate((scroller) => {
      const view = scroller.getBoundingClientRect();
      return Array.from(scroller.querySelectorAll('.row')).filter((r) => {
        const b = r.getBoundingClientRect();
        return b.top >= view.top - 1 && b.bottom <= Math.min(view.bottom, window.innerHeight) + 1;
      }).length;
    });
    await page.screenshot({ path: shot('address-1024x700.png') });
    expect(visible).toBeGreaterThanOrEqual(5);

    await chartToggle(page).click();
    await page.locator('.coverage').waitFor();
    await page.reload();
    await settled(page);
    await page.locator('.coverage').waitFor();
    expect(await chartToggle(page).getAttribute('aria-pressed')).toBe('true');
    await page.screenshot({ path: shot('address-1024x700-chart.png') });
    await ctx.close();
  });
});
