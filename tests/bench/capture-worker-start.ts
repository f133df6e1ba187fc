/**
 * What a capture worker costs before its first capture (issue 14): the built worker
 * (dist/capture-worker.mjs of each tree: `node build/build.mjs cli` first) started in a
 * fresh process until it posts 'ready', i.e. until it has loaded the extractors. Reports the
 * process's CPU (the worker's thread, V8's helpers) and the wall time, medians of the
 * rounds; trees alternate (one process per tree and round). Every command that extracts
 * pays this once, and an import waits for it before its first capture.
 *
 *   node --import tsx tests/bench/capture-worker-start.ts [--rounds 5] [--tree DIR]…
 *
 * --child FILE starts the worker FILE in this process and prints its figures as JSON.
 */
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '5' },
    tree: { type: 'string', multiple: true, default: [] },
    child: { type: 'string' },
  },
});

if (values.child !== undefined) {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const worker = new Worker(values.child, { execArgv: [] });
  await new Promise<void>((resolve, reject) => {
    worker.on('message', (m) => m === 'ready' && resolve());
    worker.on('error', reject);
  });
  const c = process.cpuUsage(c0);
  console.log(JSON.stringify({ cpuMs: (c.user + c.system) / 1000, wallMs: performance.now() - t0 }));
  await worker.terminate();
} else {
  const here = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
  const trees = [...values.tree.map((t) => path.resolve(t)), here];
  const got = new Map<string, { cpuMs: number; wallMs: number }[]>(trees.map((t) => [t, []]));
  for (let r = 0; r < Number(values.rounds); r++) {
    for (const tree of r % 2 ? [...trees].reverse() : trees) {
      const out = execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', path.join(tree, 'dist/capture-worker.mjs')], { cwd: here, encoding: 'utf8' });
      got.get(tree)!.push(JSON.parse(out.trim().split('\n').pop()!) as { cpuMs: number; wallMs: number });
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  console.log(`### A capture worker's start-up (to 'ready')\n`);
  console.log(`${new Date().toISOString()} · ${os.cpus()[0]?.model ?? '?'} (${os.cpus().length} cores) · Node ${process.version} · load at the end ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}\n`);
  console.log(`| tree | CPU ms (median) | CPU ms, each round | wall ms (median) |`);
  console.log(`| --- | --: | --- | --: |`);
  for (const t of trees) {
    const rs = got.get(t)!;
    console.log(`| ${t === here ? `${t} (this checkout)` : t} | ${median(rs.map((x) => x.cpuMs)).toFixed(0)} | ${rs.map((x) => x.cpuMs.toFixed(0)).join(', ')} | ${median(rs.map((x) => x.wallMs)).toFixed(0)} |`);
  }
}
