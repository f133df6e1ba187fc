/**
 * `npm run eval:extraction`: body-text quality and speed of HTML import, scored on the
 * Zyte article-extraction benchmark (../shared/corpus/article-extraction-benchmark/).
 *
 * 1. Imports all 181 `html/<id>.html.gz` pages through the REAL import path — a fresh
 *    archive in os.tmpdir(), `archive.call('clippings.import', { paths: [dir] })`:
 *    gunzip, decoding, extraction, sanitising, hashing, dedupe, SQLite + FTS storage —
 *    and reads each body back as `(await archive.call('clippings.get', {id})).text`.
 *    Pages/s of that whole call is the headline speed.
 * 2. Times extraction alone (`extractCapture` on the same bytes, in memory).
 * 3. Scores the bodies with the benchmark's metric (tests/bench/shingles.ts, exactly the
 *    corpus README), and the three reference outputs in `output/` with the same code —
 *    readability_js must come out at F1 0.947, which checks the metric port.
 *
 *   node --import tsx tests/bench/eval-extraction.ts [--out DIR] [--worst N] [--readability]
 *        [--dump FILE] [--heldout-worst N]
 *
 * --worst N      also list the N pages with the lowest F1 (default 10; 0 for none)
 * --heldout-worst N  also list the N worst pages of the HELD-OUT half of the labelled sets
 *                (per-page body F1, P, R — the shingle metric on benchmark pages, the
 *                snippet metric elsewhere — set, title and what is wrong) and write them,
 *                with the missed and kept snippets, to <out>/extraction-heldout-worst.json.
 *                Only once tuning is over: the held-out half is never tuned on.
 * --readability  also time bare Readability over linkedom (the baseline speed)
 * --dump FILE    write {id: {articleBody}} of our output (a prediction file)
 *
 * 4. Scores the labelled sets (tests/fixtures/extraction-labels/README.md) — the benchmark's
 *    metadata labels on the import above, Readability's test pages, our own pages and their
 *    Chromium text captures, each set imported into one archive — per set and per half, and
 *    lists the worst pages of the TUNE half only (tests/bench/extraction-sets.ts).
 *
 * Results: <out>/extraction.json, <out>/extraction-sets.json and .md (default out: tests/bench/results).
 */
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { Archive } from '../../electron/core/archive.ts';
import { extractCapture } from '../../electron/core/capture/index.ts';
import { BENCHMARK_DIR, READABILITY_PAGES } from '../shared.ts';
import { type Half, loadBenchmarkLabels, loadOwnPages, loadReadabilityLabels } from './extraction-labels.ts';
import { type Outcome, type PageCase, type PageResult, type Summary, badness, fromDetail, importCases, markdownTable, notStored, scorePage, snippetF1, summarise } from './extraction-sets.ts';
import { bootstrapStd, predictionsFromJson, scorePredictions, type CorpusScore, type DocCounts, docPrecisionRecall } from './shingles.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const CORPUS = BENCHMARK_DIR;
const HTML_DIR = path.join(CORPUS, 'html');
const REFERENCES = ['readability_js', 'trafilatura', 'html-text'] as const;
const SUFFIX = '.html.gz';

interface Options {
  out: string;
  worst: number;
  heldoutWorst: number;
  readability: boolean;
  dump: string | null;
}

function parseOptions(argv: string[]): Options {
  const o: Options = { out: path.join(HERE, 'results'), worst: 10, heldoutWorst: 0, readability: false, dump: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--out') o.out = path.resolve(value());
    else if (a === '--worst') o.worst = Number(value());
    else if (a === '--heldout-worst') o.heldoutWorst = Number(value());
    else if (a === '--readability') o.readability = true;
    else if (a === '--dump') o.dump = path.resolve(value());
    else if (a === '--help' || a === '-h') {
      console.log('usage: npm run eval:extraction -- [--out DIR] [--worst N] [--readability] [--dump FILE] [--heldout-worst N]');
      process.exit(0);
    } else throw new Error(`unknown option ${a}`);
  }
  return o;
}

