/**
 * The page as Electron runs it, without Electron: an init script plays the preload's
 * part (`window.cuttings` with every contract method, here forwarded to the served HTTP
 * API; `window.cuttingsEvents.on` with a hook to emit the main process's events). The
 * page must use the bridge, reload its lists on `changed`, focus search on the `find`
 * menu command, and export through `export.write` to a path (`~/` allowed).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HARWICK } from '../fixtures/articles.ts';
import { call } from './api.ts';
import { launch, newContext, serve, type Served } from './harness.ts';

let served: Served;
let browser: Browser;

beforeAll(async () => {
  [served, browser] = await Promise.all([serve(), launch()]);
});

afterAll(async () => {
  await browser?.close();
  await served?.stop();
});

/** Stands in for electron/shell/preload.ts. */
function fakePreload(token: string): void {
  const w = window as unknown as Record<string, unknown>;
  const calls: string[] = [];
  w.__bridgeCalls = calls;
  w.cuttings = new Proxy(
    {},
    {
      get: (_t, method) =>
        typeof method !== 'string'
          ? undefined
          : async (args: unknown) => {
              calls.push(method);
              const res = await fetch(`/api/${method}`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Cuttings-Token': token }, body: JSON.stringify(args ?? {}) });
              const env = (await res.json()) as { ok: boolean; result?: unknown; error?: { code: string; message: string } };
              if (!env.ok) throw Object.assign(new Error(env.error?.message), { code: env.error?.code });
              return env.result;
            },
    },
  );
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  w.cuttingsEvents = Object.freeze({
    on(name: string, fn: (p: unknown) => void) {
      const set = listeners.get(name) ?? new Set();
      listeners.set(name, set);
      set.add(fn);
      return () => void set.delete(fn);
    },
  });
  w.__emit = (name: string, payload: unknown) => listeners.get(name)?.forEach((fn) => fn(payload));
  w.__listeners = (name: string) => listeners.get(name)?.size ?? 0;
}

describe('the UI in Electron (preload simulated)', () => {
  it('uses the bridge, reloads on "changed", focuses search on the Find menu, and exports to a path', async () => {
    const ctx = await newContext(browser, served);
    await ctx.addInitScript(fakePreload, served.token);
    const page = await ctx.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(served.url);
    await page.getByRole('heading', { name: 'Your archive is empty' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.dataset.mode)).toBe('electron');
    expect(await page.evaluate(() => (window as unknown as { __bridgeCalls: string[] }).__bridgeCalls)).toContain('clippings.list');
    await expect.poll(() => page.evaluate(() => (window as unknown as { __listeners: (n: string) => number }).__listeners('changed'))).toBe(1);

    // The main process imports (File › Import…): nothing shows until it says so.
    const rep = await call(served, 'clippings.import', { paths: [HARWICK.capture], tags: [] });
    expect(rep.added).toBe(1);
    await page.waitForTimeout(300);
    expect(await page.locator('.list-scroll .row').count()).toBe(0);
    await page.evaluate(() => (window as unknown as { __emit: (n: string, p: unknown) => void }).__emit('changed', { reason: 'import', report: { added: 1, updated: 0, duplicates: 0, errors: 0, skipped: 0, files: 1 } }));
    await page.locator('.list-scroll .row', { hasText: HARWICK.titleWords }).waitFor();
    await page.locator('.sidebar .nav-item', { hasText: 'All clippings' }).filter({ hasText: '1' }).waitFor();

    // Edit › Find… focuses the search field, even from the reader.
    await page.locator('.list-scroll .row', { hasText: HARWICK.titleWords }).click();
    await page.locator('.article-body').click({ position: { x: 2, y: 2 } });
    await page.evaluate(() => (window as unknown as { __emit: (n: string, p: unknown) => void }).__emit('menu', { action: 'find' }));
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Search clippings');

    // Export writes where the user says; the default is under ~/.
    await page.locator('.article-body').click({ position: { x: 2, y: 2 } });
    await page.keyboard.press('e');
    const dialog = page.getByRole('dialog', { name: 'Export' });
    await dialog.waitFor();
    expect(await dialog.getByLabel('Save as').inputValue()).toMatch(/^~\/Downloads\/.+\.md$/);
    const out = path.join(served.dir, 'electron-export', 'harwick.md');
    await dialog.getByLabel('Save as').fill(out);
    await dialog.getByRole('button', { name: /^Export 1 clipping$/ }).click();
    const finished = page.getByRole('dialog', { name: 'Export finished' });
    await finished.waitFor();
    expect(await finished.textContent()).toContain(out);
    expect(existsSync(out)).toBe(true);
    expect(readFileSync(out, 'utf8')).toContain(HARWICK.titleWords);

    expect(errors).toEqual([]);
    await ctx.close();
  });
});
