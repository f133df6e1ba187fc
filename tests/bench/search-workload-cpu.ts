/**
 * The randomized workload's queries (search-workload.ts) timed in CPU time rather than
 * wall time: `process.cpuUsage()` around each `search.query`, the least of 3 runs, per
 * class p50/p95/max and sum (ms). On a machine shared with other work, CPU time of the
 * process is far less disturbed than the engine's `tookMs`: run two worktrees side by side
 * (the same archive, the same seed) to compare them.
 *
 *   node --import tsx tests/bench/search-workload-cpu.ts --archive FILE --seed S --classes a,b [--per-class 50]
 *
 * The archive: a cached workload archive (search-workload.ts `ensureArchive`; its ranking
 * lists as they are). Prints one line per class, then every query's figures as JSON.
 */
import { Archive } from '../../electron/core/archive.ts';
import { Corpus } from './corpus.ts';
import { generate, vocabulary } from './search-workload.ts';
import { percentile } from './stats.ts';
import { CORPUS_SEED, NOW } from './workload-rows.ts';

const arg = (name: string, fallback?: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? process.argv[i + 1] : fallback;
  if (v === undefined) throw new Error(`--${name} is needed`);
  return v;
};
const file = arg('archive');
const seed = Number(arg('seed'));
const classes = arg('classes').split(',');
const perClass = Number(arg('per-class', '50'));

const archive = new Archive(file, {}, () => NOW);
try {
  const size = (archive.db.prepare('SELECT max(id) AS n FROM clippings').get() as { n: number }).n;
  const v = vocabulary(archive, new Corpus(CORPUS_SEED), size);
  // Warm-up, as search-workload.ts does: the instant index, statement caches, the file's pages.
  await archive.call('search.suggest', { text: 'warm' });
  for (const q of generate(v, 999, 2, classes)) await archive.call('search.query', { query: q.query, limit: 20 });
  const rows: { cls: string; query: string; cpuMs: number; tookMs: number }[] = [];
  for (const q of generate(v, seed, perClass, classes)) {
    let cpu = Infinity;
    let took = Infinity;
    for (let i = 0; i < 3; i++) {
      const before = process.cpuUsage();
      const r = await archive.call('search.query', { query: q.query, limit: 20, offset: q.offset ?? 0, sort: q.sort ?? 'relevance', facets: q.facets ?? false, collapse: q.collapse ?? false });
      const used = process.cpuUsage(before);
      cpu = Math.min(cpu, (used.user + used.system) / 1000);
      took = Math.min(took, r.tookMs);
    }
    rows.push({ cls: q.cls, query: q.query + (q.sort ? ` [${q.sort}]` : ''), cpuMs: cpu, tookMs: took });
  }
  for (const cls of classes) {
    const xs = rows.filter((r) => r.cls === cls).map((r) => r.cpuMs);
    const f = (x: number) => x.toFixed(1).padStart(7);
    console.log(`${cls.padEnd(14)} cpu p50 ${f(percentile(xs, 50))} p95 ${f(percentile(xs, 95))} max ${f(Math.max(...xs))} sum ${f(xs.reduce((a, b) => a + b, 0))}`);
  }
  console.log(JSON.stringify(rows));
} finally {
  archive.close();
}
