/**
 * Query AST (parser.ts) → an FTS5 MATCH expression plus SQL conditions on `clippings c`.
 * Pure: produces strings and parameters, runs nothing.
 *
 * How the engine uses the result:
 *
 *   SELECT … FROM clippings c [JOIN clipping_fts ON clipping_fts.rowid = c.id AND clipping_fts MATCH :match]
 *    WHERE <where[0]> AND <where[1]> …          -- params bind the `?` of `where`, in order
 *
 * `match` is null when the query has no positive full-text part that constrains every
 * result (no words, only exclusions, or text OR-ed with a non-text filter); the results
 * are then the rows satisfying `where` (which may contain full-text subqueries), and
 * cannot be ranked by bm25. Trash filtering (c.deleted_at) is left to the engine.
 *
 * FTS5 safety: every user word reaches FTS5 inside a double-quoted string (`"` doubled,
 * control characters blanked), so no input is FTS5 syntax; operators, parentheses and
 * column filters are written only by this module; parenthesis nesting is bounded
 * (FTS5's parser stack is small), and long AND/OR lists are flat in FTS5 (which merges
 * them) and balanced in SQL (whose expression depth is limited to 1000).
 *
 * Negation: FTS5's NOT is binary (`a NOT b`). Inside an AND whose positive parts are all
 * full-text, the negated full-text parts become `(positives) NOT (n1 OR n2 …)`. A query
 * (or sub-query) without a positive full-text part cannot say that in MATCH: it becomes
 * SQL, `c.id NOT IN (SELECT rowid FROM clipping_fts WHERE clipping_fts MATCH ?)`; an OR
 * mixing full-text and other branches becomes an SQL OR whose full-text branches are
 * `c.id IN (SELECT rowid … MATCH ?)`. Negated filters negate their SQL condition; every
 * condition is two-valued (never NULL), so NOT is exact (-type:print keeps untyped
 * clippings).
 *
 * Dates. A "period" is a year, month or day: after:X = strictly after the period
 * (after:2021 → from 2022-01-01), before:X = strictly before it (before:2021-03 → until
 * 2021-02-28), on:X = within it. The date compared is the publication date as printed
 * (the local calendar date of `published_at`, so an article dated 2021-12-31T23:30-05:00
 * is on:2021-12-31) and, for clippings without one, the UTC date of the capture (via
 * `sort_key`). Relative values are instants: Nd/Nw/Nm/Ny = opts.now minus N days,
 * weeks, calendar months or years; after:7d and on:7d = at or after that instant
 * ("in the last 7 days"), before:7d = earlier than it. Instants compare with `sort_key`
 * (publication instant in UTC, else capture time). Calendar comparisons also carry a
 * ±1-day bound on `sort_key` so the index `clippings_sort` can narrow the scan.
 */
import {
  QueryError,
  describeFilters,
  normalizeUrlNeedle,
  parseDateValue,
  simplify,
  type FieldNode,
  type QueryNode,
} from './parser.ts';
import type { DateWindow } from '../../electron/contract/shapes.ts';
import { BY_USER_SQL, foldUserName } from '../authors.ts';
import { cjkMatch, hasCjk } from '../cjk.ts';
import { foldLetters } from '../fold.ts';

export { describeFilters, QueryError };

export interface BuildOptions {
  /** "Now" for relative dates (after:7d). */
  now: Date;
}

export interface BuiltQuery {
  /** FTS5 MATCH expression every result must satisfy, or null (see the module comment). */
  match: string | null;
  /** SQL conditions on `clippings c`, to be ANDed. */
  where: string[];
  /** Parameters of the `?` in `where`, in order. */
  params: unknown[];
  /**
   * Words and phrases to highlight: the text terms not under any negation (including
   * text-field values such as title:x); prefixes end in `*` ("eco*").
   */
  terms: string[];
  /** The query contains at least one positive word, phrase or text-field term. */
  hasText: boolean;
}

/** FTS5 column of each text field. */
const FTS_COLUMN: Readonly<Record<string, string>> = {
  title: 'title',
  body: 'body',
  outlet: 'outlet',
  author: 'byline',
  note: 'notes',
  annotation: 'annotations',
};

