/**
 * What the body index's prefix index costs and buys through the product's search: the
 * cached search-workload archive (tests/bench/search-workload.ts) copied once per
 * variant of `clipping_fts` (its `prefix = …` option, the table rebuilt when the copy's
 * differs), then the workload's prefix classes (`prefix_2`, `prefix_3`, same generator
 * and seeds) through `search.query` on every copy in the same process, each query on
 * each copy in turn (the order alternating), beside the index's size by `dbstat` and the
 * time the rebuild of the table took (what a migration changing the option costs).
 *
 *   node --expose-gc --import tsx tests/bench/prefix-index.ts [--size 100000] [--seeds 41,42,43]
 *        [--per-class 30] [--variants "2 3,none"] [--cache DIR]
 * Results: tests/bench/results/prefix-index-<size>.json and .md
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Archive } from '../../electron/core/archive.ts';
import { Corpus } from './corpus.ts';
import { ensureArchive, generate, vocabulary } from './search-workload.ts';
import { percentile, round } from './stats.ts';
import { CORPUS_SEED } from './workload-rows.ts';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1]! : fallback);
const SIZE = Number(arg('size', '100000'));
const SEEDS = arg('seeds', '41,42,43').split(',').map(Number);
const PER_CLASS = Number(arg('per-class', '30'));
const VARIANTS = arg('variants', '2 3,none').split(',');
const CACHE = arg('cache', path.join(os.tmpdir(), 'cuttings-workload'));
const CLASSES = ['prefix_2', 'prefix_3'];

const load = () => os.loadavg().map((x) => round(x, 2));
const log = (s: string) => process.stderr.write(`${s}\n`);
const out = path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'results');
const dir = mkdtempSync(path.join(os.tmpdir(), 'cuttings-prefix-index-'));
try {
  const src = await ensureArchive(CACHE, SIZE);
  const archives: { variant: string; archive: Archive; bytesPerClipping: number; rebuildMs: number | null }[] = [];
  for (const variant of VARIANTS) {
    const file = path.join(dir, `${variant.replace(/\W+/g, '_')}.db`);
    copyFileSync(src, file);
    if (existsSync(`${src}.instant`)) copyFileSync(`${src}.instant`, `${file}.instant`);
    const archive = new Archive(file);
    const db = archive.db;
    const sql = (db.prepare(`SELECT sql FROM sqlite_master WHERE name = 'clipping_fts'`).get() as { sql: string }).sql;
    const current = /prefix\s*=\s*'([^']*)'/i.exec(sql)?.[1] ?? 'none';
    let rebuildMs: number | null = null;
    if (current !== variant) {
      const bare = sql.replace(/,\s*prefix\s*=\s*'[^']*'/i, '');
      const wanted = variant === 'none' ? bare : bare.replace(/\)\s*$/, `, prefix = '${variant}')`);
      log(`${variant}: rebuilding clipping_fts`);
      const start = performance.now();
      db.exec(`DROP TABLE clipping_fts; ${wanted}; INSERT INTO clipping_fts (clipping_fts) VALUES ('rebuild');`);
      rebuildMs = round(performance.now() - start, 0);
      log(`${variant}: rebuilt in ${rebuildMs} ms (load ${load().join(' ')})`);
    }
    db.exec(`INSERT INTO clipping_fts (clipping_fts) VALUES ('optimize')`);
    const bytes = (db.prepare(`SELECT sum(pgsize) AS b FROM dbstat WHERE name LIKE 'clipping\\_fts\\_%' ESCAPE '\\'`).get() as { b: number }).b;
    archives.push({ variant, archive, bytesPerClipping: round(bytes / SIZE, 0), rebuildMs });
  }
  const v = vocabulary(archives[0]!.archive, new Corpus(CORPUS_SEED), SIZE);
  const startLoad = load();
  const took = new Map<string, number[]>(); // `${variant}|${cls}` → tookMs
  let turn = 0;
  for (const seed of SEEDS) {
    for (const q of generate(v, seed, PER_CLASS, CLASSES)) {
      const order = turn++ % 2 === 0 ? archives : [...archives].reverse();
      for (const a of order) {
        const r = await a.archive.call('search.query', { query: q.query, limit: 20, offset: 0, sort: 'relevance', facets: false, collapse: false });
        const key = `${a.variant}|${q.cls}`;
        took.set(key, [...(took.get(key) ?? []), r.tookMs]);
      }
    }
    log(`seed ${seed} done`);
  }
  const rows = archives.flatMap((a) =>
    CLASSES.map((cls) => {
      const xs = took.get(`${a.variant}|${cls}`)!;
      return { variant: a.variant, cls, queries: xs.length, p50: round(percentile(xs, 50), 1), p95: round(percentile(xs, 95), 1), p99: round(percentile(xs, 99), 1), max: round(Math.max(...xs), 1), indexBytesPerClipping: a.bytesPerClipping, rebuildMs: a.rebuildMs };
    }),
  );
  for (const a of archives) a.archive.close();
  const result = {
    generatedAt: new Date().toISOString(),
    command: `node --expose-gc --import tsx tests/bench/prefix-index.ts --size ${SIZE} --seeds ${SEEDS.join(',')} --per-class ${PER_CLASS} --variants "${VARIANTS.join(',')}"`,
    loadAverage: { start: startLoad, end: load() },
    rows,
  };
  mkdirSync(out, { recursive: true });
  writeFileSync(path.join(out, `prefix-index-${SIZE}.json`), `${JSON.stringify(result, null, 2)}\n`);
  const md = [
    `# Body index prefix option through search.query at ${SIZE.toLocaleString('en')} clippings`,
    '',
    `${result.generatedAt} · load at start ${result.loadAverage.start.join(' ')}, end ${result.loadAverage.end.join(' ')} · \`${result.command}\``,
    '',
    'Engine `tookMs` (limit 20, relevance), every query on every variant in turn in one process.',
    '',
    '| prefix option | body index KB per clipping | rebuild s | class | queries | p50 ms | p95 ms | p99 ms | max ms |',
    '| --- | --: | --: | --- | --: | --: | --: | --: | --: |',
    ...rows.map(
      (r) => `| ${r.variant} | ${(r.indexBytesPerClipping / 1024).toFixed(2)} | ${r.rebuildMs === null ? '—' : round(r.rebuildMs / 1000, 1)} | ${r.cls} | ${r.queries} | ${r.p50} | ${r.p95} | ${r.p99} | ${r.max} |`,
    ),
    '',
  ].join('\n');
  writeFileSync(path.join(out, `prefix-index-${SIZE}.md`), md);
  process.stdout.write(md);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
