/**
 * The app-only controls, on the page as Electron runs it (the preload simulated by an
 * init script, as in bridge.test.ts): Settings' daily backups (on/off, their folder from
 * the main process's folder dialog, kept as a lasting grant) and "Open the data folder";
 * and a folder dropped on the window, which in the app goes to the core whole, by the
 * main process's drop grant (the core walks it), not file by file.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers.ts';
import { axe } from './axe.ts';
import { dropOnWindow, launch, newContext, serve, type Served, shot } from './harness.ts';

let served: Served;
let browser: Browser;

beforeAll(async () => {
  [served, browser] = await Promise.all([serve(), launch()]);
});

afterAll(async () => {
  await browser?.close();
  await served?.stop();
});

const FOLDER_GRANT = `g${'f'.repeat(32)}`;
const BACKUP_GRANT = `g${'b'.repeat(32)}`;

/** Stands in for electron/shell/preload.ts and the main process behind it. */
function fakePreload(args: { token: string; folderGrant: string; backupGrant: string }): void {
  const w = window as unknown as Record<string, unknown>;
  const log: unknown[][] = [];
  w.__log = log;
  const http = async (method: string, a: unknown) => {
    const res = await fetch(`/api/${method}`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Cuttings-Token': args.token }, body: JSON.stringify(a ?? {}) });
    const env = (await res.json()) as { ok: boolean; result?: unknown; error?: { code: string; message: string } };
    if (!env.ok) throw Object.assign(new Error(env.error?.message), { code: env.error?.code });
    return env.result;
  };
  w.cuttings = new Proxy(
    {},
    {
      get: (_t, method) =>
        typeof method !== 'string'
          ? undefined
          : async (a: { paths?: { grant?: string }[] }) => {
              // The core walking the dropped folder the main process granted.
              if (method === 'clippings.import' && a.paths?.[0]?.grant === args.folderGrant) {
                log.push(['clippings.import', a]);
                const r = (file: string, status: string, extra = {}) => ({ file, status, id: status === 'added' ? 1 : null, title: 'T', byline: null, publishedAt: null, ...extra });
                return {
                  results: [r('/home/me/Press/May/a.html', 'added'), r('/home/me/Press/May/b.pdf', 'error', { error: '/home/me/Press/May/b.pdf: not a PDF file' }), r('/home/me/Press/c.txt', 'added')],
                  added: 2, updated: 0, duplicates: 0, errors: 1, skipped: 1, notTried: 0, stopped: null,
                };
              }
              return http(method, a);
            },
    },
  );
  w.cuttingsEvents = Object.freeze({ on: () => () => undefined });
  // The main process's settings: backups on, into the default folder.
  let backups: { enabled: boolean; folder: null | { grant: string; kind: string; label: string; lasting: boolean }; defaultFolder: string } = { enabled: true, folder: null, defaultFolder: '/home/me/.config/Cuttings/backups' };
  w.cuttingsPlaces = Object.freeze({
    pickFiles: async () => [],
    pickFolder: async (o: unknown) => {
      log.push(['pickFolder', o]);
      return [{ grant: args.backupGrant, kind: 'folder', label: '/media/usb/Cuttings backups', lasting: true }];
    },
    pickSaveLocation: async () => [],
    fromDrop: async (files: File[]) => {
      log.push(['fromDrop', files.map((f) => f.name)]);
      return files.map(() => ({ grant: args.folderGrant, kind: 'read', label: 'Press', lasting: false }));
    },
    backupSettings: async () => backups,
    setBackupSettings: async (c: { enabled?: boolean; folder?: string | null }) => {
      log.push(['setBackupSettings', c]);
      backups = {
        ...backups,
        ...(c.enabled !== undefined ? { enabled: c.enabled } : {}),
        ...(c.folder !== undefined ? { folder: c.folder ? { grant: c.folder, kind: 'folder', label: '/media/usb/Cuttings backups', lasting: true } : null } : {}),
      };
      return backups;
    },
    openDataFolder: async () => {
      log.push(['openDataFolder']);
      return { opened: true, error: null };
    },
  });
}

const logOf = (p: Page) => p.evaluate(() => (window as unknown as { __log: unknown[][] }).__log);

async function openPage(theme: 'light' | 'dark') {
  const ctx = await newContext(browser, served, { colorScheme: theme });
  await ctx.addInitScript(fakePreload, { token: served.token, folderGrant: FOLDER_GRANT, backupGrant: BACKUP_GRANT });
  const page = await ctx.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(served.url);
  await page.getByRole('button', { name: 'Import', exact: true }).waitFor();
  expect(await page.evaluate(() => document.documentElement.dataset.mode)).toBe('electron');
  return { ctx, page, errors };
}

describe.each(['light', 'dark'] as const)('the app-only controls (preload simulated, %s)', (theme) => {
  it('Settings: daily backups off and on, their folder chosen in the main process\'s dialog (kept), the default again; Open the data folder', async () => {
    const { ctx, page, errors } = await openPage(theme);
    try {
      await page.click('button[aria-label="Settings"]');
      const dialog = page.getByRole('dialog', { name: 'Settings' });
      const box = dialog.getByLabel('Back up the archive each day the app starts (the last 7 are kept)');
      await expect.poll(() => box.isChecked()).toBe(true);
      expect(await dialog.textContent()).toContain('Backups go to /home/me/.config/Cuttings/backups');
      expect(await dialog.textContent()).not.toContain('not in a browser');

      await box.uncheck();
      await expect.poll(() => box.isChecked()).toBe(false);
      await box.check();
      await dialog.getByRole('button', { name: 'Choose a folder for backups…' }).click();
      await dialog.getByText('Backups go to /media/usb/Cuttings backups').waitFor();
      await page.screenshot({ path: shot(`settings-app-backups-${theme}.png`) });
      expect(await axe(page), `settings in the app, ${theme}`).toEqual([]);
      await dialog.getByRole('button', { name: 'Use the default folder' }).click();
      await dialog.getByText('Backups go to /home/me/.config/Cuttings/backups').waitFor();
      await dialog.getByRole('button', { name: 'Open the data folder' }).click();
      await expect.poll(() => logOf(page).then((l) => l.at(-1))).toEqual(['openDataFolder']);

      expect(await logOf(page)).toEqual([
        ['setBackupSettings', { enabled: false }],
        ['setBackupSettings', { enabled: true }],
        ['pickFolder', { title: 'Folder for the daily backups', remember: true }],
        ['setBackupSettings', { folder: BACKUP_GRANT }],
        ['setBackupSettings', { folder: null }],
        ['openDataFolder'],
      ]);
      expect(errors).toEqual([]);
    } finally {
      await ctx.close();
    }
  });

  it('a dropped folder goes to the core whole, by its drop grant: one import, every file of it in the report', async () => {
    const root = path.join(tempDir(), 'Press');
    mkdirSync(path.join(root, 'May'), { recursive: true });
    writeFileSync(path.join(root, 'May', 'a.html'), '<title>a</title>');
    writeFileSync(path.join(root, 'c.txt'), 'c');
    const { ctx, page, errors } = await openPage(theme);
    try {
      await dropOnWindow(page, [root]);
      const card = page.locator('.import-progress');
      await card.getByText('Import finished').waitFor({ timeout: 30_000 });
      const log = await logOf(page);
      expect(log[0]).toEqual(['fromDrop', ['Press']]);
      expect(log.filter((l) => l[0] === 'clippings.import')).toEqual([['clippings.import', { paths: [{ grant: FOLDER_GRANT }], job: expect.stringMatching(/^import-/) }]]);
      expect(await card.locator('.progress-summary').textContent()).toBe('2 added · 1 failed · 1 skipped (not captures)');
      await card.getByRole('button', { name: 'Show details' }).click();
      await card.getByLabel('Sort files').selectOption('name');
      expect(await card.locator('.progress-details li').allTextContents()).toEqual(['Press/c.txt: added (open it)', 'Press/May/a.html: added (open it)', 'Press/May/b.pdf: not a PDF file']);
      expect(errors).toEqual([]);
    } finally {
      await ctx.close();
    }
  });
});
