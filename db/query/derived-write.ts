/**
 * Writes of derived data (the ranking lists and side counts in `rank_lists`:
 * query/topk.ts, query/topk-side.ts) by a search, which must never wait for a writer.
 */
import type { Db } from '../open.ts';

/**
 * Runs `write` in a write transaction of its own: only outside a transaction, by a
 * connection that may write, and only if the write lock is free at once (none of the busy
 * timeout's waiting: a search is never held up by a writer, nor a writer by more than
 * this write). A failure of SQLite's is no failure of the search: the data is derived.
 */
export function writeDerived(db: Db, write: () => void): void {
  if (db.readonly || db.inTransaction) return;
  const timeout = db.pragma('busy_timeout', { simple: true }) as number;
  db.pragma('busy_timeout = 0');
  try {
    db.transaction(write).immediate();
  } catch (err) {
    // Derived data: a lock held (SQLITE_BUSY), a full disk or a read-only file cost only speed, never the search.
    if (!String((err as { code?: unknown }).code).startsWith('SQLITE_')) throw err;
  } finally {
    db.pragma(`busy_timeout = ${timeout}`);
  }
}
