import type { Migration } from './index.ts';

/**
 * Search filters and the instant-search fingerprint read indexes only (issue 13).
 *
 * 1. `has:note` and `url:` test `note`, `canonical_url` and `source_url`, which were not
 *    in the covering indexes of migration 011: each clipping tested read its row, past
 *    the overflow pages of its text (`has:note` alone: 1.2 s at 100k clippings, 56 ms
 *    from the index). Both indexes are made again with those columns at the end (notes
 *    are short; URLs ~60 bytes: the two indexes grow from ~10 to ~20 MB each at 100k).
 * 2. `clippings_live_updated`: the fingerprint that decides whether the instant-search
 *    snapshot is current (count, id sum and latest `updated_at` of the live clippings,
 *    db/instant/sync.ts) read every row: 2–3.5 s at 100k on a loaded machine, 30–75 ms
 *    from this index (3.4 MB at 100k).
 */
export const migration013: Migration = {
  version: 13,
  name: 'search: notes and URLs in the covering filter indexes, an index for the instant-search fingerprint',
  up: `
DROP INDEX clippings_live_filters;
DROP INDEX clippings_filters;
CREATE INDEX clippings_live_filters ON clippings(deleted_at, sort_key DESC, id DESC, published_at, lang, starred, is_read, media_type, tone, cluster_id, outlet, note, canonical_url, source_url);
CREATE INDEX clippings_filters ON clippings(id, deleted_at, sort_key, published_at, lang, starred, is_read, media_type, tone, cluster_id, outlet, note, canonical_url, source_url);
CREATE INDEX clippings_live_updated ON clippings(deleted_at, updated_at);
`,
};
