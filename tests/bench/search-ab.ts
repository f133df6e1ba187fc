/**
 * Two versions of the search engine side by side, on the same archive and queries of the
 * randomized workload (tests/bench/search-workload.ts), interleaved query by query so that
 * a loaded machine slows both alike: `SearchRepo.query` of the worktree's db/search.ts
 * ("after") against the one of `--before` (a copy of another version of db/search.ts put
 * next to it, e.g. `git show main:db/search.ts > db/search-before.tmp.ts`; when the two
 * versions' db/query/topk.ts differ, copy main's too and point the copy's import at it:
 * `git show main:db/query/topk.ts > db/query/topk-before.tmp.ts` and
 * `sed -i "s#./query/topk.ts#./query/topk-before.tmp.ts#" db/search-before.tmp.ts`), beside raw
 * FTS5 bm25 over every match on the same words. Every page of the two must be equal
 * (ids and scores): a difference is reported and fails the run.
 *
 * `--before-db FILE`: "before" runs on that archive instead (a schema change: the cached
 * workload archive of the version before, e.g. /tmp/cuttings-workload/workload-g1-<its
 * digest>-100000.db), opened read-only by the `open.ts` beside `--before`; so `--before`
 * is then that version's whole db/ folder (`git archive main db | tar -x -C before.tmp`
 * and `ln -s ../electron before.tmp/electron`, then `--before before.tmp/db/search.ts`).
 *
 *   node --expose-gc --import tsx tests/bench/search-ab.ts --before db/search-before.tmp.ts
 *        [--size 100000] [--seeds 41,42,43] [--per-class 50] [--classes word_frequent,phrase,prefix_2,prefix_3]
 *        [--warm SECONDS] [--before-db FILE] [--keep-lists yes] [--pages yes] [--cache DIR] [--reps N] [--cpu yes]
 *
 * `--pages yes`: the pages' snippets and match offsets must be equal too (each hit's).
 * `--whole yes` (with `--before-db`): each version searched as the app does, through its
 * own Archive's `search.query` (the before tree's electron/core/archive.ts beside its db/):
 * close matches and the page's summaries included; the hits (ids, scores, fuzzy, and with
 * `--pages` snippets, offsets and the did-you-mean) must be equal.
 * `--cache DIR`: the workload archive's cache folder (search-workload.ts `--cache`;
 * default os.tmpdir()/cuttings-workload).
 * `--reps N`: each query is run N times by each version in turn, and the least time of each
 * kept (under load, less disturbed than one run). `--cpu yes`: the process's CPU time
 * (`process.cpuUsage()`) instead of wall time — on a shared machine far steadier.
 *
 * Each query runs with its class's sort, offset, facets and collapse, and the two pages
 * (ids, scores, total, facets) must be equal. Times are of `SearchRepo.query` (ranking,
 * count, snippets of the page, facets): the engine's
 * `tookMs` without the summaries of the page and close matches. Per class and version:
 * p50/p95/p99/max over all seeds, and the 10 slowest queries of each version verbatim.
 *
 * `--warm S`: before timing, "after" reads the ranking lists of broad phrases
 * (db/query/topk.ts; `SearchRepo.warmRankLists`) for up to S seconds — the archive's 200
 * most frequent words, then the 2- and 3-letter prefixes of its words — and the time and
 * count are reported: the figures of an app that has read them in the background
 * (electron/core/search/warmup.ts). Without it (or for a phrase not read ahead) a list is
 * read by the first query of a broad phrase, which costs about what ranking it without one
 * does. Lists stored in the archive by an earlier run are deleted first, unless
 * `--keep-lists yes` (after tests/bench/rank-warmup.ts: the app once its warm-up has run).
 */
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { SearchRepo } from '../../db/search.ts';
import { Archive } from '../../electron/core/archive.ts';
import { Corpus } from './corpus.ts';
import { ensureArchive, generate, vocabulary, type WorkloadQuery } from './search-workload.ts';
import { markdownTable, percentile, round } from './stats.ts';
import { CORPUS_SEED, NOW } from './workload-rows.ts';

const LIMIT = 20;

interface Options {
  before: string;
  beforeDb: string | null;
  size: number;
  seeds: number[];
  perClass: number;
  classes: string[];
  warm: number;
  keepLists: boolean;
  pages: boolean;
  cache: string;
  reps: number;
  cpu: boolean;
  whole: boolean;
}

