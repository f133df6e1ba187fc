/**
 * `npm run bench`: import and search benchmark of the Cuttings core.
 *
 * Builds a deterministic synthetic archive (tests/bench/corpus.ts) through the real
 * import path — `archive.call('clippings.add', …)` for every clipping, plain-text
 * captures going through extraction, dedupe and the FTS5 triggers — and, at each size,
 * times fixed query sets through `archive.call('search.query', …)` (the product) next to
 * the raw FTS5 query on the same database (the baseline).
 *
 *   node --expose-gc --import tsx tests/bench/run.ts [--sizes 10000,100000] [--seed N]
 *        [--out DIR] [--keep] [--queries N] [--warmup N]
 *
 * The database lives in os.tmpdir() and is deleted afterwards unless --keep.
 * Results: <out>/search-<size>.json and .md (default out: tests/bench/results).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Archive } from '../../electron/core/archive.ts';
import { Corpus, QUERY_CLASSES, type QueryClass, toQueries, type Query } from './corpus.ts';
import { formatBytes, markdownTable, percentile, round, summarize, type Summary } from './stats.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));

// ---------------------------------------------------------------------------------------
// Options

interface Options {
  sizes: number[];
  out: string;
  keep: boolean;
  seed: number;
  queries: number;
  warmup: number;
}

function parseOptions(argv: string[]): Options {
  const o: Options = { sizes: [10_000, 100_000], out: path.join(HERE, 'results'), keep: false, seed: 20211208, queries: 100, warmup: 10 };
  const value = (i: number, flag: string): string => {
    const v = argv[i + 1];
    if (v === undefined || v.startsWith('--')) fail(`${flag} needs a value`);
    return v;
  };
  const int = (v: string, flag: string, min: number): number => {
    const n = Number(v.replace(/_/g, ''));
    if (!Number.isInteger(n) || n < min) fail(`${flag}: "${v}" is not an integer ≥ ${min}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    switch (a) {
      case '--sizes':
        o.sizes = value(i, a).split(',').map((s) => int(s.trim(), a, 1));
        i++;
        break;
      case '--out':
        o.out = path.resolve(value(i, a));
        i++;
        break;
      case '--seed':
        o.seed = int(value(i, a), a, 0);
        i++;
        break;
      case '--queries':
        o.queries = int(value(i, a), a, 1);
        i++;
        break;
      case '--warmup':
        o.warmup = int(value(i, a), a, 0);
        i++;
        break;
      case '--keep':
        o.keep = true;
        break;
      case '--help':
      case '-h':
        console.log('usage: npm run bench -- [--sizes 10000,100000] [--seed N] [--out DIR] [--keep] [--queries N] [--warmup N]');
        process.exit(0);
        break;
      default:
        fail(`unknown option "${a}" (try --help)`);
    }
  }
  o.sizes = [...new Set(o.sizes)].sort((x, y) => x - y);
  return o;
}

function fail(message: string): never {
  console.error(`bench: ${message}`);
  process.exit(2);
}

// ---------------------------------------------------------------------------------------
// Machine

interface Machine {
  cpu: string;
  cores: number;
  memoryGB: number;
  os: string;
  node: string;
  sqlite: string;
  betterSqlite3: string;
  /** os.loadavg() when the run started: other work on the machine skews the figures. */
  loadAverageAtStart: number[];
}

