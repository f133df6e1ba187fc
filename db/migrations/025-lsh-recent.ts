import type { Migration } from './index.ts';

/**
 * The LSH bands of the newest clippings apart from the rest (db/clusters.ts; issue 14).
 * A clipping's 16 band hashes are random keys: written straight into `clipping_lsh` (1.6M
 * rows at 100k clippings), a batch of 200 new clippings changed ~2,400 of its 5,650 pages (4 KB), each
 * written to the WAL at the commit and again at the checkpoint — the largest part of an
 * import's write after the full-text index. New bands go to `clipping_lsh_recent`, small
 * enough for a batch to change only a few hundred pages; once it holds
 * `LSH_RECENT_MAX` rows they are moved into `clipping_lsh` one band at a time, in sorted
 * passes that change each of its pages at most once for thousands of clippings. A clipping's bands are
 * in one table or the other, never both; lookups read both.
 *
 * No foreign key on the new table: SQLite checks one on every row written AND deleted (a
 * lookup in `clippings` each: about half the CPU of moving rows into `clipping_lsh`, which
 * keeps its own, and nearly all of emptying the recent table after a move, 235 of 238 ms for
 * 131k rows); a trigger deletes a clipping's recent bands with it, as the cascade of
 * `clipping_lsh` does. Nothing is moved by this step: the new table starts
 * empty (no work at any archive size).
 *
 * Also: the insert trigger of team sync on clippings fires only when it has something to do
 * (SYNC_INSERT_WHEN).
 */
const LSH_RECENT = `
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
`;

/**
 * When the insert trigger of team sync (migration 014, as 024 left it) has anything to do:
 * give a clipping inserted without one its identity, or record the creation while the
 * archive is joined and not applying pulled operations. Each of its 14 statements does
 * nothing otherwise — an import gives every clipping its identity, and most archives never
 * join a team —, but each was run for every new clipping.
 */
export const SYNC_INSERT_WHEN = `NEW.uuid IS NULL OR EXISTS (SELECT 1 FROM sync_state WHERE joined = 1 AND applying = 0)`;
const SYNC_INSERT_HEAD = 'CREATE TRIGGER clippings_sync_ai AFTER INSERT ON clippings BEGIN';

export const migration025: Migration = {
  version: 25,
  keepsRankLists: true,
  name: 'import: the newest clippings\' LSH bands in a table of their own; the sync insert trigger only when it has work',
  up: (db) => {
    db.exec(LSH_RECENT);
    // The same trigger body, with a WHEN clause.
    const { sql } = db.prepare(`SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = 'clippings_sync_ai'`).get() as { sql: string };
    if (!sql.startsWith(SYNC_INSERT_HEAD)) throw new Error(`migration 25: unexpected clippings_sync_ai: ${sql.slice(0, 120)}`);
    db.exec(`DROP TRIGGER clippings_sync_ai;\n${SYNC_INSERT_HEAD.replace(/ BEGIN$/, ` WHEN ${SYNC_INSERT_WHEN} BEGIN`)}${sql.slice(SYNC_INSERT_HEAD.length)};`);
  },
};
