import type { Migration } from './index.ts';

/**
 * Team sync, local side (issue 19; docs/team-archive.md).
 *
 * 1. Global identities: a UUIDv7 on every clipping, annotation and tag (backfilled now;
 *    given by an AFTER INSERT trigger to any row inserted without one, so every insert
 *    path is covered). Local integer ids stay for the UI and the CLI.
 * 2. `sync_state` (one row: the server, the token, this replica's id, the pull cursor, the
 *    hybrid logical clock, whether pulled operations are being applied).
 * 3. `sync_outbox`: the local changes not yet pushed, one operation a row, written by
 *    triggers in the same transaction as the change, only while the archive is joined and
 *    not applying pulled operations (so those are never echoed back).
 * 4. `sync_versions`: per (object, field group) the (hlc, replica) of the value held, the
 *    last-writer-wins register that pulled operations are compared with.
 *
 * What is written here is frozen with the migration: db/sync.ts reads the field groups
 * and the SQL builders below (the join snapshot writes the same operations as the
 * triggers).
 */

/** Milliseconds since the epoch, in SQL. */
const MS = `CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)`;

/** A new UUIDv7 (lowercase text), in SQL: 48 bits of ms, version 7, variant 10, random bits. */
export const UUID7_SQL = `lower(printf('%08x-%04x-7%03x-%04x-%012x', (${MS}) >> 16, (${MS}) & 65535, abs(random()) % 4096, 32768 + abs(random()) % 16384, abs(random()) % 281474976710656))`;

/** The clipping's columns by field group: each group is one last-writer-wins register. */
export const CLIPPING_GROUPS: Readonly<Record<string, readonly string[]>> = {
  title: ['title'],
  byline: ['byline'],
  outlet: ['outlet'],
  url: ['source_url', 'canonical_url', 'url_key'],
  dates: ['published_at', 'modified_at', 'sort_key'],
  body: ['text', 'html', 'figures', 'lead_image', 'excerpt', 'word_count', 'content_hash', 'lang', 'extraction_uncertain'],
  note: ['note'],
  starred: ['starred'],
  press: ['media_type', 'section', 'page', 'tone'],
  trash: ['deleted_at'],
  edited: ['edited_fields'],
};
/** Set once by the clipping's creation, never changed by sync. */
export const CLIPPING_CONSTANTS = ['captured_at', 'created_at', 'updated_at'] as const;
/** An annotation's fields a person edits (the quote and position are re-anchored by each replica). */
export const ANNOTATION_GROUPS: Readonly<Record<string, readonly string[]>> = { note: ['note'], color: ['color'] };
export const ANNOTATION_COLUMNS = ['exact', 'prefix', 'suffix', 'start', 'end', 'color', 'note', 'state', 'created_at', 'updated_at'] as const;

const obj = (alias: string, cols: readonly string[]) => `json_object(${cols.map((c) => `'${c}', ${alias}."${c}"`).join(', ')})`;

/** The value of a clipping's creation: its capture's SHA-256, constants and every group. */
export function clippingCreateSql(alias: string): string {
  const groups = Object.entries(CLIPPING_GROUPS).map(([g, cols]) => `'${g}', ${obj(alias, cols)}`);
  return `json_object('capture', (SELECT sha256 FROM captures WHERE id = ${alias}.capture_id), 'constants', ${obj(alias, CLIPPING_CONSTANTS)}, 'groups', json_object(${groups.join(', ')}))`;
}

/** The value of an annotation's creation: its clipping's uuid and its columns. */
export function annotationCreateSql(alias: string): string {
  return `json_object('clipping', (SELECT uuid FROM clippings WHERE id = ${alias}.clipping_id), 'columns', ${obj(alias, ANNOTATION_COLUMNS)})`;
}

/** Where an operation is recorded: joined, not applying pulled operations. */
const RECORDING = `FROM sync_state WHERE joined = 1 AND applying = 0`;
/** Advances the clock for one local change. */
const TICK = `UPDATE sync_state SET hlc = max((${MS}) * 1024, hlc + 1) WHERE joined = 1 AND applying = 0;`;

/** Records one operation (`object`, `key`, `value` are SQL expressions) and its register. */
function record(kind: string, object: string, key: string, value: string, group: string | null): string {
  const op = `INSERT INTO sync_outbox (op_id, hlc, kind, object, key, value) SELECT ${UUID7_SQL}, hlc, '${kind}', ${object}, ${key}, ${value} ${RECORDING};`;
  if (group === null) return `${TICK}\n  ${op}`;
  const version = `INSERT INTO sync_versions (object, grp, hlc, replica) SELECT ${object}, ${group}, hlc, replica ${RECORDING}
    ON CONFLICT (object, grp) DO UPDATE SET hlc = excluded.hlc, replica = excluded.replica;`;
  return `${TICK}\n  ${op}\n  ${version}`;
}

