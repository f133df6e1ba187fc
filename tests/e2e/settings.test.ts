/**
 * Settings (issue 16, item 11), in Chromium over browser mode: theme, reading defaults,
 * the archive's file, what a browser can and cannot do about backups and the data
 * folder, the way to the places Cuttings may use, and the Connections section (no browser paired yet).
 * Settings survive a reload. Screenshots light and dark; axe finds nothing serious.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from './api.ts';
import { axe } from './axe.ts';
import { launch, newContext, openApp, serve, type Served, shot } from './harness.ts';

let served: Served;
let browser: Browser;

beforeAll(async () => {
  served = await serve();
  const r = await call(served, 'clippings.add', {
    capture: { name: 'a.html', text: '<html><head><title>Ferry timetable changes</title></head><body><article><h1>Ferry timetable changes</h1><p>The ferry company said winter crossings would be cut to two a day because of falling passenger numbers.</p></article></body></html>' },
  });
  expect(r.status).toBe('added');
  browser = await launch();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await served?.stop();
});

const bg = (p: Page) => p.evaluate(() => getComputedStyle(document.body).backgroundColor);

async function openSettings(p: Page): Promise<void> {
  await p.click('button[aria-label="Settings"]');
  await p.waitForSelector('dialog[open] h2:text-is("Settings")');
}

describe('settings', () => {
  it('chooses the theme whatever the system says, sets the reading defaults, and keeps them after a reload', async () => {
    const ctx = await newContext(browser, served, { colorScheme: 'light' });
    const p = await openApp(ctx, served);
    await p.waitForSelector('.row');
    const light = await bg(p);
    await openSettings(p);
    // The dialog's first field has the focus.
    expect(await p.evaluate(() => (document.activeElement as HTMLInputElement).value)).toBe('system');
    await p.getByLabel('Dark').check();
    await expect.poll(() => p.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    const dark = await bg(p);
    expect(dark).not.toBe(light);
    await p.selectOption('#settings-size', '22');
    await p.selectOption('#settings-width', 'narrow');
    await p.keyboard.press('Escape');
    await p.reload();
    await p.waitForSelector('.row');
    expect(await bg(p)).toBe(dark);
    await p.locator('.row').first().click();
    await p.waitForSelector('#reader-title');
    expect(await p.locator('.article-body').evaluate((el) => getComputedStyle(el).fontSize)).toBe('22px');
    expect(await p.locator('.article').evaluate((el) => getComputedStyle(el).maxWidth)).toBe('560px');
    await openSettings(p);
    expect(await p.getByLabel('Dark').isChecked()).toBe(true);
    await p.getByLabel('Follow the system').check();
    await expect.poll(() => bg(p)).toBe(light);
    await ctx.close();
  });

  it('shows the archive’s file, says what only the app does, leads to the places Cuttings may use, and has an empty Connections section', async () => {
    const ctx = await newContext(browser, served);
    const p = await openApp(ctx, served);
    await openSettings(p);
    await p.waitForSelector(`dialog[open] code:text-is("${served.db}")`);
    await p.waitForSelector('dialog[open] :text("Daily backups are made by the app, not in a browser")');
    await p.waitForSelector('dialog[open] :text("The data folder belongs to the app")');
    // The app's own controls (tests/e2e/bridge-app-places.test.ts) are not offered in a browser.
    expect(await p.getByRole('button', { name: 'Open the data folder' }).count()).toBe(0);
    expect(await p.getByLabel(/Back up the archive each day/).count()).toBe(0);
    await p.waitForSelector('dialog[open] section:has(h3:text-is("Connections")) :text("No browser is paired yet.")');
    expect(await p.locator('dialog[open] section:has(h3:text-is("Connections")) :is(input, select, button)').count()).toBe(0);
    await p.click('dialog[open] button:has-text("the places Cuttings may use")');
    await p.waitForSelector('dialog[open] h2:text-is("Backup and restore")');
    await ctx.close();
  });

  it('takes screenshots of Settings, light and dark, and axe finds nothing serious', async () => {
    for (const scheme of ['light', 'dark'] as const) {
      const ctx = await newContext(browser, served, { colorScheme: scheme });
      const p = await openApp(ctx, served);
      await p.waitForSelector('.row');
      await openSettings(p);
      await p.waitForSelector('dialog[open] code:not(:text-is("…"))');
      await p.screenshot({ path: shot(`settings-${scheme}.png`) });
      expect(await axe(p), `settings, ${scheme}`).toEqual([]);
      await ctx.close();
    }
  });
});
