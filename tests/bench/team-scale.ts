/**
 * The team archive at scale (issue 20, "beyond one server"): a PostgreSQL holding N
 * synthetic clippings (a throwaway cluster, tests/team/cluster.ts, in /tmp/team-scale-*,
 * deleted at the end) and a real `cuttings team serve` process in front of it:
 *
 *  1. fill: N clippings as the server stores them after pushes — the clipping row, its
 *     registers (title, outlet, dates, body), its create operation in the change log
 *     (and a tag operation for one in five) — written in multi-row statements with the
 *     search rows kept by migration 4's triggers, the search indexes built after;
 *  2. pull pages: `GET /v1/pull` of a full page (the client's 1,000 operations) from
 *     random cursors across the whole history — goal p95 ≤ 300 ms;
 *  3. server-side search: `GET /v1/search` on a seeded mix of frequent and rare words,
 *     two-word searches, phrases, prefixes and names, a third with an outlet or a date
 *     filter, a third by relevance — goal p95 ≤ 300 ms; the slowest, with their plans;
 *  4. 50 clients syncing at once: each pushes 5 edits (titles and notes, on clippings
 *     across the archive) and pulls what is new, for some rounds — every request's p95.
 *
 * The bodies are drawn from a pool of corpus clippings (tests/bench/corpus.ts): 4–10 of
 * its paragraphs each, so the vocabulary and word frequencies are the corpus's.
 *
 *   node build/build.mjs cli && node --import tsx tests/bench/team-scale.ts [--size 1000000] [--clients 50] [--rounds 10] [--pulls 300] [--queries 300] [--data /tmp/team-scale-1m]
 *
 * With --data the filled cluster is kept in that folder and a later run of the same size
 * measures it again without filling (delete the folder when done); without it the cluster
 * is made in a new /tmp/team-scale-* and deleted at the end. `npm run bench` runs 20,000.
 *
 * Needs Debian's postgresql (without it: one line, exit 0). The cluster is set up as a
 * server would be (shared_buffers 2 GB, work_mem 32 MB); the settings are in the results:
 * tests/bench/results/team-scale-<size>.{md,json}.
 */
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { searchClippings } from '../../db/team/search.ts';
import { addTeamUser, initTeam } from '../../electron/team/admin.ts';
import { TEAM_MIGRATIONS } from '../../db/team/migrations.ts';
import { hasPostgres, openCluster, startCluster, url, type Cluster } from '../team/cluster.ts';
import { spawnTeamServer } from '../team/serve.ts';
import { Corpus, toQueries, type QueryClass } from './corpus.ts';
import { markdownTable, percentile, Rng, round } from './stats.ts';
import { writeResults } from './team-bench.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const CLI = path.join(HERE, '../../dist/cli.mjs');
const log = (s: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${s}\n`);
const load = () => os.loadavg().map((x) => round(x, 2)).join(' ');

const { values } = parseArgs({
  options: {
    size: { type: 'string', default: '1000000' },
    clients: { type: 'string', default: '50' },
    rounds: { type: 'string', default: '10' },
    pulls: { type: 'string', default: '300' },
    queries: { type: 'string', default: '300' },
    seed: { type: 'string', default: '20201' },
    /** A folder to keep the filled cluster in (reused by a later run of the same size), instead of a new one deleted at the end. */
    data: { type: 'string' },
    out: { type: 'string', default: path.join(HERE, 'results') },
  },
});
const SIZE = Number(values.size);
const CLIENTS = Number(values.clients);
const ROUNDS = Number(values.rounds);
const PULLS = Number(values.pulls);
const QUERIES = Number(values.queries);
const SEED = Number(values.seed);
/** Corpus clippings whose titles and paragraphs the filled clippings are made of. */
const POOL = Math.min(20_000, SIZE);
const BATCH = 2000;
const PULL_PAGE = 1000;
const SETTINGS: Record<string, string> = { default_toast_compression: 'lz4', shared_buffers: '2GB', work_mem: '32MB', maintenance_work_mem: '1GB', max_wal_size: '8GB', effective_cache_size: '8GB', random_page_cost: '1.1' };

/** What a kept fill (--data) records, to be reused by the next run. */
interface Ready {
  size: number;
  seed: number;
  migrations: number;
  clusterDir: string;
  port: number;
  database: string;
  admin: string;
  fillSeconds: number;
  lastSeq: number;
}

interface Timing {
  ms: number;
  what: string;
  status: number;
  hits?: number;
}

const summary = (t: readonly Timing[]) => {
  const ms = t.map((x) => x.ms);
  return { n: ms.length, p50: round(percentile(ms, 50), 1), p95: round(percentile(ms, 95), 1), p99: round(percentile(ms, 99), 1), max: round(Math.max(...ms), 1), errors: t.filter((x) => x.status !== 200).length };
};
const slowest = <T extends Timing>(t: readonly T[], n: number): T[] => [...t].sort((a, b) => b.ms - a.ms).slice(0, n);

async function timedGet(base: string, token: string, p: string): Promise<{ ms: number; status: number; body: Record<string, unknown> }> {
  const t = performance.now();
  const res = await fetch(new URL(p, base), { headers: { authorization: `Bearer ${token}` } });
  const body = (await res.json()) as Record<string, unknown>;
  return { ms: performance.now() - t, status: res.status, body };
}

/** Fills the team database with SIZE clippings; returns their uuids and the last change number. */
async function fill(pool: pg.Pool, userId: number): Promise<number> {
  const corpus = new Corpus(SEED);
  const titles: string[] = [];
  const outlets: string[] = [];
  const paragraphs: string[] = [];
  for (let i = 0; i < POOL; i++) {
    const c = corpus.clipping(i);
    titles.push(c.title);
    outlets.push(c.outlet);
    paragraphs.push(...c.paragraphs);
  }
  log(`  pool: ${POOL} corpus clippings, ${paragraphs.length} paragraphs`);
  // The search indexes are built once the rows are in (far faster than row by row).
  const indexes = (await pool.query(`SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'clipping_search' AND indexname <> 'clipping_search_pkey'`)).rows as { indexname: string; indexdef: string }[];
  for (const ix of indexes) await pool.query(`DROP INDEX ${ix.indexname}`);

  const rng = new Rng(SEED, 0x66696c6c); // "fill"
  const replica = randomUUID();
  let seq = 0;
  let hlc = Date.UTC(2025, 0, 1) * 1024;
  const batch = (from: number, to: number) => {
    const b = { uuid: [] as string[], constants: [] as string[], object: [] as string[], grp: [] as string[], value: [] as string[], seq: [] as number[], op: [] as string[], hlc: [] as number[], kind: [] as string[], cobject: [] as string[], key: [] as string[], cvalue: [] as string[] };
    for (let i = from; i < to; i++) {
      const uuid = randomUUID();
      const k = rng.int(0, POOL - 1);
      const day = new Date(Date.UTC(2012, 0, 1) + rng.int(0, 14 * 365) * 86_400_000).toISOString().slice(0, 10);
      const body: string[] = [];
      for (let p = rng.int(3, 6); p > 0; p--) body.push(rng.pick(paragraphs));
      const text = body.join('\n\n');
      const groups: Record<string, Record<string, unknown>> = {
        title: { title: titles[k] },
        outlet: { outlet: outlets[k] },
        dates: { published_at: `${day}T${String(rng.int(6, 22)).padStart(2, '0')}:00:00Z`, modified_at: null, sort_key: `${day}T00:00:00Z` },
        body: { text, html: null, excerpt: text.slice(0, 200), word_count: text.split(/\s+/).length, lang: 'en' },
      };
      const constants = { captured_at: `${day}T23:00:00Z`, created_at: `${day}T23:00:00Z`, updated_at: `${day}T23:00:00Z` };
      b.uuid.push(uuid);
      b.constants.push(JSON.stringify(constants));
      for (const [g, v] of Object.entries(groups)) {
        b.object.push(uuid);
        b.grp.push(g);
        b.value.push(JSON.stringify(v));
      }
      const op = (kind: string, key: string, value: unknown) => {
        b.seq.push(++seq);
        b.op.push(randomUUID());
        b.hlc.push(++hlc);
        b.kind.push(kind);
        b.cobject.push(uuid);
        b.key.push(key);
        b.cvalue.push(JSON.stringify(value));
      };
      op('clipping', '', { capture: null, constants, groups });
      if (rng.chance(0.2)) {
        const tag = rng.pick(['economy', 'politics', 'press review', 'minister', 'follow up', 'region']);
        op('tag', tag, { present: true, name: tag });
      }
    }
    return b;
  };
  const write = async (b: ReturnType<typeof batch>) => {
    const c = await pool.connect();
    try {
      await c.query('BEGIN');
      await c.query(`INSERT INTO clippings (uuid, constants, created_by) SELECT u, k, $3 FROM unnest($1::uuid[], $2::jsonb[]) AS x(u, k)`, [b.uuid, b.constants, userId]);
      // One statement, so migration 4's trigger makes these clippings' search rows at once.
      await c.query(`INSERT INTO field_versions (object, grp, value, hlc, replica, user_id) SELECT o, g, v, 1, $4, $5 FROM unnest($1::text[], $2::text[], $3::jsonb[]) AS x(o, g, v)`, [b.object, b.grp, b.value, replica, userId]);
      await c.query(
        `INSERT INTO changes (seq, op_id, user_id, replica, hlc, kind, object, key, value)
         SELECT s, o, $8, $9, h, k, ob, ke, v FROM unnest($1::bigint[], $2::uuid[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::jsonb[]) AS x(s, o, h, k, ob, ke, v)`,
        [b.seq, b.op, b.hlc, b.kind, b.cobject, b.key, b.cvalue, userId, replica],
      );
      await c.query('COMMIT');
    } finally {
      c.release();
    }
  };
  const t = performance.now();
  // Two batches in flight (two PostgreSQL backends) while the next one is generated.
  const inFlight: Promise<void>[] = [];
  for (let from = 0; from < SIZE; from += BATCH) {
    const b = batch(from, Math.min(SIZE, from + BATCH));
    if (inFlight.length === 2) await inFlight.shift();
    inFlight.push(write(b));
    if ((from / BATCH) % 50 === 0) log(`  ${from.toLocaleString('en-US')} clippings written (${Math.round((performance.now() - t) / 1000)} s, load ${load()})`);
  }
  await Promise.all(inFlight);
  await pool.query(`UPDATE change_seq SET last = $1`, [seq]);
  log(`  ${SIZE.toLocaleString('en-US')} clippings, ${seq.toLocaleString('en-US')} changes written in ${Math.round((performance.now() - t) / 1000)} s`);
  const ti = performance.now();
  for (const ix of indexes) await pool.query(ix.indexdef);
  log(`  search indexes built in ${Math.round((performance.now() - ti) / 1000)} s`);
  await pool.query(`VACUUM ANALYZE`);
  return seq;
}

/** The search mix: the corpus's query classes, a third with a filter, a third by relevance. */
function searchMix(corpus: Corpus, outlets: readonly string[]): { cls: string; params: Record<string, string> }[] {
  const per = Math.ceil(QUERIES / 6);
  const sets = toQueries(corpus.querySets(per, POOL, 7));
  const rng = new Rng(SEED, 0x6d697820); // "mix "
  const mix: { cls: string; params: Record<string, string> }[] = [];
  for (const cls of Object.keys(sets) as QueryClass[]) {
    for (const q of sets[cls]) {
      const params: Record<string, string> = { q: q.product, limit: '20' };
      const f = rng.int(0, 2);
      if (f === 1) params.outlet = rng.pick(outlets).split(' ').filter((w) => w.length > 3).pop() ?? rng.pick(outlets);
      if (f === 2) {
        const y = rng.int(2012, 2025);
        params.from = `${y}-${String(rng.int(1, 6)).padStart(2, '0')}-01`;
        params.to = `${y}-${String(rng.int(7, 12)).padStart(2, '0')}-28`;
      }
      if (rng.chance(1 / 3)) params.order = 'rank';
      mix.push({ cls: `${cls}${f === 1 ? '+outlet' : f === 2 ? '+dates' : ''}${params.order ? ' (rank)' : ''}`, params });
    }
  }
  return rng.shuffle(mix).slice(0, QUERIES);
}

async function main(): Promise<void> {
  if (!hasPostgres) {
    log('team-scale benchmark skipped: no PostgreSQL here (Debian: apt-get install postgresql)');
    return;
  }
  // The cluster lives under /tmp/team-scale-* (or --data): a folder the postgres user must enter.
  const work = values.data ?? mkdtempSync(path.join(os.tmpdir(), 'team-scale-'));
  mkdirSync(work, { recursive: true });
  chmodSync(work, 0o755);
  const readyFile = path.join(work, 'ready.json');
  const ready = existsSync(readyFile) ? (JSON.parse(readFileSync(readyFile, 'utf8')) as Ready) : null;
  const reuse = ready !== null && ready.size === SIZE && ready.seed === SEED && ready.migrations === TEAM_MIGRATIONS.length;
  if (ready && !reuse) throw new Error(`${work} holds another fill (${JSON.stringify(ready)}): name another --data folder`);
  let cluster: Cluster | null = null;
  let server: ChildProcess | null = null;
  let pool: pg.Pool | null = null;
  try {
    const loadStart = load();
    let databaseUrl: string;
    let admin: string;
    let fillSeconds: number;
    let lastSeq: number;
    if (reuse) {
      cluster = openCluster(ready.clusterDir, ready.port);
      cluster.start();
      databaseUrl = url(ready.clusterDir, ready.port, ready.database);
      pool = new pg.Pool({ connectionString: databaseUrl, max: 4 });
      ({ admin, fillSeconds, lastSeq } = ready);
      log(`reusing the ${SIZE.toLocaleString('en-US')}-clipping fill in ${work} (filled in ${fillSeconds} s)`);
    } else {
      const tmp = process.env.TMPDIR;
      process.env.TMPDIR = work;
      cluster = startCluster();
      if (tmp === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = tmp;
      databaseUrl = await cluster.database();
      pool = new pg.Pool({ connectionString: databaseUrl, max: 4 });
      for (const [k, v] of Object.entries(SETTINGS)) await pool.query(`ALTER SYSTEM SET ${k} = '${v}'`);
      await pool.end();
      cluster.stop();
      cluster.start();
      pool = new pg.Pool({ connectionString: databaseUrl, max: 4 });
      admin = (await initTeam(databaseUrl)).admin!.token;
      const adminId = Number((await pool.query(`SELECT id FROM users WHERE name = 'admin'`)).rows[0].id);
      log(`fill: ${SIZE.toLocaleString('en-US')} clippings (load ${load()})`);
      const tFill = performance.now();
      lastSeq = await fill(pool, adminId);
      fillSeconds = round((performance.now() - tFill) / 1000, 1);
      if (values.data) {
        const keep: Ready = { size: SIZE, seed: SEED, migrations: TEAM_MIGRATIONS.length, clusterDir: cluster.dir, port: cluster.port, database: /\/(\w+)\?/.exec(databaseUrl)![1]!, admin, fillSeconds, lastSeq };
        writeFileSync(readyFile, JSON.stringify(keep));
      }
    }
    const head = Number((await pool.query(`SELECT last FROM change_seq`)).rows[0].last);
    // Clippings the clients edit: a random sample across the archive.
    const uuids = (await pool.query(`SELECT uuid::text AS uuid FROM clippings TABLESAMPLE SYSTEM (5) LIMIT 50000`)).rows.map((r) => r.uuid as string);
    const outlets = (await pool.query(`SELECT DISTINCT outlet FROM clipping_search`)).rows.map((r) => r.outlet as string);
    const sizes = (await pool.query(
      `SELECT relname AS name, pg_total_relation_size(c.oid) AS bytes FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r') ORDER BY 2 DESC LIMIT 4`,
    )).rows.map((r) => ({ name: r.name as string, mb: Math.round(Number(r.bytes) / 2 ** 20) }));
    const bodyChars = Math.round(Number((await pool.query(`SELECT avg(length(value->>'text')) AS n FROM (SELECT value FROM field_versions WHERE grp = 'body' LIMIT 20000) x`)).rows[0].n));
    const dbMb = Math.round(Number((await pool.query(`SELECT pg_database_size(current_database()) AS b`)).rows[0].b) / 2 ** 20);
    log(`  database ${dbMb} MB: ${sizes.map((s) => `${s.name} ${s.mb} MB`).join(', ')}`);
    const run = Date.now().toString(36);

    const started = await spawnTeamServer(CLI, databaseUrl);
    server = started.child;
    const base = `${started.url}/`;
    const reader = (await addTeamUser(databaseUrl, `reader-${run}`, 'reader')).token;

    // The lightest request (a token check and one indexed row), as a gauge of the machine's load in this run.
    await timedGet(base, admin, `v1/pull?after=0&limit=${PULL_PAGE}`); // the server's first connection and token check
    const hellos: Timing[] = [];
    for (let i = 0; i < 100; i++) {
      const r = await timedGet(base, reader, 'v1/hello');
      hellos.push({ ms: r.ms, what: 'GET /v1/hello', status: r.status });
    }
    log(`hello: ${JSON.stringify(summary(hellos))} (load ${load()})`);

    // 2. Pull pages from random cursors.
    const rng = new Rng(SEED, 0x70756c6c); // "pull"
    const loadPull = load();
    const pulls: Timing[] = [];
    for (let i = 0; i < PULLS; i++) {
      const after = rng.int(0, Math.max(0, lastSeq - PULL_PAGE));
      const r = await timedGet(base, reader, `v1/pull?after=${after}&limit=${PULL_PAGE}`);
      pulls.push({ ms: r.ms, what: `GET /v1/pull?after=${after}&limit=${PULL_PAGE}`, status: r.status, hits: (r.body.ops as unknown[] | undefined)?.length });
    }
    log(`pull pages: ${JSON.stringify(summary(pulls))} (load ${loadPull} → ${load()})`);

    // 3. Search.
    const mix = searchMix(new Corpus(SEED), outlets);
    const loadSearch = load();
    const searches: (Timing & { cls: string; params: Record<string, string> })[] = [];
    for (const m of mix) {
      const r = await timedGet(base, reader, `v1/search?${new URLSearchParams(m.params)}`);
      searches.push({ ms: r.ms, what: `GET /v1/search?${new URLSearchParams(m.params)}`, status: r.status, hits: (r.body.hits as unknown[] | undefined)?.length, cls: m.cls, params: m.params });
    }
    const byClass = new Map<string, number[]>();
    for (const s of searches) {
      const cls = s.cls.split(/[+ ]/)[0]!;
      byClass.set(cls, [...(byClass.get(cls) ?? []), s.ms]);
    }
    log(`search: ${JSON.stringify(summary(searches))} (load ${loadSearch} → ${load()})`);
    // The plans of the three slowest, run again under EXPLAIN ANALYZE with the server's statement.
    const plans: { what: string; plan: string }[] = [];
    for (const s of slowest(searches, 3)) {
      const plan = await explainSearch(pool, s.params);
      plans.push({ what: s.what, plan });
    }

    // 4. 50 clients syncing.
    const tokens = await Promise.all(Array.from({ length: CLIENTS }, (_, i) => addTeamUser(databaseUrl, `client${i}-${run}`, 'editor').then((u) => u.token)));
    const loadClients = load();
    const syncs: Timing[] = [];
    const tClients = performance.now();
    await Promise.all(tokens.map((token, i) => client(base, token, uuids, head, new Rng(SEED, 0x636c6e74, i), syncs)));
    const clientsSeconds = round((performance.now() - tClients) / 1000, 1);
    log(`${CLIENTS} clients: ${JSON.stringify(summary(syncs))} (load ${loadClients} → ${load()})`);

    const label = SIZE >= 1_000_000 ? `${SIZE / 1_000_000}m` : SIZE >= 1000 ? `${SIZE / 1000}k` : String(SIZE);
    const result = {
      name: `team-scale-${label}`,
      generatedAt: new Date().toISOString(),
      machine: { cpu: os.cpus()[0]?.model ?? 'unknown', cores: os.cpus().length, memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version, loadStart, loadEnd: load() },
      postgres: { version: (await pool.query(`SHOW server_version`)).rows[0].server_version as string, settings: SETTINGS },
      size: SIZE,
      changes: lastSeq,
      fillSeconds,
      databaseMb: dbMb,
      largestTables: sizes,
      hello: summary(hellos),
      pull: { ...summary(pulls), page: PULL_PAGE, load: loadPull, slowest: slowest(pulls, 5), goalP95Ms: 300 },
      search: {
        ...summary(searches),
        load: loadSearch,
        byClass: Object.fromEntries([...byClass].map(([k, v]) => [k, { n: v.length, p50: round(percentile(v, 50), 1), p95: round(percentile(v, 95), 1), max: round(Math.max(...v), 1) }])),
        slowest: slowest(searches, 10).map(({ ms, what, status, hits, cls }) => ({ ms: round(ms, 1), what, status, hits, cls })),
        plans,
        goalP95Ms: 300,
      },
      clients: { clients: CLIENTS, rounds: ROUNDS, seconds: clientsSeconds, load: loadClients, ...summary(syncs), slowest: slowest(syncs, 5) },
    };
    const ms = (x: { p50: number; p95: number; p99: number; max: number }) => `${x.p50} · ${x.p95} · ${x.p99} · ${x.max} ms`;
    const md = [
      `# Team archive at scale: ${SIZE.toLocaleString('en-US')} clippings in PostgreSQL`,
      '',
      `${result.generatedAt} · ${result.machine.cpu} (${result.machine.cores} cores, ${result.machine.memoryGb} GB) · Node ${process.version} · PostgreSQL ${result.postgres.version} · load ${loadStart} → ${result.machine.loadEnd}`,
      '',
      `A throwaway PostgreSQL cluster (${Object.entries(SETTINGS).map(([k, v]) => `${k} ${v}`).join(', ')}; fsync off) and a real \`cuttings team serve\` process on this machine, shared with other work (the load figures are the 1-, 5- and 15-minute averages). Command: \`node build/build.mjs cli && node --import tsx tests/bench/team-scale.ts --size ${SIZE}\`.`,
      '',
      `Filled in ${fillSeconds} s: ${SIZE.toLocaleString('en-US')} clippings (titles and 3–6 paragraphs of a ${POOL.toLocaleString('en-US')}-clipping corpus pool, ${bodyChars.toLocaleString('en-US')} characters of body on average; days 2012–2025), ${lastSeq.toLocaleString('en-US')} changes; database ${dbMb.toLocaleString('en-US')} MB (${sizes.map((s) => `${s.name} ${s.mb.toLocaleString('en-US')} MB`).join(', ')}).`,
      '',
      markdownTable(
        ['what', 'requests', 'p50 · p95 · p99 · max', 'errors', 'load (1/5/15 min)', 'goal'],
        [
          ['the lightest request (`GET /v1/hello`: a token check), as a gauge of the load', result.hello.n, ms(result.hello), result.hello.errors, loadPull, '—'],
          [`pull a page of ${PULL_PAGE} operations from a random cursor`, result.pull.n, ms(result.pull), result.pull.errors, loadPull, 'p95 ≤ 300 ms'],
          ['server-side search, 20 a page (the mix below)', result.search.n, ms(result.search), result.search.errors, loadSearch, 'p95 ≤ 300 ms'],
          [`${CLIENTS} clients at once, ${ROUNDS} rounds of push 5 edits + pull: every request`, result.clients.n, ms(result.clients), result.clients.errors, loadClients, '—'],
        ],
      ),
      '',
      '## Search by kind of query',
      '',
      markdownTable(
        ['kind', 'queries', 'p50', 'p95', 'max'],
        Object.entries(result.search.byClass).map(([k, v]) => [k, v.n, v.p50, v.p95, v.max]),
      ),
      '',
      'A third of the queries carry an outlet filter or a date range, a third ask for relevance order (ts_rank among the newest 1,000 matches).',
      '',
      '## The slowest searches, verbatim',
      '',
      markdownTable(
        ['ms', 'request', 'hits', 'kind'],
        result.search.slowest.map((s) => [s.ms, `\`${s.what}\``, s.hits ?? s.status, s.cls]),
      ),
      '',
      '## The slowest pull pages',
      '',
      markdownTable(['ms', 'request'], result.pull.slowest.map((s) => [round(s.ms, 1), `\`${s.what}\``])),
      '',
      '## Plans of the three slowest searches (EXPLAIN ANALYZE, run again after the measurement)',
      '',
      ...plans.flatMap((p) => [`\`${p.what}\``, '', '```', p.plan, '```', '']),
    ].join('\n');
    writeResults(values.out!, result.name, result, md);
    console.log(md);
  } finally {
    server?.kill('SIGTERM');
    await pool?.end().catch(() => undefined);
    if (values.data) cluster?.stop();
    else {
      cluster?.remove();
      rmSync(work, { recursive: true, force: true });
    }
  }
}

