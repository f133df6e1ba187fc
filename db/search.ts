/**
 * The search engine: query text → parser (query/parser.ts) → builder (query/builder.ts)
 * → SQL here. A caller doing several steps for one query (search.query: ranking,
 * facets, histogram, close matches) parses it once with `parse()` and passes the
 * `ParsedQuery` to each; a string is parsed where it is taken. Ranking is bm25 with field weights; newest/oldest sort by date instead.
 * Work is done in the order that keeps broad queries cheap: rank and page the ids first,
 * then compute snippets, match offsets and summaries only for the page shown; the total
 * is counted up to COUNT_CAP.
 */
import type { Facets, HistogramBucket } from '../electron/contract/shapes.ts';
import { fold, foldedPositions, foldLetters } from './fold.ts';
import type { Db } from './open.ts';
import { buildQuery, type BuiltQuery } from './query/builder.ts';
import { parseQuery, QueryError, type QueryNode } from './query/parser.ts';

export { QueryError };

/** Column order of `clipping_fts`, and the bm25 weight of each. */
export const FTS_COLUMNS = ['title', 'byline', 'outlet', 'body', 'tags', 'notes', 'annotations'] as const;
const WEIGHTS: Record<(typeof FTS_COLUMNS)[number], number> = {
  title: 10,
  byline: 4,
  outlet: 4,
  tags: 4,
  notes: 2,
  annotations: 2,
  body: 1,
};
const BODY_COLUMN = FTS_COLUMNS.indexOf('body');
const BM25 = `bm25(clipping_fts, ${FTS_COLUMNS.map((c) => WEIGHTS[c]).join(', ')})`;

/** Counting stops here: a larger total is reported as inexact ("10,000+"). */
export const COUNT_CAP = 10_000;

export type SortOrder = 'relevance' | 'newest' | 'oldest';

const MARK_OPEN = '\uE000';
const MARK_CLOSE = '\uE001';
const MARKS_RE = /[\uE000\uE001]/g;
const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

export interface RankedId {
  id: number;
  score: number;
  /** With `collapse`: members of the hit's story cluster that match (1 when alone). */
  clusterSize?: number;
}

export interface SearchPage {
  ranked: RankedId[];
  snippets: Map<number, string>;
  /** Offsets [start, end) of every match in each hit's `text`. */
  matches: Map<number, [number, number][]>;
  total: number;
  totalExact: boolean;
  facets: Facets | null;
}

export interface SearchOptions {
  limit: number;
  offset: number;
  now: Date;
  sort?: SortOrder;
  facets?: boolean;
  /** One hit per story cluster: its best-ranked member, with the cluster's size. */
  collapse?: boolean;
}

/** A query parsed once (`SearchRepo.parse`), for every step that takes it. */
export interface ParsedQuery {
  /** The text was blank (a blank histogram query counts every live clipping). */
  blank: boolean;
  ast: QueryNode;
}

/** Query text, or a query already parsed. */
export type QueryInput = string | ParsedQuery;

/** A parsed and built query with the SQL every step shares. */
interface Plan {
  built: BuiltQuery;
  /** Text only, no SQL filter: the index alone answers (trashed clippings are not in it). */
  ftsOnly: boolean;
  /** FROM … WHERE … selecting live matching clippings as `c` (with `clipping_fts` when matching text). */
  from: string;
  params: unknown[];
  /** OR of the positive terms: what snippets and match offsets highlight. */
  highlight: string | null;
}

const EMPTY: SearchPage = { ranked: [], snippets: new Map(), matches: new Map(), total: 0, totalExact: true, facets: null };

export class SearchRepo {
  constructor(private readonly db: Db) {}

  /** Parses query text (NFC first). Throws QueryError for a query that cannot be understood. */
  parse(input: string): ParsedQuery {
    return { blank: input.trim() === '', ast: parseQuery(input.normalize('NFC')) };
  }

