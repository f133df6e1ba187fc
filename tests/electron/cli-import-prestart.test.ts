/**
 * `cuttings import` starts the shared pool's extraction worker before it opens the archive,
 * so that the worker loads the extractors meanwhile rather than at the first capture.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it, vi } from 'vitest';
import { runCli } from '../../electron/cli.ts';
import { Archive } from '../../electron/core/archive.ts';
import { CapturePool, sharedCapturePool } from '../../electron/core/capture/worker/pool.ts';
import { tempDir } from '../helpers.ts';

it('starts the extraction worker before the archive opens, and extracts with that one', async () => {
  const dir = tempDir('cuttings-cli-prestart-');
  mkdirSync(path.join(dir, 'in'));
  for (const k of [1, 2, 3]) writeFileSync(path.join(dir, 'in', `t${k}.txt`), `A plain text capture, number ${k}, with a sentence long enough to be its body.`);
  const events: string[] = [];
  const prestart = CapturePool.prototype.prestart;
  const prestarting = vi.spyOn(CapturePool.prototype, 'prestart').mockImplementation(function (this: CapturePool) {
    events.push(this === sharedCapturePool() ? `prestart (${this.started} started)` : 'prestart of another pool');
    return prestart.call(this);
  });
  const call = Archive.prototype.call;
  const calling = vi.spyOn(Archive.prototype, 'call').mockImplementation(function (this: Archive, ...args) {
    events.push(`archive ${String(args[0])}`);
    return call.apply(this, args) as never;
  });
  try {
    const out: string[] = [];
    const code = await runCli(['--db', path.join(dir, 'c.db'), 'import', path.join(dir, 'in'), '--json'], { out: (s) => out.push(s), err: () => {}, errIsTty: false, env: {} });
    expect(code).toBe(0);
    expect((JSON.parse(out.join('\n')) as { status: string }[]).map((r) => r.status)).toEqual(['added', 'added', 'added']);
  } finally {
    prestarting.mockRestore();
    calling.mockRestore();
  }
  expect(events[0]).toMatch(/^prestart \(\d+ started\)$/);
  expect(events[1]).toBe('archive clippings.import');
  expect(sharedCapturePool().started).toBe(1);
});
