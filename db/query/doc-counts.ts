/**
 * Terms counted in given clippings' body documents from the documents themselves, not by
 * FTS5's bm25 (issue 13): for the few clippings a ranking list leaves open (query/topk.ts
 * `counted`, query/topk-prefix.ts, query/topk-side.ts), several words' clippings
 * (query/topk-multi.ts), and phrases in a few clippings (query/long-phrase.ts,
 * query/few-scores.ts: `phrases`).
 *
 * FTS5 reads a phrase's clippings only by its doclist: every statement calling bm25 first
 * counts each phrase's matches over the whole index for its idf — for a word in most
 * clippings (`the`, `of`), a read of its whole doclist, whatever few clippings the
 * statement ranks; a short prefix merges the doclists of every word it begins. When the
 * idf is known otherwise (the ranking lists' stored counts), a clipping's bm25 needs only
 * the phrase's column-weighted count in it and its length. These are read here: the
 * index's own content (its `content` view) of those clippings is put in a temporary FTS5
 * table with the same columns and tokenizer, and its terms' instances counted (fts5vocab),
 * weighted per column as bm25 weighs them. It costs a fraction of a millisecond per
 * clipping, whatever the phrase's match. The lengths are the index's (its doc sizes, what
 * bm25 reads); when a clipping's content makes a document of another length in the
 * temporary table, the index does not hold that content, and nothing is answered (null:
 * the caller asks FTS5).
 *
 * The same temporary table gives the terms the tokenizer makes of a text (`terms`).
 */
import type { Db } from '../open.ts';
import { TABLE_COLUMNS, WEIGHTS } from './split.ts';
import { varints } from './topk.ts';

/** Each clipping's length in tokens and the column-weighted count of each word in it. */
export type Counts = Map<number, { len: number; wtf: number[] }>;

/** A clipping's body document: its length, and its terms by column in token order (offset → term; an offset may be empty). */
export type Doc = { len: number; cols: Map<string, (string | undefined)[]> };

/**
 * The column-weighted number of instances of the phrase `tokens` in a document's columns,
 * as FTS5 counts them for bm25: each offset of a column from which its terms follow one
 * another (overlapping ones too). Offsets holding other terms may be left empty. With
 * `column` (a phrase with a column filter, `title : "x"`), its instances in that column
 * only: FTS5 reports no other to bm25.
 */
export function phraseCount(tokens: readonly string[], cols: Doc['cols'], column: string | null = null): number {
  let n = 0;
  for (const [col, terms] of cols) {
    if (column !== null && col !== column) continue;
    for (let o = 0; o + tokens.length <= terms.length; o++) {
      let k = 0;
      while (k < tokens.length && terms[o + k] === tokens[k]) k++;
      if (k === tokens.length) n += WEIGHTS[col]!;
    }
  }
  return n;
}

/** What is counted: the index term itself, or every term beginning with `prefix` (ASCII: see `DocCounts.of`). */
export type Counted = { term: string } | { prefix: string };

/** The body index's content view and its id column. */
interface Source {
  view: string;
  id: string;
}

/** Per connection, its temporary tables made: the index's content view; null when the index has none (nothing is counted). */
const sources = new WeakMap<Db, Source | null>();

export class DocCounts {
  constructor(private readonly db: Db) {}

  /**
   * For each of `ids` (body documents in the index), its length and the weighted count of
   * each of `words` (the text of one-word phrases, as written in the query); null when a
   * word is not exactly one term of the tokenizer, or a clipping is not in the index or
   * its content is not what the index holds.
   */
  counts(ids: readonly number[], words: readonly string[]): Counts | null {
    const termOf: string[] = [];
    for (const w of words) {
      const t = this.terms(w);
      if (t?.length !== 1) return null;
      termOf.push(t[0]!);
    }
    const at = new Map<string, number[]>();
    termOf.forEach((t, i) => at.set(t, [...(at.get(t) ?? []), i]));
    return this.tokenized(ids, (lengths) => {
      if (lengths.size !== new Set(ids).size) return null;
      const out: Counts = new Map([...lengths].map(([id, len]) => [id, { len, wtf: words.map(() => 0) }]));
      // (One term at a time: fts5vocab reads only that term's instances.)
      const count = this.db.prepare('SELECT doc, col, count(*) AS n FROM temp.doc_counts_terms WHERE term = ? GROUP BY doc, col');
      for (const [term, is] of at) {
        for (const r of count.all(term) as { doc: number; col: string; n: number }[]) for (const i of is) out.get(r.doc)!.wtf[i]! += WEIGHTS[r.col]! * r.n;
      }
      return out;
    });
  }

