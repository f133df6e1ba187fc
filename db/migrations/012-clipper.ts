import type { Migration } from './index.ts';

/**
 * The browser clipper (issue 18): where a capture came from (`captures.origin`: 'clipper'
 * for what the extension sent; NULL for everything before and for files, addresses and
 * pastes), the tokens of paired browsers (only a SHA-256 of each is kept), and the clips
 * already delivered by their idempotency key (a clip the extension sends twice — its
 * offline queue retrying after a lost answer — is stored once and answered the same).
 */
export const migration012: Migration = {
  version: 12,
  name: 'browser clipper',
  up: `
ALTER TABLE captures ADD COLUMN origin TEXT;

CREATE TABLE clipper_tokens (
  id           INTEGER PRIMARY KEY,
  name         TEXT NOT NULL,
  token_hash   TEXT NOT NULL UNIQUE,
  created_at   TEXT NOT NULL,
  last_used_at TEXT
);

CREATE TABLE clipper_deliveries (
  key        TEXT PRIMARY KEY,
  result     TEXT NOT NULL,
  created_at TEXT NOT NULL
) WITHOUT ROWID;
`,
};
