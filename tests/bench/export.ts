/**
 * Export benchmark: a press review of 100 clippings, each with highlights and notes,
 * as one PDF (printed by Chromium) and one DOCX, through the real export path
 * (`export.write` with a digest). Medians of 3 runs.
 *
 *   node --import tsx tests/bench/export.ts [--clippings 100] [--runs 3]
 * Results: tests/bench/results/export.json and .md
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Archive } from '../../electron/core/archive.ts';
import { Corpus } from './corpus.ts';
import { percentile, round } from './stats.ts';

const args = process.argv.slice(2);
const opt = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const N = opt('clippings', 100);
const RUNS = opt('runs', 3);
const COLORS = ['yellow', 'green', 'blue', 'pink', 'purple'] as const;

const dir = mkdtempSync(path.join(os.tmpdir(), 'cuttings-export-bench-'));
try {
  const archive = new Archive(path.join(dir, 'bench.db'));
  const corpus = new Corpus(7);
  let highlights = 0;
  for (let i = 0; i < N; i++) {
    const r = await archive.call('clippings.add', { capture: { name: `c${i}.txt`, text: corpus.clipping(i).text }, tags: [`Topic ${i % 5}`] });
    const c = await archive.call('clippings.get', { id: r.id! });
    // three highlights with notes per clipping, on sentences of different paragraphs
    for (let k = 0; k < 3 && k < c.paragraphs.length; k++) {
      const p = c.paragraphs[k * 2] ?? c.paragraphs[k]!;
      const start = c.text.indexOf(p);
      const end = start + Math.min(p.length, 120);
      await archive.call('annotations.create', { id: c.id, start, end, color: COLORS[(i + k) % COLORS.length], note: `Note ${k + 1} on clipping ${i + 1}: why this passage matters.` });
      highlights++;
    }
  }
  const results: Record<string, { medianMs: number; runsMs: number[]; bytes: number; pages?: number }> = {};
  for (const format of ['pdf', 'docx'] as const) {
    const runs: number[] = [];
    let bytes = 0;
    let pages: number | undefined;
    for (let r = 0; r < RUNS; r++) {
      const out = path.join(dir, `review-${r}.${format}`);
      const t0 = performance.now();
      await archive.call('export.write', { selection: { all: true }, format, digest: true, groupBy: 'tag', title: 'Press review', out });
      runs.push(performance.now() - t0);
      bytes = statSync(out).size;
      if (format === 'pdf') {
        try {
          pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [out], { encoding: 'utf8' }))?.[1]);
        } catch {
          pages = undefined;
        }
      }
    }
    results[format] = { medianMs: round(percentile(runs, 50), 0), runsMs: runs.map((x) => round(x, 0)), bytes, ...(pages ? { pages } : {}) };
  }
  archive.close();
  const report = {
    generatedAt: new Date().toISOString(),
    command: `node --import tsx tests/bench/export.ts --clippings ${N} --runs ${RUNS}`,
    machine: { cpu: os.cpus()[0]?.model ?? 'unknown', cores: os.cpus().length, node: process.version, loadAverage: os.loadavg().map((x) => round(x, 2)) },
    clippings: N,
    highlights,
    results,
  };
  const out = path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'results');
  mkdirSync(out, { recursive: true });
  writeFileSync(path.join(out, 'export.json'), `${JSON.stringify(report, null, 2)}\n`);
  const md = `# Export: a ${N}-clipping press review with ${highlights} highlights and notes\n\n${report.generatedAt} · ${report.machine.cpu} (${report.machine.cores} cores) · load ${report.machine.loadAverage.join(' ')}\n\n| format | median | runs (ms) | size | pages |\n| --- | --: | --- | --: | --: |\n${Object.entries(results)
    .map(([f, r]) => `| ${f} | ${(r.medianMs / 1000).toFixed(2)} s | ${r.runsMs.join(', ')} | ${(r.bytes / 1024).toFixed(0)} KB | ${r.pages ?? ''} |`)
    .join('\n')}\n`;
  writeFileSync(path.join(out, 'export.md'), md);
  process.stdout.write(md);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
