import type { Migration } from './index.ts';

/**
 * The LSH bands of the newest clippings apart from the rest (db/clusters.ts; issue 14).
 * A clipping's 16 band hashes are random keys: written straight into `clipping_lsh` (1.6M
 * rows at 100k clippings), a batch of 200 new clippings changed ~2,000 of its pages, each
 * written to the WAL at the commit and again at the checkpoint — the largest part of an
 * import's write after the full-text index. New bands go to `clipping_lsh_recent`, small
 * enough for a batch to change only a few hundred pages; once it holds
 * `LSH_RECENT_MAX` rows they are moved into `clipping_lsh` in one sorted pass, which
 * changes each of its pages at most once for thousands of clippings. A clipping's bands are
 * in one table or the other, never both; lookups read both.
 *
 * No foreign key on the new table: SQLite checks one on every row written AND deleted (a
 * lookup in `clippings` each: ~40% of the CPU of inserting a clipping's bands, and most of
 * emptying the table after a move); a trigger deletes a clipping's recent bands with it, as
 * the cascade of `clipping_lsh` does. Nothing is moved by this step: the new table starts
 * empty (no work at any archive size).
 */
export const migration025: Migration = {
  version: 25,
  name: 'near-duplicates: the newest clippings\' LSH bands in a table of their own',
  up: `
CREATE TABLE clipping_lsh_recent (
  band        INTEGER NOT NULL,
  hash        INTEGER NOT NULL,
  clipping_id INTEGER NOT NULL,
  PRIMARY KEY (band, hash, clipping_id)
) WITHOUT ROWID;
CREATE INDEX clipping_lsh_recent_clipping ON clipping_lsh_recent(clipping_id);
CREATE TRIGGER clippings_lsh_recent_ad AFTER DELETE ON clippings BEGIN
  DELETE FROM clipping_lsh_recent WHERE clipping_id = OLD.id;
END;
`,
};
