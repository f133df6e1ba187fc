/**
 * Paging deep into a broad word, main's engine against this one (as search-ab.ts: `--before`
 * a copy of another version of db/search.ts), interleaved on the cached workload archive:
 * for each of `--words` frequent words drawn with `--seed`, the pages at offsets 260, 400, …
 * up to 1,980 (limit 20) in order, as someone paging on does. Deeper than a ranking list of
 * 256, the first such page reads a longer list (db/query/topk.ts DEEP), the next ones rank
 * from it. Every page of the two must be equal (ids and scores).
 *
 *   node --import tsx tests/bench/rank-paging.ts --before db/search-before.tmp.ts [--words 10] [--seed 7]
 */
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { SearchRepo } from '../../db/search.ts';
import { Archive } from '../../electron/core/archive.ts';
import { ensureArchive } from './search-workload.ts';
import { percentile, round } from './stats.ts';
import { NOW } from './workload-rows.ts';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1]! : fallback;
};
type Repo = Pick<SearchRepo, 'query'>;
const { SearchRepo: Before } = (await import(pathToFileURL(path.resolve(arg('--before', ''))).href)) as { SearchRepo: new (db: unknown) => Repo };
const archive = new Archive(await ensureArchive(path.join(os.tmpdir(), 'cuttings-workload'), 100_000), {}, () => NOW);
const now = new Date(NOW);
const after = new SearchRepo(archive.db);
const before = new Before(archive.db);
// Frequent words: a seeded draw from the 400 most frequent broad words (those with a stored list first).
const words = after.broadWords().slice(0, 400).map((w) => w.slice(1, -1));
let s = Number(arg('--seed', '7'));
const rand = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const picked = [...new Set(Array.from({ length: 200 }, () => words[Math.floor(rand() * words.length)]!))].slice(0, Number(arg('--words', '10')));
const loadStart = os.loadavg().map((x) => round(x, 2)).join(' ');
const times = { before: [] as number[], after: [] as number[] };
let differ = 0;
let i = 0;
for (const w of picked) {
  for (let offset = 260; offset <= 1980; offset += 140) {
    const runs = new Map<Repo, [number, string]>();
    for (const r of i++ % 2 ? [before, after] : [after, before]) {
      const t = performance.now();
      const page = r.query(w, { limit: 20, offset, now });
      runs.set(r, [performance.now() - t, JSON.stringify(page.ranked)]);
    }
    times.before.push(runs.get(before)![0]);
    times.after.push(runs.get(after)![0]);
    if (runs.get(before)![1] !== runs.get(after)![1]) {
      differ++;
      console.error(`DIFFERENT: ${w} offset ${offset}`);
    }
  }
}
archive.close();
const pct = (xs: number[]) => [50, 95, 99, 100].map((p) => round(percentile(xs, p), 1)).join(' / ');
console.log(`# Paging deep into a broad word: 100,000 clippings, ${picked.length} words (seed ${arg('--seed', '7')}), ${times.after.length} pages each engine`);
console.log('');
console.log(`${new Date().toISOString()} · load ${loadStart} → ${os.loadavg().map((x) => round(x, 2)).join(' ')} · pages that differ: ${differ} · words: ${picked.join(', ')}`);
console.log('');
console.log(`| engine | p50 / p95 / p99 / max ms |\n| --- | --- |\n| before | ${pct(times.before)} |\n| after | ${pct(times.after)} |`);
if (differ) process.exitCode = 1;
