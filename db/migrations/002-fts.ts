import type { Migration } from './index.ts';

/**
 * The full-text index: an external-content FTS5 table over the view
 * `clipping_fts_source`, which assembles one search document per clipping from the
 * clipping, its tags and its annotations. Triggers keep it in step inside the writing
 * transaction: BEFORE a change the old document is removed (the view still shows the
 * old values, which is exactly what FTS5's 'delete' needs), AFTER it the new one is
 * inserted. Archives that already hold clippings get them indexed by 'rebuild'.
 *
 * Rule for every writer: no `INSERT OR IGNORE` / `OR REPLACE` / `ON CONFLICT DO NOTHING`
 * on these tables. A row dropped by conflict resolution has fired its BEFORE trigger
 * (document removed) but not its AFTER trigger (document re-added).
 */
export const migration002: Migration = {
  version: 2,
  name: 'full-text index',
  up: `
CREATE VIEW clipping_fts_source (id, title, byline, outlet, body, tags, notes, annotations) AS
SELECT
  c.id, c.title, coalesce(c.byline, ''), coalesce(c.outlet, ''), c.text,
  coalesce((SELECT group_concat(t.name, ' ; ' ORDER BY t.id)
              FROM clipping_tags ct JOIN tags t ON t.id = ct.tag_id
             WHERE ct.clipping_id = c.id), ''),
  c.note,
  coalesce((SELECT group_concat(a.exact || ' ' || a.note, ' ; ' ORDER BY a.id)
              FROM annotations a WHERE a.clipping_id = c.id), '')
FROM clippings c;

CREATE VIRTUAL TABLE clipping_fts USING fts5(
  title, byline, outlet, body, tags, notes, annotations,
  content = 'clipping_fts_source', content_rowid = 'id',
  tokenize = 'porter unicode61 remove_diacritics 2'
);

-- Clippings
CREATE TRIGGER clippings_fts_ai AFTER INSERT ON clippings BEGIN
  INSERT INTO clipping_fts (rowid, title, byline, outlet, body, tags, notes, annotations)
  SELECT id, title, byline, outlet, body, tags, notes, annotations FROM clipping_fts_source WHERE id = NEW.id;
END;
CREATE TRIGGER clippings_fts_bu BEFORE UPDATE OF title, byline, outlet, text, note ON clippings BEGIN
  INSERT INTO clipping_fts (clipping_fts, rowid, title, byline, outlet, body, tags, notes, annotations)
  SELECT 'delete', id, title, byline, outlet, body, tags, notes, annotations FROM clipping_fts_source WHERE id = OLD.id;
END;
CREATE TRIGGER clippings_fts_au AFTER UPDATE OF title, byline, outlet, text, note ON clippings BEGIN
  INSERT INTO clipping_fts (rowid, title, byline, outlet, body, tags, notes, annotations)
  SELECT id, title, byline, outlet, body, tags, notes, annotations FROM clipping_fts_source WHERE id = NEW.id;
END;
CREATE TRIGGER clippings_fts_bd BEFORE DELETE ON clippings BEGIN
  INSERT INTO clipping_fts (clipping_fts, rowid, title, byline, outlet, body, tags, notes, annotations)
  SELECT 'delete', id, title, byline, outlet, body, tags, notes, annotations FROM clipping_fts_source WHERE id = OLD.id;
END;

-- Tags on a clipping (a cascade from a deleted clipping finds no document: a no-op)
CREATE TRIGGER clipping_tags_fts_bi BEFORE INSERT ON clipping_tags BEGIN
  INSERT INTO clipping_fts (clipping_fts, rowid, title, byline, outlet, body, tags, notes, annotations)
  SELECT 'delete', id, title, byline, outlet, body, tags, notes, annotations FROM clipping_fts_source WHERE id = NEW.clipping_id;
END;
CREATE TRIGGER clipping_tags_fts_ai AFTER INSERT ON clipping_tags BEGIN
  INSERT INTO clipping_fts (rowid, title, byline, outlet, body, tags, notes, annotations)
  SELECT id, title, byline, outlet, body, tags, notes, annotations FROM clipping_fts_source WHERE id = NEW.clipping_id;
END;
CREATE TRIGGER clipping_tags_fts_bd BEFORE DELETE ON clipping_tags BEGIN
  INSERT INTO clipping_fts (clipping_fts, rowid, title, byline, outlet, body, tags, notes, annotations)
  SELECT 'delete', id, title, byline, outlet, body, tags, notes, annotations FROM clipping_fts_source WHERE id = OLD.clipping_id;
END;
CREATE TRIGGER clipping_tags_fts_ad AFTER DELETE ON clipping_tags BEGIN
  INSERT INTO clipping_fts (rowid, title, byline, outlet, body, tags, notes, annotations)
  SELECT id, title, byline, outlet, body, tags, notes, annotations FROM clipping_fts_source WHERE id = OLD.clipping_id;
END;

-- Renaming a tag changes the document of every clipping that carries it
CREATE TRIGGER tags_fts_bu BEFORE UPDATE OF name ON tags BEGIN
  INSERT INTO clipping_fts (clipping_fts, rowid, title, byline, outlet, body, tags, notes, annotations)
  SELECT 'delete', s.id, s.title, s.byline, s.outlet, s.body, s.tags, s.notes, s.annotations
    FROM clipping_fts_source s JOIN clipping_tags ct ON ct.clipping_id = s.id WHERE ct.tag_id = OLD.id;
END;
CREATE TRIGGER tags_fts_au AFTER UPDATE OF name ON tags BEGIN
  INSERT INTO clipping_fts (rowid, title, byline, outlet, body, tags, notes, annotations)
  SELECT s.id, s.title, s.byline, s.outlet, s.body, s.tags, s.notes, s.annotations
    FROM clipping_fts_source s JOIN clipping_tags ct ON ct.clipping_id = s.id WHERE ct.tag_id = NEW.id;
END;
-- Deleting a tag: the repository removes its clipping_tags rows first (their triggers
-- reindex each clipping), so the cascade below never has rows left to touch.

-- Annotations (quotes and notes are searchable). They never move between clippings,
-- so the update triggers watch only the indexed columns.
CREATE TRIGGER annotations_fts_bi BEFORE INSERT ON annotations BEGIN
  INSERT INTO clipping_fts (clipping_fts, rowid, title, byline, outlet, body, tags, notes, annotations)
  SELECT 'delete', id, title, byline, outlet, body, tags, notes, annotations FROM clipping_fts_source WHERE id = NEW.clipping_id;
END;
CREATE TRIGGER annotations_fts_ai AFTER INSERT ON annotations BEGIN
  INSERT INTO clipping_fts (rowid, title, byline, outlet, body, tags, notes, annotations)
  SELECT id, title, byline, outlet, body, tags, notes, annotations FROM clipping_fts_source WHERE id = NEW.clipping_id;
END;
CREATE TRIGGER annotations_fts_bu BEFORE UPDATE OF exact, note ON annotations BEGIN
  INSERT INTO clipping_fts (clipping_fts, rowid, title, byline, outlet, body, tags, notes, annotations)
  SELECT 'delete', id, title, byline, outlet, body, tags, notes, annotations FROM clipping_fts_source WHERE id = OLD.clipping_id;
END;
CREATE TRIGGER annotations_fts_au AFTER UPDATE OF exact, note ON annotations BEGIN
  INSERT INTO clipping_fts (rowid, title, byline, outlet, body, tags, notes, annotations)
  SELECT id, title, byline, outlet, body, tags, notes, annotations FROM clipping_fts_source WHERE id = NEW.clipping_id;
END;
CREATE TRIGGER annotations_fts_bd BEFORE DELETE ON annotations BEGIN
  INSERT INTO clipping_fts (clipping_fts, rowid, title, byline, outlet, body, tags, notes, annotations)
  SELECT 'delete', id, title, byline, outlet, body, tags, notes, annotations FROM clipping_fts_source WHERE id = OLD.clipping_id;
END;
CREATE TRIGGER annotations_fts_ad AFTER DELETE ON annotations BEGIN
  INSERT INTO clipping_fts (rowid, title, byline, outlet, body, tags, notes, annotations)
  SELECT id, title, byline, outlet, body, tags, notes, annotations FROM clipping_fts_source WHERE id = OLD.clipping_id;
END;

INSERT INTO clipping_fts (clipping_fts) VALUES ('rebuild');
`,
};
