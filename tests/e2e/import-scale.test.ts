/**
 * Import at scale in browser mode (issue 16, item 9): the progress shows the rate in
 * files a minute and the time left; the per-file report filters by outcome and sorts by
 * outcome or name; a folder dropped on the window is walked and every capture in it
 * imported. The drop is a real one: Chromium's DevTools `Input.dispatchDragEvent` with a
 * folder's path, so the page gets the folder as a file-system entry and walks it with
 * `webkitGetAsEntry()` (a DataTransfer built in the page holds no entries, only Files).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers.ts';
import { call } from './api.ts';
import { dropOnWindow, launch, newContext, openApp, serve, type Served, shot } from './harness.ts';

let served: Served;
let browser: Browser;

beforeAll(async () => {
  [served, browser] = await Promise.all([serve({ env: { CUTTINGS_TEST_HOOKS: '1' } }), launch()]);
});

afterAll(async () => {
  await browser?.close();
  await served?.stop();
});

const PLACES = ['Leeds', 'Hull', 'York', 'Bath', 'Derby', 'Ripon', 'Wells', 'Ely'];

function note(dir: string, name: string, n: number, theme: string): string {
  const file = path.join(dir, name);
  const place = PLACES[n % PLACES.length];
  writeFileSync(file, `Council note ${n} from ${place} (${theme})\n\nThe ${place} council met on day ${n} of the session (${theme}) and agreed the bus lane plan number ${n * 7 + 3}; the vote was ${n + 11} to ${n % 5}.`);
  return file;
}

/** Every text the progress line shows while the import runs (it may take a second only). */
async function watchProgressLine(page: Page): Promise<void> {
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { seenProgress: string[] }).seenProgress = seen;
    new MutationObserver(() => {
      const t = document.querySelector('.import-progress .progress-line')?.textContent;
      if (t && seen.at(-1) !== t) seen.push(t);
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
}

async function rows(page: Page): Promise<string[]> {
  return page.locator('.progress-details li').evaluateAll((els) => els.map((e) => `${e.getAttribute('data-outcome')} ${e.querySelector('strong')?.textContent}`));
}

describe.each(['light', 'dark'] as const)('import at scale (%s)', (theme) => {
  it('40 files: rate and time left while running; the report filters by outcome and sorts by outcome or name', async () => {
    const dir = tempDir();
    const files = Array.from({ length: 40 }, (_, i) => note(dir, `note-${String(i + 1).padStart(2, '0')}.txt`, i + 1, theme));
    // One the archive already holds (same text as note-01 under another name), one unreadable.
    const copy = path.join(dir, 'again-01.txt');
    writeFileSync(copy, `Council note 1 from ${PLACES[1]} (${theme})\n\nThe ${PLACES[1]} council met on day 1 of the session (${theme}) and agreed the bus lane plan number 10; the vote was 12 to 1.`);
    const bad = path.join(dir, 'broken.pdf');
    writeFileSync(bad, 'not a pdf at all');

    const ctx = await newContext(browser, served, { colorScheme: theme });
    try {
      const page = await openApp(ctx, served);
      await watchProgressLine(page);
      await page.getByRole('button', { name: 'Import', exact: true }).click();
      await page.getByLabel('Capture files to import').setInputFiles([...files, bad, copy]);
      const card = page.locator('.import-progress');
      await card.getByText('Import finished').waitFor({ timeout: 60_000 });

      const seen = await page.evaluate(() => (window as unknown as { seenProgress: string[] }).seenProgress);
      // While running: files a minute, and once a file is done, the time left.
      expect(seen.some((t) => /^\d+ of 42 · [\d,]+ files\/min · estimating time left…/.test(t)), seen.join('\n')).toBe(true);
      expect(seen.some((t) => /^\d+ of 42 · [\d,]+ files\/min · (\d+ s|about \d+ min) left/.test(t)), seen.join('\n')).toBe(true);
      expect(await card.locator('.progress-line').textContent()).toMatch(/^42 of 42 · [\d,]+ files\/min$/);
      expect(await card.locator('.progress-summary').textContent()).toBe('40 added · 1 duplicate · 1 failed');

      await card.getByRole('button', { name: 'Show details' }).click();
      const all = await rows(page);
      expect(all).toHaveLength(42);
      expect(all.slice(0, 2)).toEqual(['added note-01.txt', 'added note-02.txt']);
      expect(all.slice(-2)).toEqual(['failed broken.pdf', 'duplicate again-01.txt']);

      const show = card.getByLabel('Show files');
      expect(await show.locator('option').allTextContents()).toEqual(['all (42)', 'added (40)', 'duplicate (1)', 'failed (1)']);
      await show.selectOption('failed');
      expect(await rows(page)).toEqual(['failed broken.pdf']);
      expect(await card.locator('.progress-details li').first().textContent()).toMatch(/^broken\.pdf: /);
      await show.selectOption('duplicate');
      expect(await rows(page)).toEqual(['duplicate again-01.txt']);
      expect(await card.locator('.progress-details li').textContent()).toContain('already in the archive');

      await show.selectOption('all');
      const sort = card.getByLabel('Sort files');
      await sort.selectOption('outcome');
      const byOutcome = await rows(page);
      expect(byOutcome.slice(0, 40).every((r) => r.startsWith('added '))).toBe(true);
      expect(byOutcome.slice(40)).toEqual(['duplicate again-01.txt', 'failed broken.pdf']);
      await sort.selectOption('name');
      const byName = await rows(page);
      expect(byName.slice(0, 2)).toEqual(['duplicate again-01.txt', 'failed broken.pdf']);
      expect(byName.at(-1)).toBe('added note-40.txt');
      await page.screenshot({ path: shot(`import-report-${theme}.png`) });
    } finally {
      await ctx.close();
    }
  });

  it('Cancel: the file stopped in flight is "cancelled", the ones after it "not tried"', async () => {
    const dir = tempDir();
    const first = note(dir, 'first.txt', 101, theme);
    const forever = path.join(dir, 'forever.html');
    writeFileSync(forever, 'cuttings-test:hang\n');
    const last = note(dir, 'last.txt', 102, theme);
    const ctx = await newContext(browser, served, { colorScheme: theme });
    try {
      const page = await openApp(ctx, served);
      await page.getByRole('button', { name: 'Import', exact: true }).click();
      await page.getByLabel('Capture files to import').setInputFiles([first, forever, last]);
      const card = page.locator('.import-progress');
      await expect.poll(() => card.textContent(), { timeout: 30_000 }).toContain('forever.html');
      expect(await card.locator('.progress-line').textContent()).toMatch(/1 of 3 · [\d,]+ files\/min · (\d+ s|about \d+ min) left/);
      await card.getByRole('button', { name: 'Cancel' }).click();
      await card.getByText('Import cancelled').waitFor();
      await card.getByRole('button', { name: 'Show details' }).click();
      expect(await rows(page)).toEqual(['added first.txt', 'cancelled forever.html', 'not tried last.txt']);
      await card.getByLabel('Show files').selectOption('not tried');
      expect(await rows(page)).toEqual(['not tried last.txt']);
    } finally {
      await ctx.close();
    }
  });

  it('a folder dropped on the window: walked, every capture in it imported, named from the folder down', async () => {
    const root = path.join(tempDir(), `Press-${theme}`);
    mkdirSync(path.join(root, 'May'), { recursive: true });
    note(root, 'top.txt', 201, theme);
    note(path.join(root, 'May'), 'a.txt', 202, theme);
    note(path.join(root, 'May'), 'b.txt', 203, theme);
    writeFileSync(path.join(root, 'May', 'photo.jpg'), 'not a capture');

    const ctx = await newContext(browser, served, { colorScheme: theme });
    try {
      const page = await openApp(ctx, served);
      await dropOnWindow(page, [root]);
      const card = page.locator('.import-progress');
      await card.getByText('Import finished').waitFor({ timeout: 30_000 });
      expect(await card.locator('.progress-summary').textContent()).toBe('3 added · 1 skipped (not captures)');
      await card.getByRole('button', { name: 'Show details' }).click();
      await card.getByLabel('Sort files').selectOption('name');
      expect(await rows(page)).toEqual([`added Press-${theme}/May/a.txt`, `added Press-${theme}/May/b.txt`, `added Press-${theme}/top.txt`]);
      const found = await call(served, 'clippings.list', { limit: 200 });
      const titles = found.items.map((c) => c.title);
      for (const n of [201, 202, 203]) expect(titles.some((t) => t.startsWith(`Council note ${n} `))).toBe(true);
      await page.screenshot({ path: shot(`import-folder-drop-${theme}.png`) });
    } finally {
      await ctx.close();
    }
  });
});
