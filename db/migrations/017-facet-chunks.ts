import type { Migration } from './index.ts';

/**
 * Change marks for the in-memory facet data of search (db/facets.ts; issue 13).
 *
 * Facet counts and story-cluster collapse read, for every clipping a query matches, its
 * outlet, year, story cluster and tags. Read from SQLite that is one index lookup per
 * match (0.3–0.7 s for a word in every clipping at 100k), so the search engine keeps
 * those values in memory, in chunks of 1,024 clipping ids. This table says when a
 * chunk's copy is out of date: every change to what a chunk holds gives its row a new
 * random `gen` (a clipping added, deleted, trashed or restored, its outlet, dates or
 * cluster changed, a tag linked or unlinked — deleting a tag unlinks it through the
 * foreign key's cascade, which fires these triggers too). A copy is current when its
 * `gen` is the chunk's; a chunk without a row has gen 0.
 *
 * Random rather than counted, so that a value never comes back: a copy read inside a
 * transaction that was then rolled back, or from another file opened in its place (a
 * restored backup), can never be taken for current. `>> 11` keeps it within the
 * integers a JavaScript number holds exactly.
 *
 * Tag names are not copied (they are read with the counts), so renaming a tag marks
 * nothing. The chunk is `id >> 10` (FACET_CHUNK_BITS in db/facets.ts).
 */
const bump = (id: string) => `INSERT OR REPLACE INTO clipping_facet_chunks (chunk, gen) VALUES (${id} >> 10, random() >> 11);`;

export const migration017: Migration = {
  version: 17,
  name: 'search: change marks for the in-memory facet data',
  up: `
CREATE TABLE clipping_facet_chunks (
  chunk INTEGER PRIMARY KEY,
  gen   INTEGER NOT NULL
);
CREATE TRIGGER clippings_facets_ai AFTER INSERT ON clippings BEGIN
  ${bump('NEW.id')}
END;
CREATE TRIGGER clippings_facets_ad AFTER DELETE ON clippings BEGIN
  ${bump('OLD.id')}
END;
CREATE TRIGGER clippings_facets_au AFTER UPDATE OF id, outlet, published_at, sort_key, deleted_at, cluster_id ON clippings BEGIN
  ${bump('OLD.id')}
  ${bump('NEW.id')}
END;
CREATE TRIGGER clipping_tags_facets_ai AFTER INSERT ON clipping_tags BEGIN
  ${bump('NEW.clipping_id')}
END;
CREATE TRIGGER clipping_tags_facets_ad AFTER DELETE ON clipping_tags BEGIN
  ${bump('OLD.clipping_id')}
END;
CREATE TRIGGER clipping_tags_facets_au AFTER UPDATE ON clipping_tags BEGIN
  ${bump('OLD.clipping_id')}
  ${bump('NEW.clipping_id')}
END;
`,
};