  /**
   * Each of these live clippings' weighted count of `what` (an index term, or the terms
   * beginning with a prefix) and its length in the index; none for a clipping not in the
   * index. Null when a clipping's content is not what the index holds. A prefix's range
   * ends at its last character's successor: for ASCII only.
   */
  of(what: Counted, ids: readonly number[]): Map<number, { wtf: number; len: number }> | null {
    return this.tokenized(ids, (lengths) => {
      const out = new Map([...lengths].map(([id, len]) => [id, { wtf: 0, len }]));
      const [where, params] =
        'term' in what
          ? ['term = ?', [what.term]]
          : // Terms beginning with the prefix: from it up to its last character's successor.
            ['term >= ? AND term < ?', [what.prefix, what.prefix.slice(0, -1) + String.fromCharCode(what.prefix.charCodeAt(what.prefix.length - 1) + 1)]];
      const rows = this.db.prepare(`SELECT doc, col, count(*) AS n FROM temp.doc_counts_terms WHERE ${where} GROUP BY doc, col`).all(...params) as { doc: number; col: string; n: number }[];
      for (const { doc, col, n } of rows) {
        const x = out.get(doc);
        if (x) x.wtf += n * WEIGHTS[col]!;
      }
      return out;
    });
  }

  /**
   * For each of `ids` (body documents in the index), its length and the column-weighted
   * count of each phrase of `texts` in it — its instances as FTS5 counts them for bm25:
   * each position of a column where its terms follow one another (overlapping ones too);
   * of those in its column only where `columns` names one (`phraseCount`).
   * Null when a phrase makes no term, or a clipping is not in the index or its content is
   * not what the index holds.
   */
  phrases(texts: readonly string[], ids: readonly number[], columns: readonly (string | null)[] = []): Counts | null {
    const termsOf: string[][] = [];
    for (const text of texts) {
      const t = this.terms(text);
      if (!t?.length) return null;
      termsOf.push(t);
    }
    return this.tokenized(ids, (lengths) => {
      if (lengths.size !== new Set(ids).size) return null;
      // Each document's instances of the phrases' terms only (one term at a time: fts5vocab reads only that term's), the other offsets left empty.
      const docs = new Map<number, Doc['cols']>([...lengths.keys()].map((id) => [id, new Map()]));
      const at = this.db.prepare('SELECT doc, col, offset FROM temp.doc_counts_terms WHERE term = ?');
      for (const term of new Set(termsOf.flat())) {
        for (const { doc, col, offset } of at.all(term) as { doc: number; col: string; offset: number }[]) {
          const cols = docs.get(doc);
          if (!cols) continue;
          const terms = cols.get(col) ?? [];
          cols.set(col, terms);
          terms[offset] = term;
        }
      }
      return new Map([...lengths].map(([id, len]) => [id, { len, wtf: termsOf.map((tokens, i) => phraseCount(tokens, docs.get(id)!, columns[i] ?? null)) }]));
    });
  }

  /**
   * Each of these clippings' terms in the index, by column, in token order (offset → term),
   * with its length; none for a clipping not in the index. Null as `of` (query/topk-patch.ts).
   */
  instances(ids: readonly number[]): Map<number, Doc> | null {
    return this.tokenized(ids, (lengths) => {
      const out = new Map<number, Doc>([...lengths].map(([id, len]) => [id, { len, cols: new Map() }]));
      for (const { doc, col, offset, term } of this.db.prepare('SELECT doc, col, offset, term FROM temp.doc_counts_terms').all() as { doc: number; col: string; offset: number; term: string }[]) {
        const d = out.get(doc);
        if (!d) continue;
        const at = d.cols.get(col) ?? [];
        d.cols.set(col, at);
        at[offset] = term;
      }
      return out;
    });
  }

