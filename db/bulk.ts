import type { Db } from './open.ts';

/**
 * How a connection writes while it imports in bulk (`beginBulkWriting`): a larger page cache
 * and a WAL checkpointed every few batches rather than at every batch's commit.
 *
 * At 100k clippings a batch of 200 new clippings changes ~1,600 pages of 8 KB
 * (tests/bench/results/import-s13-writer.md): the body index's new segment and its merges,
 * but most of them one leaf page per clipping in each index whose keys are random (the
 * capture's hash, the text's hash, the sort key, the live-filter index, the LSH bands'
 * tables), each of which has about a thousand leaf pages at that size. That is more than
 * SQLite's 1,000-page auto-checkpoint, so every commit copied all of its pages from the WAL
 * into the file again (and synced it); the next batch changes most of the same index pages
 * again. Checkpointing every CHECKPOINT_PAGES copies each page once for several batches
 * (130 → 104 KB written a clipping with both settings, measured). The page cache (16 MB, better-sqlite3's
 * default: 2,000 such pages) is smaller than what successive batches touch, so their pages
 * were read back from the file again and again (~47 page reads a clipping, ~22 with CACHE_KIB).
 *
 * Only the importing connection's own settings, for the import's duration: a connection
 * that reads while another process writes pays for a larger cache (it is dropped at each of
 * the other's commits), and an app's connection goes back to SQLite's defaults after.
 */
const CACHE_KIB = 64 * 1024;
const CHECKPOINT_PAGES = 8000;

/** Per connection: the bulk writers running on it, and the settings to put back after the last. */
const running = new WeakMap<Db, { writers: number; cacheSize: number; checkpointPages: number }>();

/**
 * Sets the connection's bulk-writing settings (unless a bulk writer on it has already) and
 * returns the function that ends this writer's share: after the last, the settings before
 * it are put back, then the WAL is checkpointed (which may throw, e.g. on a full disk: the
 * settings are back already, and a later commit checkpoints).
 */
export function beginBulkWriting(db: Db): () => void {
  let state = running.get(db);
  if (!state) {
    state = {
      writers: 0,
      cacheSize: db.pragma('cache_size', { simple: true }) as number,
      checkpointPages: db.pragma('wal_autocheckpoint', { simple: true }) as number,
    };
    running.set(db, state);
    db.pragma(`cache_size = -${CACHE_KIB}`);
    db.pragma(`wal_autocheckpoint = ${CHECKPOINT_PAGES}`);
  }
  state.writers++;
  let ended = false;
  return () => {
    if (ended || !db.open) return;
    ended = true;
    if (--state.writers > 0) return;
    running.delete(db);
    db.pragma(`cache_size = ${state.cacheSize}`);
    db.pragma(`wal_autocheckpoint = ${state.checkpointPages}`);
    if (!db.inTransaction) db.pragma('wal_checkpoint(PASSIVE)');
  };
}
