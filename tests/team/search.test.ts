/**
 * Server-side search (GET /v1/search, db/team/search.ts) against a real PostgreSQL
 * (tests/team/pg.ts): words, phrases, prefixes and exclusions; the outlet and date
 * filters; the search rows kept in step with pushes (edits, trash, purge) and built for
 * what a team held before migration 4; roles; malformed queries refused with a 400.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { TEAM_MIGRATIONS } from '../../db/team/migrations.ts';
import { searchClippings, type TeamSearch } from '../../db/team/search.ts';
import { addTeamUser, initTeam, revokeTeamUser } from '../../electron/team/admin.ts';
import { startTeamServer, type TeamServer } from '../../electron/team/server.ts';
import { describeWithPostgres, pgCluster } from './pg.ts';

interface Doc {
  title: string;
  outlet: string;
  published: string | null;
  text: string;
}

const create = (uuid: string, d: Doc, hlc: number) => ({
  opId: randomUUID(),
  hlc,
  kind: 'clipping',
  object: uuid,
  key: '',
  value: {
    capture: null,
    constants: { captured_at: '2024-01-01T00:00:00Z' },
    groups: {
      title: { title: d.title },
      outlet: { outlet: d.outlet },
      dates: { published_at: d.published, modified_at: null, sort_key: d.published ?? 'undated' },
      body: { text: d.text, word_count: 1 },
      note: { note: null },
    },
  },
});

describeWithPostgres('team server search (PostgreSQL)', () => {
  let databaseUrl: string;
  let server: TeamServer;
  let admin: string;
  let reader: string;
  const replica = randomUUID();
  let hlc = 10_000;
  const ids: Record<string, string> = {};

  const call = (token: string | null, method: string, path: string, body?: unknown) =>
    fetch(new URL(path, server.url), {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const push = async (ops: unknown[]) => {
    const r = await call(admin, 'POST', '/v1/push', { replica, ops });
    expect(r.status).toBe(200);
  };
  const search = async (params: Record<string, string>, token = reader) => {
    const r = await call(token, 'GET', `/v1/search?${new URLSearchParams(params)}`);
    return { status: r.status, body: await r.json() };
  };
  /** The names (keys of `ids`) of the clippings found, in the order given. */
  const found = async (params: Record<string, string>) => {
    const r = await search(params);
    expect(r.status).toBe(200);
    const byUuid = new Map(Object.entries(ids).map(([k, v]) => [v, k]));
    return (r.body.hits as { uuid: string }[]).map((h) => byUuid.get(h.uuid));
  };

  const DOCS: Record<string, Doc> = {
    budget: { title: 'Budget vote delayed', outlet: 'The Daily Courier', published: '2024-03-05T09:00:00Z', text: 'The finance minister said the budget vote would wait until spring.' },
    storm: { title: 'Storm hits the coast', outlet: 'Evening Herald', published: '2024-05-20', text: 'A storm flooded the harbour; the minister visited the coast and the café of Zoë Müller before the vote.' },
    trade: { title: 'Trade talks', outlet: 'The Daily Courier', published: '2023-11-30', text: 'Talks on trade resumed. The minister of finance was absent, said officials.' },
    trashed: { title: 'Minister resigns', outlet: 'Evening Herald', published: '2024-06-01', text: 'The minister resigned.' },
    purged: { title: 'Minister returns', outlet: 'Evening Herald', published: '2024-06-02', text: 'The minister returned.' },
  };

  beforeAll(async () => {
    databaseUrl = await pgCluster().database();
    admin = (await initTeam(databaseUrl)).admin!.token;
    reader = (await addTeamUser(databaseUrl, 'rita', 'reader')).token;
    server = await startTeamServer({ databaseUrl, port: 0 });
    for (const name of Object.keys(DOCS)) ids[name] = randomUUID();
    await push(Object.entries(DOCS).map(([name, d]) => create(ids[name]!, d, ++hlc)));
    await push([
      { opId: randomUUID(), hlc: ++hlc, kind: 'field', object: ids.trashed, key: 'trash', value: { deleted_at: '2024-06-03T00:00:00Z' } },
      { opId: randomUUID(), hlc: ++hlc, kind: 'purge', object: ids.purged, key: '', value: null },
    ]);
  });
  afterAll(async () => {
    await server?.close();
  });

  it('finds clippings by a word in the title or the body, diacritics and case folded, newest first', async () => {
    expect(await found({ q: 'minister' })).toEqual(['storm', 'budget', 'trade']);
    expect(await found({ q: 'STORM' })).toEqual(['storm']);
    expect(await found({ q: 'zoe muller' })).toEqual(['storm']);
    expect(await found({ q: 'café' })).toEqual(['storm']);
    expect(await found({ q: 'nowhere' })).toEqual([]);
  });

  it('matches a phrase only as adjacent words; a prefix; leaves out what follows a minus', async () => {
    expect(await found({ q: '"finance minister"' })).toEqual(['budget']);
    expect(await found({ q: '"minister of finance"' })).toEqual(['trade']);
    expect(await found({ q: 'minister finance' })).toEqual(['budget', 'trade']);
    expect(await found({ q: 'harb*' })).toEqual(['storm']);
    expect(await found({ q: 'minister -budget' })).toEqual(['storm', 'trade']);
    expect(await found({ q: 'minister -"finance minister"' })).toEqual(['storm', 'trade']);
  });

  it('filters by a part of the outlet’s name and by publication day', async () => {
    expect(await found({ q: 'minister', outlet: 'courier' })).toEqual(['budget', 'trade']);
    expect(await found({ q: 'minister', outlet: 'HERALD' })).toEqual(['storm']);
    expect(await found({ q: 'minister', outlet: '100%' })).toEqual([]);
    expect(await found({ q: 'minister', from: '2024-01-01' })).toEqual(['storm', 'budget']);
    expect(await found({ q: 'minister', from: '2024-01-01', to: '2024-03-05' })).toEqual(['budget']);
    expect(await found({ q: 'minister', to: '2023-12-31', outlet: 'courier' })).toEqual(['trade']);
  });

  it('orders by relevance on request (a title word weighs more) and pages with limit and offset', async () => {
    expect(await found({ q: 'vote' })).toEqual(['storm', 'budget']);
    expect(await found({ q: 'vote', order: 'rank' })).toEqual(['budget', 'storm']);
    const first = await search({ q: 'minister', limit: '2' });
    expect(first.body.more).toBe(true);
    expect(await found({ q: 'minister', limit: '2', offset: '2' })).toEqual(['trade']);
    expect((await search({ q: 'minister', limit: '2', offset: '2' })).body.more).toBe(false);
    const hit = first.body.hits[0];
    expect(hit).toMatchObject({ uuid: ids.storm, title: 'Storm hits the coast', outlet: 'Evening Herald', day: '2024-05-20' });
  });

  it('follows pushes: an edited title is found by its new words, a restored clipping comes back', async () => {
    await push([{ opId: randomUUID(), hlc: ++hlc, kind: 'field', object: ids.trade, key: 'title', value: { title: 'Tariff negotiations' } }]);
    expect(await found({ q: 'tariff' })).toEqual(['trade']);
    expect(await found({ q: 'talks' })).toEqual(['trade']);
    expect(await found({ q: 'resigned' })).toEqual([]);
    await push([{ opId: randomUUID(), hlc: ++hlc, kind: 'field', object: ids.trashed, key: 'trash', value: { deleted_at: null } }]);
    expect(await found({ q: 'resigned' })).toEqual(['trashed']);
    expect(await found({ q: 'returned' })).toEqual([]);
  });

  it('reads newest first across the day windows, the undated last, and pages through them without a gap', async () => {
    const spread: Record<string, string | null> = { g0: '2025-06-30', g0b: '2025-06-29', g1: '2025-03-01', g2: '2023-01-01', g3: '2015-01-01', gx: null };
    for (const name of Object.keys(spread)) ids[name] = randomUUID();
    await push(Object.entries(spread).map(([name, day], i) => create(ids[name]!, { title: `Glacier ${i}`, outlet: 'Alpine Post', published: day, text: name === 'g2' ? 'glacier glacier glacier' : 'A glacier.' }, ++hlc)));
    const all = ['g0', 'g0b', 'g1', 'g2', 'g3', 'gx'];
    expect(await found({ q: 'glacier' })).toEqual(all);
    const paged: unknown[] = [];
    for (let offset = 0; offset < 6; offset += 2) paged.push(...(await found({ q: 'glacier', limit: '2', offset: String(offset) })));
    expect(paged).toEqual(all);
    expect(await found({ q: 'glacier', from: '2016-01-01' })).toEqual(['g0', 'g0b', 'g1', 'g2']);
    expect(await found({ q: 'glacier', to: '2024-12-31' })).toEqual(['g2', 'g3']);
    expect((await found({ q: 'glacier', order: 'rank' }))[0]).toBe('g2');
    // The same through the windows (what a word found in many clippings goes through).
    const pool = new pg.Pool({ connectionString: databaseUrl });
    try {
      await pool.query(`ANALYZE clipping_search`);
      const byUuid = new Map(Object.entries(ids).map(([k, v]) => [v, k]));
      const windowed = async (q: Partial<TeamSearch>) => (await searchClippings(pool, { q: 'glacier', order: 'date', limit: 20, offset: 0, ...q }, 0)).hits.map((h) => byUuid.get(h.uuid));
      expect(await windowed({})).toEqual(all);
      const pages: unknown[] = [];
      for (let offset = 0; offset < 6; offset += 2) pages.push(...(await windowed({ limit: 2, offset })));
      expect(pages).toEqual(all);
      expect(await windowed({ from: '2016-01-01' })).toEqual(['g0', 'g0b', 'g1', 'g2']);
      // The first window holds the page (and one more): found by checking its newest clippings.
      const statements: string[] = [];
      const recording = { query: (sql: string, args?: unknown[]) => (statements.push(sql), pool.query(sql, args)) } as unknown as pg.Pool;
      expect(await searchClippings(recording, { q: 'glacier', order: 'date', limit: 1, offset: 0 }, 0)).toMatchObject({ hits: [{ uuid: ids.g0 }], more: true });
      expect(statements.filter((q) => q.includes('NULLS FIRST'))).toHaveLength(1);
      expect(statements.filter((q) => q.includes('WITH cand'))).toHaveLength(0);
      // A clipping dated 2024-13-45 (any digits pass the push) leaves the windows out, not the search.
      const odd = randomUUID();
      await push([create(odd, { title: 'Glacier odd', outlet: 'Alpine Post', published: '2999-13-45', text: 'A glacier.' }, ++hlc)]);
      const first = await searchClippings(pool, { q: 'glacier', order: 'date', limit: 2, offset: 0 }, 0);
      expect(first.hits.map((h) => h.uuid)).toEqual([odd, ids.g0]);
      expect(await windowed({ to: '2024-12-31' })).toEqual(['g2', 'g3']);
      expect((await windowed({ order: 'rank' }))[0]).toBe('g2');
    } finally {
      await pool.end();
    }
  });

  it('is open to every role with a live token, and to no one else', async () => {
    expect((await search({ q: 'storm' }, admin)).status).toBe(200);
    const { token: eddie } = await addTeamUser(databaseUrl, 'eddie', 'editor');
    expect((await search({ q: 'storm' }, eddie)).status).toBe(200);
    await revokeTeamUser(databaseUrl, 'eddie');
    expect((await search({ q: 'storm' }, eddie)).status).toBe(401);
    expect((await call(null, 'GET', '/v1/search?q=storm')).status).toBe(401);
  });

  it('refuses a malformed query or filter with a 400 that says what is wrong', async () => {
    const refused = async (params: Record<string, string>, message: RegExp) => {
      const r = await search(params);
      expect(r.status).toBe(400);
      expect(r.body.error).toMatch(message);
    };
    await refused({}, /q: the words to find/);
    await refused({ q: '   ' }, /q: the words to find/);
    await refused({ q: '"finance minister' }, /closing quote is missing/);
    await refused({ q: '-budget' }, /not only words to leave out/);
    await refused({ q: '!!! ???' }, /has no word in it/);
    await refused({ q: '"  "' }, /has no word in it/);
    await refused({ q: 'a* b' }, /prefix is two or more letters/);
    await refused({ q: 'x'.repeat(501) }, /at most 500 characters/);
    await refused({ q: 'storm', from: '5 May 2024' }, /from: a day, YYYY-MM-DD/);
    await refused({ q: 'storm', to: '2024-13-45' }, /to: a day, YYYY-MM-DD/);
    await refused({ q: 'storm', order: 'best' }, /order: date or rank/);
    await refused({ q: 'storm', limit: '0' }, /limit: 1 to 200/);
    await refused({ q: 'storm', order: 'rank', offset: '190', limit: '20' }, /at most 200 when ordered by relevance/);
  });

  it('leaves out a clipping the duplicate rules merged into another', async () => {
    const doc: Doc = { title: 'Harvest festival', outlet: 'Evening Herald', published: '2024-07-01', text: 'The harvest festival opened with a parade.' };
    const first = randomUUID();
    const second = randomUUID();
    const same = (uuid: string, h: number) => {
      const op = create(uuid, doc, h);
      (op.value.groups.body as Record<string, unknown>).content_hash = 'festival-text-hash';
      return op;
    };
    await push([same(first, ++hlc)]);
    // The same text clipped on another desktop: merged by the server into the first.
    const r = await call(admin, 'POST', '/v1/push', { replica: randomUUID(), ops: [same(second, ++hlc)] });
    expect(r.status).toBe(200);
    const hits = (await search({ q: 'festival' })).body.hits as { uuid: string }[];
    expect(hits.map((h) => h.uuid)).toEqual([first]);
  });

  it('migration 4 makes the search rows of what the team held before it', async () => {
    const url = await pgCluster().database();
    const pool = new pg.Pool({ connectionString: url });
    try {
      const uuid = randomUUID();
      await pool.query(`CREATE TABLE schema_version (version int NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
      await pool.query(TEAM_MIGRATIONS[0]!.up);
      await pool.query(`INSERT INTO schema_version (version) VALUES (1)`);
      await pool.query(`INSERT INTO users (name, role) VALUES ('old', 'admin')`);
      await pool.query(`INSERT INTO clippings (uuid, constants, created_by) VALUES ($1, '{}', 1)`, [uuid]);
      await pool.query(
        `INSERT INTO field_versions (object, grp, value, hlc, replica, user_id) VALUES
           ($1, 'title', '{"title":"Older harvest"}', 1, $2, 1), ($1, 'body', '{"text":"Farmers counted the crops."}', 1, $2, 1)`,
        [uuid, randomUUID()],
      );
      expect((await initTeam(url)).applied).toEqual([2, 3, 4]);
      const rows = (await pool.query(`SELECT clipping::text AS uuid, title FROM clipping_search WHERE doc @@ to_tsquery('cuttings', 'crops')`)).rows;
      expect(rows).toEqual([{ uuid, title: 'Older harvest' }]);
    } finally {
      await pool.end();
    }
  });
});
