/**
 * The first run (issue 16, item 12), in Chromium over browser mode: an empty archive
 * explains importing and the query language in one screen, and offers an example
 * clipping the user can add, read and delete. Screenshots light and dark.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from './api.ts';
import { axe } from './axe.ts';
import { launch, newContext, openApp, serve, type Served, shot } from './harness.ts';

let served: Served;
let browser: Browser;

beforeAll(async () => {
  served = await serve();
  browser = await launch();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await served?.stop();
});

describe('the first run', () => {
  it('takes screenshots of the welcome, light and dark, and axe finds nothing serious', async () => {
    for (const scheme of ['light', 'dark'] as const) {
      const ctx = await newContext(browser, served, { colorScheme: scheme });
      const p = await openApp(ctx, served);
      await p.waitForSelector('.welcome-guide');
      await p.screenshot({ path: shot(`welcome-${scheme}.png`) });
      expect(await axe(p), `welcome, ${scheme}`).toEqual([]);
      await ctx.close();
    }
  });

  it('explains importing and searching on one screen, adds an example clipping that can be searched, and deletes it', async () => {
    const ctx = await newContext(browser, served);
    const p = await openApp(ctx, served);
    // Both halves are in view at once, with no scrolling.
    for (const sel of ['.welcome h2:text-is("Your archive is empty")', 'button:has-text("Import clippings…")', '.welcome-guide h2:text-is("Searching")', '.query-guide code:text-is("tag:briefing")', 'button:has-text("Add an example clipping")']) {
      const box = await p.locator(sel).boundingBox();
      expect(box, sel).not.toBeNull();
      expect(box!.y + box!.height, sel).toBeLessThanOrEqual(900);
    }
    await p.click('button:has-text("Add an example clipping")');
    await p.waitForSelector('#reader-title:text-is("Harbour trust agrees winter ferry timetable")');
    await p.waitForSelector('.row:has-text("Harbour trust agrees winter ferry timetable")');
    expect((await call(served, 'search.query', { query: 'tag:example ferry' })).total).toBe(1);
    await p.click('.reader-toolbar button[aria-label="Move to the trash (Delete)"]');
    await p.waitForSelector('.welcome-guide');
    expect((await call(served, 'archive.stats', {})).clippings).toBe(0);
    await ctx.close();
  });
});
