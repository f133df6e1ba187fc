import type { Migration } from './index.ts';

/**
 * Images that came with a capture (MHTML parts, a saved page's `_files` folder, inline
 * e-mail images), stored so clippings show them offline. The clipping's HTML refers to
 * them as `cuttings-image:<sha256>`.
 */
export const migration005: Migration = {
  version: 5,
  name: 'capture resources (images)',
  up: `
CREATE TABLE capture_resources (
  id         INTEGER PRIMARY KEY,
  capture_id INTEGER NOT NULL REFERENCES captures(id) ON DELETE CASCADE,
  url        TEXT NOT NULL,
  media_type TEXT NOT NULL,
  sha256     TEXT NOT NULL,
  byte_size  INTEGER NOT NULL,
  bytes      BLOB NOT NULL
);
CREATE INDEX capture_resources_capture ON capture_resources(capture_id);
CREATE INDEX capture_resources_sha256 ON capture_resources(sha256);
`,
};
