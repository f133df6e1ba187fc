/**
 * Earlier versions of a clipping travel with it (docs/team-archive.md): the article
 * captured again at its address with changed text keeps its earlier text as a version,
 * on every desktop, whether that happened before the archive joined the team or after.
 * Two archives and an in-process team server on a real PostgreSQL.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Archive } from '../../electron/core/archive.ts';
import { addTeamUser, initTeam } from '../../electron/team/admin.ts';
import { startTeamServer } from '../../electron/team/server.ts';
import { describeWithPostgres, pgCluster } from './pg.ts';

const URL = 'https://news.example/2026/harbour-wall';
const PARAS = [
  'The harbour authority confirmed on Monday that the new sea wall will be finished before the winter storms arrive.',
  'Engineers said the work had been delayed by supply problems but that the budget had not been exceeded.',
  'The mayor will open the wall in a short ceremony on the quay next month, weather permitting.',
];
const page = (n: number) =>
  `<!doctype html><html lang="en"><head><title>Sea wall nearly finished</title><link rel="canonical" href="${URL}"></head><body><article><h1>Sea wall nearly finished</h1>${PARAS.slice(0, n)
    .map((p) => `<p>${p}</p>`)
    .join('')}</article></body></html>`;

async function versions(a: Archive): Promise<Array<[string, number]>> {
  const [c] = (await a.call('clippings.list', {})).items;
  return (await a.call('clippings.versions', { id: c!.id })).map((v) => [v.title, v.wordCount]);
}

describeWithPostgres('versions of a clipping in a team', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'cuttings-versions-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reach the other desktop: those made before joining and those made after', async () => {
    const databaseUrl = await pgCluster().database();
    await initTeam(databaseUrl);
    const server = await startTeamServer({ databaseUrl, port: 0 });
    const [a, b] = [0, 1].map((i) => new Archive(path.join(dir, `r${i}.db`)));
    try {
      await a!.call('clippings.add', { capture: { name: 'v1.html', text: page(1) } });
      expect(await a!.call('clippings.add', { capture: { name: 'v2.html', text: page(2) } })).toMatchObject({ status: 'updated' });
      for (const [i, x] of [a!, b!].entries()) await x.call('team.join', { server: server.url, token: (await addTeamUser(databaseUrl, `ver${i}`, 'editor')).token });
      await a!.call('team.sync', {});
      await b!.call('team.sync', {});
      expect(await versions(a!)).toHaveLength(2);
      expect(await versions(b!)).toEqual(await versions(a!));

      expect(await a!.call('clippings.add', { capture: { name: 'v3.html', text: page(3) } })).toMatchObject({ status: 'updated' });
      await a!.call('team.sync', {});
      await b!.call('team.sync', {});
      expect(await versions(a!)).toHaveLength(3);
      expect(await versions(b!)).toEqual(await versions(a!));
      const [c] = (await b!.call('clippings.list', {})).items;
      expect((await b!.call('clippings.versionText', { id: c!.id, version: 1 })).text).toBe(PARAS[0]);
    } finally {
      a!.close();
      b!.close();
      await server.close();
    }
  });
});
