/**
 * The duplicate rules across desktops (docs/team-archive.md, "Duplicates"): two people
 * clipping the same article offline end, after syncing, with one clipping holding both
 * people's tags, notes and highlights; the same URL with changed text is a newer version
 * of it; two blogs showing only the same cookie banner stay two clippings. Two archives
 * and an in-process team server on a real PostgreSQL.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { TEAM_MIGRATIONS } from '../../db/team/migrations.ts';
import { Archive } from '../../electron/core/archive.ts';
import { addTeamUser, initTeam } from '../../electron/team/admin.ts';
import { startTeamServer } from '../../electron/team/server.ts';
import { describeWithPostgres, pgCluster } from './pg.ts';

const LONG = 'The regional council met on Tuesday evening to discuss the new budget, which includes funding for schools, roads and a new library in the town centre.';
const MORE = 'Councillors asked for a second reading in the spring, after the consultation with residents of the harbour district closes at the end of March.';

function page(title: string, body: string, url: string): string {
  return `<!doctype html><html lang="en"><head><title>${title}</title><link rel="canonical" href="${url}"></head><body><article><h1>${title}</h1>${body
    .split('\n')
    .map((p) => `<p>${p}</p>`)
    .join('')}</article></body></html>`;
}

/** Each clipping (by uuid) with its text, note, tags and highlights. */
function snapshot(a: Archive): Array<Record<string, unknown>> {
  const rows = a.db.prepare(`SELECT id, uuid, title, sqlar_uncompress(text_z, text_size) AS text, note FROM clippings ORDER BY uuid`).all() as Array<Record<string, unknown>>;
  return rows.map(({ id, ...c }) => ({
    ...c,
    tags: (a.db.prepare(`SELECT lower(t.name) AS n FROM clipping_tags ct JOIN tags t ON t.id = ct.tag_id WHERE ct.clipping_id = ? ORDER BY 1`).all(id) as { n: string }[]).map((t) => t.n),
    highlights: (a.db.prepare(`SELECT exact, note, state FROM annotations WHERE clipping_id = ? ORDER BY exact`).all(id) as unknown[]),
  }));
}

async function liveOnServer(databaseUrl: string): Promise<string[]> {
  const pool = new pg.Pool({ connectionString: databaseUrl });
  try {
    return (await pool.query(`SELECT uuid::text AS u FROM clippings WHERE purged_at IS NULL AND merged_into IS NULL ORDER BY 1`)).rows.map((r) => r.u);
  } finally {
    await pool.end();
  }
}