/** Registers every group of a new clipping (the snapshot and the insert trigger). */
export function clippingVersionsSql(uuidExpr: string, from: string): string[] {
  return Object.keys(CLIPPING_GROUPS).map(
    (g) => `INSERT INTO sync_versions (object, grp, hlc, replica) SELECT ${uuidExpr}, '${g}', s.hlc, s.replica ${from}
    ON CONFLICT (object, grp) DO UPDATE SET hlc = excluded.hlc, replica = excluded.replica;`,
  );
}

const changed = (cols: readonly string[]) => cols.map((c) => `OLD."${c}" IS NOT NEW."${c}"`).join(' OR ');

function triggers(): string {
  const out: string[] = [];
  // Identities for rows inserted without one, and the creation's operation.
  out.push(`CREATE TRIGGER clippings_sync_ai AFTER INSERT ON clippings BEGIN
  UPDATE clippings SET uuid = ${UUID7_SQL} WHERE id = NEW.id AND uuid IS NULL;
  ${TICK}
  INSERT INTO sync_outbox (op_id, hlc, kind, object, key, value)
    SELECT ${UUID7_SQL}, hlc, 'clipping', c.uuid, '', ${clippingCreateSql('c')} FROM sync_state, clippings c WHERE c.id = NEW.id AND joined = 1 AND applying = 0;
  ${clippingVersionsSql('c.uuid', `FROM sync_state s, clippings c WHERE c.id = NEW.id AND s.joined = 1 AND s.applying = 0`).join('\n  ')}
END;`);
  for (const [g, cols] of Object.entries(CLIPPING_GROUPS)) {
    out.push(`CREATE TRIGGER clippings_sync_${g} AFTER UPDATE OF ${cols.map((c) => `"${c}"`).join(', ')} ON clippings WHEN ${changed(cols)} BEGIN
  ${record('field', 'NEW.uuid', `'${g}'`, obj('NEW', cols), `'${g}'`)}
END;`);
  }
  out.push(`CREATE TRIGGER clippings_sync_read AFTER UPDATE OF is_read ON clippings WHEN OLD.is_read IS NOT NEW.is_read BEGIN
  ${record('read', 'NEW.uuid', `'read'`, `json(CASE NEW.is_read WHEN 1 THEN 'true' ELSE 'false' END)`, `'read'`)}
END;`);
  out.push(`CREATE TRIGGER clippings_sync_ad AFTER DELETE ON clippings BEGIN
  ${record('purge', 'OLD.uuid', `''`, 'NULL', null)}
END;`);
  // Tag membership, named by the tag's folded name; renames travel as untag + tag.
  const clip = (id: string) => `(SELECT uuid FROM clippings WHERE id = ${id})`;
  const tagName = (id: string) => `(SELECT lower(name) FROM tags WHERE id = ${id})`;
  out.push(`CREATE TRIGGER clipping_tags_sync_ai AFTER INSERT ON clipping_tags BEGIN
  ${record('tag', clip('NEW.clipping_id'), tagName('NEW.tag_id'), `json_object('present', json('true'), 'name', (SELECT name FROM tags WHERE id = NEW.tag_id))`, `'tag:' || ${tagName('NEW.tag_id')}`)}
END;`);
  out.push(`CREATE TRIGGER clipping_tags_sync_ad AFTER DELETE ON clipping_tags
WHEN EXISTS (SELECT 1 FROM clippings WHERE id = OLD.clipping_id) AND EXISTS (SELECT 1 FROM tags WHERE id = OLD.tag_id) BEGIN
  ${record('tag', clip('OLD.clipping_id'), tagName('OLD.tag_id'), `json_object('present', json('false'), 'name', (SELECT name FROM tags WHERE id = OLD.tag_id))`, `'tag:' || ${tagName('OLD.tag_id')}`)}
END;`);
  out.push(`CREATE TRIGGER tags_sync_rename AFTER UPDATE OF name ON tags WHEN lower(OLD.name) <> lower(NEW.name) BEGIN
  ${TICK}
  INSERT INTO sync_outbox (op_id, hlc, kind, object, key, value)
    SELECT ${UUID7_SQL}, s.hlc, 'tag', c.uuid, lower(OLD.name), json_object('present', json('false'), 'name', OLD.name) FROM sync_state s, clipping_tags ct JOIN clippings c ON c.id = ct.clipping_id
     WHERE ct.tag_id = NEW.id AND s.joined = 1 AND s.applying = 0;
  INSERT INTO sync_outbox (op_id, hlc, kind, object, key, value)
    SELECT ${UUID7_SQL}, s.hlc, 'tag', c.uuid, lower(NEW.name), json_object('present', json('true'), 'name', NEW.name) FROM sync_state s, clipping_tags ct JOIN clippings c ON c.id = ct.clipping_id
     WHERE ct.tag_id = NEW.id AND s.joined = 1 AND s.applying = 0;
  INSERT INTO sync_versions (object, grp, hlc, replica)
    SELECT c.uuid, 'tag:' || t.name, s.hlc, s.replica FROM sync_state s, clipping_tags ct JOIN clippings c ON c.id = ct.clipping_id,
           (SELECT lower(OLD.name) AS name UNION ALL SELECT lower(NEW.name)) t
     WHERE ct.tag_id = NEW.id AND s.joined = 1 AND s.applying = 0
    ON CONFLICT (object, grp) DO UPDATE SET hlc = excluded.hlc, replica = excluded.replica;
END;`);
  out.push(`CREATE TRIGGER tags_sync_ai AFTER INSERT ON tags WHEN NEW.uuid IS NULL BEGIN
  UPDATE tags SET uuid = ${UUID7_SQL} WHERE id = NEW.id;
END;`);
  out.push(`CREATE TRIGGER tags_sync_color AFTER UPDATE OF color ON tags WHEN OLD.color IS NOT NEW.color BEGIN
  ${record('tag_color', 'lower(NEW.name)', `''`, `json_object('color', NEW.color)`, `'color'`)}
END;`);
  // Annotations: independent objects.
  out.push(`CREATE TRIGGER annotations_sync_ai AFTER INSERT ON annotations BEGIN
  UPDATE annotations SET uuid = ${UUID7_SQL} WHERE id = NEW.id AND uuid IS NULL;
  ${TICK}
  INSERT INTO sync_outbox (op_id, hlc, kind, object, key, value)
    SELECT ${UUID7_SQL}, hlc, 'annotation', a.uuid, '', ${annotationCreateSql('a')} FROM sync_state, annotations a WHERE a.id = NEW.id AND joined = 1 AND applying = 0;
END;`);
  for (const [g, cols] of Object.entries(ANNOTATION_GROUPS)) {
    out.push(`CREATE TRIGGER annotations_sync_${g} AFTER UPDATE OF ${cols.map((c) => `"${c}"`).join(', ')} ON annotations WHEN ${changed(cols)} BEGIN
  ${record('annotation_field', 'NEW.uuid', `'${g}'`, obj('NEW', cols), `'${g}'`)}
END;`);
  }
  out.push(`CREATE TRIGGER annotations_sync_ad AFTER DELETE ON annotations WHEN EXISTS (SELECT 1 FROM clippings WHERE id = OLD.clipping_id) BEGIN
  ${record('annotation_delete', 'OLD.uuid', `''`, 'NULL', null)}
END;`);
  return out.join('\n');
}

