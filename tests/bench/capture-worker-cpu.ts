/**
 * The capture worker's CPU per text capture, step by step, for this checkout and others
 * (issue 14): `extractCapture`, `textFingerprints` and `packCapture` over the bench's text
 * captures (import-marginal.ts's inbox: the bulk-import corpus's files from --base on; run
 * import-marginal.ts once with the same --base and --files to make it), on one thread, as a
 * capture worker runs them. Trees alternate within the run (one child process per tree and
 * round), medians of the rounds; process CPU time, not the wall clock.
 *
 *   node --import tsx tests/bench/capture-worker-cpu.ts [--base 100000] [--files 3000] [--rounds 5] [--tree DIR]…
 *
 * --child DIR runs one tree in this process (three passes) and prints its figures as JSON: the
 * last pass's, and the first pass's (a fresh process: what an import's worker pays once —
 * packages loaded on first use, the JIT's warm-up — counts in it, spread over the files).
 * A profile of the same steps: capture-worker-profile.ts.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    base: { type: 'string', default: '100000' },
    files: { type: 'string', default: '3000' },
    rounds: { type: 'string', default: '5' },
    tree: { type: 'string', multiple: true, default: [] },
    seed: { type: 'string', default: '20211208' },
    child: { type: 'string' },
  },
});
const BASE = Number(values.base);
const FILES = Number(values.files);
const cache = path.join(os.tmpdir(), 'cuttings-import-marginal');
const inbox = readdirSync(cache)
  .filter((d) => d.startsWith(`inbox-${values.seed}-${BASE}-`) && Number(d.split('-').pop()) >= BASE + FILES)
  .map((d) => path.join(cache, d))[0];
if (!inbox) throw new Error(`no inbox of ${FILES} files from ${BASE} in ${cache}: run import-marginal.ts --base ${BASE} --files ${FILES} first`);
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

interface Steps {
  extract: number;
  fingerprints: number;
  pack: number;
  /** All three steps of the first pass, CPU ms per file. */
  first?: number;
}

if (values.child !== undefined) {
  const tree = path.resolve(values.child);
  const { extractCapture } = (await import(path.join(tree, 'electron/core/capture/index.ts'))) as typeof import('../../electron/core/capture/index.ts');
  const { textFingerprints } = (await import(path.join(tree, 'electron/core/capture/minhash.ts'))) as typeof import('../../electron/core/capture/minhash.ts');
  const { packCapture } = (await import(path.join(tree, 'db/captures.ts'))) as typeof import('../../db/captures.ts');
  const names = readdirSync(inbox)
    .sort((a, b) => Number(a.match(/\d+/)![0]) - Number(b.match(/\d+/)![0]))
    .slice(0, FILES);
  const files = names.map((name) => ({ name, bytes: new Uint8Array(readFileSync(path.join(inbox, name))) }));
  let steps: Steps = { extract: 0, fingerprints: 0, pack: 0 };
  let first = 0;
  for (let pass = 0; pass < 3; pass++) {
    if (pass === 1) first = (steps.extract + steps.fingerprints + steps.pack) / FILES;
    steps = { extract: 0, fingerprints: 0, pack: 0 };
    for (const f of files) {
      let t = cpuMs();
      const x = await extractCapture({ bytes: f.bytes, name: f.name, mediaType: null, sourceUrl: null });
      const text = x.extracted.paragraphs.join('\n\n');
      let t2 = cpuMs();
      steps.extract += t2 - t;
      t = t2;
      textFingerprints(text);
      t2 = cpuMs();
      steps.fingerprints += t2 - t;
      t = t2;
      packCapture(f.bytes, text);
      steps.pack += cpuMs() - t;
    }
  }
  console.log(JSON.stringify({ extract: steps.extract / FILES, fingerprints: steps.fingerprints / FILES, pack: steps.pack / FILES, first }));
} else {
  const here = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
  const trees = [...values.tree.map((t) => path.resolve(t)), here];
  const got = new Map<string, Steps[]>(trees.map((t) => [t, []]));
  for (let r = 0; r < Number(values.rounds); r++) {
    for (const tree of r % 2 ? [...trees].reverse() : trees) {
      const out = execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', tree, '--base', String(BASE), '--files', String(FILES), '--seed', values.seed!], { cwd: here, encoding: 'utf8' });
      got.get(tree)!.push(JSON.parse(out.trim().split('\n').pop()!) as Steps);
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const cell = (tree: string, k: keyof Steps | 'all') => median(got.get(tree)!.map((s) => (k === 'all' ? s.extract + s.fingerprints + s.pack : (s[k] ?? NaN)))).toFixed(3);
  console.log(`### The capture worker's CPU per text capture: ${FILES} files from ${BASE}\n`);
  console.log(`${new Date().toISOString()} · ${os.cpus()[0]?.model ?? '?'} (${os.cpus().length} cores) · Node ${process.version} · load at the end ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}\n`);
  console.log(`CPU ms per file, medians of ${values.rounds} rounds (trees alternated), each the last of three passes; the last row, all three steps in the first pass of the process.\n`);
  console.log(`| step | ${trees.map((t) => (t === here ? `${t} (this checkout)` : t)).join(' | ')} |`);
  console.log(`| --- |${trees.map(() => ' --: |').join('')}`);
  for (const [k, label] of [['extract', 'extraction (extractCapture)'], ['fingerprints', 'fingerprints (textFingerprints)'], ['pack', 'packing (packCapture)'], ['all', '**all three**'], ['first', 'all three, first pass']] as const)
    console.log(`| ${label} | ${trees.map((t) => cell(t, k)).join(' | ')} |`);
}
