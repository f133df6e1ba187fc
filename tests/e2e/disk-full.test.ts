/**
 * The import panel on a full disk: the page stops at the file the core could not store
 * (every later one would fail the same way), says the disk is full and names it, and
 * counts the files it did not try. The core's reply for that file is the contract's
 * `disk_full` error, given by the route (the server's own disk cannot be filled here).
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, newContext, openApp, serve, type Served } from './harness.ts';

let served: Served;
let browser: Browser;
beforeAll(async () => {
  served = await serve();
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  await served?.stop();
});

describe('importing files when the disk fills', () => {
  it('stops at the file that did not fit, names it, says the disk is full, counts the files not tried', async () => {
    const files = ['1-a.html', '2-b.html', '3-c.html', '4-d.html'].map((name) => {
      const file = path.join(served.dir, name);
      writeFileSync(
        file,
        `<html><head><title>Story ${name}</title></head><body><article><h1>Story ${name}</h1><p>The ferry board met on Tuesday about the harbour wall (${name}), and the winter timetable was agreed after a long debate.</p></article></body></html>`,
      );
      return file;
    });
    const ctx = await newContext(browser, served);
    try {
      const page = await openApp(ctx, served);
      // Each file is uploaded, then imported by its upload grant: the second import is
      // answered as the core answers on a full disk (a report that stopped at that file).
      const sent: string[] = [];
      await page.route('**/api/upload?*', async (route) => {
        sent.push(new URL(route.request().url()).searchParams.get('name') ?? '?');
        return route.continue();
      });
      let imports = 0;
      await page.route('**/api/clippings.import', async (route) => {
        if (++imports !== 2) return route.continue();
        const error = '2-b.html: disk full, not stored';
        const report = {
          results: [{ file: '2-b.html', status: 'error', id: null, title: null, byline: null, publishedAt: null, error }],
          added: 0, updated: 0, duplicates: 0, errors: 1, skipped: 0, notTried: 0,
          stopped: 'disk full while storing 2-b.html: the import stopped there (0 more not tried); what was stored before is kept.',
        };
        return route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ ok: true, result: report }) });
      });
      await page.getByRole('button', { name: 'Import', exact: true }).click();
      await page.getByLabel('Capture files to import').setInputFiles(files);
      const panel = page.locator('.import-progress');
      await panel.getByText('Import stopped', { exact: true }).waitFor();
      const text = await panel.textContent();
      expect(text).toContain('1 added');
      expect(text).toContain('1 failed');
      expect(text).toContain('2 not tried');
      expect(await panel.getByRole('alert').textContent()).toMatch(/disk is full: 2-b\.html was not stored/);
      expect(sent).toEqual(['1-a.html', '2-b.html']);
    } finally {
      await ctx.close();
    }
  });
});
