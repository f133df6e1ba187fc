/**
 * Crash safety: the CLI is killed with SIGKILL at seeded random moments during a large
 * folder import. After every kill the archive passes SQLite's and FTS5's integrity
 * checks and every clipping reported as added is there, intact; a final run finishes the
 * rest with no duplicates.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers.ts';
import { CLI, makeCaptureFolder } from './lib/common.ts';
import { crashRun } from './lib/crash.ts';

describe('crash safety of import', () => {
  it('survives 24 SIGKILLs during a folder import: intact archive, every reported clipping kept, no duplicates', async () => {
    expect(existsSync(CLI), 'dist/cli.mjs is built by the global setup').toBe(true);
    const dir = tempDir('cuttings-crash-');
    const folder = makeCaptureFolder(path.join(dir, 'captures'), { seed: 11, texts: 1000, pages: 40 });
    const r = await crashRun({
      db: path.join(dir, 'archive.db'),
      folder,
      kills: 24,
      seed: 2026,
      afterOutputMs: [0, 300],
      afterAddedCount: [1, 30],
      afterSpawnMs: [50, 600],
      spawnRelativeEvery: 6,
    });
    console.log(
      `[crash] kills survived: ${r.kills} (${r.killsMidImport} mid-import, ${r.finishedEarly} runs finished first); ` +
        `reported added ${r.reportedAdded}, final clippings ${r.finalClippings}/${r.files}; ${r.checks} archive checks; ${(r.elapsedMs / 1000).toFixed(1)} s`,
    );
    expect(r.kills).toBeGreaterThanOrEqual(20);
    expect(r.killsMidImport).toBeGreaterThanOrEqual(10);
    expect(r.finalExitCode).toBe(0);
    expect(r.finalClippings).toBe(r.files);
  }, 150_000);

  // Imports commit in batches (up to 200 files, 100 ms): a kill lands inside a batch as
  // often as not. Several seeds, each killing as soon as new clippings are being stored.
  it.each([7, 19, 31])('resumes a batch killed at random points without duplicates or a lost file (seed %i)', async (seed) => {
    const dir = tempDir('cuttings-crash-');
    const folder = makeCaptureFolder(path.join(dir, 'captures'), { seed, texts: 300, pages: 10 });
    const r = await crashRun({
      db: path.join(dir, 'archive.db'),
      folder,
      kills: 4,
      seed,
      afterOutputMs: [0, 120],
      afterSpawnMs: [50, 400],
      spawnRelativeEvery: 4,
    });
    expect(r.kills).toBeGreaterThanOrEqual(3);
    expect(r.killsMidImport).toBeGreaterThanOrEqual(1);
    expect(r.finalExitCode).toBe(0);
    expect(r.finalClippings).toBe(r.files);
  }, 150_000);
});
