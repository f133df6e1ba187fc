/**
 * What the body index's prefix indexes (migration 011: `prefix = '2 3'`) and its column
 * order (migration 021: the body first) cost in space and buy in speed: N synthetic
 * clippings (tests/bench/corpus.ts) stored with the raw repository, then the same
 * documents indexed eight ways (the body last or first, each with no prefix index, '2',
 * '3', '2 3'; each rebuilt and optimised), their size by dbstat and the time of ranked
 * 2- and 3-letter prefix queries (median of 5 runs each, the first 20 by bm25 with the
 * engine's weights, as the engine asks; each query timed on every index in turn). The
 * machine's load average is printed: compare ratios within a run.
 *
 *   node --import tsx tests/bench/fts-prefix.ts [--clippings 10000]
 * Results: tests/bench/results/fts-prefix-<N>.json and .md
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ClippingRepo } from '../../db/clippings.ts';
import { openDatabase } from '../../db/open.ts';
import { Corpus } from './corpus.ts';
import { round } from './stats.ts';

const args = process.argv.slice(2);
const N = args.includes('--clippings') ? Number(args[args.indexOf('--clippings') + 1]) : 10_000;
const NOW = '2026-12-06T12:00:00.000Z';
const ORDERS = [
  ['last', ['title', 'byline', 'outlet', 'body']],
  ['first', ['body', 'title', 'byline', 'outlet']],
] as const;
const PREFIXES = [
  ['none', ''],
  ['p2', "prefix = '2'"],
  ['p3', "prefix = '3'"],
  ['p23', "prefix = '2 3'"],
] as const;
const WEIGHT: Record<string, number> = { title: 10, byline: 4, outlet: 4, body: 1 };
const VARIANTS = ORDERS.flatMap(([order, columns]) => PREFIXES.map(([name, prefix]) => ({ table: `bench_${order}_${name}`, order, columns, prefix })));
const TWO = ['co*', 'st*', 'pr*', 're*', 'ma*', 'ba*', 'mi*', 'ha*'];
const THREE = ['con*', 'sta*', 'pre*', 'rep*', 'mar*', 'ban*', 'min*', 'har*'];

const dir = mkdtempSync(path.join(os.tmpdir(), 'cuttings-prefix-'));
try {
  const db = openDatabase(path.join(dir, 'prefix.db'));
  const repo = new ClippingRepo(db);
  const corpus = new Corpus(20211208);
  for (let s = 0; s < N; s += 500) {
    db.transaction(() => {
      for (let i = s; i < Math.min(N, s + 500); i++) {
        const c = corpus.clipping(i);
        const text = c.paragraphs.join('\n\n');
        repo.insert(
          { captureId: null, title: c.title, byline: c.byline, outlet: c.outlet, sourceUrl: null, canonicalUrl: null, urlKey: null, publishedAt: null, modifiedAt: null, capturedAt: NOW, lang: 'en', excerpt: null, text, html: null, figures: [], leadImage: null, wordCount: 1, contentHash: `h${i}` },
          NOW,
        );
      }
    })();
  }
  const size = (table: string) =>
    (db.prepare(`SELECT coalesce(sum(pgsize), 0) AS b FROM dbstat WHERE name IN (?, ?, ?, ?)`).get(`${table}_data`, `${table}_idx`, `${table}_docsize`, `${table}_config`) as { b: number }).b;
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const rows: { body: string; variant: string; bytesPerClipping: number; twoLetterMs: number; twoLetterMaxMs: number; threeLetterMs: number; threeLetterMaxMs: number }[] = [];
  const ranked = VARIANTS.map(({ table: t, columns, prefix }) => {
    db.exec(
      `CREATE VIRTUAL TABLE ${t} USING fts5(${columns.join(', ')}, content = 'clipping_fts_source', content_rowid = 'id',
         tokenize = 'porter unicode61 remove_diacritics 2'${prefix ? `, ${prefix}` : ''});
       INSERT INTO ${t} (${t}) VALUES ('rebuild'); INSERT INTO ${t} (${t}) VALUES ('optimize');`,
    );
    return db.prepare(`SELECT rowid FROM ${t} WHERE ${t} MATCH ? ORDER BY bm25(${t}, ${columns.map((c) => WEIGHT[c]).join(', ')}) LIMIT 20`);
  });
  /** Each query's median time on every index, the indexes in turn. */
  const time = (qs: string[]) =>
    qs.map((q) =>
      ranked.map((r) =>
        median(
          Array.from({ length: 5 }, () => {
            const t0 = performance.now();
            r.all(q);
            return performance.now() - t0;
          }),
        ),
      ),
    );
  const two = time(TWO);
  const three = time(THREE);
  VARIANTS.forEach(({ table, order, prefix }, v) => {
    rows.push({
      body: order,
      variant: prefix || 'no prefix index',
      bytesPerClipping: round(size(table) / N, 0),
      twoLetterMs: round(median(two.map((q) => q[v]!)), 1),
      twoLetterMaxMs: round(Math.max(...two.map((q) => q[v]!)), 1),
      threeLetterMs: round(median(three.map((q) => q[v]!)), 1),
      threeLetterMaxMs: round(Math.max(...three.map((q) => q[v]!)), 1),
    });
  });
  db.close();
  const result = {
    generatedAt: new Date().toISOString(),
    command: `node --import tsx tests/bench/fts-prefix.ts --clippings ${N}`,
    machine: { cpu: os.cpus()[0]?.model ?? 'unknown', cores: os.cpus().length, node: process.version, loadAverage: os.loadavg().map((x) => round(x, 2)) },
    clippings: N,
    queries: { twoLetter: TWO, threeLetter: THREE },
    rows,
  };
  const out = path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'results');
  mkdirSync(out, { recursive: true });
  writeFileSync(path.join(out, `fts-prefix-${N}.json`), `${JSON.stringify(result, null, 2)}\n`);
  const md = [
    `# Body index prefix indexes and column order at ${N.toLocaleString('en')} clippings: size and speed`,
    '',
    `${result.generatedAt} · ${result.machine.cpu} (${result.machine.cores} cores) · load ${result.machine.loadAverage.join(' ')} · \`${result.command}\``,
    '',
    `Ranked first 20 by bm25; medians of 5 runs per query, then the median (and max) over the queries: 2 letters ${TWO.join(' ')}, 3 letters ${THREE.join(' ')}.`,
    '',
    '| body column | prefix indexes | bytes per clipping | 2-letter prefix ms (max) | 3-letter prefix ms (max) |',
    '| --- | --- | --: | --: | --: |',
    ...rows.map((r) => `| ${r.body} | ${r.variant} | ${r.bytesPerClipping} | ${r.twoLetterMs} (${r.twoLetterMaxMs}) | ${r.threeLetterMs} (${r.threeLetterMaxMs}) |`),
    '',
  ].join('\n');
  writeFileSync(path.join(out, `fts-prefix-${N}.md`), md);
  process.stdout.write(md);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