function options(argv: string[]): Options {
  const o: Options = { before: '', beforeDb: null, size: 100_000, seeds: [41, 42, 43], perClass: 50, classes: ['word_frequent', 'phrase', 'prefix_2', 'prefix_3'], warm: 0, keepLists: false, pages: false, cache: path.join(os.tmpdir(), 'cuttings-workload'), reps: 1, cpu: false, whole: false };
  for (let i = 0; i < argv.length; i += 2) {
    const [a, v] = [argv[i]!, argv[i + 1]];
    if (v === undefined) throw new Error(`${a} needs a value`);
    if (a === '--before') o.before = path.resolve(v);
    else if (a === '--before-db') o.beforeDb = path.resolve(v);
    else if (a === '--size') o.size = Number(v);
    else if (a === '--seeds') o.seeds = v.split(',').map(Number);
    else if (a === '--per-class') o.perClass = Number(v);
    else if (a === '--classes') o.classes = v.split(',');
    else if (a === '--warm') o.warm = Number(v);
    else if (a === '--keep-lists') o.keepLists = v === 'yes';
    else if (a === '--pages') o.pages = v === 'yes';
    else if (a === '--cache') o.cache = path.resolve(v);
    else if (a === '--reps') o.reps = Number(v);
    else if (a === '--cpu') o.cpu = v === 'yes';
    else if (a === '--whole') o.whole = v === 'yes';
    else throw new Error(`unknown option ${a}`);
  }
  if (!o.before) throw new Error('--before FILE is required');
  if (o.whole && !o.beforeDb) throw new Error('--whole yes needs --before-db (each version its own archive)');
  return o;
}

interface Sample {
  q: WorkloadQuery;
  seed: number;
  before: number;
  after: number;
  fts: number | null;
  total: number;
}

type Repo = Pick<SearchRepo, 'query'>;

/** A search as the app makes it (`--whole yes`): `search.query` of an archive, close matches included. */
type Whole = (q: WorkloadQuery) => Promise<{ page: ReturnType<Repo['query']>; shown: unknown }>;

/** `search.query` of the archive `archive` (an Archive of either tree) as a page the two versions are compared by. */
function wholeOf(archive: { call(m: 'search.query', a: unknown): Promise<unknown> }): Whole {
  return async (q) => {
    const r = (await archive.call('search.query', { query: q.query, limit: LIMIT, offset: q.offset ?? 0, sort: q.sort ?? 'relevance', facets: q.facets ?? false, collapse: q.collapse ?? false })) as {
      hits: { id: number; score: number; fuzzy?: boolean; snippet: string; matches?: unknown }[];
      total: number;
      totalExact: boolean;
      didYouMean?: string | null;
    };
    const ranked = r.hits.map((h) => ({ id: h.id, score: h.score, fuzzy: h.fuzzy ?? false }));
    return { page: { ranked, total: r.total, totalExact: r.totalExact, facets: null, snippets: new Map(), matches: new Map() } as never, shown: [r.hits.map((h) => [h.snippet, h.matches]), r.didYouMean ?? null] };
  };
}

async function timeAsync<T>(f: () => Promise<T>): Promise<[number, T]> {
  if (cpuTime) {
    const c = process.cpuUsage();
    const r = await f();
    const d = process.cpuUsage(c);
    return [(d.user + d.system) / 1000, r];
  }
  const s = performance.now();
  const r = await f();
  return [performance.now() - s, r];
}

let cpuTime = false;

function time(f: () => unknown): [number, unknown] {
  if (cpuTime) {
    const c = process.cpuUsage();
    const r = f();
    const d = process.cpuUsage(c);
    return [(d.user + d.system) / 1000, r];
  }
  const s = performance.now();
  const r = f();
  return [performance.now() - s, r];
}

