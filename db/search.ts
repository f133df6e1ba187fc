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
import { collapse } from './collapse.ts';
import { FacetIndex } from './facets.ts';
import { FACET_BROAD, facetState, keepFacets, keptFacets } from './query/facet-counts.ts';
import { fold, foldedPositions, foldLetters } from './fold.ts';
import type { Db } from './open.ts';
import { buildQuery, FTS_SUBQUERY, type BuiltQuery } from './query/builder.ts';
import { countPassing } from './query/filter-count.ts';
import { chooseDriver, contradicts, type Driver } from './query/drive.ts';
import { parseQuery, QueryError, simplify, type QueryNode } from './query/parser.ts';
import { K1, MAX_LISTS, RankLists, varints, type MetaFound, type Ranked, type RankListOptions } from './query/topk.ts';
import { MultiTop, orOverCap, type PendingOwn } from './query/topk-multi.ts';
import { commonPairs, listedCount } from './query/topk-phrase.ts';
import { readLongPhrase } from './query/long-phrase.ts';
import { pairsRuleOut } from './query/phrase-pairs.ts';
import { fewScores } from './query/few-scores.ts';
import { shortPrefixTop } from './query/topk-prefix.ts';
import { warmSide } from './query/topk-side.ts';
import { marks, phraseTokens, prefixRanges, snippetOf } from './query/highlights.ts';
import { anyPhrase, BM25, evaluator, forTable, hasNot, inTable, knownEvaluator, parseFts, phrases, positivePhrases, renderPhrase, TABLE_COLUMNS, type FtsNode, type Table } from './query/split.ts';
import { textSql, unpackText } from './text.ts';

export { QueryError };

const BODY_COLUMN = TABLE_COLUMNS.body.indexOf('body');
const FTS_TABLE: Record<Table, string> = { body: 'clipping_fts', meta: 'clipping_meta_fts' };

/** Up to this many clippings are looked up in a full-text table one by one when only their ids are wanted; more are read in one pass over the match (unless a broad phrase's list says lookups cost less: `lookupsMax`). */
const LOOKUPS_MAX = 64;
/**
 * A phrase listed with this many body matches per clipping asked, or more, has them looked
 * up one by one past LOOKUPS_MAX (`lookupsMax`). At 1M, one lookup in `the` cost 0.07–0.1 ms,
 * one pass over its match ~90 ms (in `and` 0.03–0.04 ms against ~60).
 */
const MATCHES_PER_LOOKUP = 700;
/** A phrase every match of an expression has, in fewer body matches than this, picks out the clippings of the meta index it may match (`metaMayMatch`). */
const RARE_MAX = 4096;

/**
 * A single word, phrase or prefix with fewer body matches than this, ranked by relevance
 * without filters, is read whole in one pass (`wholeMatch`): page, total and the body
 * ranks of the clippings found in the meta index all come from it. (The ranking lists
 * take phrases from 2,000 matches on: query/topk.ts.)
 */
const SMALL_MATCH = 2000;

/**
 * A warm-up (`warmBroadWords`) reads the lists of this many of the most frequent words
 * as lists of the longest kind (query/topk.ts DEEP; ~48 KB each): a filter passing few
 * clippings (a site, a month) leaves too few of a usual list's 256 to fill a page, and
 * these words are the ones combined with filters whose ranking costs most without a list.
 */
export const LONG_WORDS = 64;

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
  /** Clippings whose snippets and match offsets are not wanted (close matches: those already shown). */
  shown?: ReadonlySet<number>;
}

/** A query parsed once (`SearchRepo.parse`), for every step that takes it. */
export interface ParsedQuery {
  /** The text was blank (a blank histogram query counts every live clipping). */
  blank: boolean;
  ast: QueryNode;
}

/** Query text, or a query already parsed. */
export type QueryInput = string | ParsedQuery;

/**
 * The clippings a full-text expression matches, as SQL: a FROM item, the clipping id in
 * it, the condition that selects them (null: every row of the item), their rank (bm25,
 * lower is better) and the ORDER BY that ranks them, with the parameters of the FROM
 * item and condition in order.
 */
interface FtsSource {
  from: string;
  id: string;
  where: string | null;
  rank: string;
  order: string;
  params: unknown[];
  /**
   * The same clippings, unranked (facets, collapse): those `clipping_fts` matches with
   * `body` (none when null) except the ids in `except`, and the ids in `plus`.
   */
  ids: { body: string | null; except: readonly number[]; plus: readonly number[] };
  /**
   * The ranks of the clippings decided in the meta index were computed. When not (a
   * listing by date, a count: `source`), their `rank` is 0: the page's scores come from
   * `scoresOf`.
   */
  ranked: boolean;
  /**
   * For a single word, phrase or prefix found in the body index, what the ranking lists of
   * broad phrases (query/topk.ts) take (with filters, those driving or not): its body
   * expression, the clippings found in their tags, notes or annotations with their meta
   * bm25 (`meta`) and, unless the phrase had a ranking list when planned, their ranks
   * (`own`: body bm25 plus meta bm25), and its body matches when `wholeMatch` counted
   * them (as far as the lists' count goes: `counted`). `pending`: the ranks of those
   * clippings in the source's SQL are not made yet (the list scores only those that can
   * reach the page): `settle` makes them before the source ranks by SQL.
   */
  single?: { body: string; meta: { id: number; r: number }[] | (MetaFound & { ids: number[] }); own?: Ranked[]; counted?: number; pending?: boolean };
  /** The same for an expression of several phrases whose match drives (query/topk-multi.ts): the clippings decided in the meta index (`except`), those of them that match, ranked (`own`), and the body bm25 of the lists' clippings when read with theirs (`scored`). */
  multi?: { body: string; except: readonly number[]; own: Ranked[]; scored?: { ids: readonly number[]; ranks: Ranked[] }; pending?: MultiPending };
  /** Every clipping it matches with its rank, best first, ties by id, when the match was read whole (`wholeMatch`). */
  all?: Ranked[];
  /** `from` without the ranks (the same parameters): what a count reads. */
  unranked?: string;
}

/**
 * The clippings of a query of several phrases decided in the meta index, ranked by their
 * meta bm25 alone (`meta`): their body bm25, by `any` (the OR of the positive body
 * phrases, as `decide` ranks them), is left to query/topk-multi.ts, which asks only for
 * those that can reach the page; `made` keeps the full ranks made so far (`multiRanks`).
 */
interface MultiPending {
  any: string;
  meta: { id: number; r: number }[];
  made: Map<number, number>;
}

/** A parsed and built query with the SQL every step shares. */
interface Plan {
  built: BuiltQuery;
  /** Where the full-text matches come from; null when the query has no full-text part that every result matches. */
  src: FtsSource | null;
  /** The builder's SQL conditions with their full-text subqueries resolved, and their parameters. */
  where: string[];
  whereParams: unknown[];
  /** Text only, no SQL filter: the index alone answers (trashed clippings are not in it). */
  ftsOnly: boolean;
  /** FROM … WHERE … selecting live matching clippings as `c` (only the full-text source when `ftsOnly`). */
  from: string;
  params: unknown[];
  /** OR of the positive terms: what snippets and match offsets highlight. */
  highlight: string | null;
  /** The count of its matches, once made (`count`). */
  counted?: { total: number; exact: boolean };
  /** When the filters drive (`driver`): the live clippings passing them, less some the match was found not to have — a superset of the matches. */
  within?: readonly number[];
  /** Every clipping of `within` passes `where` (the filters read were all of the query's conditions): the matches are exactly those of `within` the full-text part matches. */
  withinExact?: boolean;
  /** When the filters pass too many to drive and bound the date: the first of the live clippings passing every condition in the date index's order (newest first), as many as the driver read. */
  head?: readonly number[];
  /** When the filters drive and the driver read the body match's rowids whole: those, in id order (`countPassing` reads them no more). */
  bodyIds?: number[];
}

/** The query without its plain positive words, as close matches check their candidates against it. */
interface RelaxedPlan {
  built: BuiltQuery;
  resolved: { where: string[]; params: unknown[]; sources: (FtsSource | null)[] };
  src: FtsSource | null;
}

const EMPTY: SearchPage = { ranked: [], snippets: new Map(), matches: new Map(), total: 0, totalExact: true, facets: null };

export class SearchRepo {
  /** The last parsed query `plan` found no clipping passing the filters of, and when (`moment`). */
  private noneToFilter: { parsed: ParsedQuery; at: string } | null = null;
  /** Each clipping's outlet, year, cluster and tags, in memory (facets and collapse). */
  private readonly facetIndex: FacetIndex;
  /** The best clippings of broad phrases, for ranking them without bm25 over every match. */
  private readonly rankLists: RankLists;
  /** Queries of several phrases ranked from their phrases' lists. */
  private readonly multiTop: MultiTop;
  /** Below this many body matches a single phrase is read whole (SMALL_MATCH; other values in tests). */
  private readonly smallMatch: number;
  /** From this many body matches a phrase gets a ranking list. */
  private readonly listBroad: number;
  /** From this many clippings on, a long phrase's shorter runs are tried first (query/phrase-pairs.ts RUNS_FROM; other values in tests). */
  private readonly phraseRunsFrom: number | undefined;
  /** How many documents of the doclists a long phrase's run leaves out are worth a document counted (query/long-phrase.ts RUN_DOCS_PER_TEXT; other values in tests). */
  private readonly runDocsPerText: number | undefined;
  /** From this many ids a match's facet counts are kept (query/facet-counts.ts FACET_BROAD; fewer in tests). */
  private readonly facetBroad: number;
  /** How many of a short prefix's clippings found in the meta index are read first, beyond the page (query/topk-prefix.ts; fewer in tests). */
  private readonly prefixFoundFirst: number | undefined;
  /** MATCHES_PER_LOOKUP (fewer in tests). */
  private readonly matchesPerLookup: number;
  /** A page by date is scored from its clippings' texts when its phrases' lists count this many matches a clipping (PASS_READS; fewer in tests). */
  private readonly passReads: number;

  constructor(
    private readonly db: Db,
    opts: {
      rankLists?: Partial<RankListOptions>;
      smallMatch?: number;
      prefixFoundFirst?: number;
      phraseRunsFrom?: number;
      closeMatchesPerText?: number;
      runDocsPerText?: number;
      matchesPerLookup?: number;
      passReads?: number;
      facetBroad?: number;
    } = {},
  ) {
    this.facetBroad = opts.facetBroad ?? FACET_BROAD;
    this.facetIndex = new FacetIndex(db);
    this.rankLists = new RankLists(db, opts.rankLists);
    // (Read whole only what the ranking lists leave: a list answers from its `broad` on.)
    this.listBroad = opts.rankLists?.broad ?? SMALL_MATCH;
    this.smallMatch = opts.smallMatch ?? this.listBroad;
    this.multiTop = new MultiTop(db, this.rankLists, this.listBroad, opts.closeMatchesPerText);
    this.prefixFoundFirst = opts.prefixFoundFirst;
    this.phraseRunsFrom = opts.phraseRunsFrom;
    this.runDocsPerText = opts.runDocsPerText;
    this.matchesPerLookup = opts.matchesPerLookup ?? MATCHES_PER_LOOKUP;
    this.passReads = opts.passReads ?? PASS_READS;
  }

  /**
   * Reads ahead the ranking lists (query/topk.ts) of those of these queries that are a
   * broad single word, phrase or prefix (`the`, `"of the"`, `th*`), in order, until
   * `deadline` (Date.now() ms); `long`: lists of the longest kind (query/topk.ts DEEP),
   * which prove the first page of a broad word under a narrow filter and deep pages;
   * `all`: of those that are not broad too. Returns how many it read.
   */
  warmRankLists(queries: Iterable<string>, deadline: number, long = false, all = false): number {
    return this.rankLists.warm(this.bodies(queries), deadline, long, all);
  }

  /** The body expressions of those of these queries that are a single word, phrase or prefix (what a ranking list is read for). */
  private *bodies(queries: Iterable<string>): Generator<string> {
    const now = new Date();
    for (const q of queries) {
      let match: string | null;
      try {
        match = buildQuery(this.parse(q).ast, { now }).match;
      } catch {
        continue; // not a query: nothing to read
      }
      const tree = match === null ? null : parseFts(match);
      const body = tree?.type === 'phrase' ? forTable(tree, 'body') : null;
      if (body !== null) yield body;
    }
  }