function machineInfo(archive: Archive): Machine {
  const require = createRequire(import.meta.url);
  let bs3 = 'unknown';
  try {
    bs3 = (require('better-sqlite3/package.json') as { version: string }).version;
  } catch {
    // not fatal
  }
  return {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    memoryGB: round(os.totalmem() / 1024 ** 3, 1),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    sqlite: (archive.db.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v,
    betterSqlite3: bs3,
    loadAverageAtStart: os.loadavg().map((x) => round(x, 2)),
  };
}

// ---------------------------------------------------------------------------------------
// Import

interface Checkpoint {
  clippings: number;
  /** Seconds spent inside `clippings.add` so far. */
  seconds: number;
  /** Rate over the window since the previous checkpoint. */
  windowPerSecond: number;
}

class Importer {
  imported = 0;
  /** Time inside `archive.call('clippings.add')` only (generation excluded). */
  callMs = 0;
  /** Wall time including generating the captures. */
  wallMs = 0;
  textBytes = 0;
  readonly statuses: Record<string, number> = {};
  readonly checkpoints: Checkpoint[] = [];
  readonly chars: number[] = [];
  readonly ids: number[] = [];
  readonly firstErrors: string[] = [];
  private lastCheckpoint = { clippings: 0, ms: 0 };

  constructor(
    private readonly archive: Archive,
    private readonly corpus: Corpus,
    private readonly step = 10_000,
  ) {}

  async importUpTo(target: number): Promise<void> {
    const wallStart = performance.now();
    let lastLog = performance.now();
    while (this.imported < target) {
      const c = this.corpus.clipping(this.imported);
      const args = { capture: { name: `clipping-${c.index}.txt`, text: c.text, sourceUrl: c.sourceUrl }, tags: [] };
      const t0 = performance.now();
      const r = await this.archive.call('clippings.add', args);
      this.callMs += performance.now() - t0;
      this.statuses[r.status] = (this.statuses[r.status] ?? 0) + 1;
      if (r.status !== 'added' && this.firstErrors.length < 5) this.firstErrors.push(`${r.file}: ${r.status} ${r.error ?? ''}`);
      this.ids.push(r.id ?? 0);
      this.chars.push(c.text.length);
      this.textBytes += Buffer.byteLength(c.text, 'utf8');
      this.imported++;
      if (this.imported % this.step === 0 || this.imported === target) this.checkpoint();
      if (performance.now() - lastLog > 10_000) {
        lastLog = performance.now();
        const rate = this.imported / (this.callMs / 1000);
        log(`  imported ${this.imported.toLocaleString('en-US')}/${target.toLocaleString('en-US')} (${Math.round(rate)} clippings/s so far)`);
      }
    }
    this.wallMs += performance.now() - wallStart;
  }

  private checkpoint(): void {
    if (this.checkpoints.at(-1)?.clippings === this.imported) return;
    const n = this.imported - this.lastCheckpoint.clippings;
    const ms = this.callMs - this.lastCheckpoint.ms;
    this.checkpoints.push({ clippings: this.imported, seconds: round(this.callMs / 1000, 2), windowPerSecond: round(n / (ms / 1000), 1) });
    this.lastCheckpoint = { clippings: this.imported, ms: this.callMs };
  }
}

/** Compares what extraction stored with what was generated, on an even sample. */
async function extractionCheck(archive: Archive, corpus: Corpus, importer: Importer, size: number, sample = 200) {
  const mismatches: { index: number; field: string; expected: string; got: string }[] = [];
  const n = Math.min(sample, size);
  for (let k = 0; k < n; k++) {
    const index = Math.floor((k * size) / n);
    const id = importer.ids[index];
    if (!id) continue;
    const c = corpus.clipping(index);
    const d = await archive.call('clippings.get', { id });
    const checks: [string, string, string][] = [
      ['title', c.title, d.title],
      ['byline', c.byline, d.byline ?? ''],
      ['paragraphs', String(c.paragraphs.length), String(d.paragraphs.length)],
      ['publishedAt', 'a date', d.publishedAt ? 'a date' : 'null'],
    ];
    for (const [field, expected, got] of checks) if (expected !== got) mismatches.push({ index, field, expected, got });
  }
  const byField: Record<string, number> = {};
  for (const m of mismatches) byField[m.field] = (byField[m.field] ?? 0) + 1;
  return { sampled: n, clippingsWithMismatch: new Set(mismatches.map((m) => m.index)).size, byField, examples: mismatches.slice(0, 5) };
}

function ftsBytes(archive: Archive): number | null {
  try {
    const row = archive.db.prepare(`SELECT sum(pgsize) AS n FROM dbstat WHERE name LIKE 'clipping_fts%' OR name LIKE 'clipping_meta_fts%'`).get() as { n: number | null };
    return row.n;
  } catch {
    return null; // dbstat not compiled in
  }
}

// ---------------------------------------------------------------------------------------
// Queries


interface ClassResult {
  queries: number;
  examples: string[];
  product: Summary;
  baseline: Summary;
  ratioP50: number;
  ratioP95: number;
  /** `search.query`'s own tookMs (inside the handler, after argument validation). */
  productTookMs: Summary;
  /** Matches per query as the product reports them (counted up to its cap). */
  matches: { p50: number; p95: number; max: number; inexactShare: number };
  /** Queries whose product hit count differed from the baseline's row count. */
  hitCountMismatches: number;
  samplesMs: { product: number[]; baseline: number[] };
}

async function runQueries(archive: Archive, queries: Record<QueryClass, Query[]>, warmup: Record<QueryClass, Query[]>): Promise<Record<QueryClass, ClassResult>> {
  const baseline = archive.db.prepare(
    `SELECT rowid, bm25(clipping_fts) AS score FROM clipping_fts WHERE clipping_fts MATCH ? ORDER BY bm25(clipping_fts) LIMIT 20`,
  );
  const out = {} as Record<QueryClass, ClassResult>;
  for (const cls of QUERY_CLASSES) {
    for (const q of warmup[cls]) {
      await archive.call('search.query', { query: q.product, limit: 20 });
      baseline.all(q.fts);
    }
    gc();
    const product: number[] = [];
    const base: number[] = [];
    const took: number[] = [];
    const totals: number[] = [];
    let inexact = 0;
    let mismatches = 0;
    for (const [i, q] of queries[cls].entries()) {
      // Alternate which side runs first, so neither always gets the warmer cache.
      const runProduct = async () => {
        const t0 = performance.now();
        const r = await archive.call('search.query', { query: q.product, limit: 20 });
        product.push(performance.now() - t0);
        took.push(r.tookMs);
        totals.push(r.total);
        if (!r.totalExact) inexact++;
        return r.hits.length;
      };
      const runBaseline = () => {
        const t0 = performance.now();
        const rows = baseline.all(q.fts);
        base.push(performance.now() - t0);
        return rows.length;
      };
      let hp: number;
      let hb: number;
      if (i % 2 === 0) {
        hp = await runProduct();
        hb = runBaseline();
      } else {
        hb = runBaseline();
        hp = await runProduct();
      }
      if (hp !== hb) mismatches++;
    }
    const p = summarize(product);
    const b = summarize(base);
    out[cls] = {
      queries: queries[cls].length,
      examples: queries[cls].slice(0, 5).map((q) => q.product),
      product: p,
      baseline: b,
      ratioP50: round(p.p50 / b.p50, 2),
      ratioP95: round(p.p95 / b.p95, 2),
      productTookMs: summarize(took),
      matches: {
        p50: Math.round(percentile(totals, 50)),
        p95: Math.round(percentile(totals, 95)),
        max: Math.max(...totals),
        inexactShare: round(inexact / totals.length, 3),
      },
      hitCountMismatches: mismatches,
      samplesMs: { product: product.map((x) => round(x, 3)), baseline: base.map((x) => round(x, 3)) },
    };
    log(`  ${cls.padEnd(13)} product p50 ${p.p50.toFixed(2)} ms p95 ${p.p95.toFixed(2)} ms | FTS5 p50 ${b.p50.toFixed(2)} ms p95 ${b.p95.toFixed(2)} ms`);
  }
  return out;
}

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

// ---------------------------------------------------------------------------------------
// Report

function label(size: number): string {
  if (size >= 1000 && size % 1000 === 0) return `${size / 1000}k`;
  return String(size);
}

interface SizeReport {
  name: string;
  generatedAt: string;
  command: string;
  seed: number;
  machine: Machine;
  loadAverageAtEnd: number[];
  corpus: {
    clippings: number;
    textBytes: number;
    charsPerClipping: { p10: number; p50: number; p90: number; mean: number };
    queryVocabulary: string;
  };
  import: {
    path: string;
    clippings: number;
    statuses: Record<string, number>;
    firstErrors: string[];
    secondsInAdd: number;
    perSecond: number;
    wallSecondsWithGeneration: number;
    checkpoints: Checkpoint[];
    dbBytes: number;
    dbBytesPerClipping: number;
    ftsBytes: number | null;
    extractionCheck: Awaited<ReturnType<typeof extractionCheck>>;
  };
  search: {
    product: string;
    baseline: string;
    queriesPerClass: number;
    warmupPerClass: number;
    limit: number;
    classes: Record<QueryClass, ClassResult>;
  };
}

function markdown(r: SizeReport): string {
  const m = r.machine;
  const imp = r.import;
  const lines = [
    `# Search benchmark: ${r.corpus.clippings.toLocaleString('en-US')} clippings`,
    '',
    `${r.generatedAt} · seed ${r.seed} · ${m.cpu} (${m.cores} cores, ${m.memoryGB} GB) · ${m.os} · Node ${m.node} · SQLite ${m.sqlite} (better-sqlite3 ${m.betterSqlite3}) · load average at start ${m.loadAverageAtStart.join(' ')}, at this size's end ${r.loadAverageAtEnd.join(' ')}`,
    '',
    `- Corpus: ${r.corpus.clippings.toLocaleString('en-US')} synthetic news clippings, ${formatBytes(r.corpus.textBytes)} of text, ` +
      `${r.corpus.charsPerClipping.p50.toLocaleString('en-US')} chars median (p10 ${r.corpus.charsPerClipping.p10.toLocaleString('en-US')}, p90 ${r.corpus.charsPerClipping.p90.toLocaleString('en-US')}).`,
    `- Import through \`${imp.path}\`: **${Math.round(imp.perSecond).toLocaleString('en-US')} clippings/s** ` +
      `(${imp.secondsInAdd} s inside the call; ${imp.wallSecondsWithGeneration} s with generation). ` +
      `Statuses: ${Object.entries(imp.statuses).map(([k, v]) => `${k} ${v.toLocaleString('en-US')}`).join(', ')}.`,
    `- Rate per ${label(imp.checkpoints[0]?.clippings ?? 0)} window: ${imp.checkpoints.map((c) => `${label(c.clippings)}: ${Math.round(c.windowPerSecond)}/s`).join(', ')}.`,
    `- Database: ${formatBytes(imp.dbBytes)} (${formatBytes(imp.dbBytesPerClipping)} per clipping; FTS5 index ${imp.ftsBytes === null ? 'n/a' : formatBytes(imp.ftsBytes)}), after a WAL checkpoint.`,
    `- Extraction check on ${imp.extractionCheck.sampled} clippings: ${imp.extractionCheck.clippingsWithMismatch} with a title/byline/paragraph/date mismatch` +
      (Object.keys(imp.extractionCheck.byField).length ? ` (${Object.entries(imp.extractionCheck.byField).map(([k, v]) => `${k} ${v}`).join(', ')})` : '') +
      '.',
    '',
    `Search latency in ms, ${r.search.queriesPerClass} queries per class after ${r.search.warmupPerClass} warm-up queries, limit ${r.search.limit}. ` +
      `Product: \`${r.search.product}\` timed end to end in-process. Baseline: \`${r.search.baseline}\`. ` +
      `Matches: per query, as the product counts them (capped).`,
    '',
    markdownTable(
      ['query class', 'example', 'matches p50', 'product p50', 'p95', 'mean', 'FTS5 p50', 'p95', 'mean', '× p50', '× p95'],
      QUERY_CLASSES.map((cls) => {
        const c = r.search.classes[cls];
        return [cls, `\`${c.examples[0] ?? ''}\``, c.matches.p50, c.product.p50, c.product.p95, c.product.mean, c.baseline.p50, c.baseline.p95, c.baseline.mean, c.ratioP50, c.ratioP95];
      }),
    ),
    '',
  ];
  const mismatched = QUERY_CLASSES.filter((cls) => r.search.classes[cls].hitCountMismatches > 0);
  if (mismatched.length) {
    lines.push(`Hit counts differing between product and baseline: ${mismatched.map((c) => `${c} ${r.search.classes[c].hitCountMismatches}`).join(', ')}.`, '');
  }
  return lines.join('\n');
}

function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

// ---------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const o = parseOptions(process.argv.slice(2));
  const started = performance.now();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cuttings-bench-'));
  const dbFile = path.join(dir, 'bench.db');
  const archive = new Archive(dbFile);
  const command = `npm run bench -- --sizes ${o.sizes.join(',')} --seed ${o.seed} --queries ${o.queries} --warmup ${o.warmup}`;
  let ok = false;
  try {
    const machine = machineInfo(archive);
    log(`bench: ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}, SQLite ${machine.sqlite}; database ${dbFile}`);
    const corpus = new Corpus(o.seed);
    // The same queries at every size; phrases come from clippings present at the smallest.
    const queries = toQueries(corpus.querySets(o.queries, o.sizes[0]!, 1));
    const warmup = toQueries(corpus.querySets(o.warmup, o.sizes[0]!, 2));
    const importer = new Importer(archive, corpus, Math.min(10_000, o.sizes[0]!));
    mkdirSync(o.out, { recursive: true });
    const summaries: string[] = [];

    for (const size of o.sizes) {
      log(`bench: importing up to ${size.toLocaleString('en-US')} clippings through clippings.add`);
      await importer.importUpTo(size);
      archive.db.pragma('wal_checkpoint(TRUNCATE)');
      const stats = await archive.call('archive.stats', {});
      log(`bench: ${stats.clippings.toLocaleString('en-US')} clippings, ${formatBytes(stats.dbBytes)}; checking extraction, then searching`);
      const check = await extractionCheck(archive, corpus, importer, size);
      gc();
      const classes = await runQueries(archive, queries, warmup);

      const chars = importer.chars.slice(0, size);
      const report: SizeReport = {
        name: `search-${label(size)}`,
        generatedAt: new Date().toISOString(),
        command,
        seed: o.seed,
        machine,
        loadAverageAtEnd: os.loadavg().map((x) => round(x, 2)),
        corpus: {
          clippings: size,
          textBytes: importer.textBytes,
          charsPerClipping: {
            p10: Math.round(percentile(chars, 10)),
            p50: Math.round(percentile(chars, 50)),
            p90: Math.round(percentile(chars, 90)),
            mean: Math.round(chars.reduce((s, v) => s + v, 0) / chars.length),
          },
          queryVocabulary: `${corpus.words.length} words (Zipf), names of people, places and organisations`,
        },
        import: {
          path: "archive.call('clippings.add') for every clipping (plain-text capture + sourceUrl, no tags), one transaction each",
          clippings: importer.imported,
          statuses: { ...importer.statuses },
          firstErrors: [...importer.firstErrors],
          secondsInAdd: round(importer.callMs / 1000, 1),
          perSecond: round(importer.imported / (importer.callMs / 1000), 1),
          wallSecondsWithGeneration: round(importer.wallMs / 1000, 1),
          checkpoints: [...importer.checkpoints],
          dbBytes: stats.dbBytes,
          dbBytesPerClipping: Math.round(stats.dbBytes / stats.clippings),
          ftsBytes: ftsBytes(archive),
          extractionCheck: check,
        },
        search: {
          product: "archive.call('search.query', {query, limit: 20})",
          baseline: 'SELECT rowid, bm25(clipping_fts) FROM clipping_fts WHERE clipping_fts MATCH ? ORDER BY bm25(clipping_fts) LIMIT 20',
          queriesPerClass: o.queries,
          warmupPerClass: o.warmup,
          limit: 20,
          classes,
        },
      };
      const md = markdown(report);
      writeFileSync(path.join(o.out, `${report.name}.json`), JSON.stringify(report, null, 2) + '\n');
      writeFileSync(path.join(o.out, `${report.name}.md`), md);
      summaries.push(md);
      log(`bench: wrote ${path.join(o.out, report.name)}.json and .md`);
    }
    console.log(summaries.join('\n'));
    log(`bench: done in ${round((performance.now() - started) / 1000, 1)} s`);
    ok = true;
  } finally {
    archive.close();
    if (o.keep) log(`bench: kept ${dbFile}`);
    else rmSync(dir, { recursive: true, force: true });
    if (!ok) process.exitCode = 1;
  }
}

await main();
