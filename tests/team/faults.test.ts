/**
 * Faults in the team sync, against a real PostgreSQL and a real `cuttings team serve`
 * process: the server killed (-9) in the middle of a push and of a pull, the client killed
 * in the middle of a sync, connections dropped in the middle of an answer, PostgreSQL
 * restarted under the server. After the fault and a sync that is let finish, there is no
 * duplicate on the server or in either archive, nothing is lost, and the cursors agree.
 *
 * Between the client and the server sits a small TCP relay (below) that sees each HTTP
 * request start, so a fault strikes at a chosen request (the second push, the third pull
 * page) rather than at a time that depends on the machine's speed.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { addTeamUser, initTeam } from '../../electron/team/admin.ts';
import { REPO } from '../helpers.ts';
import { spawnTeamServer } from './serve.ts';
import { seeded } from '../reliability/lib/hostile-inputs.ts';
import { describeWithPostgres, pgCluster } from './pg.ts';

const CLI = path.join(REPO, 'dist/cli.mjs');
const run = promisify(execFile);

interface Out {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(args: string[]): Promise<Out> {
  try {
    const r = await run(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 120_000 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

async function ok(args: string[]): Promise<string> {
  const r = await cli(args);
  expect(r.code, `cuttings ${args.join(' ')}: ${r.stderr}`).toBe(0);
  return r.stdout;
}

/** A seeded generator of distinct little articles (distinct words, so none is a near-duplicate of another). */
function articles(dir: string, n: number, seed: number): void {
  const rnd = seeded(seed);
  const syll = ['ka', 'lo', 'mi', 'ter', 'van', 'dor', 'sel', 'pra', 'ous', 'nit', 'bre', 'gal', 'fum', 'zet', 'hin', 'ro'];
  const word = () => Array.from({ length: 2 + Math.floor(rnd() * 3) }, () => syll[Math.floor(rnd() * syll.length)]).join('');
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < n; i++) {
    const sentence = () => `${Array.from({ length: 12 + Math.floor(rnd() * 10) }, word).join(' ')}.`;
    const para = () => Array.from({ length: 4 }, sentence).join(' ');
    const title = `Report ${i} on ${word()} ${word()}`;
    writeFileSync(path.join(dir, `a${String(i).padStart(4, '0')}.txt`), `${title}\n\n${para()}\n\n${para()}\n\n${para()}\n`);
  }
}

/** What must agree everywhere: clippings by uuid with their shared fields and tags, annotations. */
function snapshot(file: string): { clippings: unknown[]; uuids: number; rows: number } {
  const db = new Database(file, { readonly: true });
  try {
    const clippings = db.prepare(`SELECT uuid, title, outlet, note, starred, deleted_at IS NOT NULL AS trashed FROM clippings ORDER BY uuid`).all() as Array<Record<string, unknown>>;
    const tags = db.prepare(`SELECT c.uuid, group_concat(lower(t.name), '|') AS tags FROM clipping_tags ct JOIN tags t ON t.id = ct.tag_id JOIN clippings c ON c.id = ct.clipping_id GROUP BY c.uuid`).all() as { uuid: string; tags: string }[];
    const byUuid = new Map(tags.map((t) => [t.uuid, t.tags.split('|').sort().join('|')]));
    for (const c of clippings) c.tags = byUuid.get(String(c.uuid)) ?? '';
    const { uuids, rows } = db.prepare(`SELECT count(DISTINCT uuid) AS uuids, count(*) AS rows FROM clippings`).get() as { uuids: number; rows: number };
    return { clippings, uuids, rows };
  } finally {
    db.close();
  }
}

function syncState(file: string): { cursor: number; pending: number } {
  const db = new Database(file, { readonly: true });
  try {
    const cursor = (db.prepare(`SELECT cursor FROM sync_state`).get() as { cursor: number }).cursor;
    const pending = (db.prepare(`SELECT count(*) AS n FROM sync_outbox`).get() as { n: number }).n;
    return { cursor, pending };
  } finally {
    db.close();
  }
}

type Fault = (request: string, index: number) => 'pass' | 'drop-response' | 'hold';

/**
 * A TCP relay in front of the team server. `fault` is asked at the start of every HTTP
 * request ("POST /v1/push", counted per kind from 1) what to do: pass it on; let the
 * server answer but cut the connection after the first bytes of the answer; or hold it (the
 * caller then kills something). Requests are one at a time per connection (undici does not
 * pipeline), so a request starts at the start of a chunk from the client.
 */
