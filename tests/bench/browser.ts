/**
 * Browser-mode benchmark: the real `cuttings serve` and the built renderer in Debian's
 * Chromium, on a large archive. Measures
 *   - time to first list paint (navigation → first real row on screen),
 *   - time from Enter in the search bar to the first hit row painted (several queries),
 *   - a scroll jump to the middle of the list → rows painted there,
 *   - instant suggestions while typing → suggestion list painted.
 *
 *   node --import tsx tests/bench/browser.ts --db /path/to/archive.db   (copied first; the original is never touched)
 *   node --import tsx tests/bench/browser.ts --size 20000                (builds a synthetic archive; default 20,000)
 *
 * Results: tests/bench/results/browser-<N>.json and .md
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Archive } from '../../electron/core/archive.ts';
import { call } from '../e2e/api.ts';
import { launch, newContext, ROOT, serve } from '../e2e/harness.ts';
import { Corpus } from './corpus.ts';

const { values } = parseArgs({ options: { db: { type: 'string' }, size: { type: 'string' }, runs: { type: 'string' } } });
const runs = Number(values.runs ?? 5);
const work = mkdtempSync(path.join(os.tmpdir(), 'cuttings-browser-bench-'));
const dbFile = path.join(work, 'cuttings.db');

if (values.db) {
  console.log(`copying ${values.db} …`);
  copyFileSync(values.db, dbFile);
  for (const ext of ['-wal', '-shm']) if (existsSync(values.db + ext)) copyFileSync(values.db + ext, dbFile + ext);
} else {
  const size = Number(values.size ?? 20_000);
  console.log(`building a synthetic archive of ${size.toLocaleString('en-US')} clippings …`);
  const archive = new Archive(dbFile);
  const corpus = new Corpus(42);
  for (let i = 0; i < size; i++) {
    const c = corpus.clipping(i);
    await archive.call('clippings.add', { capture: { name: `clipping-${i}.txt`, text: c.text, sourceUrl: c.sourceUrl }, tags: [] });
  }
  archive.close();
}

const served = await serve({ db: dbFile });
const browser = await launch();
const stats = await call(served, 'archive.stats', {});
console.log(`archive: ${stats.clippings.toLocaleString('en-US')} clippings; serving ${served.url}`);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const r1 = (x: number) => Math.round(x * 10) / 10;

const firstPaint: number[] = [];
const searches: Record<string, number[]> = {};
const scrolls: number[] = [];
const suggests: number[] = [];
// Words from the synthetic corpus's vocabulary (common, rare-ish, a phrase, a prefix).
const sample = await call(served, 'clippings.get', { id: (await call(served, 'clippings.list', { limit: 1 })).items[0]!.id });
const words = sample.text.split(/\W+/).filter((w) => w.length > 6);
const queries = ['said', words[3] ?? 'minister', `"${sample.text.split(/\s+/).slice(5, 7).join(' ')}"`, `${(words[5] ?? 'govern').slice(0, 4)}*`];

for (let run = 0; run < runs; run++) {
  const ctx = await newContext(browser, served);
  const page = await ctx.newPage();
  const t0 = Date.now();
  await page.goto(served.url);
  await page.locator('.list-scroll .row:not(.placeholder)').first().waitFor({ timeout: 60_000 });
  firstPaint.push(Date.now() - t0);

  // Jump to the middle of the list.
  const s0 = await page.evaluate(() => performance.now());
  await page.evaluate(() => {
    const el = document.querySelector('.list-scroll')!;
    el.scrollTop = el.scrollHeight / 2;
  });
  await page.waitForFunction(() => {
    const el = document.querySelector('.list-scroll')!;
    const rows = Array.from(el.querySelectorAll<HTMLElement>('.row'));
    const box = el.getBoundingClientRect();
    const visible = rows.filter((r) => {
      const b = r.getBoundingClientRect();
      return b.bottom > box.top && b.top < box.bottom;
    });
    return visible.length > 0 && visible.every((r) => !r.classList.contains('placeholder'));
  }, null, { timeout: 30_000, polling: 'raf' });
  scrolls.push((await page.evaluate(() => performance.now())) - s0);

  for (const q of queries) {
    const input = page.getByRole('combobox', { name: 'Search clippings' });
    await input.fill(q);
    const q0 = await page.evaluate(() => performance.now());
    await input.press('Enter');
    await page.waitForFunction((text) => document.querySelector('.list-title')?.textContent?.includes(text) && document.querySelector('.list-scroll .row:not(.placeholder)') !== null && !document.querySelector('.list-count')?.textContent?.includes('Searching'), q, { timeout: 30_000, polling: 'raf' });
    (searches[q] ??= []).push((await page.evaluate(() => performance.now())) - q0);
  }

  // Suggestions while typing.
  const input = page.getByRole('combobox', { name: 'Search clippings' });
  await input.fill('');
  await input.focus();
  const w = (words[7] ?? 'minister').slice(0, 5);
  const g0 = await page.evaluate(() => performance.now());
  await input.pressSequentially(w, { delay: 0 });
  const got = await page
    .locator('.suggestion')
    .first()
    .waitFor({ timeout: 5000 })
    .then(() => true)
    .catch(() => false);
  if (got) suggests.push((await page.evaluate(() => performance.now())) - g0);
  await ctx.close();
}

await browser.close();
await served.stop();
rmSync(work, { recursive: true, force: true });

const result = {
  clippings: stats.clippings,
  runs,
  chromium: '/usr/bin/chromium (headless)',
  firstListPaintMs: { median: median(firstPaint), all: firstPaint },
  scrollToMiddleMs: { median: r1(median(scrolls)), all: scrolls.map(r1) },
  searchToFirstHitMs: Object.fromEntries(Object.entries(searches).map(([q, xs]) => [q, { median: r1(median(xs)), all: xs.map(r1) }])),
  suggestionsWhileTypingMs: suggests.length ? { median: r1(median(suggests)), all: suggests.map(r1), note: 'from the first key to the list painted, including the 60 ms debounce' } : null,
};
const dir = path.join(ROOT, 'tests/bench/results');
mkdirSync(dir, { recursive: true });
const name = `browser-${stats.clippings >= 1000 ? `${Math.round(stats.clippings / 1000)}k` : stats.clippings}`;
writeFileSync(path.join(dir, `${name}.json`), `${JSON.stringify(result, null, 2)}\n`);
const md = [
  `# Browser mode: ${stats.clippings.toLocaleString('en-US')} clippings`,
  '',
  `Real \`cuttings serve\` + built renderer in headless Chromium, ${runs} runs each, medians (ms). Run: \`node --import tsx tests/bench/browser.ts\`.`,
  '',
  '| what | median ms |',
  '| --- | ---: |',
  `| first list paint (navigation → first row) | ${result.firstListPaintMs.median} |`,
  `| scroll jump to the middle of the list → rows painted | ${result.scrollToMiddleMs.median} |`,
  ...Object.entries(result.searchToFirstHitMs).map(([q, v]) => `| Enter on \`${q}\` → first hit painted | ${v.median} |`),
  result.suggestionsWhileTypingMs ? `| typing 5 letters → suggestions painted (incl. 60 ms debounce) | ${result.suggestionsWhileTypingMs.median} |` : '| suggestions | not available |',
  '',
].join('\n');
writeFileSync(path.join(dir, `${name}.md`), md);
console.log(md);