/** FTS5's parser stack overflows beyond 32 nested parentheses (SQLite 3.53); stay below. */
const MAX_FTS_DEPTH = 28;
/**
 * More phrases than this in one full-text expression are refused: FTS5's ranking cost
 * grows with the square of the phrases a row matches (2,500 × "the" took 6 s, blocking
 * the process), and no real query comes near it.
 */
export const MAX_FTS_PHRASES = 256;
/** More top-level conditions than this are folded into one balanced expression. */
const MAX_WHERE_ENTRIES = 16;

/** How the SQL part names the clippings a full-text expression matches; the engine (db/search.ts) resolves it over both full-text tables. */
export const FTS_SUBQUERY = 'SELECT rowid FROM clipping_fts WHERE clipping_fts MATCH ?';

interface Sql {
  sql: string;
  params: unknown[];
}

export function buildQuery(ast: QueryNode, opts: BuildOptions): BuiltQuery {
  const root = simplify(ast);
  const terms = collectTerms(root);
  const result: BuiltQuery = { match: null, where: [], params: [], terms, hasText: terms.length > 0 };
  if (root.type === 'empty') return result;

  const children = root.type === 'and' ? root.children : [root];
  const { pos, neg, other } = partition(children);

  const conds: Sql[] = [];
  if (pos.length > 0) {
    result.match = checkDepth(combineFts(pos, neg));
  } else if (neg.length > 0) {
    conds.push({ sql: `c.id NOT IN (${FTS_SUBQUERY})`, params: [checkDepth(joinFts(neg, 'OR'))] });
  }
  for (const node of other) conds.push(toSql(node, opts.now));

  const unique = dedupe(conds);
  const entries = unique.length > MAX_WHERE_ENTRIES ? [joinSql(unique, 'AND')] : unique;
  for (const e of entries) {
    result.where.push(e.sql);
    result.params.push(...e.params);
  }
  return result;
}

// ---------------------------------------------------------------------------------------
// Full-text part

/**
 * The children of an AND, sorted into FTS-expressible positives, negations of
 * FTS-expressible nodes (their inner expression), and everything else.
 */
function partition(children: readonly QueryNode[]): { pos: string[]; neg: string[]; other: QueryNode[] } {
  const pos: string[] = [];
  const neg: string[] = [];
  const other: QueryNode[] = [];
  for (const c of children) {
    if (c.type === 'not') {
      const f = ftsOf(c.child);
      if (f !== null) neg.push(f);
      else other.push(c);
    } else {
      const f = ftsOf(c);
      if (f !== null) pos.push(f);
      else other.push(c);
    }
  }
  return { pos, neg, other };
}

/** A positive FTS5 expression for the node, or null when it needs SQL. */
function ftsOf(node: QueryNode): string | null {
  switch (node.type) {
    case 'term':
    case 'phrase':
      // Text without spaces (CJK) is found through the bigram side index, in SQL.
      if (hasCjk(node.text)) return null;
      return quote(node.text) + (node.prefix ? '*' : '');
    case 'field': {
      const col = FTS_COLUMN[node.field];
      if (col === undefined) return null;
      return `${col} : ${quote(node.value)}${node.prefix ? '*' : ''}`;
    }
    case 'and': {
      const { pos, neg, other } = partition(node.children);
      if (other.length > 0 || pos.length === 0) return null;
      return combineFts(pos, neg);
    }
    case 'or': {
      const parts: string[] = [];
      for (const c of node.children) {
        const f = ftsOf(c);
        if (f === null) return null;
        parts.push(f);
      }
      return joinFts(parts, 'OR');
    }
    default:
      return null; // not (alone), empty
  }
}

/** `(p1 AND p2) NOT (n1 OR n2)`; positives must be non-empty. */
function combineFts(pos: string[], neg: string[]): string {
  const p = joinFts(pos, 'AND');
  if (neg.length === 0) return p;
  return `${paren(p)} NOT ${paren(joinFts(neg, 'OR'))}`;
}

