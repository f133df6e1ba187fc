/**
 * What the body index's prefix indexes (migration 011: `prefix = '2 3'`) cost in space
 * and buy in speed: N synthetic clippings (tests/bench/corpus.ts) stored with the raw
 * repository, then the same documents indexed four ways (no prefix index, '2', '3',
 * '2 3'; each rebuilt and optimised), their size by dbstat and the time of ranked 2- and
 * 3-letter prefix queries (median of 5 runs each, the first 20 by bm25 as the engine
 * asks). The machine's load average is printed: compare ratios within a run.
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
const VARIANTS = [
  ['none', ''],
  ['p2', "prefix = '2'"],
  ['p3', "prefix = '3'"],
  ['p23', "prefix = '2 3'"],
] as const;
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
  const rows: { variant: string; bytesPerClipping: number; twoLetterMs: number; twoLetterMaxMs: number; threeLetterMs: number; threeLetterMaxMs: number }[] = [];
  for (const [name, prefix] of VARIANTS) {
    const t = `bench_${name}`;
    db.exec(
      `CREATE VIRTUAL TABLE ${t} USING fts5(title, byline, outlet, body, content = 'clipping_fts_source', content_rowid = 'id',
         tokenize = 'porter unicode61 remove_diacritics 2'${prefix ? `, ${prefix}` : ''});
       INSERT INTO ${t} (${t}) VALUES ('rebuild'); INSERT INTO ${t} (${t}) VALUES ('optimize');`,
    );
    const ranked = db.prepare(`SELECT rowid FROM ${t} WHERE ${t} MATCH ? ORDER BY bm25(${t}, 10, 4, 4, 1) LIMIT 20`);
    const time = (q: string) =>
      median(
        Array.from({ length: 5 }, () => {
          const t0 = performance.now();
          ranked.all(q);
          return performance.now() - t0;
        }),
      );
    const two = TWO.map(time);
    const three = THREE.map(time);
    rows.push({
      variant: prefix || 'no prefix index',
      bytesPerClipping: round(size(t) / N, 0),
      twoLetterMs: round(median(two), 1),
      twoLetterMaxMs: round(Math.max(...two), 1),
      threeLetterMs: round(median(three), 1),
      threeLetterMaxMs: round(Math.max(...three), 1),
    });
  }
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
    `# Body index prefix indexes at ${N.toLocaleString('en')} clippings: size and speed`,
    '',
    `${result.generatedAt} · ${result.machine.cpu} (${result.machine.cores} cores) · load ${result.machine.loadAverage.join(' ')} · \`${result.command}\``,
    '',
    `Ranked first 20 by bm25; medians of 5 runs per query, then the median (and max) over the queries: 2 letters ${TWO.join(' ')}, 3 letters ${THREE.join(' ')}.`,
    '',
    '| body index | bytes per clipping | 2-letter prefix ms (max) | 3-letter prefix ms (max) |',
    '| --- | --: | --: | --: |',
    ...rows.map((r) => `| ${r.variant} | ${r.bytesPerClipping} | ${r.twoLetterMs} (${r.twoLetterMaxMs}) | ${r.threeLetterMs} (${r.threeLetterMaxMs}) |`),
    '',
  ].join('\n');
  writeFileSync(path.join(out, `fts-prefix-${N}.md`), md);
  process.stdout.write(md);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
