/**
 * What facets and collapse add to a search (issue 13), apart from the ranking every
 * search pays: the workload's `facets` and `collapse` queries (tests/bench/search-workload.ts,
 * same archive, same generator) each run three times in turn, in a rotating order —
 * plain, with facets, collapsed — through `search.query`, and the engine's `tookMs`
 * compared query by query.
 *
 *   node --expose-gc --import tsx tests/bench/search-facets.ts [--size 100000] [--seeds 41,42,43] [--per-class 50] [--cache DIR]
 *
 * Prints per class the p50/p95/p99/max of the plain query, of the query with the option,
 * and of the difference (option − plain, per query), and the 10 queries with the
 * largest difference, with the machine's load at start and end.
 */
import os from 'node:os';
import path from 'node:path';
import { Archive } from '../../electron/core/archive.ts';
import { Corpus } from './corpus.ts';
import { ensureArchive, generate, vocabulary } from './search-workload.ts';
import { percentile, round } from './stats.ts';
import { CORPUS_SEED, NOW } from './workload-rows.ts';

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i]!, process.argv[i + 1]!);
const size = Number(args.get('--size') ?? 100_000);
const seeds = (args.get('--seeds') ?? '41,42,43').split(',').map(Number);
const perClass = Number(args.get('--per-class') ?? 50);
const cache = path.resolve(args.get('--cache') ?? path.join(os.tmpdir(), 'cuttings-workload'));

const load = () => os.loadavg().map((x) => round(x, 2)).join(' ');
const file = await ensureArchive(cache, size);
const archive = new Archive(file, {}, () => NOW);
try {
  const loadStart = load();
  const v = vocabulary(archive, new Corpus(CORPUS_SEED), size);
  const rows: { cls: string; query: string; plain: number; option: number }[] = [];
  let turn = 0;
  for (const seed of seeds) {
    for (const q of generate(v, seed, perClass, ['facets', 'collapse'])) {
      const runs = [
        { key: 'plain', facets: false, collapse: false },
        { key: 'option', facets: q.facets ?? false, collapse: q.collapse ?? false },
      ];
      if (turn++ % 2) runs.reverse();
      const took: Record<string, number> = {};
      for (const r of runs) took[r.key] = (await archive.call('search.query', { query: q.query, limit: 20, facets: r.facets, collapse: r.collapse })).tookMs;
      rows.push({ cls: q.cls, query: q.query, plain: took.plain!, option: took.option! });
    }
  }
  const fig = (xs: number[]) => [50, 95, 99, 100].map((p) => round(percentile(xs, p), 1)).join(' / ');
  console.log(`${size.toLocaleString('en-US')} clippings · seeds ${seeds.join(', ')} · ${perClass} per class per seed · load at start ${loadStart}, end ${load()}`);
  for (const cls of ['facets', 'collapse']) {
    const of = rows.filter((r) => r.cls === cls);
    console.log(`\n${cls}: p50 / p95 / p99 / max (ms)`);
    console.log(`  plain query        ${fig(of.map((r) => r.plain))}`);
    console.log(`  with ${cls.padEnd(13)} ${fig(of.map((r) => r.option))}`);
    console.log(`  difference         ${fig(of.map((r) => r.option - r.plain))}`);
    console.log('  largest differences (option, plain, query):');
    for (const r of [...of].sort((a, b) => b.option - b.plain - (a.option - a.plain)).slice(0, 10)) console.log(`    ${round(r.option, 1)}\t${round(r.plain, 1)}\t${r.query}`);
  }
} finally {
  archive.close();
}
