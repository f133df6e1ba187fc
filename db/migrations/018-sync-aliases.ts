import type { Migration } from './index.ts';

/**
 * Team sync: clippings merged into another as duplicates (issue 19; docs/team-archive.md,
 * "Duplicates"). When two people clip the same article offline, the team server keeps
 * the clipping created first and makes the other an alias of it; each replica, applying
 * that `alias` change, moves the alias's tags, notes and highlights onto the one kept and
 * remembers here where it went, so that changes made on the alias elsewhere (pulled
 * later) land on the clipping kept. Cleared on leaving the team, with the rest of the
 * sync state.
 */
export const migration018: Migration = {
  version: 18,
  name: 'team sync: clippings merged into another as duplicates',
  up: `
CREATE TABLE sync_aliases (
  alias  TEXT PRIMARY KEY,
  target TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX sync_aliases_target ON sync_aliases(target);
`,
};
