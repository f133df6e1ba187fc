import type { Migration } from './index.ts';

/**
 * Organising a clipping: star, read state, the press fields of clipping reports
 * (media type, section and page for print, tone), a trash (deleted_at: kept 30 days,
 * restorable), hand edits of the clean text that win over re-extraction, and tag
 * colours.
 *
 * Trashed clippings leave the full-text index and come back on restore: the search
 * view now shows live clippings only, so every existing trigger is a no-op for a
 * trashed one, and two triggers on deleted_at move the document out and back in.
 * Writers never change deleted_at in the same UPDATE as an indexed column.
 */
export const migration003: Migration = {
  version: 3,
  name: 'organising: stars, read state, press fields, trash, hand edits',
  up: `
ALTER TABLE clippings ADD COLUMN starred INTEGER NOT NULL DEFAULT 0 CHECK (starred IN (0, 1));
ALTER TABLE clippings ADD COLUMN is_read INTEGER NOT NULL DEFAULT 0 CHECK (is_read IN (0, 1));
ALTER TABLE clippings ADD COLUMN media_type TEXT CHECK (media_type IN ('online', 'print', 'broadcast', 'agency'));
ALTER TABLE clippings ADD COLUMN section TEXT;
ALTER TABLE clippings ADD COLUMN page TEXT;
ALTER TABLE clippings ADD COLUMN tone TEXT CHECK (tone IN ('positive', 'neutral', 'negative', 'mixed'));
ALTER TABLE clippings ADD COLUMN deleted_at TEXT;
-- Fields corrected by hand (JSON array of names: title, byline, outlet, url, publishedAt,
-- text…): re-extraction never overwrites them.
ALTER TABLE clippings ADD COLUMN edited_fields TEXT NOT NULL DEFAULT '[]';
CREATE INDEX clippings_trash ON clippings(deleted_at) WHERE deleted_at IS NOT NULL;

CREATE INDEX clippings_live_sort ON clippings(deleted_at, sort_key DESC, id DESC);
CREATE INDEX clippings_starred ON clippings(starred) WHERE starred = 1;
CREATE INDEX clippings_unread ON clippings(is_read) WHERE is_read = 0;

DROP VIEW clipping_fts_source;
CREATE VIEW clipping_fts_source (id, title, byline, outlet, body, tags, notes, annotations) AS
SELECT
  c.id, c.title, coalesce(c.byline, ''), coalesce(c.outlet, ''), c.text,
  coalesce((SELECT group_concat(t.name, ' ; ' ORDER BY t.id)
              FROM clipping_tags ct JOIN tags t ON t.id = ct.tag_id
             WHERE ct.clipping_id = c.id), ''),
  c.note,
  coalesce((SELECT group_concat(a.exact || ' ' || a.note, ' ; ' ORDER BY a.id)
              FROM annotations a WHERE a.clipping_id = c.id), '')
FROM clippings c
WHERE c.deleted_at IS NULL;

-- Trash: a trashed clipping's document leaves the index; restoring puts it back.
CREATE TRIGGER clippings_fts_trash BEFORE UPDATE OF deleted_at ON clippings
WHEN OLD.deleted_at IS NULL AND NEW.deleted_at IS NOT NULL BEGIN
  INSERT INTO clipping_fts (clipping_fts, rowid, title, byline, outlet, body, tags, notes, annotations)
  SELECT 'delete', id, title, byline, outlet, body, tags, notes, annotations FROM clipping_fts_source WHERE id = OLD.id;
END;
CREATE TRIGGER clippings_fts_restore AFTER UPDATE OF deleted_at ON clippings
WHEN OLD.deleted_at IS NOT NULL AND NEW.deleted_at IS NULL BEGIN
  INSERT INTO clipping_fts (rowid, title, byline, outlet, body, tags, notes, annotations)
  SELECT id, title, byline, outlet, body, tags, notes, annotations FROM clipping_fts_source WHERE id = NEW.id;
END;
`,
};
