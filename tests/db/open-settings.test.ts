/**
 * The settings db/open.ts gives a connection: a writable one keeps statement journals (and
 * temporary tables) in memory, so that a batch of an import never writes its statement
 * journal to a temporary file (tests/bench/results/import-s12-writer.md); a read-only one
 * keeps SQLite's default.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/open.ts';
import { Archive } from '../../electron/core/archive.ts';
import { tempDir } from '../helpers.ts';

const MEMORY = 2;

describe('connection settings', () => {
  it('a writable connection keeps its statement journals in memory', () => {
    const file = path.join(tempDir(), 'a.db');
    const db = openDatabase(file);
    expect(db.pragma('temp_store', { simple: true })).toBe(MEMORY);
    // The search engine's temporary tables still work on it.
    db.exec('CREATE TEMP TABLE t (x); INSERT INTO t VALUES (1)');
    expect(db.prepare('SELECT count(*) AS n FROM temp.t').get()).toEqual({ n: 1 });
    db.close();
    const ro = openDatabase(file, { readonly: true });
    expect(ro.pragma('temp_store', { simple: true })).toBe(0);
    ro.close();
  });

  it("the archive's connection is writable with those settings", () => {
    const archive = new Archive(path.join(tempDir(), 'b.db'));
    try {
      expect(archive.db.pragma('temp_store', { simple: true })).toBe(MEMORY);
    } finally {
      archive.close();
    }
  });
});
