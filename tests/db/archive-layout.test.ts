/**
 * The layout of the archive's file (db/open.ts PAGE_SIZE, db/space.ts): a new archive has
 * 8 KB pages and incremental auto-vacuum, and an import gives the free pages it leaves
 * back to the file system; an archive made before (4 KB pages, no auto-vacuum) keeps its
 * layout and works as before; a backup and a restore keep the layout of what they copy.
 */
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { PAGE_SIZE, openDatabase } from '../../db/open.ts';
import { Archive } from '../../electron/core/archive.ts';
import { ftsIntegrity, tempDir } from '../helpers.ts';

const layout = (db: Database.Database) => ({
  pageSize: db.pragma('page_size', { simple: true }) as number,
  autoVacuum: db.pragma('auto_vacuum', { simple: true }) as number, // 0 none, 2 incremental
});
const freePages = (db: Database.Database) => db.pragma('freelist_count', { simple: true }) as number;

/** About 2 MB of free pages inside the file (a table filled, then dropped). */
function leaveFreePages(db: Database.Database): void {
  db.exec('CREATE TABLE junk (b BLOB); WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 500) INSERT INTO junk SELECT randomblob(4000) FROM n; DROP TABLE junk');
}

/** A text file of its own in a folder of its own, to import. */
function inbox(dir: string, name: string): string {
  const folder = path.join(dir, `in-${name}`);
  mkdirSync(folder);
  writeFileSync(path.join(folder, `${name}.txt`), `The ${name} report\n\nThe harbour board met on ${name} day to discuss the ferry timetable and the winter storms.\n`);
  return folder;
}

/** The file as an archive made before this layout: 4 KB pages, no auto-vacuum. */
function asBefore(file: string): void {
  const db = new Database(file);
  db.pragma('journal_mode = DELETE');
  db.pragma('page_size = 4096');
  db.pragma('auto_vacuum = NONE');
  db.exec('VACUUM');
  db.pragma('journal_mode = WAL');
  db.close();
}

describe('archive layout', () => {
  it('makes a new archive with 8 KB pages and incremental auto-vacuum, in WAL mode', () => {
    const db = openDatabase(path.join(tempDir(), 'new.db'));
    expect(PAGE_SIZE).toBe(8192);
    expect(layout(db)).toEqual({ pageSize: 8192, autoVacuum: 2 });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it('gives the free pages an import leaves back to the file system', async () => {
    const file = path.join(tempDir(), 'a.db');
    const a = new Archive(file);
    leaveFreePages(a.db);
    expect(freePages(a.db)).toBeGreaterThan(100);
    const r = await a.call('clippings.import', { paths: [inbox(path.dirname(file), 'monday')] });
    expect(r.added).toBe(1);
    expect(freePages(a.db)).toBe(0);
    a.db.pragma('wal_checkpoint(TRUNCATE)');
    const { pageSize } = layout(a.db);
    expect(statSync(file).size).toBe((a.db.pragma('page_count', { simple: true }) as number) * pageSize);
    expect(a.db.pragma('integrity_check', { simple: true })).toBe('ok');
    ftsIntegrity(a.db);
    a.close();
  });

  it('keeps the layout of an archive made before, which works as before', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'old.db');
    const made = new Archive(file);
    await made.call('clippings.import', { paths: [inbox(dir, 'monday')] });
    made.close();
    asBefore(file);

    const a = new Archive(file);
    expect(layout(a.db)).toEqual({ pageSize: 4096, autoVacuum: 0 });
    leaveFreePages(a.db);
    const r = await a.call('clippings.import', { paths: [inbox(dir, 'tuesday')] });
    expect(r.added).toBe(1);
    expect(layout(a.db)).toEqual({ pageSize: 4096, autoVacuum: 0 });
    expect(freePages(a.db)).toBeGreaterThan(0); // no auto-vacuum: they stay for later writes
    const hits = await a.call('search.query', { query: 'harbour' });
    expect(hits.total).toBe(2);
    expect(a.db.pragma('integrity_check', { simple: true })).toBe('ok');
    ftsIntegrity(a.db);
    a.close();
  });

  it('keeps the layout through a backup and a restore', async () => {
    const dir = tempDir();
    for (const before of [false, true]) {
      const file = path.join(dir, `live-${before}.db`);
      const made = new Archive(file);
      await made.call('clippings.import', { paths: [inbox(dir, `day-${before}`)] });
      made.close();
      if (before) asBefore(file);
      const want = before ? { pageSize: 4096, autoVacuum: 0 } : { pageSize: 8192, autoVacuum: 2 };

      const a = new Archive(file);
      const backup = path.join(dir, `backup-${before}.db`);
      await a.call('archive.backup', { file: backup });
      a.close();
      const b = new Database(backup, { readonly: true });
      expect(layout(b)).toEqual(want);
      b.close();

      const restored = new Archive(path.join(dir, `restored-${before}.db`));
      await restored.call('archive.restore', { file: backup, force: false });
      expect(layout(restored.db)).toEqual(want);
      expect((await restored.call('search.query', { query: 'harbour' })).total).toBe(1);
      restored.close();
    }
  });
});
