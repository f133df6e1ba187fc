/**
 * Where a click that opens a clipping spends the page's main thread (issue 14): a Chromium
 * performance trace (CDP, through Playwright) of clicks on list rows, in browser mode on the
 * search workload's archive, for this checkout and (`--baseline DIR`, another checkout's
 * built dist/) a baseline, pass after pass in one run under the same load. For each click:
 * the task that dispatched its `click` (the open's render, commit and effects); from its
 * `mousedown` to 600 ms later (the answer shown, the smooth scroll over) the main thread's
 * busy time (top-level tasks), style recalculation and layout; and the time spent in
 * `history.pushState`/`replaceState` (timed in the page). Medians per pass.
 *
 *   node --import tsx tests/bench/reader-trace.ts [--baseline DIR] [--rounds 3] [--clicks 8]
 *        [--query WORD] [--cache DIR] [--size 100000]
 */
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { launch, newContext, serve, submitSearch } from '../e2e/harness.ts';
import { ensureArchive } from './search-workload.ts';
import { percentile, round } from './stats.ts';

const { values } = parseArgs({
  options: {
    baseline: { type: 'string' },
    rounds: { type: 'string' },
    clicks: { type: 'string' },
    query: { type: 'string' },
    cache: { type: 'string' },
    size: { type: 'string' },
  },
});
const ROUNDS = Number(values.rounds ?? 3);
const CLICKS = Number(values.clicks ?? 8);
const QUERY = values.query ?? 'government';
const source = await ensureArchive(values.cache ?? path.join(os.tmpdir(), 'cuttings-workload'), Number(values.size ?? 100_000));
const work = mkdtempSync(path.join(os.tmpdir(), 'cuttings-reader-trace-'));
const dbFile = path.join(work, 'cuttings.db');
copyFileSync(source, dbFile);
for (const ext of ['-wal', '.instant']) if (existsSync(source + ext)) copyFileSync(source + ext, dbFile + ext);

interface TraceEvent { name: string; ph: string; ts: number; dur?: number; pid: number; tid: number; args?: { name?: string; data?: { type?: string } } }
interface Click { click: number; busy: number; style: number; layout: number; history: number }

const load = () => os.loadavg().map((x) => x.toFixed(1)).join(' ');

async function pass(root: string | undefined): Promise<Click[]> {
  const served = await serve({ db: dbFile, ...(root ? { root } : {}) });
  const browser = await launch();
  try {
    const ctx = await newContext(browser, served);
    await ctx.addInitScript(() => {
      const w = window as unknown as { __historyMs: number };
      w.__historyMs = 0;
      for (const k of ['pushState', 'replaceState'] as const) {
        const f = history[k].bind(history);
        history[k] = (...a: Parameters<History['pushState']>) => {
          const t = performance.now();
          f(...a);
          w.__historyMs += performance.now() - t;
        };
      }
    });
    const page = await ctx.newPage();
    await page.goto(served.url);
    await page.locator('.list-scroll .row:not(.placeholder)').first().waitFor({ timeout: 120_000 });
    await submitSearch(page, QUERY);
    await page.locator('.list-scroll .row:not(.placeholder)').nth(CLICKS - 1).waitFor();
    await page.waitForTimeout(500);
    const historyMs: number[] = [];
    await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'] });
    for (let i = 0; i < CLICKS; i++) {
      const before = await page.evaluate(() => (window as unknown as { __historyMs: number }).__historyMs);
      await page.locator('.list-scroll .row:not(.placeholder)').nth(i).click();
      await page.locator('.article-body p').first().waitFor();
      await page.waitForTimeout(600);
      historyMs.push((await page.evaluate(() => (window as unknown as { __historyMs: number }).__historyMs)) - before);
    }
    const trace = JSON.parse((await browser.stopTracing()).toString()) as { traceEvents: TraceEvent[] };
    const events = trace.traceEvents;
    const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain' && events.some((d) => d.pid === e.pid && d.name === 'EventDispatch' && d.args?.data?.type === 'mousedown'));
    if (!main) throw new Error('no renderer main thread with clicks in the trace');
    const onMain = events.filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X');
    const downs = onMain.filter((e) => e.name === 'EventDispatch' && e.args?.data?.type === 'mousedown').map((e) => e.ts);
    const sum = (name: string, from: number) => onMain.filter((e) => e.name === name && e.ts >= from && e.ts < from + 600_000).reduce((s, e) => s + (e.dur ?? 0), 0) / 1000;
    const tasks = onMain.filter((e) => e.name === 'RunTask');
    /** The task that dispatched the click: React's render and commit of the open, and its effects. */
    const clickTask = (from: number) => {
      const c = onMain.find((e) => e.name === 'EventDispatch' && e.args?.data?.type === 'click' && e.ts >= from);
      const t = c && tasks.find((k) => k.ts <= c.ts && k.ts + (k.dur ?? 0) >= c.ts + (c.dur ?? 0));
      return (t?.dur ?? 0) / 1000;
    };
    return downs.map((t, i) => ({ click: clickTask(t), busy: sum('RunTask', t), style: sum('UpdateLayoutTree', t), layout: sum('Layout', t), history: historyMs[i] ?? 0 }));
  } finally {
    await browser.close();
    await served.stop();
  }
}

const setups: { label: string; root: string | undefined }[] = [...(values.baseline ? [{ label: `baseline (${values.baseline})`, root: values.baseline }] : []), { label: 'this checkout', root: undefined }];
const results = new Map<string, Click[][]>(setups.map((s) => [s.label, []]));
for (let r = 0; r < ROUNDS; r++) {
  for (const s of setups) {
    const l0 = load();
    const clicks = await pass(s.root);
    results.get(s.label)!.push(clicks);
    const med = (k: keyof Click) => round(percentile(clicks.map((c) => c[k]), 50));
    console.log(`pass ${r + 1} ${s.label} (load ${l0} → ${load()}): ${clicks.length} clicks; median ms: click task ${med('click')}, busy ${med('busy')}, style ${med('style')}, layout ${med('layout')}, history ${med('history')}`);
  }
}
console.log('\nmedian over passes of each pass\'s median (ms):');
for (const [label, passes] of results) {
  const m = (k: keyof Click) => round(percentile(passes.map((p) => percentile(p.map((c) => c[k]), 50)), 50));
  console.log(`  ${label}: click task ${m('click')}, busy ${m('busy')}, style ${m('style')}, layout ${m('layout')}, history ${m('history')}`);
}
rmSync(work, { recursive: true, force: true });