  /** One page of results. Throws QueryError for a query that cannot be understood. */
  query(input: QueryInput, opts: SearchOptions): SearchPage {
    const plan = this.plan(input, opts.now);
    if (!plan) return { ...EMPTY, facets: opts.facets ? { tags: [], outlets: [], years: [] } : null };
    const sort = opts.sort ?? 'relevance';
    const collapse = opts.collapse ?? false;
    const ranked = collapse ? this.rankCollapsed(plan, sort, opts.limit, opts.offset) : this.rank(plan, sort, opts.limit, opts.offset);
    const { total, exact } =
      ranked.length < opts.limit && (ranked.length > 0 || opts.offset === 0)
        ? { total: opts.offset + ranked.length, exact: true }
        : this.count(plan, collapse);
    const ids = ranked.map((r) => r.id);
    const { snippets, matches } = this.highlights(plan, ids);
    return { ranked, snippets, matches, total, totalExact: exact, facets: opts.facets ? this.facets(plan) : null };
  }

  /** Every live clipping the query finds (for bulk operations), in id order. */
  allMatches(input: QueryInput, now: Date): number[] {
    const plan = this.plan(input, now);
    if (!plan) return [];
    return (this.db.prepare(`SELECT c.id AS id ${joined(plan)} ORDER BY c.id`).all(...plan.params) as { id: number }[]).map((r) => r.id);
  }

  /**
   * Clippings over time: per period (its first day, weeks starting on Monday), counts
   * by outlet or tag. The date is the publication day when known, else the capture
   * day. An empty query counts every live clipping.
   */
  histogram(input: QueryInput, bucket: 'day' | 'week' | 'month', stackBy: 'outlet' | 'tag', now: Date): HistogramBucket[] {
    const parsed = typeof input === 'string' ? (input.trim() ? this.parse(input) : null) : input.blank ? null : input;
    const plan = parsed ? this.plan(parsed, now) : null;
    if (parsed && !plan) return [];
    const from = plan ? joined(plan) : 'FROM clippings c WHERE c.deleted_at IS NULL';
    const day = `substr(coalesce(CASE WHEN c.published_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]*' THEN c.published_at END, c.sort_key), 1, 10)`;
    const start =
      bucket === 'day' ? day : bucket === 'month' ? `substr(${day}, 1, 7) || '-01'` : `date(${day}, '-' || ((CAST(strftime('%w', ${day}) AS INTEGER) + 6) % 7) || ' days')`;
    const key = stackBy === 'outlet' ? `coalesce(c.outlet, 'Unknown outlet')` : `coalesce(t.name, 'Untagged')`;
    const tagJoin = stackBy === 'tag' ? 'LEFT JOIN clipping_tags ct ON ct.clipping_id = c.id LEFT JOIN tags t ON t.id = ct.tag_id' : '';
    const rows = this.db
      .prepare(
        `SELECT ${start} AS start, ${key} AS k, count(*) AS n
           FROM (SELECT c.* ${from}) c ${tagJoin}
          GROUP BY start, k ORDER BY start`,
      )
      .all(...(plan?.params ?? [])) as { start: string; k: string; n: number }[];
    const out = new Map<string, Record<string, number>>();
    for (const r of rows) {
      if (!r.start) continue;
      const counts = out.get(r.start) ?? {};
      counts[r.k] = r.n;
      out.set(r.start, counts);
    }
    return [...out.entries()].map(([start, counts]) => ({ start, counts }));
  }

  /** Number of matches of a query, capped (for saved searches). */
  countOf(input: QueryInput, now: Date): { total: number; exact: boolean } {
    const plan = this.plan(input, now);
    return plan ? this.count(plan) : { total: 0, exact: true };
  }

  /**
   * Of `ids`, the live clippings that pass the query's filters, field terms and
   * exclusions with its plain positive words left out: the close matches of instant
   * search (found for corrected spellings of those words) must still respect `-word`,
   * `tag:`, `outlet:`, dates…
   */
  passFilters(input: QueryInput, ids: readonly number[], now: Date): Set<number> {
    if (ids.length === 0) return new Set();
    // A few ids: each may be probed in the index (a plain join lets the planner do so).
    const join = 'FROM clipping_fts JOIN clippings c ON c.id = clipping_fts.rowid';
    const { sql, params } = this.filtersOnly(input, now, join, ['c.id IN (SELECT value FROM json_each(?))'], [JSON.stringify(ids)]);
    return new Set((this.db.prepare(`SELECT c.id AS id ${sql}`).all(...params) as { id: number }[]).map((r) => r.id));
  }

