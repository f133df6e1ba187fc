/**
 * Two versions of the search engine on the same workload queries (as tests/bench/search-ab.ts:
 * `--before` a copy of another version of db/search.ts put next to it), each query run
 * `--reps` times by each, alternating, its median time kept — a figure that holds better
 * than one run on a loaded machine — and the statements each version runs counted: the
 * body index's bm25 passes (each counts every phrase of its expression over the whole
 * index for the idf: for `the` or `to` a walk of a doclist of nearly every clipping), its
 * other passes, and the meta index's. Every page (ids, scores, total, facets) must be the
 * same: a difference fails the run.
 *
 *   node --expose-gc --import tsx tests/bench/search-passes-ab.ts --before db/search-before.tmp.ts
 *        [--size 100000] [--seeds 41] [--per-class 30] [--classes and_2,and_3,or] [--reps 3] [--time wall|cpu]
 *
 * The archive is the cached workload archive of search-workload.ts under os.tmpdir() (set
 * TMPDIR to use another cache dir), with its stored ranking lists kept.
 */
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { SearchRepo } from '../../db/search.ts';
import { Archive } from '../../electron/core/archive.ts';
import { Corpus } from './corpus.ts';
import { ensureArchive, generate, vocabulary } from './search-workload.ts';
import { markdownTable, percentile, round } from './stats.ts';
import { CORPUS_SEED, NOW } from './workload-rows.ts';

const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : dflt;
};
type Repo = Pick<SearchRepo, 'query'>;
const { SearchRepo: Before } = (await import(pathToFileURL(path.resolve(arg('before', ''))).href)) as { SearchRepo: new (db: unknown) => Repo };
const size = Number(arg('size', '100000'));
const classes = arg('classes', 'and_2,and_3,or').split(',');
const reps = Number(arg('reps', '3'));
/** `--time cpu`: the process's CPU time (user + system) of each query, not its wall time: on a loaded machine it grows far less than wall time. */
const cpu = arg('time', 'wall') === 'cpu';
const archive = new Archive(await ensureArchive(path.join(os.tmpdir(), 'cuttings-workload'), size), {}, () => NOW);
const db = archive.db;

/** The statements run, by kind, while `counting`. */
const kinds = { bm25: 0, body: 0, meta: 0 };
let counting = false;
const prepare = db.prepare.bind(db);
(db as { prepare: unknown }).prepare = (sql: string) => {
  const st = prepare(sql);
  const kind = /^SELECT count\(\*\)/.test(sql) || /highlight\(|snippet\(/.test(sql) ? null : /bm25\(clipping_fts\b/.test(sql) ? 'bm25' : /FROM clipping_fts WHERE clipping_fts MATCH/.test(sql) ? 'body' : /clipping_meta_fts MATCH/.test(sql) ? 'meta' : null;
  if (kind === null) return st;
  for (const m of ['all', 'get', 'run', 'iterate'] as const) {
    const f = (st as never as Record<string, (...a: unknown[]) => unknown>)[m]!.bind(st);
    (st as never as Record<string, unknown>)[m] = (...a: unknown[]) => {
      if (counting) kinds[kind]++;
      return f(...a);
    };
  }
  return st;
};

const before = new Before(db);
const after = new SearchRepo(db);
const now = new Date(NOW);
const v = vocabulary(archive, new Corpus(CORPUS_SEED), size);
for (const q of generate(v, 999, 2, classes)) for (const r of [before, after]) r.query(q.query, { limit: 20, offset: 0, now });
const loadStart = os.loadavg().map((x) => round(x, 2)).join(' ');
const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
interface Sample {
  cls: string;
  query: string;
  ms: [number, number];
  passes: [typeof kinds, typeof kinds];
}
const samples: Sample[] = [];
let differences = 0;
for (const seed of arg('seeds', '41').split(',').map(Number)) {
  for (const q of generate(v, seed, Number(arg('per-class', '30')), classes)) {
    const opts = { limit: 20, offset: q.offset ?? 0, now, sort: q.sort ?? 'relevance', facets: q.facets ?? false, collapse: q.collapse ?? false };
    const times: [number[], number[]] = [[], []];
    const passes: [typeof kinds, typeof kinds] = [{ ...kinds }, { ...kinds }];
    const pages: string[] = [];
    for (let r = 0; r < reps; r++) {
      for (const i of r % 2 === 0 ? [0, 1] : [1, 0]) {
        Object.assign(kinds, { bm25: 0, body: 0, meta: 0 });
        counting = r === 0;
        const t = cpu ? process.cpuUsage() : null;
        const w = performance.now();
        const page = [before, after][i]!.query(q.query, opts);
        const used = t && process.cpuUsage(t);
        times[i]!.push(used ? (used.user + used.system) / 1000 : performance.now() - w);
        counting = false;
        if (r === 0) {
          passes[i] = { ...kinds };
          pages[i] = JSON.stringify([page.ranked, page.total, page.totalExact, page.facets]);
        }
      }
    }
    if (pages[0] !== pages[1]) {
      differences++;
      console.error(`DIFFERENT: ${q.query}`);
    }
    samples.push({ cls: q.cls, query: q.query, ms: [med(times[0]), med(times[1])], passes });
  }
  process.stderr.write(`seed ${seed} done\n`);
}
archive.close();
const pct = (xs: number[]) => [50, 95, 99, 100].map((p) => String(round(percentile(xs, p), 1)));
const mean = (xs: number[]) => String(round(xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length), 2));
const rows = classes.map((cls) => {
  const s = samples.filter((x) => x.cls === cls);
  return [
    cls,
    String(s.length),
    ...pct(s.map((x) => x.ms[0])),
    ...pct(s.map((x) => x.ms[1])),
    `${mean(s.map((x) => x.passes[0].bm25))} → ${mean(s.map((x) => x.passes[1].bm25))}`,
    `${mean(s.map((x) => x.passes[0].body))} → ${mean(s.map((x) => x.passes[1].body))}`,
    `${mean(s.map((x) => x.passes[0].meta))} → ${mean(s.map((x) => x.passes[1].meta))}`,
  ];
});
console.log(
  [
    `# search.query before/after, ${cpu ? 'CPU' : 'wall'} ms, median of ${reps} runs a query: ${size.toLocaleString('en-US')} clippings, seeds ${arg('seeds', '41')}`,
    '',
    `${new Date().toISOString()} · load average at start ${loadStart}, end ${os.loadavg().map((x) => round(x, 2)).join(' ')} · pages that differ: ${differences}`,
    '',
    markdownTable(['class', 'n', 'before p50', 'p95', 'p99', 'max', 'after p50', 'p95', 'p99', 'max', 'body bm25 passes / query', 'other body passes', 'meta passes'], rows),
    '',
    '## 10 slowest, after (before beside)',
    '',
    markdownTable(
      ['after ms', 'before ms', 'class', 'query', 'bm25 passes before → after'],
      [...samples].sort((a, b) => b.ms[1] - a.ms[1]).slice(0, 10).map((x) => [String(round(x.ms[1], 1)), String(round(x.ms[0], 1)), x.cls, `\`${x.query}\``, `${x.passes[0].bm25} → ${x.passes[1].bm25}`]),
    ),
    '',
  ].join('\n'),
);
if (differences > 0) process.exitCode = 1;
