/**
 * The manual 1M-clipping search benchmark (not part of CI, nor of `npm run bench`: the
 * archive is ~10 GB). The archive is the randomized workload's (tests/bench/search-workload.ts:
 * the deterministic corpus of `npm run bench` with tags, notes, dates and the rest),
 * bulk-loaded once and cached by the schema's migrations in `--cache` (default
 * os.tmpdir()/cuttings-workload), so that this run and
 * `search-workload.ts --sizes 1000000` share it. The import path itself is measured by
 * `npm run bench`; this run is about search at scale: the corpus's fixed query classes
 * timed through `search.query` next to the raw FTS5 query.
 *
 *   node --expose-gc --import tsx tests/bench/search-1m.ts [--size 1000000] [--cache DIR] [--db PATH]
 * `--db` runs on an archive already built (nothing is written to it but what search writes).
 * Results: tests/bench/results/search-1m.json and .md
 */
import { mkdirSync, writeFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Archive } from '../../electron/core/archive.ts';
import { Corpus, QUERY_CLASSES, toQueries } from './corpus.ts';
import { archiveFile, ensureArchive } from './search-workload.ts';
import { CORPUS_SEED } from './workload-rows.ts';
import { percentile, round } from './stats.ts';

const args = process.argv.slice(2);
const arg = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const SIZE = Number(arg('size') ?? 1_000_000);
const log = (m: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${m}\n`);
const cache = path.resolve(arg('cache') ?? path.join(os.tmpdir(), 'cuttings-workload'));

const corpus = new Corpus(CORPUS_SEED);
const buildStart = performance.now();
const dbArg = arg('db');
const cached = dbArg === undefined && statSync(archiveFile(cache, SIZE), { throwIfNoEntry: false }) !== undefined;
const file = dbArg ?? (await ensureArchive(cache, SIZE));
const buildSeconds = dbArg === undefined && !cached ? (performance.now() - buildStart) / 1000 : null;
const archive = new Archive(file);

const sets = corpus.querySets(100, Math.min(SIZE, 10_000), 1);
const queries = toQueries(sets);
const raw = archive.db.prepare(`SELECT rowid FROM clipping_fts WHERE clipping_fts MATCH ? ORDER BY bm25(clipping_fts) LIMIT 20`);
const rows: Record<string, unknown> = {};
for (const cls of QUERY_CLASSES) {
  for (const q of queries[cls].slice(0, 10)) await archive.call('search.query', { query: q.product });
  const p: number[] = [];
  const b: number[] = [];
  for (const q of queries[cls]) {
    let t = performance.now();
    await archive.call('search.query', { query: q.product });
    p.push(performance.now() - t);
    t = performance.now();
    raw.all(q.fts);
    b.push(performance.now() - t);
  }
  rows[cls] = { queries: p.length, product: { p50: round(percentile(p, 50)), p95: round(percentile(p, 95)) }, baseline: { p50: round(percentile(b, 50)), p95: round(percentile(b, 95)) } };
  log(`${cls}: product p50 ${round(percentile(p, 50))} p95 ${round(percentile(p, 95))} | raw p50 ${round(percentile(b, 50))} p95 ${round(percentile(b, 95))}`);
}
archive.db.pragma('wal_checkpoint(TRUNCATE)');
const report = {
  generatedAt: new Date().toISOString(),
  command: `node --expose-gc --import tsx tests/bench/search-1m.ts --size ${SIZE}`,
  machine: { cpu: os.cpus()[0]?.model ?? 'unknown', cores: os.cpus().length, node: process.version, loadAverage: os.loadavg().map((x) => round(x, 2)) },
  clippings: SIZE,
  dbBytes: statSync(file).size,
  buildSeconds: buildSeconds === null ? null : round(buildSeconds, 0),
  classes: rows,
};
archive.close();
const out = path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'results');
mkdirSync(out, { recursive: true });
writeFileSync(path.join(out, `search-${SIZE >= 1e6 ? `${SIZE / 1e6}m` : `${SIZE / 1e3}k`}.json`), `${JSON.stringify(report, null, 2)}\n`);
const md = `# Search at ${SIZE.toLocaleString('en')} clippings (manual run)\n\n${report.generatedAt} · ${report.machine.cpu} (${report.machine.cores} cores) · load ${report.machine.loadAverage.join(' ')} · database ${(report.dbBytes / 1e9).toFixed(1)} GB\n\n| class | product p50 | product p95 | raw FTS5 p50 | raw FTS5 p95 |\n| --- | --: | --: | --: | --: |\n${QUERY_CLASSES.map((c) => {
  const r = rows[c] as { product: { p50: number; p95: number }; baseline: { p50: number; p95: number } };
  return `| ${c} | ${r.product.p50} | ${r.product.p95} | ${r.baseline.p50} | ${r.baseline.p95} |`;
}).join('\n')}\n`;
writeFileSync(path.join(out, `search-${SIZE >= 1e6 ? `${SIZE / 1e6}m` : `${SIZE / 1e3}k`}.md`), md);
process.stdout.write(md);
