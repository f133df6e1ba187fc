/**
 * A bulk import commits in batches (electron/core/clippings/import.ts), each file in a
 * SAVEPOINT of its own: a file that fails while it is stored is reported and leaves
 * nothing of itself, the others of its batch are stored; and what is reported as stored
 * is committed (readable from another connection when it is reported).
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { Archive } from '../../electron/core/archive.ts';
import { ftsIntegrity, tempDir } from '../helpers.ts';
import { makeCaptureFolder } from '../reliability/lib/common.ts';

let archive: Archive | null = null;
afterEach(() => {
  archive?.close();
  archive = null;
});

const count = (a: Archive, sql: string, ...params: unknown[]) => (a.db.prepare(sql).get(...params) as { n: number }).n;

describe('bulk import in batches', () => {
  it('a file that fails while it is stored is an error and leaves nothing of itself; the rest of its batch is stored', async () => {
    const dir = tempDir();
    const a = (archive = new Archive(path.join(dir, 'c.db')));
    const { dir: inbox, files } = makeCaptureFolder(path.join(dir, 'in'), { seed: 5, texts: 12, pages: 0 });
    const bad = files[5]!;
    // Storing that file's clipping fails after its capture row was written.
    a.db.exec(
      `CREATE TEMP TRIGGER refuse BEFORE INSERT ON clippings
        WHEN (SELECT source_path FROM captures WHERE id = NEW.capture_id) = '${bad.replaceAll("'", "''")}'
       BEGIN SELECT RAISE(ABORT, 'refused by the test'); END`,
    );
    const report = await a.call('clippings.import', { paths: [inbox] });
    expect(report.results.map((r) => r.status)).toEqual(files.map((f) => (f === bad ? 'error' : 'added')));
    const failed = report.results.find((r) => r.file === bad)!;
    expect(failed.error).toContain(bad);
    expect(failed.error).toContain('refused by the test');
    expect(report).toMatchObject({ added: 11, errors: 1, notTried: 0, stopped: null });
    expect(count(a, 'SELECT count(*) AS n FROM clippings')).toBe(11);
    expect(count(a, 'SELECT count(*) AS n FROM captures')).toBe(11);
    expect(count(a, 'SELECT count(*) AS n FROM captures WHERE source_path = ?', bad)).toBe(0);
    ftsIntegrity(a.db);

    // Once it can be stored, importing the folder again stores it and nothing else.
    a.db.exec('DROP TRIGGER temp.refuse');
    const again = await a.call('clippings.import', { paths: [inbox] });
    expect(again.results.map((r) => r.status)).toEqual(files.map((f) => (f === bad ? 'added' : 'duplicate')));
    expect(count(a, 'SELECT count(*) AS n FROM clippings')).toBe(12);
  });

  it('reports each file once it is committed: another connection reads it at that moment', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'c.db');
    const a = (archive = new Archive(file));
    const { dir: inbox } = makeCaptureFolder(path.join(dir, 'in'), { seed: 6, texts: 30, pages: 2 });
    const other = new Database(file, { readonly: true });
    try {
      const seen = other.prepare('SELECT count(*) AS n FROM clippings WHERE id = ?');
      const missing: number[] = [];
      const report = await a.call('clippings.import', { paths: [inbox] }, {
        onItem: (r) => {
          if (r.status === 'added' && (seen.get(r.id) as { n: number }).n !== 1) missing.push(r.id!);
        },
      });
      expect(report.added).toBe(32);
      expect(missing).toEqual([]);
    } finally {
      other.close();
    }
  });
});