  /**
   * Whether any live clipping passes the query's filters, field terms and exclusions
   * (its plain positive words left out): when none does, no close match can, and the
   * search for them is skipped.
   */
  anyPassesFilters(input: QueryInput, now: Date): boolean {
    const { sql, params } = this.filtersOnly(input, now, FTS_JOIN, [], []);
    return this.db.prepare(`SELECT 1 ${sql} LIMIT 1`).get(...params) !== undefined;
  }

  /** FROM … WHERE for the live clippings passing the query with its plain positive words left out, and `extra`. */
  private filtersOnly(input: QueryInput, now: Date, join: string, extra: string[], extraParams: unknown[]): { sql: string; params: unknown[] } {
    const relaxed = withoutPositiveText(this.parsed(input).ast);
    const built = buildQuery(relaxed ?? { type: 'empty' }, { now });
    const where = ['c.deleted_at IS NULL', ...extra, ...built.where].join(' AND ');
    if (built.match === null) return { sql: `FROM clippings c WHERE ${where}`, params: [...extraParams, ...built.params] };
    return { sql: `${join} WHERE clipping_fts MATCH ? AND ${where}`, params: [built.match, ...extraParams, ...built.params] };
  }

  /** The plain positive words and phrases of a query (not field-restricted, not excluded): what close matches are sought for. */
  positiveTerms(input: QueryInput): string[] {
    const out: string[] = [];
    const walk = (n: QueryNode): void => {
      if (n.type === 'term' || n.type === 'phrase') out.push(n.text);
      else if (n.type === 'and' || n.type === 'or') n.children.forEach(walk);
    };
    walk(this.parsed(input).ast);
    return out;
  }

  private parsed(input: QueryInput): ParsedQuery {
    return typeof input === 'string' ? this.parse(input) : input;
  }

  private plan(input: QueryInput, now: Date): Plan | null {
    const built = buildQuery(this.parsed(input).ast, { now });
    if (built.match === null && built.where.length === 0) return null;
    const highlight = highlightQuery(built.terms);
    // Only the FTS index when there is nothing else to check: joining each match to its
    // clippings row (wide: the text is in it) costs far more than ranking the match.
    if (built.match !== null && built.where.length === 0) {
      return { built, ftsOnly: true, from: 'FROM clipping_fts WHERE clipping_fts MATCH ?', params: [built.match], highlight };
    }
    const where = ['c.deleted_at IS NULL', ...built.where];
    const params: unknown[] = [];
    let from: string;
    if (built.match !== null) {
      from = `${FTS_JOIN} WHERE clipping_fts MATCH ? AND ${where.join(' AND ')}`;
      params.push(built.match);
    } else {
      from = `FROM clippings c WHERE ${where.join(' AND ')}`;
    }
    params.push(...built.params);
    return { built, ftsOnly: false, from, params, highlight };
  }

