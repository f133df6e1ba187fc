/**
 * Backup and restore of a whole archive file (the copying, checking and renaming is in
 * `db/backup.ts`, the checks of a backup in `db/check.ts`):
 *
 * - `backupArchive`: a consistent copy of the live archive through SQLite's online
 *   backup API (other connections may keep writing), written under a temporary name,
 *   verified, then renamed into place.
 * - `validateBackup`: read-only checks that a file is a sound Cuttings archive.
 * - `restoreArchive`: replaces an archive file by a validated backup (atomically), then
 *   opens it once with `openDatabase` so an older backup is migrated.
 * - `dailyBackup`: the app's start-up backup, one a day, the last `keep` kept.
 *
 * Problems are `DatabaseError`s (the file is named in the message); a full disk is the
 * contract's `disk_full` ApiError, naming the file too.
 */
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { holdExclusively, isLiveFile, occupant, onlineCopy, openOnce, removeStaleTemps, replaceWithCopy, sameFile, snapshotCopy } from '../../../db/backup.ts';
import { validateBackup } from '../../../db/check.ts';
import { DatabaseError, type Db } from '../../../db/open.ts';
import { diskFullError, isDiskFull } from '../disk-full.ts';

export { validateBackup, type BackupInfo } from '../../../db/check.ts';

/**
 * A consistent copy of the archive open on `db`, made while it stays in use. The copy
 * goes to a temporary file next to `target`, is switched to a single-file (rollback
 * journal) database, checked (integrity, same schema version, full-text index) and
 * only then renamed over `target`. Refuses to write over the live archive itself.
 */
export async function backupArchive(db: Db, target: string): Promise<{ bytes: number; pages: number }> {
  const dest = path.resolve(target);
  if (isLiveFile(db, dest)) throw new DatabaseError(`${target} is the archive itself: choose another file for the backup`);
  if (existsSync(dest) && statSync(dest).isDirectory()) throw new DatabaseError(`${target} is a folder: give a file name for the backup`);
  mkdirSync(path.dirname(dest), { recursive: true });
  // Leftovers of an earlier backup to this file that was killed (only our temporary names).
  removeStaleTemps(dest);
  try {
    const { pages } = await onlineCopy(db, dest, target);
    return { bytes: statSync(dest).size, pages };
  } catch (err) {
    if (isDiskFull(err)) throw diskFullError(`the backup ${target} was not written (no part of it was left)`);
    if (err instanceof DatabaseError) throw err;
    throw new DatabaseError(`backup to ${target} failed: ${(err as Error).message}`);
  }
}

/**
 * The app's automatic backup: when `dir` holds no `cuttings-YYYY-MM-DD.db` for the day
 * of `now` (local time), makes one (synchronously, `VACUUM INTO`: a consistent snapshot
 * that does not block other connections' writes), then deletes the oldest files of
 * that pattern beyond `keep`. Returns the new backup's path, or null when today's
 * already exists. Other files in `dir` are never touched. Throws DatabaseError (or
 * ApiError disk_full) on failure: the caller should log it rather than stop the app.
 */
export function dailyBackup(db: Db, dir: string, now: Date, keep = 7): string | null {
  mkdirSync(dir, { recursive: true });
  const name = `cuttings-${localDay(now)}.db`;
  const dest = path.resolve(dir, name);
  let made: string | null = null;
  if (!existsSync(dest)) {
    if (isLiveFile(db, dest)) throw new DatabaseError(`${dest} is the archive itself: choose another folder for backups`);
    try {
      snapshotCopy(db, dest);
    } catch (err) {
      if (isDiskFull(err)) throw diskFullError(`the daily backup ${dest} was not written (no part of it was left)`);
      if (err instanceof DatabaseError) throw err;
      throw new DatabaseError(`daily backup to ${dest} failed: ${(err as Error).message}`);
    }
    made = dest;
  }
  const backups = readdirSync(dir)
    .filter((f) => DAILY_PATTERN.test(f))
    .sort()
    .reverse();
  for (const old of backups.slice(Math.max(0, keep))) rmSync(path.join(dir, old), { force: true });
  // Leftovers of an interrupted daily backup (db/backup.ts's temporary names).
  for (const f of readdirSync(dir)) if (DAILY_TEMP_PATTERN.test(f)) rmSync(path.join(dir, f), { force: true });
  return made;
}

const DAILY_PATTERN = /^cuttings-\d{4}-\d{2}-\d{2}\.db$/;
const DAILY_TEMP_PATTERN = /^\.cuttings-\d{4}-\d{2}-\d{2}\.db\.tmp-[0-9a-f]+(?:-wal|-shm|-journal)?$/;

function localDay(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

export interface RestoreResult {
  /** Clippings in the restored archive, live and trashed. */
  clippings: number;
  /** Schema version of the backup as found (before migration). */
  fromVersion: number;
  schemaVersion: number;
}

/**
 * Replaces the archive `targetFile` by the backup `source`.
 *
 * The backup is validated first (`validateBackup`). A target that holds clippings
 * (live or in the trash), or is not a Cuttings archive at all, is only replaced with
 * `force`. The copy is atomic: a consistent snapshot of the source is written to a
 * temporary file in the target's folder, checked, fsynced, the target's stale
 * -wal/-shm are removed and the copy is renamed over it. It is then opened once with
 * `openDatabase`, which migrates a backup from an older version.
 *
 * The caller must close every connection to `targetFile` first (the Archive open on it
 * in this process included) and reopen it afterwards: see `restoreHandler`. While any
 * other connection has it open (another process: the app, `cuttings serve`), the
 * restore is refused before anything is written (`holdExclusively`), since that
 * process would go on writing to the replaced file; the hold keeps others out until
 * the new file is in place.
 */
export function restoreArchive(source: string, targetFile: string, opts: { force?: boolean } = {}): RestoreResult {
  const dest = path.resolve(targetFile);
  if (sameFile(source, dest)) throw new DatabaseError(`${source} is the archive itself: nothing to restore`);
  const info = validateBackup(source);

  if (!opts.force) {
    const existing = occupant(dest);
    if (existing === 'not-archive') throw new DatabaseError(`${targetFile} is not a Cuttings archive: use --force to replace it`);
    if (existing > 0) throw new DatabaseError(`${targetFile} is not empty (${existing} clipping${existing === 1 ? '' : 's'}): use --force to replace it`);
  }
  if (existsSync(dest) && statSync(dest).isDirectory()) throw new DatabaseError(`${targetFile} is a folder`);

  mkdirSync(path.dirname(dest), { recursive: true });
  // No other connection may have the target open while it is replaced (`holdExclusively`).
  const hold = holdExclusively(dest, targetFile);
  try {
    // Leftovers of an earlier restore that was killed (safe now: nobody else is restoring it).
    removeStaleTemps(dest);
    replaceWithCopy(source, dest, info.schemaVersion);
  } catch (err) {
    if (isDiskFull(err)) throw diskFullError(`${source} was not restored into ${targetFile} (the archive is as it was)`);
    if (err instanceof DatabaseError) throw err;
    throw new DatabaseError(`restoring ${source} into ${targetFile} failed: ${(err as Error).message}`);
  } finally {
    hold.release();
  }

  const opened = openOnce(dest);
  return { clippings: opened.clippings, fromVersion: info.schemaVersion, schemaVersion: opened.schemaVersion };
}
