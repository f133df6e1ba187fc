/**
 * The hostile half of `npm run soak` (alone: `npm run soak -- --hostile`): every input of
 * tests/reliability/lib/hostile-inputs.ts at full size, each imported by the built CLI
 * (`node dist/cli.mjs --db X import FILE --json`) as a process of its own, its wall time
 * and peak resident memory measured (GNU time's %M when present, else VmHWM polled from
 * /proc). The goal (issue 12): every row within 5 s and 512 MB, stored or refused with a
 * message naming the file, and the archive passing integrity_check afterwards.
 * Results: stdout, tests/bench/results/soak-hostile.md and .json. SOAK_CLI=path runs
 * another build (e.g. the code before a change), SOAK_HOSTILE_KILL_S the kill time.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkArchive, CLI, ROOT } from '../reliability/lib/common.ts';
import { hostileInputs, tableRow, type HostileInput } from '../reliability/lib/hostile-inputs.ts';

export const GOAL_SECONDS = 5;
export const GOAL_MB = 512;
/** A run is killed after this long (a regression must not hang the soak). */
const KILL_AFTER_MS = Number(process.env.SOAK_HOSTILE_KILL_S ?? 120) * 1000;

export interface HostileRow {
  name: string;
  file: string;
  bytes: number;
  expect: string;
  outcome: 'stored' | 'refused' | 'killed' | 'crashed';
  message: string | null;
  seconds: number;
  /** User + system CPU seconds (less sensitive than wall time to a loaded machine). */
  cpuSeconds: number | null;
  peakMb: number | null;
  ok: boolean;
  today: string | null;
}

const GNU_TIME = '/usr/bin/time';

function runCli(db: string, file: string, extra: string[] = []): Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string; ms: number; peakKb: number | null; cpuS: number | null }> {
  const useTime = existsSync(GNU_TIME);
  const argv = [process.execPath, process.env.SOAK_CLI ?? CLI, ...(extra.length ? extra : ['--db', db, 'import', file, '--json'])];
  const [cmd, ...args] = useTime ? [GNU_TIME, '-f', 'CUTTINGS_PEAK_KB=%M CUTTINGS_CPU_S=%U+%S', ...argv] : argv;
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    // Its own process group, so a kill reaches node under GNU time too.
    const child = spawn(cmd!, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let stdout = '';
    let stderr = '';
    let polledKb: number | null = null;
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    // Without GNU time: the high-water mark of the node process, polled.
    const poll = useTime
      ? null
      : setInterval(() => {
          try {
            const kb = Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1]);
            if (kb) polledKb = Math.max(polledKb ?? 0, kb);
          } catch {
            /* gone */
          }
        }, 20);
    const killer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }, KILL_AFTER_MS);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(killer);
      if (poll) clearInterval(poll);
      const m = /CUTTINGS_PEAK_KB=(\d+)/.exec(stderr);
      const cpu = /CUTTINGS_CPU_S=([\d.]+)\+([\d.]+)/.exec(stderr);
      resolve({ code, signal, stdout, stderr, ms: performance.now() - t0, peakKb: m ? Number(m[1]) : polledKb, cpuS: cpu ? Number(cpu[1]) + Number(cpu[2]) : null });
    });
  });
}

async function runOne(dir: string, db: string, input: HostileInput): Promise<HostileRow> {
  const file = path.join(dir, input.file);
  writeFileSync(file, input.bytes);
  const r = await runCli(db, file);
  let outcome: HostileRow['outcome'];
  let message: string | null = null;
  if (r.signal) {
    outcome = 'killed';
    message = `killed (${r.signal}) after ${Math.round(r.ms / 1000)} s`;
  } else {
    try {
      const results = JSON.parse(r.stdout) as { status: string; error?: string | null }[];
      const res = results[0]!;
      outcome = res.status === 'error' ? 'refused' : 'stored';
      message = res.error ?? res.status;
    } catch {
      outcome = 'crashed';
      message = `exit ${r.code}: ${r.stderr.replace(/CUTTINGS_PEAK_KB=\d+/, '').trim().slice(0, 300)}`;
    }
  }
  const seconds = Math.round(r.ms / 100) / 10;
  const peakMb = r.peakKb === null ? null : Math.round(r.peakKb / 1024);
  const named = outcome !== 'refused' || (message ?? '').startsWith(file);
  const expected = input.expect === 'either' ? outcome === 'stored' || outcome === 'refused' : outcome === input.expect;
  const ok = expected && named && seconds <= GOAL_SECONDS && peakMb !== null && peakMb <= GOAL_MB;
  const cpuSeconds = r.cpuS === null ? null : Math.round(r.cpuS * 10) / 10;
  return { name: input.name, file: input.file, bytes: input.bytes.length, expect: input.expect, outcome, message: message && message.replace(`${dir}/`, ''), seconds, cpuSeconds, peakMb, ok, today: tableRow(input.name) };
}

