import Database from 'better-sqlite3';
import { closeSync, mkdirSync, openSync, statSync } from 'node:fs';
import path from 'node:path';
import { registerCjkFunctions } from './cjk.ts';
import { LATEST_VERSION, MIGRATIONS } from './migrations/index.ts';
import { registerTextFunctions } from './text.ts';

export type Db = Database.Database;

/**
 * The page size of a new archive (SQLite's default is 4096). A clipping's row, its text
 * compressed, is ~2.3 KB: on 4 KB pages most rows take a page alone (1.02 KB a clipping
 * left empty at 10k), on 8 KB pages three fit (0.43 KB empty; tests/bench/results/
 * db-size-notes.md). An existing archive keeps the page size it was made with.
 */
export const PAGE_SIZE = 8192;

/** A database problem the user can act on (wrong file, newer version…). */
export class DatabaseError extends Error {
  override name = 'DatabaseError';
}

export interface OpenOptions {
  /** Open without writing anything: no migrations, no journal-mode change. */
  readonly?: boolean;
  /** Stop after this schema version (tests of upgrades). Defaults to the latest. */
  targetVersion?: number;
  /** Path of a better-sqlite3 addon built for another ABI (Electron). */
  nativeBinding?: string;
  /** How long a writer waits for another process's lock (ms). */
  busyTimeoutMs?: number;
}

/**
 * Opens (creating if needed) an archive database: WAL journal, foreign keys, a busy
 * timeout, then every pending migration. A database written by a newer Cuttings is
 * refused before anything is written to it.
 */
export function openDatabase(file: string, options: OpenOptions = {}): Db {
  if (file !== ':memory:' && !options.readonly) createPrivately(file);
  // A restore replaces the file by a rename while holding a lock on the old one
  // (db/backup.ts holdExclusively). A process that opened the old file meanwhile waits
  // on that lock at its first read, then finds the name pointing at another file: it
  // opens the name again rather than go on with the replaced file.
  for (let attempt = 1; ; attempt++) {
    const before = fileIdentity(file);
    const db = openAttempt(file, options, () => attempt < 5 && before !== null && fileIdentity(file) !== before);
    if (db) return db;
  }
}

/**
 * A new archive is private to its owner: the folder made for it is 0700 and the file
 * 0600 (an existing folder keeps its mode). SQLite gives the WAL and shared-memory files
 * the database file's mode, so the journal is private too. An empty file is a valid new
 * SQLite database.
 */
function createPrivately(file: string): void {
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true, mode: 0o700 });
  try {
    closeSync(openSync(file, 'wx', 0o600));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
}

/** Device and inode of `file` (null when absent or in memory). */
function fileIdentity(file: string): string | null {
  if (file === ':memory:') return null;
  try {
    const s = statSync(file, { bigint: true });
    return `${s.dev}:${s.ino}`;
  } catch {
    return null;
  }
}

