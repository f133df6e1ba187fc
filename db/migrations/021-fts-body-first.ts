import type { Migration } from './index.ts';

/**
 * The body's full-text index with the body as its first column (issue 14, database size).
 *
 * FTS5 writes a position list per word and document: positions in column 0 come first and
 * bare; those in any later column follow a column marker, two bytes (0x01, the column's
 * number). `clipping_fts` had the body last (title, byline, outlet, body), so nearly every
 * entry of the index — the words' and, as often again, the 2- and 3-letter prefixes' — paid
 * those two bytes: 4.88 KB of index per clipping of 3.7 KB text, 3.67 KB with the body
 * first (10,000 imported text captures: tests/bench/results/db-size-10000.md; the
 * variants side by side: fts-prefix-10000.md). The title (ten words or so) pays them
 * instead.
 *
 * Nothing else changes: same columns, tokenizer, prefix indexes and content view (FTS5
 * reads an external content table by column name, and every trigger names its columns),
 * so the same documents and matches; bm25's weights and highlight()'s column number follow
 * the order (db/query/split.ts `TABLE_COLUMNS`, `BM25`). The index is built again from the
 * view ('rebuild'). Its old pages are freed and the new index is smaller, so the archive
 * is compacted (VACUUM: it needs free disk for a copy; without, the space stays free inside
 * the file — the archive is not in auto_vacuum mode, so incremental_vacuum cannot give it
 * back either). At 100k clippings the upgrade took 7.7 min, VACUUM included, on a heavily
 * loaded machine (1,081 → 951 MB).
 */
export const migration021: Migration = {
  version: 21,
  name: 'search: the body first in its full-text index',
  compactAfter: true,
  up: `
DROP TABLE clipping_fts;
CREATE VIRTUAL TABLE clipping_fts USING fts5(
  body, title, byline, outlet,
  content = 'clipping_fts_source', content_rowid = 'id',
  tokenize = 'porter unicode61 remove_diacritics 2',
  prefix = '2 3'
);
INSERT INTO clipping_fts (clipping_fts) VALUES ('rebuild');
`,
};
