/**
 * Copies of a whole archive file: the online backup, the daily snapshot, the restore of
 * a backup over an archive. Each copy is written under a temporary name next to its
 * destination, checked (integrity, schema version, full-text index), made a single
 * file (rollback journal), fsynced and only then renamed into place; on failure the
 * temporary files are removed and the error is thrown on (callers word it).
 */
import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, existsSync, fsyncSync, openSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { checkFtsContent, checkIntegrity, checkSchemaObjects, tableNames } from './check.ts';
import { DatabaseError, openDatabase, schemaVersion, type Db } from './open.ts';

/**
 * A consistent copy of the archive open on `db` at `dest`, made with SQLite's online
 * backup API while it stays in use (writers on other connections go on; if they keep
 * changing pages the copy switches to one step so it cannot restart forever).
 * `label` names the destination in messages.
 */
export async function onlineCopy(db: Db, dest: string, label: string): Promise<{ pages: number }> {
  const version = schemaVersion(db);
  const tmp = tempNameFor(dest);
  try {
    let last = Number.POSITIVE_INFINITY;
    let steps = 0;
    let whole = false;
    const result = await db.backup(tmp, {
      progress: ({ totalPages, remainingPages }) => {
        // Another connection's write restarts the copy: remaining pages go back up.
        if (remainingPages > last || ++steps > 2 * Math.ceil(totalPages / 1024) + 8) whole = true;
        last = remainingPages;
        return whole ? 0x7fffffff : 1024;
      },
    });
    verifyCopy(tmp, label, version);
    commitFile(tmp, dest);
    return { pages: result.totalPages };
  } catch (err) {
    removeDbFiles(tmp);
    throw err;
  }
}

/** A consistent copy of the archive open on `db` at `dest`, synchronously (`VACUUM INTO`: it does not block other connections' writes). */
export function snapshotCopy(db: Db, dest: string): void {
  const tmp = tempNameFor(dest);
  try {
    db.prepare('VACUUM INTO ?').run(tmp);
    verifyCopy(tmp, dest, schemaVersion(db));
    commitFile(tmp, dest);
  } catch (err) {
    removeDbFiles(tmp);
    throw err;
  }
}

/**
 * Replaces the file `dest` by a copy of the archive file `source` (of schema
 * `version`): a consistent snapshot (`VACUUM INTO` on a read-only connection, so a
 * source in WAL mode loses nothing from its -wal file), checked; the target's stale
 * -wal/-shm/-journal are removed before the rename. No connection to `dest` may be open.
 */
export function replaceWithCopy(source: string, dest: string, version: number): void {
  const tmp = tempNameFor(dest);
  try {
    const src = new Database(source, { readonly: true, fileMustExist: true });
    try {
      src.prepare('VACUUM INTO ?').run(tmp);
    } finally {
      src.close();
    }
    // The copy is what gets restored: its schema is checked again (the source may have changed since it was validated).
    verifyCopy(tmp, source, version, { ownSchema: true });
    privateFile(tmp);
    fsyncFile(tmp);
    // A stale -wal would be replayed onto the new file: they go before the rename.
    for (const s of ['-wal', '-shm', '-journal']) rmSync(dest + s, { force: true });
    renameSync(tmp, dest);
    syncDir(path.dirname(dest));
  } catch (err) {
    removeDbFiles(tmp);
    throw err;
  }
}

/** A hold on an archive file that no other connection has open (see `holdExclusively`). */
export interface ExclusiveHold {
  release(): void;
}

/**
 * Takes `file` for the caller alone before it is replaced: a connection in SQLite's
 * exclusive locking mode takes an EXCLUSIVE lock on it, which it cannot get while any
 * other connection (of any process) has the archive open — an archive in WAL mode keeps
 * a SHARED lock for as long as a connection is open — and which keeps others out until
 * `release()`. The file is switched to a rollback journal under the lock (its -wal is
 * checkpointed into it and removed), so releasing it after the rename cannot remove a
 * -wal that belongs to the new file. Throws a DatabaseError naming `label` when another
 * process has it open (their later writes would go to the replaced file and be lost).
 * A missing file, or one that is not an SQLite database, needs no hold.
 */
export function holdExclusively(file: string, label: string): ExclusiveHold {
  const none: ExclusiveHold = { release() {} };
  if (!existsSync(file) || statSync(file).isDirectory()) return none;
  let db: Db;
  try {
    db = new Database(file, { fileMustExist: true });
  } catch {
    return none;
  }
  try {
    db.pragma('busy_timeout = 2000');
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE');
    db.exec('COMMIT');
    db.pragma('journal_mode = DELETE');
  } catch (err) {
    db.close();
    const code = (err as { code?: string }).code ?? '';
    if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
      throw new DatabaseError(`${label}: another Cuttings process has it open (the app, \`cuttings serve\` or another command): close it first, then try again`);
    }
    if (code === 'SQLITE_NOTADB') return none;
    throw err;
  }
  return { release: () => db.close() };
}