  private rank(plan: Plan, sort: SortOrder, limit: number, offset: number): RankedId[] {
    const byDate = `c.sort_key ${sort === 'oldest' ? 'ASC' : 'DESC'}, c.id ${sort === 'oldest' ? 'ASC' : 'DESC'}`;
    if (plan.built.match !== null && sort === 'relevance') {
      const id = plan.ftsOnly ? 'clipping_fts.rowid' : 'c.id';
      return this.db
        .prepare(`SELECT ${id} AS id, -${BM25} AS score ${plan.from} ORDER BY ${BM25} LIMIT ? OFFSET ?`)
        .all(...plan.params, limit, offset) as RankedId[];
    }
    if (plan.built.match !== null && this.isBroad(plan.built.match)) {
      // A broad match listed by date: walk the date index in order, each row tested
      // against the match's ids (read once), until the page is full — instead of
      // looking up and sorting every match. The page's scores come from one pass of the
      // match: `+rowid` keeps the ids from being a constraint FTS5 probes one by one —
      // bm25() recounts each phrase's documents over the whole index at every probe
      // (20 probes of a phrase with "the" cost 420 ms at 100k clippings; one pass 22 ms).
      const where = ['c.deleted_at IS NULL', `c.id IN (${FTS_IDS})`, ...plan.built.where].join(' AND ');
      const ids = (
        this.db
          .prepare(`SELECT c.id AS id FROM clippings c INDEXED BY clippings_live_filters WHERE ${where} ORDER BY ${byDate} LIMIT ? OFFSET ?`)
          .all(...plan.params, limit, offset) as { id: number }[]
      ).map((r) => r.id);
      const scores = new Map(
        (
          this.db
            .prepare(`SELECT rowid AS id, -${BM25} AS score FROM clipping_fts WHERE clipping_fts MATCH ? AND +rowid IN (SELECT value FROM json_each(?))`)
            .all(plan.built.match, JSON.stringify(ids)) as RankedId[]
        ).map((r) => [r.id, r.score]),
      );
      return ids.map((id) => ({ id, score: scores.get(id)! }));
    }
    const score = plan.built.match !== null ? `-${BM25}` : '0';
    return this.db
      .prepare(`SELECT c.id AS id, ${score} AS score ${joined(plan)} ORDER BY ${byDate} LIMIT ? OFFSET ?`)
      .all(...plan.params, limit, offset) as RankedId[];
  }

  /** The full-text expression matches at least BROAD_MATCH clippings (counted no further). */
  private isBroad(match: string): boolean {
    const sql = `SELECT count(*) AS n FROM (SELECT 1 FROM clipping_fts WHERE clipping_fts MATCH ? LIMIT ${BROAD_MATCH})`;
    return (this.db.prepare(sql).get(match) as { n: number }).n >= BROAD_MATCH;
  }

  /**
   * Ranks story clusters: each by its best member, which stands for the others. The
   * matches are read best first and the first member seen of each cluster is kept, until
   * the page is full; then the page's clusters are counted. (A window over every match,
   * partitioned by cluster, cost several times the ranking itself on broad queries.)
   */
  private rankCollapsed(plan: Plan, sort: SortOrder, limit: number, offset: number): RankedId[] {
    const relevance = sort === 'relevance' && plan.built.match !== null;
    const score = plan.built.match !== null ? `-${BM25}` : '0';
    const dir = sort === 'oldest' ? 'ASC' : 'DESC';
    const order = relevance ? `${BM25}, c.id` : `c.sort_key ${dir}, c.id ${dir}`;
    const rows = this.db
      .prepare(`SELECT c.id AS id, ${score} AS score, coalesce(c.cluster_id, c.id) AS cl ${joined(plan)} ORDER BY ${order}`)
      .iterate(...plan.params) as IterableIterator<{ id: number; score: number; cl: number }>;
    const best = new Map<number, { id: number; score: number }>();
    for (const r of rows) {
      if (best.has(r.cl)) continue;
      best.set(r.cl, { id: r.id, score: r.score });
      if (best.size >= offset + limit) break;
    }
    const page = [...best].slice(offset);
    if (page.length === 0) return [];
    const sizes = new Map(
      (
        this.db
          .prepare(`SELECT coalesce(c.cluster_id, c.id) AS cl, count(*) AS n ${joined(plan)} AND coalesce(c.cluster_id, c.id) IN (SELECT value FROM json_each(?)) GROUP BY 1`)
          .all(...plan.params, JSON.stringify(page.map(([cl]) => cl))) as { cl: number; n: number }[]
      ).map((r) => [r.cl, r.n]),
    );
    return page.map(([cl, b]) => ({ id: b.id, score: b.score, clusterSize: sizes.get(cl) ?? 1 }));
  }

