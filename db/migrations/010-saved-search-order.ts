import type { Migration } from './index.ts';

/**
 * Saved searches keep the order the user gives them (`position`, smallest first). Those
 * saved before keep the alphabetical order they were shown in.
 */
export const migration010: Migration = {
  version: 10,
  name: 'saved search order',
  up: `
ALTER TABLE saved_searches ADD COLUMN position INTEGER NOT NULL DEFAULT 0;
UPDATE saved_searches SET position = (SELECT count(*) FROM saved_searches AS s WHERE s.name COLLATE NOCASE < saved_searches.name COLLATE NOCASE);
`,
};
