/**
 * Keyboard only (issue 16, "Done when"): import, tag, highlight with a note and export a
 * digest in Chromium with nothing but key presses — every step is `page.keyboard`; the
 * file chooser the import opens is answered as the user's own dialog would be. A page
 * script counts pointer and mouse events: each test ends with none.
 * (Search, open, edit the outlet and restore from the trash are in manage.test.ts.)
 */
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HARWICK } from '../fixtures/articles.ts';
import { call } from './api.ts';
import { axe } from './axe.ts';
import { launch, newContext, openApp, serve, type Served } from './harness.ts';

let served: Served;
let browser: Browser;

// Two different paragraphs (a paragraph repeated right after itself is kept once), both with the words the find test looks for.
const page = (title: string, body: string) =>
  `<html><head><title>${title}</title></head><body><article><h1>${title}</h1><p>${body}</p><p>Passengers were told the timetable change followed rising fuel costs, and that fares would be reviewed in spring.</p></article></body></html>`;

beforeAll(async () => {
  [served, browser] = await Promise.all([serve(), launch()]);
  for (let i = 1; i <= 3; i++) {
    await call(served, 'clippings.add', {
      capture: { name: `ferry${i}.html`, text: page(`Ferry story ${i}`, `The ferry company said on day ${i} that winter crossings would be cut to two a day because of falling passenger numbers and rising fuel costs.`) },
    });
  }
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await served?.stop();
});

/** Where the focus is: its tag, accessible name or text. */
const focused = (p: Page) =>
  p.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    return el ? `${el.tagName.toLowerCase()} ${el.getAttribute('aria-label') ?? el.textContent?.trim() ?? ''}` : '';
  });

