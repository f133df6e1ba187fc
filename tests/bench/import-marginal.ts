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
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    clearInterval(poll);
    if (code !== 0) throw new Error(`cuttings import exited with ${code}`);
    const seconds = (performance.now() - t0) / 1000;
    const cpuAll = childrenCpu() - c0;
    process.stdout.write(JSON.stringify({ seconds, added: (JSON.parse(out) as { status: string }[]).filter((r) => r.status === 'added').length, mainCpu: mainTicks / 100, processCpu: cpuAll }));
  } finally {
    for (const f of [work, `${work}-wal`, `${work}-shm`, `${work}.instant`]) rmSync(f, { force: true });
  }
  process.exit(0);
}

if (values.child !== undefined) {
  // One run: import FILES captures into a copy of the base, with the code of `--child` (a tree).
  const { Archive } = (await import(path.join(values.child, 'electron/core/archive.ts'))) as typeof import('../../electron/core/archive.ts');
  const work = path.join(cache, `run-${process.pid}.db`);
  copyFileSync(process.env.CUTTINGS_BASE!, work);
  const archive = new Archive(work);
  try {
    const c0 = cpu();
    const t0 = performance.now();
    const report = await archive.call('clippings.import', { paths: [inbox(BASE, BASE + FILES)] });
    const seconds = (performance.now() - t0) / 1000;
    const c1 = cpu();
    process.stdout.write(JSON.stringify({ seconds, added: report.added, mainCpu: c1.main - c0.main, processCpu: c1.all - c0.all }));
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

const results = new Map<string, { seconds: number; mainCpu: number; processCpu: number; load: number }[]>(trees.map((t) => [t, []]));
for (let r = 0; r < Number(values.runs); r++) {
  for (const tree of trees) {
    const load = os.loadavg()[0]!;
    const out = execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', tree, '--base', String(BASE), '--files', String(FILES), '--seed', String(SEED), ...(values.cli ? ['--cli'] : [])], {
      cwd: tree,
      env: { ...process.env, CUTTINGS_BASE: base },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const run = JSON.parse(out) as { seconds: number; added: number; mainCpu: number; processCpu: number };
    if (run.added !== FILES) throw new Error(`${tree}: added ${run.added} of ${FILES}`);
    results.get(tree)!.push({ ...run, load });
    process.stderr.write(`  round ${r + 1} ${tree}: ${Math.round(FILES / run.seconds)}/s (load ${load.toFixed(1)})\n`);
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const lines = [
  `# Import of ${FILES} text captures into an archive of ${BASE.toLocaleString('en')} clippings${values.cli ? ' (the built command: `cuttings import`)' : ''}`,
  '',
  `${new Date().toISOString()} · ${os.cpus()[0]?.model ?? 'unknown'} (${os.cpus().length} cores) · Node ${process.version}`,
  '',
  '| code | clippings/s (median) | runs | main thread CPU ms/clipping | process CPU ms/clipping | load at each run |',
  '| --- | --: | --- | --: | --: | --- |',
  ...trees.map((t) => {
    const rs = results.get(t)!;
    return `| ${t === self ? `${t} (this checkout)` : t} | **${Math.round(median(rs.map((x) => FILES / x.seconds)))}** | ${rs.map((x) => Math.round(FILES / x.seconds)).join(', ')} | ${median(rs.map((x) => (1000 * x.mainCpu) / FILES)).toFixed(2)} | ${median(rs.map((x) => (1000 * x.processCpu) / FILES)).toFixed(2)} | ${rs.map((x) => x.load.toFixed(1)).join(', ')} |`;
  }),
  '',
];
process.stdout.write(lines.join('\n'));