function joinFts(parts: string[], op: 'AND' | 'OR'): string {
  if (parts.length === 1) return parts[0]!;
  return `(${parts.map(paren).join(` ${op} `)})`;
}

/** Wraps anything but a single quoted string (or an already parenthesised group). */
function paren(expr: string): string {
  if (/^"(?:[^"]|"")*"\*?$/u.test(expr)) return expr;
  if (expr.startsWith('(') && closingParen(expr) === expr.length - 1) return expr;
  return `(${expr})`;
}

/** Index of the ")" closing the "(" at 0, quotes respected. */
function closingParen(expr: string): number {
  let depth = 0;
  let inQuote = false;
  for (let i = 0; i < expr.length; i++) {
    const ch = expr[i];
    if (ch === '"') inQuote = !inQuote; // a doubled "" toggles twice: no effect
    else if (!inQuote && ch === '(') depth++;
    else if (!inQuote && ch === ')' && --depth === 0) return i;
  }
  return -1;
}

function checkDepth(expr: string): string {
  let depth = 0;
  let max = 0;
  let inQuote = false;
  for (const ch of expr) {
    if (ch === '"') inQuote = !inQuote;
    else if (!inQuote && ch === '(') max = Math.max(max, ++depth);
    else if (!inQuote && ch === ')') depth--;
  }
  if (max > MAX_FTS_DEPTH) throw new QueryError('The query is nested too deeply; use fewer parentheses.');
  let phrases = 0;
  inQuote = false;
  for (let i = 0; i < expr.length; i++) {
    if (expr[i] !== '"') continue;
    if (inQuote && expr[i + 1] === '"') i++; // "" inside a phrase is a quote character
    else if (!inQuote) phrases++, (inQuote = true);
    else inQuote = false;
  }
  if (phrases > MAX_FTS_PHRASES) throw new QueryError(`The query has too many words (${phrases}; at most ${MAX_FTS_PHRASES}).`);
  return expr;
}

/**
 * An FTS5 string: the text as a literal phrase, whatever it contains, with the letters
 * Unicode does not decompose folded as the index's content view folds them ("Łódź" →
 * "Lodz"; db/fold.ts).
 */
function quote(text: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = foldLetters(text).replace(/[\u0000-\u001f\u007f]/gu, ' ');
  return `"${clean.replaceAll('"', '""')}"`;
}

// ---------------------------------------------------------------------------------------
// SQL part

function toSql(node: QueryNode, now: Date): Sql {
  const f = ftsOf(node);
  if (f !== null) return { sql: `c.id IN (${FTS_SUBQUERY})`, params: [checkDepth(f)] };
  switch (node.type) {
    case 'not': {
      const g = ftsOf(node.child);
      if (g !== null) return { sql: `c.id NOT IN (${FTS_SUBQUERY})`, params: [checkDepth(g)] };
      const inner = toSql(node.child, now);
      return { sql: `NOT ${wrapSql(inner.sql)}`, params: inner.params };
    }
    case 'and': {
      const { pos, neg, other } = partition(node.children);
      const parts: Sql[] = [];
      if (pos.length > 0) parts.push({ sql: `c.id IN (${FTS_SUBQUERY})`, params: [checkDepth(combineFts(pos, neg))] });
      else if (neg.length > 0) parts.push({ sql: `c.id NOT IN (${FTS_SUBQUERY})`, params: [checkDepth(joinFts(neg, 'OR'))] });
      for (const o of other) parts.push(toSql(o, now));
      return joinSql(dedupe(parts), 'AND');
    }
    case 'or': {
      const text: string[] = [];
      const parts: Sql[] = [];
      for (const c of node.children) {
        const g = ftsOf(c);
        if (g !== null) text.push(g);
        else parts.push(toSql(c, now));
      }
      if (text.length > 0) parts.unshift({ sql: `c.id IN (${FTS_SUBQUERY})`, params: [checkDepth(joinFts(text, 'OR'))] });
      return joinSql(dedupe(parts), 'OR');
    }
    case 'field':
      return filterSql(node, now);
    case 'term':
    case 'phrase': {
      const m = cjkMatch(node.text);
      return m ? { sql: `c.id IN (${CJK_SUBQUERY})`, params: [m] } : { sql: '0', params: [] };
    }
    default:
      return { sql: '1', params: [] }; // empty (simplified away before this point)
  }
}

