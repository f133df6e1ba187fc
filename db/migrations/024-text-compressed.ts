import type { Migration } from './index.ts';

/**
 * The clipping's text stored compressed (issue 14, database size): the largest part of the
 * archive after the body's index — 3.65 KB of 10.05 KB per clipping of 3.7 KB text
 * (tests/bench/results/db-size-notes.md), about half of it once deflated.
 *
 * The format is SQLite's own archive format (`sqlar`, see db/text.ts): `text_z` holds the
 * UTF-8 text as a zlib `compress()` stream, or the bytes themselves when that is not
 * smaller; `text_size` its length in bytes. Outside tools still read every text: Debian's
 * `sqlite3` shell (3.40, built with zlib) has `sqlar_uncompress()` built in,
 * `SELECT CAST(sqlar_uncompress(text_z, text_size) AS TEXT) FROM clippings` prints them
 * (tests/db/text.test.ts and outside-tools.test.ts run /usr/bin/sqlite3 3.40.1), and so do
 * `clipping_fts_source` and FTS5's highlight()/snippet() on `clipping_fts` there; elsewhere
 * any zlib decompresses them (Python: `z if size == 0 or len(z) == size else zlib.decompress(z)`). The app registers a function of
 * that name and meaning on every connection (db/open.ts `registerFunctions`).
 *
 * How: `text` is renamed `text_z` — SQLite rewrites every trigger and the content view
 * that name it — and `text_size` added. The triggers and the view that name it are then
 * dropped, the texts compressed in one UPDATE (no trigger fires: the full-text and CJK
 * indexes, the rank lists and the sync outbox are about the same texts), and the triggers
 * and the view created again with every read of the value (`NEW.text_z`, `c."text_z"`…)
 * as `sqlar_uncompress(…text_z, …text_size)`; the columns named after `UPDATE OF` stay
 * (a text is always written with both). So FTS5 reads exactly the text it indexed (no
 * 'rebuild'), the sync triggers send the text, and CJK bigrams are computed from it.
 * The column keeps its declared type (TEXT, whose affinity leaves a blob as it is): a
 * table rebuild would have to recreate every index, trigger and reference to `clippings`.
 *
 * Rows shrink in place: the archive is compacted afterwards (see migration 021).
 */
export const migration024: Migration = {
  version: 24,
  name: 'clippings: the text stored compressed (sqlar format)',
  compactAfter: true,
  up: (db) => {
    db.exec(`
ALTER TABLE clippings RENAME COLUMN text TO text_z;
ALTER TABLE clippings ADD COLUMN text_size INTEGER NOT NULL DEFAULT 0;
`);
    const users = db
      .prepare(`SELECT type, name, sql FROM sqlite_schema WHERE type IN ('trigger', 'view') AND sql LIKE '%text_z%' ORDER BY type DESC, name`)
      .all() as { type: 'trigger' | 'view'; name: string; sql: string }[];
    for (const o of users) db.exec(`DROP ${o.type.toUpperCase()} "${o.name}"`);
    db.exec(`UPDATE clippings SET text_z = sqlar_compress(CAST(text_z AS BLOB)), text_size = length(CAST(text_z AS BLOB))`);
    for (const o of users) db.exec(readingStoredText(o.sql));
  },
};

/** `sql` with every read of a row's `text_z` (`NEW.text_z`, `c."text_z"`…) as the text it stores. */
function readingStoredText(sql: string): string {
  return sql.replace(/\b(NEW|OLD|c)\.("?)text_z\2/g, (_m, row: string, q: string) => `sqlar_uncompress(${row}.${q}text_z${q}, ${row}.${q}text_size${q})`);
}
