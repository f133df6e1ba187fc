/**
 * The team server's PostgreSQL schema, as numbered migrations (docs/team-archive.md).
 * Like the local ones, a shipped migration is never edited: a change is a new entry.
 * Each runs in one transaction with the bump of `schema_version`.
 */
export interface TeamMigration {
  version: number;
  name: string;
  up: string;
}

export const TEAM_MIGRATIONS: readonly TeamMigration[] = [
  {
    version: 1,
    name: 'users, tokens, audit, the change log, objects, blobs',
    up: `
CREATE TABLE users (
  id         bigserial PRIMARY KEY,
  name       text NOT NULL UNIQUE CHECK (length(btrim(name)) > 0),
  role       text NOT NULL CHECK (role IN ('admin', 'editor', 'reader')),
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz
);
-- A token is "ct_<id>_<secret>": looked up by id, the secret checked against its scrypt hash.
CREATE TABLE tokens (
  id         text PRIMARY KEY,
  user_id    bigint NOT NULL REFERENCES users(id),
  salt       bytea NOT NULL,
  hash       bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz
);
CREATE INDEX tokens_user ON tokens(user_id);
CREATE TABLE audit (
  id      bigserial PRIMARY KEY,
  at      timestamptz NOT NULL DEFAULT now(),
  user_id bigint REFERENCES users(id),
  action  text NOT NULL,
  detail  jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_at ON audit(at);

-- The one counter of change numbers: a push takes it (row lock) as its last step and
-- holds it until commit, so numbers become visible in order and a reader never skips one.
CREATE TABLE change_seq (
  id   int PRIMARY KEY CHECK (id = 1),
  last bigint NOT NULL
);
INSERT INTO change_seq VALUES (1, 0);
CREATE TABLE changes (
  seq          bigint PRIMARY KEY,
  op_id        uuid NOT NULL UNIQUE,
  user_id      bigint NOT NULL REFERENCES users(id),
  replica      uuid NOT NULL,
  hlc          bigint NOT NULL,
  kind         text NOT NULL,
  object       text NOT NULL,
  key          text NOT NULL DEFAULT '',
  value        jsonb,
  private_to   bigint REFERENCES users(id),
  committed_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE blobs (
  sha256      text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  media_type  text NOT NULL,
  captured_at text,
  source_url  text,
  byte_size   bigint NOT NULL,
  bytes       bytea NOT NULL,
  created_by  bigint REFERENCES users(id),
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE clippings (
  uuid           uuid PRIMARY KEY,
  capture_sha256 text REFERENCES blobs(sha256),
  constants      jsonb NOT NULL,
  created_by     bigint NOT NULL REFERENCES users(id),
  created_at     timestamptz NOT NULL DEFAULT now(),
  purged_at      timestamptz
);
-- The last-writer-wins registers: per object and field group, the value and its (hlc, replica).
CREATE TABLE field_versions (
  object  text NOT NULL,
  grp     text NOT NULL,
  value   jsonb,
  hlc     bigint NOT NULL,
  replica uuid NOT NULL,
  user_id bigint NOT NULL REFERENCES users(id),
  PRIMARY KEY (object, grp)
);
CREATE TABLE clipping_tags (
  clipping uuid NOT NULL REFERENCES clippings(uuid),
  tag      text NOT NULL,
  name     text NOT NULL,
  present  boolean NOT NULL,
  hlc      bigint NOT NULL,
  replica  uuid NOT NULL,
  PRIMARY KEY (clipping, tag)
);
CREATE TABLE annotations (
  uuid       uuid PRIMARY KEY,
  clipping   uuid NOT NULL REFERENCES clippings(uuid),
  columns    jsonb NOT NULL,
  created_by bigint NOT NULL REFERENCES users(id),
  deleted_at timestamptz
);
CREATE TABLE read_state (
  user_id  bigint NOT NULL REFERENCES users(id),
  clipping uuid NOT NULL REFERENCES clippings(uuid),
  is_read  boolean NOT NULL,
  hlc      bigint NOT NULL,
  PRIMARY KEY (user_id, clipping)
);
`,
  },
  {
    version: 2,
    name: 'duplicates across desktops: the keys a clipping was created with, and where it was merged',
    up: `
-- What the duplicate rules compare, as the clipping was created (never changed by edits):
-- its capture's SHA-256 (already there), its URL key (only one with a path) and its
-- text's hash (not when the extractor was unsure of the text: the same cookie banner on
-- two blogs is no duplicate); the creation's (hlc, replica) to pick the clipping kept.
ALTER TABLE clippings ADD COLUMN hlc bigint, ADD COLUMN replica uuid, ADD COLUMN url_key text, ADD COLUMN content_hash text,
  ADD COLUMN merged_into uuid REFERENCES clippings(uuid);
CREATE INDEX clippings_capture ON clippings(capture_sha256) WHERE capture_sha256 IS NOT NULL;
CREATE INDEX clippings_url_key ON clippings(url_key) WHERE url_key IS NOT NULL;
CREATE INDEX clippings_content_hash ON clippings(content_hash) WHERE content_hash IS NOT NULL;
-- Clippings created before: their keys from their creation's change (the first one).
UPDATE clippings c SET hlc = ch.hlc, replica = ch.replica,
       url_key = CASE WHEN strpos(ch.value->'groups'->'url'->>'url_key', '/') > 0 THEN ch.value->'groups'->'url'->>'url_key' END,
       content_hash = CASE WHEN coalesce(ch.value->'groups'->'body'->>'extraction_uncertain', '0') IN ('0', 'false') THEN ch.value->'groups'->'body'->>'content_hash' END
  FROM (SELECT DISTINCT ON (object) object, hlc, replica, value FROM changes WHERE kind = 'clipping' ORDER BY object, seq) ch
 WHERE ch.object = c.uuid::text;
`,
  },
  {
    version: 3,
    name: 'the images of a capture',
    up: `
-- The images that came with a capture (a saved page's files, MHTML parts, e-mail images),
-- in the capture's order; their bytes are blobs like captures' (deduplicated by SHA-256).
CREATE TABLE blob_resources (
  capture    text NOT NULL REFERENCES blobs(sha256),
  position   int NOT NULL,
  url        text NOT NULL,
  media_type text NOT NULL,
  sha256     text NOT NULL REFERENCES blobs(sha256),
  PRIMARY KEY (capture, position)
);
`,
  },
  {
    version: 4,
    name: 'server-side search: clipping_search (tsvector, pg_trgm on outlets) kept by triggers',
    up: `
-- Words are matched as the desktops match them: lower case, diacritics folded (unaccent),
-- no stemming and no stop words (a configuration copied from 'simple').
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE TEXT SEARCH CONFIGURATION cuttings (COPY = simple);
ALTER TEXT SEARCH CONFIGURATION cuttings ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part WITH unaccent, simple;

-- One row per live clipping (neither purged nor merged into another), derived from its registers (field_versions): what a search
-- filters on, and one tsvector of the title (weight A) and the body text (its first
-- 256 Ki characters). Wide values go to TOAST at once (toast_tuple_target), so a scan
-- of the filter columns reads a narrow table.
CREATE TABLE clipping_search (
  clipping uuid PRIMARY KEY,
  title    text NOT NULL,
  outlet   text NOT NULL,
  day      text,
  trashed  boolean NOT NULL,
  doc      tsvector NOT NULL
) WITH (toast_tuple_target = 128);
CREATE INDEX clipping_search_doc ON clipping_search USING gin (doc);
CREATE INDEX clipping_search_outlet ON clipping_search USING gin (outlet gin_trgm_ops);
-- Day ranges, and a window's newest clippings (read backwards) for a frequent word. Its
-- order (NULLS LAST ascending) is not the search's (newest first, undated last), so the
-- planner never walks it checking every row for a rare word's match.
CREATE INDEX clipping_search_day ON clipping_search (day, clipping) WHERE NOT trashed;

-- Recomputes the search rows of these clippings from their registers (a purged one's row goes).
CREATE FUNCTION clipping_search_refresh(ids uuid[]) RETURNS void LANGUAGE sql AS $fn$
  DELETE FROM clipping_search s USING clippings c WHERE s.clipping = ANY(ids) AND c.uuid = s.clipping AND (c.purged_at IS NOT NULL OR c.merged_into IS NOT NULL);
  INSERT INTO clipping_search (clipping, title, outlet, day, trashed, doc)
  SELECT c.uuid, coalesce(f.title, ''), coalesce(f.outlet, ''),
         CASE WHEN f.published ~ '^\\d{4}-\\d\\d-\\d\\d' THEN left(f.published, 10)
              WHEN f.sort_key ~ '^\\d{4}-\\d\\d-\\d\\d' THEN left(f.sort_key, 10) END,
         coalesce(f.deleted_at, '') <> '',
         setweight(to_tsvector('cuttings', coalesce(f.title, '')), 'A') || to_tsvector('cuttings', left(coalesce(f.body, ''), 262144))
    FROM clippings c
    CROSS JOIN LATERAL (
      SELECT max(v.value->>'title') FILTER (WHERE v.grp = 'title') AS title,
             max(v.value->>'outlet') FILTER (WHERE v.grp = 'outlet') AS outlet,
             max(v.value->>'published_at') FILTER (WHERE v.grp = 'dates') AS published,
             max(v.value->>'sort_key') FILTER (WHERE v.grp = 'dates') AS sort_key,
             max(v.value->>'deleted_at') FILTER (WHERE v.grp = 'trash') AS deleted_at,
             max(v.value->>'text') FILTER (WHERE v.grp = 'body') AS body
        FROM field_versions v
       WHERE v.object = c.uuid::text AND v.grp IN ('title', 'outlet', 'dates', 'trash', 'body')) f
   WHERE c.uuid = ANY(ids) AND c.purged_at IS NULL AND c.merged_into IS NULL
  ON CONFLICT (clipping) DO UPDATE SET title = excluded.title, outlet = excluded.outlet, day = excluded.day, trashed = excluded.trashed, doc = excluded.doc;
$fn$;

-- Kept in step within each push's transaction, once per statement (a push writes its
-- registers with one statement).
CREATE FUNCTION clipping_search_registers() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM clipping_search_refresh(array_agg(DISTINCT object::uuid))
     FROM changed
    WHERE grp IN ('title', 'outlet', 'dates', 'trash', 'body')
      AND object ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
   HAVING count(*) > 0;
  RETURN NULL;
END
$fn$;
CREATE TRIGGER clipping_search_inserted AFTER INSERT ON field_versions REFERENCING NEW TABLE AS changed
  FOR EACH STATEMENT EXECUTE FUNCTION clipping_search_registers();
CREATE TRIGGER clipping_search_updated AFTER UPDATE ON field_versions REFERENCING NEW TABLE AS changed
  FOR EACH STATEMENT EXECUTE FUNCTION clipping_search_registers();
CREATE FUNCTION clipping_search_purged() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  DELETE FROM clipping_search s USING changed c WHERE s.clipping = c.uuid AND (c.purged_at IS NOT NULL OR c.merged_into IS NOT NULL);
  RETURN NULL;
END
$fn$;
CREATE TRIGGER clipping_search_purged AFTER UPDATE ON clippings REFERENCING NEW TABLE AS changed
  FOR EACH STATEMENT EXECUTE FUNCTION clipping_search_purged();

-- What the team held before this migration.
SELECT clipping_search_refresh(array_agg(uuid)) FROM clippings WHERE merged_into IS NULL HAVING count(*) > 0;
`,
  },
];

