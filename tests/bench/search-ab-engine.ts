/**
 * Two versions of the whole `search.query` side by side — the engine, the page's
 * summaries and the close matches (electron/core/search/query.ts), which search-ab.ts
 * leaves out — on the same cached workload archive and queries, interleaved query by
 * query so that a loaded machine slows both alike. "before" is another worktree of the
 * project (`--before-tree DIR`, e.g. `git worktree add --detach /tmp/base main` with
 * node_modules linked): its electron/core/archive.ts opens the same archive file. Every
 * answer must be the same — hits (ids, scores, fuzzy marks, snippets, matches, cluster
 * sizes), total, did-you-mean, facets — or the run fails. Times: each answer's `tookMs`.
 *
 *   node --expose-gc --import tsx tests/bench/search-ab-engine.ts --before-tree DIR
 *        [--cache DIR] [--size 100000] [--seeds 41] [--per-class 50] [--classes phrase_long] [--reps 1] [--cpu yes] [--out FILE.md]
 *
 * `--reps N`: each query N times, the engines alternating, each engine's median `tookMs`
 * taken (under load, one run of a query is noise). `--cpu yes`: the process's CPU time of
 * each call (`process.cpuUsage()`) instead of `tookMs` — on a shared machine far steadier.
 * The ranking lists stored in the archive are kept (as search-workload.ts `--lists kept`).
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Archive } from '../../electron/core/archive.ts';
import { Corpus } from './corpus.ts';
import { ensureArchive, generate, vocabulary } from './search-workload.ts';
import { markdownTable, percentile, round } from './stats.ts';
import { CORPUS_SEED, NOW } from './workload-rows.ts';

const LIMIT = 20;
const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : dflt;
};

type Engine = Pick<Archive, 'call' | 'close'>;

async function main(): Promise<void> {
  const tree = arg('before-tree', '');
  if (!tree) throw new Error('--before-tree DIR is required');
  const size = Number(arg('size', '100000'));
  const seeds = arg('seeds', '41').split(',').map(Number);
  const perClass = Number(arg('per-class', '50'));
  const classes = arg('classes', 'phrase_long').split(',');
  const reps = Number(arg('reps', '1'));
  const cpu = arg('cpu', 'no') === 'yes';
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const file = await ensureArchive(arg('cache', path.join(os.tmpdir(), 'cuttings-workload')), size);
  const { Archive: Before } = (await import(pathToFileURL(path.resolve(tree, 'electron/core/archive.ts')).href)) as { Archive: typeof Archive };
  const after: Engine = new Archive(file, {}, () => NOW);
  const before: Engine = new Before(file, {}, () => NOW);
  const v = vocabulary(after as Archive, new Corpus(CORPUS_SEED), size);
  // The instant index in memory for each (close matches take their vocabulary from it), statement caches, the file's pages.
  for (const e of [before, after]) {
    await e.call('search.suggest', { text: 'warm' });
    for (const q of generate(v, 999, 2, classes)) await e.call('search.query', { query: q.query, limit: LIMIT, sort: q.sort ?? 'relevance' });
  }
  const loadStart = os.loadavg().map((x) => round(x, 2)).join(' ');
  const samples: { cls: string; query: string; before: number; after: number; total: number; seed: number }[] = [];
  let differences = 0;
  for (const seed of seeds) {
    for (const [i, q] of generate(v, seed, perClass, classes).entries()) {
      const args = { query: q.query, limit: LIMIT, offset: q.offset ?? 0, sort: q.sort ?? 'relevance', facets: q.facets ?? false, collapse: q.collapse ?? false } as const;
      const got = new Map<Engine, Awaited<ReturnType<Archive['call']>> & { tookMs: number; total: number }>();
      const took = new Map<Engine, number[]>([[before, []], [after, []]]);
      for (let r = 0; r < reps; r++) {
        for (const e of (i + r) % 2 === 0 ? [before, after] : [after, before]) {
          const c = process.cpuUsage();
          const res = await e.call('search.query', args);
          const d = process.cpuUsage(c);
          got.set(e, res);
          took.get(e)!.push(cpu ? (d.user + d.system) / 1000 : res.tookMs);
        }
      }
      const [b, a] = [got.get(before)!, got.get(after)!];
      const strip = ({ tookMs: _, ...rest }: { tookMs: number }) => JSON.stringify(rest);
      if (strip(b) !== strip(a)) {
        differences++;
        console.error(`DIFFERENT: ${q.query}\n  before ${strip(b).slice(0, 400)}\n  after  ${strip(a).slice(0, 400)}`);
      }
      samples.push({ cls: q.cls, query: q.query, before: median(took.get(before)!), after: median(took.get(after)!), total: a.total, seed });
    }
    process.stderr.write(`seed ${seed} done\n`);
  }
  const loadEnd = os.loadavg().map((x) => round(x, 2)).join(' ');
  after.close();
  before.close();
  const pct = (xs: number[]) => [50, 95, 99, 100].map((p) => String(round(percentile(xs, p), 1)));
  const worstSeed = (cls: string, key: 'before' | 'after') =>
    [50, 95, 99, 100].map((p) => String(round(Math.max(...seeds.map((s) => percentile(samples.filter((x) => x.cls === cls && x.seed === s).map((x) => x[key]), p))), 1)));
  const rows = classes.map((cls) => [cls, samples.filter((x) => x.cls === cls).length, ...worstSeed(cls, 'before'), ...worstSeed(cls, 'after')]);
  const all = classes.map((cls) => {
    const s = samples.filter((x) => x.cls === cls);
    return [cls, s.length, ...pct(s.map((x) => x.before)), ...pct(s.map((x) => x.after))];
  });
  const slowest = (key: 'before' | 'after') =>
    markdownTable(
      [`${key} ms`, 'other ms', 'class', 'query', 'hits', 'seed'],
      [...samples].sort((x, y) => y[key] - x[key]).slice(0, 10).map((x) => [x[key], x[key === 'before' ? 'after' : 'before'], x.cls, `\`${x.query}\``, x.total, x.seed]),
    );
  const md = [
    `# search.query (engine, summaries, close matches) before/after: ${size.toLocaleString('en-US')} clippings, seeds ${seeds.join(', ')}, ${perClass} per class`,
    '',
    `${new Date().toISOString()} · before: \`${tree}\` · ${reps} run(s) of each query per engine (median${cpu ? ', CPU ms of each call' : ''}) · load average at start ${loadStart}, end ${loadEnd} · answers that differ: ${differences}`,
    '',
    'tookMs, the worst seed\'s figure per column:',
    '',
    markdownTable(['class', 'n', 'before p50', 'p95', 'p99', 'max', 'after p50', 'p95', 'p99', 'max'], rows),
    '',
    'All seeds pooled:',
    '',
    markdownTable(['class', 'n', 'before p50', 'p95', 'p99', 'max', 'after p50', 'p95', 'p99', 'max'], all),
    '',
    '## 10 slowest, after',
    '',
    slowest('after'),
    '',
    '## 10 slowest, before',
    '',
    slowest('before'),
    '',
  ].join('\n');
  console.log(md);
  const out = arg('out', '');
  if (out) writeFileSync(out, md);
  if (differences > 0) process.exitCode = 1;
}

await main();
