/**
 * The snippets and match offsets of a page (SearchRepo's `highlights`) of two versions of
 * db/search.ts side by side: the worktree's ("after") against `--before` (a copy of another
 * version put next to it: `git show main:db/search.ts > db/search-before.tmp.ts`), on the
 * pages the workload's queries show (tests/bench/search-workload.ts; the cached archive, lists
 * as stored). Each page's highlights are timed `--reps` times per version, alternating which
 * goes first; per class, the median over queries of each version's median, and the median of
 * the per-query ratios (after / before: what a loaded machine leaves comparable). Every page's
 * snippets and offsets must be equal: a difference is printed and fails the run.
 *
 *   node --import tsx tests/bench/search-highlights-ab.ts --before db/search-before.tmp.ts
 *        [--cache DIR] [--size 100000] [--seeds 71] [--per-class 10] [--classes a,b] [--reps 7]
 */
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BuiltQuery } from '../../db/query/builder.ts';
import { SearchRepo } from '../../db/search.ts';
import { Archive } from '../../electron/core/archive.ts';
import { Corpus } from './corpus.ts';
import { CLASSES, ensureArchive, generate, vocabulary } from './search-workload.ts';
import { markdownTable, round } from './stats.ts';
import { CORPUS_SEED, NOW } from './workload-rows.ts';

type Shown = { snippets: Map<number, string>; matches: Map<number, [number, number][]> };
type Highlights = (built: BuiltQuery, ids: readonly number[]) => Shown;

const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : dflt;
};
const before = arg('before', '');
if (!before) throw new Error('--before FILE is required');
const size = Number(arg('size', '100000'));
const reps = Number(arg('reps', '7'));
const classes = arg('classes', Object.keys(CLASSES).join(',')).split(',');
const { SearchRepo: Before } = (await import(pathToFileURL(path.resolve(before)).href)) as { SearchRepo: new (db: unknown) => unknown };
const archive = new Archive(await ensureArchive(path.resolve(arg('cache', path.join(os.tmpdir(), 'cuttings-workload'))), size), {}, () => NOW);
const now = new Date(NOW);
const after = new SearchRepo(archive.db);
const of = (repo: unknown): Highlights => {
  const r = repo as { highlights: Highlights };
  return r.highlights.bind(r);
};
const hb = of(new Before(archive.db));
const ha = of(after);
// The page's query as the engine built it, caught on its way to `highlights`.
let caught: { built: BuiltQuery; ids: readonly number[] } | null = null;
(after as unknown as { highlights: Highlights }).highlights = (built, ids) => {
  caught = { built, ids };
  return ha(built, ids);
};
const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const v = vocabulary(archive, new Corpus(CORPUS_SEED), size);
const loadStart = os.loadavg().map((x) => round(x, 2)).join(' ');
const per = new Map<string, { b: number[]; a: number[]; r: number[] }>();
let differences = 0;
const shown = (s: Shown, ids: readonly number[]) => JSON.stringify(ids.map((id) => [s.snippets.get(id), s.matches.get(id)]));
for (const seed of arg('seeds', '71').split(',').map(Number)) {
  for (const q of generate(v, seed, Number(arg('per-class', '10')), classes)) {
    caught = null;
    after.query(q.query, { limit: 20, offset: q.offset ?? 0, now, sort: q.sort ?? 'relevance', facets: q.facets ?? false, collapse: q.collapse ?? false });
    if (caught === null) continue; // (a page without highlights: zero hits)
    const { built, ids } = caught as { built: BuiltQuery; ids: readonly number[] };
    const tb: number[] = [];
    const ta: number[] = [];
    for (let i = 0; i < reps; i++) {
      for (const [f, xs] of i % 2 ? ([[hb, tb], [ha, ta]] as const) : ([[ha, ta], [hb, tb]] as const)) {
        const t = performance.now();
        f(built, ids);
        xs.push(performance.now() - t);
      }
    }
    if (shown(hb(built, ids), ids) !== shown(ha(built, ids), ids)) {
      differences++;
      console.error(`DIFFERENT: ${q.query}`);
    }
    const c = per.get(q.cls) ?? { b: [], a: [], r: [] };
    c.b.push(med(tb));
    c.a.push(med(ta));
    c.r.push(med(ta) / med(tb));
    per.set(q.cls, c);
  }
}
archive.close();
console.log(
  [
    `# Snippets and match offsets of a page, before/after: ${size.toLocaleString('en-US')} clippings, seeds ${arg('seeds', '71')}, ${arg('per-class', '10')} per class, ${reps} reps`,
    '',
    `${new Date().toISOString()} · load average at start ${loadStart}, end ${os.loadavg().map((x) => round(x, 2)).join(' ')} · pages whose snippets or offsets differ: ${differences}`,
    '',
    markdownTable(
      ['class', 'pages', 'before ms (median)', 'after ms (median)', 'after / before (median of ratios)'],
      [...per].map(([cls, c]) => [cls, c.b.length, round(med(c.b), 2), round(med(c.a), 2), round(med(c.r), 2)]),
    ),
    '',
  ].join('\n'),
);
if (differences > 0) process.exitCode = 1;
