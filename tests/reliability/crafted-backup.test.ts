/**
 * A backup is a whole SQLite file, schema included: restoring must accept only the
 * product's own schema objects. Each crafted backup below starts from a real backup and
 * adds, changes or removes one object; each is refused, naming the file and the object,
 * and the live archive is left byte for byte as it was.
 */
import Database from 'better-sqlite3';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/open.ts';
import { Archive } from '../../electron/core/archive.ts';
import { backupArchive, restoreArchive, validateBackup } from '../../electron/core/archive/backup.ts';
import { tempDir } from '../helpers.ts';

const CASES: { name: string; sql: string; refused: RegExp }[] = [
  {
    name: 'a trigger that retitles every import',
    sql: `CREATE TRIGGER hijack AFTER INSERT ON clippings BEGIN UPDATE clippings SET title = 'HIJACKED' WHERE id = NEW.id; END`,
    refused: /backup\.db: unexpected trigger "hijack" — not a Cuttings backup or tampered with/,
  },
  {
    name: 'a trigger that deletes every annotation when a tag is added',
    sql: `CREATE TRIGGER wipe AFTER INSERT ON clipping_tags BEGIN DELETE FROM annotations; END`,
    refused: /backup\.db: unexpected trigger "wipe"/,
  },
  {
    name: 'a trigger calling load_extension',
    sql: `CREATE TRIGGER ext AFTER INSERT ON clippings BEGIN SELECT load_extension('/tmp/evil.so'); END`,
    refused: /backup\.db: unexpected trigger "ext"/,
  },
  {
    name: 'an extra view',
    sql: `CREATE VIEW spy AS SELECT title FROM clippings`,
    refused: /backup\.db: unexpected view "spy"/,
  },
  {
    name: 'an extra index',
    sql: `CREATE INDEX clippings_title ON clippings(title)`,
    refused: /backup\.db: unexpected index "clippings_title"/,
  },
  {
    name: 'an extra table',
    sql: `CREATE TABLE notes_extra (x)`,
    refused: /backup\.db: unexpected table "notes_extra"/,
  },
  {
    name: 'a table with an extra column',
    sql: `ALTER TABLE tags ADD COLUMN payload TEXT`,
    refused: /backup\.db: table "tags" is not Cuttings' own/,
  },
  {
    name: 'a changed trigger body (renaming a tag deletes the annotations)',
    sql: `DROP TRIGGER tags_fts_au;
          CREATE TRIGGER tags_fts_au AFTER UPDATE OF name ON tags BEGIN DELETE FROM annotations; END`,
    refused: /backup\.db: trigger "tags_fts_au" is not Cuttings' own/,
  },
  {
    name: 'a missing trigger',
    sql: `DROP TRIGGER annotations_fts_ai`,
    refused: /backup\.db: missing trigger "annotations_fts_ai"/,
  },
];

let base: string;
let baseDir: string;

beforeAll(async () => {
  const dir = (baseDir = mkdtempSync(path.join(os.tmpdir(), 'cuttings-crafted-')));
  const a = new Archive(path.join(dir, 'source.db'));
  await a.call('clippings.add', { capture: { name: 'a.txt', text: 'A clipping about harbours\n\nFerries and tides and the harbour master.' }, tags: ['sea'] });
  await a.call('annotations.create', { id: 1, quote: 'harbour master', note: 'keep' });
  base = path.join(dir, 'genuine.db');
  await backupArchive(a.db, base);
  a.close();
});

afterAll(() => rmSync(baseDir, { recursive: true, force: true }));

async function liveArchive(dir: string): Promise<string> {
  const file = path.join(dir, 'archive.db');
  const a = new Archive(file);
  await a.call('clippings.add', { capture: { name: 'live.txt', text: 'The live clipping\n\nAbout trains and trams.' }, tags: ['rail'] });
  await a.call('annotations.create', { id: 1, quote: 'trains', note: 'mine' });
  a.close();
  return file;
}

describe('a crafted backup', () => {
  it('a genuine backup, and one of an older schema version, are accepted', () => {
    expect(validateBackup(base).clippings).toBe(1);
    const dir = tempDir();
    const old = path.join(dir, 'v5.db');
    openDatabase(old, { targetVersion: 5 }).close();
    expect(validateBackup(old).schemaVersion).toBe(5);
  });

  for (const c of CASES) {
    it(`is refused: ${c.name}; the live archive is untouched`, async () => {
      const dir = tempDir();
      const backup = path.join(dir, 'backup.db');
      copyFileSync(base, backup);
      const db = new Database(backup);
      db.exec(c.sql);
      db.close();

      const target = await liveArchive(dir);
      const before = readFileSync(target);
      expect(() => validateBackup(backup)).toThrow(c.refused);
      expect(() => restoreArchive(backup, target, { force: true })).toThrow(c.refused);
      expect(readFileSync(target).equals(before)).toBe(true);
      expect(existsSync(`${target}-wal`)).toBe(false);

      // Through the contract, from the process that has the archive open.
      const a = new Archive(target);
      await expect(a.call('archive.restore', { file: backup, force: true })).rejects.toThrow(c.refused);
      expect((await a.call('clippings.get', { id: 1 })).title).toBe('The live clipping');
      await a.call('tags.add', { id: 1, tags: ['another'] });
      expect((await a.call('annotations.list', { id: 1 })).map((x) => x.note)).toEqual(['mine']);
      a.close();
    });
  }
});
