/**
 * Where a search's time goes, statement by statement: each query of the workload classes
 * given runs through `SearchRepo.query` on the cached workload archive (lists as stored,
 * `--lists kept` of search-workload.ts), `--reps` times, and the mean time of each
 * statement (by its SQL's first 110 characters) per run is printed per query.
 *
 *   node --import tsx tests/bench/search-profile.ts [--size 100000] [--seed 5] [--per-class 3] [--classes word_frequent] [--reps 3] [--query TEXT [--sort oldest|newest] [--offset N] [--collapse yes] [--facets yes]]
 *        [--cache DIR] [--whole yes]
 *
 * `--cache`: the workload archive's folder (search-workload.ts `--cache`). `--whole yes`:
 * through `search.query` (archive.call: the page's summaries and close matches included),
 * its `tookMs` the total. `--facets yes`: the given query with facets counted.
 */
import os from 'node:os';
import path from 'node:path';
import { SearchRepo } from '../../db/search.ts';
import { Archive } from '../../electron/core/archive.ts';
import { ensureArchive, generate, vocabulary, type WorkloadQuery } from './search-workload.ts';
import { round } from './stats.ts';
import { CORPUS_SEED, NOW } from './workload-rows.ts';
import { Corpus } from './corpus.ts';

const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : dflt;
};
const size = Number(arg('size', '100000'));
const file = await ensureArchive(path.resolve(arg('cache', path.join(os.tmpdir(), 'cuttings-workload'))), size);
const whole = arg('whole', 'no') === 'yes';
const archive = new Archive(file, {}, () => NOW);
const db = archive.db;
const times = new Map<string, number[]>();
const prepare = db.prepare.bind(db);
(db as { prepare: unknown }).prepare = (sql: string) => {
  const st = prepare(sql);
  const key = sql.replace(/\s+/g, ' ').slice(0, 110);
  for (const m of ['all', 'get', 'run'] as const) {
    const f = (st as never as Record<string, (...a: unknown[]) => unknown>)[m]!.bind(st);
    (st as never as Record<string, unknown>)[m] = (...a: unknown[]) => {
      const t = performance.now();
      try {
        return f(...a);
      } finally {
        const list = times.get(key) ?? [];
        list.push(performance.now() - t);
        times.set(key, list);
      }
    };
  }
  return st;
};
const search = new SearchRepo(db);
const given = arg('query', '');
let queries: WorkloadQuery[];
if (given) queries = [{ cls: 'given', query: given, fts: null, ...(arg('sort', '') ? { sort: arg('sort', '') as 'oldest' | 'newest' } : {}), ...(arg('offset', '') ? { offset: Number(arg('offset', '0')) } : {}), ...(arg('collapse', '') === 'yes' ? { collapse: true } : {}), ...(arg('facets', '') === 'yes' ? { facets: true } : {}) }];
else {
  const v = vocabulary(archive, new Corpus(CORPUS_SEED), size);
  queries = generate(v, Number(arg('seed', '5')), Number(arg('per-class', '3')), arg('classes', 'word_frequent').split(','));
}
const reps = Number(arg('reps', '3'));
// (The instant index in memory, as the workload holds it: close matches take their vocabulary from it.)
if (whole) await archive.call('search.suggest', { text: 'warm' });
const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
for (const q of queries) {
  const totals: number[] = [];
  times.clear();
  for (let r = 0; r < reps; r++) {
    const t = performance.now();
    const args = { limit: 20, offset: q.offset ?? 0, sort: q.sort ?? 'relevance', facets: q.facets ?? false, collapse: q.collapse ?? false } as const;
    const page = whole ? await archive.call('search.query', { query: q.query, ...args }) : search.query(q.query, { ...args, now: NOW });
    totals.push(whole ? (page as { tookMs: number }).tookMs : performance.now() - t);
    if (r === 0) process.stdout.write(`\n${q.cls} \`${q.query}\` ${[q.sort, q.offset && `offset ${q.offset}`, q.facets && 'facets', q.collapse && 'collapse'].filter(Boolean).join(' ')} — ${page.total} hits\n`);
  }
  process.stdout.write(`  total median ${round(med(totals), 1)} ms (${totals.map((x) => round(x, 1)).join(', ')})\n`);
  for (const [k, xs] of [...times].sort((a, b) => b[1].reduce((s, x) => s + x, 0) - a[1].reduce((s, x) => s + x, 0)).slice(0, 8)) {
    const per = xs.reduce((s, x) => s + x, 0) / reps;
    if (per < 0.3) continue;
    process.stdout.write(`  ${round(per, 1).toString().padStart(6)} ms ${String(xs.length / reps).padStart(3)}× ${k}\n`);
  }
}
console.log(`\nload ${os.loadavg().map((x) => round(x, 2)).join(' ')}`);
archive.close();