const size = (n: number): string => (n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.round(n / 1024)} KB`);

export async function hostileSoak(work: string, opts: { only?: string[] } = {}): Promise<{ rows: HostileRow[]; integrity: string; ok: boolean }> {
  const dir = path.join(work, 'hostile');
  mkdirSync(dir, { recursive: true });
  const db = path.join(work, 'hostile.db');
  const rows: HostileRow[] = [];
  // The cost of starting the CLI at all, on this machine now: the floor of every row.
  const start = await runCli(db, '', ['--help']);
  const startup = { seconds: Math.round(start.ms / 100) / 10, cpuSeconds: start.cpuS === null ? null : Math.round(start.cpuS * 100) / 100, peakMb: start.peakKb === null ? null : Math.round(start.peakKb / 1024), load: os.loadavg().map((l) => l.toFixed(1)).join(' ') };
  console.log(`CLI start (--help): ${startup.seconds} s wall, ${startup.cpuSeconds ?? '?'} s CPU, ${startup.peakMb ?? '?'} MB; load average ${startup.load}`);
  for (const input of hostileInputs('full')) {
    if (opts.only?.length && !opts.only.includes(input.name)) continue;
    const row = await runOne(dir, db, input);
    rmSync(path.join(dir, input.file), { force: true });
    rows.push(row);
    console.log(`${row.ok ? 'ok  ' : 'FAIL'} ${row.name.padEnd(28)} ${size(row.bytes).padStart(9)}  ${row.outcome.padEnd(8)} ${String(row.seconds).padStart(6)} s ${String(row.cpuSeconds ?? '?').padStart(5)} s CPU ${String(row.peakMb ?? '?').padStart(6)} MB  ${(row.message ?? '').slice(0, 100)}`);
  }
  let integrity: string;
  try {
    integrity = existsSync(db) ? checkArchive(db).integrity : 'ok (no archive written)';
  } catch (err) {
    integrity = (err as Error).message;
  }
  const ok = rows.every((r) => r.ok) && integrity.startsWith('ok');
  writeResults(rows, integrity, ok, startup);
  return { rows, integrity, ok };
}

function writeResults(rows: HostileRow[], integrity: string, ok: boolean, startup: { seconds: number; cpuSeconds: number | null; peakMb: number | null; load: string }): void {
  const out = path.join(ROOT, 'tests/bench/results');
  mkdirSync(out, { recursive: true });
  const machine = { cpus: os.cpus().length, node: process.version, platform: `${os.platform()} ${os.release()}` };
  writeFileSync(path.join(out, 'soak-hostile.json'), `${JSON.stringify({ date: new Date().toISOString(), machine, goal: { seconds: GOAL_SECONDS, peakMb: GOAL_MB }, startup, integrity, ok, rows }, null, 2)}\n`);
  const md = [
    '# Hostile inputs (`npm run soak -- --hostile`)',
    '',
    `${new Date().toISOString().slice(0, 10)}, ${machine.cpus} cores, Node ${machine.node}, load average ${startup.load}. Each input imported by the built CLI in a process of its own (seconds: wall time of the whole process; CPU: user + system; peak: the process's peak resident memory). Starting the CLI at all (\`--help\`) took ${startup.seconds} s wall, ${startup.cpuSeconds ?? '?'} s CPU, ${startup.peakMb ?? '?'} MB. Goal: ≤ ${GOAL_SECONDS} s and ≤ ${GOAL_MB} MB each, stored or refused naming the file. Archive afterwards: integrity_check ${integrity}.`,
    '',
    '| input | size | expected | outcome | seconds | CPU s | peak MB | ok | message | issue 12 measured |',
    '| --- | --: | --- | --- | --: | --: | --: | --- | --- | --- |',
    ...rows.map((r) => `| ${r.name} | ${size(r.bytes)} | ${r.expect} | ${r.outcome} | ${r.seconds} | ${r.cpuSeconds ?? '?'} | ${r.peakMb ?? '?'} | ${r.ok ? 'yes' : '**no**'} | ${(r.message ?? '').replace(/\|/g, '\\|').slice(0, 140)} | ${r.today ?? ''} |`),
    '',
    ok ? 'All within the goal.' : 'NOT all within the goal.',
    '',
  ].join('\n');
  writeFileSync(path.join(out, 'soak-hostile.md'), md);
}
