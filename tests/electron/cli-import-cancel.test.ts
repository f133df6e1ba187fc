/**
 * The built CLI extracts in its bundled worker (dist/capture-worker.mjs) and stops an
 * import cleanly on Ctrl-C: the capture in flight is dropped (its worker terminated),
 * what was stored stays, the rest is not tried, exit code 130.
 */
import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { REPO, tempDir } from '../helpers.ts';

const CLI = path.join(REPO, 'dist/cli.mjs');

function page(file: string, n: number): string {
  const body = Array.from({ length: 5 }, (_, i) => `<p>Paragraph ${i + 1} of story ${n}: the harbour board approved the new ferry timetable after a public consultation.</p>`).join('');
  writeFileSync(file, `<!doctype html><html><head><title>Story ${n}</title></head><body><article><h1>Story ${n}</h1>${body}</article></body></html>`);
  return file;
}

describe('cuttings import (built CLI, capture workers)', () => {
  it('stops on Ctrl-C in the middle of a capture: stores nothing of it, reports what was not tried, exits 130', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'cuttings.db');
    const first = page(path.join(dir, 'a-first.html'), 1);
    const hang = path.join(dir, 'b-forever.html');
    writeFileSync(hang, 'cuttings-test:hang\n');
    const last = page(path.join(dir, 'c-last.html'), 2);
    const proc = spawn(process.execPath, [CLI, '--db', db, 'import', first, hang, last], {
      env: { ...process.env, CUTTINGS_DB: '', CUTTINGS_TEST_HOOKS: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    proc.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
    // The first file is stored (printed) before the hanging one starts; then Ctrl-C.
    await new Promise<void>((resolve) => {
      proc.stdout.on('data', (b: Buffer) => {
        stdout += b.toString();
        if (stdout.includes('Story 1')) resolve();
      });
    });
    await new Promise((r) => setTimeout(r, 500));
    proc.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(stdout).toMatch(/added\s+#1\s+Story 1/);
    expect(stderr).toContain(`cancelled  ${hang} (not stored)`);
    expect(stderr).toContain(`not tried  ${last}`);
    expect(stderr).toContain(`cuttings import: cancelled while reading ${hang}: it was not stored, nor the 1 after it (not tried); what was stored before is kept.`);

    const check = new Database(db, { readonly: true });
    try {
      expect(check.prepare('SELECT title FROM clippings').all()).toEqual([{ title: 'Story 1' }]);
      expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      check.close();
    }
    // And the next import works (and the process exits on its own when done).
    const again = spawnSync(process.execPath, [CLI, '--db', db, 'import', last], { encoding: 'utf8', env: { ...process.env, CUTTINGS_DB: '' }, timeout: 120_000 });
    expect(again.status).toBe(0);
    expect(again.stdout).toMatch(/added\s+#2\s+Story 2/);
  });
});
