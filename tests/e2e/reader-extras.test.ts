/**
 * The reader's extras (issue 16, items 7 and 10), in Chromium over browser mode: find
 * within the clipping (Ctrl+F, the app's find bar, not the browser's), text size and
 * width (kept across reloads), print (a print stylesheet and window.print()), and the
 * versions and story clusters of a clipping. Screenshots light and dark.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { call } from './api.ts';
import { axe } from './axe.ts';
import { launch, newContext, openApp, SCREENSHOTS, serve, type Served } from './harness.ts';

let served: Served;
let browser: Browser;

const page = (title: string, paras: string[]) => `<html><head><title>${title}</title></head><body><article><h1>${title}</h1>${paras.map((x) => `<p>${x}</p>`).join('')}</article></body></html>`;

const TIDE = [
  'The tide tables for the estuary were printed late this year because the harbour office moved to a new building in the spring.',
  'Fishermen said the late tables made planning harder, and the harbour office apologised for the delay to every crew on the quay.',
  'A new edition will be printed in January, with the tide times checked twice against the survey of the channel.',
];

async function fill(s: Served): Promise<void> {
  const r = await call(s, 'clippings.add', { capture: { name: 'tide.html', text: page('Tide tables printed late', TIDE) } });
  expect(r.status).toBe('added');
}

function shot(name: string): string {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return path.join(SCREENSHOTS, name);
}

async function openRow(p: Page, title: string): Promise<void> {
  await p.fill('input.search-input', `"${title}"`);
  await p.keyboard.press('Enter');
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
    await p.click('button[aria-label="Larger text"]');
    await p.click('button[aria-label="Larger text"]');
    await expect.poll(size).toBe('25px');
    expect(await p.locator('button[aria-label="Larger text"]').isDisabled()).toBe(true);
    await p.click('button[aria-label="Smaller text"]');
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
});
