/**
 * The library in the app (issue 16, items 5, 6 and 8), in Chromium over browser mode:
 * every outlet reachable from the sidebar ("show all" with a filter box), saved searches
 * renamed, edited, reordered and deleted with their counts kept current, and the read
 * state (mark unread from the list and the reader; whether opening marks read).
 * Screenshots of each new view, light and dark.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { call } from './api.ts';
import { axe } from './axe.ts';
import { launch, newContext, openApp, serve, type Served, shot, submitSearch } from './harness.ts';

let served: Served;
let browser: Browser;

const page = (title: string, body: string) => `<html><head><title>${title}</title></head><body><article><h1>${title}</h1><p>${body}</p><p>${body}</p></article></body></html>`;

/** 30 clippings, each from its own outlet ("Courier 01" … "Courier 30"): 20 about a ferry, 10 about a bridge. */
async function fill(s: Served): Promise<void> {
  for (let i = 1; i <= 30; i++) {
    const n = String(i).padStart(2, '0');
    const word = i <= 20 ? 'ferry' : 'bridge';
    const r = await call(s, 'clippings.add', { capture: { name: `p${i}.html`, text: page(`${word === 'ferry' ? 'Ferry' : 'Bridge'} report ${n}`, `The ${word} company met on day ${i} and agreed a timetable for the winter, the council said after a long debate about the costs.`) } });
    expect(r.status).toBe('added');
    await call(s, 'clippings.update', { selection: { ids: [r.id!] }, outlet: `Courier ${n}` });
  }
}

/** Finds a clipping by its exact title (a phrase search) and opens it. */
async function openRow(p: Page, title: string): Promise<void> {
  await submitSearch(p, `"${title}"`);
  await p.locator('.row', { hasText: title }).first().click();
  await p.waitForSelector(`#reader-title:text-is("${title}")`);
}

