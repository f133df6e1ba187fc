import type { Db } from './open.ts';

/**
 * Gives the archive's free pages back to the file system, so the file shrinks (in WAL mode,
 * at the next checkpoint). A bulk import leaves many: the full-text index merges its
 * segments as it grows, and what the last merges free is not reused before the import
 * ends (a quarter of the file in some runs, tests/bench/results/db-size-notes.md). Only in
 * an archive made in incremental auto-vacuum mode (every new one, db/open.ts); in an older
 * archive it does nothing (its free pages are reused by later writes).
 */
export function releaseFreePages(db: Db): void {
  if (db.pragma('auto_vacuum', { simple: true }) !== 2) return; // 2: incremental
  if ((db.pragma('freelist_count', { simple: true }) as number) > 0) db.pragma('incremental_vacuum');
}
