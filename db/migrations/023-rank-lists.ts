import type { Migration } from './index.ts';

/**
 * The ranking lists of broad queries (db/query/topk.ts; issue 13), stored in the archive:
 * read once — by the first query of a broad phrase in any process, or ahead by the
 * background warm-up of the app and `cuttings serve` — and used by every connection
 * after, until they go out of date (the change marks of migration 019, and the index's
 * average document length). Derived data: any row may be deleted at any time.
 *
 * `expr`: the body expression (ASCII letters in lower case); `schema`: the archive's schema
 * version when it was read (a later migration may rebuild the full-text index without
 * marking changes — say, with another tokenizer —, so a list is used only at the version
 * it was read at); `seq`: the last change mark when it was read; `avgdl_max`: its bound holds while the index's average document length
 * is at most this; `bound`: no clipping of the match outside the list has a higher g
 * (topk.ts); `list`: its clippings best first, as three runs of 32-bit little-endian
 * integers of equal length — ids, weighted counts, document lengths; `read_at`: when it
 * was read (ms since the epoch): beyond a cap, the oldest go first.
 */
export const migration023: Migration = {
  version: 23,
  name: 'search: ranking lists of broad queries, shared by every connection',
  up: `
CREATE TABLE rank_lists (
  id        INTEGER PRIMARY KEY,
  expr      TEXT NOT NULL UNIQUE,
  schema    INTEGER NOT NULL,
  seq       INTEGER NOT NULL,
  avgdl_max REAL NOT NULL,
  bound     REAL NOT NULL,
  list      BLOB NOT NULL,
  read_at   INTEGER NOT NULL
);
`,
};
