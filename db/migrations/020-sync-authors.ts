import type { Migration } from './index.ts';

/**
 * Who did what in a team archive (issue 20; docs/team-archive.md, "Who did what").
 *
 * `sync_versions` says which replica last wrote each field group of a clipping or
 * annotation (and, in its creation row, which replica created it); `sync_replicas` says
 * whose each replica is: the user name the team server sends with every pulled
 * operation, and this archive's own replica, named at `team join` by the joined user.
 * `folded` is the name lower-cased by JavaScript (`toLowerCase`, not SQLite's ASCII-only
 * `lower`), compared with the `by:` filter's value.
 *
 * The index on `sync_versions (replica, object)` lets `by:NAME` read the objects of a
 * person's replicas instead of scanning every version row.
 */
export const migration020: Migration = {
  version: 20,
  name: 'team sync: whose each replica is (who did what, by:)',
  up: `
CREATE TABLE sync_replicas (
  replica   TEXT PRIMARY KEY,
  user_name TEXT NOT NULL,
  folded    TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX sync_replicas_folded ON sync_replicas(folded);
CREATE INDEX sync_versions_replica ON sync_versions(replica, object);
INSERT INTO sync_replicas (replica, user_name, folded)
  SELECT replica, user_name, lower(user_name) FROM sync_state WHERE joined = 1 AND replica IS NOT NULL AND user_name IS NOT NULL;
`,
};
