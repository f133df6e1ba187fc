/**
 * Plain-text capture evaluation: what `extractFromText` makes of a select-all/copy of the
 * 181 pages of the article-extraction benchmark.
 *
 * Each page is loaded into headless Chromium (JavaScript off, every network request
 * aborted, the HTML given with `page.setContent`) and `document.body.innerText` is taken:
 * that is what a select-all/copy of the rendered page gives. The captures are cached in
 * os.tmpdir() keyed by page id, so re-runs skip the browser.
 *
 * The body (`paragraphs.join('\n\n')`) is scored against the annotated `articleBody` with
 * the benchmark's metric (./shingles.ts: 4-token shingles, per-page normalised TP/FP/FN,
 * mean P and mean R, F1 of the means), next to the "keep the whole capture" baseline.
 *
 *   npm run eval:text-captures [-- --refresh] [-- --worst 20] [-- --dump DIR] [-- --check-metric]
 *
 * --refresh       recapture every page (ignore the cache)
 * --worst N       list the N pages with the lowest F1 (default 15)
 * --dump DIR      write <id>.capture.txt / <id>.out.txt / <id>.truth.txt for inspection
 * --check-metric  score upstream's output/html-text.json too (published F1 0.665)
 */
import { CHROMIUM_ARGS } from '../../electron/core/export/pdf.ts';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { extractFromText } from '../../electron/core/capture/text.ts';
import {
  bootstrapStd,
  corpusScore,
  docCounts,
  docPrecisionRecall,
  predictionsFromJson,
  type CorpusScore,
  type DocCounts,
} from './shingles.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
const CORPUS = join(HERE, '../../../shared/corpus/article-extraction-benchmark');
const RESULTS = join(HERE, 'results/text-captures.json');
const CACHE = join(tmpdir(), 'cuttings-text-captures');
const CHROMIUM = '/usr/bin/chromium';
/** Timed passes over all captures; the fastest counts. */
const SPEED_PASSES = 5;

type Score = Omit<CorpusScore, 'documents'>;

function docF1(counts: DocCounts): number {
  const { precision: p, recall: r } = docPrecisionRecall(counts);
  return p + r ? (2 * p * r) / (p + r) : 0;
}

// ---------------------------------------------------------------------------------------
// Captures

interface Truth {
  articleBody: string;
  url: string;
}

async function captureAll(ids: string[], refresh: boolean): Promise<Map<string, string>> {
  mkdirSync(CACHE, { recursive: true });
  const captures = new Map<string, string>();
  const missing: string[] = [];
  for (const id of ids) {
    const file = join(CACHE, `${id}.txt`);
    if (!refresh && existsSync(file)) captures.set(id, readFileSync(file, 'utf8'));
    else missing.push(id);
  }
  if (missing.length === 0) return captures;

  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const started = performance.now();
  try {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    // Nothing leaves the machine: setContent needs no request, subresources are aborted.
    await page.route('**', (route) => route.abort());
    for (const [n, id] of missing.entries()) {
      const html = gunzipSync(readFileSync(join(CORPUS, 'html', `${id}.html.gz`))).toString('utf8');
      await page.setContent(html, { waitUntil: 'load', timeout: 30_000 });
      const text = await page.evaluate(() => document.body?.innerText ?? '');
      writeFileSync(join(CACHE, `${id}.txt`), text);
      captures.set(id, text);
      if ((n + 1) % 30 === 0) process.stderr.write(`  captured ${n + 1}/${missing.length}\n`);
    }
    await context.close();
  } finally {
    await browser.close();
  }
  const secs = (performance.now() - started) / 1000;
  process.stderr.write(`captured ${missing.length} pages with Chromium in ${secs.toFixed(1)}s (cache: ${CACHE})\n`);
  return captures;
}

// ---------------------------------------------------------------------------------------

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i === -1 ? undefined : (process.argv[i + 1] ?? '');
}

function fmt(s: Score): string {
  return `P ${s.precision.toFixed(3)}  R ${s.recall.toFixed(3)}  F1 ${s.f1.toFixed(3)}  acc ${s.accuracy.toFixed(3)}`;
}

