/**
 * `npm run soak`: the heavier, longer version of the crash and concurrency tests
 * (tests/reliability/): 100 SIGKILLs during a 2,000-file import, then 60 s of a CLI
 * import beside two searchers and an annotator. Figures go to tests/bench/results/soak.json.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { concurrencyRun } from '../reliability/lib/concurrency.ts';
import { makeCaptureFolder, percentile, ROOT } from '../reliability/lib/common.ts';
import { crashRun } from '../reliability/lib/crash.ts';

const kills = Number(process.env.SOAK_KILLS ?? 100);
const seconds = Number(process.env.SOAK_SECONDS ?? 60);
const work = mkdtempSync(path.join(os.tmpdir(), 'cuttings-soak-'));
try {
  console.log(`crash: ${kills} kills…`);
  const folder = makeCaptureFolder(path.join(work, 'captures'), { seed: 101, texts: 1900, pages: 100 });
  const crash = await crashRun({
    db: path.join(work, 'crash.db'), folder, kills, seed: 7, afterOutputMs: [0, 250], afterSpawnMs: [50, 600], spawnRelativeEvery: 8,
    log: (s) => process.stdout.write(`\r${s.padEnd(100)}`),
  });
  console.log(`\ncrash: ${crash.kills} kills survived (${crash.killsMidImport} mid-import), ${crash.finalClippings}/${crash.files} clippings, ${crash.checks} checks`);

  console.log(`concurrency: ${seconds} s…`);
  const conc = await concurrencyRun({ dir: path.join(work, 'conc'), durationMs: seconds * 1000, seed: 202, filesPerFolder: 150, folders: 60, seedClippings: 200 });
  console.log(JSON.stringify(conc, null, 2));

  const result = {
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, node: process.version, platform: `${os.platform()} ${os.release()}` },
    crash: {
      kills: crash.kills, killsMidImport: crash.killsMidImport, files: crash.files, finalClippings: crash.finalClippings,
      reportedAdded: crash.reportedAdded, archiveChecks: crash.checks, checkMsP50: percentile(crash.checkMs, 50), checkMsMax: Math.max(...crash.checkMs),
      finalExitCode: crash.finalExitCode, elapsedS: Math.round(crash.elapsedMs / 100) / 10,
    },
    concurrency: conc,
  };
  mkdirSync(path.join(ROOT, 'tests/bench/results'), { recursive: true });
  writeFileSync(path.join(ROOT, 'tests/bench/results/soak.json'), `${JSON.stringify(result, null, 2)}\n`);
  const ok = crash.kills >= kills && crash.finalClippings === crash.files && conc.lockErrors === 0 && conc.lostWrites === 0 && conc.errorSamples.length === 0;
  console.log(ok ? 'soak: OK' : 'soak: FAILED');
  process.exitCode = ok ? 0 : 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
