/**
 * Import speed at a given archive size: K plain-text captures (the bulk-import corpus,
 * indices after the base's) imported through `clippings.import` into a copy of an archive
 * that already holds BASE clippings, and the same with the code of other checkouts, runs
 * alternating (old, new, old, new…) so that every tree sees the same machine load. Reports
 * clippings/s and the CPU time per clipping of the main thread (the writer) and of the
 * whole process (the extraction workers included), read from /proc (Linux), which the
 * other processes of a loaded machine disturb less than the wall clock.
 *
 * The base archive is built once through the import itself, with the code of the first tree
 * (the first --tree, else this checkout: the oldest schema, which every later version opens
 * and upgrades before its import is timed), and cached in os.tmpdir()/cuttings-import-marginal,
 * keyed by size and that tree's schema digest.
 *
 *   node --import tsx tests/bench/import-marginal.ts [--base 10000] [--files 1000] [--runs 3] [--tree DIR]…
 *
 * --tree DIR  also run the code of another checkout (e.g. `git worktree add /tmp/old main`,
 *             with node_modules linked into it); this checkout is always run, last in each round.
 * --base-db F an existing archive of BASE clippings (copied for each run, never written) instead
 *             of the cached one (e.g. one built by an older checkout, whose schema digest differs).
 * --cli       import through each tree's built command (`node build/build.mjs cli` first:
 *             dist/cli.mjs `import`, its capture workers bundled) instead of its sources through
 *             tsx; the main thread's CPU is then the command's, read from /proc while it runs
 *             (to 10 ms and the last 50 ms), the process's its whole (capture worker and V8's threads).
 * --trace     With --cli: sample every thread of the command from /proc every 5 ms (schedstat:
 *             time on a core and time waiting for one) and report, over windows of 50 ms and as
 *             fractions of the import's wall time (from the workers' first CPU to their last),
 *             how busy the main thread (the writer) and the capture workers were and how long
 *             both were at once (the overlap); "wanted" counts the time a thread was runnable
 *             but waited for a core too, which other processes' load does not take away (what
 *             the pipeline asked for rather than what it got).
 *             Without --cli (in this process, each tree's sources): the CPU of the writer and of
 *             the workers inside the writer's transactions (a batch each) and outside them:
 *             "workers ÷ writer in commits" near 0 means the workers stop while a batch is
 *             stored, near or above 1 that they go on (CPU time, so other processes' load
 *             changes it little: both threads are runnable, or one is not).
 * --trace-out P  with --trace and --cli: each run's 50 ms windows (ms since the start, writer busy,
 *             workers busy, and the same wanted) written to P-<tree's folder name>-<round>.tsv, to see when each waited.
 * Prints a table (markdown); writes no results file.
 */
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Corpus } from './corpus.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({
  options: {
    base: { type: 'string', default: '10000' },
    files: { type: 'string', default: '1000' },
    runs: { type: 'string', default: '3' },
    cli: { type: 'boolean', default: false },
    trace: { type: 'boolean', default: false },
    'trace-out': { type: 'string' },
    'base-db': { type: 'string' },
    tree: { type: 'string', multiple: true, default: [] },
    seed: { type: 'string', default: '20211208' },
    // Internal: one measured import in a child process, with the code of this tree.
    child: { type: 'string' },
  },
});
const BASE = Number(values.base);
const FILES = Number(values.files);
const SEED = Number(values.seed);
const cache = path.join(os.tmpdir(), 'cuttings-import-marginal');

/** utime + stime of a /proc …/stat line, in clock ticks (USER_HZ: 100 a second). */
function ticks(stat: string): number {
  const f = stat.split(') ')[1]!.split(' ');
  return Number(f[11]) + Number(f[12]);
}

/** Seconds of CPU of this process's main thread and of the whole process (Linux /proc). */
function cpu(): { main: number; all: number } {
  let main = 0;
  for (const t of readdirSync('/proc/self/task')) {
    if (Number(t) !== process.pid) continue;
    main = ticks(readFileSync(`/proc/self/task/${t}/stat`, 'utf8')) / 100;
  }
  const u = process.cpuUsage();
  return { main, all: (u.user + u.system) / 1e6 };
}