const CJK_SUBQUERY = 'SELECT rowid FROM clipping_cjk WHERE clipping_cjk MATCH ?';

/**
 * Tags and annotations as the set of clippings having them (`c.id IN …`), not a probe
 * per clipping (`EXISTS … WHERE ct.clipping_id = c.id`): SQLite reads the set once from
 * the tag's index, so the clippings passing the filter can be listed without a scan of
 * every clipping (db/query/drive.ts: a tag no clipping has answers at once), and a
 * match checks each clipping against it in memory.
 */
const TAGGED = 'c.id IN (SELECT ct.clipping_id FROM tags t JOIN clipping_tags ct ON ct.tag_id = t.id WHERE';

/**
 * Local calendar date of publication when `published_at` starts with a date, else the
 * date of `sort_key` (the capture time, UTC).
 */
const PUB_DAY =
  "(CASE WHEN c.published_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]*' THEN substr(c.published_at, 1, 10) ELSE substr(c.sort_key, 1, 10) END)";

function filterSql(node: FieldNode, now: Date): Sql {
  const v = node.value;
  switch (node.field) {
    case 'tag': {
      const name = v.normalize('NFC').replace(/\s+/gu, ' ').trim();
      if (node.prefix) return { sql: `${TAGGED} t.name LIKE ? ESCAPE '\\')`, params: [likeEscape(name) + '%'] };
      return { sql: `${TAGGED} t.name = ? COLLATE NOCASE)`, params: [name] };
    }
    case 'url': {
      const needle = normalizeUrlNeedle(v);
      if (needle === '') return { sql: '1', params: [] };
      // The needle is lower-cased, and LIKE folds the URL's ASCII letters as lower() does:
      // the same clippings as instr(lower(url), needle), without a lower-cased copy of
      // every URL (a filter-only url: query tests every live clipping's two URLs to count
      // them). A missing URL is '' (not NULL), so that -url: keeps the clippings without one.
      const pattern = `%${likeEscape(needle)}%`;
      return {
        sql: "(coalesce(c.canonical_url, '') LIKE ? ESCAPE '\\' OR coalesce(c.source_url, '') LIKE ? ESCAPE '\\')",
        params: [pattern, pattern],
      };
    }
    case 'lang': {
      const code = v.trim().toLowerCase();
      // LIKE folds ASCII letters as lower() does, and no others (SQLite without ICU): the
      // same clippings as lower(lang) = code or LIKE 'code-%', without two lower-cased copies
      // of every row's language (a driving or filter-only lang: scans the filters' index:
      // 27 → 15 ms of CPU at 100k clippings).
      return {
        sql: "(coalesce(c.lang, '') LIKE ? ESCAPE '\\' OR coalesce(c.lang, '') LIKE ? ESCAPE '\\')",
        params: [likeEscape(code), likeEscape(code) + '-%'],
      };
    }
    case 'after':
    case 'before':
    case 'on':
      return dateSql(node.field, v, now);
    case 'has':
      if (v === 'annotation') return { sql: 'c.id IN (SELECT a.clipping_id FROM annotations a)', params: [] };
      if (v === 'note') return { sql: "trim(c.note) <> ''", params: [] };
      break;
    case 'is':
      if (v === 'starred') return { sql: 'c.starred = 1', params: [] };
      if (v === 'unstarred') return { sql: 'c.starred = 0', params: [] };
      if (v === 'read') return { sql: 'c.is_read = 1', params: [] };
      if (v === 'unread') return { sql: 'c.is_read = 0', params: [] };
      break;
    case 'type':
      return { sql: 'c.media_type IS ?', params: [v.toLowerCase()] };
    case 'tone':
      return { sql: 'c.tone IS ?', params: [v.toLowerCase()] };
    case 'by': {
      const name = foldUserName(v);
      return { sql: BY_USER_SQL, params: [name, name] };
    }
    default:
      break;
  }
  throw new QueryError(`Invalid filter ${node.field}:${v}. Valid filters:\n${describeFilters()}`);
}