/** CPU seconds (user + system) of this process since `since`: less sensitive than wall time to a busy machine. */
function cpuSeconds(since: NodeJS.CpuUsage): number {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1e6;
}

const r3 = (x: number): number => Math.round(x * 1000) / 1000;
const r4 = (x: number): number => Math.round(x * 10000) / 10000;

interface Row {
  name: string;
  score: CorpusScore;
  std: { precision: number; recall: number; f1: number; accuracy: number };
  pagesPerSecond: number | null;
}

function row(name: string, perDoc: Map<string, DocCounts>, score: CorpusScore, pagesPerSecond: number | null): Row {
  return { name, score, std: bootstrapStd([...perDoc.values()]), pagesPerSecond };
}

async function main(): Promise<void> {
  const opts = parseOptions(process.argv.slice(2));
  const groundTruth = JSON.parse(readFileSync(path.join(CORPUS, 'ground-truth.json'), 'utf8')) as Record<string, { articleBody: string; url: string }>;
  const truth = Object.fromEntries(Object.entries(groundTruth).map(([id, v]) => [id, v.articleBody]));
  const files = readdirSync(HTML_DIR).filter((f) => f.endsWith(SUFFIX)).sort();
  if (files.length !== 181) throw new Error(`expected 181 pages in ${HTML_DIR}, found ${files.length}`);

  // ------------------------------------------------------------ 1. the real import path
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'cuttings-eval-'));
  const ours: Record<string, string> = {};
  const outcomes: Record<string, Outcome> = {};
  let importSeconds: number;
  let importCpuSeconds: number;
  const failures: string[] = [];
  let duplicates = 0;
  try {
    const archive = new Archive(path.join(tmp, 'eval.cuttings'));
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const report = await archive.call('clippings.import', { paths: [HTML_DIR] });
    importSeconds = (performance.now() - t0) / 1000;
    importCpuSeconds = cpuSeconds(c0);
    for (const r of report.results) {
      const id = path.basename(r.file).slice(0, -SUFFIX.length);
      if (r.status === 'duplicate') duplicates++;
      if (r.id === null) {
        failures.push(`${id}: ${r.error ?? r.status}`);
        outcomes[id] = notStored(r.status === 'duplicate' ? 'duplicate' : 'refused', r.error ?? r.status);
        continue;
      }
      const detail = await archive.call('clippings.get', { id: r.id });
      ours[id] = detail.text;
      outcomes[id] = fromDetail(detail);
    }
    archive.close();
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }

  // ------------------------------------------------------------ 2. extraction alone
  const pages = files.map((f) => ({ name: f, bytes: readFileSync(path.join(HTML_DIR, f)) }));
  let t0 = performance.now();
  const c1 = process.cpuUsage();
  for (const p of pages) {
    try {
      await extractCapture({ bytes: p.bytes, name: p.name, mediaType: null, sourceUrl: null });
    } catch {
      /* counted in the import above */
    }
  }
  const extractSeconds = (performance.now() - t0) / 1000;
  const extractCpuSeconds = cpuSeconds(c1);

  let readabilitySeconds: number | null = null;
  if (opts.readability) {
    const { gunzipSync } = await import('node:zlib');
    const htmls = pages.map((p) => gunzipSync(p.bytes).toString('utf8'));
    t0 = performance.now();
    for (const h of htmls) new Readability(parseHTML(h).document as unknown as Document).parse();
    readabilitySeconds = (performance.now() - t0) / 1000;
  }

  // ------------------------------------------------------------ 3. scores
  const mine = scorePredictions(truth, ours);
  const rows: Row[] = [row('cuttings', mine.perDoc, mine.score, files.length / importSeconds)];
  for (const ref of REFERENCES) {
    const preds = predictionsFromJson(JSON.parse(readFileSync(path.join(CORPUS, 'output', `${ref}.json`), 'utf8')));
    const s = scorePredictions(truth, preds);
    rows.push(row(ref, s.perDoc, s.score, null));
  }

  const fmt = (x: number, sd: number): string => `${x.toFixed(3)} ± ${sd.toFixed(3)}`;
  console.log(`\nArticle-extraction benchmark, ${files.length} pages (metric: ${path.relative(process.cwd(), path.join(CORPUS, 'README.md'))})\n`);
  console.log('| extractor | F1 | precision | recall | accuracy | pages/s |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const r of rows) {
    console.log(
      `| ${r.name} | ${fmt(r.score.f1, r.std.f1)} | ${fmt(r.score.precision, r.std.precision)} | ${fmt(r.score.recall, r.std.recall)} | ${fmt(r.score.accuracy, r.std.accuracy)} | ${r.pagesPerSecond === null ? '' : r.pagesPerSecond.toFixed(1)} |`,
    );
  }
  const extractPps = files.length / extractSeconds;
  console.log(
    `\nspeed: whole import path ${(files.length / importSeconds).toFixed(1)} pages/s (${importSeconds.toFixed(2)} s), extraction only ${extractPps.toFixed(1)} pages/s` +
      (readabilitySeconds !== null ? `, bare Readability over linkedom ${(files.length / readabilitySeconds).toFixed(1)} pages/s` : ''),
  );
  console.log(
    `       by CPU time: whole import path ${(files.length / importCpuSeconds).toFixed(1)} pages/s, extraction only ${(files.length / extractCpuSeconds).toFixed(1)} pages/s` +
      ` (load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')} on ${os.cpus().length} cores)`,
  );
  console.log(`import: ${files.length - failures.length} stored (${duplicates} duplicates), ${failures.length} failed${failures.length ? `:\n  ${failures.join('\n  ')}` : ''}`);

  const worst = [...mine.perDoc.entries()]
    .map(([id, c]) => {
      const { precision, recall } = docPrecisionRecall(c);
      return { id, precision, recall, f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0, fp: c.fp, fn: c.fn };
    })
    .sort((a, b) => a.f1 - b.f1);
  if (opts.worst > 0) {
    console.log(`\nworst ${opts.worst} pages (per-page F1, P, R):`);
    for (const w of worst.slice(0, opts.worst)) {
      console.log(`  ${w.f1.toFixed(3)}  P ${w.precision.toFixed(3)}  R ${w.recall.toFixed(3)}  ${w.id.slice(0, 12)}  ${groundTruth[w.id]!.url}`);
    }
  }

  if (opts.dump) writeFileSync(opts.dump, JSON.stringify(Object.fromEntries(Object.entries(ours).map(([k, v]) => [k, { articleBody: v }])), null, 1));

  mkdirSync(opts.out, { recursive: true });
  const result = {
    name: 'extraction',
    generatedAt: new Date().toISOString(),
    command: 'npm run eval:extraction',
    corpus: 'article-extraction-benchmark (Zyte), 181 pages',
    metric: '4-token shingles, per-page normalised, P/R averaged, F1 of the means (corpus README)',
    machine: { cpu: os.cpus()[0]?.model ?? 'unknown', cores: os.cpus().length, node: process.version, loadAverage: os.loadavg().map(r3) },
    speed: {
      importPagesPerSecond: r3(files.length / importSeconds),
      importSeconds: r3(importSeconds),
      extractionOnlyPagesPerSecond: r3(extractPps),
      importPagesPerCpuSecond: r3(files.length / importCpuSeconds),
      extractionOnlyPagesPerCpuSecond: r3(files.length / extractCpuSeconds),
      readabilityOnlyPagesPerSecond: readabilitySeconds === null ? null : r3(files.length / readabilitySeconds),
    },
    import: { pages: files.length, stored: files.length - failures.length, duplicates, failures },
    results: rows.map((r) => ({
      extractor: r.name,
      f1: r4(r.score.f1),
      precision: r4(r.score.precision),
      recall: r4(r.score.recall),
      accuracy: r4(r.score.accuracy),
      std: { f1: r4(r.std.f1), precision: r4(r.std.precision), recall: r4(r.std.recall), accuracy: r4(r.std.accuracy) },
      pagesPerSecond: r.pagesPerSecond === null ? null : r3(r.pagesPerSecond),
    })),
    worstPages: worst.slice(0, 20).map((w) => ({ id: w.id, url: groundTruth[w.id]!.url, f1: r3(w.f1), precision: r3(w.precision), recall: r3(w.recall) })),
  };
  const file = path.join(opts.out, 'extraction.json');
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`\nwrote ${path.relative(process.cwd(), file)}`);

  await labelledSets(opts, outcomes, new Map(worst.map((w) => [w.id, { f1: w.f1, precision: w.precision, recall: w.recall }])));
}

