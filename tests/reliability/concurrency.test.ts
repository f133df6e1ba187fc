/**
 * The app and the CLI on one archive at once: a CLI import (writer), two searching
 * processes and one annotating process, for a fixed time, each with its own connection
 * (WAL, busy timeout, short write transactions). Zero "database is locked", no lost writes.
 */
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers.ts';
import { concurrencyRun } from './lib/concurrency.ts';

describe('concurrent use of one archive', () => {
  it('a CLI import, two searchers and an annotator for 8 s: no lock errors, no lost writes', async () => {
    const r = await concurrencyRun({ dir: tempDir('cuttings-conc-'), durationMs: 8000, seed: 31, filesPerFolder: 120, folders: 12, seedClippings: 80 });
    const f = (x: { ops: number; opsPerSec: number; errors: number }) => `${x.ops} ops (${x.opsPerSec}/s, ${x.errors} errors)`;
    console.log(
      `[concurrency] ${r.durationMs / 1000} s — writer: ${r.writer.cliRuns} CLI runs, ${r.writer.added} clippings added, ${f(r.writer)} files; ` +
        `readers: ${r.readers.map(f).join('; ')}; annotator: ${f(r.annotator)} (${r.annotator.annotations} highlights, ${r.annotator.tags} tags, p99 ${r.annotator.p99Ms} ms); ` +
        `lock errors ${r.lockErrors}, lost writes ${r.lostWrites}`,
    );
    expect(r.errorSamples).toEqual([]);
    expect(r.lockErrors).toBe(0);
    expect(r.lostWrites).toBe(0);
    expect(r.integrity).toBe('ok');
    expect(r.writer.added).toBeGreaterThan(50);
    for (const x of r.readers) expect(x.ops).toBeGreaterThan(20);
    expect(r.annotator.ops).toBeGreaterThan(20);
  }, 90_000);
});