/**
 * Removes what a killed backup or restore left next to `file`: only names of this
 * module's temporary pattern for that file (`.<name>.tmp-<12 hex>` and its
 * -wal/-shm/-journal), nothing else.
 */
export function removeStaleTemps(file: string): string[] {
  const dir = path.dirname(path.resolve(file));
  const prefix = `.${path.basename(file)}.tmp-`;
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return removed;
  }
  for (const f of names) {
    if (!f.startsWith(prefix) || !TEMP_SUFFIX.test(f.slice(prefix.length))) continue;
    try {
      rmSync(path.join(dir, f), { force: true });
      removed.push(f);
    } catch {
      // Best effort: a leftover that cannot be removed now is tried again next time.
    }
  }
  return removed;
}

const TEMP_SUFFIX = /^[0-9a-f]{12}(?:-wal|-shm|-journal)?$/;

/** Opens `file` once for writing (which migrates an older archive), then counts its clippings. */
export function openOnce(file: string): { clippings: number; schemaVersion: number } {
  const db = openDatabase(file);
  try {
    const clippings = (db.prepare('SELECT count(*) AS n FROM clippings').get() as { n: number }).n;
    return { clippings, schemaVersion: schemaVersion(db) };
  } finally {
    db.close();
  }
}

/** Clippings held by an existing archive file (0 when absent or empty), or 'not-archive'. */
export function occupant(file: string): number | 'not-archive' {
  if (!existsSync(file)) return 0;
  if (statSync(file).isDirectory()) return 'not-archive';
  if (statSync(file).size === 0 && !existsSync(`${file}-wal`)) return 0;
  let db: Db;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch {
    return 'not-archive';
  }
  try {
    const tables = tableNames(db);
    if (tables.length === 0) return 0;
    if (!tables.includes('clippings')) return 'not-archive';
    return (db.prepare('SELECT count(*) AS n FROM clippings').get() as { n: number }).n;
  } catch {
    return 'not-archive';
  } finally {
    db.close();
  }
}

/** True when `dest` is the file open on `db` or one of its -wal/-shm/-journal companions. */
export function isLiveFile(db: Db, dest: string): boolean {
  if (db.memory || !db.name) return false;
  const live = path.resolve(db.name);
  if (sameFile(live, dest)) return true;
  return ['-wal', '-shm', '-journal'].some((s) => path.resolve(live + s) === dest);
}

export function sameFile(a: string, b: string): boolean {
  if (path.resolve(a) === path.resolve(b)) return true;
  try {
    const sa = statSync(a);
    const sb = statSync(b);
    return sa.dev === sb.dev && sa.ino === sb.ino;
  } catch {
    return false;
  }
}

/** Checks a fresh private copy (writable: FTS5's full check needs it) and makes it a single file. */
function verifyCopy(tmp: string, label: string, expectedVersion: number, opts: { ownSchema?: boolean } = {}): void {
  const copy = new Database(tmp, { fileMustExist: true });
  try {
    copy.pragma('journal_mode = DELETE');
    checkIntegrity(copy, label);
    const v = schemaVersion(copy);
    if (v !== expectedVersion) throw new DatabaseError(`${label}: the copy has schema ${v}, the archive ${expectedVersion}`);
    if (opts.ownSchema) checkSchemaObjects(copy, label, v);
    checkFtsContent(copy, label);
  } finally {
    copy.close();
  }
}

/** fsync, rename over `dest`, fsync the folder (where the platform allows it). */
function commitFile(tmp: string, dest: string): void {
  privateFile(tmp);
  fsyncFile(tmp);
  renameSync(tmp, dest);
  syncDir(path.dirname(dest));
}

/** Backups and restored archives hold every clipping: readable by their owner only. */
function privateFile(file: string): void {
  if (process.platform !== 'win32') chmodSync(file, 0o600);
}

function fsyncFile(file: string): void {
  const fd = openSync(file, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function syncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Windows cannot open a folder for fsync; the rename is still atomic.
  }
}

/** `.<name>.tmp-<hex>` beside `dest` (SQLite may add -wal, -shm or -journal to it). */
function tempNameFor(dest: string): string {
  return path.join(path.dirname(dest), `.${path.basename(dest)}.tmp-${randomBytes(6).toString('hex')}`);
}

function removeDbFiles(file: string): void {
  for (const s of ['', '-wal', '-shm', '-journal']) rmSync(file + s, { force: true });
}
