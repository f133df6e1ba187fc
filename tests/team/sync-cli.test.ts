/**
 * Two archives and a team server, driven by the CLI against a real PostgreSQL: after
 * concurrent offline edits on both sides (add, tag, untag, the same field edited on both
 * — last writer wins — annotate, delete and restore) and a sync round, both archives hold
 * the same clippings, tags, annotations and trash. Also: a reader cannot write, a revoked
 * token is refused, and a leave keeps the archive.
 */
import { execFile, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { registerFunctions } from '../../db/open.ts';
import { REPO } from '../helpers.ts';
import { describeWithPostgres, pgCluster } from './pg.ts';
import { spawnTeamServer } from './serve.ts';

const CLI = path.join(REPO, 'dist/cli.mjs');
const CAPTURES = path.join(REPO, 'tests/fixtures/text-captures');
const run = promisify(execFile);

interface Out {
  code: number;
  stdout: string;
  stderr: string;
}

/** The CLI, asynchronously (the server runs in another process meanwhile). */
async function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Out> {
  try {
    const r = await run(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, ...env } });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

async function ok(args: string[], env?: NodeJS.ProcessEnv): Promise<string> {
  const r = await cli(args, env);
  expect(r.code, `cuttings ${args.join(' ')}: ${r.stderr}`).toBe(0);
  return r.stdout;
}

/** What must be equal on every replica: each clipping's shared fields, tags, annotations and trash state, by uuid. */
function snapshot(file: string): unknown {
  const db = new Database(file, { readonly: true });
  registerFunctions(db);
  try {
    const clippings = db
      .prepare(`SELECT uuid, title, byline, outlet, sqlar_uncompress(text_z, text_size) AS text, note, starred, media_type, tone, deleted_at IS NOT NULL AS trashed FROM clippings ORDER BY uuid`)
      .all() as Array<Record<string, unknown>>;
    for (const c of clippings) {
      c.tags = (db.prepare(`SELECT t.name FROM clipping_tags ct JOIN tags t ON t.id = ct.tag_id JOIN clippings c ON c.id = ct.clipping_id WHERE c.uuid = ? ORDER BY lower(t.name)`).all(c.uuid) as { name: string }[]).map((t) => t.name);
      c.annotations = db
        .prepare(`SELECT a.uuid, a.exact, a.note, a.color, a.state FROM annotations a JOIN clippings c ON c.id = a.clipping_id WHERE c.uuid = ? ORDER BY a.uuid`)
        .all(c.uuid);
    }
    return clippings;
  } finally {
    db.close();
  }
}

describeWithPostgres('team sync driven by the CLI (PostgreSQL)', () => {
  let databaseUrl: string;
  let server: ChildProcess;
  let url: string;
  const tokens: Record<string, string> = {};
  // The archives live through the whole suite (one scenario across its tests).
  let dir: string;
  let a: string;
  let b: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'cuttings-team-'));
    a = path.join(dir, 'a.db');
    b = path.join(dir, 'b.db');
    databaseUrl = await pgCluster().database();
    // --database-url defaults to $DATABASE_URL.
    const init = await ok(['team', 'init'], { DATABASE_URL: databaseUrl });
    tokens.admin = /^(ct_\S+)$/m.exec(init)![1]!;
    for (const [name, role] of [['alice', 'editor'], ['bob', 'editor'], ['rita', 'reader']]) {
      const out = JSON.parse(await ok(['team', 'user', 'add', name!, '--role', role!, '--database-url', databaseUrl, '--json']));
      tokens[name!] = out.token;
    }
    ({ child: server, url } = await spawnTeamServer(CLI, databaseUrl));
  });
  afterAll(() => {
    server?.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists users by role; says plainly what went wrong with a name taken or a database out of reach', async () => {
    const users = JSON.parse(await ok(['team', 'user', 'list', '--database-url', databaseUrl, '--json']));
    expect(users.map((u: { name: string; role: string }) => `${u.name}:${u.role}`)).toEqual(['admin:admin', 'alice:editor', 'bob:editor', 'rita:reader']);
    const taken = await cli(['team', 'user', 'add', 'alice', '--role', 'reader', '--database-url', databaseUrl]);
    expect([taken.code, taken.stderr]).toEqual([1, 'cuttings team: a user named "alice" exists already\n']);
    const away = await cli(['team', 'init', '--database-url', `postgresql://x@/nodb?host=${encodeURIComponent(path.join(dir, 'nowhere'))}`]);
    expect(away.code).toBe(1);
    expect(away.stderr).toMatch(/^cuttings team: cannot use the team database: /);
    expect(await cli(['team', 'user', 'add', 'x', '--role', 'boss', '--database-url', databaseUrl])).toMatchObject({ code: 2 });
  });

  it('two archives converge after concurrent offline edits', async () => {
    // A has two clippings before joining; B starts empty.
    await ok(['--db', a, 'import', path.join(CAPTURES, 'harwick-budget.txt'), path.join(CAPTURES, 'ministry-flood-statement.txt')]);
    await ok(['--db', a, 'tag', '1', 'Old']);
    await ok(['--db', a, 'team', 'join', url, '--token', tokens.alice!]);
    expect(JSON.parse(await ok(['--db', a, 'team', 'status', '--json']))).toMatchObject({ joined: true, user: 'alice', role: 'editor', cursor: 0 });
    const first = JSON.parse(await ok(['--db', a, 'sync', '--json']));
    expect(first.pushed).toBeGreaterThan(0);
    expect(first.pending).toBe(0);
    await ok(['--db', b, 'team', 'join', url, '--token', tokens.bob!]);
    const pulled = JSON.parse(await ok(['--db', b, 'sync', '--json']));
    expect(pulled.pulled).toBeGreaterThan(0);
    expect(snapshot(b)).toEqual(snapshot(a));
    const ids = JSON.parse(await ok(['--db', b, 'list', '--json']));
    expect(ids.clippings ?? ids.items ?? ids).toBeTruthy();

    // Offline on both sides. The clipping's local id is 1 on A; on B it is whatever B gave it.
    const bId = (title: RegExp) => {
      const db = new Database(b, { readonly: true });
      try {
        const rows = db.prepare(`SELECT id, title FROM clippings`).all() as { id: number; title: string }[];
        const found = rows.find((c) => title.test(c.title));
        if (!found) throw new Error(`no clipping titled ${title} in B: ${JSON.stringify(rows)}`);
        return String(found.id);
      } finally {
        db.close();
      }
    };
    const harwickB = bId(/Harwick|budget/i);
    const floodB = bId(/Ministry/);
    await ok(['--db', a, 'untag', '1', 'Old']);
    await ok(['--db', a, 'tag', '1', 'Alpha']);
    await ok(['--db', a, 'edit', '1', '--outlet', 'Outlet of A']);
    await ok(['--db', a, 'annotate', '1', '--quote', 'pothole budget', '--note', 'from A', '--color', 'green']);
    await ok(['--db', a, 'delete', '2']);
    await ok(['--db', b, 'tag', harwickB, 'Beta']);
    await ok(['--db', b, 'edit', harwickB, '--outlet', 'Outlet of B']); // later: wins
    await ok(['--db', b, 'note', harwickB, 'note from B']);
    await ok(['--db', b, 'star', floodB]);

    await ok(['--db', a, 'sync']);
    const bSync = JSON.parse(await ok(['--db', b, 'sync', '--json']));
    expect(bSync.pulled).toBeGreaterThan(0);
    expect(bSync.conflicts).toBeGreaterThanOrEqual(1); // A's outlet lost to B's newer one
    await ok(['--db', a, 'sync']);
    const sa = snapshot(a) as Array<Record<string, unknown>>;
    expect(snapshot(b)).toEqual(sa);
    const harwick = sa.find((c) => /Harwick|budget/i.test(String(c.title)))!;
    expect(harwick).toMatchObject({ outlet: 'Outlet of B', note: 'note from B', tags: ['Alpha', 'Beta'], trashed: 0 });
    expect(harwick.annotations).toEqual([expect.objectContaining({ exact: 'pothole budget', note: 'from A', color: 'green' })]);
    const flood = sa.find((c) => /Ministry/.test(String(c.title)))!;
    // Deleted on A while B starred it: both acts kept (different fields); it is in the trash.
    expect(flood).toMatchObject({ trashed: 1, starred: 1 });

    // A restore newer than the delete wins.
    await ok(['--db', b, 'restore', floodB]);
    await ok(['--db', b, 'sync']);
    await ok(['--db', a, 'sync']);
    expect((snapshot(a) as Array<Record<string, unknown>>).find((c) => /Ministry/.test(String(c.title)))).toMatchObject({ trashed: 0 });
    expect(snapshot(b)).toEqual(snapshot(a));
    const status = JSON.parse(await ok(['--db', a, 'team', 'status', '--json']));
    expect(status).toMatchObject({ joined: true, pending: 0 });
    expect(status.lastSync).toEqual(expect.any(String));
  });

  it('a reader pulls everything but cannot write: its changes stay in its archive', async () => {
    const r = path.join(dir, 'r.db');
    await ok(['--db', r, 'team', 'join', url, '--token', tokens.rita!]);
    await ok(['--db', r, 'sync']);
    expect(snapshot(r)).toEqual(snapshot(a));
    await ok(['--db', r, 'tag', '1', 'Mine']);
    await ok(['--db', r, 'read', '1']);
    const s = JSON.parse(await ok(['--db', r, 'sync', '--json']));
    expect(s).toMatchObject({ pushed: 1, notShared: 1, pending: 0 });
    expect(await ok(['--db', r, 'sync'])).toMatch(/Pushed 0, pulled 0/);
    await ok(['--db', a, 'sync']);
    expect((snapshot(a) as Array<{ tags: string[] }>).flatMap((c) => c.tags)).not.toContain('Mine');
    expect((snapshot(r) as Array<{ tags: string[] }>).flatMap((c) => c.tags)).toContain('Mine');
  });

  it('a revoked token is refused; leaving keeps the archive', async () => {
    await ok(['team', 'user', 'revoke', 'bob', '--database-url', databaseUrl]);
    const refused = await cli(['--db', b, 'sync']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/refused the token/);
    const before = snapshot(b);
    await ok(['--db', b, 'team', 'leave']);
    expect(JSON.parse(await ok(['--db', b, 'team', 'status', '--json']))).toMatchObject({ joined: false, pending: 0 });
    expect(snapshot(b)).toEqual(before);
  });
});
