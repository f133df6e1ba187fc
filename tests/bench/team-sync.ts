/**
 * Team sync benchmark (issue 19's goals), against a real PostgreSQL (a throwaway cluster,
 * tests/team/cluster.ts) and a real `cuttings team serve` process:
 *
 *  1. the randomized workload's archive (tests/bench/search-workload.ts; each clipping
 *     given a capture, as an imported clipping has) joins the team and pushes everything;
 *  2. an empty desktop joins and makes its initial sync — goal ≤ 3 min at 100,000;
 *  3. 100 changes on the first desktop (50 tags, 50 notes) reach the second: its push plus
 *     the other's pull, end to end — goal ≤ 1 s (median of 5 rounds, and the worst);
 *  4. 50 simulated clients (each its own user and replica) at once, each pushing a few
 *     edits and pulling what is new, 20 rounds: every request's round trip — goal p95
 *     ≤ 300 ms, no errors. Each client's first request is also shown apart: the server
 *     checks a token by scrypt once per process, and 50 at once queue on it.
 *
 * Each phase also reports the CPU seconds of the desktops (this process), the server and
 * PostgreSQL: on a machine shared with other work the wall-clock figures follow the load,
 * the CPU seconds hardly do — compare those between runs.
 *
 *   node --import tsx tests/bench/team-sync.ts [--size N] [--clients N] [--rounds N] [--out DIR]
 *
 * Needs dist/cli.mjs (`node build/build.mjs cli`) and Debian's postgresql; without it the
 * benchmark says so in one line and exits 0. Results: tests/bench/results/team-sync-<size>.{md,json}.
 */
import { createHash, randomUUID } from 'node:crypto';
import { copyFileSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Archive } from '../../electron/core/archive.ts';
import { addTeamUser } from '../../electron/team/admin.ts';
import { hasPostgres } from '../team/cluster.ts';
import { ensureArchive } from './search-workload.ts';
import { startBenchTeam, writeResults } from './team-bench.ts';
import { markdownTable, percentile, round } from './stats.ts';
import { NOW } from './workload-rows.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const CLI = path.join(HERE, '../../dist/cli.mjs');
const log = (s: string) => process.stderr.write(`${s}\n`);
const seconds = (ms: number) => round(ms / 1000, 2);
const load = () => os.loadavg().map((x) => round(x, 2)).join(' ');

const { values } = parseArgs({
  options: {
    size: { type: 'string', default: '100000' },
    clients: { type: 'string', default: '50' },
    rounds: { type: 'string', default: '20' },
    cache: { type: 'string', default: path.join(os.tmpdir(), 'cuttings-workload') },
    out: { type: 'string', default: path.join(HERE, 'results') },
  },
});
const SIZE = Number(values.size);
const CLIENTS = Number(values.clients);
const ROUNDS = Number(values.rounds);

