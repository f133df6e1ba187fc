/**
 * Concurrency: the CLI imports (one process after another, folder by folder) while two
 * reader processes search and one annotator process writes highlights and tags, all on
 * the same archive file for a fixed time. Then: errors counted, writes verified.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { openDatabase } from '../../../db/open.ts';
import { checkArchive, CLI, makeCaptureFolder, percentile, ROOT, type CaptureFolder } from './common.ts';
import type { RoleSummary } from './role.ts';

export interface ConcurrencyOptions {
  dir: string;
  durationMs: number;
  seed: number;
  /** Files per folder handed to one CLI run, and how many folders are prepared. */
  filesPerFolder: number;
  folders: number;
  /** Clippings in the archive before the clock starts. */
  seedClippings: number;
}

export interface RoleFigures {
  ops: number;
  opsPerSec: number;
  errors: number;
  lockErrors: number;
  p50Ms: number;
  p99Ms: number;
}

export interface ConcurrencyReport {
  durationMs: number;
  writer: RoleFigures & { cliRuns: number; added: number };
  readers: RoleFigures[];
  annotator: RoleFigures & { annotations: number; tags: number };
  errorSamples: string[];
  lostWrites: number;
  lockErrors: number;
  integrity: string;
}

const LOCK_RE = /database is locked|SQLITE_BUSY|SQLITE_LOCKED/i;

function runNode(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function figures(ops: number, errors: string[], lat: number[], ms: number): RoleFigures {
  return {
    ops,
    opsPerSec: Math.round((ops / ms) * 1000 * 10) / 10,
    errors: errors.length,
    lockErrors: errors.filter((e) => LOCK_RE.test(e)).length,
    p50Ms: Math.round(percentile(lat, 50) * 10) / 10,
    p99Ms: Math.round(percentile(lat, 99) * 10) / 10,
  };
}

export async function concurrencyRun(o: ConcurrencyOptions): Promise<ConcurrencyReport> {
  const db = path.join(o.dir, 'shared.db');
  const seedFolder = makeCaptureFolder(path.join(o.dir, 'seed'), { seed: o.seed, texts: o.seedClippings, pages: 0, offset: 0 });
  const folders: CaptureFolder[] = [];
  for (let i = 0; i < o.folders; i++) {
    folders.push(makeCaptureFolder(path.join(o.dir, `batch-${i}`), { seed: o.seed, texts: o.filesPerFolder - 5, pages: 5, offset: 100_000 + i * o.filesPerFolder }));
  }
  const pre = await runNode([CLI, '--db', db, 'import', seedFolder.dir, '--json']);
  if (pre.code !== 0) throw new Error(`seeding failed: ${pre.stderr}`);

  // Every role starts at the same moment, once its process has loaded.
  const start = Date.now() + 4000;
  const end = start + o.durationMs;
  const role = (name: string, seed: number) => runNode(['--import', 'tsx', path.join(ROOT, 'tests/reliability/lib/role.ts'), name, db, String(start), String(end), String(seed)]);
  const readers = [role('reader', o.seed + 1), role('reader', o.seed + 2)];
  const annotator = role('annotator', o.seed + 3);

  // The writer: the CLI, one folder after another, until the time is up.
  const writer = (async () => {
    const wait = start - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const added: { id: number; file: string }[] = [];
    const errors: string[] = [];
    const lat: number[] = [];
    let runs = 0;
    let files = 0;
    while (Date.now() < end && runs < folders.length) {
      const t = performance.now();
      const r = await runNode([CLI, '--db', db, 'import', folders[runs]!.dir, '--jsonl']);
      runs++;
      lat.push(performance.now() - t);
      if (r.code !== 0) errors.push(`cli exit ${r.code}: ${r.stderr.trim().slice(0, 300)}`);
      for (const line of r.stdout.split('\n').filter(Boolean)) {
        const x = JSON.parse(line) as { status: string; id: number; file: string; error?: string };
        files++;
        if (x.status === 'added') added.push({ id: x.id, file: x.file });
        else if (x.status === 'error') errors.push(x.error ?? 'error');
      }
    }
    const elapsed = Date.now() - start;
    return { added, errors, lat, runs, files, elapsed };
  })();

  const [w, r1, r2, an] = await Promise.all([writer, readers[0]!, readers[1]!, annotator]);
  const parse = (x: { code: number | null; stdout: string; stderr: string }, name: string): RoleSummary => {
    if (x.code !== 0) throw new Error(`${name} exited ${x.code}: ${x.stderr.slice(0, 800)}`);
    return JSON.parse(x.stdout.trim().split('\n').at(-1)!) as RoleSummary;
  };
  const rs = [parse(r1, 'reader 1'), parse(r2, 'reader 2')];
  const a = parse(an, 'annotator');

  // No lost writes: everything the writer and the annotator were told was stored is there.
  let lost = 0;
  const check = checkArchive(db);
  const conn = openDatabase(db, { readonly: true });
  try {
    const clip = conn.prepare('SELECT c.id FROM clippings c JOIN captures k ON k.id = c.capture_id WHERE c.id = ? AND k.source_path = ?');
    for (const x of w.added) if (!clip.get(x.id, x.file)) lost++;
    const ann = conn.prepare('SELECT 1 FROM annotations WHERE id = ? AND clipping_id = ? AND note = ?');
    for (const x of a.annotations ?? []) if (!ann.get(x.id, x.clippingId, x.note)) lost++;
    const tag = conn.prepare('SELECT 1 FROM clipping_tags ct JOIN tags t ON t.id = ct.tag_id WHERE ct.clipping_id = ? AND t.name = ?');
    for (const [id, name] of a.tags ?? []) if (!tag.get(id, name)) lost++;
    // …and searchable: the index of tags, notes and annotations holds the annotator's notes.
    const hits = (conn.prepare(`SELECT count(*) AS n FROM clipping_meta_fts WHERE clipping_meta_fts MATCH 'annotations:concurrency'`).get() as { n: number }).n;
    const annotated = new Set((a.annotations ?? []).map((x) => x.clippingId)).size;
    if (hits < annotated) lost += annotated - hits;
  } finally {
    conn.close();
  }

  const wFig = figures(w.files, w.errors, w.lat, w.elapsed);
  const allErrors = [...w.errors, ...rs.flatMap((r) => r.errors), ...a.errors];
  return {
    durationMs: o.durationMs,
    writer: { ...wFig, opsPerSec: Math.round((w.files / w.elapsed) * 1000 * 10) / 10, cliRuns: w.runs, added: w.added.length },
    readers: rs.map((r) => figures(r.ops, r.errors, r.latenciesMs, o.durationMs)),
    annotator: { ...figures(a.ops, a.errors, a.latenciesMs, o.durationMs), annotations: a.annotations?.length ?? 0, tags: a.tags?.length ?? 0 },
    errorSamples: allErrors.slice(0, 5),
    lostWrites: lost,
    lockErrors: allErrors.filter((e) => LOCK_RE.test(e)).length,
    integrity: check.integrity,
  };
}
