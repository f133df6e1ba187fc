/**
 * Bulk import benchmark: a folder of N capture files (deterministic synthetic articles
 * as plain-text captures, plus a few bad files) imported through the real
 * `clippings.import` path — the one `cuttings import FOLDER` runs — then the same
 * folder again, which must pick up nothing new (every file a duplicate).
 *
 *   node --import tsx tests/bench/bulk-import.ts [--files 10000] [--seed N]
 * Results: tests/bench/results/bulk-import.json and .md
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Archive } from '../../electron/core/archive.ts';
import { Corpus } from './corpus.ts';
import { round } from './stats.ts';

const args = process.argv.slice(2);
const opt = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const FILES = opt('files', 10_000);
const SEED = opt('seed', 20211208);
const BAD = [
  ['bad-binary.html', Buffer.from(Array.from({ length: 2048 }, (_, i) => (i * 31) % 256))],
  ['bad-empty.txt', Buffer.alloc(0)],
  ['bad-truncated.html.gz', Buffer.from([0x1f, 0x8b, 8, 0, 0, 0])],
  ['bad-no-text.html', Buffer.from('<html><body><nav>Home</nav></body></html>')],
] as const;

const out = path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'results');
const dir = mkdtempSync(path.join(os.tmpdir(), 'cuttings-bulk-'));
const inbox = path.join(dir, 'inbox');
try {
  mkdirSync(inbox);
  const corpus = new Corpus(SEED);
  for (let i = 0; i < FILES; i++) {
    const sub = path.join(inbox, String(Math.floor(i / 1000)).padStart(2, '0'));
    if (i % 1000 === 0) mkdirSync(sub);
    writeFileSync(path.join(sub, `clipping-${i}.txt`), corpus.clipping(i).text);
  }
  for (const [name, bytes] of BAD) writeFileSync(path.join(inbox, name), bytes);

  const archive = new Archive(path.join(dir, 'bulk.db'));
  const run = async () => {
    let last = 0;
    const t0 = performance.now();
    const r = await archive.call('clippings.import', { paths: [inbox] }, {
      onProgress: (done, total) => {
        if (done - last >= 2000 || done === total) {
          last = done;
          const s = (performance.now() - t0) / 1000;
          process.stderr.write(`  ${done}/${total} files, ${Math.round(done / s)}/s\n`);
        }
      },
    });
    const seconds = (performance.now() - t0) / 1000;
    return { seconds: round(seconds, 2), filesPerSecond: round((FILES + BAD.length) / seconds, 1), added: r.added, duplicates: r.duplicates, errors: r.errors, updated: r.updated };
  };
  const first = await run();
  const again = await run();
  archive.close();
  const result = {
    generatedAt: new Date().toISOString(),
    command: `node --import tsx tests/bench/bulk-import.ts --files ${FILES} --seed ${SEED}`,
    machine: { cpu: os.cpus()[0]?.model ?? 'unknown', cores: os.cpus().length, node: process.version, loadAverage: os.loadavg().map((x) => round(x, 2)) },
    files: FILES + BAD.length,
    first,
    rerun: again,
  };
  mkdirSync(out, { recursive: true });
  writeFileSync(path.join(out, 'bulk-import.json'), `${JSON.stringify(result, null, 2)}\n`);
  const md = `# Bulk import: ${result.files.toLocaleString('en')} files\n\n${result.generatedAt} · ${result.machine.cpu} (${result.machine.cores} cores) · Node ${result.machine.node} · load ${result.machine.loadAverage.join(' ')}\n\n| run | seconds | files/s | added | duplicates | errors |\n| --- | --: | --: | --: | --: | --: |\n| first import | ${first.seconds} | ${first.filesPerSecond} | ${first.added} | ${first.duplicates} | ${first.errors} |\n| re-run (nothing new) | ${again.seconds} | ${again.filesPerSecond} | ${again.added} | ${again.duplicates} | ${again.errors} |\n`;
  writeFileSync(path.join(out, 'bulk-import.md'), md);
  process.stdout.write(md);
  if (first.errors !== BAD.length || first.added !== FILES || again.added !== 0 || again.duplicates !== FILES) {
    process.stderr.write('bulk-import: unexpected counts\n');
    process.exitCode = 1;
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
