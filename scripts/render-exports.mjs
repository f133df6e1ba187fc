#!/usr/bin/env node
/**
 * Renders the press-review exports as a reader sees them, for looking at (issue 17,
 * item 10): a digest of five clippings (a title that wraps, highlights with notes as
 * comments, a clip note) exported as DOCX and as PDF by the built CLI; the DOCX laid out
 * by LibreOffice (`soffice --headless --convert-to pdf`, what a Word user without Word
 * sees), both PDFs' first pages rasterised by `pdftoppm` at 60 dpi into
 * tests/e2e/screenshots/exports/.
 *
 *   node build/build.mjs cli && node scripts/render-exports.mjs
 *
 * Without LibreOffice (too heavy for CI) or pdftoppm it says so in one line and stops.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(ROOT, 'tests/e2e/screenshots/exports');
const CLI = path.join(ROOT, 'dist/cli.mjs');
const PAGES = 3;
const DPI = 60;
const TITLE = 'Weekly review of flood defences, council budgets and coastal transport for the board';

const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
const office = ['soffice', 'libreoffice'].find(has);
if (!office || !has('pdftoppm')) {
  console.log(`render-exports: skipped, ${!office ? 'LibreOffice (soffice)' : 'pdftoppm'} is not installed`);
  process.exit(0);
}
if (!existsSync(CLI)) {
  console.log('render-exports: dist/cli.mjs is missing; run `node build/build.mjs cli` first');
  process.exit(1);
}

const work = mkdtempSync(path.join(os.tmpdir(), 'cuttings-render-'));
const db = path.join(work, 'archive.db');
const cli = (...args) => execFileSync(process.execPath, [CLI, '--db', db, ...args], { encoding: 'utf8' });
try {
  const captures = [
    'tests/fixtures/text-captures/harwick-budget.txt',
    'tests/fixtures/text-captures/ministry-flood-statement.txt',
    'tests/fixtures/extraction-pages/en-council-flood-defences/page.html',
    'tests/fixtures/extraction-pages/en-harbour-ferry-teaser/page.html',
    'tests/fixtures/extraction-pages/en-pa-rail-strike/page.html',
  ].map((p) => path.join(ROOT, p));
  const imported = JSON.parse(cli('import', '--json', ...captures));
  const ids = imported.map((r) => r.id).filter((id) => typeof id === 'number');
  if (ids.length !== captures.length) throw new Error(`imported ${ids.length} of ${captures.length}: ${JSON.stringify(imported)}`);

  // Highlights with notes (comments in the DOCX), one without, and a clip note.
  cli('annotate', String(ids[0]), '--quote', 'school crossing patrols', '--color', 'green', '--note', 'Ask the council for the full list of cuts.');
  cli('annotate', String(ids[0]), '--quote', 'false economy', '--prefix', 'would be a ', '--color', 'pink', '--note', 'Quote for the briefing.');
  const second = cli('show', String(ids[1]), '--json');
  const words = JSON.parse(second).text.split(/\s+/).slice(8, 14).join(' ');
  cli('annotate', String(ids[1]), '--quote', words, '--color', 'yellow');
  cli('note', String(ids[1]), 'Follow up with the ministry press office on Monday.');

  mkdirSync(OUT, { recursive: true });
  for (const old of readdirSync(OUT)) if (old.endsWith('.png')) rmSync(path.join(OUT, old));
  const docx = path.join(work, 'press-review.docx');
  const pdf = path.join(work, 'press-review.pdf');
  cli('export', '--all', '--format', 'docx', '--digest', '--group-by', 'outlet', '--title', TITLE, '--out', docx);
  cli('export', '--all', '--format', 'pdf', '--digest', '--group-by', 'outlet', '--title', TITLE, '--out', pdf);

  // LibreOffice lays out the DOCX (its own profile, so a running instance is not
  // disturbed). Its PDF leaves out the comments (the highlight notes), as printing does.
  const lo = path.join(work, 'lo');
  execFileSync(office, [`-env:UserInstallation=file://${path.join(work, 'profile')}`, '--headless', '--convert-to', 'pdf', '--outdir', lo, docx], { stdio: 'ignore', timeout: 180_000 });
  const rendered = [
    [path.join(lo, 'press-review.pdf'), 'digest-docx-libreoffice'],
    [pdf, 'digest-pdf'],
  ];
  for (const [file, name] of rendered) {
    execFileSync('pdftoppm', ['-png', '-r', String(DPI), '-f', '1', '-l', String(PAGES), file, path.join(OUT, name)]);
  }
  for (const f of readdirSync(OUT).sort()) console.log(path.relative(ROOT, path.join(OUT, f)));
} finally {
  rmSync(work, { recursive: true, force: true });
}