  /**
   * The queries a warm-up reads ranking lists for (`warmRankLists`): the words of the
   * archive broad enough to have one, most frequent first, each as a one-word phrase; then
   * the prefixes of 1, 2 and 3 letters that may be broad (`a*`, `th*`, `con*`: query/topk.ts
   * `broadTerms`), shortest and most frequent first; then the phrases of two words that
   * may be broad (`"of the"`: query/topk-phrase.ts `commonPairs`), as many as the lists
   * kept leave room for.
   */
  broadWords(): string[] {
    const { words, prefixes: broad } = this.rankLists.broadTerms();
    // (Each one-letter prefix also keeps its counted clippings in a row of the lists' table,
    // query/topk-side.ts: room is left for those rows, or the last lists stored would evict
    // the first words' at every warm-up.)
    const sides = broad.filter((p) => [...p].length === 1).length;
    const prefixes = broad.slice(0, Math.max(0, MAX_LISTS - words.length - sides));
    const pairs = commonPairs(this.db, this.listBroad, MAX_LISTS - words.length - prefixes.length - sides);
    return [...words.map((t) => `"${t.replaceAll('"', '""')}"`), ...prefixes.map((p) => `"${p.replaceAll('"', '""')}"*`), ...pairs];
  }

  /**
   * The background warm-up's work (electron/core/search/warmup.ts): the ranking list of
   * each of `words` (`broadWords()`, most frequent first) read ahead, the first LONG_WORDS
   * and the one-letter prefixes of the longest kind; lists still in date are passed over.
   * `stop` is asked before each. (A one-letter prefix is ranked without FTS5 from its list,
   * query/topk-prefix.ts: the clippings tied on their tags or notes, thousands for `c*`,
   * are ordered by the list's as far as it reaches, each one beyond it counted by hand;
   * the best 2,048 of them are counted here once, and kept: query/topk-side.ts.) Then, in
   * the same order, the facet counts of the single words whose match is broad (from
   * FACET_BROAD ids: query/facet-counts.ts), those kept that still hold passed over.
   */
  warmBroadWords(words: readonly string[], stop: () => boolean = () => false): { lists: number; stopped: boolean } {
    let lists = 0;
    let stopped = false;
    // (These lists are kept before any other beyond the cap, query/topk.ts `keepPlanned`: marked
    // as they are stored, and once more at the end for the count rows stored meanwhile.)
    const planned = [...this.bodies(words)];
    this.rankLists.keepPlanned(planned);
    for (const [i, word] of words.entries()) {
      if (stop()) {
        stopped = true;
        break;
      }
      // (A two-word phrase's list is read even when it proves not broad: `commonPairs` estimated it near, and the count would be made at every warm-up.)
      lists += this.warmRankLists([word], Infinity, i < LONG_WORDS || /^"[^"]"\*$/u.test(word), word.includes(' '));
      // (A one-letter prefix's best clippings in the meta index counted ahead: query/topk-side.ts.)
      if (/^"[^"]"\*$/u.test(word)) warmSide(this.db, this.rankLists, word, (limit) => this.metaBest(word, limit));
    }
    this.rankLists.keepPlanned(planned);
    // Then the facet counts of the single words whose match is broad (query/facet-counts.ts), most frequent first, those that hold passed over.
    for (const word of words) {
      if (stopped || stop()) {
        stopped = true;
        break;
      }
      if (!/^"[^"*\s]+"$/u.test(word)) continue;
      // (Its list's count when it holds one — a word may have no list in date (evicted beyond the cap) or one stored by older code without it —; else counted by `ftsFacets`, which keeps only the broad.)
      const body = [...this.bodies([word])][0];
      const hits = body === undefined ? undefined : this.rankLists.unchangedCounts(body)?.hits;
      if (hits === undefined || hits >= this.facetBroad) this.warmFacets(word);
    }
    return { lists, stopped };
  }

  /** Counts and keeps the facets of the query `word` (relevance, as a search with facets plans it), unless those kept hold. */
  private warmFacets(word: string): void {
    try {
      const plan = this.plan(word, new Date(), true);
      if (plan) this.ftsFacets(plan);
    } catch (err) {
      if (!(err instanceof QueryError)) throw err;
    }
  }

  /** `now` and the database's state (`dataVersion`): another answer than before means something may have changed. */
  private moment(now: Date): string {
    return `${now.getTime()} ${this.dataVersion()}`;
  }

  /** Parses query text (NFC first). Throws QueryError for a query that cannot be understood. */
  parse(input: string): ParsedQuery {
    return { blank: input.trim() === '', ast: parseQuery(input.normalize('NFC')) };
  }

  /** One page of results. Throws QueryError for a query that cannot be understood. */
  query(input: QueryInput, opts: SearchOptions): SearchPage {
    const sort = opts.sort ?? 'relevance';
    const short = sort === 'relevance' && !opts.facets && !opts.collapse ? this.shortPrefix(input, opts) : null;
    if (short) return short;
    const plan = this.plan(input, opts.now, sort === 'relevance');
    if (!plan) return { ...EMPTY, facets: opts.facets ? { tags: [], outlets: [], years: [] } : null };
    // Every match's id, read at most once per query (facets and collapse both use them).
    let all: number[] | undefined;
    let facets: Facets | undefined;
    // A full-text match's facets: those kept for it when they hold (query/facet-counts.ts), with its count.
    const fts = opts.facets && !opts.collapse ? this.ftsFacets(plan) : null;
    if (fts) {
      facets = fts.facets;
      all = fts.ids;
      plan.counted ??= capped(fts.n);
    }
    // Other facets without collapse: counted over the ids read first, in the same transaction,
    // without loading the facet copy where the match holds it thinly (db/facets.ts `tallyCurrent`).
    else if (opts.facets && !opts.collapse) {
      this.db.transaction(() => {
        all = this.matchIds(plan, undefined, false);
        facets = this.facetIndex.countCurrent(all);
      })();
    }
    const allIds = () => (all ??= this.matchIds(plan));
    // Facets read every match's id anyway: they are the count too, without a pass of its own.
    if (opts.facets) plan.counted ??= capped(allIds().length);
    const { ranked, total, exact } = opts.collapse
      ? collapse({
          offset: opts.offset,
          limit: opts.limit,
          ranked: (n) => this.rank(plan, sort, n, 0),
          byScore: sort === 'relevance' && plan.src !== null,
          allIds,
          someIds: (n) => {
            if (!plan.ftsOnly || all) return all ? { ids: all, all: true } : null;
            const some = this.matchIds(plan, n);
            if (some.length < n) all = some;
            return { ids: some, all: some.length < n };
          },
          matching: (ids) => this.matching(plan, ids),
          members: (clusters) => this.facetIndex.members(clusters),
          index: this.facetIndex,
          cap: COUNT_CAP,
        })
      : this.ranked(plan, sort, opts.limit, opts.offset);
    const ids = ranked.map((r) => r.id).filter((id) => !opts.shown?.has(id));
    const { snippets, matches } = this.highlights(plan.built, ids);
    return { ranked, snippets, matches, total, totalExact: exact, facets: opts.facets ? (facets ?? this.facetIndex.count(allIds())) : null };
  }

  /**
   * A page of a one- or two-letter prefix alone (`a*`, `th*`) by relevance, from its
   * ranking list scored without reading the prefix's match (query/topk-prefix.ts: a
   * one-letter prefix has no prefix index, and every statement on it merges the doclists
   * of every word it begins); its total from the list's counts when they pass COUNT_CAP.
   * Null when that path does not serve (the usual one then ranks it).
   */
  private shortPrefix(input: QueryInput, opts: SearchOptions): SearchPage | null {
    const built = buildQuery(this.parsed(input).ast, { now: opts.now });
    if (built.match === null || built.where.length > 0) return null;
    const tree = parseFts(built.match);
    const body = tree.type === 'phrase' ? forTable(tree, 'body') : null;
    if (body === null) return null;
    const meta = anyPhrase(phrases(tree), 'meta');
    // (In one read transaction: the list's state, the changes and the meta index seen at one moment.)
    const top = this.db.transaction(() =>
      shortPrefixTop(this.db, this.rankLists, body, opts.offset + opts.limit, (limit) =>
        meta === null
          ? []
          : limit === undefined
            ? this.matchesAmong('meta', meta, null, BM25.meta)
            : this.metaBest(meta, limit),
        this.prefixFoundFirst,
        (ids) => this.bodyRanks(body, ids),
        (ids, limit) => (meta === null ? [] : this.metaBestWith(meta, ids, limit)),
      ),
    )();
    if (!top) return null;
    const ranked = top.page.slice(opts.offset).map((r) => ({ id: r.id, score: -r.rank }));
    // (A small archive's total is counted: a match of more than COUNT_CAP is not.)
    const { total, exact } = top.least > COUNT_CAP ? capped(top.least) : this.countOf(input, opts.now);
    const { snippets, matches } = this.highlights(built, ranked.map((r) => r.id).filter((id) => !opts.shown?.has(id)));
    return { ranked, snippets, matches, total, totalExact: exact, facets: null };
  }

  /** The best `limit` clippings the expression finds in the meta index, by its bm25 there (`r`), ties by id. */
  private metaBest(meta: string, limit: number): { id: number; r: number }[] {
    return this.db.prepare(`SELECT rowid AS id, ${BM25.meta} AS r FROM clipping_meta_fts WHERE clipping_meta_fts MATCH ? ORDER BY r, id LIMIT ?`).all(meta, limit) as { id: number; r: number }[];
  }

  /** The same, those of `ids` first (`with` 1), then the best others (`with` 0): `limit` in all. */
  private metaBestWith(meta: string, ids: readonly number[], limit: number): { id: number; r: number; with: number }[] {
    return this.db
      .prepare(
        `SELECT id, r, w AS "with" FROM (SELECT rowid AS id, ${BM25.meta} AS r, rowid IN (SELECT value FROM json_each(?)) AS w FROM clipping_meta_fts WHERE clipping_meta_fts MATCH ?) ORDER BY w DESC, r, id LIMIT ?`,
      )
      .all(JSON.stringify(ids), meta, limit) as { id: number; r: number; with: number }[];
  }

  /**
   * The facets of a full-text query without SQL filters, and how many ids they count (as
   * `allIds` would give them): those kept for its match (query/facet-counts.ts) when they
   * hold; else counted over its ids (`ids`), and kept when the match is broad — counted
   * from the facet copy where the match holds its chunks densely, else in SQL
   * (`tallyCurrent`). Null for other queries.
   */
  private ftsFacets(plan: Plan): { facets: Facets; n: number; ids?: number[] } | null {
    const src = plan.src;
    if (src === null || !plan.ftsOnly || src.ids.body === null) return null;
    // (Named as its ranking list is: a word as the tokenizer makes it, so that `was` finds the row the warm-up counted for its term `wa`.)
    const ids = { body: this.rankLists.nameOf(src.ids.body), except: src.ids.except, plus: src.ids.plus };
    // (In one read transaction: the state a kept count is checked against, and the ids counted.)
    const made = this.db.transaction(() => {
      const now = facetState(this.db);
      const kept = keptFacets(this.db, ids, now);
      if (kept) return { now, kept, all: undefined };
      const all = this.matchIds(plan, undefined, false);
      return { now, kept: { n: all.length, tally: this.facetIndex.tallyCurrent(all) }, all };
    })();
    if (made.all && made.kept.n >= this.facetBroad) keepFacets(this.db, ids, made.now, made.kept);
    return { facets: this.facetIndex.named(made.kept.tally), n: made.kept.n, ids: made.all };
  }

  /** One page ranked, with the total. */
  private ranked(plan: Plan, sort: SortOrder, limit: number, offset: number): { ranked: RankedId[]; total: number; exact: boolean } {
    const ranked = this.rank(plan, sort, limit, offset);
    const { total, exact } = ranked.length < limit && (ranked.length > 0 || offset === 0) ? { total: offset + ranked.length, exact: true } : this.count(plan);
    return { ranked, total, exact };
  }

