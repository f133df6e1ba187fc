import { UUID7_SQL } from './014-sync-identities.ts';
import type { Migration } from './index.ts';

/**
 * Team sync (issue 19; docs/team-archive.md), what layer 2 shares.
 *
 * 1. Clippings merged into another as duplicates ("Duplicates"). When two people clip the same article offline, the team server keeps
 * the clipping created first and makes the other an alias of it; each replica, applying
 * that `alias` change, moves the alias's tags, notes and highlights onto the one kept and
 * remembers here where it went, so that changes made on the alias elsewhere (pulled
 * later) land on the clipping kept. Cleared on leaving the team, with the rest of the
 * sync state.
 * 2. Saved searches, shared by the team: named across replicas by their case-folded name
 *    (as tags are), two registers each — `search` (present or deleted, the name as typed,
 *    the query) and `position` — recorded by triggers like every other change (kind
 *    `saved`, object the folded name, key the register). A delete is `present: false`, a
 *    tombstone a later save of the same name outlives; a rename is the old name deleted and
 *    the new one saved.
 * 3. Earlier versions of a clipping: a version kept here is recorded (kind `version`,
 *    object the clipping's uuid, value the version's columns and its capture's SHA-256).
 *    A version never changes; replicas keep one per (clipping, text).
 */

/** Milliseconds since the epoch, in SQL (as in 014). */
const MS = `CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)`;
const RECORDING = `FROM sync_state WHERE joined = 1 AND applying = 0`;

/** Records one saved-search register (`name` and `value` are SQL expressions) and its version. */
function savedOp(name: string, key: 'search' | 'position', value: string): string {
  return `UPDATE sync_state SET hlc = max((${MS}) * 1024, hlc + 1) WHERE joined = 1 AND applying = 0;
  INSERT INTO sync_outbox (op_id, hlc, kind, object, key, value) SELECT ${UUID7_SQL}, hlc, 'saved', lower(${name}), '${key}', ${value} ${RECORDING};
  INSERT INTO sync_versions (object, grp, hlc, replica) SELECT 'saved:' || lower(${name}), '${key}', hlc, replica ${RECORDING}
    ON CONFLICT (object, grp) DO UPDATE SET hlc = excluded.hlc, replica = excluded.replica;`;
}
const present = (row: string) => `json_object('present', json('true'), 'name', ${row}.name, 'query', ${row}.query)`;
const gone = (row: string) => `json_object('present', json('false'), 'name', ${row}.name)`;

/** A version's columns as they travel (the capture by its SHA-256). */
export const VERSION_COLUMNS = ['title', 'byline', 'published_at', 'modified_at', 'text', 'html', 'figures', 'word_count', 'content_hash', 'captured_at', 'replaced_at'] as const;
export function versionValueSql(alias: string): string {
  return `json_object('capture', (SELECT sha256 FROM captures WHERE id = ${alias}.capture_id), ${VERSION_COLUMNS.map((c) => `'${c}', ${alias}."${c}"`).join(', ')})`;
}

export const migration018: Migration = {
  version: 18,
  name: 'team sync: duplicates merged across desktops, saved searches and versions shared',
  up: `
CREATE TABLE sync_aliases (
  alias  TEXT PRIMARY KEY,
  target TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX sync_aliases_target ON sync_aliases(target);

CREATE TRIGGER saved_searches_sync_ai AFTER INSERT ON saved_searches BEGIN
  ${savedOp('NEW.name', 'search', present('NEW'))}
  ${savedOp('NEW.name', 'position', 'NEW.position')}
END;
CREATE TRIGGER saved_searches_sync_rename AFTER UPDATE OF name ON saved_searches WHEN lower(OLD.name) <> lower(NEW.name) BEGIN
  ${savedOp('OLD.name', 'search', gone('OLD'))}
  ${savedOp('NEW.name', 'position', 'NEW.position')}
END;
CREATE TRIGGER saved_searches_sync_au AFTER UPDATE OF name, query ON saved_searches WHEN OLD.name IS NOT NEW.name OR OLD.query IS NOT NEW.query BEGIN
  ${savedOp('NEW.name', 'search', present('NEW'))}
END;
CREATE TRIGGER saved_searches_sync_position AFTER UPDATE OF position ON saved_searches WHEN OLD.position IS NOT NEW.position BEGIN
  ${savedOp('NEW.name', 'position', 'NEW.position')}
END;
CREATE TRIGGER saved_searches_sync_ad AFTER DELETE ON saved_searches BEGIN
  ${savedOp('OLD.name', 'search', gone('OLD'))}
END;

CREATE TRIGGER clipping_versions_sync_ai AFTER INSERT ON clipping_versions BEGIN
  UPDATE sync_state SET hlc = max((${MS}) * 1024, hlc + 1) WHERE joined = 1 AND applying = 0;
  INSERT INTO sync_outbox (op_id, hlc, kind, object, key, value)
    SELECT ${UUID7_SQL}, s.hlc, 'version', c.uuid, '', ${versionValueSql('v')}
      FROM sync_state s, clipping_versions v JOIN clippings c ON c.id = v.clipping_id WHERE v.id = NEW.id AND s.joined = 1 AND s.applying = 0;
END;
`,
};