/**
 * The days a query's date filters leave, when they apply to the whole query (the query
 * is one filter, or an AND with filters among its parts; negated filters and filters
 * inside OR say nothing certain): [from, until), as 'YYYY-MM-DD', an open end null.
 * Null when no such filter is there. The same periods as `dateSql` — shown beside the
 * results so that `after:2019-11` visibly means "from 1 Dec 2019".
 */
export function dateWindow(node: QueryNode, now: Date): DateWindow | null {
  let from: string | null = null;
  let until: string | null = null;
  let any = false;
  for (const n of node.type === 'and' ? node.children : [node]) {
    if (n.type !== 'field' || (n.field !== 'after' && n.field !== 'before' && n.field !== 'on')) continue;
    const d = parseDateValue(n.value);
    if (d === null) continue;
    any = true;
    let start: string;
    let end: string | null;
    if (d.kind === 'relative') {
      start = relativeInstant(now, d.amount, d.unit).slice(0, 10);
      end = null;
    } else {
      const first = dayNumber(d.year, (d.month ?? 1) - 1, d.day ?? 1);
      start = dayString(first);
      end = dayString(d.day !== undefined ? first + 1 : d.month !== undefined ? dayNumber(d.year, d.month, 1) : dayNumber(d.year + 1, 0, 1));
    }
    const later = (a: string | null, b: string) => (a === null || b > a ? b : a);
    const earlier = (a: string | null, b: string) => (a === null || b < a ? b : a);
    if (n.field === 'before') until = earlier(until, start);
    else if (n.field === 'after' && end !== null) from = later(from, end);
    else {
      from = later(from, start);
      if (end !== null) until = earlier(until, end);
    }
  }
  return any ? { from, until } : null;
}

function dateSql(field: 'after' | 'before' | 'on', value: string, now: Date): Sql {
  const d = parseDateValue(value);
  if (d === null) throw new QueryError(`Invalid date "${value}" for ${field}:.`);
  if (d.kind === 'relative') {
    const instant = relativeInstant(now, d.amount, d.unit);
    return field === 'before' ? { sql: 'c.sort_key < ?', params: [instant] } : { sql: 'c.sort_key >= ?', params: [instant] };
  }
  // [start, end) of the period, as day numbers
  const start = dayNumber(d.year, (d.month ?? 1) - 1, d.day ?? 1);
  const end =
    d.day !== undefined ? start + 1 : d.month !== undefined ? dayNumber(d.year, d.month, 1) : dayNumber(d.year + 1, 0, 1);
  // The day of `sort_key` is within a day of the publication date (`sortKey` in db/clippings.ts:
  // the same date, or the instant in UTC of a time whose offset is under a day), which is what
  // lets the ±1-day bound narrow the scan. The same fact makes every clipping more than a day
  // inside the period pass on its `sort_key` alone: the publication date is computed (a GLOB
  // and a substr per row, ~0.8 µs: 23 ms over a five-year range at 100k) only for the
  // clippings within a day of an edge. (SQLite stops at the first true part of an OR.)
  const after = `(c.sort_key >= ? AND (c.sort_key >= ? OR ${PUB_DAY} >= ?))`;
  const before = `(c.sort_key < ? AND (c.sort_key < ? OR ${PUB_DAY} < ?))`;
  if (field === 'after') return { sql: after, params: [dayString(end - 1), dayString(end + 1), dayString(end)] };
  if (field === 'before') return { sql: before, params: [dayString(start + 1), dayString(start - 1), dayString(start)] };
  return {
    sql: `(${after.slice(1, -1)} AND ${before.slice(1, -1)})`,
    params: [dayString(start - 1), dayString(start + 1), dayString(start), dayString(end + 1), dayString(end - 1), dayString(end)],
  };
}

const DAY_MS = 86_400_000;

/** Days since 1970-01-01 (UTC) of a calendar date; month is 0-based and may overflow. */
function dayNumber(year: number, month: number, day: number): number {
  const t = new Date(0);
  t.setUTCFullYear(year, month, day);
  return Math.round(t.getTime() / DAY_MS);
}