  /** The terms the body index's tokenizer makes of `text`, in order; null when the index is not of the kind counted here. */
  terms(text: string): string[] | null {
    if (this.source() === null) return null;
    this.db.prepare('INSERT INTO temp.doc_counts (body, rowid) VALUES (?, -1)').run(text);
    try {
      return (this.db.prepare('SELECT term FROM temp.doc_counts_terms WHERE doc = -1 ORDER BY offset').all() as { term: string }[]).map((r) => r.term);
    } finally {
      this.empty();
    }
  }

  /**
   * `read` of the lengths in the index of those of `ids` it holds, with their content put
   * in the temporary table; null when the index is not of this kind, or the content of a
   * clipping makes a document of another length there than the index's doc size (or
   * none where the index has one, or one where it has none).
   */
  private tokenized<T>(ids: readonly number[], read: (lengths: Map<number, number>) => T | null): T | null {
    const source = this.source();
    if (source === null) return null;
    const cols = TABLE_COLUMNS.body.join(', ');
    const json = JSON.stringify(ids);
    this.db.prepare(`INSERT INTO temp.doc_counts (rowid, ${cols}) SELECT ${source.id}, ${cols} FROM ${source.view} WHERE ${source.id} IN (SELECT value FROM json_each(?))`).run(json);
    try {
      const lengths = this.lengths('clipping_fts_docsize', json);
      const mine = this.lengths('temp.doc_counts_docsize', json);
      if (mine.size !== lengths.size) return null;
      for (const [id, len] of lengths) if (mine.get(id) !== len) return null;
      return read(lengths);
    } finally {
      this.empty();
    }
  }

  /** Makes the temporary tables (once per connection): the index's columns and tokenizer, and its instances. */
  private source(): Source | null {
    const known = sources.get(this.db);
    if (known !== undefined) return known;
    const sql = (this.db.prepare(`SELECT sql FROM sqlite_schema WHERE name = 'clipping_fts'`).get() as { sql: string } | undefined)?.sql ?? '';
    const view = /content\s*=\s*'([^']+)'/i.exec(sql)?.[1];
    const id = /content_rowid\s*=\s*'([^']+)'/i.exec(sql)?.[1];
    const tokenize = /tokenize\s*=\s*'([^']*)'/i.exec(sql)?.[1] ?? 'unicode61';
    if (!view || !id || !/^\w+$/.test(view) || !/^\w+$/.test(id)) {
      sources.set(this.db, null);
      return null;
    }
    // Contentless: only the terms and doc sizes are wanted, and emptied in one step ('delete-all').
    this.db.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS temp.doc_counts USING fts5(${TABLE_COLUMNS.body.join(', ')}, content = '', tokenize = '${tokenize.replaceAll("'", "''")}')`);
    this.db.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS temp.doc_counts_terms USING fts5vocab(temp, 'doc_counts', 'instance')`);
    const source = { view, id };
    sources.set(this.db, source);
    return source;
  }

  /** The length in tokens of the body documents in the doc sizes `table` of those of the clippings `json` names. */
  private lengths(table: string, json: string): Map<number, number> {
    const sizes = this.db.prepare(`SELECT d.id AS id, d.sz AS sz FROM ${table} d WHERE d.id IN (SELECT value FROM json_each(?))`).all(json) as { id: number; sz: Uint8Array }[];
    return new Map(sizes.map(({ id, sz }) => [id, varints(sz).reduce((a, b) => a + b, 0)]));
  }

  private empty(): void {
    this.db.prepare(`INSERT INTO temp.doc_counts (doc_counts) VALUES ('delete-all')`).run();
  }
}
