/**
 * Extraction alone (`extractCapture`, in memory), this checkout against another one, in ONE
 * process: each page extracted by one then the other (order alternating), CPU time of each
 * call, so both see the same machine load. Pages: the 181 benchmark pages and Readability's
 * test pages (what the HTML import path spends its time on).
 *
 *   node --import tsx tests/bench/extraction-ab.ts --against DIR [--rounds 3]
 *
 * DIR: another checkout of the project (e.g. `git worktree add DIR main`, node_modules
 * linked). Prints, per round and as the median of the rounds, CPU ms per page for each and
 * the ratio; also checks that both give the same extraction of every page.
 * Caveat: both share one heap, so a collection started by one checkout's page also collects
 * the other's garbage — a difference in allocation (and so in GC time) shows only in part.
 * `npm run bench:import -- --against DIR` (separate processes) shows all of it, on a quiet machine.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { BENCHMARK_HTML, READABILITY_PAGES } from '../shared.ts';

type Extract = typeof import('../../electron/core/capture/index.ts').extractCapture;

const args = process.argv.slice(2);
const opt = (name: string): string | undefined => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const against = opt('against');
if (!against) throw new Error('usage: extraction-ab.ts --against DIR [--rounds N]');
const rounds = Number(opt('rounds') ?? 3);

const here = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const load = async (root: string): Promise<Extract> =>
  ((await import(pathToFileURL(path.join(root, 'electron/core/capture/index.ts')).href)) as { extractCapture: Extract }).extractCapture;
const mine = await load(here);
const other = await load(path.resolve(against));

const files = [
  ...readdirSync(BENCHMARK_HTML).filter((f) => f.endsWith('.html.gz')).sort().map((f) => path.join(BENCHMARK_HTML, f)),
  ...readdirSync(READABILITY_PAGES).sort().map((d) => path.join(READABILITY_PAGES, d, 'source.html')).filter((f) => existsSync(f)),
];
const pages = files.map((f) => ({ name: path.basename(f), bytes: readFileSync(f) }));

async function timed(extract: Extract, p: { name: string; bytes: Buffer }): Promise<{ ms: number; out: unknown }> {
  const c0 = process.cpuUsage();
  let out: unknown;
  try {
    out = (await extract({ bytes: p.bytes, name: p.name, mediaType: null, sourceUrl: null })).extracted;
  } catch (err) {
    out = { error: (err as Error).message };
  }
  const c = process.cpuUsage(c0);
  return { ms: (c.user + c.system) / 1000, out };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

const perRound: Array<{ mine: number; other: number }> = [];
let differing = 0;
const loads = [os.loadavg()[0]!];
for (let round = 0; round < rounds; round++) {
  let a = 0;
  let b = 0;
  for (const [i, p] of pages.entries()) {
    const first = (round + i) % 2 === 0;
    const x = first ? await timed(mine, p) : null;
    const y = await timed(other, p);
    const z = x ?? (await timed(mine, p));
    a += z.ms;
    b += y.ms;
    if (round === 0 && !isDeepStrictEqual(z.out, y.out)) {
      differing++;
      console.error(`different extraction: ${p.name}`);
    }
  }
  perRound.push({ mine: a / pages.length, other: b / pages.length });
  loads.push(os.loadavg()[0]!);
  console.log(`round ${round + 1}: this ${(a / pages.length).toFixed(1)} ms CPU/page, other ${(b / pages.length).toFixed(1)} ms, ratio ${(b / a).toFixed(2)}×`);
}
const m = median(perRound.map((r) => r.mine));
const o = median(perRound.map((r) => r.other));
console.log(
  `\n${pages.length} pages, median of ${rounds} rounds: this ${m.toFixed(1)} ms CPU/page (${(1000 / m).toFixed(1)} pages per CPU s), ` +
    `${path.basename(path.resolve(against))} ${o.toFixed(1)} ms (${(1000 / o).toFixed(1)}); other/this ${(o / m).toFixed(2)}×; ` +
    `extractions differing: ${differing}; load average ${loads.map((l) => l.toFixed(2)).join(' → ')} on ${os.cpus().length} cores`,
);