/** 'YYYY-MM-DD', clamped to the 4-digit years ISO text can sort. */
function dayString(n: number): string {
  return isoText(new Date(n * DAY_MS)).slice(0, 10);
}

function isoText(t: Date): string {
  const y = t.getUTCFullYear();
  if (y < 0) return '0000-00-00T00:00:00';
  if (y > 9999) return '9999-99-99T99:99:99';
  const p = (n: number) => String(n).padStart(2, '0');
  return (
    `${String(y).padStart(4, '0')}-${p(t.getUTCMonth() + 1)}-${p(t.getUTCDate())}` +
    `T${p(t.getUTCHours())}:${p(t.getUTCMinutes())}:${p(t.getUTCSeconds())}`
  );
}

/** now − N units, as sort_key text ('YYYY-MM-DDTHH:MM:SS', UTC). */
function relativeInstant(now: Date, amount: number, unit: 'd' | 'w' | 'm' | 'y'): string {
  const t = new Date(now.getTime());
  if (unit === 'd' || unit === 'w') {
    t.setTime(t.getTime() - amount * (unit === 'w' ? 7 : 1) * DAY_MS);
  } else {
    const months = unit === 'y' ? amount * 12 : amount;
    const day = t.getUTCDate();
    t.setUTCDate(1);
    t.setUTCMonth(t.getUTCMonth() - months);
    // clamp: 31 March − 1 month = 28/29 February
    const last = new Date(Date.UTC(2000, 0, 1));
    last.setUTCFullYear(t.getUTCFullYear(), t.getUTCMonth() + 1, 0);
    t.setUTCDate(Math.min(day, last.getUTCDate()));
  }
  return Number.isNaN(t.getTime()) ? '0000-00-00T00:00:00' : isoText(t);
}

function likeEscape(s: string): string {
  return s.replace(/[\\%_]/gu, (c) => `\\${c}`);
}

function wrapSql(sql: string): string {
  return sql.startsWith('(') && sqlClosing(sql) === sql.length - 1 ? sql : `(${sql})`;
}

/** Index of the ")" closing the "(" at 0 in generated SQL (string literals respected). */
function sqlClosing(sql: string): number {
  let depth = 0;
  let inStr = false;
  for (let i = 0; i < sql.length; i++) {
    const ch = sql[i];
    if (ch === "'") inStr = !inStr;
    else if (!inStr && ch === '(') depth++;
    else if (!inStr && ch === ')' && --depth === 0) return i;
  }
  return -1;
}

/** Joins conditions as a balanced tree, so thousands of them stay shallow for SQLite. */
function joinSql(parts: Sql[], op: 'AND' | 'OR'): Sql {
  if (parts.length === 0) return { sql: op === 'AND' ? '1' : '0', params: [] };
  if (parts.length === 1) return parts[0]!;
  const mid = parts.length >> 1;
  const a = joinSql(parts.slice(0, mid), op);
  const b = joinSql(parts.slice(mid), op);
  return { sql: `(${a.sql} ${op} ${b.sql})`, params: [...a.params, ...b.params] };
}

function dedupe(parts: Sql[]): Sql[] {
  const seen = new Set<string>();
  return parts.filter((p) => {
    const key = JSON.stringify([p.sql, p.params]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

// ---------------------------------------------------------------------------------------
// Highlighting

function collectTerms(root: QueryNode): string[] {
  const out = new Set<string>();
  const walk = (n: QueryNode): void => {
    switch (n.type) {
      case 'and':
      case 'or':
        for (const c of n.children) walk(c);
        return;
      case 'not':
        return; // excluded text is never highlighted (nor anything under a NOT)
      case 'term':
      case 'phrase':
        out.add(n.text + (n.prefix ? '*' : ''));
        return;
      case 'field':
        if (FTS_COLUMN[n.field] !== undefined) out.add(n.value + (n.prefix ? '*' : ''));
        return;
      default:
        return;
    }
  };
  walk(root);
  return [...out];
}
