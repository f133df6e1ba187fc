/**
 * How often single words occur in given clippings' body documents, counted from the
 * documents themselves rather than by FTS5's bm25 (query/topk-multi.ts).
 *
 * Every statement calling bm25 first counts each phrase's matches over the whole index
 * for its idf: for a word in most clippings (`the`, `of`), a read of its whole doclist,
 * every position of it in the archive — whatever few clippings the statement ranks. When
 * the idf is known otherwise (the ranking lists' stored counts), a clipping's bm25 needs
 * only each word's column-weighted count in it and its length. These are read here: the
 * index's own content (the `content` view of `clipping_fts`) of those clippings is put in
 * a temporary FTS5 table with the same columns and tokenizer, and its terms' instances
 * counted (fts5vocab). The lengths are the index's (its docsize records, what bm25 reads);
 * a clipping whose content the temporary table makes of another length is not what the
 * index holds (null: the caller asks FTS5).
 */
import type { Db } from '../open.ts';
import { TABLE_COLUMNS, WEIGHTS } from './split.ts';
import { varints } from './topk.ts';

/** Each clipping's length in tokens and the column-weighted count of each word in it. */
export type Counts = Map<number, { len: number; wtf: number[] }>;

export class DocCounts {
  /** The content view and its id column, once the temporary tables are made; null when the index is not of that kind. */
  private source: { view: string; id: string } | null | undefined;

  constructor(private readonly db: Db) {}

  /**
   * For each of `ids` (body documents in the index), its length and the weighted count of
   * each of `words` (the text of one-word phrases, as written in the query); null when a
   * word is not exactly one term of the tokenizer, or a clipping's content is not what the
   * index holds.
   */
  counts(ids: readonly number[], words: readonly string[]): Counts | null {
    const source = this.setup();
    if (source === null) return null;
    const cols = TABLE_COLUMNS.body;
    try {
      // The words, each as a document of its own (negative ids), give their terms.
      const put = this.db.prepare(`INSERT INTO temp.doc_counts (rowid, ${cols.join(', ')}) VALUES (?, ${cols.map(() => '?').join(', ')})`);
      words.forEach((w, i) => put.run(-1 - i, w, '', '', ''));
      this.db
        .prepare(`INSERT INTO temp.doc_counts (rowid, ${cols.join(', ')}) SELECT ${source.id}, ${cols.join(', ')} FROM ${source.view} WHERE ${source.id} IN (SELECT value FROM json_each(?))`)
        .run(JSON.stringify(ids));
      const terms = this.db.prepare('SELECT doc, term FROM temp.doc_counts_terms WHERE doc < 0').all() as { doc: number; term: string }[];
      const termOf = words.map((_, i) => terms.filter((t) => t.doc === -1 - i).map((t) => t.term));
      if (termOf.some((t) => t.length !== 1)) return null;
      const index = new Map<string, number[]>();
      termOf.forEach(([t], i) => index.set(t!, [...(index.get(t!) ?? []), i]));
      const out: Counts = new Map();
      const sizes = this.db.prepare('SELECT id, sz FROM clipping_fts_docsize WHERE id IN (SELECT value FROM json_each(?))').all(JSON.stringify(ids)) as { id: number; sz: Uint8Array }[];
      const mine = this.db.prepare('SELECT id, sz FROM temp.doc_counts_docsize WHERE id >= 0').all() as { id: number; sz: Uint8Array }[];
      const length = (sz: Uint8Array) => varints(sz).reduce((a, b) => a + b, 0);
      const theirs = new Map(mine.map((r) => [r.id, length(r.sz)]));
      for (const { id, sz } of sizes) {
        const len = length(sz);
        if (theirs.get(id) !== len) return null;
        out.set(id, { len, wtf: words.map(() => 0) });
      }
      if (out.size !== new Set(ids).size) return null;
      // (One term at a time: fts5vocab reads only that term's instances.)
      const count = this.db.prepare(`SELECT doc, col, count(*) AS n FROM temp.doc_counts_terms WHERE term = ? AND doc >= 0 GROUP BY doc, col`);
      for (const [term, at] of index) {
        for (const r of count.all(term) as { doc: number; col: string; n: number }[]) for (const i of at) out.get(r.doc)!.wtf[i]! += WEIGHTS[r.col]! * r.n;
      }
      return out;
    } finally {
      this.db.prepare('DELETE FROM temp.doc_counts').run();
    }
  }

  /** Makes the temporary tables (once): the index's columns and tokenizer, and its instances. */
  private setup(): { view: string; id: string } | null {
    if (this.source !== undefined) return this.source;
    const sql = (this.db.prepare(`SELECT sql FROM sqlite_schema WHERE name = 'clipping_fts'`).get() as { sql: string } | undefined)?.sql ?? '';
    const view = /content\s*=\s*'([^']+)'/i.exec(sql)?.[1];
    const id = /content_rowid\s*=\s*'([^']+)'/i.exec(sql)?.[1];
    const tokenize = /tokenize\s*=\s*'([^']*)'/i.exec(sql)?.[1] ?? 'unicode61';
    if (!view || !id || !/^\w+$/.test(view) || !/^\w+$/.test(id)) return (this.source = null);
    this.db.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS temp.doc_counts USING fts5(${TABLE_COLUMNS.body.join(', ')}, tokenize = '${tokenize.replaceAll("'", "''")}')`);
    this.db.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS temp.doc_counts_terms USING fts5vocab(temp, 'doc_counts', 'instance')`);
    return (this.source = { view, id });
  }
}
