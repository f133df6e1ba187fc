/**
 * Browser mode's files in Chromium: the page names no path. An import from the file
 * input is an upload, an export and a backup are downloads (single-use links from the
 * server), a restore takes an uploaded backup; the places list says a browser keeps none.
 */
import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HARWICK } from '../fixtures/articles.ts';
import { call } from './api.ts';
import { launch, newContext, openApp, serve, type Served } from './harness.ts';

let served: Served;
let browser: Browser;

beforeAll(async () => {
  [served, browser] = await Promise.all([serve(), launch()]);
});

afterAll(async () => {
  await browser?.close();
  await served?.stop();
});

describe('files in browser mode', () => {
  it('imports by upload, exports and backs up to downloads, restores an uploaded backup', async () => {
    const ctx = await newContext(browser, served, { acceptDownloads: true });
    const page = await openApp(ctx, served);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const requests: string[] = [];
    page.on('request', (r) => requests.push(`${r.method()} ${new URL(r.url()).pathname}`));

    // Import through the file input: the file is uploaded, then imported by its grant.
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.getByLabel('Capture files to import').setInputFiles(HARWICK.capture);
    await page.locator('#reader-title').filter({ hasText: HARWICK.titleWords }).waitFor();
    expect(requests).toContain('POST /api/upload');
    expect(requests).toContain('POST /api/clippings.import');
    expect(requests).not.toContain('POST /api/clippings.add');

    // Export: a download from the server's single-use link.
    await page.locator('.article-body').click({ position: { x: 2, y: 2 } });
    await page.keyboard.press('e');
    const exportDialog = page.getByRole('dialog', { name: 'Export' });
    await exportDialog.getByLabel('Format').selectOption('md');
    const [download] = await Promise.all([page.waitForEvent('download'), exportDialog.getByRole('button', { name: /^Download 1 clipping$/ }).click()]);
    expect(new URL(download.url()).pathname).toMatch(/^\/api\/download\/[0-9a-f]{32}$/);
    expect(download.suggestedFilename()).toMatch(/\.md$/);
    expect(readFileSync((await download.path())!, 'utf8')).toContain(HARWICK.titleWords);
    // Used once: the same link is gone.
    expect((await fetch(download.url())).status).toBe(404);
    await page.getByRole('dialog', { name: 'Export finished' }).getByRole('button', { name: 'Done' }).click();

    // Backup: a download of the whole archive.
    await page.getByRole('button', { name: 'Backup and restore' }).click();
    const dialog = page.getByRole('dialog', { name: 'Backup and restore' });
    await dialog.getByText('In a browser Cuttings keeps no places').waitFor();
    const [backup] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: 'Download a backup' }).click()]);
    expect(backup.suggestedFilename()).toMatch(/^cuttings-backup-\d{4}-\d{2}-\d{2}\.db$/);
    const backupFile = (await backup.path())!;
    expect(readFileSync(backupFile).subarray(0, 15).toString()).toBe('SQLite format 3');
    await dialog.getByRole('status').filter({ hasText: 'Backup downloaded' }).waitFor();
    await dialog.getByRole('button', { name: 'Done' }).click();

    // The clipping goes for good; the backup brings it back.
    const { id } = (await call(served, 'clippings.list', {})).items[0]!;
    await call(served, 'clippings.delete', { selection: { ids: [id] } });
    await call(served, 'trash.empty', {});
    await call(served, 'clippings.add', { capture: { name: 'other.txt', text: `Something else entirely\n\n${'A different article about other matters. '.repeat(20)}` } });
    await page.reload();
    await page.getByRole('button', { name: 'Backup and restore' }).click();
    const again = page.getByRole('dialog', { name: 'Backup and restore' });
    await again.getByLabel(/Replace the 1 clipping in this archive/).check();
    const chooserShown = page.waitForEvent('filechooser'); // before the click (see keyboard.test.ts)
    await again.getByRole('button', { name: 'Restore from a backup…' }).click();
    const chooser = await chooserShown;
    await chooser.setFiles(backupFile);
    await again.getByRole('status').filter({ hasText: 'Restored 1 clipping' }).waitFor();
    await again.getByRole('button', { name: 'Done' }).click();
    await page.locator('.list-scroll .row', { hasText: HARWICK.titleWords }).waitFor();
    expect((await call(served, 'clippings.list', {})).items.map((c) => c.title)).toEqual([expect.stringContaining(HARWICK.titleWords)]);
    expect(requests.filter((r) => r === 'POST /api/upload')).toHaveLength(2);

    expect(errors).toEqual([]);
    await ctx.close();
  });
});
