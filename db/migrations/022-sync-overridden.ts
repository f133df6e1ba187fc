import { CLIPPING_GROUPS, UUID7_SQL } from './014-sync-identities.ts';
import type { Migration } from './index.ts';

/**
 * Team sync: the user's own edits that another's later edit overrode (issue 20, item 4).
 *
 * 1. `sync_overridden`: per clipping and field group, the value this replica had written
 *    when a pulled edit, made without having seen it, won over it by last writer wins;
 *    the details panel offers it back (restore: a new local edit) until it is restored or
 *    dismissed, and it goes with its clipping.
 * 2. The clippings' field triggers of migration 014 again, each operation now carrying
 *    in its value the `base` it was written over: the (hlc, replica) of the value held
 *    for that group when the edit was made. A replica receiving an edit whose base is not
 *    the value it holds knows the writer had not seen it (an edit made after seeing it
 *    names it as its base, and overrides nothing).
 *
 * Frozen with the migration, like 014's: its small SQL helpers are copied here, and the
 * field groups are 014's own.
 */

const MS = `CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)`;
const RECORDING = `FROM sync_state WHERE joined = 1 AND applying = 0`;
const TICK = `UPDATE sync_state SET hlc = max((${MS}) * 1024, hlc + 1) WHERE joined = 1 AND applying = 0;`;
const changed = (cols: readonly string[]) => cols.map((c) => `OLD."${c}" IS NOT NEW."${c}"`).join(' OR ');

function fieldTrigger(group: string, cols: readonly string[]): string {
  // The group's own version, else its creation's (db/sync.ts CREATED): two key lookups.
  const held = (grp: string) => `(SELECT json_array(v.hlc, v.replica) FROM sync_versions v WHERE v.object = NEW.uuid AND v.grp = '${grp}')`;
  const base = `json(coalesce(${held(group)}, ${held('*')}))`;
  const value = `json_object(${cols.map((c) => `'${c}', NEW."${c}"`).join(', ')}, 'base', ${base})`;
  return `DROP TRIGGER clippings_sync_${group};
CREATE TRIGGER clippings_sync_${group} AFTER UPDATE OF ${cols.map((c) => `"${c}"`).join(', ')} ON clippings WHEN ${changed(cols)} BEGIN
  ${TICK}
  INSERT INTO sync_outbox (op_id, hlc, kind, object, key, value) SELECT ${UUID7_SQL}, hlc, 'field', NEW.uuid, '${group}', ${value} ${RECORDING};
  INSERT INTO sync_versions (object, grp, hlc, replica) SELECT NEW.uuid, '${group}', hlc, replica ${RECORDING}
    ON CONFLICT (object, grp) DO UPDATE SET hlc = excluded.hlc, replica = excluded.replica;
END;`;
}

export const migration022: Migration = {
  version: 22,
  name: 'team sync: own edits overridden by later ones, and the base of each field edit',
  up: `
CREATE TABLE sync_overridden (
  clipping_id INTEGER NOT NULL REFERENCES clippings(id) ON DELETE CASCADE,
  grp         TEXT NOT NULL,
  value       TEXT NOT NULL,
  mine_hlc    INTEGER NOT NULL,
  by_replica  TEXT NOT NULL,
  by_hlc      INTEGER NOT NULL,
  recorded_at TEXT NOT NULL,
  PRIMARY KEY (clipping_id, grp)
) WITHOUT ROWID;

${Object.entries(CLIPPING_GROUPS)
  .map(([g, cols]) => fieldTrigger(g, cols))
  .join('\n')}
`,
};