/** 4. The labelled sets, per set and per half; the worst pages of the tune half only. */
async function labelledSets(opts: Options, benchmarkOutcomes: Record<string, Outcome>, benchmarkBodies: Map<string, BodyScore>): Promise<void> {
  const t0 = performance.now();
  const rows: PageResult[] = [];
  const labels = new Map<string, PageCase['label']>();
  const bench = loadBenchmarkLabels();
  for (const [id, label] of Object.entries(bench)) {
    labels.set(`benchmark/${id}`, label);
    rows.push(scorePage('benchmark', { id, label }, benchmarkOutcomes[id] ?? notStored('refused', 'not imported')));
  }
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'cuttings-eval-sets-'));
  try {
    const run = async (set: string, cases: PageCase[], files: string[]): Promise<void> => {
      if (files.length === 0) return;
      const archive = new Archive(path.join(tmp, `${set}.cuttings`));
      try {
        const got = await importCases(archive, files);
        cases.forEach((c, i) => {
          labels.set(`${set}/${c.id}`, c.label);
          rows.push(scorePage(set, c, got[i]!));
        });
      } finally {
        archive.close();
      }
    };
    const readability = Object.entries(loadReadabilityLabels());
    await run('readability', readability.map(([id, label]) => ({ id, label })), readability.map(([id]) => path.join(READABILITY_PAGES, id, 'source.html')));
    const own = loadOwnPages();
    await run('own', own.map((p) => ({ id: p.id, label: p.labels })), own.map((p) => p.html));
    await run('own-text', own.map((p) => ({ id: p.id, label: p.labels })), own.map((p) => p.text));
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }

  const sets = ['benchmark', 'readability', 'own', 'own-text'];
  const table: Array<{ set: string; half: Half | 'all'; s: Summary }> = [];
  for (const set of sets) {
    const of = rows.filter((r) => r.set === set);
    for (const h of ['tune', 'heldout', 'all'] as const) table.push({ set, half: h, s: summarise(h === 'all' ? of : of.filter((r) => r.half === h)) });
  }
  const md = markdownTable(table);
  console.log(`\nLabelled sets (tests/fixtures/extraction-labels/README.md), ${rows.length} pages in ${((performance.now() - t0) / 1000).toFixed(1)} s\n\n${md}`);
  console.log('\n(benchmark body: the shingle F1 in the first table.) Held-out failures are not listed: do not look at them while tuning.');

  const worst = rows
    .filter((r) => r.half === 'tune')
    .map((r) => ({ r, b: badness(r) }))
    .filter((w) => w.b > 0)
    .sort((a, b) => b.b - a.b)
    .slice(0, opts.worst);
  if (worst.length) {
    console.log(`\nworst ${worst.length} pages of the TUNE half:`);
    for (const { r } of worst) console.log(`  ${r.set}/${r.id.slice(0, 40)}: ${r.problems.join('; ')}`);
  }

  mkdirSync(opts.out, { recursive: true });
  if (opts.heldoutWorst > 0) heldoutWorst(opts, rows, labels, benchmarkBodies);
  const json = {
    name: 'extraction-sets',
    generatedAt: new Date().toISOString(),
    command: 'npm run eval:extraction',
    split: 'tune when the first byte of sha256("<set>:<id>") is even, else heldout (tests/bench/extraction-labels.ts)',
    summaries: table.map((t) => ({ set: t.set, half: t.half, ...t.s })),
    worstTunePages: worst.map(({ r }) => ({ set: r.set, id: r.id, problems: r.problems })),
  };
  writeFileSync(path.join(opts.out, 'extraction-sets.json'), `${JSON.stringify(json, null, 2)}\n`);
  writeFileSync(
    path.join(opts.out, 'extraction-sets.md'),
    `# Extraction on the labelled sets\n\n\`npm run eval:extraction\`, ${json.generatedAt}. Sets and metrics: tests/fixtures/extraction-labels/README.md.\n\n${md}\n`,
  );
  console.log(`wrote ${path.relative(process.cwd(), path.join(opts.out, 'extraction-sets.json'))} and .md`);
}