  private count(plan: Plan, collapse = false): { total: number; exact: boolean } {
    const what = collapse ? 'DISTINCT coalesce(c.cluster_id, c.id)' : '1';
    const from = collapse ? joined(plan) : plan.from;
    const n = (this.db.prepare(`SELECT count(*) AS n FROM (SELECT ${what} ${from} LIMIT ${COUNT_CAP + 1})`).get(...plan.params) as { n: number }).n;
    return n > COUNT_CAP ? { total: COUNT_CAP, exact: false } : { total: n, exact: true };
  }

  /**
   * Snippets (best passage of any column) and the offsets of every match in the body,
   * for the shown ids only. Offsets come from FTS5's own highlight() of the body, so
   * they follow exactly what the index matched (stems, prefixes, diacritics).
   */
  private highlights(plan: Plan, ids: readonly number[]): { snippets: Map<number, string>; matches: Map<number, [number, number][]> } {
    const snippets = new Map<number, string>();
    const matches = new Map<number, [number, number][]>(ids.map((id) => [id, []]));
    if (ids.length === 0) return { snippets, matches };
    // FTS5's highlight() re-runs the query per row; for a prefix that expands to
    // hundreds of terms that costs ~10 ms a row, so prefixes are marked here instead.
    const prefixes = plan.built.terms.filter((t) => t.endsWith('*')).map((t) => fold(t.slice(0, -1))).filter(Boolean);
    const exact = highlightQuery(plan.built.terms.filter((t) => !t.endsWith('*')));
    if (exact) {
      // One pass of FTS5's highlight() over the body gives the match offsets; the snippet
      // is cut around the first of them. Only hits matched outside the body (title, tags,
      // notes) need FTS5's snippet(), which scans every column. highlight() reads the
      // index's content view, where the letters Unicode does not decompose are folded
      // (migration 011): its ranges are mapped back to the text as written.
      const rows = this.db
        .prepare(
          `SELECT rowid AS id, highlight(clipping_fts, ${BODY_COLUMN}, '${MARK_OPEN}', '${MARK_CLOSE}') AS h,
                  (SELECT text FROM clippings WHERE id = clipping_fts.rowid) AS t
             FROM clipping_fts WHERE clipping_fts MATCH ? AND rowid IN (SELECT value FROM json_each(?))`,
        )
        .all(exact, JSON.stringify(ids)) as { id: number; h: string | null; t: string }[];
      const elsewhere: number[] = [];
      for (const r of rows) {
        const marked = r.h ?? '';
        const ranges = asWritten(markedRanges(marked), marked.replace(MARKS_RE, ''), r.t);
        matches.set(r.id, ranges);
        if (ranges.length) snippets.set(r.id, snippetAround(r.t, ranges));
        else elsewhere.push(r.id);
      }
      if (elsewhere.length) {
        const more = this.db
          .prepare(
            `SELECT rowid AS id, snippet(clipping_fts, -1, '${MARK_OPEN}', '${MARK_CLOSE}', '…', 24) AS s
               FROM clipping_fts WHERE clipping_fts MATCH ? AND rowid IN (SELECT value FROM json_each(?))`,
          )
          .all(exact, JSON.stringify(elsewhere)) as { id: number; s: string }[];
        const written = this.writtenFields(elsewhere);
        for (const r of more) snippets.set(r.id, markSnippet(r.s, written.get(r.id) ?? []));
      }
    }
    if (prefixes.length) {
      const texts = this.db
        .prepare(`SELECT id, text FROM clippings WHERE id IN (SELECT value FROM json_each(?))`)
        .all(JSON.stringify(ids)) as { id: number; text: string }[];
      for (const { id, text } of texts) {
        const ranges = mergeRanges([...(matches.get(id) ?? []), ...prefixRanges(text, prefixes)]);
        matches.set(id, ranges);
        if (!snippets.get(id) && ranges.length) snippets.set(id, snippetAround(text, ranges));
      }
    }
    // Hits without a highlighted passage (filter-only queries, matches outside the body) show their excerpt.
    const missing = ids.filter((id) => !snippets.get(id));
    if (missing.length) {
      const rows = this.db
        .prepare(`SELECT id, coalesce(excerpt, substr(text, 1, 200)) AS e FROM clippings WHERE id IN (SELECT value FROM json_each(?))`)
        .all(JSON.stringify(missing)) as { id: number; e: string }[];
      for (const r of rows) snippets.set(r.id, escapeHtml(trimTo(r.e, 200)));
    }
    return { snippets, matches };
  }

