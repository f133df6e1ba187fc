/**
 * Speed of the whole import path on saved pages: `archive.call('clippings.import')` into a
 * fresh SQLite archive (reading, gunzip, decoding, WHATWG parse, extraction in the capture
 * worker, sanitising, fingerprints, dedupe, storage + full-text index), per page set:
 *
 *   benchmark    the 181 Zyte benchmark pages (html/*.html.gz)
 *   readability  Readability's test pages (every source.html)
 *   own          our labelled pages (tests/fixtures/extraction-pages/*\/page.html)
 *   own-text     their Chromium select-all text copies (page.txt)
 *
 *   node --import tsx tests/bench/import-speed.ts [--runs 5] [--sets benchmark,readability,own,own-text]
 *        [--against DIR] [--json FILE]
 *
 * Each run is a fresh process (`--child`) importing every set once, after one warm-up
 * capture (the worker's start-up is not counted). Reported per set, as medians over the
 * runs: wall pages/s of the import call, and CPU ms per page (user + system of the whole
 * process, capture worker included: less sensitive to a busy machine than wall time).
 *
 * --against DIR  also run another checkout of the project (e.g. `git worktree add DIR main`,
 *                with node_modules linked), interleaved run by run with this one, and give
 *                the ratio of the medians: before/after figures from the same run.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { BENCHMARK_HTML, READABILITY_PAGES } from '../shared.ts';
import { OWN_PAGES_DIR } from './extraction-labels.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../..');
const SETS = ['benchmark', 'readability', 'own', 'own-text'] as const;
type SetName = (typeof SETS)[number];

function filesOf(set: SetName): string[] {
  switch (set) {
    case 'benchmark':
      return readdirSync(BENCHMARK_HTML).filter((f) => f.endsWith('.html.gz')).sort().map((f) => path.join(BENCHMARK_HTML, f));
    case 'readability':
      return readdirSync(READABILITY_PAGES).sort().map((d) => path.join(READABILITY_PAGES, d, 'source.html')).filter((f) => existsSync(f));
    case 'own':
    case 'own-text': {
      const name = set === 'own' ? 'page.html' : 'page.txt';
      return readdirSync(OWN_PAGES_DIR).sort().map((d) => path.join(OWN_PAGES_DIR, d, name)).filter((f) => existsSync(f));
    }
  }
}

interface SetTiming {
  pages: number;
  stored: number;
  wallSeconds: number;
  cpuSeconds: number;
}

/** One run in this process, with the Archive of the checkout at `root`. */
async function child(root: string, sets: SetName[]): Promise<Record<string, SetTiming>> {
  const { Archive } = (await import(pathToFileURL(path.join(root, 'electron/core/archive.ts')).href)) as typeof import('../../electron/core/archive.ts');
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'cuttings-import-speed-'));
  const out: Record<string, SetTiming> = {};
  try {
    const warm = new Archive(path.join(tmp, 'warm.cuttings'));
    await warm.call('clippings.import', { paths: [filesOf('own')[0]!] });
    warm.close();
    for (const set of sets) {
      const files = filesOf(set);
      const archive = new Archive(path.join(tmp, `${set}.cuttings`));
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      const report = await archive.call('clippings.import', { paths: files });
      const c = process.cpuUsage(c0);
      const wallSeconds = (performance.now() - t0) / 1000;
      archive.close();
      out[set] = { pages: files.length, stored: report.results.filter((r) => r.id !== null).length, wallSeconds, cpuSeconds: (c.user + c.system) / 1e6 };
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return out;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const opt = (name: string): string | undefined => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const sets = (opt('sets') ?? SETS.join(',')).split(',') as SetName[];
  for (const s of sets) if (!SETS.includes(s)) throw new Error(`unknown set ${s} (sets: ${SETS.join(', ')})`);

  const childRoot = opt('child');
  if (childRoot !== undefined) {
    process.stdout.write(JSON.stringify(await child(path.resolve(childRoot), sets)));
    return;
  }

  const runs = Number(opt('runs') ?? 5);
  const against = opt('against');
  const roots: Array<{ label: string; root: string }> = [{ label: 'this', root: ROOT }];
  if (against !== undefined) roots.push({ label: path.basename(path.resolve(against)), root: path.resolve(against) });
  const results = new Map<string, Array<Record<string, SetTiming>>>(roots.map((r) => [r.label, []]));
  const load: number[][] = [os.loadavg()];
  for (let run = 0; run < runs; run++) {
    // Alternate which checkout goes first, so neither always runs on a warmer or busier machine.
    const order = run % 2 === 0 ? roots : [...roots].reverse();
    for (const { label, root } of order) {
      const json = execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', root, '--sets', sets.join(',')], {
        cwd: root,
        encoding: 'utf8',
        maxBuffer: 16 * 1024 * 1024,
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      const r = JSON.parse(json) as Record<string, SetTiming>;
      results.get(label)!.push(r);
      console.error(`run ${run + 1}/${runs} ${label}: ${sets.map((s) => `${s} ${(r[s]!.pages / r[s]!.wallSeconds).toFixed(1)}/s ${((r[s]!.cpuSeconds / r[s]!.pages) * 1000).toFixed(1)} ms CPU`).join(', ')}`);
    }
    load.push(os.loadavg());
  }

  const summary: Record<string, Record<string, { pages: number; stored: number; wallPagesPerSecond: number; cpuMsPerPage: number; cpuPagesPerSecond: number }>> = {};
  for (const { label } of roots) {
    summary[label] = {};
    const all = results.get(label)!;
    for (const s of [...sets, 'all'] as const) {
      const pick = (r: Record<string, SetTiming>): SetTiming =>
        s === 'all'
          ? sets.reduce((a, k) => ({ pages: a.pages + r[k]!.pages, stored: a.stored + r[k]!.stored, wallSeconds: a.wallSeconds + r[k]!.wallSeconds, cpuSeconds: a.cpuSeconds + r[k]!.cpuSeconds }), { pages: 0, stored: 0, wallSeconds: 0, cpuSeconds: 0 })
          : r[s]!;
      const t = all.map(pick);
      const cpuMs = median(t.map((x) => (x.cpuSeconds / x.pages) * 1000));
      summary[label][s] = { pages: t[0]!.pages, stored: t[0]!.stored, wallPagesPerSecond: median(t.map((x) => x.pages / x.wallSeconds)), cpuMsPerPage: cpuMs, cpuPagesPerSecond: 1000 / cpuMs };
    }
  }

  console.log(`\nWhole import path (clippings.import into a fresh archive), medians of ${runs} runs; load average ${load.map((l) => l[0]!.toFixed(2)).join(' → ')} on ${os.cpus().length} cores\n`);
  console.log(`| checkout | set | pages | stored | wall pages/s | CPU ms/page | pages per CPU s |${against ? ' CPU vs other |' : ''}`);
  console.log(`| --- | --- | ---: | ---: | ---: | ---: | ---: |${against ? ' ---: |' : ''}`);
  for (const { label } of roots) {
    for (const [s, v] of Object.entries(summary[label]!)) {
      const other = roots.find((r) => r.label !== label);
      const ratio = other ? ` ${(summary[other.label]![s]!.cpuMsPerPage / v.cpuMsPerPage).toFixed(2)}× |` : '';
      console.log(`| ${label} | ${s} | ${v.pages} | ${v.stored} | ${v.wallPagesPerSecond.toFixed(1)} | ${v.cpuMsPerPage.toFixed(1)} | ${v.cpuPagesPerSecond.toFixed(1)} |${ratio}`);
    }
  }
  const file = opt('json');
  if (file) writeFileSync(file, `${JSON.stringify({ generatedAt: new Date().toISOString(), runs, loadAverage: load, cpu: os.cpus()[0]?.model, summary, raw: Object.fromEntries(results) }, null, 2)}\n`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
