import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach } from 'vitest';
import type { Db } from '../db/open.ts';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// The reference material in ../shared (not part of the repository) is reached through
// tests/shared.ts; the article captures the suites use are in tests/fixtures/articles.ts.

const made: string[] = [];

/** A fresh temporary folder, removed after the test. */
export function tempDir(prefix = 'cuttings-test-'): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}

afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

export const NOW = '2026-11-26T12:00:00.000Z';

/** Asserts FTS5's own consistency check between the index and its content (both full-text tables from schema 12 on). */
export function ftsIntegrity(db: Db): void {
  db.prepare(`INSERT INTO clipping_fts (clipping_fts, rank) VALUES ('integrity-check', 1)`).run();
  if (db.prepare(`SELECT 1 FROM sqlite_schema WHERE name = 'clipping_meta_fts'`).get()) {
    db.prepare(`INSERT INTO clipping_meta_fts (clipping_meta_fts, rank) VALUES ('integrity-check', 1)`).run();
  }
}