  /**
   * The texts, as written, that the index's columns other than the body are made of
   * (title, byline, outlet, note, tags, annotations; each tag and annotation alone and
   * all of them joined as the index's view joins them): what a snippet() passage of
   * those columns, spelt with the folded letters, is found in and mapped back to.
   */
  private writtenFields(ids: readonly number[]): Map<number, string[]> {
    const rows = this.db
      .prepare(
        `SELECT c.id AS id, c.title AS s FROM clippings c WHERE c.id IN (SELECT value FROM json_each(@ids))
         UNION ALL SELECT c.id, c.byline FROM clippings c WHERE c.id IN (SELECT value FROM json_each(@ids))
         UNION ALL SELECT c.id, c.outlet FROM clippings c WHERE c.id IN (SELECT value FROM json_each(@ids))
         UNION ALL SELECT c.id, c.note FROM clippings c WHERE c.id IN (SELECT value FROM json_each(@ids))
         UNION ALL SELECT ct.clipping_id, group_concat(name, ' ; ')
                     FROM (SELECT ct.clipping_id, t.name FROM clipping_tags ct JOIN tags t ON t.id = ct.tag_id
                            WHERE ct.clipping_id IN (SELECT value FROM json_each(@ids)) ORDER BY ct.clipping_id, t.id) ct
                    GROUP BY ct.clipping_id
         UNION ALL SELECT ct.clipping_id, t.name FROM clipping_tags ct JOIN tags t ON t.id = ct.tag_id
                    WHERE ct.clipping_id IN (SELECT value FROM json_each(@ids))
         UNION ALL SELECT a.clipping_id, group_concat(passage, ' ; ')
                     FROM (SELECT a.clipping_id, a.exact || ' ' || a.note AS passage FROM annotations a
                            WHERE a.clipping_id IN (SELECT value FROM json_each(@ids)) ORDER BY a.clipping_id, a.id) a
                    GROUP BY a.clipping_id
         UNION ALL SELECT a.clipping_id, a.exact || ' ' || a.note FROM annotations a
                    WHERE a.clipping_id IN (SELECT value FROM json_each(@ids))`,
      )
      .all({ ids: JSON.stringify(ids) }) as { id: number; s: string | null }[];
    const out = new Map<number, string[]>();
    for (const r of rows) {
      if (!r.s) continue;
      const list = out.get(r.id);
      if (list) list.push(r.s);
      else out.set(r.id, [r.s]);
    }
    return out;
  }

  /**
   * Counts by tag, outlet and year over every match of the query: one pass over the
   * matches for outlets and years together (read from the covering index), one for tags.
   */
  private facets(plan: Plan): Facets {
    const tags = this.db
      .prepare(
        `SELECT t.name AS name, count(*) AS count FROM clipping_tags ct JOIN tags t ON t.id = ct.tag_id
          WHERE ct.clipping_id IN (SELECT c.id ${joined(plan)}) GROUP BY t.id ORDER BY count DESC, t.name COLLATE NOCASE LIMIT 50`,
      )
      .all(...plan.params) as Facets['tags'];
    const rows = this.db
      .prepare(`SELECT c.outlet AS outlet, substr(coalesce(c.published_at, c.sort_key), 1, 4) AS year, count(*) AS n ${joined(plan)} GROUP BY 1, 2`)
      .all(...plan.params) as { outlet: string | null; year: string; n: number }[];
    const outlets = new Map<string, number>();
    const years = new Map<string, number>();
    for (const r of rows) {
      if (r.outlet !== null) outlets.set(r.outlet, (outlets.get(r.outlet) ?? 0) + r.n);
      years.set(r.year, (years.get(r.year) ?? 0) + r.n);
    }
    return {
      tags,
      // As SQLite orders them: count, then the name in binary (code point) order.
      outlets: [...outlets]
        .sort((a, b) => b[1] - a[1] || codePointCompare(a[0], b[0]))
        .slice(0, 50)
        .map(([name, count]) => ({ name, count })),
      years: [...years].sort((a, b) => codePointCompare(b[0], a[0])).map(([year, count]) => ({ year, count })),
    };
  }
}