/** The workload archive, copied, with a capture (its text as a text/plain file) for each clipping. */
function desktopWithCaptures(source: string, file: string): Archive {
  copyFileSync(source, file);
  const archive = new Archive(file, {}, () => NOW);
  const db = archive.db;
  // The workload's rows carry no captures; give each one, with the update triggers set
  // aside (capture_id feeds no index), as ensureArchive does for its bulk load.
  const triggers = db.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'clippings' AND sql LIKE '%UPDATE%'`).all() as { name: string; sql: string }[];
  for (const t of triggers) db.exec(`DROP TRIGGER ${t.name}`);
  const insert = db.prepare(`INSERT INTO captures (media_type, source_url, captured_at, sha256, byte_size, bytes) VALUES ('text/plain', ?, ?, ?, ?, ?)`);
  const link = db.prepare(`UPDATE clippings SET capture_id = ? WHERE id = ?`);
  const page = db.prepare(`SELECT id, sqlar_uncompress(text_z, text_size) AS text, source_url, captured_at FROM clippings WHERE id > ? ORDER BY id LIMIT 5000`);
  const give = db.transaction((rows: { id: number; text: string; source_url: string | null; captured_at: string }[]) => {
    for (const r of rows) {
      const bytes = Buffer.from(r.text, 'utf8');
      const id = insert.run(r.source_url, r.captured_at, createHash('sha256').update(bytes).digest('hex'), bytes.length, bytes).lastInsertRowid;
      link.run(id, r.id);
    }
  });
  for (let last = 0; ; ) {
    const rows = page.all(last) as { id: number; text: string; source_url: string | null; captured_at: string }[];
    if (rows.length === 0) break;
    give(rows);
    last = rows[rows.length - 1]!.id;
  }
  for (const t of triggers) db.exec(t.sql);
  return archive;
}

/**
 * CPU seconds spent so far by the three parties (Linux /proc; clock ticks of 10 ms): this
 * process (the desktops), the server process, and PostgreSQL (the postmaster with the
 * backends it has reaped, and those alive). On a shared machine the wall-clock figures
 * follow the load; these hardly do, so they are what to compare between runs.
 */
function cpuSeconds(serverPid: number, clusterDir: string): { desktop: number; server: number; postgres: number } {
  const ticks = (pid: number, children: boolean) => {
    try {
      const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      return Number(f[11]) + Number(f[12]) + (children ? Number(f[13]) + Number(f[14]) : 0);
    } catch {
      return 0;
    }
  };
  const pidFile = path.join(clusterDir, 'data', 'postmaster.pid');
  const postmaster = existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8').split('\n')[0]) : 0;
  let postgres = ticks(postmaster, true);
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      if (Number(readFileSync(`/proc/${d}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]) === postmaster) postgres += ticks(Number(d), false);
    } catch {
      // Gone meanwhile.
    }
  }
  const own = process.cpuUsage();
  return { desktop: round((own.user + own.system) / 1e6, 1), server: round(ticks(serverPid, false) / 100, 1), postgres: round(postgres / 100, 1) };
}
const cpuSince = (a: ReturnType<typeof cpuSeconds>, b: ReturnType<typeof cpuSeconds>) => ({
  desktop: round(b.desktop - a.desktop, 1),
  server: round(b.server - a.server, 1),
  postgres: round(b.postgres - a.postgres, 1),
});
const cpuText = (c: ReturnType<typeof cpuSeconds>) => `${c.desktop} · ${c.server} · ${c.postgres} s`;

interface ClientStats {
  requests: number[];
  /** Each client's first request (the server checks its token by scrypt once per process), and the others. */
  first: number[];
  later: number[];
  errors: string[];
}

