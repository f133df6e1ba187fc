/**
 * The reader's extras (issue 16, items 7 and 10), in Chromium over browser mode: find
 * within the clipping (Ctrl+F, the app's find bar, not the browser's), text size and
 * width (kept across reloads), print (a print stylesheet and window.print()), and the
 * versions and story clusters of a clipping. Screenshots light and dark.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { call } from './api.ts';
import { axe } from './axe.ts';
import { launch, newContext, openApp, serve, type Served, shot, submitSearch } from './harness.ts';

let served: Served;
let browser: Browser;

const page = (title: string, paras: string[]) => `<html><head><title>${title}</title></head><body><article><h1>${title}</h1>${paras.map((x) => `<p>${x}</p>`).join('')}</article></body></html>`;

const TIDE = [
  'The tide tables for the estuary were printed late this year because the harbour office moved to a new building in the spring.',
  'Fishermen said the late tables made planning harder, and the harbour office apologised for the delay to every crew on the quay.',
  'A new edition will be printed in January, with the tide times checked twice against the survey of the channel.',
];

/** A wire story as outlets run it (as in tests/electron/versions-clusters.test.ts). */
const WIRE = [
  'Firefighters brought a large blaze at a recycling plant in the north of the city under control early on Sunday, the fire service said.',
  'More than 60 firefighters and 12 engines were sent to the site after the alarm was raised shortly before midnight.',
  'Residents living nearby were told to keep their windows and doors closed because of the heavy smoke drifting across the area.',
  'No one was injured, according to a spokesman, who added that crews would remain at the scene throughout the day to damp down hotspots.',
  'The cause of the fire is not yet known and an investigation will begin once the site is safe, the spokesman said.',
  'The plant, which processes household waste from across the region, was last hit by a fire in 2019.',
];

function wire(outlet: string, headline: string, paras: string[], url: string): string {
  return `<html><head><title>${headline} | ${outlet}</title><meta property="og:site_name" content="${outlet}"><link rel="canonical" href="${url}"></head>
<body><article><h1>${headline}</h1><p>By Press Association</p>${paras.map((x) => `<p>${x}</p>`).join('')}</article></body></html>`;
}

async function fill(s: Served): Promise<void> {
  const add = async (name: string, text: string, status = 'added') => expect((await call(s, 'clippings.add', { capture: { name, text } })).status).toBe(status);
  await add('tide.html', page('Tide tables printed late', TIDE));
  // The Gazette's story, captured three times as it was updated: three versions.
  const url = 'https://gazette.example/news/blaze';
  await add('v1.html', wire('Evening Gazette', 'Blaze at recycling plant', WIRE.slice(0, 3), url));
  await add('v2.html', wire('Evening Gazette', 'Blaze at recycling plant', WIRE.slice(0, 5), url), 'updated');
  await add('v3.html', wire('Evening Gazette', 'Blaze at recycling plant brought under control', WIRE.map((x) => x.replace('More than 60', 'Over 70')), url), 'updated');
  // The same wire story run by three other outlets: one cluster.
  await add('c1.html', wire('Daily Courier', 'Huge fire at recycling site', WIRE.map((x) => x.replace('spokesman', 'spokeswoman')), 'https://courier.example/fire'));
  await add('c2.html', wire('Morning Star Herald', 'Recycling plant fire: residents told to keep windows shut', WIRE.slice(0, 5), 'https://herald.example/fire'));
  await add('c3.html', wire('Northern Echo', 'Firefighters tackle recycling plant blaze', WIRE, 'https://echo.example/fire'));
}

async function openRow(p: Page, title: string): Promise<void> {
  await submitSearch(p, `"${title}"`);
  await p.locator('.row', { hasText: title }).first().click();
  await p.waitForSelector(`#reader-title:text-is("${title}")`);
}

beforeAll(async () => {
  served = await serve();
  await fill(served);
  browser = await launch();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await served?.stop();
});

