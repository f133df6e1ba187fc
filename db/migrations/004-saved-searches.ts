import type { Migration } from './index.ts';

/** Saved searches: a name (unique regardless of case) for a query in the query language. */
export const migration004: Migration = {
  version: 4,
  name: 'saved searches',
  up: `
CREATE TABLE saved_searches (
  id         INTEGER PRIMARY KEY,
  name       TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(trim(name)) > 0),
  query      TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
`,
};
