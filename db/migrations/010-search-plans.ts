import type { Migration } from './index.ts';

/**
 * Search that never turns into a per-row probe (issue 13).
 *
 * 1. Two covering indexes over what search filters and facets read from `clippings`:
 *    the trash state, dates, language, star and read state, media type, tone, story
 *    cluster and outlet. Those columns live after `text` in the row (added by later
 *    migrations), so reading them from the table means walking each row's overflow
 *    pages; from an index they cost one b-tree step.
 *    - `clippings_filters`, keyed by id: a full-text match joined to its clipping (the
 *      engine drives from the FTS5 match and looks each match up here, never the
 *      reverse — see db/search.ts).
 *    - `clippings_live_filters`, in date order: filter-only queries, listed newest or
 *      oldest first. It starts with the columns of `clippings_live_sort`, which it
 *      replaces.
 * 2. `clipping_fts` rebuilt with FTS5 prefix indexes of 2 and 3 characters, so that `ab*`
 *    reads one doclist instead of merging every word that starts with "ab". Same
 *    columns, content view, tokenizer and triggers (they name the table, which keeps
 *    its name); only the index is recomputed.
 */
export const migration010: Migration = {
  version: 10,
  name: 'search plans: covering filter indexes, short-prefix index',
  up: `
DROP INDEX clippings_live_sort;
CREATE INDEX clippings_live_filters ON clippings(deleted_at, sort_key DESC, id DESC, published_at, lang, starred, is_read, media_type, tone, cluster_id, outlet);
CREATE INDEX clippings_filters ON clippings(id, deleted_at, sort_key, published_at, lang, starred, is_read, media_type, tone, cluster_id, outlet);

DROP TABLE clipping_fts;
CREATE VIRTUAL TABLE clipping_fts USING fts5(
  title, byline, outlet, body, tags, notes, annotations,
  content = 'clipping_fts_source', content_rowid = 'id',
  tokenize = 'porter unicode61 remove_diacritics 2',
  prefix = '2 3'
);
INSERT INTO clipping_fts (clipping_fts) VALUES ('rebuild');
`,
};
