/**
 * The background sync never blocks reading or editing (issue 20, item 2): a desktop that
 * answers calls while its background sync pulls a team archive of N clippings for the
 * first time. Against a real PostgreSQL and `cuttings team serve`:
 *
 *  1. a source desktop imports N generated text captures and pushes them to the team;
 *  2. an empty desktop (readers in worker threads, background sync on, as `cuttings serve`
 *     runs it) answers, every 25 ms, one read (`clippings.get`, a reader) and one edit
 *     (`clippings.setNote` on a clipping of its own, the one writer connection) — first for
 *     a few seconds with nothing else going on (the baseline), then while it joins the team
 *     and its background sync pulls all N;
 *  3. reported: each call's latency, baseline vs during the sync (p50, p95, max, and the
 *     ratio of the p95s), and the longest stall of the event loop (the longest synchronous
 *     stretch, e.g. one applied page: a call that comes in then waits for it).
 *
 *   node --import tsx tests/bench/team-background.ts [--size N]
 *
 * Needs dist/cli.mjs (`node build/build.mjs cli`) and Debian's postgresql; without it the
 * benchmark says so in one line and exits 0. Results: tests/bench/results/team-background-<size>.{md,json}.
 */
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Archive } from '../../electron/core/archive.ts';
import { hasPostgres } from '../team/cluster.ts';
import { Corpus, writeTextInbox } from './corpus.ts';
import { startBenchTeam, writeResults } from './team-bench.ts';
import { markdownTable, percentile, round } from './stats.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const CLI = path.join(HERE, '../../dist/cli.mjs');
const log = (s: string) => process.stderr.write(`${s}\n`);
const load = () => os.loadavg().map((x) => round(x, 2)).join(' ');

const { values } = parseArgs({
  options: {
    size: { type: 'string', default: '5000' },
    baseline: { type: 'string', default: '4000' },
    out: { type: 'string', default: path.join(HERE, 'results') },
  },
});
const SIZE = Number(values.size);
const BASELINE_MS = Number(values.baseline);
const PROBE_MS = 25;

interface Probes {
  read: number[];
  edit: number[];
}

/** Calls `b` every PROBE_MS until `until` resolves: a read and an edit, each timed from when it was sent. */
async function probe(b: Archive, own: readonly number[], until: Promise<unknown>): Promise<Probes> {
  const out: Probes = { read: [], edit: [] };
  let done = false;
  void until.finally(() => (done = true));
  let i = 0;
  const inFlight: Promise<unknown>[] = [];
  while (!done) {
    const id = own[i++ % own.length]!;
    const t = performance.now();
    inFlight.push(b.call('clippings.get', { id }).then(() => out.read.push(performance.now() - t)));
    inFlight.push(b.call('clippings.setNote', { id, note: `probe ${i}` }).then(() => out.edit.push(performance.now() - t)));
    await new Promise((resolve) => setTimeout(resolve, PROBE_MS));
  }
  await Promise.all(inFlight);
  return out;
}

const summary = (xs: number[]) => ({ n: xs.length, p50: round(percentile(xs, 50), 1), p95: round(percentile(xs, 95), 1), max: round(Math.max(...xs), 1) });

