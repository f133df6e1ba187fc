/**
 * Who did what in the app (issue 20, item 3), in Chromium over browser mode, against a
 * real team server on a throwaway PostgreSQL: alice adds a clipping and highlights it, bob
 * corrects its title; bob's reader then shows, under Details, that alice added it and bob
 * edited the title (also marked in the details form), and the highlight says it is
 * alice's; `by:alice` and `-by:alice` in
 * the search box find it and leave it out. Screenshots of the panel light and dark; axe
 * finds nothing serious.
 */
import { execFile, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithPostgres, pgCluster } from '../team/pg.ts';
import { spawnTeamServer } from '../team/serve.ts';
import { call } from './api.ts';
import { axe } from './axe.ts';
import { launch, newContext, openApp, ROOT, serve, shot, submitSearch, type Served } from './harness.ts';

const CLI = path.join(ROOT, 'dist/cli.mjs');
const run = promisify(execFile);

async function cli(args: string[]): Promise<string> {
  return (await run(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 60_000 })).stdout;
}

const PAGE =
  '<html><head><title>Harbour wall delayed</title></head><body><article><h1>Harbour wall delayed</h1><p>The harbour authority said the new sea wall would not be finished before the winter storms, because the stone arrived late.</p><p>The council will meet on Thursday to decide whether the quay stays closed.</p></article></body></html>';

describeWithPostgres('who did what in the app (browser mode, PostgreSQL)', () => {
  let team: ChildProcess;
  let a: Served;
  let b: Served;
  let browser: Browser;
  let pb: Page;
  let bobsId: number;

  beforeAll(async () => {
    const databaseUrl = await pgCluster().database();
    await cli(['team', 'init', '--database-url', databaseUrl]);
    const token = async (name: string) => JSON.parse(await cli(['team', 'user', 'add', name, '--role', 'editor', '--database-url', databaseUrl, '--json'])).token as string;
    const [alice, bob] = [await token('alice'), await token('bob')];
    let teamUrl: string;
    ({ child: team, url: teamUrl } = await spawnTeamServer(CLI, databaseUrl));
    [a, b] = await Promise.all([serve(), serve()]);
    const added = await call(a, 'clippings.add', { capture: { name: 'wall.html', text: PAGE } });
    await call(a, 'annotations.create', { id: added.id, quote: 'the stone arrived late', note: 'ask the supplier' });
    await call(a, 'team.join', { server: teamUrl, token: alice });
    await call(b, 'team.join', { server: teamUrl, token: bob });
    await call(a, 'team.sync', {});
    await call(b, 'team.sync', {});
    bobsId = (await call(b, 'clippings.list', {})).items[0]!.id;
    await call(b, 'clippings.update', { selection: { ids: [bobsId] }, title: 'Sea wall delayed by late stone' });
    await call(b, 'clippings.add', { capture: { name: 'tram.txt', mediaType: 'text/plain', text: 'Bob’s own clipping: the tram line gets a new winter timetable from December.' } });
    await call(b, 'team.sync', {});
    browser = await launch();
    pb = await openApp(await newContext(browser, b), b);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await Promise.all([a?.stop(), b?.stop()]);
    team?.kill('SIGTERM');
  });

  it('the reader says who added the clipping, who edited its title, and whose the highlight is', async () => {
    await pb.locator('.row', { hasText: 'Sea wall delayed by late stone' }).click();
    await pb.waitForSelector('#reader-title');
    const who = pb.locator('.notes-panel dl.authors');
    await who.waitFor();
    const rows = await who.evaluate((dl) => [...dl.querySelectorAll('dt')].map((dt) => `${dt.textContent}: ${dt.nextElementSibling?.textContent}`));
    expect(rows).toContain('Added by: alice');
    expect(rows).toContain('Title: edited by bob');
    expect(await pb.locator('.notes-panel .ann', { hasText: 'the stone arrived late' }).locator('.ann-author').textContent()).toBe('by alice');
    for (const scheme of ['light', 'dark'] as const) {
      await pb.emulateMedia({ colorScheme: scheme });
      await pb.locator('.notes-panel').screenshot({ path: shot(`team-authors-${scheme}.png`) });
      expect(await axe(pb), `who did what, ${scheme}`).toEqual([]);
    }
    await pb.emulateMedia({ colorScheme: 'light' });
  });

  it('the details form marks the title edited by bob and says who added the clipping', async () => {
    await pb.click('button[aria-controls="reader-details"]');
    const panel = pb.locator('#reader-details');
    await panel.locator('.details-added').waitFor();
    expect(await panel.locator('.details-added').textContent()).toBe('Added by alice');
    await expect.poll(() => panel.locator('.details-field', { hasText: 'Title' }).locator('.edited-mark').textContent()).toBe('edited by bob');
    expect(await panel.locator('.details-field', { hasText: 'Outlet' }).locator('.edited-mark').count()).toBe(0);
    for (const scheme of ['light', 'dark'] as const) {
      await pb.emulateMedia({ colorScheme: scheme });
      await panel.screenshot({ path: shot(`team-authors-details-${scheme}.png`) });
      expect(await axe(pb), `details form, ${scheme}`).toEqual([]);
    }
    await pb.emulateMedia({ colorScheme: 'light' });
    await pb.keyboard.press('Escape');
  });

  it('by:alice finds the clipping she added, -by:alice leaves it out', async () => {
    await submitSearch(pb, 'by:alice');
    await expect.poll(() => pb.locator('.row').allTextContents()).toEqual([expect.stringContaining('Sea wall delayed by late stone')]);
    await submitSearch(pb, '-by:alice');
    await expect.poll(() => pb.locator('.row').allTextContents()).toEqual([expect.stringContaining('tram line')]);
    await submitSearch(pb, 'by:ALICE harbour');
    await expect.poll(() => pb.locator('.row').count()).toBe(1);
  });
});
