/**
 * Read-only checks that a file is a sound Cuttings archive (a backup before it is
 * restored, a copy before it is committed). Problems are DatabaseErrors naming the file.
 */
import Database from 'better-sqlite3';
import { existsSync, statSync } from 'node:fs';
import { LATEST_VERSION } from './migrations/index.ts';
import { checkSchemaVersion, DatabaseError, openDatabase, registerFunctions, type Db } from './open.ts';

/** Tables every archive of at least `since` schema version has. */
const EXPECTED_TABLES: ReadonlyArray<readonly [since: number, table: string]> = [
  [1, 'captures'],
  [1, 'clippings'],
  [1, 'tags'],
  [1, 'clipping_tags'],
  [1, 'annotations'],
  [2, 'clipping_fts'],
  [12, 'clipping_meta_fts'],
];

/** The full-text tables and their content views (the meta one from schema 12 on). */
const FTS_TABLES = [
  ['clipping_fts', 'clipping_fts_source'],
  ['clipping_meta_fts', 'clipping_meta_fts_source'],
] as const;

/** Above this size `validateBackup` skips the in-memory FTS5 content check (the doc-set check still runs). */
const FULL_FTS_CHECK_MAX_BYTES = 256 * 1024 * 1024;

export interface BackupInfo {
  file: string;
  schemaVersion: number;
  /** True when the backup predates this version's schema (restoring migrates it). */
  needsUpgrade: boolean;
  /** All clippings, live and trashed. */
  clippings: number;
  trashed: number;
  annotations: number;
  tags: number;
  captures: number;
  bytes: number;
  /** Whether FTS5's full content check ran (it is skipped for very large files). */
  ftsContentChecked: boolean;
}

/**
 * Checks, read-only, that `file` is a sound Cuttings archive: schema version between 1
 * and this version's latest, the expected tables, `PRAGMA integrity_check` (which also
 * runs FTS5's structural check), and the full-text index against its content: the
 * indexed document set always, FTS5's `integrity-check` (rank 1) on an in-memory copy
 * for files up to 256 MiB. A problem is a DatabaseError naming the file.
 */
export function validateBackup(file: string): BackupInfo {
  if (!existsSync(file)) throw new DatabaseError(`${file}: no such file`);
  if (statSync(file).isDirectory()) throw new DatabaseError(`${file} is a folder, not a Cuttings archive`);
  let db: Db;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch (err) {
    throw new DatabaseError(`cannot open ${file}: ${(err as Error).message}`);
  }
  try {
    registerFunctions(db);
    const version = readVersion(db, file);
    checkTables(db, file, version);
    checkSchemaObjects(db, file, version);
    checkIntegrity(db, file);
    let ftsContentChecked = false;
    if (version >= 2) {
      checkFtsDocuments(db, file);
      const size = pageBytes(db);
      if (size <= FULL_FTS_CHECK_MAX_BYTES) {
        const buf = db.serialize();
        // A WAL-mode header cannot be deserialised; bytes 18-19 = 1 means rollback journal.
        buf[18] = 1;
        buf[19] = 1;
        const mem = new Database(buf);
        try {
          checkFtsContent(mem, file);
        } finally {
          mem.close();
        }
        ftsContentChecked = true;
      }
    }
    const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    return {
      file,
      schemaVersion: version,
      needsUpgrade: version < LATEST_VERSION,
      clippings: count('SELECT count(*) AS n FROM clippings'),
      trashed: version >= 3 ? count('SELECT count(*) AS n FROM clippings WHERE deleted_at IS NOT NULL') : 0,
      annotations: count('SELECT count(*) AS n FROM annotations'),
      tags: count('SELECT count(*) AS n FROM tags'),
      captures: count('SELECT count(*) AS n FROM captures'),
      bytes: statSync(file).size,
      ftsContentChecked,
    };
  } catch (err) {
    throw asDatabaseError(err, file);
  } finally {
    db.close();
  }
}

function readVersion(db: Db, file: string): number {
  const version = checkSchemaVersion(db, file);
  if (version < 1) throw new DatabaseError(`${file} is not a Cuttings archive (no schema version)`);
  return version;
}

function checkTables(db: Db, file: string, version: number): void {
  const have = new Set(tableNames(db));
  const missing = EXPECTED_TABLES.filter(([since, t]) => version >= since && !have.has(t)).map(([, t]) => t);
  if (missing.length) throw new DatabaseError(`${file} is not a Cuttings archive (missing table${missing.length > 1 ? 's' : ''} ${missing.join(', ')})`);
}

interface SchemaObject {
  type: string;
  name: string;
  tbl_name: string;
  sql: string | null;
}

/**
 * The schema objects of `db` (schema `version`) are exactly those Cuttings' own
 * migrations create for that version: no extra trigger, view, index or table, none
 * missing, none changed (a table's columns included). The reference is built in memory
 * by the same migrations; statements are compared with whitespace normalised. FTS5's
 * shadow tables (`<fts table>_data`, `_idx`…) are compared by name only: FTS5 writes
 * their statements itself, and they may differ between SQLite versions. A backup's
 * schema runs on the live archive after a restore (its triggers fire on every write),
 * so anything else is refused, naming the object.
 */