/** One try of `openDatabase`; null when `replaced()` says the file was replaced while it was being opened. */
function openAttempt(file: string, options: OpenOptions, replaced: () => boolean): Db | null {
  const target = options.targetVersion ?? LATEST_VERSION;
  let db: Db;
  try {
    db = new Database(file, {
      readonly: options.readonly ?? false,
      fileMustExist: options.readonly ?? false,
      ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    });
  } catch (err) {
    throw new DatabaseError(`cannot open archive ${file}: ${(err as Error).message}`);
  }

  try {
    db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 10_000}`);
    registerFunctions(db);
    const version = checkSchemaVersion(db, file);
    // (Nothing written yet; the connection is in whatever journal mode the file is, and
    // a file being replaced was switched to a rollback journal: closing removes nothing.)
    if (replaced()) {
      db.close();
      return null;
    }
    if (version === 0 && !isEmpty(db) ) {
      throw new DatabaseError(`${file} is an SQLite database but not a Cuttings archive`);
    }
    db.pragma('foreign_keys = ON');
    if (!options.readonly) {
      // A new archive's layout, set before its first write (and before WAL mode, which fixes
      // the page size): PAGE_SIZE pages, and free pages that can be given back to the file
      // system (`releaseFreePages`, db/space.ts). An existing archive keeps its own.
      if (version === 0 && isEmpty(db)) {
        db.pragma(`page_size = ${PAGE_SIZE}`);
        db.pragma('auto_vacuum = INCREMENTAL');
      }
      if (file !== ':memory:') db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      // Statement journals in memory (set before the connection makes any temporary table:
      // changing it later drops them). Inside a transaction, every statement that may fail
      // half-way (a multi-row insert, one with triggers) first copies each page it changes to
      // a statement journal; SQLite keeps that journal in memory up to 64 KiB, then in a
      // temporary file, which stays a file for the rest of the transaction. An import's batch
      // (one transaction: its 200-row insert of clippings, then every clipping's bands,
      // fingerprint and tags) wrote ~7 % of its writer's CPU into that file, nearly all of it
      // the kernel's (tests/bench/results/import-s12-writer.md). In memory, a journal lasts as
      // long as its statement. This also keeps this connection's temporary tables and
      // indexes in memory rather than in a temporary file.
      db.pragma('temp_store = MEMORY');
      migrate(db, version, target);
    } else if (version < LATEST_VERSION) {
      throw new DatabaseError(`${file} needs an upgrade (schema ${version} → ${LATEST_VERSION}); open it once for writing`);
    }
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

/**
 * The SQL functions the schema calls, on a connection to an archive: every connection that
 * reads the clippings' text or the body's full-text index (its content view) needs them.
 */
export function registerFunctions(db: Db): void {
  // Used by the triggers of the CJK side index (migrations 7 and 27).
  registerCjkFunctions(db);
  // The clipping's text, stored compressed (migration 24).
  registerTextFunctions(db);
}

/**
 * The archive's schema version; a DatabaseError naming the file when it is not an SQLite
 * database or was written by a newer Cuttings (nothing is written to it).
 */
export function checkSchemaVersion(db: Db, file: string): number {
  let version: number;
  try {
    version = db.pragma('user_version', { simple: true }) as number;
    db.prepare('SELECT count(*) FROM sqlite_schema').get();
  } catch (err) {
    throw new DatabaseError(`${file} is not a Cuttings archive (${(err as Error).message})`);
  }
  if (version > LATEST_VERSION) {
    throw new DatabaseError(
      `${file} was written by a newer version of Cuttings (schema ${version}; this version knows up to ${LATEST_VERSION}). ` +
        'Update Cuttings to open it; the file was left untouched.',
    );
  }
  return version;
}

function isEmpty(db: Db): boolean {
  const row = db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%'").get() as { n: number };
  return row.n === 0;
}

/**
 * Runs the migrations after the database's current version up to `target` (tests of a
 * single migration step: open at N−1 with `targetVersion`, add data, migrate to N).
 * Never goes down; a target beyond the latest is an error.
 */
export function migrateTo(db: Db, target: number): void {
  const from = schemaVersion(db);
  if (!Number.isInteger(target) || target < from || target > LATEST_VERSION) {
    throw new DatabaseError(`cannot migrate from schema ${from} to ${target} (this version knows up to ${LATEST_VERSION})`);
  }
  migrate(db, from, target);
}

function migrate(db: Db, from: number, to: number): void {
  let compact = false;
  for (const m of MIGRATIONS) {
    if (m.version <= from || m.version > to) continue;
    db.transaction(() => {
      if (typeof m.up === 'string') db.exec(m.up);
      else m.up(db);
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
    if (m.compactAfter && from > 0) compact = true;
  }
  if (compact) {
    // Best effort: VACUUM needs room for a copy and no other reader; failing, it changes nothing.
    try {
      db.exec('VACUUM');
    } catch {
      /* the archive is whole and upgraded either way; the space is given back by a later VACUUM */
    }
  }
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}
