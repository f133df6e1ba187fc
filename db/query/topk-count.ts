/**
 * The weighted count of a term or short prefix in given clippings' body documents,
 * counted from their texts rather than read from the full-text index's doclists
 * (issue 13).
 *
 * FTS5 reads a phrase's clippings only by its doclist: scoring a few clippings by its
 * bm25 is one pass over the phrase's whole match (and one more for the count bm25's idf
 * needs) — for `the` at 100k, ~99k entries twice, to score the 13–20 clippings found in
 * the meta index that the ranking list (query/topk.ts) cannot place. Here each clipping's
 * columns, as the index's content view gives them, are tokenized by the index's own
 * tokenizer in a temporary table, and the tokens the term is (or the prefix begins)
 * counted by column, weighted as bm25 weights them; the length is the index's doc size.
 * It costs a fraction of a millisecond per clipping, whatever the match's size: for a
 * few clippings of a broad phrase, less than the pass.
 */
import type { Db } from '../open.ts';
import { TABLE_COLUMNS, WEIGHTS } from './split.ts';
import { varints } from './topk.ts';

/** What is counted: the index term itself, or every term beginning with `prefix` (ASCII: see `countsOf`). */
export type Counted = { term: string } | { prefix: string };

/**
 * Each of these live clippings' weighted count of `what` (the index's terms, as its
 * tokenizer makes them of the content view's columns; weighted per column as bm25
 * weighs them) and its length in the index (doc sizes); none for a clipping not in the
 * index. A prefix's range ends at its last character's successor: for ASCII only.
 */
export function countsOf(db: Db, what: Counted, ids: readonly number[]): Map<number, { wtf: number; len: number }> {
  const cols = TABLE_COLUMNS.body;
  if (!made.has(db)) {
    const sql = (db.prepare(`SELECT sql FROM sqlite_schema WHERE name = 'clipping_fts'`).get() as { sql: string } | undefined)?.sql ?? '';
    const spec = /tokenize\s*=\s*'([^']*)'/i.exec(sql)?.[1] ?? 'unicode61';
    // Contentless: only the terms are wanted, and emptied in one step ('delete-all').
    db.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS temp.rank_prefix_docs USING fts5(${cols.join(', ')}, content = '', tokenize = '${spec.replaceAll("'", "''")}')`);
    db.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS temp.rank_prefix_terms USING fts5vocab(temp, 'rank_prefix_docs', 'instance')`);
    made.add(db);
  }
  const json = JSON.stringify(ids);
  const out = new Map<number, { wtf: number; len: number }>();
  for (const { id, sz } of db.prepare('SELECT d.id AS id, d.sz AS sz FROM clipping_fts_docsize d WHERE d.id IN (SELECT value FROM json_each(?))').all(json) as { id: number; sz: Uint8Array }[]) {
    out.set(id, { wtf: 0, len: varints(sz).reduce((a, b) => a + b, 0) });
  }
  db.prepare(`INSERT INTO temp.rank_prefix_docs (rowid, ${cols.join(', ')}) SELECT id, ${cols.join(', ')} FROM clipping_fts_source WHERE id IN (SELECT value FROM json_each(?))`).run(json);
  try {
    const [where, params] =
      'term' in what
        ? ['term = ?', [what.term]]
        : // Terms beginning with the prefix: from it up to its last character's successor.
          ['term >= ? AND term < ?', [what.prefix, what.prefix.slice(0, -1) + String.fromCharCode(what.prefix.charCodeAt(what.prefix.length - 1) + 1)]];
    const rows = db.prepare(`SELECT doc, col, count(*) AS n FROM temp.rank_prefix_terms WHERE ${where} GROUP BY doc, col`).all(...params) as { doc: number; col: string; n: number }[];
    for (const { doc, col, n } of rows) {
      const x = out.get(doc);
      if (x) x.wtf += n * (WEIGHTS[col] ?? 1);
    }
  } finally {
    db.prepare(`INSERT INTO temp.rank_prefix_docs (rank_prefix_docs) VALUES ('delete-all')`).run();
  }
  return out;
}

/** Connections whose temporary tables `countsOf` made. */
const made = new WeakSet<Db>();
