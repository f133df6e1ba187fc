/**
 * Who did what in a team archive (docs/team-archive.md, "Who did what"): the field groups
 * a person edits, how a user name is compared, and the `by:NAME` filter's SQL. Names come
 * from `sync_replicas` (migration 020); which replica wrote what from `sync_versions`.
 */
import { FIELD_GROUPS } from '../electron/contract/enums.ts';

/**
 * The version row of an object's creation (`sync_versions.grp`): it stands for every
 * field group of the clipping or annotation until that group is written on its own, so a
 * created object costs one version row, not one per group (db/sync.ts). The groups it
 * stands for are exactly those a creation used to write (CLIPPING_GROUPS,
 * ANNOTATION_GROUPS), so the merge gives the same results; it also says who created it.
 */
export const CREATED = '*';

/** A user name as `by:` compares it: JavaScript's lower case (SQLite's lower() folds ASCII only). */
export function foldUserName(name: string): string {
  return name.normalize('NFC').replace(/\s+/gu, ' ').trim().toLowerCase();
}

/** The creation and the field groups a person edits (every group of a clipping but `edited`, the list of hand-edited fields: bookkeeping). */
const GROUPS = [CREATED, ...FIELD_GROUPS].map((g) => `'${g}'`).join(', ');

/**
 * The clippings of the person named (a folded name, one `?` each): those they added or
 * last changed a field of, and those holding a highlight they made. An object without a
 * creation row was made on this replica, so it is the joined user's; an archive not in a
 * team names no replica, and the filter finds nothing. One set of clipping ids, as the
 * tag filter's (builder.ts TAGGED): read in id order, the clippings' rows are visited
 * in the table's order (a set of uuids visits them at random: 4× slower at 30k).
 */
export const BY_USER_SQL = `c.id IN (
  SELECT x.id FROM sync_replicas r JOIN sync_versions v ON v.replica = r.replica JOIN clippings x ON x.uuid = v.object WHERE r.folded = ? AND v.grp IN (${GROUPS})
  UNION
  SELECT a.clipping_id FROM annotations a, sync_state s JOIN sync_replicas r
      ON r.replica = coalesce((SELECT v.replica FROM sync_versions v WHERE v.object = a.uuid AND v.grp = '${CREATED}'), s.replica)
   WHERE s.id = 1 AND s.joined = 1 AND r.folded = ?)`;