async function main(): Promise<void> {
  const truth = JSON.parse(readFileSync(join(CORPUS, 'ground-truth.json'), 'utf8')) as Record<string, Truth>;
  const ids = Object.keys(truth).sort();
  const captures = await captureAll(ids, process.argv.includes('--refresh'));

  // Speed: extraction only, several passes over every capture.
  const texts = ids.map((id) => captures.get(id)!);
  const outputs = new Map<string, string>();
  for (const id of ids) outputs.set(id, extractFromText(captures.get(id)!).paragraphs.join('\n\n'));
  // The fastest pass: the machine may be busy with other work.
  let ms = Infinity;
  for (let pass = 0; pass < SPEED_PASSES; pass++) {
    const t0 = performance.now();
    for (const text of texts) extractFromText(text);
    ms = Math.min(ms, performance.now() - t0);
  }
  const pagesPerSecond = texts.length / (ms / 1000);
  const megabytes = texts.reduce((n, t) => n + Buffer.byteLength(t), 0) / 1e6;

  const perPage = ids.map((id) => {
    const counts = docCounts(truth[id]!.articleBody, outputs.get(id)!);
    return { id, url: truth[id]!.url, counts, f1: docF1(counts) };
  });
  const baselineCounts = ids.map((id) => docCounts(truth[id]!.articleBody, captures.get(id)!));
  const score = corpusScore(perPage.map((d) => d.counts));
  const std = bootstrapStd(perPage.map((d) => d.counts));
  const baseline = corpusScore(baselineCounts);

  console.log(`text captures: ${ids.length} pages, ${megabytes.toFixed(1)} MB of innerText`);
  console.log(`baseline (whole capture): ${fmt(baseline)}`);
  console.log(`extractFromText:          ${fmt(score)}  (F1 ± ${std.f1.toFixed(3)} bootstrap)`);
  console.log(`speed: ${pagesPerSecond.toFixed(0)} pages/s (${((ms / texts.length) * 1000).toFixed(0)} µs/page, fastest of ${SPEED_PASSES} passes)`);

  if (process.argv.includes('--check-metric')) {
    const preds = predictionsFromJson(JSON.parse(readFileSync(join(CORPUS, 'output/html-text.json'), 'utf8')));
    const docs = ids.map((id) => docCounts(truth[id]!.articleBody, preds[id] ?? ''));
    console.log(`metric check, upstream html-text.json (published F1 0.665 P 0.500 R 0.994): ${fmt(corpusScore(docs))}`);
  }

  const worst = Number(arg('--worst') ?? 15);
  const sorted = [...perPage].sort((a, b) => a.f1 - b.f1);
  console.log(`\nworst ${worst} pages:`);
  for (const d of sorted.slice(0, worst)) {
    const { precision: p, recall: r } = docPrecisionRecall(d.counts);
    console.log(`  F1 ${d.f1.toFixed(2)}  P ${p.toFixed(2)}  R ${r.toFixed(2)}  ${d.id.slice(0, 8)}  ${d.url}`);
  }

  const dump = arg('--dump');
  if (dump) {
    mkdirSync(dump, { recursive: true });
    for (const id of ids) {
      writeFileSync(join(dump, `${id}.capture.txt`), captures.get(id)!);
      writeFileSync(join(dump, `${id}.out.txt`), outputs.get(id)!);
      writeFileSync(join(dump, `${id}.truth.txt`), truth[id]!.articleBody);
    }
    console.log(`\ndumped ${readdirSync(dump).length} files to ${dump}`);
  }

  mkdirSync(dirname(RESULTS), { recursive: true });
  const round = (x: number) => Math.round(x * 10000) / 10000;
  const roundScore = (s: Score) => ({
    precision: round(s.precision),
    recall: round(s.recall),
    f1: round(s.f1),
    accuracy: round(s.accuracy),
  });
  writeFileSync(
    RESULTS,
    JSON.stringify(
      {
        corpus: 'article-extraction-benchmark (181 pages), Chromium document.body.innerText, JavaScript off',
        metric: '4-token shingles, per-page normalised, F1 of mean P and mean R',
        pages: ids.length,
        baselineWholeCapture: roundScore(baseline),
        extractFromText: { ...roundScore(score), f1BootstrapStd: round(std.f1) },
        pagesPerSecond: Math.round(pagesPerSecond),
        perPage: perPage.map((d) => {
          const { precision: p, recall: r } = docPrecisionRecall(d.counts);
          return { id: d.id, url: d.url, precision: round(p), recall: round(r), f1: round(d.f1) };
        }),
      },
      null,
      2,
    ) + '\n',
  );
  console.log(`\nwrote ${RESULTS}`);
}

await main();