/** Seconds of CPU of the waited-for child processes of this one (Linux /proc: cutime + cstime). */
function childrenCpu(): number {
  const f = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
  return (Number(f[13]) + Number(f[14])) / 100;
}

/** A folder of the corpus's clippings `from`…`to`-1 as text captures (cached). */
function inbox(from: number, to: number): string {
  const dir = path.join(cache, `inbox-${SEED}-${from}-${to}`);
  if (existsSync(dir)) return dir;
  const corpus = new Corpus(SEED);
  rmSync(`${dir}.tmp`, { recursive: true, force: true });
  mkdirSync(`${dir}.tmp`, { recursive: true });
  for (let i = from; i < to; i++) writeFileSync(path.join(`${dir}.tmp`, `clipping-${i}.txt`), corpus.clipping(i).text);
  renameSync(`${dir}.tmp`, dir);
  return dir;
}

/** A thread's time on a core and waiting for one (ns), from /proc …/schedstat. */
function schedstat(pid: number, tid: string): { run: number; wait: number } | null {
  try {
    const [run, wait] = readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ').map(Number);
    return { run: run!, wait: wait! };
  } catch {
    return null; // the thread (or the process) ended
  }
}

/** The --trace windows (ms): a thread's busy and wanted fractions are counted over each. */
const WINDOW_MS = 50;

/** How busy the writer and the capture workers were, and at once (see --trace): fractions of the wall time. */
interface Overlap {
  main: number;
  workers: number;
  both: number;
  mainWanted: number;
  workersWanted: number;
  bothWanted: number;
}

/**
 * Samples the threads of process `pid` every 5 ms until `stop()`. The capture workers are
 * told apart from V8's and libuv's helper threads by their CPU: each non-main thread that
 * used at least a tenth of the main thread's. In each window (WINDOW_MS) a thread is busy for the
 * fraction of it that it ran (at most 1); the workers' busy fractions are summed, capped at 1
 * ("some worker busy"); both = the smaller of the writer's and the workers'.
 */
function traceThreads(pid: number, out?: string): { stop: () => Overlap } {
  type Sample = { t: number; threads: Map<string, { run: number; wait: number }> };
  const samples: Sample[] = [];
  const take = () => {
    const threads = new Map<string, { run: number; wait: number }>();
    try {
      for (const tid of readdirSync(`/proc/${pid}/task`)) {
        const s = schedstat(pid, tid);
        if (s) threads.set(tid, s);
      }
    } catch {
      return;
    }
    samples.push({ t: performance.now() * 1e6, threads });
  };
  take();
  const timer = setInterval(take, 5);
  return {
    stop() {
      clearInterval(timer);
      const main = String(pid);
      // Each thread's CPU as last seen (a worker may end before the process does).
      const ran = new Map<string, number>();
      for (const s of samples) for (const [tid, x] of s.threads) ran.set(tid, x.run);
      const workers = [...ran].filter(([tid, run]) => tid !== main && run >= (ran.get(main) ?? 0) / 10).map(([tid]) => tid);
      const sum = { main: 0, workers: 0, both: 0, mainWanted: 0, workersWanted: 0, bothWanted: 0 };
      const rows: string[] = [];
      // Counted from the workers' first CPU to their last (the import, without the command's start-up and close).
      const ranAt = (k: number) => workers.reduce((n, tid) => n + (samples[k]!.threads.get(tid)?.run ?? 0), 0);
      let from = 0;
      while (from < samples.length - 1 && ranAt(from) === 0) from++;
      let to = samples.length - 1;
      while (to > from && ranAt(to - 1) >= ranAt(to)) to--;
      // Windows of WINDOW_MS: the kernel adds a thread's wait for a core when it gets one, so
      // in a short window a long wait would count as one window's worth.
      for (let k = from, j = from + 1; j <= to; j++) {
        if (samples[j]!.t - samples[k]!.t < WINDOW_MS * 1e6 && j < to) continue;
        const a = samples[k]!;
        const b = samples[j]!;
        k = j;
        const dt = b.t - a.t;
        const frac = (tid: string, wanted: boolean) => {
          const x = a.threads.get(tid) ?? { run: 0, wait: 0 };
          const y = b.threads.get(tid);
          if (!y) return 0;
          return Math.min(1, (y.run - x.run + (wanted ? y.wait - x.wait : 0)) / dt);
        };
        const m = frac(main, false);
        const w = Math.min(1, workers.reduce((n, tid) => n + frac(tid, false), 0));
        const mw = frac(main, true);
        const ww = Math.min(1, workers.reduce((n, tid) => n + frac(tid, true), 0));
        rows.push(`${((b.t - samples[from]!.t) / 1e6).toFixed(1)}\t${m.toFixed(2)}\t${w.toFixed(2)}\t${mw.toFixed(2)}\t${ww.toFixed(2)}`);
        sum.main += m * dt;
        sum.workers += w * dt;
        sum.both += Math.min(m, w) * dt;
        sum.mainWanted += mw * dt;
        sum.workersWanted += ww * dt;
        sum.bothWanted += Math.min(mw, ww) * dt;
      }
      if (out) writeFileSync(out, `ms\twriter\tworkers\twriter wanted\tworkers wanted\n${rows.join('\n')}\n`);
      const wall = samples[to]!.t - samples[from]!.t;
      return Object.fromEntries(Object.entries(sum).map(([k, v]) => [k, v / wall])) as unknown as Overlap;
    },
  };
}

