import type { Migration } from './index.ts';

/**
 * The CJK insert trigger takes a new row's bigrams from its writer when the writer has
 * them (issue 14: import speed). `clippings_cjk_ai` computed `cjk_bigrams(title || ' ' ||
 * text)` for every new clipping: the text read back out of its compressed column (a second
 * time: the body's full-text index reads it first) and handed to JavaScript and back as a
 * string, to be scanned for CJK characters that it nearly always lacks. The writer scans
 * the text it has instead: ~1.5 % of an import writer's CPU less (perf at 10k:
 * tests/bench/results/import-s12-writer.md).
 * Now it asks `cjk_bigrams_known(NEW.id)` first (db/cjk.ts: the bigrams of the rows a
 * writer on this connection is inserting, computed by the same function from the same
 * title and text — `ClippingRepo.insertMany`), and computes them as before only when
 * that is NULL (any other insert). The index receives the same bigrams either way.
 *
 * Recreates one trigger: no per-row work, the same at any archive size. Outside tools
 * still cannot insert clippings (the trigger names functions only the app registers).
 */
export const migration027: Migration = {
  version: 27,
  keepsRankLists: true,
  name: "CJK index: a new clipping's bigrams from its writer",
  up: `
DROP TRIGGER clippings_cjk_ai;
CREATE TRIGGER clippings_cjk_ai AFTER INSERT ON clippings WHEN NEW.deleted_at IS NULL BEGIN
  INSERT INTO clipping_cjk (rowid, grams)
  SELECT NEW.id, g FROM (SELECT coalesce(cjk_bigrams_known(NEW.id), cjk_bigrams(NEW.title || ' ' || sqlar_uncompress(NEW.text_z, NEW.text_size))) AS g) WHERE g <> '';
END;
`,
};
