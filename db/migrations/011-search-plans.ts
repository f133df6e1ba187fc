import type { Migration } from './index.ts';

/**
 * The letters Unicode does not decompose, and their plain spelling: what the content
 * view below replaces (kept here, as shipped; db/fold.ts FOLDED_LETTERS must agree —
 * tests/db/fold.test.ts checks it).
 */
const LETTERS: readonly (readonly [string, string])[] = [
  ['ø', 'o'], ['Ø', 'o'], ['ł', 'l'], ['Ł', 'l'], ['đ', 'd'], ['Đ', 'd'], ['ð', 'd'], ['Ð', 'd'], ['þ', 'th'], ['Þ', 'th'],
  ['ß', 'ss'], ['ẞ', 'ss'], ['æ', 'ae'], ['Æ', 'ae'], ['œ', 'oe'], ['Œ', 'oe'], ['ı', 'i'], ['ħ', 'h'], ['Ħ', 'h'], ['ŀ', 'l'], ['Ŀ', 'l'],
];

/** `expr` with every letter of LETTERS replaced, in built-in SQL (nested replace()). */
const folded = (expr: string): string => LETTERS.reduce((e, [from, to]) => `replace(${e}, '${from}', '${to}')`, expr);

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
 *    - `clippings_live_filters`, in date order: filter-only queries and broad matches
 *      listed newest or oldest first (walked in order until the page is full). It
 *      starts with the columns of `clippings_live_sort`, which it replaces.
 * 2. Letters Unicode does not decompose fold in full-text search (issue 13, item 5):
 *    "Lodz" finds "Łódź", "Strasse" finds "Straße". The tokenizer cannot do it
 *    (unicode61 keeps ł, ø, ß… as they are) and an app-defined tokenizer or function
 *    would make the index unusable — and writes fail — in other SQLite tools (issue
 *    11). So the content view `clipping_fts_source` hands FTS5 each column with those
 *    letters replaced by built-in replace() calls; the query builder folds the query
 *    the same way (db/fold.ts). highlight() and snippet() read the view, so they see
 *    the folded text: the engine maps highlighted ranges back to the text as written
 *    (db/search.ts). Otherwise the view is migration 008's, column for column.
 * 3. `clipping_fts` rebuilt with FTS5 prefix indexes of 2 and 3 characters, so that `ab*`
 *    reads one doclist instead of merging every word that starts with "ab". Same
 *    columns, tokenizer and triggers (they name the table and the view, which keep
 *    their names); the documents are re-read through the new view.
 */
export const migration011: Migration = {
  version: 11,
  name: 'search: covering filter indexes, folded letters, short-prefix index',
  up: `
DROP INDEX clippings_live_sort;
CREATE INDEX clippings_live_filters ON clippings(deleted_at, sort_key DESC, id DESC, published_at, lang, starred, is_read, media_type, tone, cluster_id, outlet);
CREATE INDEX clippings_filters ON clippings(id, deleted_at, sort_key, published_at, lang, starred, is_read, media_type, tone, cluster_id, outlet);

DROP VIEW clipping_fts_source;
CREATE VIEW clipping_fts_source (id, title, byline, outlet, body, tags, notes, annotations) AS
SELECT
  c.id, ${folded('c.title')}, ${folded("coalesce(c.byline, '')")}, ${folded("coalesce(c.outlet, '')")}, ${folded('c.text')},
  ${folded(`coalesce((SELECT group_concat(name, ' ; ')
              FROM (SELECT t.name AS name
                      FROM clipping_tags ct JOIN tags t ON t.id = ct.tag_id
                     WHERE ct.clipping_id = c.id
                     ORDER BY t.id)), '')`)},
  ${folded('c.note')},
  ${folded(`coalesce((SELECT group_concat(passage, ' ; ')
              FROM (SELECT a.exact || ' ' || a.note AS passage
                      FROM annotations a
                     WHERE a.clipping_id = c.id
                     ORDER BY a.id)), '')`)}
FROM clippings c
WHERE c.deleted_at IS NULL;

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