function relay(target: () => number, fault: { current: Fault }): Promise<{ port: number; close: () => void; seen: Map<string, number> }> {
  const seen = new Map<string, number>();
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    sockets.add(client);
    const upstream = net.connect(target(), '127.0.0.1');
    sockets.add(upstream);
    let cutAnswer = false;
    client.on('data', (chunk) => {
      const m = /^(GET|POST|PUT) (\/v1\/[a-z]+)/.exec(chunk.toString('latin1', 0, 64));
      if (m) {
        const key = `${m[1]} ${m[2]}`;
        const n = (seen.get(key) ?? 0) + 1;
        seen.set(key, n);
        const what = fault.current(key, n);
        if (what === 'hold') return;
        cutAnswer = what === 'drop-response';
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk) => {
      if (cutAnswer) {
        // The head and half of the body's first bytes: the answer has begun and breaks off.
        const head = chunk.indexOf('\r\n\r\n');
        client.write(chunk.subarray(0, head < 0 ? chunk.length >> 1 : head + 4 + ((chunk.length - head - 4) >> 1)));
        client.destroy();
        upstream.destroy();
        return;
      }
      client.write(chunk);
    });
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        port: (server.address() as net.AddressInfo).port,
        seen,
        close: () => {
          for (const s of sockets) s.destroy();
          server.close();
        },
      }),
    ),
  );
}

