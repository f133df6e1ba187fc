/**
 * Who did what, across desktops (docs/team-archive.md, "Who did what"): the team server
 * names the user of every pulled operation, so replica B knows, offline, who added a
 * clipping, who last edited its title and who made a highlight, and `by:` finds them.
 * Three archives (Alice's, bob's, and Carol's, which joins and syncs last) and an
 * in-process team server on a real PostgreSQL.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Archive } from '../../electron/core/archive.ts';
import { addTeamUser, initTeam } from '../../electron/team/admin.ts';
import { startTeamServer } from '../../electron/team/server.ts';
import { describeWithPostgres, pgCluster } from './pg.ts';

const TEXT = 'The harbour authority confirmed on Monday that the new sea wall will be finished before the winter storms arrive.';

const ids = async (a: Archive, query: string) => (await a.call('search.query', { query })).hits.map((h) => h.id);

describeWithPostgres('who did what in a team', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'cuttings-authors-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('after sync, B sees "added by alice", "title edited by bob" and the highlight’s author; by: finds them', async () => {
    const databaseUrl = await pgCluster().database();
    await initTeam(databaseUrl);
    const server = await startTeamServer({ databaseUrl, port: 0 });
    const [alice, bob, carol] = ['alice', 'bob', 'carol'].map((n) => new Archive(path.join(dir, `${n}.db`)));
    try {
      const aliceToken = (await addTeamUser(databaseUrl, 'Alice', 'editor')).token;
      await alice!.call('team.join', { server: server.url, token: aliceToken });
      await bob!.call('team.join', { server: server.url, token: (await addTeamUser(databaseUrl, 'bob', 'editor')).token });
      await carol!.call('team.join', { server: server.url, token: (await addTeamUser(databaseUrl, 'Carol', 'editor')).token });

      const added = await alice!.call('clippings.add', { capture: { name: 'wall.txt', mediaType: 'text/plain', text: TEXT } });
      const id = added.id!;
      await alice!.call('team.sync', {});
      await bob!.call('team.sync', {});
      const [onBob] = (await bob!.call('clippings.list', {})).items;
      await bob!.call('clippings.update', { selection: { ids: [onBob!.id] }, title: 'Sea wall nearly finished' });
      await bob!.call('team.sync', {});
      await alice!.call('team.sync', {});
      await alice!.call('annotations.create', { id, quote: 'winter storms', note: 'check the date' });
      await alice!.call('team.sync', {});
      await bob!.call('team.sync', {});

      const authors = await bob!.call('team.authors', { id: onBob!.id });
      expect(authors.joined).toBe(true);
      expect(authors.addedBy).toBe('Alice');
      expect(authors.edited).toContainEqual({ field: 'title', by: 'bob' });
      expect(authors.edited.map((e) => e.field)).not.toContain('outlet');
      const [highlight] = await bob!.call('annotations.list', { id: onBob!.id });
      expect(authors.annotations).toEqual([{ id: highlight!.id, by: 'Alice' }]);

      expect(await ids(bob!, 'by:alice')).toEqual([onBob!.id]);
      expect(await ids(bob!, 'by:BOB')).toEqual([onBob!.id]);
      expect(await ids(bob!, 'by:carol')).toEqual([]);
      expect(await ids(bob!, '-by:alice')).toEqual([]);

      // Carol, who has done nothing yet, learns every name from her first pull.
      await carol!.call('team.sync', {});
      const [onThird] = (await carol!.call('clippings.list', {})).items;
      const third = await carol!.call('team.authors', { id: onThird!.id });
      expect(third).toMatchObject({ addedBy: 'Alice', annotations: [{ by: 'Alice' }] });
      expect(third.edited).toContainEqual({ field: 'title', by: 'bob' });
      // Alice's own desktop: her highlight is hers, the title bob's.
      const own = await alice!.call('team.authors', { id });
      expect(own).toMatchObject({ addedBy: 'Alice', annotations: [{ by: 'Alice' }] });
      expect(own.edited).toContainEqual({ field: 'title', by: 'bob' });
    } finally {
      for (const a of [alice, bob, carol]) a!.close();
      await server.close();
    }
  });
});
