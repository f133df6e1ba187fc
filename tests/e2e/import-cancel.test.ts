/**
 * Cancel in the import progress stops the file being read, not only the files after it:
 * the page adds its files under one job id and Cancel calls `clippings.cancelImport`,
 * which terminates the worker extracting the capture. The real `cuttings serve` with its
 * test hooks on (a capture starting `cuttings-test:hang` computes until stopped).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers.ts';
import { call } from './api.ts';
import { launch, newContext, openApp, serve, type Served } from './harness.ts';

let served: Served;
let browser: Browser;

beforeAll(async () => {
  [served, browser] = await Promise.all([serve({ env: { CUTTINGS_TEST_HOOKS: '1' } }), launch()]);
});

afterAll(async () => {
  await browser?.close();
  await served?.stop();
});

function page(file: string, n: number): string {
  const body = Array.from({ length: 5 }, (_, i) => `<p>Paragraph ${i + 1} of report ${n}: the river authority published its flood defence plan for the valley towns.</p>`).join('');
  writeFileSync(file, `<!doctype html><html><head><title>Report ${n}</title></head><body><article><h1>Report ${n}</h1>${body}</article></body></html>`);
  return file;
}

describe('import progress in browser mode', () => {
  it('Cancel stops a file in the middle of its extraction: the progress says cancelled, nothing of it is stored', async () => {
    const dir = tempDir();
    const first = page(path.join(dir, 'first.html'), 1);
    const forever = path.join(dir, 'forever.html');
    writeFileSync(forever, 'cuttings-test:hang\n');
    const last = page(path.join(dir, 'last.html'), 2);

    const ctx = await newContext(browser, served);
    try {
      const p = await openApp(ctx, served);
      await p.getByRole('button', { name: 'Import', exact: true }).click();
      await p.getByLabel('Capture files to import').setInputFiles([first, forever, last]);
      const progress = p.locator('.import-progress');
      await expect.poll(() => progress.textContent(), { timeout: 30_000 }).toContain('forever.html');
      await expect.poll(() => progress.textContent()).toContain('1 added');
      await p.waitForTimeout(500);
      await progress.getByRole('button', { name: 'Cancel' }).click();

      await progress.getByText('Import cancelled').waitFor();
      const text = await progress.textContent();
      expect(text).toContain('1 added');
      expect(text).toContain('2 not tried');
      // Stopped, not run to its deadline: the hanging file is no failure, just not stored.
      expect(text).not.toContain('failed');
      const list = await call(served, 'clippings.list', { limit: 10 });
      expect(list.items.map((c) => c.title)).toEqual(['Report 1']);
      // The worker was replaced: the next import works.
      const again = await call(served, 'clippings.add', { capture: { name: 'last.html', base64: readFileSync(last).toString('base64') } });
      expect(again.status).toBe('added');
    } finally {
      await ctx.close();
    }
  });
});
