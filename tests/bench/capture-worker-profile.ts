/**
 * A CPU profile of the capture worker's steps on the bench's text captures (issue 14):
 * extractCapture, textFingerprints and packCapture, three passes over the files (as in
 * capture-worker-cpu.ts), bundled by esbuild first — so that the profile has the sources'
 * function names and one line per statement, which tsx's output does not — then run under
 * `node --cpu-prof`. Prints the functions by self time and by inclusive time (% of all
 * samples), and the hottest lines of the functions matching --lines.
 *
 *   node --import tsx tests/bench/capture-worker-profile.ts [--files 3000] [--base 100000] [--top 40] [--lines REGEX]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';

const { values } = parseArgs({
  options: {
    files: { type: 'string', default: '3000' },
    base: { type: 'string', default: '100000' },
    top: { type: 'string', default: '40' },
    lines: { type: 'string' },
  },
});
const here = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dir = mkdtempSync(path.join(os.tmpdir(), 'capture-worker-profile-'));
try {
  // The worker's steps with static imports (esbuild bundles no import by a computed path).
  const cache = path.join(os.tmpdir(), 'cuttings-import-marginal');
  const inbox = readdirSync(cache)
    .filter((d) => d.startsWith(`inbox-20211208-${values.base}-`) && Number(d.split('-').pop()) >= Number(values.base) + Number(values.files))
    .map((d) => path.join(cache, d))[0];
  if (!inbox) throw new Error(`no inbox of ${values.files} files from ${values.base} in ${cache}: run import-marginal.ts first`);
  const entry = path.join(dir, 'steps.ts');
  writeFileSync(
    entry,
    `import { readdirSync, readFileSync } from 'node:fs';
import { extractCapture } from ${JSON.stringify(path.join(here, 'electron/core/capture/index.ts'))};
import { textFingerprints } from ${JSON.stringify(path.join(here, 'electron/core/capture/minhash.ts'))};
import { packCapture } from ${JSON.stringify(path.join(here, 'db/captures.ts'))};
const dir = ${JSON.stringify(inbox)};
const names = readdirSync(dir).sort((a, b) => Number(a.match(/\\d+/)[0]) - Number(b.match(/\\d+/)[0])).slice(0, ${Number(values.files)});
const files = names.map((name) => ({ name, bytes: new Uint8Array(readFileSync(dir + '/' + name)) }));
for (let pass = 0; pass < 3; pass++)
  for (const f of files) {
    const x = await extractCapture({ bytes: f.bytes, name: f.name, mediaType: null, sourceUrl: null });
    const text = x.extracted.paragraphs.join('\\n\\n');
    textFingerprints(text);
    packCapture(f.bytes, text);
  }
`,
  );
  const bundle = path.join(dir, 'steps.mjs');
  await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile: bundle,
    packages: 'external',
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  });
  // The bundle's packages (left external) resolve from beside it.
  symlinkSync(path.join(here, 'node_modules'), path.join(dir, 'node_modules'));
  execFileSync(process.execPath, ['--cpu-prof', '--cpu-prof-dir', dir, bundle], { cwd: here, stdio: 'inherit' });
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'))!;
  const profile = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as {
    nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[]; positionTicks?: { line: number; ticks: number }[] }[];
    samples: number[];
    timeDeltas: number[];
  };
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const timeOf = new Map<number, number>();
  profile.samples.forEach((id, i) => timeOf.set(id, (timeOf.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const total = [...timeOf.values()].reduce((a, b) => a + b, 0);
  const name = (id: number) => {
    const f = byId.get(id)!.callFrame;
    return `${f.functionName || '(anonymous)'} ${f.url ? `${path.basename(f.url)}:${f.lineNumber + 1}` : ''}`;
  };
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  for (const [id, t] of timeOf) {
    self.set(name(id), (self.get(name(id)) ?? 0) + t);
    const seen = new Set<string>();
    for (let x: number | undefined = id; x !== undefined; x = parent.get(x)) {
      const k = name(x);
      if (!seen.has(k)) inclusive.set(k, (inclusive.get(k) ?? 0) + t);
      seen.add(k);
    }
  }
  const show = (title: string, m: Map<string, number>) => {
    console.log(`\n${title} (% of ${(total / 1000).toFixed(0)} ms)`);
    for (const [k, t] of [...m].sort((a, b) => b[1] - a[1]).slice(0, Number(values.top))) console.log(`${((100 * t) / total).toFixed(1).padStart(6)}  ${k.slice(0, 160)}`);
  };
  show('self time', self);
  show('inclusive time', inclusive);
  if (values.lines) {
    const re = new RegExp(values.lines);
    const source = readFileSync(bundle, 'utf8').split('\n');
    const perSample = total / profile.samples.length;
    const ticks = new Map<number, number>();
    for (const n of profile.nodes) if (re.test(n.callFrame.functionName) && n.callFrame.url.endsWith('steps.mjs')) for (const p of n.positionTicks ?? []) ticks.set(p.line, (ticks.get(p.line) ?? 0) + p.ticks);
    console.log(`\nlines of ${values.lines}`);
    for (const [line, n] of [...ticks].sort((a, b) => b[1] - a[1]).slice(0, Number(values.top))) console.log(`${((100 * n * perSample) / total).toFixed(2).padStart(6)}  ${source[line - 1]!.trim().slice(0, 150)}`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
