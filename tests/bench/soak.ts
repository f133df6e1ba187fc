/**
 * `npm run soak`: the heavier, longer version of the crash and concurrency tests
 * (tests/reliability/): 100 SIGKILLs during a 2,000-file import, then 60 s of a CLI
 * import beside two searchers and an annotator. Figures go to tests/bench/results/soak.json.
 * Then the hostile-input corpus at full size (tests/bench/soak-hostile.ts): each input's
 * time and peak memory, to soak-hostile.md/json. `--hostile` runs only that part
 * (`--hostile NAME…` only those inputs); `--no-hostile` skips it.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { concurrencyRun } from '../reliability/lib/concurrency.ts';
import { makeCaptureFolder, percentile, ROOT } from '../reliability/lib/common.ts';
import { crashRun } from '../reliability/lib/crash.ts';
import { hostileSoak } from './soak-hostile.ts';

const kills = Number(process.env.SOAK_KILLS ?? 100);
const seconds = Number(process.env.SOAK_SECONDS ?? 60);
const argv = process.argv.slice(2);
const hostileOnly = argv[0] === '--hostile';
const work = mkdtempSync(path.join(os.tmpdir(), 'cuttings-soak-'));
try {
  if (hostileOnly) {
    console.log('hostile inputs (full size)…');
    const h = await hostileSoak(work, { only: argv.slice(1) });
    console.log(`hostile: ${h.rows.filter((r) => r.ok).length}/${h.rows.length} within the goal; integrity_check ${h.integrity}`);
    console.log(h.ok ? 'soak: OK' : 'soak: FAILED');
    process.exitCode = h.ok ? 0 : 1;
  } else {
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
    let ok = crash.kills >= kills && crash.finalClippings === crash.files && conc.lockErrors === 0 && conc.lostWrites === 0 && conc.errorSamples.length === 0;
    if (!argv.includes('--no-hostile')) {
      console.log('hostile inputs (full size)…');
      const h = await hostileSoak(work);
      console.log(`hostile: ${h.rows.filter((r) => r.ok).length}/${h.rows.length} within the goal; integrity_check ${h.integrity}`);
      ok &&= h.ok;
    }
    console.log(ok ? 'soak: OK' : 'soak: FAILED');
    process.exitCode = ok ? 0 : 1;
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