/** Whether the core holds the clipping titled `title` as read. */
async function isRead(title: string): Promise<boolean> {
  const r = await call(served, 'search.query', { query: `"${title}"`, limit: 1 });
  return r.hits[0]!.read;
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

describe('the library in the app', () => {
  let p: Page;
  beforeEach(async () => {
    const ctx = await newContext(browser, served);
    p = await openApp(ctx, served);
    await p.waitForSelector('.row');
  });

  it('reaches every outlet: the sidebar shows the 25 busiest, then "Show all 30 outlets" with a filter box', async () => {
    const outlets = p.locator('nav.sidebar .nav-label:text-matches("^Courier")');
    await expect.poll(() => outlets.count()).toBe(25);
    await p.click('button:has-text("Show all 30 outlets")');
    await expect.poll(() => outlets.count()).toBe(30);
    // The filter box takes the focus; typing narrows the list.
    await p.keyboard.type('courier 3');
    await expect.poll(() => outlets.allTextContents()).toEqual(['Courier 30']);
    await p.keyboard.press('Tab');
    await p.keyboard.press('Enter');
    await p.waitForSelector('.row:has-text("Bridge report 30")');
    await expect.poll(() => p.locator('.row').count()).toBe(1);
    await p.fill('nav.sidebar input[aria-label="Filter outlets"]', 'nothing like it');
    await p.waitForSelector('nav.sidebar .nav-empty:has-text("No outlet matches “nothing like it”")');
    await p.click('button:has-text("Show the 25 busiest")');
    await expect.poll(() => outlets.count()).toBe(25);
  });

  it('marks a clipping unread from the reader and with u from the list; a setting stops opening from marking read, and survives a reload', async () => {
    await openRow(p, 'Ferry report 05');
    await expect.poll(() => isRead('Ferry report 05')).toBe(true);
    await p.click('.reader-toolbar button:has-text("Mark unread")');
    await p.waitForSelector('.row.open.unread .unread-dot');
    await expect.poll(() => isRead('Ferry report 05')).toBe(false);
    // From the list: the open row has the focus, u flips it back.
    await p.locator('.list-scroll').focus();
    await p.keyboard.press('u');
    await p.waitForSelector('.reader-toolbar button:has-text("Mark unread")');
    await expect.poll(() => isRead('Ferry report 05')).toBe(true);
    await expect.poll(() => p.locator('.row.open.unread').count()).toBe(0);

    await p.click('button[aria-label="Settings"]');
    const box = p.getByLabel('Opening a clipping marks it read');
    await expect.poll(() => box.isChecked()).toBe(true);
    await box.uncheck();
    await p.keyboard.press('Escape');
    await openRow(p, 'Ferry report 06');
    await p.waitForSelector('.reader-toolbar button:has-text("Mark read")');
    expect(await isRead('Ferry report 06')).toBe(false);
    await p.reload();
    await p.waitForSelector('.row');
    await p.click('button[aria-label="Settings"]');
    expect(await p.getByLabel('Opening a clipping marks it read').isChecked()).toBe(false);
  });

  it('edits saved searches: rename, change the query, reorder, delete; their counts follow the archive', async () => {
    await call(served, 'search.save', { name: 'Ferries', query: 'ferry' });
    await call(served, 'search.save', { name: 'Bridges', query: 'bridge' });
    await call(served, 'search.save', { name: 'Starred watch', query: 'is:starred' });
    await p.reload();
    await p.waitForSelector('.row');
    const sidebar = () => p.locator('nav.sidebar ol, nav.sidebar ul[aria-labelledby="nav-saved"]').first().locator('.nav-item').allTextContents();
    await expect.poll(sidebar).toEqual(['Ferries20', 'Bridges10', 'Starred watch0']);

    await p.click('button:has-text("Edit saved searches")');
    await p.waitForSelector('dialog[open] h2:text-is("Saved searches")');
    // The first field has the focus: the first search's name.
    expect(await p.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Name of the saved search Ferries');
    await p.keyboard.press('Control+a');
    await p.keyboard.type('Ferry watch');
    await p.keyboard.press('Enter');
    await expect.poll(sidebar).toEqual(['Ferry watch20', 'Bridges10', 'Starred watch0']);
    await p.fill('dialog[open] input[aria-label="Query of the saved search Bridges"]', 'bridge report 21');
    await p.locator('dialog[open] input[aria-label="Query of the saved search Bridges"]').press('Enter');
    await expect.poll(sidebar).toEqual(['Ferry watch20', 'Bridges1', 'Starred watch0']);
    await p.click('dialog[open] button[aria-label="Move Starred watch up"]');
    await expect.poll(sidebar).toEqual(['Ferry watch20', 'Starred watch0', 'Bridges1']);
    expect(await p.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Move Starred watch up');
    await p.keyboard.press('Enter');
    await expect.poll(sidebar).toEqual(['Starred watch0', 'Ferry watch20', 'Bridges1']);
    await p.click('dialog[open] button[aria-label="Delete the saved search Bridges"]');
    await expect.poll(sidebar).toEqual(['Starred watch0', 'Ferry watch20']);
    await p.keyboard.press('Escape');
    expect((await call(served, 'search.saved', {})).map((x) => [x.name, x.query])).toEqual([
      ['Starred watch', 'is:starred'],
      ['Ferry watch', 'ferry'],
    ]);
    // A star given in the reader shows in the saved search's count.
    await openRow(p, 'Ferry report 09');
    await p.keyboard.press('s');
    await expect.poll(sidebar).toEqual(['Starred watch1', 'Ferry watch20']);
  });

  it('takes screenshots of every outlet and of the saved searches, light and dark, and axe finds nothing serious', async () => {
    for (const scheme of ['light', 'dark'] as const) {
      const ctx = await newContext(browser, served, { colorScheme: scheme });
      const q = await openApp(ctx, served);
      await q.waitForSelector('.row');
      await q.click('button:has-text("Show all 30 outlets")');
      await q.keyboard.type('courier 1');
      await q.screenshot({ path: shot(`outlets-${scheme}.png`) });
      expect(await axe(q), `outlets, ${scheme}`).toEqual([]);
      await q.click('button:has-text("Edit saved searches")');
      await q.waitForSelector('dialog[open] .saved-row');
      await q.screenshot({ path: shot(`saved-searches-${scheme}.png`) });
      expect(await axe(q), `saved searches, ${scheme}`).toEqual([]);
      await ctx.close();
    }
  });
});
