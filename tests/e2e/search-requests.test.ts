/**
 * One Enter in the search box is one request (issue 14, item 4): `search.query` answers
 * with the first hits, then, in the same reply, the rest of the first page, the facets
 * and the chart (browser mode: two envelopes, one a line). Scrolling further fetches more
 * pages; opening a hit shows the list's data of it at once, then fetches its clipping and
 * marks it read — nothing else (the
 * sidebar's unread count moves by one instead of the whole sidebar reloading).
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers.ts';
import { importPaths } from './api.ts';
import { launch, newContext, openApp, serve, type Served } from './harness.ts';

let served: Served;
let browser: Browser;

beforeAll(async () => {
  [served, browser] = await Promise.all([serve(), launch()]);
  const dir = tempDir();
  for (let i = 1; i <= 60; i++) {
    writeFileSync(path.join(dir, `ferry-${i}.txt`), `Ferry note ${i}\n\nThe ferry board met on day ${i} of the session and agreed timetable number ${i * 7 + 3}; the vote was ${i + 11} to ${i % 5}.`);
  }
  await importPaths(served, [dir]);
});

afterAll(async () => {
  await browser?.close();
  await served?.stop();
});

describe('searching from the search box', () => {
  it('one Enter is one request, streamed: first hits, then the rest with facets', async () => {
    const ctx = await newContext(browser, served);
    try {
      const page = await openApp(ctx, served);
      await page.locator('.list-scroll .row:not(.placeholder)').first().waitFor();
      const calls: { url: string; accept: string | undefined }[] = [];
      page.on('request', (r) => {
        // Not the pairing prompt's poll of the clipper endpoint (every 2 s, whatever the user does).
        if (r.url().includes('/api/') && !r.url().includes('/api/clipper.')) calls.push({ url: new URL(r.url()).pathname + new URL(r.url()).search, accept: r.headers().accept });
      });
      const input = page.getByRole('combobox', { name: 'Search clippings' });
      await input.fill('ferry');
      await page.waitForTimeout(300); // the suggestions' request, before Enter
      calls.length = 0;
      await input.press('Enter');
      await page.locator('.list-count', { hasText: '60 clippings' }).waitFor();
      await page.locator('.list-scroll .row:not(.placeholder)').first().waitFor();
      await page.waitForTimeout(500);
      expect(calls.filter((c) => c.url.startsWith('/api/search.query'))).toEqual([{ url: '/api/search.query?first=30', accept: 'application/x-ndjson' }]);

      // Opening a hit shows what the list has of it at once, while its text is fetched.
      let release = () => {};
      const held = new Promise<void>((r) => (release = r));
      await page.route('**/api/clippings.get', async (route) => {
        await held;
        await route.continue();
      });
      const unread = page.locator('.sidebar .nav-item', { hasText: 'Unread' });
      const unreadCount = async () => Number(/(\d+)\s*$/.exec((await unread.textContent()) ?? '')?.[1]);
      await expect.poll(unreadCount).toBe(60);
      calls.length = 0;
      const row = page.locator('.list-scroll .row:not(.placeholder)').nth(1);
      const title = await row.locator('.row-title').textContent();
      await row.click();
      await page.locator('#reader-title', { hasText: title! }).waitFor();
      expect(await page.locator('.article-body p').count()).toBe(0);
      release();
      await page.locator('.article-body p').first().waitFor();
      await page.waitForTimeout(300);
      // …and marks it read: the sidebar's unread count moves by one, without reloading the sidebar.
      expect(calls.map((c) => c.url)).toEqual(['/api/clippings.get', '/api/clippings.setFlags']);
      expect(await unreadCount()).toBe(59);
    } finally {
      await ctx.close();
    }
  });

  it('the list is aria-busy from Enter until the search has answered in full, and not before or after', async () => {
    const ctx = await newContext(browser, served);
    try {
      const page = await openApp(ctx, served);
      await page.locator('.list-scroll .row:not(.placeholder)').first().waitFor();
      const pane = page.locator('section.list-pane');
      await expect.poll(() => pane.getAttribute('aria-busy')).toBe('false');
      let release = () => {};
      const held = new Promise<void>((r) => (release = r));
      await page.route('**/api/search.query*', async (route) => {
        await held;
        await route.continue();
      });
      const input = page.getByRole('combobox', { name: 'Search clippings' });
      await input.fill('timetable');
      expect(await pane.getAttribute('aria-busy')).toBe('false');
      await input.press('Enter');
      await expect.poll(() => pane.getAttribute('aria-busy')).toBe('true');
      await page.waitForTimeout(300);
      expect(await pane.getAttribute('aria-busy')).toBe('true');
      release();
      await expect.poll(() => pane.getAttribute('aria-busy')).toBe('false');
      expect(await page.locator('.list-count').textContent()).toContain('60 clippings');
    } finally {
      await ctx.close();
    }
  });

  it('typing asks for suggestions at once, one request at a time: the latest text goes when the one in flight answers', async () => {
    const ctx = await newContext(browser, served);
    try {
      const page = await openApp(ctx, served);
      await page.locator('.list-scroll .row:not(.placeholder)').first().waitFor();
      const asked: string[] = [];
      let release = () => {};
      const held = new Promise<void>((r) => (release = r));
      await page.route('**/api/search.suggest', async (route) => {
        asked.push((route.request().postDataJSON() as { text: string }).text);
        if (asked.length === 1) await held;
        await route.continue();
      });
      const input = page.getByRole('combobox', { name: 'Search clippings' });
      await input.focus();
      await input.pressSequentially('ferr', { delay: 10 });
      // The first key that makes a query (two letters) went at once; the rest wait for it.
      await expect.poll(() => asked).toEqual(['fe']);
      await input.pressSequentially('y n', { delay: 10 });
      await page.waitForTimeout(200);
      expect(asked).toEqual(['fe']);
      release();
      await page.locator('ul[aria-label="Suggestions"][data-for="ferry n"] li').first().waitFor();
      expect(asked).toEqual(['fe', 'ferry n']);
    } finally {
      await ctx.close();
    }
  });
});
