/**
 * Crash safety: `cuttings import FOLDER --jsonl` killed with SIGKILL at seeded random
 * moments, the archive checked after every kill, then a final run that finishes the rest.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Rng } from '../../bench/stats.ts';
import { extractCapture } from '../../../electron/core/capture/index.ts';
import { checkArchive, CLI, sha256, type CaptureFolder } from './common.ts';

export interface Reported {
  id: number;
  file: string;
}

export interface CrashRunOptions {
  db: string;
  folder: CaptureFolder;
  kills: number;
  seed: number;
  /** Kill this long (ms, uniform) after the first clipping this run adds (the import is storing new captures)… */
  afterOutputMs: [number, number];
  /**
   * …or as soon as the run has reported this many new clippings (uniform), whichever comes
   * first: a fast machine then still meets the wanted number of kills before the folder runs
   * out, and a kill right after a batch's reports lands while the next batch is being written.
   */
  afterAddedCount?: [number, number];
  /** …or, every `spawnRelativeEvery`-th run, this long after the start (open, migrations). */
  afterSpawnMs: [number, number];
  spawnRelativeEvery: number;
  log?: (s: string) => void;
}

export interface CrashRunReport {
  kills: number;
  /** Kills that landed after at least one clipping of that run was committed and reported. */
  killsMidImport: number;
  /** Runs that finished before their kill was due (not counted as kills). */
  finishedEarly: number;
  reportedAdded: number;
  checks: number;
  checkMs: number[];
  finalClippings: number;
  files: number;
  finalExitCode: number | null;
  elapsedMs: number;
}

interface RunOutcome {
  added: Reported[];
  lines: number;
  killed: boolean;
  code: number | null;
  stderr: string;
}

function runImport(db: string, dir: string, killAt: { afterSpawn?: number; afterOutput?: number; afterAdded?: number } | null): Promise<RunOutcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, '--db', db, 'import', dir, '--jsonl'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const added: Reported[] = [];
    let lines = 0;
    let buf = '';
    let stderr = '';
    let killed = false;
    let timer: NodeJS.Timeout | undefined;
    const kill = () => {
      if (child.exitCode === null && child.signalCode === null) {
        killed = true;
        child.kill('SIGKILL');
      }
    };
    if (killAt?.afterSpawn !== undefined) timer = setTimeout(kill, killAt.afterSpawn);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buf += chunk;
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (!line.trim()) continue;
        lines++;
        const r = JSON.parse(line) as { status: string; id: number | null; file: string };
        if (r.status === 'added' && r.id !== null) added.push({ id: r.id, file: r.file });
        // Counted from the first clipping this run adds, not its first line: the files an
        // earlier run stored come back as duplicates at once, before the capture worker
        // has even started, and a kill timed from them would land before any new capture.
        if (r.status === 'added' && killAt?.afterOutput !== undefined && timer === undefined) timer = setTimeout(kill, killAt.afterOutput);
        if (killAt?.afterAdded !== undefined && added.length >= killAt.afterAdded) kill();
      }
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (c: string) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      // A partial last line (cut by the kill) is not a report.
      resolve({ added, lines, killed, code, stderr });
    });
  });
}

/** What extraction gives for each file (computed once, in this process, with the same code). */
class Expected {
  private cache = new Map<string, Promise<{ title: string; text: string; sha: string }>>();
  get(file: string) {
    let p = this.cache.get(file);
    if (!p) {
      p = (async () => {
        const bytes = readFileSync(file);
        const x = (await extractCapture({ bytes, name: path.basename(file), mediaType: null, sourceUrl: null, path: file })).extracted;
        return { title: x.title ?? x.paragraphs[0]!.slice(0, 120), text: x.paragraphs.join('\n\n'), sha: sha256(bytes) };
      })();
      this.cache.set(file, p);
    }
    return p;
  }
}

