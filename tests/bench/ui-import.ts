/**
 * Importing through the UI against the CLI (issue 14): the same folder of saved pages
 * imported by `cuttings import FOLDER` and by the real `cuttings serve` with the built UI
 * in Chromium (the Import dialog's folder chooser: uploads, upload grants, the core's
 * import), each into a fresh archive, runs interleaved. Goal: the UI within 1.5× of the
 * CLI's time. Both archives must hold the same clippings (titles, outlets, bylines, dates,
 * languages, text hashes): a run where they differ is reported as such.
 *
 * The pages: the first N (default 300, by name) of the real saved pages in
 * ../shared/corpus (the Zyte benchmark's pages, unpacked, then the Readability test pages).
 *
 *   node --import tsx tests/bench/ui-import.ts [--pages 300] [--runs 3]
 * Results: tests/bench/results/ui-import.json and .md
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { archiveContents, call } from '../e2e/api.ts';
import { launch, newContext, openApp, ROOT, serve } from '../e2e/harness.ts';
import { round } from './stats.ts';

const { values } = parseArgs({ options: { pages: { type: 'string' }, runs: { type: 'string' } } });
const PAGES = Number(values.pages ?? 300);
const RUNS = Number(values.runs ?? 3);
const CORPUS = path.resolve(ROOT, '../shared/corpus');
const log = (m: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${m}\n`);
const load = () => os.loadavg().map((x) => round(x, 2)).join(' ');

if (!existsSync(CORPUS)) {
  console.log(`ui-import: ${CORPUS} not found; skipped.`);
  process.exit(0);
}

const work = mkdtempSync(path.join(os.tmpdir(), 'cuttings-ui-import-'));
const inbox = path.join(work, 'Saved pages');
mkdirSync(inbox);
const zyte = path.join(CORPUS, 'article-extraction-benchmark/html');
const readability = path.join(CORPUS, 'readability-pages');
const sources = [
  ...readdirSync(zyte).sort().map((f) => ({ name: `zyte-${f.replace(/\.gz$/, '')}`, bytes: () => gunzipSync(readFileSync(path.join(zyte, f))) })),
  ...readdirSync(readability).sort().filter((d) => existsSync(path.join(readability, d, 'source.html'))).map((d) => ({ name: `readability-${d}.html`, bytes: () => readFileSync(path.join(readability, d, 'source.html')) })),
].slice(0, PAGES);
for (const s of sources) writeFileSync(path.join(inbox, s.name), s.bytes());
log(`${sources.length} saved pages in ${inbox}`);

async function viaCli(): Promise<{ seconds: number; db: string }> {
  const db = path.join(mkdtempSync(path.join(work, 'cli-')), 'cuttings.db');
  const t0 = performance.now();
  await promisify(execFile)(process.execPath, [path.join(ROOT, 'dist/cli.mjs'), '--db', db, 'import', '--json', inbox], { maxBuffer: 64 * 1024 * 1024 }).catch((err: { code?: number }) => {
    if (err.code !== 1) throw err; // 1: some pages could not be imported
  });
  return { seconds: (performance.now() - t0) / 1000, db };
}

const browser = await launch();
async function viaUi(): Promise<{ seconds: number; contents: string[]; summary: string }> {
  const served = await serve();
  const ctx = await newContext(browser, served);
  try {
    const page = await openApp(ctx, served);
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    const t0 = performance.now();
    await page.getByLabel('A folder to import').setInputFiles(inbox);
    const panel = page.locator('.import-progress');
    await panel.getByText('Import finished').waitFor({ timeout: 30 * 60_000 });
    const seconds = (performance.now() - t0) / 1000;
    const summary = (await panel.locator('.progress-summary').textContent()) ?? '';
    return { seconds, contents: await archiveContents((m, a) => call(served, m, a)), summary };
  } finally {
    await ctx.close();
    await served.stop();
  }
}

const loadStart = load();
const cli: number[] = [];
const ui: number[] = [];
let same: boolean | null = null;
let summary = '';
let cliContents: string[] = [];
for (let run = 0; run < RUNS; run++) {
  const c = await viaCli();
  cli.push(c.seconds);
  log(`run ${run + 1}: CLI ${round(c.seconds, 1)} s`);
  if (run === 0) {
    const served = await serve({ db: c.db });
    cliContents = await archiveContents((m, a) => call(served, m, a));
    await served.stop();
  }
  const u = await viaUi();
  ui.push(u.seconds);
  summary = u.summary;
  same = (same ?? true) && JSON.stringify(u.contents) === JSON.stringify(cliContents);
  log(`run ${run + 1}: UI ${round(u.seconds, 1)} s (${u.summary}); same clippings as the CLI: ${JSON.stringify(u.contents) === JSON.stringify(cliContents)}`);
}
await browser.close();
rmSync(work, { recursive: true, force: true });

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ratio = median(ui) / median(cli);
const result = {
  generatedAt: new Date().toISOString(),
  pages: sources.length,
  runs: RUNS,
  cpu: `${os.cpus()[0]?.model ?? 'unknown'} (${os.cpus().length} cores)`,
  loadStart,
  loadEnd: load(),
  cliSeconds: { median: round(median(cli), 2), all: cli.map((x) => round(x, 2)) },
  uiSeconds: { median: round(median(ui), 2), all: ui.map((x) => round(x, 2)) },
  uiOverCli: round(ratio, 2),
  goal: 'UI ≤ 1.5 × CLI',
  met: ratio <= 1.5,
  clippings: cliContents.length,
  uiSummary: summary,
  sameClippings: same,
};
const dir = path.join(ROOT, 'tests/bench/results');
mkdirSync(dir, { recursive: true });
writeFileSync(path.join(dir, 'ui-import.json'), `${JSON.stringify(result, null, 2)}\n`);
const md = [
  `# Import: the UI (browser mode) against the CLI, ${sources.length} saved pages`,
  '',
  `${result.generatedAt} · ${result.cpu} · load average at start ${result.loadStart}, end ${result.loadEnd} (a shared machine). Run: \`node --import tsx tests/bench/ui-import.ts\` (part of \`npm run bench\`).`,
  '',
  `The same folder (real saved pages from ../shared/corpus) imported ${RUNS} times each way, into a fresh archive every time, runs interleaved: \`cuttings import FOLDER\` (wall clock, process start included) and the real \`cuttings serve\` + built UI in headless Chromium through the Import dialog's folder chooser (from choosing the folder to "Import finished").`,
  '',
  '| | median s | runs (s) | pages/s |',
  '| --- | ---: | --- | ---: |',
  `| CLI \`cuttings import\` | ${result.cliSeconds.median} | ${result.cliSeconds.all.join(', ')} | ${round(sources.length / median(cli), 1)} |`,
  `| UI (browser mode) | ${result.uiSeconds.median} | ${result.uiSeconds.all.join(', ')} | ${round(sources.length / median(ui), 1)} |`,
  '',
  `UI / CLI: **${result.uiOverCli}×** (goal ≤ 1.5×: ${result.met ? 'met' : 'not met'}). The UI's report: ${summary}. Both archives hold the same ${cliContents.length} clippings (title, outlet, byline, dates, language, words, text hash): **${same ? 'yes' : 'NO'}**.`,
  '',
].join('\n');
writeFileSync(path.join(dir, 'ui-import.md'), md);
console.log(md);
