import type { Migration } from './index.ts';

/**
 * Versions and story clusters.
 * - clipping_versions: the earlier states of a clipping whose article was captured again
 *   at the same canonical URL with changed text (the clipping itself is the newest).
 * - cluster_id: wire copy (the same agency story run by many outlets) is grouped into a
 *   story cluster, identified by the id of its first member; NULL for a clipping alone.
 * - clipping_minhash / clipping_lsh: a MinHash signature of each clipping's text and its
 *   locality-sensitive-hashing bands, to find near-duplicates without comparing texts.
 */
export const migration006: Migration = {
  version: 6,
  name: 'versions and story clusters',
  up: `
CREATE TABLE clipping_versions (
  id           INTEGER PRIMARY KEY,
  clipping_id  INTEGER NOT NULL REFERENCES clippings(id) ON DELETE CASCADE,
  capture_id   INTEGER REFERENCES captures(id) ON DELETE SET NULL,
  title        TEXT NOT NULL,
  byline       TEXT,
  published_at TEXT,
  modified_at  TEXT,
  text         TEXT NOT NULL,
  html         TEXT,
  figures      TEXT NOT NULL DEFAULT '[]',
  word_count   INTEGER NOT NULL,
  content_hash TEXT NOT NULL,
  captured_at  TEXT NOT NULL,
  replaced_at  TEXT NOT NULL
);
CREATE INDEX clipping_versions_clipping ON clipping_versions(clipping_id, id);
CREATE INDEX clipping_versions_hash ON clipping_versions(content_hash);

ALTER TABLE clippings ADD COLUMN cluster_id INTEGER;
CREATE INDEX clippings_cluster ON clippings(cluster_id) WHERE cluster_id IS NOT NULL;

CREATE TABLE clipping_minhash (
  clipping_id INTEGER PRIMARY KEY REFERENCES clippings(id) ON DELETE CASCADE,
  shingles    INTEGER NOT NULL,
  signature   BLOB NOT NULL
);
CREATE TABLE clipping_lsh (
  band        INTEGER NOT NULL,
  hash        INTEGER NOT NULL,
  clipping_id INTEGER NOT NULL REFERENCES clippings(id) ON DELETE CASCADE,
  PRIMARY KEY (band, hash, clipping_id)
) WITHOUT ROWID;
CREATE INDEX clipping_lsh_clipping ON clipping_lsh(clipping_id);
`,
};
