/**
 * Whole-process `cuttings search` A/B: two CLIs, each on its own copy of an archive (and
 * its `.instant` snapshot), run in turn A B A B … after a warm-up, each run timed by
 * /usr/bin/time (wall seconds, peak RSS). Prints per query the medians and the median of
 * the pairwise B/A wall ratios. Never writes to the archives but through the CLIs.
 *
 *   node --import tsx tests/bench/cli-search-ab.ts --a /tmp/base/dist/cli.mjs --a-db /tmp/a.db \
 *     --b dist/cli.mjs --b-db /tmp/b.db --runs 7 -- 'governmnet' 'xqzvy' 'rate' 'rate -tag:x'
 */
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { percentile } from './stats.ts';

function arg(name: string, fallback?: string): string {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? process.argv[i + 1] : fallback;
  if (v === undefined) throw new Error(`--${name} is required`);
  return v;
}

const sides = [
  { name: 'A', cli: arg('a'), db: arg('a-db') },
  { name: 'B', cli: arg('b'), db: arg('b-db') },
];
const runs = Number(arg('runs', '7'));
const limit = arg('limit', '5');
const dash = process.argv.indexOf('--');
const queries = dash >= 0 ? process.argv.slice(dash + 1) : ['governmnet', 'xqzvy', 'rate', 'rate -tag:x'];

function once(cli: string, db: string, query: string): { wall: number; rssMb: number; hits: number } {
  const r = spawnSync('/usr/bin/time', ['-f', '@@ %e %M', process.execPath, cli, '--db', db, 'search', query, '--limit', limit, '--json'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const m = /@@ ([\d.]+) (\d+)/u.exec(r.stderr);
  if (r.status !== 0 || !m) throw new Error(`${cli} search ${query}: exit ${r.status}\n${r.stderr}`);
  const hits = (JSON.parse(r.stdout) as { hits: unknown[] }).hits.length;
  return { wall: Number(m[1]), rssMb: Number(m[2]) / 1024, hits };
}

console.log(`load ${loadavg().map((l) => l.toFixed(2)).join(' ')}; ${runs} runs a side after a warm-up; A ${sides[0]!.cli}, B ${sides[1]!.cli}`);
console.log('| query | A wall s | B wall s | B/A wall (median of pairs) | A peak MB | B peak MB | hits A / B |');
console.log('| --- | --: | --: | --: | --: | --: | --- |');
for (const q of queries) {
  for (const s of sides) once(s.cli, s.db, q);
  const got = { A: [] as ReturnType<typeof once>[], B: [] as ReturnType<typeof once>[] };
  for (let i = 0; i < runs; i++) for (const s of sides) got[s.name as 'A' | 'B'].push(once(s.cli, s.db, q));
  const med = (xs: number[]) => percentile(xs, 50);
  const ratio = med(got.A.map((a, i) => got.B[i]!.wall / a.wall));
  console.log(
    `| \`${q}\` | ${med(got.A.map((r) => r.wall)).toFixed(3)} | ${med(got.B.map((r) => r.wall)).toFixed(3)} | ${ratio.toFixed(2)} | ` +
      `${med(got.A.map((r) => r.rssMb)).toFixed(0)} | ${med(got.B.map((r) => r.rssMb)).toFixed(0)} | ${got.A[0]!.hits} / ${got.B[0]!.hits} |`,
  );
}
console.log(`load after: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
