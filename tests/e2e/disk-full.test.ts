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
import { call } from './api.ts';
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
      // Files are uploaded (several at a time) and imported by their upload grants, those
      // that are there in one call: the import that reaches 2-b.html is answered as the
      // core answers on a full disk (the files before it stored, a report that stopped at it).
      const names = new Map<string, string>();
      await page.route('**/api/upload?*', async (route) => {
        const res = await route.fetch();
        const reply = (await res.json()) as { result: { grant: string; name: string } };
        names.set(reply.result.grant, reply.result.name);
        return route.fulfill({ response: res, json: reply });
      });
      const imported: string[] = [];
      await page.route('**/api/clippings.import', async (route) => {
        const args = route.request().postDataJSON() as { paths: { grant: string }[]; job?: string };
        const asked = args.paths.map((p) => names.get(p.grant) ?? '?');
        const at = asked.indexOf('2-b.html');
        if (at < 0) {
          imported.push(...asked);
          return route.continue();
        }
        imported.push(...asked.slice(0, at));
        const before = at > 0 ? ((await (await route.fetch({ postData: JSON.stringify({ ...args, paths: args.paths.slice(0, at) }) })).json()) as { result: { results: unknown[] } }).result.results : [];
        const empty = { id: null, title: null, byline: null, publishedAt: null };
        const error = '2-b.html: disk full, not stored';
        const report = {
          results: [...before, { file: '2-b.html', status: 'error', ...empty, error }, ...asked.slice(at + 1).map((file) => ({ file, status: 'not_tried', ...empty }))],
          added: before.length, updated: 0, duplicates: 0, errors: 1, skipped: 0, notTried: asked.length - at - 1,
          stopped: 'disk full while storing 2-b.html: the import stopped there; what was stored before is kept.',
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
      // Nothing after it was imported.
      expect(imported).toEqual(['1-a.html']);
      expect((await call(served, 'clippings.list', {})).total).toBe(1);
    } finally {
      await ctx.close();
    }
  });
});