  /**
   * The id of every live clipping the plan matches, in no particular order, read
   * without ranking (for a full-text query, one pass over the index's entries), with the
   * facet data of each made current in the same read transaction. With `limit`, for a
   * query without SQL filters: those of at most `limit` of the index's entries (fewer
   * than `limit` ids only when that is all of them). With `load` false, the facet data is
   * left as it is.
   */
  private matchIds(plan: Plan, limit?: number, load = true): number[] {
    const read = (sql: string, params: unknown[]) =>
      JSON.parse((this.db.prepare(`SELECT json_group_array(id) AS ids FROM (${sql})`).get(...params) as { ids: string }).ids) as number[];
    return this.db.transaction(() => {
      let ids: number[];
      const src = plan.src;
      if (src === null) ids = read(`SELECT c.id AS id ${plan.from}`, plan.params);
      else if (plan.ftsOnly) {
        // The index alone: its ids, less and plus the clippings decided in the meta index
        // (a set here: a NOT IN probed per row cost 5× the pass over the index).
        const except = new Set(src.ids.except);
        const body = 'SELECT rowid AS id FROM clipping_fts WHERE clipping_fts MATCH ?';
        ids = src.ids.body === null ? [] : limit === undefined ? read(body, [src.ids.body]) : read(`${body} LIMIT ?`, [src.ids.body, limit]);
        const complete = limit === undefined || ids.length < limit;
        if (except.size) ids = ids.filter((id) => !except.has(id));
        ids = ids.concat(src.ids.plus);
        // Cut down by `except`, a partial read could come out short: it must not look complete.
        if (!complete && ids.length < limit!) ids = this.matchIds(plan, undefined, load);
      } else {
        // When the filters drive, only their clippings are looked up: the match read for
        // its rowids alone (`+`: not probed per id), not each of its rows joined to its
        // clipping (99k lookups for `the tag:x` at 100k clippings).
        const within = plan.within ? ' AND +rowid IN (SELECT value FROM json_each(?))' : '';
        const body = src.ids.body === null ? [] : [`SELECT rowid AS id FROM clipping_fts WHERE clipping_fts MATCH ? AND rowid NOT IN (SELECT value FROM json_each(?))${within}`];
        const m = [...body, 'SELECT value AS id FROM json_each(?)'].join(' UNION ALL ');
        ids = read(
          `SELECT c.id AS id FROM (${m}) m CROSS JOIN clippings c INDEXED BY clippings_filters ON c.id = m.id WHERE ${['c.deleted_at IS NULL', ...plan.where].join(' AND ')}`,
          [
            ...(src.ids.body === null ? [] : [src.ids.body, JSON.stringify(src.ids.except), ...(plan.within ? [JSON.stringify(plan.within)] : [])]),
            JSON.stringify(src.ids.plus),
            ...plan.whereParams,
          ],
        );
      }
      if (load) this.facetIndex.load(ids);
      return ids;
    })();
  }

  /**
   * Of `ids`, those the plan matches: looked up one by one in the full-text index for a
   * query without SQL filters; else null (only a pass over every match tells).
   */
  private matching(plan: Plan, ids: readonly number[]): Set<number> | null {
    return plan.src === null || !plan.ftsOnly ? null : this.memberOf(plan.src, ids);
  }

  /** Of `ids`, those the full-text source matches, each looked up in the index (FTS5 seeks it in the match's doclists). */
  private memberOf(src: FtsSource, ids: readonly number[]): Set<number> {
    const except = new Set(src.ids.except);
    const plus = new Set(src.ids.plus);
    const inBody =
      src.ids.body === null
        ? []
        : (JSON.parse(
            (
              this.db
                .prepare(`SELECT json_group_array(rowid) AS ids FROM clipping_fts WHERE clipping_fts MATCH ? AND rowid IN (SELECT value FROM json_each(?))`)
                .get(src.ids.body, JSON.stringify(ids)) as { ids: string }
            ).ids,
          ) as number[]);
    return new Set([...inBody.filter((id) => !except.has(id)), ...ids.filter((id) => plus.has(id))]);
  }

  /** Every live clipping the query finds (for bulk operations), in id order. */
  allMatches(input: QueryInput, now: Date): number[] {
    const plan = this.plan(input, now, false);
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
    const plan = parsed ? this.plan(parsed, now, false) : null;
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
    const plan = this.plan(input, now, false);
    return plan ? this.count(plan) : { total: 0, exact: true };
  }

  /**
   * Whether any live clipping may pass the query's filters, field terms and exclusions
   * (its plain positive words left out): when none does, no close match can, and the
   * search for them is skipped. True without a read when those hold a full-text
   * condition outside the match (`-word`): SQLite would read the word's whole match to
   * answer (`x -the` at 100k: ~4,400 notes decided and 99k ids listed), where the
   * corrected queries apply it at far less cost.
   */
  anyPassesFilters(input: QueryInput, now: Date): boolean {
    const none = this.noneToFilter;
    if (none !== null && none.parsed === input && none.at === this.moment(now)) return false; // `plan` found so, with nothing written since
    const { built, resolved, src } = this.relaxed(input, now);
    if (built.where.some((w) => w.includes(FTS_SUBQUERY))) return true;
    const where = ['c.deleted_at IS NULL', ...resolved.where].join(' AND ');
    if (built.match === null) return this.db.prepare(`SELECT 1 FROM clippings c WHERE ${where} LIMIT 1`).get(...resolved.params) !== undefined;
    if (src === null) return false;
    const sql = `SELECT 1 FROM ${src.from} CROSS JOIN clippings c INDEXED BY clippings_filters ON c.id = ${src.id} WHERE ${[src.where, where].filter(Boolean).join(' AND ')} LIMIT 1`;
    return this.db.prepare(sql).get(...src.params, ...resolved.params) !== undefined;
  }

  /**
   * The query with its plain positive words left out, built and its full-text parts
   * looked up (whether anything may pass the filters of close matches' corrected queries).
   */
  private relaxed(input: QueryInput, now: Date): RelaxedPlan {
    const built = buildQuery(withoutPositiveText(this.parsed(input).ast) ?? { type: 'empty' }, { now });
    return { built, resolved: this.resolveWhere(built.where, built.params), src: built.match === null ? null : this.source(built.match, null, false) };
  }

  /** Changes whenever the database may have: another connection's commit (data_version) or this connection's own writes (total_changes). */
  private dataVersion(): string {
    const { d, n } = this.db.prepare('SELECT (SELECT data_version FROM pragma_data_version) AS d, total_changes() AS n').get() as { d: number; n: number };
    return `${d}:${n}`;
  }

