/**
 * The page as Electron runs it, without Electron: an init script plays the preload's
 * part (`window.cuttings` with every contract method, here forwarded to the served HTTP
 * API; `window.cuttingsEvents.on` with a hook to emit the main process's events;
 * `window.cuttingsPlaces` whose save dialog is the server's save grant, and a lasting
 * place to list and revoke). The page must use the bridge, reload its lists on
 * `changed`, focus search on the `find` menu command, export through `export.write` to
 * the grant its save dialog gave (no typed path), and list and revoke lasting places.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HARWICK } from '../fixtures/articles.ts';
import { importPaths } from './api.ts';
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

  // The main process's dialogs: the save dialog "answers" with a server save grant (the
  // test fetches what was written from its download link); one lasting place is kept.
  const downloads: string[] = [];
  w.__downloads = downloads;
  const lasting = [{ grant: `g${'b'.repeat(32)}`, kind: 'folder', label: '/home/me/Backups', lasting: true }];
  w.cuttingsPlaces = Object.freeze({
    pickFiles: async () => [],
    pickFolder: async () => [],
    pickSaveLocation: async ({ defaultName }: { defaultName: string }) => {
      const res = await fetch(`/api/save?name=${encodeURIComponent(defaultName)}`, { method: 'POST', headers: { 'X-Cuttings-Token': token } });
      const { result } = (await res.json()) as { result: { grant: string; download: string } };
      downloads.push(result.download);
      return [{ grant: result.grant, kind: 'write', label: defaultName, lasting: false }];
    },
    fromDrop: async () => [],
  });
  const api = w.cuttings as Record<string, (a: unknown) => Promise<unknown>>;
  w.cuttings = new Proxy(
    {},
    {
      get: (_t, method) => {
        if (method === 'places.list') return async () => lasting.slice();
        if (method === 'places.revoke')
          return async ({ grant }: { grant: string }) => {
            const i = lasting.findIndex((p) => p.grant === grant);
            if (i >= 0) lasting.splice(i, 1);
            calls.push(`places.revoke ${grant}`);
            return { grant, revoked: i >= 0 };
          };
        return api[method as string];
      },
    },
  );
}

describe('the UI in Electron (preload simulated)', () => {
  it('uses the bridge, reloads on "changed", focuses search on the Find menu, and exports through the save dialog\'s grant', async () => {
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
    const rep = await importPaths(served, [HARWICK.capture]);
    expect(rep.filter((r) => r.status === 'added')).toHaveLength(1);
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

    // Export: no path field; the main process's save dialog gives a grant, the core writes there.
    await page.locator('.article-body').click({ position: { x: 2, y: 2 } });
    await page.keyboard.press('e');
    const dialog = page.getByRole('dialog', { name: 'Export' });
    await dialog.waitFor();
    expect(await dialog.getByLabel('Save as').count()).toBe(0);
    expect(await dialog.locator('input.mono, input[type=text]').count()).toBe(0);
    await dialog.getByRole('button', { name: /^Export 1 clipping$/ }).click();
    const finished = page.getByRole('dialog', { name: 'Export finished' });
    await finished.waitFor();
    expect(await finished.textContent()).toMatch(/\.md/);
    const [link] = await page.evaluate(() => (window as unknown as { __downloads: string[] }).__downloads);
    expect(link).toMatch(/^\/api\/download\//);
    const written = await (await fetch(`${served.origin}${link}`)).text();
    expect(written).toContain(HARWICK.titleWords);
    await finished.getByRole('button', { name: 'Done' }).click();

    // Places Cuttings may use: the lasting place is listed, and Revoke forgets it.
    await page.getByRole('button', { name: 'Backup and restore' }).click();
    const places = page.getByRole('list', { name: 'Places Cuttings may use' });
    await places.getByText('/home/me/Backups').waitFor();
    await places.getByRole('button', { name: 'Revoke' }).click();
    await page.getByRole('dialog', { name: 'Backup and restore' }).getByText('None.').waitFor();
    expect(await page.evaluate(() => (window as unknown as { __bridgeCalls: string[] }).__bridgeCalls)).toContain(`places.revoke g${'b'.repeat(32)}`);

    expect(errors).toEqual([]);
    await ctx.close();
  });
});