/** Compares strings by code points (SQLite's BINARY collation on UTF-8), not UTF-16 units. */
function codePointCompare(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i]!.codePointAt(0)! - y[i]!.codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

/**
 * A full-text match joined to its clippings: the match drives (CROSS JOIN fixes the
 * order) and each matching id is looked up in the covering index of the filtered
 * columns (migration 011). Left to itself the planner may walk a date or filter index
 * and probe FTS5 once per row — about a millisecond a probe for a common word, which
 * made `rate after:2019 before:2022` take seconds.
 */
const FTS_JOIN = 'FROM clipping_fts CROSS JOIN clippings c INDEXED BY clippings_filters ON c.id = clipping_fts.rowid';

/** The ids a full-text expression matches, as an uncorrelated subquery (SQLite reads it once). */
const FTS_IDS = 'SELECT rowid FROM clipping_fts WHERE clipping_fts MATCH ?';

/**
 * From this many matches on, a listing by date walks the date index rather than the
 * match: at 100k clippings `the` sorted newest took 820 ms through the match and 19 ms
 * through the index; a word in 4 clippings 0.1 ms through the match, 48 through the
 * index (measured under heavy machine load; the ratios are what counts).
 */
const BROAD_MATCH = 2000;

/** The plan's FROM with the clippings table available as `c`. */
function joined(plan: Plan): string {
  return plan.ftsOnly ? `${FTS_JOIN} WHERE clipping_fts MATCH ?` : plan.from;
}

/** The query without its plain positive words and phrases (outside NOT); null when nothing is left. */
function withoutPositiveText(node: QueryNode): QueryNode | null {
  switch (node.type) {
    case 'term':
    case 'phrase':
      return null;
    case 'field': // a field term (title:x, outlet:x…) is a filter, never corrected: it stays
    case 'not':
      return node;
    case 'and': {
      const children = node.children.map(withoutPositiveText).filter((c): c is QueryNode => c !== null);
      return children.length ? { type: 'and', children } : null;
    }
    case 'or':
      // An OR with a text branch cannot be judged without the text: leave it out.
      return node.children.every((c) => withoutPositiveText(c) === c) ? node : null;
    default:
      return null;
  }
}

/** The positive terms OR-ed, as a safe FTS5 expression (every term a quoted string, its letters folded as the index's). */
function highlightQuery(terms: readonly string[]): string | null {
  const parts = terms
    .map((t) => {
      const prefix = t.endsWith('*');
      const body = foldLetters(prefix ? t.slice(0, -1) : t).replace(/[\u0000-\u001f]/g, ' ').trim();
      return body ? `"${body.replaceAll('"', '""')}"${prefix ? '*' : ''}` : null;
    })
    .filter((p): p is string => p !== null);
  return parts.length ? parts.join(' OR ') : null;
}

const WORD_RE = /[\p{L}\p{N}\p{M}]+/gu;

/** Ranges of the words of `text` that start with one of the (folded) prefixes. */
function prefixRanges(text: string, prefixes: readonly string[]): [number, number][] {
  const out: [number, number][] = [];
  // A set of prefixes, looked up by each leading part of a word: the cost follows the
  // text, not text × prefixes (a 10,000-character query holds thousands of them).
  const set = new Set(prefixes);
  let longest = 0;
  for (const p of set) longest = Math.max(longest, p.length);
  for (const m of text.matchAll(WORD_RE)) {
    const w = fold(m[0]);
    for (let n = Math.min(longest, w.length); n >= 1; n--) {
      if (set.has(w.slice(0, n))) {
        out.push([m.index, m.index + m[0].length]);
        break;
      }
    }
  }
  return out;
}