  /** The plain positive words and phrases of a query (not field-restricted, not excluded): what close matches are sought for. */
  positiveTerms(input: QueryInput): string[] {
    const out: string[] = [];
    // A query that contradicts itself (`colour -colour`) seeks none: it is answered
    // empty at once, a spelling close to a word it excludes no better an answer.
    if (contradicts(simplify(this.parsed(input).ast))) return out;
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

  /** The query planned; `ranked`: its matches will be ranked by relevance (else only their page's scores are needed: `source`). */
  private plan(input: QueryInput, now: Date, ranked = true): Plan | null {
    const ast = this.parsed(input).ast;
    if (contradicts(simplify(ast))) return null; // `the -the`: nothing to read
    const built = buildQuery(ast, { now });
    if (built.match === null && built.where.length === 0) return null;
    const driver = this.driver(ast, built, now);
    if (driver.kind === 'none') {
      // No clipping passes the filters: the match is never read, nor (anyPassesFilters) asked again.
      if (typeof input !== 'string') this.noneToFilter = { parsed: input, at: this.moment(now) };
      return null;
    }
    // Clippings pass the filters, but none of them is in the match: nothing to rank (close matches may still pass the filters).
    if (driver.kind === 'empty') return null;
    const src = built.match === null ? null : this.source(built.match, driver.kind === 'filters' ? driver.ids : null, ranked, ranked && built.where.length === 0);
    if (built.match !== null && src === null) return null; // the text every result needs is in no clipping
    const { where, params: whereParams } = this.resolveWhere(built.where, built.params);
    const highlight = highlightQuery(built.terms);
    // Only the FTS index when there is nothing else to check: joining each match to its
    // clippings row (wide: the text is in it) costs far more than ranking the match.
    if (src !== null && where.length === 0) {
      return { built, src, where, whereParams, ftsOnly: true, from: `FROM ${src.from}${src.where ? ` WHERE ${src.where}` : ''}`, params: src.params, highlight };
    }
    const conds = ['c.deleted_at IS NULL', ...where];
    if (src === null) return { built, src, where, whereParams, ftsOnly: false, from: `FROM clippings c WHERE ${conds.join(' AND ')}`, params: whereParams, highlight };
    return {
      built,
      src,
      where,
      whereParams,
      ftsOnly: false,
      from: `${ftsJoin(src)} WHERE ${[src.where, ...conds].filter(Boolean).join(' AND ')}`,
      params: [...src.params, ...whereParams],
      highlight,
      ...(driver.kind === 'filters' ? { within: driver.ids, withinExact: driver.exact, ...(driver.bodyIds ? { bodyIds: driver.bodyIds } : {}) } : {}),
      ...(driver.kind === 'match' && driver.head?.length && driver.exact && driver.dated ? { head: driver.head } : {}),
    };
  }

  /**
   * Whether the full-text match or the filters drive a query that has both, from a few
   * bounded reads (db/query/drive.ts). The filters read are those of the query without
   * its positive words (as `anyPassesFilters` reads them), less the conditions with a
   * full-text subquery (`-word`: checked on each match as ever): their ids are a
   * superset of the results.
   */
  private driver(ast: QueryNode, built: BuiltQuery, now: Date): Driver & { exact?: boolean; dated?: boolean; head?: number[]; bodyIds?: number[] } {
    if (built.match === null) return { kind: 'match' };
    const relaxed = withoutPositiveText(ast);
    if (relaxed === null) return { kind: 'match' };
    const conds = buildQuery(relaxed, { now });
    const filters = withoutFullText(conds.where, conds.params);
    const tree = parseFts(built.match);
    const body = forTable(tree, 'body');
    if (filters.where.length === 0 || body === null) return { kind: 'match' };
    const meta = anyPhrase(phrases(tree), 'meta');
    // Always a covering index: the partial indexes of is:starred / is:unread leave each
    // row's deleted_at to be read past its text's overflow pages (`the is:unread`: 1.6×
    // the whole match-driven query). By id, a tag's set of clippings is looked up in it.
    const dated = filters.where.some((w) => w.includes('c.sort_key'));
    const index = dated ? 'clippings_live_filters' : 'clippings_filters';
    // (In the date index's order, newest first: what the date index gives, and what a count walking it reads on from: `countPassing`. Else by id.)
    const order = dated ? ' ORDER BY c.sort_key DESC, c.id DESC' : ' ORDER BY c.id';
    // (The filters read are all of the query's conditions: their clippings are exactly those passing `where`.)
    const exact = JSON.stringify([filters.where, filters.params]) === JSON.stringify([built.where, built.params]);
    // (The filters' ids last read: when they prove too many to drive, the first of them, kept for the count: `countPassing`.)
    let head: number[] = [];
    // (The body match's rowids, when read whole: the count of a query the filters drive needs them too.)
    let bodyIds: number[] | undefined;
    const driver = chooseDriver({
      matches: (limit) =>
        (this.db.prepare(`SELECT count(*) AS n FROM (SELECT rowid FROM clipping_fts WHERE clipping_fts MATCH ? LIMIT ?)`).get(body, limit) as { n: number }).n,
      filterIds: (limit, after) => {
        // (By id, on from `after`: in id order, the index's order, with no sort.)
        const read = JSON.parse(
          (
            this.db
              .prepare(`SELECT json_group_array(id) AS ids FROM (SELECT c.id AS id FROM clippings c INDEXED BY ${index} WHERE c.deleted_at IS NULL AND ${filters.where.join(' AND ')}${dated ? '' : ' AND c.id > ?'}${order} LIMIT ?)`)
              .get(...filters.params, ...(dated ? [] : [after ?? 0]), limit) as { ids: string }
          ).ids,
        ) as number[];
        head = after === undefined ? read : head.concat(read);
        return read;
      },
      matchIds: (limit) => {
        const read = (sql: string, ...params: unknown[]) => JSON.parse((this.db.prepare(`SELECT json_group_array(rowid) AS ids FROM (${sql})`).get(...params) as { ids: string }).ids) as number[];
        const ids = read('SELECT rowid FROM clipping_fts WHERE clipping_fts MATCH ? LIMIT ?', body, limit);
        if (ids.length < limit) bodyIds = ids;
        if (ids.length >= limit || meta === null) return ids;
        // The clippings where some phrase of the query is in the tags, notes or annotations (the meta index may
        // decide them matches), less those without a phrase every match has and only the main index can hold
        // (`outlet:"metro news"` in `been outlet:"metro news"`).
        const inMeta = read('SELECT rowid FROM clipping_meta_fts WHERE clipping_meta_fts MATCH ?', meta);
        const needed = [...new Set(requiredPhrases(tree).filter((p) => !inTable(p, 'meta')).map(renderPhrase))];
        return ids.concat(needed.length === 0 || inMeta.length === 0 ? inMeta : this.ids('body', needed.length === 1 ? needed[0]! : `(${needed.join(' AND ')})`, inMeta.sort((a, b) => a - b)));
      },
      maxId: () => (this.db.prepare('SELECT max(id) AS n FROM clippings').get() as { n: number | null }).n ?? 0,
      byId: !dated,
      broad: (limit) => (this.rankLists.unchangedHits(body) ?? 0) >= limit,
    });
    return { ...driver, exact, dated, ...(driver.kind === 'match' ? { head } : {}), ...(driver.kind === 'filters' && bodyIds ? { bodyIds } : {}) };
  }

  /**
   * The clippings a full-text expression (as the builder writes it) matches, over both
   * tables (db/query/split.ts): a word or phrase matches where it occurs in any column of
   * `clipping_fts` or `clipping_meta_fts`. Null when it matches nothing.
   *
   * Clippings in whose tags, notes and annotations no phrase of the expression occurs
   * are answered by `clipping_fts` alone (the other phrases taken as false) and ranked
   * by its bm25. The others — found in `clipping_meta_fts`, which is small — are decided
   * here phrase by phrase, and ranked by the sum of each table's bm25 over the
   * expression's positive phrases (FTS5's bm25 sums over phrases, so for a clipping whose
   * meta has none of them this is the same figure). Ties rank by clipping id.
   *
   * With `within` (the filters drive: `driver`), only those clippings are taken: the
   * match is read once for its rowids (`+` keeps FTS5 from probing it per id) and only
   * they are ranked and decided — the same ranks, in the same order, as before.
   *
   * Unless `ranked`, the clippings decided in the meta index are not ranked: their bm25
   * costs a pass of each table's match (`the` at 100k: ~4,400 such clippings, 100 ms for
   * the body's bm25 of them and 20–50 ms for the meta's), which only a ranking by
   * relevance needs.
   */
  private source(match: string, within: readonly number[] | null, ranked: boolean, whole = false): FtsSource | null {
    const tree = parseFts(match);
    const body = forTable(tree, 'body');
    const anyMeta = anyPhrase(phrases(tree), 'meta');
    // A single word or phrase ranks each of these by the same expression: its bm25 comes with the lookup.
    const single = tree.type === 'phrase';
    // Several phrases that `decide` looks up one by one in the meta index: each one's matches
    // there read once, their union the clippings found (not the OR's, then each phrase's among them).
    // (Only those the expression may match, when a phrase every match has is in few bodies: `metaMayMatch`.)
    const metaOf = anyMeta !== null && within === null ? metaByPhrase(tree, (key) => this.metaMayMatch(tree, key)) : null;
    // Its meta bm25 comes with the lookup too for an OR of phrases ranked: each clipping found matches it (`decide`
    // with `anyOf`), ranked by the meta bm25 of the OR of the positive phrases — the same phrases, the same
    // expression —, which a second pass over the OR's meta match, restricted to them all, read after.
    const metaRanked = ranked && (single || orOfPhrases(tree));
    // A single phrase ranked by a list in date: the ids of its clippings in the meta index only; the list
    // reads their meta bm25 as it needs (all of them when few; query/topk.ts, `MetaFound`).
    const listedSingle = single && ranked && within === null && anyMeta !== null && body !== null && this.rankLists.candidates(body) !== null;
    const lazy = listedSingle ? this.metaFound(anyMeta!) : null;
    // (One such phrase beside others every match has, not ranked with the lookup — `to author:novák`, `economy title:future` —:
    // only its clippings where those occur, as for several: `metaMayMatch`.)
    const mayMatch = anyMeta !== null && !metaOf && !metaRanked && within === null && requiredPhrases(tree).length > 1;
    const found =
      anyMeta === null || lazy
        ? []
        : metaOf
          ? unionOf(metaOf)
          : mayMatch
            ? this.metaMayMatch(tree, anyMeta).map((id) => ({ id, r: 0 }))
            : this.matchesAmong('meta', anyMeta, within, metaRanked ? BM25.meta : '0');
    const inMeta = lazy ? lazy.ids : found.map((r) => r.id);
    const probed = whole && single && body !== null && within === null ? this.wholeMatch(body) : null;
    const read = probed?.rows;
    if (read) {
      // Decided as `settle` decides them (every one matches; the sum in the same order: 0,
      // plus the body's, plus the meta's), from the body ranks just read.
      const bodyRank = new Map(read.map((r) => [r.id, r.rank]));
      const matched: [number, number][] = found.map(({ id, r }) => [id, 0 + (bodyRank.get(id) ?? 0) + r]);
      const metaIds = new Set(inMeta);
      const all = [...read.filter((r) => !metaIds.has(r.id)), ...matched.map(([id, rank]) => ({ id, rank }))].sort(byRank);
      return { ...this.sourceOf(body, inMeta, matched, { sql: '', params: [] }, ranked), all };
    }
    const only = within === null ? { sql: '', params: [] } : { sql: ' AND +clipping_fts.rowid IN (SELECT value FROM json_each(?))', params: [JSON.stringify(within)] };
    const forLists = single && ranked;
    const forMulti = !single && ranked && within === null && body !== null;
    if (inMeta.length === 0) {
      if (body === null) return null;
      return {
        ...this.sourceOf(body, [], [], only, true),
        ...(forLists ? { single: { body, meta: [], own: [], counted: probed?.counted } } : {}),
        ...(forMulti ? { multi: { body, except: [], own: [] } } : {}),
      };
    }
    // A single phrase with a ranking list: the body bm25 of the clippings found in the meta
    // index is left to the list, which needs only those that can reach the page (`settle`
    // makes the others' if the list proves nothing). Their ranks in the SQL are made then.
    if (forLists && body !== null && (lazy || this.rankLists.candidates(body) !== null)) {
      const pending = inMeta.map((id): [number, number] => [id, 0]);
      return { ...this.sourceOf(body, inMeta, pending, only, ranked), single: { body, meta: lazy ?? found, counted: probed?.counted, pending: true } };
    }
    // Several phrases ORed, each with a list: the body bm25 of the lists' clippings is read in
    // the same pass as that of the clippings decided here (the same OR of the phrases).
    // (Not when the lists rank it with no bm25 statement at all — `multiTop.exact` —, or with
    // none over the OR's match, its small words' terms read from their own matches: `multiTop.orExact`.)
    const orLists =
      forMulti && anyPhrase(positivePhrases(tree), 'body') === body && !this.multiTop.exact(body!) && !this.multiTop.orExact(body!) ? this.multiTop.candidates(body!) : null;
    const also = orLists ? { ids: orLists, ranks: undefined as Ranked[] | undefined } : undefined;
    // Otherwise the body bm25 of the clippings decided here — a pass over the OR of the
    // phrases' matches — is left to the lists (query/topk-multi.ts), which need only those
    // that can reach the page; `settleMulti` makes the others' before the source ranks by SQL.
    const pending = forMulti && !also;
    const matched = this.decide(tree, inMeta, metaRanked && !metaOf ? new Map(found.map((r) => [r.id, r.r])) : null, pending ? 'meta' : ranked, also, metaOf);
    const multiScored = also?.ranks ? { ids: also.ids, ranks: also.ranks } : undefined;
    const own = pending ? [] : matched.map(([id, rank]) => ({ id, rank }));
    return {
      ...this.sourceOf(body, inMeta, matched, only, ranked),
      ...(forLists && body !== null ? { single: { body, meta: found, own: matched.map(([id, rank]) => ({ id, rank })), counted: probed?.counted } } : {}),
      ...(forMulti
        ? { multi: { body: body!, except: inMeta, own, scored: multiScored, ...(pending ? { pending: { any: anyPhrase(positivePhrases(tree), 'body')!, meta: matched.map(([id, r]) => ({ id, r })), made: new Map() } } : {}) } }
        : {}),
    };
  }

  /**
   * The source of the body expression `body` (none when null) and the clippings found in
   * the meta index (`inMeta`), of which `matched` match, with their ranks; `only`: the
   * condition keeping the clippings the filters give (`within`).
   */
  private sourceOf(body: string | null, inMeta: readonly number[], matched: [number, number][], only: { sql: string; params: unknown[] }, ranked: boolean): FtsSource {
    const ids = { body, except: inMeta, plus: matched.map(([id]) => id) };
    if (inMeta.length === 0) {
      return { from: 'clipping_fts', id: 'clipping_fts.rowid', where: `clipping_fts MATCH ?${only.sql}`, rank: BM25.body, order: BM25.body, params: [body, ...only.params], ids, ranked };
    }
    const decided = JSON.stringify(matched);
    const each = `SELECT json_extract(value, '$[0]') AS id, json_extract(value, '$[1]') AS rank FROM json_each(?)`;
    if (body === null) return { from: `(${each}) m`, id: 'm.id', where: null, rank: 'm.rank', order: 'm.rank, m.id', params: [decided], ids, ranked };
    const union = (rank: string) => `(SELECT rowid AS id, ${rank} AS rank FROM clipping_fts WHERE clipping_fts MATCH ? AND rowid NOT IN (SELECT value FROM json_each(?))${only.sql} UNION ALL ${each}) m`;
    return {
      ids,
      ranked,
      // (Unranked — a listing by date, a count —: no bm25, which SQLite computes for each row a count reads, after a pass over each phrase's whole match for its idf.)
      from: union(ranked ? BM25.body : '0'),
      ...(ranked ? { unranked: union('0') } : {}),
      id: 'm.id',
      where: null,
      rank: 'm.rank',
      order: 'm.rank, m.id',
      params: [body, JSON.stringify(inMeta), ...only.params, decided],
    };
  }

  /**
   * Every body match of a single word, phrase or prefix with its bm25, best first, ties
   * by id — when it has fewer than `smallMatch` and no ranking list (a list ranks a
   * broad one faster): one pass where ranking, counting and deciding the clippings found
   * in the meta index took one each. Null for a broader match. The match is counted
   * first, without bm25: that stops early on a broad match, where bm25 would count the
   * phrase's clippings over the whole index before the first row (FTS5 does, per
   * statement) — for a phrase of two common words a pass as long as the ranking. A
   * broader match's count is given back for the ranking lists (they count it no more).
   * Not a one-letter prefix: it has no prefix index, so each statement on it merges the
   * doclists of every word it begins, and most are broad (`a*`): the count would be one
   * more such merge.
   */
  private wholeMatch(body: string): { rows?: Ranked[]; counted?: number } | null {
    if (this.smallMatch <= 0 || /^"[^"]"\*$/u.test(body) || this.rankLists.candidates(body) !== null) return null;
    // A phrase of three words or more a shorter run of whose words matches nothing: no walk
    // over all its words' positions (close matches try many such: query/phrase-pairs.ts).
    if (pairsRuleOut(this.db, body, this.phraseRunsFrom)) return { rows: [] };
    if (longPhrase(body)) {
      // A phrase of three words or more is seldom broad: read in one pass, its few matches
      // scored without FTS5's count of the phrase for its idf (query/long-phrase.ts) — a
      // count first would be one more pass over its words' positions.
      const read = readLongPhrase(this.db, this.rankLists, body, this.smallMatch, this.phraseRunsFrom, this.runDocsPerText);
      if ('rows' in read) return { rows: read.rows.sort(byRank) };
      return this.smallMatch >= this.listBroad ? { counted: read.counted } : null;
    }
    const n = (this.db.prepare('SELECT count(*) AS n FROM (SELECT rowid FROM clipping_fts WHERE clipping_fts MATCH ? LIMIT ?)').get(body, this.smallMatch) as { n: number }).n;
    if (n >= this.smallMatch) return this.smallMatch >= this.listBroad ? { counted: n } : null;
    // (No match: no second pass over the phrase's words for nothing — close matches try many such.)
    if (n === 0) return { rows: [] };
    return { rows: (this.db.prepare(`SELECT rowid AS id, ${BM25.body} AS rank FROM clipping_fts WHERE clipping_fts MATCH ?`).all(body) as Ranked[]).sort(byRank) };
  }

  /**
   * Of `ids` (clippings with some phrase in their meta document), those the expression
   * matches, each with its rank (0 unless `ranked`; `'meta'`: 0 plus the meta table's bm25
   * alone); `metaRanks`: their meta table's bm25 when already known.
   * `also`: other clippings whose body bm25 (by the OR of the positive phrases) is read in
   * the same pass and put in `also.ranks` (the ranking lists' candidates: query/topk-multi.ts).
   */
  private decide(
    tree: FtsNode,
    ids: readonly number[],
    metaRanks: ReadonlyMap<number, number> | null,
    ranked: boolean | 'meta',
    also?: { ids: readonly number[]; ranks?: Ranked[] },
    /** Each phrase's clippings in the meta index among `ids`, when read (`source`: `metaMayMatch`): none looked up again. */
    metaOf?: ReadonlyMap<string, readonly number[]> | null,
  ): [number, number][] {
    // Each phrase → the clippings of `ids` it occurs in, looked up once per distinct text
    // and table. The meta table first: it is small, and without a NOT (where more
    // occurrences can only make the expression truer) a clipping it already decides
    // needs no lookup in the body's index — for a single word or phrase, none does. The
    // body's index then only for the clippings still open (`lookUpBody`).
    const all = phrases(tree);
    // (One phrase that can occur in the meta table, whatever the others: `economy title:future`.)
    const single = new Set(all.filter((p) => inTable(p, 'meta')).map(renderPhrase)).size === 1;
    // An OR of phrases: each of `ids` matches whichever of them it holds — which one is not looked up (each phrase taken as found in all).
    const anyOf = orOfPhrases(tree);
    const matchedOf = (): readonly number[] => {
      // (An OR of phrases: every one of `ids` holds one of them — nothing to look up or evaluate, for each of the
      // tens of thousands of clippings a tag name finds: `roodryous OR climate`.)
      if (anyOf) return ids;
      const inMeta = new Map<string, Set<number>>();
      for (const p of all) {
        const key = renderPhrase(p);
        if (inMeta.has(key)) continue;
        // `ids` are the clippings where some phrase occurs in the meta table: with one such phrase, all of them.
        inMeta.set(key, new Set(!inTable(p, 'meta') ? [] : single ? ids : (metaOf?.get(key) ?? this.ids('meta', key, ids))));
      }
      const monotone = !hasNot(tree);
      // (Each phrase's sets found once, not by its text for each of the clippings: `to outlet:"harbour times"` at 1M, 70k of them.)
      const decidedInMeta = evaluator(tree, (p) => {
        const meta = inMeta.get(renderPhrase(p))!;
        return (id: number) => meta.has(id);
      });
      const undecided = monotone ? ids.filter((id) => !decidedInMeta(id)) : ids;
      const inBody = this.lookUpBody(tree, inMeta, undecided);
      const none = new Set<number>();
      return ids.filter(
        evaluator(tree, (p) => {
          const meta = inMeta.get(renderPhrase(p))!;
          const body = inBody.get(renderPhrase(p)) ?? none;
          return (id: number) => meta.has(id) || body.has(id);
        }),
      );
    };
    const matched = matchedOf();
    const rank = new Map<number, number>(matched.map((id) => [id, 0]));
    const positive = positivePhrases(tree);
    for (const table of ranked === true ? (['body', 'meta'] as const) : ranked === 'meta' ? (['meta'] as const) : []) {
      const any = anyPhrase(positive, table);
      if (any === null) continue;
      const more = table === 'body' && also ? also.ids : [];
      const among = more.length ? [...new Set([...matched, ...more])].sort((a, b) => a - b) : matched;
      const ranks =
        table === 'meta' && metaRanks
          ? matched.map((id) => ({ id, r: metaRanks.get(id)! }))
          : ((table === 'body' ? fewScores(this.db, this.rankLists, any, among) : null) ?? this.matchesAmong(table, any, among, BM25[table]));
      if (more.length) {
        const mine = new Set(ids);
        also!.ranks = ranks.filter((x) => !mine.has(x.id)).map((x) => ({ id: x.id, rank: x.r }));
      }
      for (const { id, r } of ranks) if (rank.has(id)) rank.set(id, rank.get(id)! + r);
    }
    return matched.map((id) => [id, rank.get(id)!]);
  }

  /**
   * For `decide`: each phrase of the expression → those of `undecided` it occurs in in the
   * body's index (a phrase not looked up: none). One phrase at a time, the rarest first —
   * as far as their counts in the meta index (`inMeta`) tell — each among the clippings
   * whose match is still open given what is known: in `"wheark" AND "the"`, "the" is
   * looked up only in the few clippings with "wheark", not in every clipping with "the"
   * in its notes (a pass over the whole match of "the").
   */
  private lookUpBody(tree: FtsNode, inMeta: ReadonlyMap<string, ReadonlySet<number>>, undecided: readonly number[]): Map<string, Set<number>> {
    const inBody = new Map<string, Set<number>>();
    const keys = [...new Set(phrases(tree).filter((p) => inTable(p, 'body')).map(renderPhrase))].sort((a, b) => inMeta.get(a)!.size - inMeta.get(b)!.size);
    // (Made anew after each look-up, each phrase's sets found once: `evaluator`.)
    const known = () =>
      knownEvaluator(tree, (p) => {
        const key = renderPhrase(p);
        const meta = inMeta.get(key)!;
        const body = inTable(p, 'body') ? inBody.get(key) : null;
        return (id: number) => (meta.has(id) ? true : body === null ? false : body?.has(id));
      });
    let open = undecided;
    for (const key of keys) {
      if (open.length === 0) break;
      inBody.set(key, new Set(this.ids('body', key, open)));
      const value = known();
      open = open.filter((id) => value(id) === undefined);
    }
    return inBody;
  }

  /**
   * For `source`: the clippings with the phrase `key` in the meta index that the
   * expression may match — those where each phrase every match has (`requiredPhrases`)
   * and that is in fewer than RARE_MAX bodies (`rareInBody`) occurs in either table (a phrase
   * only the meta index holds: there). The others match neither here nor in the body's
   * index alone (a phrase every match has is in neither), so deciding them changes
   * nothing. One statement: the rare phrases' matches are sets SQLite probes while it
   * walks `key`'s match in the meta index. With no such phrase, all of `key`'s clippings.
   * `committee to` at 100k: `to` is in the notes or tags of 7,383 clippings, 2,157 of
   * them with `committee`; all 7,383 were read, looked up in the body (a JSON list of their
   * ids) and left out of the body's match and its count by another. Also for a single
   * phrase that can occur in the meta index beside others only the body holds (`source`):
   * `to author:novák`.
   */
  private metaMayMatch(tree: FtsNode, key: string): number[] {
    const conds: string[] = [];
    const params: string[] = [key];
    for (const [other, p] of new Map(requiredPhrases(tree).map((p) => [renderPhrase(p), p]))) {
      // (`key` holds itself; a phrase in many bodies would cost more to probe than it saves.)
      const body = inTable(p, 'body');
      if (other === key || (body && !this.rareInBody(p, other))) continue;
      const has = [
        ...(body ? ['SELECT rowid FROM clipping_fts WHERE clipping_fts MATCH ?'] : []),
        ...(inTable(p, 'meta') ? ['SELECT rowid FROM clipping_meta_fts WHERE clipping_meta_fts MATCH ?'] : []),
      ];
      if (has.length === 0) return [];
      conds.push(` AND +rowid IN (${has.join(' UNION ALL ')})`);
      params.push(...has.map(() => other));
    }
    if (conds.length === 0) return this.ids('meta', key, null);
    const sql = `SELECT json_group_array(rowid) AS ids FROM (SELECT rowid FROM clipping_meta_fts WHERE clipping_meta_fts MATCH ?${conds.join('')} ORDER BY rowid)`;
    return JSON.parse((this.db.prepare(sql).get(...params) as { ids: string }).ids) as number[];
  }

  /**
   * For `metaMayMatch`: the phrase is in fewer than RARE_MAX bodies, as its ranking list
   * counts it — or, a column's word (`author:novák`: never listed), counted that far (a read
   * of at most RARE_MAX rowids). A word with no list in date is taken as broad, uncounted.
   */
  private rareInBody(p: Extract<FtsNode, { type: 'phrase' }>, key: string): boolean {
    const listed = this.rankLists.unchangedHits(key);
    if (listed !== null) return listed < RARE_MAX;
    if (p.column === null) return false;
    return (this.db.prepare('SELECT count(*) AS n FROM (SELECT rowid FROM clipping_fts WHERE clipping_fts MATCH ? LIMIT ?)').get(key, RARE_MAX) as { n: number }).n < RARE_MAX;
  }

  /**
   * The ranks of the clippings a single phrase with a ranking list found in the meta index,
   * left to the list (`single.pending`), made in the source's SQL and the plan's parameters
   * — before it ranks by SQL: every one matches, ranked by its body bm25 (if any, from one
   * pass over the match) plus its meta bm25, in decide's order (0, plus the body's, plus
   * the meta's).
   */
  private settle(plan: Plan, src: FtsSource): void {
    const single = src.single;
    if (!single?.pending) return;
    const meta = Array.isArray(single.meta) ? single.meta : single.meta.all();
    const bodyRank = new Map(this.bodyRanks(single.body, meta.map((m) => m.id)).map((x) => [x.id, x.rank]));
    const matched = meta.map(({ id, r }): [number, number] => [id, 0 + (bodyRank.get(id) ?? 0) + r]);
    // (sourceOf puts them last among the source's parameters, which the plan's begin with.)
    const at = src.params.length - 1;
    src.params[at] = plan.params[at] = JSON.stringify(matched);
    single.own = matched.map(([id, rank]) => ({ id, rank }));
    single.pending = false;
  }

  /**
   * The full ranks of some of the clippings of a query of several phrases decided in the
   * meta index (`MultiPending`), as `decide` ranks them: 0, plus the body bm25 by the OR of
   * the positive phrases (from one pass over its match, for those not made before), plus
   * the meta bm25.
   */
  private multiRanks(pending: MultiPending, ids: readonly number[]): Ranked[] {
    const want = ids.filter((id) => !pending.made.has(id));
    if (want.length) {
      const meta = new Map(pending.meta.map((m) => [m.id, m.r]));
      // (A few, with a broad phrase listed: from their texts, FTS5's doubles — not FTS5's pass over the OR, which walks every clipping of the broad phrase.)
      const few = fewScores(this.db, this.rankLists, pending.any, [...want].sort((a, b) => a - b));
      const body = new Map(few ? few.map((x) => [x.id, x.r]) : this.bodyRanks(pending.any, want).map((x) => [x.id, x.rank]));
      for (const id of want) pending.made.set(id, 0 + (body.get(id) ?? 0) + meta.get(id)!);
    }
    return ids.map((id) => ({ id, rank: pending.made.get(id)! }));
  }

  /** The ranks of the clippings decided in the meta index left to the lists of a query of several phrases, made in the source's SQL (as `settle` for a single phrase). */
  private settleMulti(plan: Plan, src: FtsSource): void {
    const multi = src.multi;
    if (!multi?.pending) return;
    multi.own = this.multiRanks(multi.pending, multi.pending.meta.map((m) => m.id));
    // (sourceOf puts them last among the source's parameters, which the plan's begin with.)
    const at = src.params.length - 1;
    src.params[at] = plan.params[at] = JSON.stringify(multi.own.map((r) => [r.id, r.rank]));
    multi.pending = undefined;
  }

  /**
   * The body bm25 of those of `ids` the body expression matches, by FTS5 in one pass over its match — or, for a
   * few clippings and a broad phrase, from their texts (query/few-scores.ts: `the title:climate`'s clippings found
   * in their notes, where the pass walks every clipping with `the`).
   */
  private bodyRanks(body: string, ids: readonly number[]): Ranked[] {
    const sorted = [...ids].sort((a, b) => a - b);
    return (fewScores(this.db, this.rankLists, body, sorted) ?? this.matchesAmong('body', body, sorted, BM25.body)).map((x) => ({ id: x.id, rank: x.r }));
  }

  /**
   * The clippings a single phrase `meta` finds in the meta index (their ids read here, in
   * id order), with their meta bm25 read as the ranking list asks (query/topk.ts,
   * `MetaFound`).
   */
  private metaFound(meta: string): MetaFound & { ids: number[] } {
    const ids = JSON.parse((this.db.prepare('SELECT json_group_array(rowid) AS ids FROM (SELECT rowid FROM clipping_meta_fts WHERE clipping_meta_fts MATCH ? ORDER BY rowid)').get(meta) as { ids: string }).ids) as number[];
    let all: { id: number; r: number }[] | undefined;
    return {
      ids,
      n: ids.length,
      most: () => {
        // FTS5's idf (RankLists.idf) from the meta index's documents (the first figure of its averages record) and its
        // matches, counted in the same statement; a bm25 term is below idf · (k1 + 1) (rounded up, as a bound).
        const r = this.db.prepare('SELECT (SELECT block FROM clipping_meta_fts_data WHERE id = 1) AS averages, (SELECT count(*) FROM clipping_meta_fts WHERE clipping_meta_fts MATCH ?) AS n').get(meta) as { averages: Uint8Array | null; n: number };
        const rows = r.averages ? (varints(r.averages)[0] ?? 0) : 0;
        return this.rankLists.idf(rows, r.n) * (K1 + 1) * (1 + 1e-6);
      },
      all: () => (all ??= this.matchesAmong('meta', meta, null, BM25.meta)),
      kth: (k) => (this.db.prepare(`SELECT ${BM25.meta} AS r FROM clipping_meta_fts WHERE clipping_meta_fts MATCH ? ORDER BY r LIMIT 1 OFFSET ?`).get(meta, k - 1) as { r: number } | undefined)?.r,
      atMost: (r) => this.db.prepare(`SELECT rowid AS id, ${BM25.meta} AS r FROM clipping_meta_fts WHERE clipping_meta_fts MATCH ? AND r <= ?`).all(meta, r) as { id: number; r: number }[],
      of: (among) => this.matchesAmong('meta', meta, [...among].sort((a, b) => a - b), BM25.meta),
    };
  }

  /**
   * Up to how many clippings `matchesAmong` looks up one by one in the match of `expr`:
   * LOOKUPS_MAX, or more in the body index for a phrase its ranking list counts in many
   * bodies, where one pass reads a long match — one lookup for each MATCHES_PER_LOOKUP of
   * its matches. At 1M, 187 clippings (a tag's) looked up in `the`: ~13 ms one by one, one
   * pass ~90 ms (`graidroornal -the`, twice). (`wanted`: how many are asked; the list is
   * looked at only past LOOKUPS_MAX.)
   */
  private lookupsMax(table: Table, expr: string, wanted: number): number {
    if (wanted <= LOOKUPS_MAX || table !== 'body') return LOOKUPS_MAX;
    return Math.max(LOOKUPS_MAX, Math.floor((this.rankLists.unchangedHits(expr) ?? 0) / this.matchesPerLookup));
  }

  /** Clippings an expression matches in one table, in id order (of `among` only, when given). */
  private ids(table: Table, expr: string, among: readonly number[] | null): number[] {
    return this.matchesAmong(table, expr, among, '0').map((r) => r.id);
  }

  /**
   * The matches of an expression in one table (of `among` only, when given) with `value`
   * computed for each. When only the ids are asked (`value` '0'), a few are looked up
   * one by one; many (a word tagged on thousands of clippings) are picked out of one
   * pass over the match, where a lookup per id cost a millisecond each. A bm25 is always
   * computed in one pass: under a rowid lookup FTS5 recounts each phrase's clippings over
   * the whole index for every id (40 lookups of "of that" at 100k clippings: 5.7 s).
   */
  private matchesAmong(table: Table, expr: string, among: readonly number[] | null, value: string): { id: number; r: number }[] {
    const t = FTS_TABLE[table];
    const select = `SELECT rowid AS id, ${value} AS r FROM ${t} WHERE ${t} MATCH ?`;
    if (among === null) return this.db.prepare(`${select} ORDER BY rowid`).all(expr) as { id: number; r: number }[];
    // `+` keeps the ids from being a constraint FTS5 probes one by one: the match is read
    // once, and `value` is computed only for the ids wanted.
    const probe = value === '0' && among.length <= this.lookupsMax(table, expr, among.length) ? '' : '+';
    return this.db.prepare(`${select} AND ${probe}rowid IN (SELECT value FROM json_each(?)) ORDER BY rowid`).all(expr, JSON.stringify(among)) as { id: number; r: number }[];
  }

  /**
   * The builder's SQL conditions with each full-text subquery (FTS_SUBQUERY and its
   * parameter) resolved over both tables: its source planned (or taken from `sources`,
   * in order) and written by `write` — by default as the ids it matches.
   */
  private resolveWhere(
    where: readonly string[],
    params: readonly unknown[],
    sources?: readonly (FtsSource | null)[],
    write: (src: FtsSource | null) => { sql: string; params: unknown[] } = idsOfSource,
  ): { where: string[]; params: unknown[]; sources: (FtsSource | null)[] } {
    const holes = (sql: string) => sql.split('?').length - 1;
    const out: string[] = [];
    const outParams: unknown[] = [];
    const used: (FtsSource | null)[] = [];
    let p = 0;
    const take = (sql: string) => {
      outParams.push(...params.slice(p, p + holes(sql)));
      p += holes(sql);
    };
    for (const w of where) {
      const [first, ...rest] = w.split(FTS_SUBQUERY);
      let sql = first!;
      take(first!);
      for (const piece of rest) {
        const match = params[p++] as string;
        const src = sources ? (sources[used.length] ?? null) : this.source(match, null, false);
        used.push(src);
        const written = write(src);
        sql += written.sql;
        outParams.push(...written.params);
        sql += piece;
        take(piece);
      }
      out.push(sql);
    }
    return { where: out, params: outParams, sources: used };
  }

  private rank(plan: Plan, sort: SortOrder, limit: number, offset: number): RankedId[] {
    const byDate = `c.sort_key ${sort === 'oldest' ? 'ASC' : 'DESC'}, c.id ${sort === 'oldest' ? 'ASC' : 'DESC'}`;
    const src = plan.src;
    if (src !== null && sort === 'relevance') {
      if (!src.ranked) throw new Error('search: a relevance ranking of a plan made without ranks');
      if (src.all && plan.ftsOnly) return src.all.slice(offset, offset + limit).map((r) => ({ id: r.id, score: -r.rank }));
      if (src.single) {
        // A broad phrase: its best clippings from its ranking list, when the list proves them
        // (with filters, of the clippings passing them; a list is then never read here).
        // (When the filters drive, the clippings they let through are known: the others need no look-up.)
        const within = plan.within && new Set(plan.within);
        const keep = plan.ftsOnly ? undefined : (ids: readonly number[]) => this.passing(plan, within ? ids.filter((id) => within.has(id)) : ids);
        const { body, meta, counted } = src.single;
        const own = () => (this.settle(plan, src), src.single!.own!);
        const top = this.rankLists.top(body, offset + limit, { meta, own, score: (ids) => this.rankLists.counted(body, ids) ?? this.bodyRanks(body, ids) }, keep, counted);
        if (top) return top.slice(offset).map((r) => ({ id: r.id, score: -r.rank }));
        this.settle(plan, src);
      }
      // Several phrases: from their lists, when those prove the page (query/topk-multi.ts) —
      // unless fewer than a list's worth match (counted here for the total anyway) and no
      // NOT's phrase is counted over the index: ranking those few costs what a proof does.
      if (src.multi && (!plan.ftsOnly || hasNot(parseFts(src.multi.body)) || this.count(plan).total >= this.listBroad)) {
        const keep = plan.ftsOnly ? undefined : (ids: readonly number[]) => this.passing(plan, ids);
        const pending = src.multi.pending;
        const meta: PendingOwn | undefined = pending && { meta: pending.meta, any: pending.any, rank: (ids) => this.multiRanks(pending, ids) };
        const top = this.multiTop.top(src.multi.body, offset + limit, src.multi.except, src.multi.own, keep, src.multi.scored, meta);
        if (top) return top.slice(offset).map((r) => ({ id: r.id, score: -r.rank }));
      }
      this.settleMulti(plan, src);
      const id = plan.ftsOnly ? src.id : 'c.id';
      if (plan.within && plan.withinExact && !plan.counted && plan.within.length <= WHOLE_RANKING_MAX) {
        // The filters drive and pass every condition: the sort ranks all their matches anyway,
        // so all of them are taken — their number is the total, without a pass of the match to count it.
        const all = this.db.prepare(`SELECT c.id AS id, -${src.rank} AS score ${plan.from} ORDER BY ${src.order}`).all(...plan.params) as RankedId[];
        plan.counted = capped(all.length);
        return all.slice(offset, offset + limit);
      }
      return this.db
        .prepare(`SELECT ${id} AS id, -${src.rank} AS score ${plan.from} ORDER BY ${src.order} LIMIT ? OFFSET ?`)
        .all(...plan.params, limit, offset) as RankedId[];
    }
    if (src !== null && this.isBroad(plan, src)) {
      // A broad match listed by date: walk the date index in order, each row tested
      // against the match (looked up in it while a page's worth of rows is few, else
      // against its ids read once), until the page is full — instead of looking up and
      // sorting every match. The page's scores are computed for it alone (`scoresOf`).
      const ids = this.byDateProbed(plan, src, byDate, limit, offset) ?? this.byDateRead(plan, src, byDate, limit, offset);
      const scores = this.scoresOf(plan, src, ids);
      return ids.map((id) => ({ id, score: scores.get(id)! }));
    }
    const page = this.db.prepare(`SELECT c.id AS id ${joined(plan)} ORDER BY ${byDate} LIMIT ? OFFSET ?`).all(...plan.params, limit, offset) as { id: number }[];
    const scores = src === null ? null : this.scoresOf(plan, src, page.map((r) => r.id));
    return page.map(({ id }) => ({ id, score: scores?.get(id) ?? 0 }));
  }

  /**
   * The scores of `ids` (matches of the plan), as a ranking by relevance gives them:
   * bm25 computed for these alone, in one pass of the match (a lookup by rowid would
   * recount each phrase's documents over the whole index for every id: `matchesAmong`);
   * those decided in the meta index ranked as `source` ranks them (`decide`).
   */
  private scoresOf(plan: Plan, src: FtsSource, ids: readonly number[]): Map<number, number> {
    const inMeta = new Set(src.ids.except);
    const scores = new Map<number, number>();
    const body = ids.filter((id) => !inMeta.has(id));
    if (body.length && src.ids.body !== null) for (const { id, r } of this.pageBodyRanks(src.ids.body, body)) scores.set(id, -r);
    const meta = ids.filter((id) => inMeta.has(id));
    if (meta.length) for (const [id, rank] of this.decide(parseFts(plan.built.match!), meta, null, true)) scores.set(id, -rank);
    return scores;
  }

  /**
   * FTS5's body bm25 of a page's clippings (`ids`, all matching `body`), in id order: counted from their texts
   * (`RankLists.counted` for one phrase, query/few-scores.ts for several) when the phrases' lists count at
   * least PASS_READS matches a clipping — FTS5's pass walks each phrase's whole match for its idf and the
   * expression's match for the rows (`of` sorted newest at 1M: ~100 ms for 20 scores) —, else by that pass.
   * The same doubles either way.
   */
  private pageBodyRanks(body: string, ids: readonly number[]): { id: number; r: number }[] {
    const sorted = [...ids].sort((a, b) => a - b);
    const tree = parseFts(body);
    const keys = tree.type === 'phrase' ? [body] : [...new Set(phrases(tree).map(renderPhrase))];
    const hits = keys.reduce((n, key) => n + (this.rankLists.unchangedHits(key) ?? 0), 0);
    if (hits >= sorted.length * this.passReads) {
      const counted =
        tree.type === 'phrase' ? this.rankLists.counted(body, sorted)?.map((x) => ({ id: x.id, r: x.rank })) : fewScores(this.db, this.rankLists, body, sorted, PAGE_COUNTED_MAX);
      // (Every one matches: a clipping counted without its phrase means its text is not what the index holds.)
      if (counted && counted.length === sorted.length) return counted.sort((a, b) => a.id - b.id);
    }
    return this.matchesAmong('body', body, sorted, BM25.body);
  }

  /** A page of a broad match by date: the date index walked against the match's ids, read once. */
  private byDateRead(plan: Plan, src: FtsSource, byDate: string, limit: number, offset: number): number[] {
    const where = ['c.deleted_at IS NULL', `c.id IN (${idsOf(src)})`, ...plan.where].join(' AND ');
    return (
      this.db
        .prepare(`SELECT c.id AS id FROM clippings c INDEXED BY clippings_live_filters WHERE ${where} ORDER BY ${byDate} LIMIT ? OFFSET ?`)
        .all(...src.params, ...plan.whereParams, limit, offset) as { id: number }[]
    ).map((r) => r.id);
  }

  /**
   * A page of a broad match by date when the match is dense enough that a page's worth
   * of the date index holds it: the index walked in order (the filters applied from it),
   * batch by batch, each batch's ids looked up in the full-text index (`memberOf`), until
   * the page is full. Reading every id of the match costs ~0.2 µs a match (`the` at 100k:
   * 12–20 ms), a lookup 20–90 µs: so at most PROBES_MAX lookups, else null (the caller
   * reads the match) — decided before any lookup from the match's count (needed for the
   * total anyway; past COUNT_CAP its list's count, or else a first batch of PROBES_TRIAL
   * rows, tells the density), and again as the batches show the real density. A lookup costs that
   * only in a dense match: in a sparser one (a word of a third of the archive, `possible
   * the`) FTS5 seeks each id at ~10× the cost (~250 µs at 100k), so there the expected
   * walk must also cost less than reading the match (`probeWorthIt`). After each batch
   * the same is judged from the density the batches found: the dates walked need not
   * have the archive's (a walk of the oldest dates used to look up all 256 rows for a
   * few hits, then read the match anyway).
   */
  private byDateProbed(plan: Plan, src: FtsSource, byDate: string, limit: number, offset: number): number[] | null {
    // A full-text subquery among the filters would be read again by every batch.
    if (plan.built.where.some((w) => w.includes(FTS_SUBQUERY))) return null;
    const want = offset + limit;
    const counted = this.count(plan);
    // Past COUNT_CAP, a single phrase's matches as its ranking list counted them, when nothing changed since
    // (less those decided in the meta index, which may all be outside the match now): `of` at 1M is in most
    // clippings, where the capped count alone gives it a hundredth of them, and the match was read whole.
    const listed = counted.exact || src.ids.body === null ? null : this.rankLists.unchangedHits(src.ids.body);
    const matches = Math.max(1, counted.total, listed === null ? 0 : listed - src.ids.except.length);
    const maxId = (this.db.prepare('SELECT max(id) AS n FROM clippings').get() as { n: number | null }).n ?? 0;
    // The density is at least this (without SQL filters; with them a guess) — when the count stopped at COUNT_CAP
    // and no list counted further, it may be far higher: a first batch of at most PROBES_TRIAL rows tells.
    const least = Math.min(1, matches / Math.max(1, maxId));
    const exact = counted.exact || listed !== null;
    const unknown = !exact && want / least > PROBES_MAX;
    if (want > PROBES_MAX || (!unknown && want / least > PROBES_MAX) || (exact && !probeWorthIt(want / least, least, maxId))) return null;
    const walk = this.db.prepare(
      `SELECT c.id AS id FROM clippings c INDEXED BY clippings_live_filters WHERE ${['c.deleted_at IS NULL', ...plan.where].join(' AND ')} ORDER BY ${byDate} LIMIT ? OFFSET ?`,
    );
    const found: number[] = [];
    let walked = 0;
    let next = unknown ? Math.min(PROBES_TRIAL, Math.ceil(want * 1.25) + 8) : Math.ceil(want * 1.25) + 8;
    for (;;) {
      const n = Math.min(next, PROBES_MAX - walked);
      if (n <= 0) return null;
      const ids = (walk.all(...plan.whereParams, n, walked) as { id: number }[]).map((r) => r.id);
      const hit = this.memberOf(src, ids);
      for (const id of ids) if (hit.has(id)) found.push(id);
      walked += ids.length;
      if (found.length >= want || ids.length < n) return found.slice(offset, want);
      const seen = found.length / walked;
      if (!probeWorthIt(walked + (want - found.length) / seen, seen, maxId)) return null;
      next = Math.ceil(((want - found.length) / seen) * 1.25) + 8;
    }
  }

  /** Of `ids`, the live clippings passing the plan's SQL conditions (its full-text match aside). */
  private passing(plan: Plan, ids: readonly number[]): Set<number> {
    const where = ['c.id IN (SELECT value FROM json_each(?))', 'c.deleted_at IS NULL', ...plan.where].join(' AND ');
    // (One JSON array: thousands of rows as objects cost ten times the read.)
    const row = this.db.prepare(`SELECT json_group_array(c.id) AS ids FROM clippings c INDEXED BY clippings_filters WHERE ${where}`).get(JSON.stringify(ids), ...plan.whereParams) as { ids: string };
    return new Set(JSON.parse(row.ids) as number[]);
  }

  /**
   * The full-text expression matches at least BROAD_MATCH clippings (counted no further;
   * without SQL filters, from the plan's count, which the total needs anyway).
   */
  private isBroad(plan: Plan, src: FtsSource): boolean {
    if (plan.ftsOnly) return this.count(plan).total >= BROAD_MATCH;
    const sql = `SELECT count(*) AS n FROM (${idsOf(src)} LIMIT ${BROAD_MATCH})`;
    return (this.db.prepare(sql).get(...src.params) as { n: number }).n >= BROAD_MATCH;
  }

  /** The plan's matches, counted up to COUNT_CAP (once per plan). */
  private count(plan: Plan): { total: number; exact: boolean } {
    if (plan.counted) return plan.counted;
    if (plan.src?.all && plan.ftsOnly) return (plan.counted = capped(plan.src.all.length));
    const listed = plan.ftsOnly && plan.src?.single ? listedCount(this.db, this.rankLists, plan.src.single.body, plan.src.ids, COUNT_CAP) : null;
    if (listed !== null) return (plan.counted = capped(listed));
    // (An OR of phrases with a listed one matching more than the cap: over it, from the list's count.)
    if (plan.ftsOnly && plan.src?.ids.body && orOverCap(this.rankLists, plan.src.ids.body, plan.src.ids, COUNT_CAP)) return (plan.counted = capped(COUNT_CAP + 1));
    const src = plan.src;
    if (src !== null && !plan.ftsOnly && src.ids.body !== null) {
      // The proof from two counts (`surelyOverCap`) costs less than reading the match's rowids
      // when the word is in most of the archive (its list's count tells): tried first then.
      const common = this.inMost(src.ids.body);
      if (common && this.surelyOverCap(plan, src)) return (plan.counted = capped(COUNT_CAP + 1));
      const passing = this.countPassing(plan, src);
      if (passing !== null) return (plan.counted = capped(passing));
      if (!common && this.surelyOverCap(plan, src)) return (plan.counted = capped(COUNT_CAP + 1));
    }
    const unranked = plan.src?.unranked;
    const from =
      plan.src === null
        ? `FROM clippings c INDEXED BY ${countIndex(plan.where)} WHERE ${['c.deleted_at IS NULL', ...plan.where].join(' AND ')}`
        : unranked
          ? plan.from.replace(plan.src.from, () => unranked)
          : plan.from;
    const n = (this.db.prepare(`SELECT count(*) AS n FROM (SELECT 1 ${from} LIMIT ${COUNT_CAP + 1})`).get(...plan.params) as { n: number }).n;
    return (plan.counted = capped(n));
  }

  /** The body expression is in at least half of the archive, as its ranking list counted it (false when it has none, or a body changed since). */
  private inMost(body: string): boolean {
    const hits = this.rankLists.unchangedHits(body);
    return hits !== null && 2 * hits >= ((this.db.prepare('SELECT max(id) AS n FROM clippings').get() as { n: number | null }).n ?? 0);
  }

  /**
   * The plan's matches counted from the clippings passing its filters (db/query/filter-count.ts),
   * in one read transaction: those the filters drove with, or those of its date range in
   * the date index when its filters are all of the date. Null when that does not serve.
   */
  private countPassing(plan: Plan, src: FtsSource): number | null {
    const within = plan.within && plan.withinExact ? plan.within : null;
    // (Only a date range is walked: another filter read from the date index would pass over every clipping of the range for the few it passes.)
    if (!within && (!plan.where.every((w) => w.includes('c.sort_key')) || plan.built.where.some((w) => w.includes(FTS_SUBQUERY)))) return null;
    const walk = this.db.prepare(
      `SELECT json_group_array(id) AS ids FROM (SELECT c.id AS id FROM clippings c INDEXED BY clippings_live_filters WHERE ${['c.deleted_at IS NULL', ...plan.where].join(' AND ')} ORDER BY c.sort_key DESC, c.id DESC LIMIT ? OFFSET ?)`,
    );
    return this.db.transaction(() =>
      countPassing(
        {
          // (Read whole by the driver already, when the filters drive: `trade has:note` at 1M, 380k rowids.)
          matchIds: () => plan.bodyIds ?? (JSON.parse((this.db.prepare('SELECT json_group_array(rowid) AS ids FROM clipping_fts WHERE clipping_fts MATCH ?').get(src.ids.body) as { ids: string }).ids) as number[]),
          known: within !== null,
          passingAtLeast: within?.length ?? plan.head?.length ?? 0,
          countAmong: (ids, limit) =>
            (
              this.db
                .prepare(
                  `SELECT count(*) AS n FROM (SELECT 1 FROM json_each(?) j CROSS JOIN clippings c INDEXED BY clippings_filters ON c.id = j.value WHERE ${['c.deleted_at IS NULL', ...plan.where].join(' AND ')} LIMIT ?)`,
                )
                .get(JSON.stringify(ids), ...plan.whereParams, limit) as { n: number }
            ).n,
          passingIds: (offset, limit) => {
            const known = (within ?? plan.head ?? []).slice(offset, offset + limit);
            if (within || known.length === limit) return known;
            // (Read on from the driver's first ids, in the same order.)
            const from = offset + known.length;
            return known.concat(JSON.parse((walk.get(...plan.whereParams, limit - known.length, from) as { ids: string }).ids) as number[]);
          },
        },
        src.ids.except,
        src.ids.plus,
        COUNT_CAP,
        (this.db.prepare('SELECT max(id) AS n FROM clippings').get() as { n: number | null }).n ?? 0,
      ),
    )();
  }

  /**
   * The matches of a plan with filters are more than COUNT_CAP for sure, from counts that
   * cost less than walking the match against the filters: at most the index's documents
   * outside the body's match (every live clipping is one) and the clippings decided in
   * the meta index can be missing from the clippings passing the filters, so when those
   * are more than the cap plus that many, so are the matches. The filters' clippings are
   * counted only when they drive (known: `within`, exactly the ones passing every
   * condition) or bound the date (one range of the date index) and the word is in most
   * of the archive.
   */
  private surelyOverCap(plan: Plan, src: FtsSource): boolean {
    const { except, plus } = src.ids;
    const within = plan.within && plan.withinExact ? plan.within : null;
    if (within ? within.length - except.length + plus.length <= COUNT_CAP : !plan.where.some((w) => w.includes('c.sort_key'))) return false;
    // (From the word's ranking list when nothing changed since it was read: `that` at 100k, 6–10 ms to count again.)
    const { docs, hits } =
      this.rankLists.unchangedCounts(src.ids.body!) ??
      (this.db
        .prepare('SELECT (SELECT count(*) FROM clipping_fts_docsize) AS docs, (SELECT count(*) FROM clipping_fts WHERE clipping_fts MATCH ?) AS hits')
        .get(src.ids.body) as { docs: number; hits: number });
    // (Those decided in the meta index are all among the filters' clippings when those drive: `source`.)
    const need = COUNT_CAP + (docs - hits) + except.length - (within ? plus.length : 0);
    if (within) return within.length > need;
    // (Counting the date range's clippings up to `need` is worth it only for a word in most
    // of the archive: `ladoly`, in a fifth of it, over five years would count 35k for nothing.)
    if (need >= docs || 2 * hits < docs) return false;
    // (The driver's first ids of the range may be enough.)
    if (plan.head && plan.head.length > need) return true;
    const where = ['c.deleted_at IS NULL', ...plan.where].join(' AND ');
    const n = (this.db.prepare(`SELECT count(*) AS n FROM (SELECT 1 FROM clippings c INDEXED BY clippings_live_filters WHERE ${where} LIMIT ?)`).get(...plan.whereParams, need + 1) as { n: number }).n;
    return n > need;
  }

  /**
   * Snippets (best passage of any column) and the offsets of every match in the body,
   * for the shown ids only. Offsets are those of FTS5's own highlight() of the body, so
   * they follow exactly what the index matched (stems, prefixes, diacritics): computed by
   * its rules in query/highlights.ts where those are copied, else asked of FTS5.
   */
  private highlights(built: BuiltQuery, ids: readonly number[]): { snippets: Map<number, string>; matches: Map<number, [number, number][]> } {
    const snippets = new Map<number, string>();
    const matches = new Map<number, [number, number][]>(ids.map((id) => [id, []]));
    if (ids.length === 0) return { snippets, matches };
    // FTS5's highlight() re-runs the query per row; for a prefix that expands to
    // hundreds of terms that costs ~10 ms a row, so prefixes are marked here instead.
    const prefixes = built.terms.filter((t) => t.endsWith('*')).map((t) => fold(t.slice(0, -1))).filter(Boolean);
    const exactTerms = built.terms.filter((t) => !t.endsWith('*'));
    const exact = highlightQuery(exactTerms);
    // Each text read once, unpacked here, for the offsets computed in JavaScript and for the prefixes.
    let texts: Map<number, string> | undefined;
    const textsOf = () => (texts ??= this.texts(ids));
    if (exact) {
      // Where the text and the words are within the rules query/highlights.ts copies from
      // FTS5, the offsets highlight() would give are computed there; the rest ask FTS5.
      const phrases = phraseTokens(exactTerms);
      let rest = ids;
      // Those whose body holds no instance, known here: their snippet() is of the other columns.
      const noBody = new Set<number>();
      if (phrases) {
        const left: number[] = [];
        rest = left;
        for (const id of ids) {
          const text = textsOf().get(id);
          const folded = text === undefined ? '' : foldLetters(text);
          const marked = text === undefined ? null : marks(folded, phrases);
          if (marked === null) {
            left.push(id);
            continue;
          }
          const ranges = asWritten(marked, folded, text!);
          matches.set(id, ranges);
          if (ranges.length) snippets.set(id, snippetAround(text!, ranges));
          else noBody.add(id);
        }
      }
      // The others: one pass of FTS5's highlight() over the body gives the match offsets;
      // the snippet is cut around the first of them. Only hits matched outside the body
      // (title, tags, notes) need FTS5's snippet(), which scans every column. highlight()
      // reads the index's content view, where the letters Unicode does not decompose are
      // folded (migration 011): its ranges, like those computed above, are mapped back to
      // the text as written.
      const rows = rest.length
        ? (this.db
            .prepare(
              `SELECT rowid AS id, highlight(clipping_fts, ${BODY_COLUMN}, '${MARK_OPEN}', '${MARK_CLOSE}') AS h
                 FROM clipping_fts WHERE clipping_fts MATCH ? AND rowid IN (SELECT value FROM json_each(?))`,
            )
            .all(exact, JSON.stringify(rest)) as { id: number; h: string | null }[])
        : [];
      for (const r of rows) {
        const text = textsOf().get(r.id) ?? '';
        const marked = r.h ?? '';
        const ranges = asWritten(markedRanges(marked), marked.replace(MARKS_RE, ''), text);
        matches.set(r.id, ranges);
        if (ranges.length) snippets.set(r.id, snippetAround(text, ranges));
      }
      // Matched elsewhere: a passage of the title, byline or outlet, else of the tags, notes or annotations.
      for (const t of [FTS_TABLE.body, FTS_TABLE.meta]) {
        const elsewhere = ids.filter((id) => !snippets.has(id));
        if (elsewhere.length === 0) break;
        // snippet() of the body's index tokenizes the body too, though it holds no instance:
        // where the other columns are within the rules, it is computed in query/highlights.ts.
        const known: { id: number; s: string }[] = [];
        let ask = elsewhere;
        if (t === FTS_TABLE.body && phrases && noBody.size) {
          ask = elsewhere.filter((id) => !noBody.has(id));
          const rows = this.db
            .prepare('SELECT id, title, byline, outlet FROM clippings WHERE id IN (SELECT value FROM json_each(?))')
            .all(JSON.stringify(elsewhere.filter((id) => noBody.has(id)))) as Record<string, string | number | null>[];
          for (const r of rows) {
            const columns = TABLE_COLUMNS.body.map((c) => (c === 'body' ? null : foldLetters(String(r[c] ?? ''))));
            const got = snippetOf(columns, phrases, MARK_OPEN, MARK_CLOSE, '…', 24);
            if (got === null) ask.push(r.id as number);
            else if (got.snippet !== null) known.push({ id: r.id as number, s: got.snippet });
          }
        }
        const asked = ask.length
          ? (this.db
              .prepare(
                `SELECT rowid AS id, snippet(${t}, -1, '${MARK_OPEN}', '${MARK_CLOSE}', '…', 24) AS s
                   FROM ${t} WHERE ${t} MATCH ? AND rowid IN (SELECT value FROM json_each(?))`,
              )
              .all(exact, JSON.stringify(ask)) as { id: number; s: string }[])
          : [];
        const more = [...known, ...asked];
        if (more.length === 0) continue;
        const written = this.writtenFields(more.map((r) => r.id));
        for (const r of more) snippets.set(r.id, markSnippet(r.s, written.get(r.id) ?? []));
      }
    }
    if (prefixes.length) {
      for (const [id, text] of textsOf()) {
        const ranges = mergeRanges([...(matches.get(id) ?? []), ...prefixRanges(text, prefixes)]);
        matches.set(id, ranges);
        if (!snippets.get(id) && ranges.length) snippets.set(id, snippetAround(text, ranges));
      }
    }
    // Hits without a highlighted passage (filter-only queries, matches outside the body) show their excerpt.
    const missing = ids.filter((id) => !snippets.get(id));
    if (missing.length) {
      const rows = this.db
        .prepare(`SELECT id, coalesce(excerpt, substr(${textSql()}, 1, 200)) AS e FROM clippings WHERE id IN (SELECT value FROM json_each(?))`)
        .all(JSON.stringify(missing)) as { id: number; e: string }[];
      for (const r of rows) snippets.set(r.id, escapeHtml(trimTo(r.e, 200)));
    }
    return { snippets, matches };
  }

  /** The texts of these clippings, unpacked here (through SQL each would cross into JavaScript twice). */
  private texts(ids: readonly number[]): Map<number, string> {
    const rows = this.db.prepare('SELECT id, text_z AS z, text_size AS n FROM clippings WHERE id IN (SELECT value FROM json_each(?))').all(JSON.stringify(ids)) as { id: number; z: Buffer | null; n: number }[];
    return new Map(rows.map((r) => [r.id, unpackText(r.z, r.n) ?? '']));
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
}

/**
 * A full-text match joined to its clippings: the match drives (CROSS JOIN fixes the
 * order) and each matching id is looked up in the covering index of the filtered
 * columns (migration 011). Left to itself the planner may walk a date or filter index
 * and probe FTS5 once per row — about a millisecond a probe for a common word, which
 * made `rate after:2019 before:2022` take seconds.
 */
function ftsJoin(src: FtsSource): string {
  return `FROM ${src.from} CROSS JOIN clippings c INDEXED BY clippings_filters ON c.id = ${src.id}`;
}

/** A full-text subquery of a filter as the ids its source matches (none when null). */
function idsOfSource(src: FtsSource | null): { sql: string; params: unknown[] } {
  return src === null ? { sql: 'SELECT NULL WHERE 0', params: [] } : { sql: idsOf(src), params: src.params };
}

/** The ids a full-text match gives, as an uncorrelated subquery (SQLite reads it once). */
function idsOf(src: FtsSource): string {
  return `SELECT ${src.id} FROM ${src.from}${src.where ? ` WHERE ${src.where}` : ''}`;
}

/**
 * From this many matches on, a listing by date walks the date index rather than the
 * match: at 100k clippings `the` sorted newest took 820 ms through the match and 19 ms
 * through the index; a word in 4 clippings 0.1 ms through the match, 48 through the
 * index (measured under heavy machine load; the ratios are what counts).
 */
const BROAD_MATCH = 2000;

/** Up to this many clippings given by driving filters, a ranking of their matches by SQL takes all of them, for the total too (`rank`). */
const WHOLE_RANKING_MAX = 4096;

/** At most this many rows of the date index are looked up one by one in the full-text index for a page by date (`byDateProbed`). */
const PROBES_MAX = 256;

/**
 * A clipping's body bm25 counted from its text costs about what FTS5's pass reads of this many of the phrases'
 * matches (`pageBodyRanks`). At 100k, loaded, 20 clippings of `of` sorted newest took 32 ms to count, more than
 * the pass over its ~90,000 matches; at 1M the pass took ~100–120 ms. So only a match of 200,000 (for a page
 * of 20) is counted: never at 100k, where paired runs found a page by date ~10 % slower at p50 from 2,500.
 */
const PASS_READS = 10_000;
/** At most this many clippings of a page by date are scored from their texts (`pageBodyRanks`: a page of 20, with room). */
const PAGE_COUNTED_MAX = 32;

/**
 * When a match's density is not known (its count stopped at COUNT_CAP, with no list's count beyond: an AND of
 * two broad words at 1M), the first batch of a walk by date looks up at most this many rows (`byDateProbed`):
 * at worst, in a sparse match, ~15 ms at 1M before the match is read anyway; in a dense one, the page.
 */
const PROBES_TRIAL = 64;

/** From this density on (a share of the clippings), a match's ids are looked up in FTS5 at ~20 µs each (`the` at 100k); below it at ~250 µs. */
const DENSE = 0.45;
/** A lookup of an id in a match below DENSE costs as much as reading this many of its ids in one pass (~250 µs against ~0.3 µs with the walk's set of them). */
const SPARSE_PROBE_READS = 800;

/**
 * Whether a walk of the date index of `walk` rows, each looked up in a match of
 * `density` in an archive of `maxId` ids (`byDateProbed`), is worth it: at most
 * PROBES_MAX lookups and, in a match below DENSE, their cost below reading the match
 * once (at 100k a word of a third of the archive reads in ~3 ms what 69 lookups take
 * 17 ms for; at 1M the reading costs ten times more and the lookups the same).
 */
function probeWorthIt(walk: number, density: number, maxId: number): boolean {
  if (!(walk <= PROBES_MAX)) return false;
  return density >= DENSE || walk * SPARSE_PROBE_READS <= density * maxId;
}

const byRank = (a: Ranked, b: Ranked) => a.rank - b.rank || a.id - b.id;

/**
 * The covering index to count the live clippings passing SQL filters (`where`) from:
 * never the partial index of is:starred / is:unread or clippings_sort, which leave each
 * row's deleted_at to be read past its text's overflow pages (counting `is:unread` alone
 * at 100k: 7× the CPU). A tag's (or annotation's) set of clippings is looked up by id in
 * clippings_filters; anything else is read from the live clippings' index, in which the
 * trashed ones are apart and a date range on sort_key is one range.
 */
function countIndex(where: readonly string[]): string {
  return where.some((w) => w.includes('c.id IN')) && !where.some((w) => w.includes('c.sort_key')) ? 'clippings_filters' : 'clippings_live_filters';
}

/** A body expression that is one phrase of three words or more (not a prefix, no column): one seldom broad (`wholeMatch`). */
function longPhrase(body: string): boolean {
  return /^"[^"]*"$/u.test(body) && body.slice(1, -1).trim().split(/\s+/u).length >= 3;
}

/** A number of matches as a total: more than COUNT_CAP are reported as the cap, inexact. */
function capped(n: number): { total: number; exact: boolean } {
  return n > COUNT_CAP ? { total: COUNT_CAP, exact: false } : { total: n, exact: true };
}

/** The plan's FROM with the clippings table available as `c`. */
function joined(plan: Plan): string {
  return plan.ftsOnly ? `${ftsJoin(plan.src!)} WHERE ${plan.src!.where ?? '1'}` : plan.from;
}

/** The builder's conditions without a full-text subquery (FTS_SUBQUERY), with their parameters. */
function withoutFullText(where: readonly string[], params: readonly unknown[]): { where: string[]; params: unknown[] } {
  const out: { where: string[]; params: unknown[] } = { where: [], params: [] };
  let p = 0;
  for (const w of where) {
    const n = w.split('?').length - 1;
    if (!w.includes(FTS_SUBQUERY)) {
      out.where.push(w);
      out.params.push(...params.slice(p, p + n));
    }
    p += n;
  }
  return out;
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

/**
 * For an expression whose phrases `decide` looks up one by one in the meta index (two
 * distinct ones or more that can occur there, not an OR of phrases, which it decides
 * without), each phrase's clippings there that the expression may match, read by `read`
 * (`metaMayMatch`); else null.
 */
function metaByPhrase(tree: FtsNode, read: (key: string) => number[]): Map<string, number[]> | null {
  if (orOfPhrases(tree)) return null;
  const keys = [...new Set(phrases(tree).filter((p) => inTable(p, 'meta')).map(renderPhrase))];
  return keys.length < 2 ? null : new Map(keys.map((key) => [key, read(key)]));
}

/** The clippings of every phrase (`metaByPhrase`), in id order, as the meta index's matches are read (rank 0). */
function unionOf(metaOf: ReadonlyMap<string, readonly number[]>): { id: number; r: number }[] {
  const ids = new Set<number>();
  for (const list of metaOf.values()) for (const id of list) ids.add(id);
  return [...ids].sort((a, b) => a - b).map((id) => ({ id, r: 0 }));
}

/** The phrases every clipping the expression matches has (those of its ANDs, and of its NOTs' positive sides, down from the top). */
function requiredPhrases(node: FtsNode): Extract<FtsNode, { type: 'phrase' }>[] {
  if (node.type === 'phrase') return [node];
  if (node.type === 'not') return requiredPhrases(node.positive);
  return node.type === 'and' ? node.children.flatMap(requiredPhrases) : [];
}

/** Whether the expression is an OR of phrases: any of them occurring makes it true. */
function orOfPhrases(tree: FtsNode): boolean {
  return tree.type === 'or' && tree.children.every((c) => c.type === 'phrase');
}
