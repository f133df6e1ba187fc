/**
 * Saved searches are shared by the team (docs/team-archive.md): named across desktops by
 * their case-folded name, the query and the place in the list each last writer wins, a
 * delete is a tombstone that a later save of the same name outlives. Two archives and an
 * in-process team server on a real PostgreSQL.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Archive } from '../../electron/core/archive.ts';
import { addTeamUser, initTeam } from '../../electron/team/admin.ts';
import { startTeamServer, type TeamServer } from '../../electron/team/server.ts';
import { describeWithPostgres, pgCluster } from './pg.ts';

/**
 * Lets the wall clock move on, so that the next change is later by the hybrid logical
 * clock than every change made before (within one millisecond the counters decide).
 */
async function later(): Promise<void> {
  const t = Date.now();
  while (Date.now() < t + 2) await new Promise((resolve) => setTimeout(resolve, 1));
}

const saved = async (a: Archive) => (await a.call('search.saved', {})).map((s: { name: string; query: string }) => [s.name, s.query]);

describeWithPostgres('saved searches in a team', () => {
  let dir: string;
  let server: TeamServer;
  let a: Archive;
  let b: Archive;
  const sync = async () => {
    await a.call('team.sync', {});
    await b.call('team.sync', {});
    await a.call('team.sync', {});
  };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'cuttings-saved-'));
    const databaseUrl = await pgCluster().database();
    await initTeam(databaseUrl);
    server = await startTeamServer({ databaseUrl, port: 0 });
    a = new Archive(path.join(dir, 'a.db'));
    b = new Archive(path.join(dir, 'b.db'));
    // A saved search made before joining is shared by the join.
    await a.call('search.save', { name: 'Ministry', query: 'minister OR ministry' });
    for (const [i, x] of [a, b].entries()) await x.call('team.join', { server: server.url, token: (await addTeamUser(databaseUrl, `saver${i}`, 'editor')).token });
  });
  afterAll(async () => {
    a?.close();
    b?.close();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('saved on either desktop, they reach the other, in the same order', async () => {
    await b.call('search.save', { name: 'Floods', query: 'flood tag:weather' });
    await sync();
    // Each was first in its own list: equal places, then by name.
    expect(await saved(a)).toEqual([
      ['Floods', 'flood tag:weather'],
      ['Ministry', 'minister OR ministry'],
    ]);
    expect(await saved(b)).toEqual(await saved(a));
    await b.call('search.reorderSaved', { names: ['Ministry', 'Floods'] });
    await sync();
    expect((await saved(a)).map(([n]) => n)).toEqual(['Ministry', 'Floods']);
  });

  it('the query edited on both desktops offline: the later edit wins on both', async () => {
    await a.call('search.updateSaved', { name: 'Floods', query: 'flood OR storm' });
    await later();
    await b.call('search.updateSaved', { name: 'floods', query: 'flooding' });
    await sync();
    expect(await saved(a)).toEqual(await saved(b));
    expect((await saved(a)).find(([n]) => n === 'Floods')).toEqual(['Floods', 'flooding']);
  });

  it('a delete outlives an earlier edit; a later save of the same name brings it back; a rename is the old name gone and the new one saved', async () => {
    await b.call('search.updateSaved', { name: 'Ministry', query: 'minister' });
    await later();
    await a.call('search.deleteSaved', { name: 'Ministry' });
    await sync();
    expect((await saved(a)).map(([n]) => n)).toEqual(['Floods']);
    expect(await saved(b)).toEqual(await saved(a));
    await b.call('search.save', { name: 'Ministry', query: 'cabinet' });
    await a.call('search.updateSaved', { name: 'Floods', newName: 'Weather' });
    await sync();
    // Saved again, it goes to the end of the list.
    expect(await saved(a)).toEqual([
      ['Weather', 'flooding'],
      ['Ministry', 'cabinet'],
    ]);
    expect(await saved(b)).toEqual(await saved(a));
  });
});