/** Ranges in `folded` (the text as the index's view gives it) as ranges in `text`, as written. */
function asWritten(ranges: [number, number][], folded: string, text: string): [number, number][] {
  if (folded === text) return ranges;
  const at = foldedPositions(text);
  if (at.length !== folded.length + 1) return []; // not the view's fold of this text: nothing trustworthy to mark
  return ranges.map(([s, e]) => [at[s]!, at[e - 1]! + 1]);
}

function mergeRanges(ranges: [number, number][]): [number, number][] {
  const sorted = ranges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: [number, number][] = [];
  for (const r of sorted) {
    const last = out.at(-1);
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else out.push([r[0], r[1]]);
  }
  return out;
}

/** An escaped passage of `text` around the first range, every range inside it in <mark>. */
export function snippetAround(text: string, ranges: readonly [number, number][]): string {
  const [s0, e0] = ranges[0]!;
  const from = Math.max(0, text.lastIndexOf(' ', Math.max(0, s0 - 80)) + 1);
  const end = text.indexOf(' ', e0 + 80);
  const to = end < 0 ? text.length : end;
  let out = '';
  let at = from;
  for (const [s, e] of ranges) {
    if (s < at || e > to) continue;
    out += `${escapeHtml(text.slice(at, s))}<mark>${escapeHtml(text.slice(s, e))}</mark>`;
    at = e;
  }
  out += escapeHtml(text.slice(at, to));
  return `${from > 0 ? '…' : ''}${out}${to < text.length ? '…' : ''}`.replace(/\s+/g, ' ');
}

/**
 * FTS5's snippet() passage `raw` (marked, '…' where it cuts the column) as escaped HTML,
 * in the spelling of the `written` text it was cut from: snippet() reads the index's
 * view, where the letters Unicode does not decompose are folded ("lódź" for "Łódź").
 * Left as FTS5 gave it when no written text holds the passage.
 */
function markSnippet(raw: string, written: readonly string[]): string {
  const plain = raw.replace(MARKS_RE, '');
  const ranges = markedRanges(raw);
  const cutFront = plain.startsWith('…') ? 1 : 0;
  const cutBack = plain.endsWith('…') && plain.length > cutFront ? 1 : 0;
  for (const [front, back] of [[cutFront, cutBack], [0, 0]] as const) {
    const core = plain.slice(front, plain.length - back);
    if (!core) continue;
    for (const text of written) {
      const start = foldLetters(text).indexOf(core);
      if (start < 0) continue;
      const at = foldedPositions(text);
      const from = at[start]!;
      const to = at[start + core.length - 1]! + 1;
      let out = '';
      let pos = from;
      for (const [s, e] of ranges) {
        if (s < front || e > plain.length - back || e <= s) continue;
        const ws = at[start + s - front]!;
        const we = at[start + e - front - 1]! + 1;
        if (ws < pos) continue;
        out += `${escapeHtml(text.slice(pos, ws))}<mark>${escapeHtml(text.slice(ws, we))}</mark>`;
        pos = we;
      }
      out += escapeHtml(text.slice(pos, to));
      return `${front ? '…' : ''}${out}${back ? '…' : ''}`.replace(/\s+/g, ' ').trim();
    }
  }
  return escapeHtml(raw.replace(/\s+/g, ' ').trim()).replaceAll(MARK_OPEN, '<mark>').replaceAll(MARK_CLOSE, '</mark>');
}

/** Offsets of the marked runs in `marked`, as indexes into the text without the marks. */
function markedRanges(marked: string): [number, number][] {
  const out: [number, number][] = [];
  let pos = 0;
  let start = -1;
  for (let i = 0; i < marked.length; i++) {
    const ch = marked[i];
    if (ch === MARK_OPEN) start = pos;
    else if (ch === MARK_CLOSE) {
      if (start >= 0) out.push([start, pos]);
      start = -1;
    } else pos++;
  }
  return out;
}

function trimTo(s: string, n: number): string {
  const flat = s.replace(/\s+/g, ' ').trim();
  return flat.length <= n ? flat : `${flat.slice(0, n - 1).trimEnd()}…`;
}