export async function crashRun(o: CrashRunOptions): Promise<CrashRunReport> {
  const t0 = Date.now();
  const rng = new Rng(o.seed, 0x6b696c6c); // "kill"
  const expected = new Expected();
  const allAdded = new Map<number, string>();
  const fileAdded = new Set<string>();
  const report: CrashRunReport = {
    kills: 0, killsMidImport: 0, finishedEarly: 0, reportedAdded: 0, checks: 0, checkMs: [], finalClippings: 0,
    files: o.folder.files.length, finalExitCode: null, elapsedMs: 0,
  };
  const known = new Set(o.folder.files);

  const verify = async (): Promise<void> => {
    const t = Date.now();
    let rows: { id: number; title: string; text: string; source_path: string | null; sha256: string | null; deleted_at: string | null }[] = [];
    const c = checkArchive(o.db, (db) => {
      rows = db
        .prepare(`SELECT c.id, c.title, CAST(sqlar_uncompress(c.text_z, c.text_size) AS TEXT) AS text, c.deleted_at, k.source_path, k.sha256 FROM clippings c LEFT JOIN captures k ON k.id = c.capture_id`)
        .all() as typeof rows;
    });
    if (c.distinctHashes !== c.clippings) throw new Error(`duplicate clippings: ${c.clippings} rows, ${c.distinctHashes} distinct texts`);
    if (c.distinctCaptureSha !== c.captures) throw new Error(`duplicate captures: ${c.captures} rows, ${c.distinctCaptureSha} distinct`);
    if (c.captures !== c.clippings) throw new Error(`${c.captures} captures for ${c.clippings} clippings`);
    const byId = new Map(rows.map((r) => [r.id, r]));
    // Every clipping reported as added is there, intact.
    for (const [id, file] of allAdded) {
      const r = byId.get(id);
      if (!r) throw new Error(`clipping ${id} (${file}) was reported added but is missing`);
      if (r.source_path !== file) throw new Error(`clipping ${id}: capture path ${r.source_path}, expected ${file}`);
    }
    // Every stored clipping (reported or committed just before the kill) matches its file.
    for (const r of rows) {
      if (!r.source_path || !known.has(r.source_path)) throw new Error(`clipping ${r.id}: unknown capture ${r.source_path}`);
      if (r.deleted_at !== null) throw new Error(`clipping ${r.id} is in the trash`);
      const x = await expected.get(r.source_path);
      if (r.sha256 !== x.sha) throw new Error(`clipping ${r.id}: capture bytes differ from ${r.source_path}`);
      if (r.text !== x.text) throw new Error(`clipping ${r.id}: text differs from a fresh extraction of ${r.source_path}`);
      if (r.title !== x.title) throw new Error(`clipping ${r.id}: title "${r.title}" differs from "${x.title}"`);
    }
    report.checks++;
    report.checkMs.push(Date.now() - t);
  };

  let run = 0;
  while (report.kills < o.kills) {
    run++;
    const spawnRelative = run % o.spawnRelativeEvery === 1 % o.spawnRelativeEvery;
    const killAt = spawnRelative
      ? { afterSpawn: rng.int(o.afterSpawnMs[0], o.afterSpawnMs[1]) }
      : {
          afterOutput: rng.int(o.afterOutputMs[0], o.afterOutputMs[1]),
          afterAdded: o.afterAddedCount ? rng.int(o.afterAddedCount[0], o.afterAddedCount[1]) : undefined,
        };
    const r = await runImport(o.db, o.folder.dir, killAt);
    for (const a of r.added) {
      if (fileAdded.has(a.file)) throw new Error(`${a.file} reported added twice`);
      if (allAdded.has(a.id)) throw new Error(`id ${a.id} reported added twice`);
      fileAdded.add(a.file);
      allAdded.set(a.id, a.file);
    }
    report.reportedAdded = allAdded.size;
    if (r.killed) {
      report.kills++;
      if (r.added.length > 0) report.killsMidImport++;
    } else {
      report.finishedEarly++;
      if (r.code !== 0) throw new Error(`import exited with ${r.code}: ${r.stderr.slice(0, 500)}`);
    }
    o.log?.(`run ${run}: ${r.killed ? 'killed' : `exited ${r.code}`} after ${r.lines} lines, ${r.added.length} added (total ${allAdded.size}/${o.folder.files.length})`);
    await verify();
    if (!r.killed && allAdded.size === o.folder.files.length) break; // nothing left to interrupt
  }

  // A full run finishes the rest; everything already stored is a duplicate.
  const last = await runImport(o.db, o.folder.dir, null);
  report.finalExitCode = last.code;
  for (const a of last.added) {
    if (fileAdded.has(a.file)) throw new Error(`${a.file} reported added twice`);
    fileAdded.add(a.file);
    allAdded.set(a.id, a.file);
  }
  await verify();
  checkArchive(o.db, (db) => {
    report.finalClippings = (db.prepare('SELECT count(*) AS n FROM clippings').get() as { n: number }).n;
    // Each file's bytes are in the captures exactly once.
    const count = db.prepare('SELECT count(*) AS n FROM captures WHERE sha256 = ?');
    for (const f of o.folder.files) {
      const n = (count.get(sha256(readFileSync(f))) as { n: number }).n;
      if (n !== 1) throw new Error(`${f} is stored ${n} times`);
    }
  });
  report.reportedAdded = allAdded.size;
  report.elapsedMs = Date.now() - t0;
  return report;
}