describeWithPostgres('duplicates across desktops', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'cuttings-dupes-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Two archives of two editors joined to a fresh team server; `body` runs with them offline, then they sync (a, b, a). */
  async function twoDesktops(name: string, offline: (a: Archive, b: Archive) => Promise<void>): Promise<{ a: Archive; b: Archive; databaseUrl: string; close: () => Promise<void> }> {
    const databaseUrl = await pgCluster().database();
    await initTeam(databaseUrl);
    const server = await startTeamServer({ databaseUrl, port: 0 });
    const [a, b] = [0, 1].map((i) => new Archive(path.join(dir, `${name}-${i}.db`)));
    for (const [i, x] of [a!, b!].entries()) await x.call('team.join', { server: server.url, token: (await addTeamUser(databaseUrl, `${name}${i}`, 'editor')).token });
    await offline(a!, b!);
    await a!.call('team.sync', {});
    await b!.call('team.sync', {});
    await a!.call('team.sync', {});
    return {
      a: a!,
      b: b!,
      databaseUrl,
      close: async () => {
        a!.close();
        b!.close();
        await server.close();
      },
    };
  }

  it('the same file added on two desktops offline is one clipping with both people’s tags, notes and highlights', async () => {
    const html = page('Budget approved', `${LONG}\n${MORE}`, 'https://news.example/2026/budget-approved');
    const t = await twoDesktops('same', async (a, b) => {
      const add = async (x: Archive, tag: string, quote: string, note: string) => {
        const { id } = await x.call('clippings.add', { capture: { name: 'budget.html', text: html } });
        await x.call('tags.add', { id: id!, tags: [tag] });
        await x.call('annotations.create', { id: id!, quote, note: `${note} highlight` });
        await x.call('clippings.setNote', { id: id!, note });
      };
      await add(a, 'economy', 'new library', 'Anna');
      await add(b, 'briefing', 'second reading', 'Ben');
    });
    try {
      const [one] = snapshot(t.a);
      expect(snapshot(t.a)).toHaveLength(1);
      expect(snapshot(t.b)).toEqual(snapshot(t.a));
      expect(one).toMatchObject({ tags: ['briefing', 'economy'], note: 'Anna\n\nBen' });
      expect(one!.highlights).toEqual([
        { exact: 'new library', note: 'Anna highlight', state: 'anchored' },
        { exact: 'second reading', note: 'Ben highlight', state: 'anchored' },
      ]);
      expect(await liveOnServer(t.databaseUrl)).toEqual([one!.uuid]);
      expect((await t.b.call('clippings.list', {})).total).toBe(1);
    } finally {
      await t.close();
    }
  });

  it('the same URL with changed text is a newer version of the one clipping', async () => {
    const url = 'https://news.example/2026/budget-approved';
    const t = await twoDesktops('version', async (a, b) => {
      await a.call('clippings.add', { capture: { name: 'first.html', text: page('Budget approved', LONG, url) } });
      await b.call('clippings.add', { capture: { name: 'updated.html', text: page('Budget approved', `${LONG}\n${MORE}`, url) } });
    });
    try {
      expect(snapshot(t.a)).toHaveLength(1);
      expect(snapshot(t.b)).toEqual(snapshot(t.a));
      // The later capture's text is the clipping's; the earlier one is its first version, on both desktops.
      expect(snapshot(t.a)[0]!.text).toBe(`${LONG}\n\n${MORE}`);
      for (const x of [t.a, t.b]) {
        const id = (await x.call('clippings.list', {})).items[0]!.id;
        expect((await x.call('clippings.versions', { id })).map((v: { wordCount: number }) => v.wordCount)).toEqual([LONG.split(' ').length, `${LONG} ${MORE}`.split(' ').length]);
      }
    } finally {
      await t.close();
    }
  });

  it('the text a merge replaces is the same version on every desktop, whatever each held when the merge reached it', async () => {
    // Issue 19 (convergence seed 1760341368): B's newer capture of A's article is merged into
    // A's clipping while A, offline, edits that clipping's text. B applied the merge over A's
    // first text and kept it as a version; A applied it over its own later edit and kept none.
    const url = 'https://news.example/2026/budget-approved';
    const databaseUrl = await pgCluster().database();
    await initTeam(databaseUrl);
    const server = await startTeamServer({ databaseUrl, port: 0 });
    const [a, b] = [0, 1].map((i) => new Archive(path.join(dir, `merge-version-${i}.db`)));
    try {
      for (const [i, x] of [a!, b!].entries()) await x.call('team.join', { server: server.url, token: (await addTeamUser(databaseUrl, `mv${i}`, 'editor')).token });
      const { id } = await a!.call('clippings.add', { capture: { name: 'first.html', text: page('Budget approved', LONG, url) } });
      await a!.call('team.sync', {});
      await b!.call('clippings.add', { capture: { name: 'updated.html', text: page('Budget approved', `${LONG}\n${MORE}`, url) } });
      await a!.call('clippings.setText', { id: id!, text: `${LONG} (corrected)` });
      await b!.call('team.sync', {});
      await a!.call('team.sync', {});
      await b!.call('team.sync', {});
      const versionsOf = (x: Archive) => x.db.prepare(`SELECT c.uuid, v.content_hash FROM clipping_versions v JOIN clippings c ON c.id = v.clipping_id ORDER BY 1, 2`).all();
      expect(snapshot(b!)).toEqual(snapshot(a!));
      expect(snapshot(a!)[0]!.text).toBe(`${LONG} (corrected)`);
      expect(versionsOf(a!)).toHaveLength(1);
      expect(versionsOf(b!)).toEqual(versionsOf(a!));
      // That version is A's first capture, the text the server held when it merged.
      expect((await a!.call('clippings.versions', { id: id! }))[0]).toMatchObject({ wordCount: LONG.split(' ').length });
    } finally {
      a!.close();
      b!.close();
      await server.close();
    }
  });

  it('two blogs whose only text is the same cookie banner stay two clippings', async () => {
    const banner = '<div class="cookies"><p>We use cookies to give you the best experience on our website. By continuing to browse you agree to our use of cookies.</p><button>Accept all cookies</button></div>';
    const blog = (title: string, url: string) => `<!doctype html><html lang="en"><head><title>${title}</title><link rel="canonical" href="${url}"></head><body>${banner}<div id="app"></div></body></html>`;
    const t = await twoDesktops('banner', async (a, b) => {
      await a.call('clippings.add', { capture: { name: 'one.html', text: blog('A scarf for every season', 'https://knitting.example/2022/01/15/scarf/') } });
      await b.call('clippings.add', { capture: { name: 'two.html', text: blog('Crossing the Pyrenees on foot', 'https://mountains.example/2021/08/02/pyrenees/') } });
    });
    try {
      expect(snapshot(t.a).map((c) => c.title).sort()).toEqual(['A scarf for every season', 'Crossing the Pyrenees on foot']);
      expect(snapshot(t.b)).toEqual(snapshot(t.a));
      expect(await liveOnServer(t.databaseUrl)).toHaveLength(2);
    } finally {
      await t.close();
    }
  });

  it('server migration 2 gives the clippings already there the keys they were created with', async () => {
    const databaseUrl = await pgCluster().database();
    const pool = new pg.Pool({ connectionString: databaseUrl });
    try {
      // A team database at schema 1 holding two clippings: a web page and a capture the extractor was unsure of.
      await pool.query(`CREATE TABLE schema_version (version int NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
      await pool.query(TEAM_MIGRATIONS[0]!.up);
      await pool.query(`INSERT INTO schema_version (version) VALUES (1)`);
      await pool.query(`INSERT INTO users (id, name, role) VALUES (1, 'admin', 'admin')`);
      const replica = '01890000-0000-7000-8000-000000000001';
      const made = [
        ['01890000-0000-7000-8000-00000000000a', 5000, { url: { url_key: 'news.example/budget' }, body: { content_hash: 'h1', extraction_uncertain: 0 } }],
        ['01890000-0000-7000-8000-00000000000b', 6000, { url: { url_key: 'blog.example' }, body: { content_hash: 'h2', extraction_uncertain: 1 } }],
      ] as const;
      for (const [i, [uuid, hlc, groups]] of made.entries()) {
        await pool.query(`INSERT INTO clippings (uuid, constants, created_by) VALUES ($1, '{}', 1)`, [uuid]);
        await pool.query(`INSERT INTO changes (seq, op_id, user_id, replica, hlc, kind, object, value) VALUES ($1, gen_random_uuid(), 1, $2, $3, 'clipping', $4, $5)`, [i + 1, replica, hlc, uuid, { groups }]);
      }
      expect((await initTeam(databaseUrl)).applied).toEqual([2, 3, 4]);
      const rows = (await pool.query(`SELECT uuid::text AS uuid, hlc::int, replica::text, url_key, content_hash FROM clippings ORDER BY uuid`)).rows;
      expect(rows).toEqual([
        { uuid: made[0][0], hlc: 5000, replica, url_key: 'news.example/budget', content_hash: 'h1' },
        // An address without a path and a text the extractor was unsure of are no keys.
        { uuid: made[1][0], hlc: 6000, replica, url_key: null, content_hash: null },
      ]);
    } finally {
      await pool.end();
    }
  });
});
