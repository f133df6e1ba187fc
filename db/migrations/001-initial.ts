import type { Migration } from './index.ts';

/**
 * The first schema: captures (the original bytes, kept forever), clippings derived
 * from them, tags, annotations (W3C TextQuote + TextPosition selectors) and clip notes.
 */
export const migration001: Migration = {
  version: 1,
  name: 'initial schema',
  up: `
CREATE TABLE captures (
  id               INTEGER PRIMARY KEY,
  media_type       TEXT NOT NULL,
  source_path      TEXT,
  source_url       TEXT,
  captured_at      TEXT NOT NULL,
  sha256           TEXT NOT NULL,
  byte_size        INTEGER NOT NULL,
  content_encoding TEXT NOT NULL DEFAULT 'identity' CHECK (content_encoding IN ('identity', 'gzip')),
  bytes            BLOB NOT NULL
);
CREATE INDEX captures_sha256 ON captures(sha256);

CREATE TABLE clippings (
  id             INTEGER PRIMARY KEY,
  capture_id     INTEGER REFERENCES captures(id) ON DELETE SET NULL,
  title          TEXT NOT NULL DEFAULT '',
  byline         TEXT,
  outlet         TEXT,
  source_url     TEXT,
  canonical_url  TEXT,
  url_key        TEXT,
  published_at   TEXT,
  modified_at    TEXT,
  captured_at    TEXT NOT NULL,
  sort_key       TEXT NOT NULL,
  lang           TEXT,
  excerpt        TEXT,
  text           TEXT NOT NULL DEFAULT '',
  html           TEXT,
  figures        TEXT NOT NULL DEFAULT '[]',
  lead_image     TEXT,
  word_count     INTEGER NOT NULL DEFAULT 0,
  content_hash   TEXT NOT NULL,
  note           TEXT NOT NULL DEFAULT '',
  created_at     TEXT NOT NULL,
  updated_at     TEXT NOT NULL
);
CREATE INDEX clippings_sort ON clippings(sort_key DESC, id DESC);
CREATE INDEX clippings_url_key ON clippings(url_key) WHERE url_key IS NOT NULL;
CREATE INDEX clippings_content_hash ON clippings(content_hash);
CREATE INDEX clippings_capture ON clippings(capture_id);

CREATE TABLE tags (
  id         INTEGER PRIMARY KEY,
  name       TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(trim(name)) > 0),
  color      TEXT,
  created_at TEXT NOT NULL
);

CREATE TABLE clipping_tags (
  clipping_id INTEGER NOT NULL REFERENCES clippings(id) ON DELETE CASCADE,
  tag_id      INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
  added_at    TEXT NOT NULL,
  PRIMARY KEY (clipping_id, tag_id)
) WITHOUT ROWID;
CREATE INDEX clipping_tags_tag ON clipping_tags(tag_id, clipping_id);

CREATE TABLE annotations (
  id          INTEGER PRIMARY KEY,
  clipping_id INTEGER NOT NULL REFERENCES clippings(id) ON DELETE CASCADE,
  exact       TEXT NOT NULL,
  prefix      TEXT NOT NULL DEFAULT '',
  suffix      TEXT NOT NULL DEFAULT '',
  start       INTEGER,
  end         INTEGER,
  color       TEXT NOT NULL DEFAULT 'yellow',
  note        TEXT NOT NULL DEFAULT '',
  state       TEXT NOT NULL DEFAULT 'anchored' CHECK (state IN ('anchored', 'orphaned')),
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL
);
CREATE INDEX annotations_clipping ON annotations(clipping_id);
`,
};
