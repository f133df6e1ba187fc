/**
 * The same search code on two archives of the same clippings stored differently (e.g. the
 * cached 100k workload archive and a copy of it VACUUMed into 8 KB pages): the workload's
 * queries (tests/bench/search-workload.ts) of one seed, each run `--reps` times on each
 * archive, the two alternating, both opened read-only. Per class: the p50 of each side's
 * per-query medians, and the after/before ratio of the medians per query (geometric mean
 * and median) — repeated runs of the same query, so a single slow run weighs little.
 *
 *   node --expose-gc --import tsx tests/bench/layout-ab.ts --before-db A.db --after-db B.db
 *        [--seed 77] [--per-class 20] [--reps 5] [--classes word_frequent,phrase,filter_only]
 */
import os from 'node:os';
import { openDatabase } from '../../db/open.ts';
import { SearchRepo } from '../../db/search.ts';
import { Archive } from '../../electron/core/archive.ts';
import { Corpus } from './corpus.ts';
import { generate, vocabulary } from './search-workload.ts';
import { percentile, round } from './stats.ts';
import { CORPUS_SEED, NOW } from './workload-rows.ts';

const args = process.argv.slice(2);
const arg = (name: string) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1]! : null);
const BEFORE = arg('before-db');
const AFTER = arg('after-db');
if (!BEFORE || !AFTER) throw new Error('--before-db and --after-db are required');
const SEED = Number(arg('seed') ?? 77);
const PER_CLASS = Number(arg('per-class') ?? 20);
const REPS = Number(arg('reps') ?? 5);
const CLASSES = (arg('classes') ?? 'word_frequent,phrase,filter_only').split(',');

const median = (xs: readonly number[]) => percentile(xs, 50);
const load = () => os.loadavg().map((x) => round(x, 1)).join(' ');

// The vocabulary the queries are drawn from (read from the "after" archive; the clippings are the same).
const scan = new Archive(AFTER, {}, () => NOW);
const vocab = vocabulary(scan, new Corpus(CORPUS_SEED), scan.db.prepare('SELECT count(*) FROM clippings').pluck().get() as number);
scan.close();
const dbs = [openDatabase(BEFORE, { readonly: true }), openDatabase(AFTER, { readonly: true })];
const repos = dbs.map((db) => new SearchRepo(db));
const now = new Date(NOW);
const loadStart = load();
const rows: string[] = [];
for (const cls of CLASSES) {
  const per: [number, number][] = [];
  for (const q of generate(vocab, SEED, PER_CLASS, [cls])) {
    const opts = { limit: 20, offset: q.offset ?? 0, now, sort: q.sort ?? 'relevance', facets: q.facets ?? false, collapse: q.collapse ?? false };
    const times: [number[], number[]] = [[], []];
    for (let r = 0; r < REPS; r++) {
      for (const side of r % 2 === 0 ? [0, 1] : [1, 0]) {
        const t0 = performance.now();
        repos[side]!.query(q.query, opts as Parameters<SearchRepo['query']>[1]);
        times[side as 0 | 1].push(performance.now() - t0);
      }
    }
    per.push([median(times[0]), median(times[1])]);
  }
  const ratios = per.map(([b, a]) => a / b);
  const geo = Math.exp(ratios.reduce((s, x) => s + Math.log(x), 0) / ratios.length);
  rows.push(`| ${cls} | ${per.length} | ${round(median(per.map((p) => p[0])), 1)} | ${round(median(per.map((p) => p[1])), 1)} | ${geo.toFixed(3)} | ${median(ratios).toFixed(3)} |`);
}
for (const db of dbs) db.close();
process.stdout.write(
  [
    `# Search on two layouts of the same archive: seed ${SEED}, ${PER_CLASS} per class, ${REPS} runs of each query a side`,
    '',
    `${new Date().toISOString()} · load ${loadStart} → ${load()} · \`node --expose-gc --import tsx tests/bench/layout-ab.ts --before-db ${BEFORE} --after-db ${AFTER} --seed ${SEED} --per-class ${PER_CLASS} --reps ${REPS} --classes ${CLASSES.join(',')}\``,
    '',
    '| class | queries | before p50 ms | after p50 ms | after/before, geometric mean | median |',
    '| --- | --: | --: | --: | --: | --: |',
    ...rows,
    '',
  ].join('\n'),
);