/** One client: `ROUNDS` times, push 5 edits (title or note) on random clippings, then pull to the head. */
async function client(base: string, token: string, uuids: readonly string[], head: number, rng: Rng, out: Timing[]): Promise<void> {
  const replica = randomUUID();
  let cursor = head;
  let hlc = Date.now() * 1024;
  for (let r = 0; r < ROUNDS; r++) {
    await new Promise((resolve) => setTimeout(resolve, rng.next() * 50));
    const ops = Array.from({ length: 5 }, () => {
      const title = rng.chance(0.5);
      return { opId: randomUUID(), hlc: ++hlc, kind: 'field', object: rng.pick(uuids), key: title ? 'title' : 'note', value: title ? { title: `Edited ${randomUUID()}` } : { note: `note ${randomUUID()}` } };
    });
    const t = performance.now();
    const res = await fetch(new URL('v1/push', base), { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ replica, ops }) });
    await res.json();
    out.push({ ms: performance.now() - t, what: 'POST /v1/push (5 edits)', status: res.status });
    for (;;) {
      const page = await timedGet(base, token, `v1/pull?after=${cursor}&limit=${PULL_PAGE}`);
      out.push({ ms: page.ms, what: `GET /v1/pull?after=${cursor}&limit=${PULL_PAGE}`, status: page.status });
      cursor = (page.body.next as number | undefined) ?? cursor;
      if (!page.body.more) break;
    }
  }
}

/** EXPLAIN ANALYZE of the server's search statement for these parameters (db/team/search.ts, through its own code path). */
async function explainSearch(pool: pg.Pool, params: Record<string, string>): Promise<string> {
  const lines: string[] = [];
  // The search runs its statements on a pool-like object that also explains each candidate query it runs.
  const explaining = {
    query: async (sql: string, args: unknown[]) => {
      if (sql.includes('WITH cand')) {
        const r = await pool.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, args);
        lines.push(`-- window ${JSON.stringify(args.slice(4, 7))}, limit ${args[7]}`, ...r.rows.map((x) => x['QUERY PLAN'] as string));
      }
      return pool.query(sql, args);
    },
  } as unknown as pg.Pool;
  await searchClippings(explaining, {
    q: params.q!,
    outlet: params.outlet ?? null,
    from: params.from ?? null,
    to: params.to ?? null,
    order: params.order === 'rank' ? 'rank' : 'date',
    limit: Number(params.limit ?? 20),
    offset: 0,
  });
  return lines.join('\n');
}

await main();
