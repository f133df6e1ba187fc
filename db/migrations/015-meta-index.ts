import type { Migration } from './index.ts';

/** The letters Unicode does not decompose and their plain spelling, as migration 011 folds them (kept here, as shipped). */
const LETTERS: readonly (readonly [string, string])[] = [
  ['ø', 'o'], ['Ø', 'o'], ['ł', 'l'], ['Ł', 'l'], ['đ', 'd'], ['Đ', 'd'], ['ð', 'd'], ['Ð', 'd'], ['þ', 'th'], ['Þ', 'th'],
  ['ß', 'ss'], ['ẞ', 'ss'], ['æ', 'ae'], ['Æ', 'ae'], ['œ', 'oe'], ['Œ', 'oe'], ['ı', 'i'], ['ħ', 'h'], ['Ħ', 'h'], ['ŀ', 'l'], ['Ŀ', 'l'],
];

/** `expr` with every letter of LETTERS replaced, in built-in SQL (nested replace()). */
const folded = (expr: string): string => LETTERS.reduce((e, [from, to]) => `replace(${e}, '${from}', '${to}')`, expr);

/**
 * Tags, notes and annotations indexed apart from the body (issue 14, item 2): tagging,
 * noting and annotating no longer delete and re-insert the whole body's document.
 *
 * - `clipping_fts` keeps title, byline, outlet and body (same tokenizer, folding view and
 *   prefix indexes as migration 011); its content view `clipping_fts_source` lists every
 *   live clipping.
 * - `clipping_meta_fts` holds tags, notes and annotation quotes and notes, over the view
 *   `clipping_meta_fts_source`, which lists only live clippings that have any of them:
 *   a clipping without tags, note or annotations has no row there. (Its condition reads
 *   the tables rather than the folded texts: the same rows, and a view no deeper than
 *   migration 011's, which SQLite 3.40's parser — outside tools, issue 11 — still reads.)
 *
 * Triggers keep each in step with what it indexes: a change to the title, byline, outlet
 * or text rewrites the body's document; a tag linked, unlinked or renamed, a note or an
 * annotation rewrites the small one only. Trashing, restoring and deleting a clipping
 * remove or re-add both. Search semantics are the engine's business (db/search.ts): a
 * word matches when it is in either document, as it did in the one document before.
 */