describe('the reader’s extras', () => {
  let p: Page;
  beforeEach(async () => {
    const ctx = await newContext(browser, served);
    p = await openApp(ctx, served);
    await p.waitForSelector('.row');
  });

  it('finds within the clipping with Ctrl+F: a count, next and previous, Escape closes', async () => {
    await openRow(p, 'Tide tables printed late');
    await p.locator('.reader-scroll').focus();
    await p.keyboard.press('Control+f');
    await expect.poll(() => p.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Find in this clipping');
    await p.keyboard.type('harbour office');
    await p.waitForSelector('.find-count:text-is("1 of 2")');
    expect(await p.locator('.article-body mark.hit').count()).toBe(2);
    expect(await p.locator('.article-body mark.hit.current').textContent()).toBe('harbour office');
    await p.keyboard.press('Enter');
    await p.waitForSelector('.find-count:text-is("2 of 2")');
    await p.keyboard.press('Enter');
    await p.waitForSelector('.find-count:text-is("1 of 2")');
    await p.keyboard.press('Shift+Enter');
    await p.waitForSelector('.find-count:text-is("2 of 2")');
    await p.click('button[aria-label="Previous (Shift Enter)"]');
    await p.waitForSelector('.find-count:text-is("1 of 2")');
    await p.fill('.find-input', 'TIDE');
    await p.waitForSelector('.find-count:text-is("1 of 2")');
    await p.fill('.find-input', 'lighthouse');
    await p.waitForSelector('.find-count:text-is("Not found")');
    await p.locator('.find-input').focus();
    await p.keyboard.press('Escape');
    await p.waitForSelector('.find-bar', { state: 'detached' });
    expect(await p.locator('.article-body mark.hit').count()).toBe(0);
  });

  it('changes the text size and width, and keeps them after a reload', async () => {
    await openRow(p, 'Tide tables printed late');
    const size = () => p.locator('.article-body').evaluate((el) => getComputedStyle(el).fontSize);
    const width = () => p.locator('.article').evaluate((el) => getComputedStyle(el).maxWidth);
    expect(await size()).toBe('19px');
    await p.getByRole('button', { name: 'Larger text' }).click();
    await p.getByRole('button', { name: 'Larger text' }).click();
    await expect.poll(size).toBe('25px');
    expect(await p.getByRole('button', { name: 'Larger text' }).isDisabled()).toBe(true);
    await p.getByRole('button', { name: 'Smaller text' }).click();
    await expect.poll(size).toBe('22px');
    await p.selectOption('select[aria-label="Text width"]', 'wide');
    await expect.poll(width).toBe('860px');
    await p.reload();
    await p.waitForSelector('.row');
    await p.locator('.row', { hasText: 'Tide tables printed late' }).first().click();
    await p.waitForSelector('#reader-title');
    expect(await size()).toBe('22px');
    expect(await width()).toBe('860px');
  });

  it('prints the clipping alone: Print calls window.print(), and the print stylesheet hides everything but the article', async () => {
    await openRow(p, 'Tide tables printed late');
    await p.evaluate(() => {
      (window as unknown as { printed: number }).printed = 0;
      window.print = () => void (window as unknown as { printed: number }).printed++;
    });
    await p.click('button[aria-label="Print"]');
    expect(await p.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);
    await p.emulateMedia({ media: 'print' });
    for (const sel of ['.topbar', 'nav.sidebar', '.list-pane', '.reader-toolbar', '.notes-panel']) expect(await p.locator(sel).first().isVisible(), sel).toBe(false);
    expect(await p.locator('#reader-title').isVisible()).toBe(true);
    expect(await p.locator('.article-body').isVisible()).toBe(true);
    await p.emulateMedia({ media: 'screen' });
  });

  it('prints black on white in the dark theme too (screenshot of the print view)', async () => {
    const ctx = await newContext(browser, served, { colorScheme: 'dark' });
    const q = await openApp(ctx, served);
    await q.waitForSelector('.row');
    await openRow(q, 'Tide tables printed late');
    await q.waitForSelector('.article-body p'); // the text, not only the head the list already had
    await q.emulateMedia({ media: 'print', colorScheme: 'dark' });
    const colours = await q.evaluate(() => ['#reader-title', '.article-body p', '.byline'].map((sel) => getComputedStyle(document.querySelector(sel)!).color));
    expect(colours[0]).toBe('rgb(0, 0, 0)');
    expect(colours[1]).toBe('rgb(0, 0, 0)');
    expect(colours[2]).toBe('rgb(51, 51, 51)');
    await q.screenshot({ path: shot('print-dark.png'), fullPage: true });
    await ctx.close();
  });

  it('shows "3 versions" and compares any two word by word', async () => {
    await openRow(p, 'Blaze at recycling plant brought under control');
    await p.click('button:has-text("3 versions")');
    await p.waitForSelector('dialog[open] h2:text-is("3 versions")');
    // Version 2 against the current one: a changed number and a changed headline.
    await p.waitForSelector('dialog[open] .diff del');
    expect(await p.locator('dialog[open] .diff del.diff-removed').allTextContents()).toEqual(['More than 60 ']);
    expect(await p.locator('dialog[open] .diff-title ins').allTextContents()).toEqual(['brought under control']);
    expect(await p.locator('dialog[open] .diff ins.diff-added').allTextContents()).toContain('Over 70 ');
    // Version 1 against version 2: only paragraphs added.
    await p.selectOption('#version-from', '1');
    await p.selectOption('#version-to', '2');
    // (The pair's diff is drawn once both texts are in: wait for it, then check nothing was removed.)
    await expect.poll(async () => (await p.locator('dialog[open] .diff ins').allTextContents()).join('')).toContain('No one was injured');
    expect(await p.locator('dialog[open] .diff del').count()).toBe(0);
    await p.selectOption('#version-to', '1');
    await p.waitForSelector('dialog[open] :text("The two texts are the same.")');
  });

  it('shows "Also run by 3 outlets" and opens one of them', async () => {
    await openRow(p, 'Huge fire at recycling site');
    await p.click('button:has-text("Also run by 3 outlets")');
    await p.waitForSelector('dialog[open] .cluster-item');
    expect((await p.locator('dialog[open] .cluster-outlet').allTextContents()).sort()).toEqual(['Evening Gazette', 'Morning Star Herald', 'Northern Echo']);
    await p.click('dialog[open] .cluster-item:has-text("Northern Echo")');
    await p.waitForSelector('#reader-title:text-is("Firefighters tackle recycling plant blaze")');
  });

  it('takes screenshots of the find bar, the versions and the cluster, light and dark, and axe finds nothing serious', async () => {
    for (const scheme of ['light', 'dark'] as const) {
      const ctx = await newContext(browser, served, { colorScheme: scheme });
      const q = await openApp(ctx, served);
      await q.waitForSelector('.row');
      await openRow(q, 'Blaze at recycling plant brought under control');
      // The text first: while it loads the reader shows the head alone, and no find box takes the keys yet.
      await q.waitForSelector('.article-body p');
      await q.locator('.reader-scroll').focus();
      await q.keyboard.press('Control+f');
      await q.keyboard.type('spokesman');
      await q.waitForSelector('.find-count:text-is("1 of 2")');
      await q.screenshot({ path: shot(`reader-find-${scheme}.png`) });
      expect(await axe(q), `find, ${scheme}`).toEqual([]);
      await q.keyboard.press('Escape');
      await q.click('button:has-text("3 versions")');
      await q.waitForSelector('dialog[open] .diff del');
      await q.screenshot({ path: shot(`versions-${scheme}.png`) });
      expect(await axe(q), `versions, ${scheme}`).toEqual([]);
      await q.keyboard.press('Escape');
      await q.click('button:has-text("Also run by")');
      await q.waitForSelector('dialog[open] .cluster-item');
      await q.screenshot({ path: shot(`cluster-${scheme}.png`) });
      expect(await axe(q), `cluster, ${scheme}`).toEqual([]);
      await ctx.close();
    }
  });
});
