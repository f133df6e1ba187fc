import type { Migration } from './index.ts';

/**
 * Keeps the archive a plain SQLite file that SQLite 3.37+ tools can open (Debian 12's
 * `sqlite3` and Python 3.11's `sqlite3` module ship 3.40). An older SQLite refuses the
 * whole file ("malformed database schema") when any schema object uses syntax it does
 * not know; two did:
 *
 * 1. `clipping_fts_source` (002/003) used `group_concat(… ORDER BY …)`, SQLite 3.44.
 *    It is recreated with each list concatenated over an ordered subquery instead.
 *    What the order is for: the view is the external content of `clipping_fts`, and
 *    FTS5 re-reads it to delete a document, for highlight()/snippet() and for
 *    'integrity-check'. Those need the same text, token positions included, every time
 *    the view is read, and equal to what is already indexed. Which order does not
 *    matter to search; that it is stable does. SQLite does not formally promise that an
 *    aggregate sees rows in a FROM-subquery's order, but it keeps that order whenever
 *    the outer query is an aggregate of a single source without its own ORDER BY (the
 *    flattener and the ORDER BY-omission optimisation both stand back then), and the
 *    rows come out of the indexes in id order anyway (clipping_tags' primary key is
 *    (clipping_id, tag_id); annotations_clipping lists rowids in order). The documents
 *    are therefore byte-identical to those 002/003 indexed, so no 'rebuild' is needed
 *    (tests/db/migration-steps.test.ts compares the view before and after, and runs
 *    FTS5's integrity-check on tags and annotations inserted out of id order).
 *
 * 2. `clipping_cjk` (007) was contentless with `contentless_delete = 1`, SQLite 3.43.
 *    It is rebuilt contentless without that option. Such a table accepts no DELETE, so
 *    the triggers remove a document with FTS5's 'delete' command and the old bigrams,
 *    recomputed from OLD.title and OLD.text by the deterministic `cjk_bigrams()`, under
 *    exactly the condition that put the document in (live and with CJK text): a delete
 *    then matches its insert token for token. Chosen over the alternatives by size:
 *    - a normal-content FTS5 table would store the bigram string of every CJK clipping
 *      (about seven bytes per CJK character), measured at ~5× the side index and ~2.3×
 *      the whole file on 2,000 CJK clippings;
 *    - an external-content table over a view calling `cjk_bigrams()` stores no more
 *      than this one but makes plain reads of `clipping_cjk` fail in outside tools
 *      (they do not have the function), and its deletes re-derive the bigrams too.
 *    The catch: any change to what `cjkBigrams()` returns (db/cjk.ts) must come with a
 *    migration that rebuilds `clipping_cjk`, or later deletes would not match.
 *
 * Writing from outside tools stays refused where a trigger calls `cjk_bigrams()` (only
 * the app registers it): the statement fails with "no such function" and writes nothing.
 */
export const migration008: Migration = {
  version: 8,
  name: 'schema readable by SQLite 3.37+',
  up: `
DROP VIEW clipping_fts_source;
CREATE VIEW clipping_fts_source (id, title, byline, outlet, body, tags, notes, annotations) AS
SELECT
  c.id, c.title, coalesce(c.byline, ''), coalesce(c.outlet, ''), c.text,
  coalesce((SELECT group_concat(name, ' ; ')
              FROM (SELECT t.name AS name
                      FROM clipping_tags ct JOIN tags t ON t.id = ct.tag_id
                     WHERE ct.clipping_id = c.id
                     ORDER BY t.id)), ''),
  c.note,
  coalesce((SELECT group_concat(passage, ' ; ')
              FROM (SELECT a.exact || ' ' || a.note AS passage
                      FROM annotations a
                     WHERE a.clipping_id = c.id
                     ORDER BY a.id)), '')
FROM clippings c
WHERE c.deleted_at IS NULL;

DROP TRIGGER clippings_cjk_ai;
DROP TRIGGER clippings_cjk_au;
DROP TRIGGER clippings_cjk_ad;
DROP TABLE clipping_cjk;

CREATE VIRTUAL TABLE clipping_cjk USING fts5(grams, content = '', tokenize = 'unicode61');

INSERT INTO clipping_cjk (rowid, grams)
SELECT id, g FROM (SELECT id, cjk_bigrams(title || ' ' || text) AS g FROM clippings WHERE deleted_at IS NULL) WHERE g <> '';

-- A clipping is in clipping_cjk exactly when it is live and its title or text has CJK
-- characters; every trigger below tests the same condition on the same expression.
CREATE TRIGGER clippings_cjk_ai AFTER INSERT ON clippings WHEN NEW.deleted_at IS NULL BEGIN
  INSERT INTO clipping_cjk (rowid, grams)
  SELECT NEW.id, g FROM (SELECT cjk_bigrams(NEW.title || ' ' || NEW.text) AS g) WHERE g <> '';
END;
CREATE TRIGGER clippings_cjk_au AFTER UPDATE OF title, text, deleted_at ON clippings BEGIN
  INSERT INTO clipping_cjk (clipping_cjk, rowid, grams)
  SELECT 'delete', OLD.id, g FROM (SELECT cjk_bigrams(OLD.title || ' ' || OLD.text) AS g) WHERE g <> '' AND OLD.deleted_at IS NULL;
  INSERT INTO clipping_cjk (rowid, grams)
  SELECT NEW.id, g FROM (SELECT cjk_bigrams(NEW.title || ' ' || NEW.text) AS g) WHERE g <> '' AND NEW.deleted_at IS NULL;
END;
CREATE TRIGGER clippings_cjk_ad AFTER DELETE ON clippings WHEN OLD.deleted_at IS NULL BEGIN
  INSERT INTO clipping_cjk (clipping_cjk, rowid, grams)
  SELECT 'delete', OLD.id, g FROM (SELECT cjk_bigrams(OLD.title || ' ' || OLD.text) AS g) WHERE g <> '';
END;
`,
};
