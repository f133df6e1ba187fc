import type { Migration } from './index.ts';

/**
 * Change marks for the ranking lists of broad queries (db/query/topk.ts; issue 13).
 *
 * The search engine keeps, for a broad word, phrase or prefix, its best-ranked clippings
 * and a bound for all the others, read from the body's full-text index (`clipping_fts`)
 * at some moment. A clipping whose body document changes after that moment — added,
 * edited (title, byline, outlet, text), trashed or restored — is no longer covered by
 * the bound: this log lists it, and the engine scores the clippings listed since a list
 * was read beside the list's own (a deleted clipping leaves the index: nothing to mark).
 *
 * `seq` only grows (AUTOINCREMENT: a number is never given twice, except by a rolled-back
 * transaction, which the engine allows for by reading lists outside transactions). Only
 * the last RANK_CHANGES_KEPT marks are kept; a list read more marks ago than that is
 * out of date as a whole and read again.
 */
export const RANK_CHANGES_KEPT = 1000;

const mark = (id: string) => `
  INSERT INTO clipping_rank_changes (clipping_id) VALUES (${id});
  DELETE FROM clipping_rank_changes WHERE seq <= (SELECT max(seq) FROM clipping_rank_changes) - ${RANK_CHANGES_KEPT};`;

export const migration019: Migration = {
  version: 19,
  name: 'search: change marks for the ranking lists of broad queries',
  up: `
CREATE TABLE clipping_rank_changes (
  seq         INTEGER PRIMARY KEY AUTOINCREMENT,
  clipping_id INTEGER NOT NULL
);
CREATE TRIGGER clippings_rank_ai AFTER INSERT ON clippings BEGIN${mark('NEW.id')}
END;
CREATE TRIGGER clippings_rank_au AFTER UPDATE OF title, byline, outlet, text, deleted_at ON clippings BEGIN${mark('NEW.id')}
END;
`,
};
