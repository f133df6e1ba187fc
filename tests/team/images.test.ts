/**
 * The images of a capture travel with it (docs/team-archive.md, "Blobs"): a clipping
 * pulled by another desktop shows its images offline there, and an image two captures
 * share goes up once (deduplicated by SHA-256, like captures). Two archives and an
 * in-process team server on a real PostgreSQL.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Archive } from '../../electron/core/archive.ts';
import { decodeBundle, encodeBundle } from '../../electron/core/sync/bundle.ts';
import { addTeamUser, initTeam } from '../../electron/team/admin.ts';
import { startTeamServer } from '../../electron/team/server.ts';
import { describeWithPostgres, pgCluster } from './pg.ts';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
const PNG_SHA = createHash('sha256').update(PNG).digest('hex');

/** A page saved "complete": `NAME.html` and its images in `NAME_files/`. */
const page = (name: string, title: string, text: string) =>
  `<html><head><title>${title}</title></head><body><article><h1>${title}</h1><p>${text}</p><figure><img src="./${name}_files/wall.png" alt="The wall"><figcaption>The new wall (Photo: Jane Roe)</figcaption></figure><p>Engineers said the work had been delayed by supply problems but that the budget had not been exceeded.</p></article></body></html>`;

describeWithPostgres('images of a capture in a team', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'cuttings-images-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reach the other desktop with their capture, and an image two captures share goes up once', async () => {
    const databaseUrl = await pgCluster().database();
    await initTeam(databaseUrl);
    const server = await startTeamServer({ databaseUrl, port: 0 });
    const [a, b] = [0, 1].map((i) => new Archive(path.join(dir, `r${i}.db`)));
    const pool = new pg.Pool({ connectionString: databaseUrl });
    try {
      for (const [i, x] of [a!, b!].entries()) await x.call('team.join', { server: server.url, token: (await addTeamUser(databaseUrl, `img${i}`, 'editor')).token });
      const files = path.join(dir, 'files');
      for (const name of ['wall', 'quay']) {
        mkdirSync(path.join(files, `${name}_files`), { recursive: true });
        writeFileSync(path.join(files, `${name}_files`, 'wall.png'), PNG);
      }
      writeFileSync(path.join(files, 'wall.html'), page('wall', 'Sea wall nearly finished', 'The harbour authority confirmed on Monday that the new sea wall will be finished before the winter storms arrive.'));
      const first = await a!.call('clippings.import', { paths: [path.join(files, 'wall.html')] });
      expect(first.results[0]).toMatchObject({ status: 'added' });
      await a!.call('team.sync', {});
      await b!.call('team.sync', {});

      const [pulled] = (await b!.call('clippings.list', {})).items;
      const c = await b!.call('clippings.get', { id: pulled!.id });
      expect(c.figures[0]!.src).toBe(`cuttings-image:${PNG_SHA}`);
      const img = await b!.call('images.get', { sha256: PNG_SHA });
      expect(img.mediaType).toBe('image/png');
      expect(Buffer.from(img.base64, 'base64').equals(PNG)).toBe(true);

      // A second page with the same image: its capture goes up, the image does not again.
      writeFileSync(path.join(files, 'quay.html'), page('quay', 'Quay reopens', 'The old quay reopened to fishing boats on Friday after two years of repairs to its stone steps and bollards.'));
      await a!.call('clippings.import', { paths: [path.join(files, 'quay.html')] });
      await a!.call('team.sync', {});
      const puts = (await pool.query(`SELECT detail->'sha256' AS shas FROM audit WHERE action = 'blob.put' ORDER BY id`)).rows.map((r) => r.shas as string[]);
      expect(puts).toHaveLength(2);
      expect(puts[0]).toContain(PNG_SHA);
      expect(puts[1]).toHaveLength(1);
      expect(puts[1]).not.toContain(PNG_SHA);
      await b!.call('team.sync', {});
      expect((await b!.call('clippings.list', {})).total).toBe(2);
      expect(b!.db.prepare(`SELECT count(*) AS n FROM capture_resources WHERE sha256 = ?`).get(PNG_SHA)).toEqual({ n: 2 });
    } finally {
      await pool.end();
      a!.close();
      b!.close();
      await server.close();
    }
  });

  it('a capture sent alone names its images in x-resources; an image the server lacks is refused', async () => {
    const databaseUrl = await pgCluster().database();
    const { admin } = await initTeam(databaseUrl);
    const server = await startTeamServer({ databaseUrl, port: 0 });
    try {
      const auth = { authorization: `Bearer ${admin!.token}` };
      const bytes = Buffer.from('<html><body><img src="a.png"></body></html>');
      const sha = createHash('sha256').update(bytes).digest('hex');
      const put = (resources: unknown) =>
        fetch(new URL(`/v1/blobs/${sha}`, server.url), {
          method: 'PUT',
          headers: { ...auth, 'x-media-type': 'text/html', 'x-resources': encodeURIComponent(JSON.stringify(resources)) },
          body: new Blob([new Uint8Array(bytes)]),
        });
      const list = [{ url: 'a.png', mediaType: 'image/png', sha256: PNG_SHA }];
      expect((await put(list)).status).toBe(409);
      expect((await put([{ url: 'a.png' }])).status).toBe(400);
      const image = await fetch(new URL('/v1/blobs/put', server.url), { method: 'POST', headers: auth, body: new Blob([new Uint8Array(encodeBundle([{ sha256: PNG_SHA, mediaType: 'image/png', capturedAt: null, sourceUrl: null, bytes: PNG }]))]) });
      expect(image.status).toBe(200);
      expect((await put(list)).status).toBe(200);
      const got = await fetch(new URL('/v1/blobs/get', server.url), { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ sha256: [sha] }) });
      expect(decodeBundle(new Uint8Array(await got.arrayBuffer()))).toMatchObject([{ sha256: sha, resources: list }]);
    } finally {
      await server.close();
    }
  });
});
