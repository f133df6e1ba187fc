/**
 * The team archive in the app (issue 20, items 1–2), in Chromium over browser mode, against
 * a real team server on a throwaway PostgreSQL: two `cuttings serve` instances on two
 * archives join the same team through Settings (after the errors a wrong address, a revoked
 * token and a server of another version give); a clipping and a tag made in one appear in
 * the other by the background sync, without a reload; with the team server stopped the
 * status line says offline, and once it is back, Synced; a token revoked meanwhile makes
 * it say the sync failed, and Settings why. A title, a clip note and the trash state
 * changed offline on both sides: the one whose edit lost is led to it by the top bar, sees
 * it in the reader and restores it, and the other gets it back without a reload.
 * Screenshots light and dark; axe finds nothing serious.
 */
import { execFile, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PROTOCOL } from '../../electron/core/sync/protocol.ts';
import { describeWithPostgres, pgCluster } from '../team/pg.ts';
import { spawnTeamServer } from '../team/serve.ts';
import { call } from './api.ts';
import { axe } from './axe.ts';
import { launch, newContext, openApp, ROOT, serve, shot, type Served } from './harness.ts';

const CLI = path.join(ROOT, 'dist/cli.mjs');
const run = promisify(execFile);

async function cli(args: string[]): Promise<string> {
  return (await run(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 60_000 })).stdout;
}

/** A port free a moment ago (nothing answers there). */
async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as AddressInfo).port;
  await new Promise((resolve) => s.close(resolve));
  return port;
}

async function openSettings(p: Page): Promise<void> {
  await p.click('button[aria-label="Settings"]');
  await p.waitForSelector('dialog[open] h2:text-is("Settings")');
  await p.locator('#settings-team').scrollIntoViewIfNeeded();
}

async function join(p: Page, server: string, token: string): Promise<void> {
  await p.fill('#team-server', server);
  await p.fill('#team-token', token);
  await p.click('dialog[open] button:text-is("Join the team")');
}

/** Tries to join, and waits for the form to say what went wrong. */
async function joinFails(p: Page, server: string, token: string, error: RegExp): Promise<void> {
  await join(p, server, token);
  await p.locator('#team-error').filter({ hasText: error }).waitFor({ timeout: 30_000 });
}

const status = (p: Page) => p.locator('.topbar .sync-status');