/** One simulated client: `rounds` times, push `edits` note edits on clippings of the team, then pull what is new. */
async function simulatedClient(url: string, token: string, uuids: readonly string[], startCursor: number, rounds: number, edits: number, out: ClientStats): Promise<void> {
  const replica = randomUUID();
  let cursor = startCursor;
  let hlc = Date.now() * 1024;
  let first = true;
  const timed = async (method: string, p: string, body?: unknown) => {
    const t = performance.now();
    const res = await fetch(new URL(p, url), {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await res.json()) as Record<string, unknown>;
    const ms = performance.now() - t;
    out.requests.push(ms);
    (first ? out.first : out.later).push(ms);
    first = false;
    if (!res.ok) out.errors.push(`${method} ${p}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  for (let r = 0; r < rounds; r++) {
    // A person's pace is seconds between syncs; here they come as fast as the server answers,
    // with a little jitter so the 50 do not march in step.
    await new Promise((resolve) => setTimeout(resolve, Math.random() * 50));
    const ops = Array.from({ length: edits }, () => ({
      opId: randomUUID(),
      hlc: ++hlc,
      kind: 'field',
      object: uuids[Math.floor(Math.random() * uuids.length)]!,
      key: 'note',
      value: { note: `note ${randomUUID()}` },
    }));
    await timed('POST', 'v1/push', { replica, ops });
    for (;;) {
      const page = (await timed('GET', `v1/pull?after=${cursor}&limit=1000`)) as { next?: number; more?: boolean };
      cursor = page.next ?? cursor;
      if (!page.more) break;
    }
  }
}

async function main(): Promise<void> {
  if (!hasPostgres) {
    log('team-sync benchmark skipped: no PostgreSQL here (Debian: apt-get install postgresql)');
    return;
  }
  const loadStart = load();
  const team = await startBenchTeam(CLI, 'cuttings-team-bench-');
  const { cluster, databaseUrl, server, url, alice, bob, work } = team;
  const archives: Archive[] = [];
  try {

    log(`source: the ${SIZE.toLocaleString('en-US')}-clipping workload archive, with captures`);
    const a = desktopWithCaptures(await ensureArchive(values.cache!, SIZE), path.join(work, 'a.db'));
    archives.push(a);
    const cpu = () => cpuSeconds(server!.pid!, cluster.dir);
    let t = performance.now();
    let c0 = cpu();
    await a.call('team.join', { server: url, token: alice });
    const joinMs = performance.now() - t;
    t = performance.now();
    const push = await a.call('team.sync', {});
    const pushMs = performance.now() - t;
    const pushCpu = cpuSince(c0, cpu());
    log(`  join ${seconds(joinMs)} s, initial push of ${push.pushed.toLocaleString('en-US')} operations ${seconds(pushMs)} s (CPU desktop · server · PostgreSQL ${cpuText(pushCpu)})`);

    const b = new Archive(path.join(work, 'b.db'), {}, () => NOW);
    archives.push(b);
    await b.call('team.join', { server: url, token: bob });
    t = performance.now();
    c0 = cpu();
    const pull = await b.call('team.sync', {});
    const initialMs = performance.now() - t;
    const initialCpu = cpuSince(c0, cpu());
    const count = (x: Archive) => (x.db.prepare(`SELECT count(*) AS n FROM clippings`).get() as { n: number }).n;
    if (count(b) !== count(a)) throw new Error(`the empty desktop holds ${count(b)} clippings after its sync, the source ${count(a)}`);
    log(`  initial sync to an empty desktop: ${pull.pulled.toLocaleString('en-US')} operations, ${count(b).toLocaleString('en-US')} clippings, ${seconds(initialMs)} s (CPU ${cpuText(initialCpu)})`);

    // 100 changes end to end, 5 rounds.
    const ids = (a.db.prepare(`SELECT id FROM clippings WHERE deleted_at IS NULL ORDER BY id LIMIT 100`).all() as { id: number }[]).map((r) => r.id);
    const incremental: number[] = [];
    for (let round = 1; round <= 5; round++) {
      await a.call('tags.apply', { selection: { ids: ids.slice(0, 50) }, add: [`round ${round}`] });
      for (const id of ids.slice(50)) await a.call('clippings.setNote', { id, note: `round ${round}` });
      t = performance.now();
      const up = await a.call('team.sync', {});
      const down = await b.call('team.sync', {});
      incremental.push(performance.now() - t);
      if (up.pushed !== 100 || down.pulled < 100) throw new Error(`round ${round}: pushed ${up.pushed}, pulled ${down.pulled} (100 changes expected)`);
    }
    log(`  100 changes end to end: ${incremental.map((x) => Math.round(x)).join(', ')} ms`);

    // 50 clients at once.
    const uuids = (a.db.prepare(`SELECT uuid FROM clippings WHERE deleted_at IS NULL ORDER BY id LIMIT 5000`).all() as { uuid: string }[]).map((r) => r.uuid);
    const tokens = await Promise.all(Array.from({ length: CLIENTS }, (_, i) => addTeamUser(databaseUrl, `client${i}`, 'editor').then((u) => u.token)));
    // They start from the team's present (their own initial sync is the goal above).
    const head = (await b.call('team.status', {})).cursor;
    const stats: ClientStats = { requests: [], first: [], later: [], errors: [] };
    t = performance.now();
    c0 = cpu();
    await Promise.all(tokens.map((token) => simulatedClient(url, token, uuids, head, ROUNDS, 5, stats)));
    const clientsMs = performance.now() - t;
    const clientsCpu = cpuSince(c0, cpu());
    const rt = stats.requests;
    log(`  ${CLIENTS} clients × ${ROUNDS} rounds: ${rt.length} requests in ${seconds(clientsMs)} s, p50 ${round(percentile(rt, 50), 1)} p95 ${round(percentile(rt, 95), 1)} max ${round(Math.max(...rt), 1)} ms, ${stats.errors.length} errors (CPU ${cpuText(clientsCpu)})`);

    const result = {
      name: `team-sync-${SIZE >= 1000 ? `${SIZE / 1000}k` : SIZE}`,
      generatedAt: new Date().toISOString(),
      machine: { cpu: os.cpus()[0]?.model ?? 'unknown', cores: os.cpus().length, node: process.version, loadStart, loadEnd: load() },
      size: SIZE,
      clippings: count(a),
      initialPush: { operations: push.pushed, seconds: seconds(pushMs), joinSeconds: seconds(joinMs), cpuSeconds: pushCpu },
      initialSync: { operations: pull.pulled, seconds: seconds(initialMs), goalSeconds: 180, cpuSeconds: initialCpu },
      incremental100: { ms: incremental.map((x) => round(x, 1)), medianMs: round(percentile(incremental, 50), 1), maxMs: round(Math.max(...incremental), 1), goalMs: 1000 },
      clients: {
        clients: CLIENTS,
        rounds: ROUNDS,
        requests: rt.length,
        seconds: seconds(clientsMs),
        cpuSeconds: clientsCpu,
        p50: round(percentile(rt, 50), 1),
        p95: round(percentile(rt, 95), 1),
        p99: round(percentile(rt, 99), 1),
        max: round(Math.max(...rt), 1),
        firstRequest: { p50: round(percentile(stats.first, 50), 1), max: round(Math.max(...stats.first), 1) },
        laterRequests: { p50: round(percentile(stats.later, 50), 1), p95: round(percentile(stats.later, 95), 1), p99: round(percentile(stats.later, 99), 1), max: round(Math.max(...stats.later), 1) },
        errors: stats.errors.length,
        firstErrors: stats.errors.slice(0, 5),
        goalP95Ms: 300,
      },
    };
    const md = [
      `# Team sync: ${SIZE.toLocaleString('en-US')} clippings`,
      '',
      `${result.generatedAt} · ${result.machine.cpu} (${result.machine.cores} cores) · Node ${process.version} · load ${loadStart} → ${result.machine.loadEnd}`,
      '',
      'A real PostgreSQL (a throwaway cluster) and a real `cuttings team serve` process on this machine; the desktops are archives driven through the contract in this process. Command: `node --import tsx tests/bench/team-sync.ts --size ' + SIZE + '`.',
      '',
      markdownTable(
        ['what', 'measured', 'goal'],
        [
          [`initial push of the source desktop (${push.pushed.toLocaleString('en-US')} operations, captures included)`, `${result.initialPush.seconds} s`, '—'],
          [`initial sync to an empty desktop (${pull.pulled.toLocaleString('en-US')} operations, ${count(b).toLocaleString('en-US')} clippings)`, `${result.initialSync.seconds} s`, '≤ 180 s'],
          ['100 changes end to end (push + the other desktop’s pull), median of 5 · worst', `${result.incremental100.medianMs} ms · ${result.incremental100.maxMs} ms`, '≤ 1,000 ms'],
          [`${CLIENTS} clients at once, ${ROUNDS} rounds of push 5 + pull: round trip p50 · p95 · p99 · max`, `${result.clients.p50} · ${result.clients.p95} · ${result.clients.p99} · ${result.clients.max} ms`, 'p95 ≤ 300 ms'],
          [
            'of which each client’s first request (its token checked by scrypt, once per server process) p50 · max; the others p50 · p95 · p99 · max',
            `${result.clients.firstRequest.p50} · ${result.clients.firstRequest.max} ms; ${result.clients.laterRequests.p50} · ${result.clients.laterRequests.p95} · ${result.clients.laterRequests.p99} · ${result.clients.laterRequests.max} ms`,
            '—',
          ],
          ['errors among those requests', String(result.clients.errors), '0'],
          [`CPU time, desktops · server · PostgreSQL: initial push; initial sync; ${CLIENTS} clients`, `${cpuText(pushCpu)}; ${cpuText(initialCpu)}; ${cpuText(clientsCpu)}`, '—'],
        ],
      ),
      '',
    ].join('\n');
    writeResults(values.out!, result.name, result, md);
    console.log(md);
  } finally {
    for (const x of archives) x.close();
    team.close();
  }
}

await main();
