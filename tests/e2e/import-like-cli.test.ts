/**
 * A folder imported through the page (browser mode: the folder chooser, uploads, upload
 * grants) stores exactly what `cuttings import` stores from the same folder: the same
 * clippings with the same titles, outlets, bylines, dates, languages and texts. And the
 * page's way there is the bulk one (issue 14, item 3): several uploads in flight at
 * once, and fewer import calls than files (the grants that are there go in one call).
 */
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UPLOADS_IN_FLIGHT } from '../../renderer/api.ts';
import { tempDir } from '../helpers.ts';
import { archiveContents, call, importPaths } from './api.ts';
import { launch, newContext, openApp, ROOT, serve, type Served } from './harness.ts';

let served: Served;
let cli: Served;
let browser: Browser;

beforeAll(async () => {
  [served, cli, browser] = await Promise.all([serve(), serve(), launch()]);
});

afterAll(async () => {
  await browser?.close();
  await served?.stop();
  await cli?.stop();
});

/** Saved pages (each `page.html` in a folder of its own: same names, other folders), notes, a duplicate, a broken file. */
function inbox(): { dir: string; files: number } {
  const dir = path.join(tempDir(), 'Press');
  const pages = ['en-council-flood-defences', 'en-pa-rail-strike', 'fr-afp-greve', 'de-dpa-hochwasser', 'en-lighthouse-keepers', 'es-efe-incendio', 'it-ansa-neve', 'pl-pierogi'];
  let files = 0;
  for (const slug of pages) {
    mkdirSync(path.join(dir, slug), { recursive: true });
    copyFileSync(path.join(ROOT, 'tests/fixtures/extraction-pages', slug, 'page.html'), path.join(dir, slug, 'page.html'));
    files++;
  }
  mkdirSync(path.join(dir, 'notes'));
  for (let i = 1; i <= 5; i++) {
    writeFileSync(path.join(dir, 'notes', `note-${i}.txt`), `Harbour note ${i}\n\nThe harbour board met on day ${i} and agreed the dredging plan number ${i * 13}; the vote was ${i + 6} to ${i % 3}.`);
    files++;
  }
  copyFileSync(path.join(dir, 'notes', 'note-2.txt'), path.join(dir, 'notes', 'again.txt'));
  writeFileSync(path.join(dir, 'broken.pdf'), 'not a pdf at all');
  return { dir, files: files + 2 };
}

describe('importing a folder through the page', () => {
  it('stores what the CLI stores from the same folder, with uploads in parallel and imports in batches', async () => {
    const { dir, files } = inbox();
    await importPaths(cli, [dir]);

    const ctx = await newContext(browser, served);
    try {
      const page = await openApp(ctx, served);
      // The first uploads are held until as many as the page sends at once have arrived
      // (or 2 s passed: a page that sends one at a time gets its first one through late).
      let inFlight = 0;
      let most = 0;
      let holding = true;
      const heldSince = Date.now();
      await page.route('**/api/upload?*', async (route) => {
        inFlight++;
        most = Math.max(most, inFlight);
        while (holding && inFlight < UPLOADS_IN_FLIGHT && Date.now() - heldSince < 2000) await new Promise((r) => setTimeout(r, 20));
        holding = false;
        await route.continue();
        inFlight--;
      });
      let imports = 0;
      page.on('request', (r) => {
        if (r.url().endsWith('/api/clippings.import')) imports++;
      });
      await page.getByRole('button', { name: 'Import', exact: true }).click();
      await page.getByLabel('A folder to import').setInputFiles(dir);
      const panel = page.locator('.import-progress');
      await panel.getByText('Import finished').waitFor({ timeout: 60_000 });
      expect(await panel.locator('.progress-summary').textContent()).toBe(`${files - 2} added · 1 duplicate · 1 failed`);

      expect(most).toBe(UPLOADS_IN_FLIGHT);
      expect(imports).toBeGreaterThan(0);
      expect(imports).toBeLessThan(files);

      const viaPage = await archiveContents((m, a) => call(served, m, a));
      const viaCli = await archiveContents((m, a) => call(cli, m, a));
      expect(viaPage).toHaveLength(files - 2);
      expect(viaPage).toEqual(viaCli);
    } finally {
      await ctx.close();
    }
  });
});
