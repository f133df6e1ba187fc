/**
 * The background warm-up of ranking lists (electron/core/search/warmup.ts) on the cached
 * workload archive: the lists of every broad word and prefix read into the archive, list by list as
 * the worker reads them (the LONG_WORDS most frequent of the longest kind), from none —
 * how many, how long, and what they cost in space.
 * The lists stay in the archive for the runs after (search-ab.ts --keep-lists).
 *
 *   node --import tsx tests/bench/rank-warmup.ts [--size 100000]
 */
import os from 'node:os';
import path from 'node:path';
import { SearchRepo } from '../../db/search.ts';
import { Archive } from '../../electron/core/archive.ts';
import { ensureArchive } from './search-workload.ts';
import { round } from './stats.ts';
import { NOW } from './workload-rows.ts';

const at = process.argv.indexOf('--size');
const size = at >= 0 ? Number(process.argv[at + 1]) : 100_000;
const file = await ensureArchive(path.join(os.tmpdir(), 'cuttings-workload'), size);
const archive = new Archive(file, {}, () => NOW);
const db = archive.db;
const load = () => os.loadavg().map((x) => round(x, 2)).join(' ');
const loadStart = load();
db.prepare('DELETE FROM rank_lists').run();
const search = new SearchRepo(db);
let start = performance.now();
const words = search.broadWords(); // the words, then the prefixes
const vocabMs = performance.now() - start;
start = performance.now();
// (The warm-up asks whether to stop before each query: when each began.)
const began: number[] = [];
const { lists } = search.warmBroadWords(words, () => (began.push(performance.now()), false));
const warmMs = performance.now() - start;
const firstPrefix = words.findIndex((w) => w.endsWith('*'));
const prefixMs = firstPrefix < 0 ? 0 : start + warmMs - began[firstPrefix]!;
const oneLetterMs = firstPrefix < 0 ? 0 : (began[words.findIndex((w, i) => i > firstPrefix && !/^"[^"]"\*$/u.test(w))] ?? start + warmMs) - began[firstPrefix]!;
const { n, bytes } = db.prepare('SELECT count(*) AS n, coalesce(sum(length(list) + length(expr) + 40), 0) AS bytes FROM rank_lists').get() as { n: number; bytes: number };
let pages = '';
try {
  const p = db.prepare(`SELECT sum(pgsize) AS b FROM dbstat WHERE name IN ('rank_lists', 'sqlite_autoindex_rank_lists_1')`).get() as { b: number };
  pages = ` · on disk (dbstat) ${round(p.b / 1e6, 2)} MB`;
} catch {
  // dbstat not compiled in
}
console.log(
  `${new Date().toISOString()} · ${size.toLocaleString('en-US')} clippings · broad words and prefixes ${words.length} (vocabulary pass ${round(vocabMs / 1000, 2)} s) · lists read ${lists} in ${round(warmMs / 1000, 1)} s (${round(warmMs / Math.max(1, lists), 1)} ms each; of which the ${firstPrefix < 0 ? 0 : words.length - firstPrefix} prefixes ${round(prefixMs / 1000, 1)} s, the one-letter ones ${round(oneLetterMs / 1000, 1)} s) · stored ${n}, ${round(bytes / 1e6, 2)} MB of rows${pages} · load ${loadStart} → ${load()}`,
);
archive.close();