/** CPU of the writer and of the capture workers while the writer commits a batch, and while it does not (see --trace). */
interface CommitShares {
  commits: number;
  /** Wall time inside the writer's transactions (ms). */
  commitMs: number;
  writerInCommits: number;
  workersInCommits: number;
  writerOutside: number;
  workersOutside: number;
}

/**
 * Wraps the tree's `Core.write` (the writer's transactions: each batch of an import is one)
 * to read every thread's CPU from /proc at the start and end of each outermost one; returns
 * what to call at the end. The capture workers are the non-main threads that used at least
 * a tenth of the main thread's CPU (V8's and libuv's helpers use less).
 */
async function traceCommits(tree: string): Promise<() => CommitShares> {
  const { Core } = (await import(path.join(tree, 'electron/core/context.ts'))) as typeof import('../../electron/core/context.ts');
  const runs = () => {
    const out = new Map<string, number>();
    for (const tid of readdirSync('/proc/self/task')) {
      const s = schedstat(process.pid, tid);
      if (s) out.set(tid, s.run);
    }
    return out;
  };
  const start = runs();
  const inside = new Map<string, number>();
  let depth = 0;
  let commits = 0;
  let commitMs = 0;
  const write = Core.prototype.write;
  Core.prototype.write = function <T>(this: InstanceType<typeof Core>, fn: () => T): T {
    if (depth++ > 0) {
      try {
        return write.call(this, fn) as T;
      } finally {
        depth--;
      }
    }
    const before = runs();
    const t = performance.now();
    try {
      return write.call(this, fn) as T;
    } finally {
      depth--;
      commits++;
      commitMs += performance.now() - t;
      for (const [tid, run] of runs()) inside.set(tid, (inside.get(tid) ?? 0) + run - (before.get(tid) ?? 0));
    }
  };
  return () => {
    const end = runs();
    const main = String(process.pid);
    const total = (tid: string) => (end.get(tid) ?? 0) - (start.get(tid) ?? 0);
    const workers = [...end.keys()].filter((tid) => tid !== main && total(tid) >= total(main) / 10);
    const sum = (tids: string[], f: (tid: string) => number) => tids.reduce((n, tid) => n + f(tid), 0) / 1e6;
    const writerInCommits = sum([main], (tid) => inside.get(tid) ?? 0);
    const workersInCommits = sum(workers, (tid) => inside.get(tid) ?? 0);
    return { commits, commitMs, writerInCommits, workersInCommits, writerOutside: sum([main], total) - writerInCommits, workersOutside: sum(workers, total) - workersInCommits };
  };
}