async function main(): Promise<void> {
  if (!hasPostgres) {
    log('team-background benchmark skipped: no PostgreSQL here (Debian: apt-get install postgresql)');
    return;
  }
  const loadStart = load();
  const team = await startBenchTeam(CLI, 'cuttings-team-bg-');
  const { url, alice, bob, work } = team;
  const archives: Archive[] = [];
  try {

    log(`source: ${SIZE.toLocaleString('en-US')} generated text captures`);
    const inbox = path.join(work, 'inbox');
    writeTextInbox(new Corpus(20261207), inbox, SIZE);
    const a = new Archive(path.join(work, 'a.db'));
    archives.push(a);
    await a.call('clippings.import', { paths: [inbox] });
    await a.call('team.join', { server: url, token: alice });
    const pushed = await a.call('team.sync', {});
    log(`  pushed ${pushed.pushed.toLocaleString('en-US')} operations`);

    const b = new Archive(path.join(work, 'b.db'));
    archives.push(b);
    const own: number[] = [];
    for (let i = 0; i < 20; i++) {
      const r = await b.call('clippings.add', { capture: { name: `own-${i}.txt`, mediaType: 'text/plain', text: `A clipping of this desktop's own, number ${i}, about the harbour dues and the ferry timetable.` } });
      own.push(r.id!);
    }
    b.readInWorkers();
    b.syncInBackground({ everyMs: 3_600_000 });
    // The readers start, and the background sync's first look (not in a team yet) is over.
    await b.call('clippings.get', { id: own[0]! });

    const stall = monitorEventLoopDelay({ resolution: 5 });
    stall.enable();
    const baseline = await probe(b, own, new Promise((resolve) => setTimeout(resolve, BASELINE_MS)));
    stall.disable();
    const baselineStall = stall.max / 1e6;
    stall.reset();

    stall.enable();
    const t = performance.now();
    await b.call('team.join', { server: url, token: bob });
    const synced = (async () => {
      const target = (a.db.prepare(`SELECT count(*) AS n FROM clippings`).get() as { n: number }).n + own.length;
      for (;;) {
        const s = await b.call('team.status', {});
        const n = (await b.call('archive.stats', {})).clippings;
        if (s.lastSync && n >= target && !s.background?.syncing) return n;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    })();
    const during = await probe(b, own, synced);
    const syncMs = performance.now() - t;
    stall.disable();
    const syncStall = stall.max / 1e6;
    const clippings = await synced;
    log(`  the background sync brought ${clippings - own.length} clippings in ${round(syncMs / 1000, 1)} s`);

    const result = {
      name: `team-background-${SIZE >= 1000 ? `${SIZE / 1000}k` : SIZE}`,
      generatedAt: new Date().toISOString(),
      machine: { cpu: os.cpus()[0]?.model ?? 'unknown', cores: os.cpus().length, node: process.version, loadStart, loadEnd: load() },
      size: SIZE,
      syncSeconds: round(syncMs / 1000, 1),
      baseline: { read: summary(baseline.read), edit: summary(baseline.edit), longestStallMs: round(baselineStall, 1) },
      duringSync: { read: summary(during.read), edit: summary(during.edit), longestStallMs: round(syncStall, 1) },
    };
    const row = (what: string, x: ReturnType<typeof summary>, base: ReturnType<typeof summary>) => [what, String(x.n), `${x.p50} · ${x.p95} · ${x.max}`, `${round(x.p95 / Math.max(base.p95, 0.1), 1)}×`];
    const md = [
      `# Background sync: calls answered during a first sync of ${SIZE.toLocaleString('en-US')} clippings`,
      '',
      `${result.generatedAt} · ${result.machine.cpu} (${result.machine.cores} cores) · Node ${process.version} · load ${loadStart} → ${result.machine.loadEnd}`,
      '',
      'A real PostgreSQL (a throwaway cluster) and a real `cuttings team serve` process; the desktop is an archive with readers and its background sync on, as `cuttings serve` runs it, called every 25 ms in this process. ' +
        `The sync took ${result.syncSeconds} s. Command: \`node --import tsx tests/bench/team-background.ts --size ${SIZE}\`.`,
      '',
      markdownTable(
        ['call (ms)', 'calls', 'p50 · p95 · max', 'p95 vs baseline'],
        [
          row('read (clippings.get), nothing else running', result.baseline.read, result.baseline.read),
          row('read (clippings.get), during the sync', result.duringSync.read, result.baseline.read),
          row('edit (clippings.setNote), nothing else running', result.baseline.edit, result.baseline.edit),
          row('edit (clippings.setNote), during the sync', result.duringSync.edit, result.baseline.edit),
        ],
      ),
      '',
      `Longest stall of the event loop (the longest synchronous stretch, which a call arriving then waits for): ${result.baseline.longestStallMs} ms without the sync, ${result.duringSync.longestStallMs} ms during it.`,
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