describeWithPostgres('team sync under faults (PostgreSQL, a real server process)', () => {
  let databaseUrl: string;
  let dir: string;
  let server: ChildProcess | null = null;
  let serverPort = 0;
  let proxy: Awaited<ReturnType<typeof relay>>;
  const fault: { current: Fault } = { current: () => 'pass' };
  /** From now on, `f` decides for each request (counted afresh). */
  const strike = (f: Fault) => {
    proxy.seen.clear();
    fault.current = f;
  };
  let url: string;
  const tokens: Record<string, string> = {};
  const N = 200;
  const TAGS = ['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'eta', 'theta', 'iota', 'kappa', 'lambda'];

  /** Starts `cuttings team serve` (on the port it had before, after a kill). */
  async function startServer(): Promise<void> {
    const { child, url: at } = await spawnTeamServer(CLI, databaseUrl, serverPort);
    serverPort = Number(new URL(at).port);
    server = child;
  }

  function killServer(): void {
    server?.kill('SIGKILL');
    server = null;
  }

  async function serverCounts(): Promise<{ changes: number; opIds: number; clippings: number; last: number }> {
    const c = new pg.Client({ connectionString: databaseUrl });
    await c.connect();
    try {
      const { rows } = await c.query(
        `SELECT (SELECT count(*) FROM changes)::int AS changes, (SELECT count(DISTINCT op_id) FROM changes)::int AS "opIds",
                (SELECT count(*) FROM clippings)::int AS clippings, (SELECT last FROM change_seq)::int AS last`,
      );
      return rows[0];
    } finally {
      await c.end();
    }
  }

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'cuttings-faults-'));
    databaseUrl = await pgCluster().database();
    await initTeam(databaseUrl);
    tokens.alice = (await addTeamUser(databaseUrl, 'alice', 'editor')).token;
    tokens.bob = (await addTeamUser(databaseUrl, 'bob', 'editor')).token;
    await startServer();
    proxy = await relay(() => serverPort, fault);
    url = `http://127.0.0.1:${proxy.port}/`;
    // A: N clippings, each with ten tags: N creates + 10N tag operations, so a push takes
    // several batches (500 operations each) and a pull three pages (1,000 each).
    articles(path.join(dir, 'in'), N, 7);
    await ok(['--db', path.join(dir, 'a.db'), 'import', path.join(dir, 'in')]);
    for (const t of TAGS) await ok(['--db', path.join(dir, 'a.db'), 'tag', '--query', 'report', t]);
    expect(snapshot(path.join(dir, 'a.db')).rows).toBe(N);
  }, 240_000);
  afterAll(() => {
    fault.current = () => 'pass';
    proxy?.close();
    killServer();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const a = () => path.join(dir, 'a.db');
  const b = () => path.join(dir, 'b.db');

  it('the server killed in the middle of a push: the sync fails clearly, and the next one completes with every operation once', async () => {
    await ok(['--db', a(), 'team', 'join', url, '--token', tokens.alice!]);
    expect(syncState(a()).pending).toBeGreaterThan(1000);
    // The second batch is sent on to the server, which is killed at once: before it can
    // answer, whatever the machine's speed (a kill after a delay could land after the sync).
    strike((req, n) => {
      if (req === 'POST /v1/push' && n === 2) setImmediate(killServer);
      return 'pass';
    });
    const failed = await cli(['--db', a(), 'sync']);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/cannot be reached|failed/);
    const mid = await serverCounts();
    expect(mid.changes).toBeGreaterThanOrEqual(500); // the first batch was committed
    expect(syncState(a()).pending).toBeLessThan(11 * N); // and acknowledged
    strike(() => 'pass');
    await startServer();
    const done = JSON.parse(await ok(['--db', a(), 'sync', '--json']));
    expect(done.pending).toBe(0);
    const after = await serverCounts();
    expect(after).toMatchObject({ changes: after.opIds, clippings: N, last: after.changes });
    expect(after.changes).toBeGreaterThanOrEqual(11 * N);
  }, 180_000);

  it('the server killed in the middle of a pull: the next sync resumes from the last page applied', async () => {
    await ok(['--db', b(), 'team', 'join', url, '--token', tokens.bob!]);
    strike((req, n) => {
      if (req === 'GET /v1/pull' && n === 2) {
        killServer();
        return 'hold';
      }
      return 'pass';
    });
    const failed = await cli(['--db', b(), 'sync']);
    expect(failed.code).toBe(1);
    const cursor = syncState(b()).cursor;
    expect(cursor).toBeGreaterThan(0); // the first page is in, with its cursor
    expect(snapshot(b()).rows).toBeGreaterThan(0);
    expect(snapshot(b()).rows).toBeLessThan(N + 1);
    strike(() => 'pass');
    await startServer();
    await ok(['--db', b(), 'sync']);
    const sa = snapshot(a());
    const sb = snapshot(b());
    expect(sb).toEqual(sa);
    expect(sb).toMatchObject({ rows: N, uuids: N });
    expect(syncState(b()).cursor).toBe((await serverCounts()).last);
  }, 180_000);

  it('answers cut off in the middle, on every kind of request: the client retries and nothing is applied twice', async () => {
    // A fresh archive C pulls everything while the first answer of each kind is cut off.
    const c = path.join(dir, 'c.db');
    await ok(['--db', c, 'team', 'join', url, '--token', tokens.bob!]);
    // New work on A: a note and a tag on every clipping.
    await ok(['--db', a(), 'tag', '--query', 'report', 'zeta']);
    const cut = new Set<string>();
    strike((req) => {
      if (cut.has(req)) return 'pass';
      cut.add(req);
      return 'drop-response';
    });
    await ok(['--db', a(), 'sync']);
    await ok(['--db', c, 'sync']);
    expect([...cut].sort()).toEqual(['GET /v1/pull', 'POST /v1/blobs', 'POST /v1/push']);
    strike(() => 'pass');
    await ok(['--db', b(), 'sync']);
    const sa = snapshot(a());
    expect(sa).toMatchObject({ rows: N, uuids: N });
    expect(snapshot(b())).toEqual(sa);
    expect(snapshot(c)).toEqual(sa);
    const counts = await serverCounts();
    expect(counts.changes).toBe(counts.opIds);
    expect(counts.clippings).toBe(N);
  }, 180_000);

  it('the client killed in the middle of a sync: its archive is whole and the next sync converges', async () => {
    const d = path.join(dir, 'd.db');
    await ok(['--db', d, 'team', 'join', url, '--token', tokens.bob!]);
    let child: ChildProcess | null = null;
    strike((req, n) => {
      if (req === 'GET /v1/pull' && n === 3) {
        child?.kill('SIGKILL');
        return 'hold';
      }
      return 'pass';
    });
    child = spawn(process.execPath, [CLI, '--db', d, 'sync'], { stdio: 'ignore' });
    const signal = await new Promise<string | null>((resolve) => child!.once('exit', (_code, sig) => resolve(sig)));
    expect(signal).toBe('SIGKILL');
    // The archive opens and checks clean after the kill, holding what the applied pages gave it.
    const db = new Database(d, { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
    const part = snapshot(d);
    expect(part.rows).toBe(part.uuids);
    strike(() => 'pass');
    await ok(['--db', d, 'sync']);
    expect(snapshot(d)).toEqual(snapshot(a()));
  }, 180_000);

  it('PostgreSQL restarted under the server: requests meanwhile are refused as "try again" and sent again; the sync after it completes', async () => {
    await ok(['--db', a(), 'note', '1', 'written while the database was down']);
    pgCluster().stop();
    const down = await cli(['--db', a(), 'sync']);
    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(/cannot be reached \(it answered 503: the team database is unavailable; try again\)/);
    expect(syncState(a()).pending).toBeGreaterThan(0); // nothing acknowledged that was not stored
    pgCluster().start();
    await ok(['--db', a(), 'sync']);
    // Down again, and back while a sync is waiting to send again: that sync completes.
    await ok(['--db', a(), 'note', '2', 'written across a restart']);
    pgCluster().stop();
    strike((req, n) => {
      if (req === 'POST /v1/push' && n === 1) setTimeout(() => pgCluster().start(), 100);
      return 'pass';
    });
    const across = JSON.parse(await ok(['--db', a(), 'sync', '--json']));
    strike(() => 'pass');
    expect(across).toMatchObject({ pushed: 1, pending: 0 });
    await ok(['--db', b(), 'sync']);
    expect(snapshot(b())).toEqual(snapshot(a()));
    expect(syncState(a()).pending).toBe(0);
    const counts = await serverCounts();
    expect(counts.changes).toBe(counts.opIds);
  }, 180_000);
});
