import type { Migration } from './index.ts';

/**
 * A side index for text without spaces (Chinese, Japanese, Korean): character bigrams
 * of the title and body of live clippings (see db/cjk.ts), kept in step by triggers that
 * call the `cjk_bigrams()` function every connection registers (db/open.ts).
 */
export const migration007: Migration = {
  version: 7,
  name: 'CJK bigram side index',
  up: `
CREATE VIRTUAL TABLE clipping_cjk USING fts5(grams, content = '', contentless_delete = 1, tokenize = 'unicode61');

INSERT INTO clipping_cjk (rowid, grams)
SELECT id, g FROM (SELECT id, cjk_bigrams(title || ' ' || text) AS g FROM clippings WHERE deleted_at IS NULL) WHERE g <> '';

CREATE TRIGGER clippings_cjk_ai AFTER INSERT ON clippings WHEN NEW.deleted_at IS NULL BEGIN
  INSERT INTO clipping_cjk (rowid, grams) SELECT NEW.id, g FROM (SELECT cjk_bigrams(NEW.title || ' ' || NEW.text) AS g) WHERE g <> '';
END;
CREATE TRIGGER clippings_cjk_au AFTER UPDATE OF title, text, deleted_at ON clippings BEGIN
  DELETE FROM clipping_cjk WHERE rowid = OLD.id;
  INSERT INTO clipping_cjk (rowid, grams)
  SELECT NEW.id, g FROM (SELECT cjk_bigrams(NEW.title || ' ' || NEW.text) AS g) WHERE g <> '' AND NEW.deleted_at IS NULL;
END;
CREATE TRIGGER clippings_cjk_ad AFTER DELETE ON clippings BEGIN
  DELETE FROM clipping_cjk WHERE rowid = OLD.id;
END;
`,
};
