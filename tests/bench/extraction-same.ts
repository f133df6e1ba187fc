/**
 * Whether this checkout's `extractCapture` gives the same JSON as another tree's (a change
 * meant to make extraction cheaper must not change what it extracts): over the bench's text
 * captures (import-marginal.ts's inbox: the bulk-import corpus's files from --base on; run
 * import-marginal.ts once with the same --base and --files to make it) and every capture
 * fixture under tests/ (tests/capture/pages, tests/capture/text-pages, tests/fixtures).
 * Prints each file that differs; exits 1 if any does.
 *
 *   node --import tsx tests/bench/extraction-same.ts --tree DIR [--base 100000] [--files 3000]
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    tree: { type: 'string' },
    base: { type: 'string', default: '100000' },
    files: { type: 'string', default: '3000' },
    seed: { type: 'string', default: '20211208' },
  },
});
if (!values.tree) throw new Error('--tree DIR: the tree to compare with');
const here = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BASE = Number(values.base);
const FILES = Number(values.files);
const cache = path.join(os.tmpdir(), 'cuttings-import-marginal');
const inbox = readdirSync(cache)
  .filter((d) => d.startsWith(`inbox-${values.seed}-${BASE}-`) && Number(d.split('-').pop()) >= BASE + FILES)
  .map((d) => path.join(cache, d))[0];
if (!inbox) throw new Error(`no inbox of ${FILES} files from ${BASE} in ${cache}: run import-marginal.ts --base ${BASE} --files ${FILES} first`);

type Extract = typeof import('../../electron/core/capture/index.ts').extractCapture;
const theirs = ((await import(path.join(path.resolve(values.tree), 'electron/core/capture/index.ts'))) as { extractCapture: Extract }).extractCapture;
const ours = ((await import(path.join(here, 'electron/core/capture/index.ts'))) as { extractCapture: Extract }).extractCapture;

const files: string[] = readdirSync(inbox)
  .sort((a, b) => Number(a.match(/\d+/)![0]) - Number(b.match(/\d+/)![0]))
  .slice(0, FILES)
  .map((f) => path.join(inbox, f));
const walk = (dir: string): void => {
  for (const f of readdirSync(dir).sort()) {
    const p = path.join(dir, f);
    if (statSync(p).isDirectory()) walk(p);
    else files.push(p);
  }
};
for (const dir of ['tests/capture/pages', 'tests/capture/text-pages', 'tests/fixtures']) walk(path.join(here, dir));

const run = async (extract: Extract, bytes: Buffer, name: string): Promise<string> => {
  try {
    return JSON.stringify(await extract({ bytes: new Uint8Array(bytes), name, mediaType: null, sourceUrl: null }));
  } catch (err) {
    return `error: ${(err as Error).message}`;
  }
};
let same = 0;
let failedBoth = 0;
const differ: string[] = [];
for (const file of files) {
  const bytes = readFileSync(file);
  const name = path.basename(file);
  const a = await run(theirs, bytes, name);
  const b = await run(ours, bytes, name);
  if (a !== b) {
    differ.push(file);
    console.log(`differs: ${file}`);
  } else {
    same++;
    if (a.startsWith('error: ')) failedBoth++;
  }
}
console.log(`${path.resolve(values.tree)} vs ${here}: ${same} of ${files.length} the same (${failedBoth} refused by both), ${differ.length} differ`);
process.exitCode = differ.length > 0 ? 1 : 0;
