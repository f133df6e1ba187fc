/**
 * Own edits overridden in a sync (issue 20, item 4), against a real team server and
 * PostgreSQL, driven by the CLI: two archives retitle the same clipping offline; the one
 * whose edit was earlier loses it by last writer wins, sees it in `team conflicts`, and
 * restores it; after the next syncs both hold the restored title, and the other side,
 * whose title the restore replaced after having seen it, has nothing to restore.
 */
import { execFile, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { REPO } from '../helpers.ts';
import { describeWithPostgres, pgCluster } from './pg.ts';
import { spawnTeamServer } from './serve.ts';

const CLI = path.join(REPO, 'dist/cli.mjs');
const CAPTURES = path.join(REPO, 'tests/fixtures/text-captures');
const run = promisify(execFile);

async function ok(args: string[]): Promise<string> {
  return (await run(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 60_000 })).stdout;
}
const json = async (args: string[]) => JSON.parse(await ok([...args, '--json']));

const titles = (file: string) => {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare(`SELECT title FROM clippings ORDER BY uuid`).all() as { title: string }[]).map((r) => r.title);
  } finally {
    db.close();
  }
};

describeWithPostgres('own edits overridden in a sync, and restored (PostgreSQL)', () => {
  let server: ChildProcess;
  let url: string;
  let dir: string;
  let a: string;
  let b: string;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'cuttings-team-conflicts-'));
    a = path.join(dir, 'a.db');
    b = path.join(dir, 'b.db');
    const databaseUrl = await pgCluster().database();
    await ok(['team', 'init', '--database-url', databaseUrl]);
    for (const name of ['alice', 'bob']) tokens[name] = (await json(['team', 'user', 'add', name, '--role', 'editor', '--database-url', databaseUrl])).token;
    ({ child: server, url } = await spawnTeamServer(CLI, databaseUrl));
  });
  afterAll(() => {
    server?.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  });

  it('the loser of two offline title edits sees its title and restores it; both end with it', async () => {
    await ok(['--db', a, 'import', path.join(CAPTURES, 'harwick-budget.txt')]);
    await ok(['--db', a, 'team', 'join', url, '--token', tokens.alice!]);
    await ok(['--db', a, 'sync']);
    await ok(['--db', b, 'team', 'join', url, '--token', tokens.bob!]);
    await ok(['--db', b, 'sync']);
    const bId = String((await json(['--db', b, 'list'])).items[0].id);

    // Offline: A retitles, then B (later).
    await ok(['--db', a, 'edit', '1', '--title', 'Budget: A’s title']);
    await new Promise((resolve) => setTimeout(resolve, 5));
    await ok(['--db', b, 'edit', bId, '--title', 'Budget: B’s title']);
    expect(await json(['--db', a, 'team', 'conflicts'])).toEqual([]);

    // A syncs first (its edit reaches the server), then B, then A again: B's later title wins everywhere.
    await ok(['--db', a, 'sync']);
    expect((await json(['--db', b, 'sync'])).conflicts).toBeGreaterThan(0);
    await ok(['--db', a, 'sync']);
    expect(titles(a)).toEqual(['Budget: B’s title']);
    expect(titles(b)).toEqual(['Budget: B’s title']);
    // Only A's edit was overridden: A sees it, B does not.
    expect(await json(['--db', a, 'team', 'conflicts'])).toEqual([
      { clippingId: 1, clippingTitle: 'Budget: B’s title', field: 'title', yours: 'Budget: A’s title', replacedAt: expect.any(String), replacedBy: 'bob', recordedAt: expect.any(String) },
    ]);
    expect(await ok(['--db', a, 'team', 'conflicts'])).toMatch(/^clipping 1 "Budget: B’s title": your title was replaced by a later edit of bob made on \S+; yours: "Budget: A’s title" \(team conflicts restore\|dismiss 1 title\)\n$/);
    expect(await json(['--db', b, 'team', 'conflicts'])).toEqual([]);
    expect(await ok(['--db', a, 'team', 'status'])).toMatch(/ 1 edit of yours replaced by later ones: "cuttings team conflicts"\.\n$/);

    // A restores it: a new edit, which the syncs take to B.
    expect(await ok(['--db', a, 'team', 'conflicts', 'restore', '1', 'title'])).toBe('Your title of clipping 1 is back; it goes to the team at the next sync.\n');
    expect(titles(a)).toEqual(['Budget: A’s title']);
    await ok(['--db', a, 'sync']);
    expect((await json(['--db', b, 'sync'])).pulled).toBeGreaterThan(0);
    expect(titles(b)).toEqual(['Budget: A’s title']);
    expect(await json(['--db', a, 'team', 'conflicts'])).toEqual([]);
    expect(await json(['--db', b, 'team', 'conflicts'])).toEqual([]);
    expect(await ok(['--db', a, 'team', 'conflicts', 'dismiss', '1', 'title'])).toBe('Clipping 1 had no replaced title of yours.\n');
  });
});