async function main(): Promise<void> {
  const o = options(process.argv.slice(2));
  cpuTime = o.cpu;
  const { SearchRepo: Before } = (await import(pathToFileURL(o.before).href)) as { SearchRepo: new (db: unknown) => Repo };
  const file = await ensureArchive(o.cache, o.size);
  const archive = new Archive(file, {}, () => NOW);
  const now = new Date(NOW);
  // The ranking lists stored in the archive by an earlier run (db/query/topk.ts): gone, so
  // that "after" starts as a new archive does — with none, unless `--warm` reads them.
  // `--keep-lists yes` keeps them: the figures of an app whose warm-up has run (rank-warmup.ts).
  const stale = o.keepLists ? 0 : archive.db.prepare('DELETE FROM rank_lists').run().changes;
  if (stale) process.stderr.write(`ranking lists of an earlier run deleted: ${stale}\n`);
  const stored = (archive.db.prepare('SELECT count(*) AS n FROM rank_lists').get() as { n: number }).n;
  const after = new SearchRepo(archive.db);
  let beforeDb: { close(): void } | null = null;
  // `--whole yes`: each version's own Archive (the before tree's electron/ beside its db/), searched through `search.query`.
  let wholes: { before: Whole; after: Whole } | null = null;
  let wholeDb: unknown = null;
  if (o.whole) {
    const { Archive: BeforeArchive } = (await import(pathToFileURL(path.join(path.dirname(o.before), '..', 'electron', 'core', 'archive.ts')).href)) as { Archive: new (file: string, opts: object, now: () => unknown) => { call(m: string, a: unknown): Promise<unknown>; close(): void; db: unknown } };
    const b = new BeforeArchive(o.beforeDb!, {}, () => NOW);
    beforeDb = b;
    wholeDb = b.db;
    wholes = { before: wholeOf(b as never), after: wholeOf(archive as never) };
    // (The instant index in memory, as the app holds it: close matches take their vocabulary from it.)
    for (const a of [b, archive]) await a.call('search.suggest' as never, { text: 'warm' } as never);
  } else if (o.beforeDb) {
    const { openDatabase } = (await import(pathToFileURL(path.join(path.dirname(o.before), 'open.ts')).href)) as { openDatabase: (file: string, opts: { readonly: boolean }) => { close(): void } };
    beforeDb = openDatabase(o.beforeDb, { readonly: true });
  }
  const before = new Before(wholeDb ?? beforeDb ?? archive.db);
  const raw = archive.db.prepare(`SELECT rowid, bm25(clipping_fts) AS s FROM clipping_fts WHERE clipping_fts MATCH ? ORDER BY bm25(clipping_fts) LIMIT ${LIMIT}`);
  const v = vocabulary(archive, new Corpus(CORPUS_SEED), o.size);
  let warmed = '';
  if (o.warm > 0) {
    const words = v.words.filter((w) => /^[a-z]+$/.test(w));
    const prefixes = (n: number) => [...new Set(words.filter((w) => w.length > n).map((w) => `${w.slice(0, n)}*`))];
    const start = performance.now();
    const lists = after.warmRankLists([...words.slice(0, 200), ...prefixes(2), ...prefixes(3)], Date.now() + o.warm * 1000);
    warmed = ` · ranking lists read ahead: ${lists} in ${round((performance.now() - start) / 1000, 1)} s (load ${os.loadavg().map((x) => round(x, 2)).join(' ')})`;
    process.stderr.write(`${warmed}\n`);
  }
  const loadStart = os.loadavg().map((x) => round(x, 2)).join(' ');
  const samples: Sample[] = [];
  let differences = 0;
  // Warm-up: the file's pages and statement caches.
  for (const q of generate(v, 999, 2, o.classes)) for (const r of [before, after]) r.query(q.query, { limit: LIMIT, offset: 0, now });
  for (const seed of o.seeds) {
    for (const [i, q] of generate(v, seed, o.perClass, o.classes).entries()) {
      if (wholes) {
        // The whole search of each version (close matches included), the two taking turns.
        const got = new Map<Whole, [number, Awaited<ReturnType<Whole>>]>();
        for (let rep = 0; rep < o.reps; rep++) {
          for (const w of i % 2 === 0 ? [wholes.before, wholes.after] : [wholes.after, wholes.before]) {
            const [ms, r] = await timeAsync(() => w(q));
            if (!got.has(w) || ms < got.get(w)![0]) got.set(w, [ms, r]);
          }
        }
        const [tb, rb] = got.get(wholes.before)!;
        const [ta, ra] = got.get(wholes.after)!;
        const key = (r: typeof ra) => JSON.stringify([r.page.ranked, r.page.total, r.page.totalExact, o.pages ? r.shown : null]);
        if (key(rb) !== key(ra)) {
          differences++;
          console.error(`DIFFERENT: ${q.query}\n  before ${JSON.stringify(rb.page.ranked.slice(0, 5))} ${rb.page.total}\n  after  ${JSON.stringify(ra.page.ranked.slice(0, 5))} ${ra.page.total}`);
        }
        const fts = q.fts === null ? null : time(() => raw.all(q.fts))[0];
        samples.push({ q, seed, before: tb, after: ta, fts, total: ra.page.total });
        continue;
      }
      const opts = { limit: LIMIT, offset: q.offset ?? 0, now, sort: q.sort ?? 'relevance', facets: q.facets ?? false, collapse: q.collapse ?? false };
      // Alternate which goes first, so neither always finds the pages the other read.
      const order = i % 2 === 0 ? [before, after] : [after, before];
      const runs = new Map<Repo, [number, ReturnType<Repo['query']>]>();
      for (let rep = 0; rep < o.reps; rep++) {
        for (const r of order) {
          const [ms, page] = time(() => r.query(q.query, opts));
          // (`--reps`: the least of the runs, the two versions taking turns.)
          if (!runs.has(r) || ms < runs.get(r)![0]) runs.set(r, [ms, page as ReturnType<Repo['query']>]);
        }
      }
      const [tb, pb] = runs.get(before)!;
      const [ta, pa] = runs.get(after)!;
      const shown = (p: typeof pa) => (o.pages ? p.ranked.map((r) => [p.snippets.get(r.id), p.matches.get(r.id)]) : []);
      const same = JSON.stringify([pb.ranked, pb.total, pb.totalExact, pb.facets, shown(pb)]) === JSON.stringify([pa.ranked, pa.total, pa.totalExact, pa.facets, shown(pa)]);
      if (!same) {
        differences++;
        console.error(`DIFFERENT: ${q.query}\n  before ${JSON.stringify(pb.ranked.slice(0, 5))} ${pb.total}\n  after  ${JSON.stringify(pa.ranked.slice(0, 5))} ${pa.total}`);
      }
      const fts = q.fts === null ? null : time(() => raw.all(q.fts))[0];
      samples.push({ q, seed, before: tb, after: ta, fts, total: pa.total });
    }
    process.stderr.write(`seed ${seed} done\n`);
  }
  archive.close();
  beforeDb?.close();
  const pct = (xs: number[]) => [50, 95, 99, 100].map((p) => round(percentile(xs, p), 1));
  const rows = o.classes.map((cls) => {
    const s = samples.filter((x) => x.q.cls === cls);
    const fts = s.map((x) => x.fts).filter((x): x is number => x !== null);
    return [cls, s.length, ...pct(s.map((x) => x.before)).map(String), ...pct(s.map((x) => x.after)).map(String), ...(fts.length ? pct(fts).map(String) : ['—', '—', '—', '—'])];
  });
  const slowest = (key: 'before' | 'after') =>
    markdownTable(
      [`${key} ms`, 'other ms', 'FTS5 ms', 'class', 'query', 'hits', 'seed'],
      [...samples]
        .sort((a, b) => b[key] - a[key])
        .slice(0, 10)
        .map((x) => [round(x[key], 1), round(x[key === 'before' ? 'after' : 'before'], 1), x.fts === null ? '—' : round(x.fts, 1), x.q.cls, `\`${x.q.query}\``, x.total, x.seed]),
    );
  console.log(
    [
      `# ${o.whole ? 'search.query of the archive (close matches included)' : 'search.query'} before/after: ${o.size.toLocaleString('en-US')} clippings, seeds ${o.seeds.join(', ')}, ${o.perClass} per class${o.reps > 1 ? `, least of ${o.reps} runs each` : ''}${o.cpu ? ', CPU time (ms)' : ''}`,
      '',
      `${new Date().toISOString()} · load average at start ${loadStart}, end ${os.loadavg().map((x) => round(x, 2)).join(' ')} · pages that differ${o.pages ? ' (snippets and offsets compared too)' : ''}: ${differences}${warmed} · ranking lists stored at the start: ${stored}`,
      ...(o.beforeDb ? ['', `before on \`${o.beforeDb}\`, after on \`${file}\``] : []),
      '',
      markdownTable(['class', 'n', 'before p50', 'p95', 'p99', 'max', 'after p50', 'p95', 'p99', 'max', 'FTS5 p50', 'p95', 'p99', 'max'], rows),
      '',
      '## 10 slowest, after',
      '',
      slowest('after'),
      '',
      '## 10 slowest, before',
      '',
      slowest('before'),
      '',
    ].join('\n'),
  );
  if (differences > 0) process.exitCode = 1;
}

await main();