interface BodyScore {
  f1: number;
  precision: number;
  recall: number;
}

/** A page's body score: the benchmark's shingle metric on its pages, the snippet metric on the others. */
function bodyScore(r: PageResult, benchmarkBodies: Map<string, BodyScore>): BodyScore | null {
  if (r.set === 'benchmark') return benchmarkBodies.get(r.id) ?? null;
  const c = r.snippets;
  if (!c) return null;
  return { f1: snippetF1(c), precision: c.tp + c.fp === 0 ? 1 : c.tp / (c.tp + c.fp), recall: c.tp + c.fn === 0 ? 1 : c.tp / (c.tp + c.fn) };
}

/**
 * --heldout-worst: the held-out half's worst pages, ranked as the tune half's are (badness:
 * 1 - body F1, plus a quarter for each wrong title, outlet, byline or date; 10 for a page
 * not stored), with the benchmark's shingle F1 as its pages' body F1.
 */
function heldoutWorst(opts: Options, rows: PageResult[], labels: Map<string, PageCase['label']>, benchmarkBodies: Map<string, BodyScore>): void {
  const ranked = rows
    .filter((r) => r.half === 'heldout')
    .map((r) => {
      const body = bodyScore(r, benchmarkBodies);
      const b = badness(r) + (r.set === 'benchmark' && body && r.outcome.status === 'stored' ? 1 - body.f1 : 0);
      return { r, body, b };
    })
    .filter((w) => w.b > 0)
    .sort((x, y) => y.b - x.b)
    .slice(0, opts.heldoutWorst);
  const f = (x: number | undefined): string => (x === undefined ? '  –  ' : x.toFixed(3));
  console.log(`
worst ${ranked.length} pages of the HELD-OUT half (body F1, P, R; set/id; title; problems):`);
  for (const { r, body } of ranked) {
    console.log(`  ${f(body?.f1)}  P ${f(body?.precision)}  R ${f(body?.recall)}  ${r.set}/${r.id.slice(0, 40)}  "${(r.outcome.title ?? '').slice(0, 70)}"  ${r.problems.join('; ') || 'body only'}`);
  }
  const collapse = (s: string): string => s.replace(/\s+/g, ' ').trim();
  const pages = ranked.map(({ r, body, b }) => {
    const text = collapse(r.outcome.text);
    const l = labels.get(`${r.set}/${r.id}`);
    return {
      set: r.set,
      id: r.id,
      badness: Math.round(b * 1000) / 1000,
      body,
      got: { title: r.outcome.title, byline: r.outcome.byline, outlet: r.outcome.outlet, published: r.outcome.published },
      label: l ? Object.fromEntries(Object.entries(l).filter(([k]) => k !== 'must' && k !== 'mustNot')) : null,
      problems: r.problems,
      mustMissed: (l?.must ?? []).filter((m) => !text.includes(collapse(m))),
      mustNotKept: (l?.mustNot ?? []).filter((m) => text.includes(collapse(m))),
      textStart: text.slice(0, 600),
      textEnd: text.slice(-300),
      textChars: text.length,
    };
  });
  const file = path.join(opts.out, 'extraction-heldout-worst.json');
  writeFileSync(file, `${JSON.stringify({ name: 'extraction-heldout-worst', generatedAt: new Date().toISOString(), command: `npm run eval:extraction -- --heldout-worst ${opts.heldoutWorst}`, pages }, null, 2)}\n`);
  console.log(`wrote ${path.relative(process.cwd(), file)}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