export const migration015: Migration = {
  version: 15,
  name: 'search: tags, notes and annotations indexed apart from the body',
  up: `
DROP TABLE clipping_fts;
DROP VIEW clipping_fts_source;
CREATE VIEW clipping_fts_source (id, title, byline, outlet, body) AS
SELECT
  c.id, ${folded('c.title')}, ${folded("coalesce(c.byline, '')")}, ${folded("coalesce(c.outlet, '')")}, ${folded('c.text')}
FROM clippings c
WHERE c.deleted_at IS NULL;

CREATE VIEW clipping_meta_fts_source (id, tags, notes, annotations) AS
SELECT
  c.id,
  ${folded(`coalesce((SELECT group_concat(name, ' ; ')
              FROM (SELECT t.name AS name
                      FROM clipping_tags ct JOIN tags t ON t.id = ct.tag_id
                     WHERE ct.clipping_id = c.id
                     ORDER BY t.id)), '')`)},
  ${folded('c.note')},
  ${folded(`coalesce((SELECT group_concat(passage, ' ; ')
              FROM (SELECT a.exact || ' ' || a.note AS passage
                      FROM annotations a
                     WHERE a.clipping_id = c.id
                     ORDER BY a.id)), '')`)}
FROM clippings c
WHERE c.deleted_at IS NULL
  AND (c.note <> ''
       OR EXISTS (SELECT 1 FROM clipping_tags ct WHERE ct.clipping_id = c.id)
       OR EXISTS (SELECT 1 FROM annotations a WHERE a.clipping_id = c.id));

CREATE VIRTUAL TABLE clipping_fts USING fts5(
  title, byline, outlet, body,
  content = 'clipping_fts_source', content_rowid = 'id',
  tokenize = 'porter unicode61 remove_diacritics 2',
  prefix = '2 3'
);
CREATE VIRTUAL TABLE clipping_meta_fts USING fts5(
  tags, notes, annotations,
  content = 'clipping_meta_fts_source', content_rowid = 'id',
  tokenize = 'porter unicode61 remove_diacritics 2',
  prefix = '2 3'
);

DROP TRIGGER annotations_fts_ad;
DROP TRIGGER annotations_fts_ai;
DROP TRIGGER annotations_fts_au;
DROP TRIGGER annotations_fts_bd;
DROP TRIGGER annotations_fts_bi;
DROP TRIGGER annotations_fts_bu;
DROP TRIGGER clipping_tags_fts_ad;
DROP TRIGGER clipping_tags_fts_ai;
DROP TRIGGER clipping_tags_fts_bd;
DROP TRIGGER clipping_tags_fts_bi;
DROP TRIGGER clippings_fts_ai;
DROP TRIGGER clippings_fts_au;
DROP TRIGGER clippings_fts_bd;
DROP TRIGGER clippings_fts_bu;
DROP TRIGGER clippings_fts_restore;
DROP TRIGGER clippings_fts_trash;
DROP TRIGGER tags_fts_au;
DROP TRIGGER tags_fts_bu;

CREATE TRIGGER clippings_fts_ai AFTER INSERT ON clippings BEGIN
  INSERT INTO clipping_fts (rowid, title, byline, outlet, body) SELECT id, title, byline, outlet, body FROM clipping_fts_source WHERE id = NEW.id;
  INSERT INTO clipping_meta_fts (rowid, tags, notes, annotations) SELECT id, tags, notes, annotations FROM clipping_meta_fts_source WHERE id = NEW.id;
END;
CREATE TRIGGER clippings_fts_bu BEFORE UPDATE OF title, byline, outlet, text ON clippings BEGIN
  INSERT INTO clipping_fts (clipping_fts, rowid, title, byline, outlet, body) SELECT 'delete', id, title, byline, outlet, body FROM clipping_fts_source WHERE id = OLD.id;
END;
CREATE TRIGGER clippings_fts_au AFTER UPDATE OF title, byline, outlet, text ON clippings BEGIN
  INSERT INTO clipping_fts (rowid, title, byline, outlet, body) SELECT id, title, byline, outlet, body FROM clipping_fts_source WHERE id = NEW.id;
END;
CREATE TRIGGER clippings_meta_fts_bu BEFORE UPDATE OF note ON clippings BEGIN
  INSERT INTO clipping_meta_fts (clipping_meta_fts, rowid, tags, notes, annotations) SELECT 'delete', id, tags, notes, annotations FROM clipping_meta_fts_source WHERE id = OLD.id;
END;
CREATE TRIGGER clippings_meta_fts_au AFTER UPDATE OF note ON clippings BEGIN
  INSERT INTO clipping_meta_fts (rowid, tags, notes, annotations) SELECT id, tags, notes, annotations FROM clipping_meta_fts_source WHERE id = NEW.id;
END;
CREATE TRIGGER clippings_fts_bd BEFORE DELETE ON clippings BEGIN
  INSERT INTO clipping_fts (clipping_fts, rowid, title, byline, outlet, body) SELECT 'delete', id, title, byline, outlet, body FROM clipping_fts_source WHERE id = OLD.id;
  INSERT INTO clipping_meta_fts (clipping_meta_fts, rowid, tags, notes, annotations) SELECT 'delete', id, tags, notes, annotations FROM clipping_meta_fts_source WHERE id = OLD.id;
END;
CREATE TRIGGER clippings_fts_trash BEFORE UPDATE OF deleted_at ON clippings
WHEN OLD.deleted_at IS NULL AND NEW.deleted_at IS NOT NULL BEGIN
  INSERT INTO clipping_fts (clipping_fts, rowid, title, byline, outlet, body) SELECT 'delete', id, title, byline, outlet, body FROM clipping_fts_source WHERE id = OLD.id;
  INSERT INTO clipping_meta_fts (clipping_meta_fts, rowid, tags, notes, annotations) SELECT 'delete', id, tags, notes, annotations FROM clipping_meta_fts_source WHERE id = OLD.id;
END;
CREATE TRIGGER clippings_fts_restore AFTER UPDATE OF deleted_at ON clippings
WHEN OLD.deleted_at IS NOT NULL AND NEW.deleted_at IS NULL BEGIN
  INSERT INTO clipping_fts (rowid, title, byline, outlet, body) SELECT id, title, byline, outlet, body FROM clipping_fts_source WHERE id = NEW.id;
  INSERT INTO clipping_meta_fts (rowid, tags, notes, annotations) SELECT id, tags, notes, annotations FROM clipping_meta_fts_source WHERE id = NEW.id;
END;
CREATE TRIGGER clipping_tags_fts_bi BEFORE INSERT ON clipping_tags BEGIN
  INSERT INTO clipping_meta_fts (clipping_meta_fts, rowid, tags, notes, annotations) SELECT 'delete', id, tags, notes, annotations FROM clipping_meta_fts_source WHERE id = NEW.clipping_id;
END;
CREATE TRIGGER clipping_tags_fts_ai AFTER INSERT ON clipping_tags BEGIN
  INSERT INTO clipping_meta_fts (rowid, tags, notes, annotations) SELECT id, tags, notes, annotations FROM clipping_meta_fts_source WHERE id = NEW.clipping_id;
END;
CREATE TRIGGER clipping_tags_fts_bd BEFORE DELETE ON clipping_tags BEGIN
  INSERT INTO clipping_meta_fts (clipping_meta_fts, rowid, tags, notes, annotations) SELECT 'delete', id, tags, notes, annotations FROM clipping_meta_fts_source WHERE id = OLD.clipping_id;
END;
CREATE TRIGGER clipping_tags_fts_ad AFTER DELETE ON clipping_tags BEGIN
  INSERT INTO clipping_meta_fts (rowid, tags, notes, annotations) SELECT id, tags, notes, annotations FROM clipping_meta_fts_source WHERE id = OLD.clipping_id;
END;
CREATE TRIGGER tags_fts_bu BEFORE UPDATE OF name ON tags BEGIN
  INSERT INTO clipping_meta_fts (clipping_meta_fts, rowid, tags, notes, annotations)
  SELECT 'delete', s.id, s.tags, s.notes, s.annotations
    FROM clipping_meta_fts_source s JOIN clipping_tags ct ON ct.clipping_id = s.id WHERE ct.tag_id = OLD.id;
END;
CREATE TRIGGER tags_fts_au AFTER UPDATE OF name ON tags BEGIN
  INSERT INTO clipping_meta_fts (rowid, tags, notes, annotations)
  SELECT s.id, s.tags, s.notes, s.annotations
    FROM clipping_meta_fts_source s JOIN clipping_tags ct ON ct.clipping_id = s.id WHERE ct.tag_id = NEW.id;
END;
CREATE TRIGGER annotations_fts_bi BEFORE INSERT ON annotations BEGIN
  INSERT INTO clipping_meta_fts (clipping_meta_fts, rowid, tags, notes, annotations) SELECT 'delete', id, tags, notes, annotations FROM clipping_meta_fts_source WHERE id = NEW.clipping_id;
END;
CREATE TRIGGER annotations_fts_ai AFTER INSERT ON annotations BEGIN
  INSERT INTO clipping_meta_fts (rowid, tags, notes, annotations) SELECT id, tags, notes, annotations FROM clipping_meta_fts_source WHERE id = NEW.clipping_id;
END;
CREATE TRIGGER annotations_fts_bu BEFORE UPDATE OF exact, note ON annotations BEGIN
  INSERT INTO clipping_meta_fts (clipping_meta_fts, rowid, tags, notes, annotations) SELECT 'delete', id, tags, notes, annotations FROM clipping_meta_fts_source WHERE id = OLD.clipping_id;
END;
CREATE TRIGGER annotations_fts_au AFTER UPDATE OF exact, note ON annotations BEGIN
  INSERT INTO clipping_meta_fts (rowid, tags, notes, annotations) SELECT id, tags, notes, annotations FROM clipping_meta_fts_source WHERE id = NEW.clipping_id;
END;
CREATE TRIGGER annotations_fts_bd BEFORE DELETE ON annotations BEGIN
  INSERT INTO clipping_meta_fts (clipping_meta_fts, rowid, tags, notes, annotations) SELECT 'delete', id, tags, notes, annotations FROM clipping_meta_fts_source WHERE id = OLD.clipping_id;
END;
CREATE TRIGGER annotations_fts_ad AFTER DELETE ON annotations BEGIN
  INSERT INTO clipping_meta_fts (rowid, tags, notes, annotations) SELECT id, tags, notes, annotations FROM clipping_meta_fts_source WHERE id = OLD.clipping_id;
END;

INSERT INTO clipping_fts (clipping_fts) VALUES ('rebuild');
INSERT INTO clipping_meta_fts (clipping_meta_fts) VALUES ('rebuild');
`,
};