/** Tab until `test` holds for the focused element (at most 80 presses). */
async function tabTo(p: Page, test: string): Promise<void> {
  for (let i = 0; i < 80; i++) {
    if (await p.evaluate((sel) => Boolean(document.activeElement?.matches(sel)), test)) return;
    await p.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${test}; the focus is on ${await focused(p)}`);
}

/** `/`, the query, Enter; Tab to the list and Enter opens its first clipping. */
async function searchAndOpen(p: Page, query: string, title: string): Promise<void> {
  await p.keyboard.press('/');
  await p.keyboard.type(query);
  await p.keyboard.press('Enter');
  await p.waitForFunction(() => /^\d+ clipping/.test(document.querySelector('.list-count')?.textContent ?? ''));
  await tabTo(p, '.list-scroll');
  await p.keyboard.press('Enter');
  await p.waitForSelector(`#reader-title:text-is("${title}")`);
}

describe('keyboard only', () => {
  let p: Page;
  beforeEach(async () => {
    const ctx = await newContext(browser, served, { acceptDownloads: true });
    await ctx.addInitScript(() => {
      const w = window as unknown as { __pointer: string[] };
      w.__pointer = [];
      for (const type of ['pointerdown', 'mousedown', 'mouseup', 'pointerup']) window.addEventListener(type, (e) => e.isTrusted && w.__pointer.push(type), true);
    });
    p = await openApp(ctx, served);
    await p.waitForSelector('.row');
  });
  afterEach(async () => {
    expect(await p.evaluate(() => (window as unknown as { __pointer: string[] }).__pointer)).toEqual([]);
    await p.context().close();
  });

  it('imports a file: i, Enter on "Choose files…", the file chooser, and the clipping opens', async () => {
    // Listening for the chooser before anything is pressed: Playwright turns Chromium's file-chooser
    // interception on asynchronously, and a listener added together with the Enter can lose that race
    // (CI once saw no chooser at all).
    const chooserShown = p.waitForEvent('filechooser');
    await p.keyboard.press('i');
    await p.waitForSelector('dialog[open] h2:text-is("Import clippings")');
    expect(await focused(p)).toBe('button Choose files…');
    await p.keyboard.press('Enter');
    const chooser = await chooserShown;
    expect(chooser.isMultiple()).toBe(true);
    await chooser.setFiles(HARWICK.capture);
    await p.locator('#reader-title').filter({ hasText: HARWICK.titleWords }).waitFor();
    const hits = await call(served, 'search.query', { query: `"${HARWICK.phrase}"` });
    expect(hits.total).toBe(1);
  });

  it('tags the open clipping: t, the tag, Enter', async () => {
    await searchAndOpen(p, '"Ferry story 1"', 'Ferry story 1');
    const id = Number(await p.locator('.row.open').getAttribute('data-id'));
    await p.keyboard.press('t');
    // (The title shows while the text still loads: t then focuses the tag field once it is there.)
    await expect.poll(() => focused(p)).toBe('input Add a tag');
    await p.keyboard.type('Island transport');
    await p.keyboard.press('Enter');
    await p.waitForSelector('.tag-chip:has-text("Island transport")');
    expect((await call(served, 'clippings.get', { id })).tags).toEqual(['Island transport']);
  });

  it('t pressed while the clipping is still loading focuses its tag field once it is there', async () => {
    // The clipping's text is held back until t has been pressed on its title.
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await p.route('**/api/clippings.get', async (route) => {
      await held;
      await route.continue();
    });
    await searchAndOpen(p, '"Ferry story 3"', 'Ferry story 3');
    await p.waitForSelector('.reader-scroll[aria-busy="true"]');
    await p.keyboard.press('t');
    expect(await focused(p)).not.toBe('input Add a tag');
    release();
    await expect.poll(() => focused(p)).toBe('input Add a tag');
    await p.unroute('**/api/clippings.get');
  });

  it('highlights with a note: Ctrl+F finds the words, Tab to "Highlight", the note, Enter', async () => {
    await searchAndOpen(p, '"Ferry story 2"', 'Ferry story 2');
    const id = Number(await p.locator('.row.open').getAttribute('data-id'));
    await p.keyboard.press('Control+f');
    await p.keyboard.type('rising fuel costs');
    await p.waitForSelector('.find-count:text-is("1 of 2")');
    await p.keyboard.press('Enter'); // the second one
    await p.waitForSelector('.find-count:text-is("2 of 2")');
    await tabTo(p, '.find-bar button[aria-label^="Highlight"]');
    await p.keyboard.press('Enter');
    await p.waitForSelector('.hl-menu[role="dialog"][aria-label="Highlight “rising fuel costs”"]');
    expect(await focused(p)).toBe('input Note for this highlight');
    expect(await axe(p)).toEqual([]);
    await p.keyboard.type('Fuel is the real reason');
    await p.keyboard.press('Enter');
    await p.waitForSelector('.toast:has-text("Highlight and note saved.")');
    const [ann] = (await call(served, 'clippings.get', { id })).annotations;
    expect(ann).toMatchObject({ quote: 'rising fuel costs', note: 'Fuel is the real reason', color: 'yellow' });
    const text = (await call(served, 'clippings.get', { id })).text;
    expect(ann!.start).toBe(text.lastIndexOf('rising fuel costs')); // the find that was current, the second
    // The highlight is in the reader; the focus is back in it, not on <body>.
    await p.waitForSelector('.article-body mark.hl-yellow:has-text("rising fuel costs")');
    expect(await p.evaluate(() => document.activeElement?.closest('.reader-scroll') !== null)).toBe(true);
  });

  it('highlights the current search match with h when nothing is selected', async () => {
    await searchAndOpen(p, '"Ferry story 3" passenger', 'Ferry story 3');
    const id = Number(await p.locator('.row.open').getAttribute('data-id'));
    await p.keyboard.press('h'); // the focus is in the list: h is the reader's key
    await p.waitForSelector('.hl-menu[role="dialog"][aria-label="Highlight “passenger”"]');
    expect(await focused(p)).toBe('input Note for this highlight');
    await p.keyboard.type('Numbers');
    await p.keyboard.press('Enter');
    await expect.poll(async () => (await call(served, 'clippings.get', { id })).annotations.map((a) => [a.quote, a.note])).toEqual([['passenger', 'Numbers']]);
  });

  it('exports a digest: e, the format, the digest box, a title, Download, Enter closes the report', async () => {
    await p.keyboard.press('/');
    await p.keyboard.type('ferry');
    await p.keyboard.press('Enter');
    await p.waitForFunction(() => document.querySelector('.list-count')?.textContent?.startsWith('3 clippings'));
    await tabTo(p, '.list-scroll'); // out of the search box, nothing open
    await p.keyboard.press('e');
    await p.waitForSelector('dialog[open] h2:text-is("Export")');
    // The scope: the search (checked); the arrows pick another and come back.
    const checked = () => p.evaluate(() => (document.querySelector('dialog[open] input[name="scope"]:checked')?.parentElement?.textContent ?? '').trim());
    expect(await p.evaluate(() => (document.activeElement as HTMLInputElement).type)).toBe('radio');
    expect(await checked()).toMatch(/^Everything in “ferry”/);
    await p.keyboard.press('ArrowDown');
    expect(await checked()).toMatch(/^The whole archive/);
    await p.keyboard.press('ArrowUp');
    expect(await checked()).toMatch(/^Everything in “ferry”/);
    await tabTo(p, '#export-format');
    await p.keyboard.press('h'); // type-ahead: HTML
    await expect.poll(() => p.locator('#export-format').inputValue()).toBe('html');
    await tabTo(p, 'input[type="checkbox"]');
    await p.keyboard.press('Space');
    await p.waitForSelector('#export-title');
    await tabTo(p, '#export-title');
    await p.keyboard.type('Island ferries');
    await tabTo(p, 'dialog[open] button.primary');
    expect(await focused(p)).toBe('button Download 3 clippings');
    const [download] = await Promise.all([p.waitForEvent('download'), p.keyboard.press('Enter')]);
    const html = readFileSync((await download.path())!, 'utf8');
    expect(html).toContain('Island ferries');
    for (const n of [1, 2, 3]) expect(html).toContain(`Ferry story ${n}`);
    await p.waitForSelector('dialog[open] h2:text-is("Export finished")');
    expect(await focused(p)).toBe('button Done');
    await p.keyboard.press('Enter');
    await expect.poll(() => p.locator('dialog[open]').count()).toBe(0);
  });
});