if (values.child !== undefined && values.cli) {
  // One run through the tree's built command, in a process of its own.
  const work = path.join(cache, `run-${process.pid}.db`);
  copyFileSync(process.env.CUTTINGS_BASE!, work);
  try {
    const c0 = childrenCpu();
    const t0 = performance.now();
    const child = spawn(process.execPath, [path.join(values.child, 'dist/cli.mjs'), '--db', work, 'import', inbox(BASE, BASE + FILES), '--json'], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    // The command's main thread: its CPU read from /proc every 50 ms while it runs (the last reading counts).
    let mainTicks = 0;
    const poll = setInterval(() => {
      try {
        mainTicks = ticks(readFileSync(`/proc/${child.pid}/task/${child.pid}/stat`, 'utf8'));
      } catch {
        // exited between two readings
      }
    }, 50);
    const trace = values.trace ? traceThreads(child.pid!, process.env.CUTTINGS_TRACE_OUT) : null;
    let overlap: Overlap | null = null;
    // The last samples are taken when the command's output ends, before it is reaped.
    child.stdout.on('end', () => (overlap = trace?.stop() ?? null));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    clearInterval(poll);
    if (code !== 0) throw new Error(`cuttings import exited with ${code}`);
    const seconds = (performance.now() - t0) / 1000;
    const cpuAll = childrenCpu() - c0;
    process.stdout.write(JSON.stringify({ seconds, added: (JSON.parse(out) as { status: string }[]).filter((r) => r.status === 'added').length, mainCpu: mainTicks / 100, processCpu: cpuAll, overlap }));
  } finally {
    for (const f of [work, `${work}-wal`, `${work}-shm`, `${work}.instant`]) rmSync(f, { force: true });
  }
  process.exit(0);
}

if (values.child !== undefined) {
  // One run: import FILES captures into a copy of the base, with the code of `--child` (a tree).
  const { Archive } = (await import(path.join(values.child, 'electron/core/archive.ts'))) as typeof import('../../electron/core/archive.ts');
  const commits = values.trace ? await traceCommits(values.child) : null;
  const work = path.join(cache, `run-${process.pid}.db`);
  copyFileSync(process.env.CUTTINGS_BASE!, work);
  const archive = new Archive(work);
  try {
    const c0 = cpu();
    const t0 = performance.now();
    const report = await archive.call('clippings.import', { paths: [inbox(BASE, BASE + FILES)] });
    const seconds = (performance.now() - t0) / 1000;
    const c1 = cpu();
    process.stdout.write(JSON.stringify({ seconds, added: report.added, mainCpu: c1.main - c0.main, processCpu: c1.all - c0.all, commits: commits?.() ?? null }));
  } finally {
    archive.close();
    for (const f of [work, `${work}-wal`, `${work}-shm`, `${work}.instant`]) rmSync(f, { force: true });
  }
  process.exit(0);
}

const self = path.resolve(HERE, '../..');
const trees = [...values.tree.map((t) => path.resolve(t)), self];
mkdirSync(cache, { recursive: true });
/** Named by size and the first tree's schema digest, as the search workload's archive (or --base-db). */
const { archiveFile } = (await import(path.join(trees[0]!, 'tests/bench/search-workload.ts'))) as typeof import('./search-workload.ts');
const base = values['base-db'] ?? path.join(cache, path.basename(archiveFile(cache, BASE)).replace(/^workload-g\d+-/, 'imported-'));
if (!existsSync(base)) {
  process.stderr.write(`building the base archive of ${BASE} clippings (once, with ${trees[0]}): ${base}\n`);
  const { Archive } = (await import(path.join(trees[0]!, 'electron/core/archive.ts'))) as typeof import('../../electron/core/archive.ts');
  const a = new Archive(`${base}.building`);
  await a.call('clippings.import', { paths: [inbox(0, BASE)] });
  a.db.pragma('wal_checkpoint(TRUNCATE)');
  a.close();
  renameSync(`${base}.building`, base);
}
inbox(BASE, BASE + FILES);

const results = new Map<string, { seconds: number; mainCpu: number; processCpu: number; load: number; overlap?: Overlap | null; commits?: CommitShares | null }[]>(trees.map((t) => [t, []]));
for (let r = 0; r < Number(values.runs); r++) {
  for (const tree of trees) {
    const load = os.loadavg()[0]!;
    const out = execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', tree, '--base', String(BASE), '--files', String(FILES), '--seed', String(SEED), ...(values.cli ? ['--cli'] : []), ...(values.trace ? ['--trace'] : [])], {
      cwd: tree,
      env: { ...process.env, CUTTINGS_BASE: base, ...(values['trace-out'] ? { CUTTINGS_TRACE_OUT: `${values['trace-out']}-${path.basename(tree)}-${r + 1}.tsv` } : {}) },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const run = JSON.parse(out) as { seconds: number; added: number; mainCpu: number; processCpu: number; overlap?: Overlap | null; commits?: CommitShares | null };
    if (run.added !== FILES) throw new Error(`${tree}: added ${run.added} of ${FILES}`);
    results.get(tree)!.push({ ...run, load });
    const o = run.overlap;
    const c = run.commits;
    const inCommits = c ? `; ${c.commits} commits, ${Math.round(c.commitMs)} ms: CPU in them writer ${Math.round(c.writerInCommits)} ms, workers ${Math.round(c.workersInCommits)} ms (${(c.workersInCommits / c.writerInCommits).toFixed(2)}); outside writer ${Math.round(c.writerOutside)} ms, workers ${Math.round(c.workersOutside)} ms` : '';
    const traced = inCommits + (o ? `; busy: writer ${pct(o.main)}, workers ${pct(o.workers)}, both ${pct(o.both)}; wanted: ${pct(o.mainWanted)}, ${pct(o.workersWanted)}, both ${pct(o.bothWanted)}` : '');
    process.stderr.write(`  round ${r + 1} ${tree}: ${Math.round(FILES / run.seconds)}/s (load ${load.toFixed(1)})${traced}\n`);
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
function pct(x: number): string {
  return `${Math.round(100 * x)}%`;
}
const lines = [
  `# Import of ${FILES} text captures into an archive of ${BASE.toLocaleString('en')} clippings${values.cli ? ' (the built command: `cuttings import`)' : ''}`,
  '',
  `${new Date().toISOString()} · ${os.cpus()[0]?.model ?? 'unknown'} (${os.cpus().length} cores) · Node ${process.version}`,
  '',
  `| code | clippings/s (median) | runs | main thread CPU ms/clipping | process CPU ms/clipping | load at each run |${values.trace ? (values.cli ? ' writer busy | workers busy | both busy | wanted: writer, workers, both |' : ' workers ÷ writer CPU in commits | outside |') : ''}`,
  `| --- | --: | --- | --: | --: | --- |${values.trace ? (values.cli ? ' --: | --: | --: | --: |' : ' --: | --: |') : ''}`,
  ...trees.map((t) => {
    const rs = results.get(t)!;
    const o = (k: keyof Overlap) => pct(median(rs.map((x) => x.overlap?.[k] ?? 0)));
    const ratio = (f: (c: CommitShares) => number) => median(rs.map((x) => (x.commits ? f(x.commits) : 0))).toFixed(2);
    const shares = ` ${ratio((c) => c.workersInCommits / c.writerInCommits)} | ${ratio((c) => c.workersOutside / c.writerOutside)} |`;
    const traced = values.trace ? (values.cli ? ` ${o('main')} | ${o('workers')} | ${o('both')} | ${o('mainWanted')}, ${o('workersWanted')}, ${o('bothWanted')} |` : shares) : '';
    return `| ${t === self ? `${t} (this checkout)` : t} | **${Math.round(median(rs.map((x) => FILES / x.seconds)))}** | ${rs.map((x) => Math.round(FILES / x.seconds)).join(', ')} | ${median(rs.map((x) => (1000 * x.mainCpu) / FILES)).toFixed(2)} | ${median(rs.map((x) => (1000 * x.processCpu) / FILES)).toFixed(2)} | ${rs.map((x) => x.load.toFixed(1)).join(', ')} |${traced}`;
  }),
  '',
];
process.stdout.write(lines.join('\n'));