describeWithPostgres('the team archive in the app (browser mode, PostgreSQL)', () => {
  let databaseUrl: string;
  let team: ChildProcess;
  let teamUrl: string;
  const tokens: Record<string, string> = {};
  let a: Served;
  let b: Served;
  let browser: Browser;
  let other: Server;
  let pa: Page;
  let pb: Page;

  beforeAll(async () => {
    databaseUrl = await pgCluster().database();
    await cli(['team', 'init', '--database-url', databaseUrl]);
    for (const name of ['alice', 'bob', 'carol']) {
      tokens[name] = JSON.parse(await cli(['team', 'user', 'add', name, '--role', 'editor', '--database-url', databaseUrl, '--json'])).token;
    }
    await cli(['team', 'user', 'revoke', 'carol', '--database-url', databaseUrl]);
    ({ child: team, url: teamUrl } = await spawnTeamServer(CLI, databaseUrl));
    // A server of the next protocol version (a stand-in: only its hello).
    other = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ protocol: PROTOCOL + 1, user: 'alice', role: 'editor' }));
    });
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    // Each instance syncs every second by itself (60 s by default).
    [a, b] = await Promise.all([serve({ args: ['--sync-every', '1'] }), serve({ args: ['--sync-every', '1'] })]);
    await call(a, 'clippings.add', {
      capture: { name: 'ferry.html', text: '<html><head><title>Ferry timetable changes</title></head><body><article><h1>Ferry timetable changes</h1><p>The ferry company said winter crossings would be cut to two a day because of falling passenger numbers.</p></article></body></html>' },
    });
    browser = await launch();
    pa = await openApp(await newContext(browser, a), a);
    pb = await openApp(await newContext(browser, b), b);
    // A reload would lose this.
    for (const p of [pa, pb]) await p.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await Promise.all([a?.stop(), b?.stop()]);
    team?.kill('SIGTERM');
    other?.close();
  });

  it('says what went wrong with a wrong address, a revoked token or a server of another version, then joins', async () => {
    // Out of a team the page does not keep asking for the team's status.
    const asked: string[] = [];
    const onRequest = (r: { url: () => string }) => r.url().includes('/api/team.status') && asked.push(r.url());
    pa.on('request', onRequest);
    await pa.waitForTimeout(5_000);
    pa.off('request', onRequest);
    expect(asked).toEqual([]);
    await openSettings(pa);
    expect(await pa.locator('.topbar .sync-status').count()).toBe(0);
    const port = await freePort();
    await joinFails(pa, `http://127.0.0.1:${port}/`, tokens.alice!, new RegExp(`^No team server answers at http://127\\.0\\.0\\.1:${port}/ .*: check the address$`));
    await joinFails(pa, `${a.origin}/`, tokens.alice!, /is not a Cuttings team server/);
    await joinFails(pa, `http://127.0.0.1:${(other.address() as AddressInfo).port}/`, tokens.alice!, new RegExp(`speaks version ${PROTOCOL + 1} of the sync protocol and this Cuttings speaks version ${PROTOCOL}: update Cuttings`));
    await joinFails(pa, teamUrl, tokens.carol!, /^The team server refused the token: this token is unknown or revoked$/);
    await pa.locator('#team-error').scrollIntoViewIfNeeded();
    for (const scheme of ['light', 'dark'] as const) {
      await pa.emulateMedia({ colorScheme: scheme });
      await pa.screenshot({ path: shot(`team-join-error-${scheme}.png`) });
      expect(await axe(pa), `team join form, ${scheme}`).toEqual([]);
    }
    await pa.emulateMedia({ colorScheme: 'light' });
    await join(pa, teamUrl, tokens.alice!);
    await pa.waitForSelector(`dialog[open] :text("as alice (editor)")`);
    expect(await pa.locator('#team-error').count()).toBe(0);
    await expect.poll(() => status(pa).textContent(), { timeout: 30_000 }).toMatch(/^Synced just now$/);
    await pa.keyboard.press('Escape');
  });

  it('a second archive joins through Settings; the clipping and then a tag added in either appear in the other by themselves', async () => {
    await openSettings(pb);
    await join(pb, teamUrl, tokens.bob!);
    await pb.waitForSelector(`dialog[open] :text("as bob (editor)")`);
    await pb.keyboard.press('Escape');
    // Alice's clipping arrives in Bob's list by the background sync.
    await pb.waitForSelector('.row:has-text("Ferry timetable changes")', { timeout: 30_000 });
    await pb.locator('.row', { hasText: 'Ferry timetable changes' }).click();
    await pb.waitForSelector('#reader-title');
    await pb.fill('input[aria-label="Add a tag"]', 'Briefing');
    await pb.keyboard.press('Enter');
    await pb.locator('.tag-editor .tag-chip', { hasText: 'Briefing' }).waitFor();
    // …and Bob's tag in Alice's list and sidebar, without a reload.
    await pa.waitForSelector('.row:has-text("Ferry timetable changes") .row-tags :text("Briefing")', { timeout: 30_000 });
    await pa.waitForSelector('nav[aria-label="Library"] :text("Briefing")');
    for (const p of [pa, pb]) expect(await p.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
    await expect.poll(() => status(pb).textContent(), { timeout: 30_000 }).toMatch(/^Synced just now$/);
  });

  it('says offline while the team server is stopped, and Synced once it is back', async () => {
    const port = new URL(teamUrl).port;
    team.kill('SIGTERM');
    await new Promise((resolve) => team.once('exit', resolve));
    await expect.poll(() => status(pa).textContent(), { timeout: 30_000 }).toMatch(/^Synced .* · offline$/);
    // A change made offline waits for the server.
    await pa.locator('.row', { hasText: 'Ferry timetable changes' }).click();
    await pa.waitForSelector('#reader-title');
    await pa.fill('input[aria-label="Add a tag"]', 'Offline');
    await pa.keyboard.press('Enter');
    await expect.poll(() => status(pa).textContent(), { timeout: 30_000 }).toMatch(/^Synced .* · \d+ changes? waiting · offline$/);
    for (const scheme of ['light', 'dark'] as const) {
      await pa.emulateMedia({ colorScheme: scheme });
      await pa.locator('.topbar').screenshot({ path: shot(`team-status-offline-${scheme}.png`) });
    }
    await pa.emulateMedia({ colorScheme: 'light' });
    ({ child: team } = await spawnTeamServer(CLI, databaseUrl, Number(port)));
    await expect.poll(() => status(pa).textContent(), { timeout: 60_000 }).toMatch(/^Synced just now$/);
    await pb.waitForSelector('.row:has-text("Ferry timetable changes") .row-tags :text("Offline")', { timeout: 30_000 });
  });

  it('takes screenshots of the team section and the status line, light and dark, and axe finds nothing serious', async () => {
    for (const scheme of ['light', 'dark'] as const) {
      await pa.emulateMedia({ colorScheme: scheme });
      await openSettings(pa);
      await pa.waitForSelector('dialog[open] .sync-line');
      await pa.screenshot({ path: shot(`team-settings-${scheme}.png`) });
      expect(await axe(pa), `team settings, ${scheme}`).toEqual([]);
      await pa.keyboard.press('Escape');
      await pa.locator('.topbar').screenshot({ path: shot(`team-status-${scheme}.png`) });
    }
  });

  it('an overridden edit is shown and can be restored', async () => {
    /** Changes the open clipping's title in its Details panel. */
    const retitle = async (p: Page, title: string) => {
      await p.locator('.row', { hasText: 'Ferry timetable changes' }).click();
      await p.waitForSelector('#reader-title');
      if ((await p.locator('#reader-details').count()) === 0) await p.click('button:has-text("Details")');
      await p.locator('.details-panel [id$="-title"]').fill(title);
      await p.click('.details-panel button:has-text("Save")');
      await p.waitForSelector(`#reader-title:text-is("${title}")`);
    };
    const port = new URL(teamUrl).port;
    team.kill('SIGTERM');
    await new Promise((resolve) => team.once('exit', resolve));
    await expect.poll(() => status(pa).textContent(), { timeout: 30_000 }).toMatch(/ · offline$/);
    // Alice retitles it offline; Bob, later, too.
    await retitle(pa, 'Ferry crossings cut to two a day');
    await pa.waitForTimeout(50);
    await retitle(pb, 'Winter ferry timetable');
    ({ child: team } = await spawnTeamServer(CLI, databaseUrl, Number(port)));
    // Both sync: Bob's later title wins on both; Alice's top bar says an edit of hers was
    // replaced and leads to the clipping, whose panel says which and offers it back.
    await pa.locator('.topbar .sync-overridden', { hasText: /^1 edit of yours replaced$/ }).click({ timeout: 60_000 });
    await pa.waitForSelector(`.overridden:has-text("Your title was replaced by a later edit of bob's on")`);
    await pa.waitForSelector('#reader-title:text-is("Winter ferry timetable")');
    expect(await pa.locator('.overridden .overridden-value').textContent()).toBe('Yours: Ferry crossings cut to two a day');
    await expect.poll(() => status(pb).textContent(), { timeout: 30_000 }).toMatch(/^Synced just now$/);
    expect(await pb.locator('.overridden, .sync-overridden').count()).toBe(0);
    for (const scheme of ['light', 'dark'] as const) {
      await pa.emulateMedia({ colorScheme: scheme });
      await pa.locator('.reader-pane').screenshot({ path: shot(`team-overridden-${scheme}.png`) });
      await pa.locator('.topbar').screenshot({ path: shot(`team-overridden-status-${scheme}.png`) });
      expect(await axe(pa), `overridden edit, ${scheme}`).toEqual([]);
    }
    await pa.emulateMedia({ colorScheme: 'light' });
    // Restore: Alice's title again, here at once and at Bob's after the sync, without a reload.
    await pa.click('.overridden button:text-is("Restore")');
    await pa.waitForSelector('#reader-title:text-is("Ferry crossings cut to two a day")');
    expect(await pa.locator('.overridden').count()).toBe(0);
    await expect.poll(() => pa.locator('.topbar .sync-overridden').count(), { timeout: 10_000 }).toBe(0);
    await pb.waitForSelector('.row:has-text("Ferry crossings cut to two a day")', { timeout: 30_000 });
    for (const p of [pa, pb]) expect(await p.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
    // Bob's own title was replaced by an edit made after seeing it: nothing to offer him back.
    expect(await call(b, 'team.conflicts', {})).toEqual([]);
    expect(await call(a, 'team.conflicts', {})).toEqual([]);

    // The same with the clip note: restored, it is the note shown again. (Alice adds another
    // clipping meanwhile, for later: her list shows it once it reloads after a sync.)
    await call(a, 'clippings.add', { capture: { name: 'harbour.txt', mediaType: 'text/plain', text: 'Harbour works start\n\nThe harbour wall will be repaired over the winter, the council said.' } });
    const note = async (p: Page, text: string) => {
      await p.fill('#clip-note', text);
      await p.locator('#clip-note').blur();
      await p.waitForSelector('.notes-panel :text("Saved")');
    };
    team.kill('SIGTERM');
    await new Promise((resolve) => team.once('exit', resolve));
    await expect.poll(() => status(pa).textContent(), { timeout: 30_000 }).toMatch(/ · offline$/);
    await note(pa, 'Ask the ferry company for the figures');
    await pa.waitForTimeout(50);
    await note(pb, 'Not for the briefing');
    ({ child: team } = await spawnTeamServer(CLI, databaseUrl, Number(port)));
    await pa.waitForSelector(`.overridden:has-text("Your note was replaced by a later edit of bob's on")`, { timeout: 60_000 });
    await expect.poll(() => pa.locator('#clip-note').inputValue()).toBe('Not for the briefing');
    await pa.click('.overridden button:text-is("Restore")');
    await expect.poll(() => pa.locator('#clip-note').inputValue()).toBe('Ask the ferry company for the figures');
    const ferryOnB = async () => (await call(b, 'clippings.list', {})).items.find((c) => c.title === 'Ferry crossings cut to two a day')!.id;
    await expect.poll(async () => (await call(b, 'clippings.get', { id: await ferryOnB() })).note, { timeout: 30_000 }).toBe('Ask the ferry company for the figures');

    // Alice puts it in the trash and takes it out again offline; Bob, later, puts it in the
    // trash. In Alice's archive it is in the trash: the top bar leads to it, which says so
    // and takes it out again.
    team.kill('SIGTERM');
    await new Promise((resolve) => team.once('exit', resolve));
    await expect.poll(() => status(pa).textContent(), { timeout: 30_000 }).toMatch(/ · offline$/);
    await pa.waitForSelector('.row:has-text("Harbour works start")');
    await pa.click('button[aria-label="Move to the trash (Delete)"]');
    await pa.click('.toast:has-text("to the trash") button:text-is("Undo")');
    await pa.waitForSelector('.row:has-text("Ferry crossings cut to two a day")');
    await pa.waitForTimeout(50);
    await pb.click('button[aria-label="Move to the trash (Delete)"]');
    await pb.waitForSelector('.row:has-text("Ferry crossings cut to two a day")', { state: 'detached' });
    // Alice reads another clipping meanwhile.
    await pa.locator('.row', { hasText: 'Harbour works start' }).click();
    await pa.waitForSelector('#reader-title:text-is("Harbour works start")');
    ({ child: team } = await spawnTeamServer(CLI, databaseUrl, Number(port)));
    await pa.waitForSelector('.row:has-text("Ferry crossings cut to two a day")', { state: 'detached', timeout: 60_000 });
    await pa.locator('.topbar .sync-overridden', { hasText: /^1 edit of yours replaced$/ }).click({ timeout: 30_000 });
    await pa.waitForSelector('.reader-pane [role="alert"]:has-text("is in the trash")');
    await pa.waitForSelector(`.overridden:has-text("You took this clipping out of the trash; a later edit of bob's on")`);
    await pa.screenshot({ path: shot('team-overridden-trash-light.png') });
    await pa.click('.overridden button:text-is("Restore")');
    await pa.waitForSelector('#reader-title:text-is("Ferry crossings cut to two a day")');
    await pb.waitForSelector('.row:has-text("Ferry crossings cut to two a day")', { timeout: 30_000 });
    for (const p of [pa, pb]) expect(await p.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
  }, 120_000);

  it('a token revoked while in the team: the status line says the sync failed, and Settings says why', async () => {
    await cli(['team', 'user', 'revoke', 'bob', '--database-url', databaseUrl]);
    await expect.poll(() => status(pb).textContent(), { timeout: 30_000 }).toMatch(/^Synced .* · sync failed$/);
    expect(await status(pb).getAttribute('title')).toBe('the team server refused the token: this token is unknown or revoked');
    await openSettings(pb);
    await pb.waitForSelector('dialog[open] .sync-line.failed');
    await pb.waitForSelector('dialog[open] :text("The team server refused the token: this token is unknown or revoked")');
    await pb.keyboard.press('Escape');
  });
});