export const migration014: Migration = {
  version: 14,
  name: 'team sync: global identities, outbox, sync state',
  up: `
ALTER TABLE clippings ADD COLUMN uuid TEXT;
ALTER TABLE annotations ADD COLUMN uuid TEXT;
ALTER TABLE tags ADD COLUMN uuid TEXT;
UPDATE clippings SET uuid = ${UUID7_SQL};
UPDATE annotations SET uuid = ${UUID7_SQL};
UPDATE tags SET uuid = ${UUID7_SQL};
CREATE UNIQUE INDEX clippings_uuid ON clippings(uuid);
CREATE UNIQUE INDEX annotations_uuid ON annotations(uuid);
CREATE UNIQUE INDEX tags_uuid ON tags(uuid);

CREATE TABLE sync_state (
  id        INTEGER PRIMARY KEY CHECK (id = 1),
  joined    INTEGER NOT NULL DEFAULT 0 CHECK (joined IN (0, 1)),
  applying  INTEGER NOT NULL DEFAULT 0 CHECK (applying IN (0, 1)),
  server    TEXT,
  token     TEXT,
  replica   TEXT,
  user_name TEXT,
  role      TEXT,
  cursor    INTEGER NOT NULL DEFAULT 0,
  hlc       INTEGER NOT NULL DEFAULT 0,
  last_sync TEXT
);
INSERT INTO sync_state (id) VALUES (1);

CREATE TABLE sync_outbox (
  seq    INTEGER PRIMARY KEY,
  op_id  TEXT NOT NULL UNIQUE,
  hlc    INTEGER NOT NULL,
  kind   TEXT NOT NULL,
  object TEXT NOT NULL,
  key    TEXT NOT NULL DEFAULT '',
  value  TEXT
);

CREATE TABLE sync_versions (
  object  TEXT NOT NULL,
  grp     TEXT NOT NULL,
  hlc     INTEGER NOT NULL,
  replica TEXT NOT NULL,
  PRIMARY KEY (object, grp)
) WITHOUT ROWID;

${triggers()}
`,
};