export function checkSchemaObjects(db: Db, file: string, version: number): void {
  const have = schemaObjects(db);
  const want = referenceSchema(version);
  const shadowOf = new Set([...want.values()].filter((o) => o.type === 'table' && /^CREATE VIRTUAL TABLE/i.test(o.sql ?? '')).map((o) => o.name));
  const isShadow = (name: string) => [...shadowOf].some((v) => name.startsWith(`${v}_`));
  const tampered = 'not a Cuttings backup or tampered with';
  for (const [key, o] of have) {
    const ref = want.get(key);
    if (!ref) throw new DatabaseError(`${file}: unexpected ${o.type} "${o.name}" — ${tampered}`);
    if (ref.tbl_name !== o.tbl_name || (!isShadow(o.name) && normaliseSql(ref.sql) !== normaliseSql(o.sql))) {
      throw new DatabaseError(`${file}: ${o.type} "${o.name}" is not Cuttings' own — ${tampered}`);
    }
  }
  for (const [key, o] of want) if (!have.has(key)) throw new DatabaseError(`${file}: missing ${o.type} "${o.name}" — ${tampered}`);
}

function schemaObjects(db: Db): Map<string, SchemaObject> {
  const rows = db.prepare('SELECT type, name, tbl_name, sql FROM sqlite_schema').all() as SchemaObject[];
  return new Map(rows.map((r) => [`${r.type}\u0000${r.name.toLowerCase()}`, r]));
}

const references = new Map<number, Map<string, SchemaObject>>();

function referenceSchema(version: number): Map<string, SchemaObject> {
  let ref = references.get(version);
  if (!ref) {
    const mem = openDatabase(':memory:', { targetVersion: version });
    try {
      ref = schemaObjects(mem);
    } finally {
      mem.close();
    }
    references.set(version, ref);
  }
  return ref;
}

function normaliseSql(sql: string | null): string | null {
  return sql === null ? null : sql.replace(/\s+/g, ' ').trim();
}

export function tableNames(db: Db): string[] {
  return (db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'table'`).all() as { name: string }[]).map((r) => r.name);
}

export function checkIntegrity(db: Db, file: string): void {
  const rows = db.pragma('integrity_check(20)') as { integrity_check: string }[];
  const problems = rows.map((r) => r.integrity_check).filter((m) => m !== 'ok');
  if (problems.length) throw new DatabaseError(`${file} is corrupt: ${problems.slice(0, 5).join('; ')}`);
}

/** The indexed documents are exactly the rows of the search view (read-only). */
function checkFtsDocuments(db: Db, file: string): void {
  for (const [table, view] of FTS_TABLES) {
    const hasDocsize = db.prepare(`SELECT 1 FROM sqlite_schema WHERE name = ?`).get(`${table}_docsize`) !== undefined;
    if (!hasDocsize) continue;
    const extra = (db.prepare(`SELECT count(*) AS n FROM (SELECT id FROM ${table}_docsize EXCEPT SELECT id FROM ${view})`).get() as { n: number }).n;
    const missing = (db.prepare(`SELECT count(*) AS n FROM (SELECT id FROM ${view} EXCEPT SELECT id FROM ${table}_docsize)`).get() as { n: number }).n;
    if (extra || missing) {
      throw new DatabaseError(`${file} is corrupt: the full-text index does not match the clippings (${missing} missing, ${extra} stale)`);
    }
  }
}

/** FTS5's own check of the index against its content (needs a writable connection; any, the content view's functions are registered here). */
export function checkFtsContent(db: Db, file: string): void {
  registerFunctions(db);
  for (const [table] of FTS_TABLES) {
    if (db.prepare(`SELECT 1 FROM sqlite_schema WHERE name = ?`).get(table) === undefined) continue;
    try {
      db.prepare(`INSERT INTO ${table} (${table}, rank) VALUES ('integrity-check', 1)`).run();
    } catch (err) {
      throw new DatabaseError(`${file} is corrupt: the full-text index does not match the clippings (${(err as Error).message})`);
    }
  }
}

function pageBytes(db: Db): number {
  return (db.pragma('page_count', { simple: true }) as number) * (db.pragma('page_size', { simple: true }) as number);
}

function asDatabaseError(err: unknown, file: string): Error {
  if (err instanceof DatabaseError) return err;
  const e = err as Error & { code?: string };
  if (e.code === 'SQLITE_NOTADB') return new DatabaseError(`${file} is not a Cuttings archive (${e.message})`);
  if (e.code === 'SQLITE_CORRUPT' || e.code?.startsWith('SQLITE_CORRUPT')) return new DatabaseError(`${file} is corrupt: ${e.message}`);
  return new DatabaseError(`${file}: ${e.message}`);
}
