/**
 * Server-side search of the team archive (docs/team-archive.md, "Search on the server"):
 * for a client that does not hold a full copy. The words of a query are matched in
 * `clipping_search.doc` (title and body, migration 4) through its GIN index, as the
 * desktops match them: lower case, diacritics folded, no stemming.
 *
 * Query syntax: words (all required), "a phrase", word* (a prefix), -word or -"a phrase"
 * (left out). Filters: outlet (a part of its name, any case: pg_trgm's index), a date
 * range on the publication day. Two orders: newest first (the default), or relevance
 * (ts_rank, title words weigh more) among the newest RANK_WINDOW matches — ranking every
 * match of a frequent word would read every one of their tsvectors.
 */
import type { Pool } from 'pg';

/** Relevance ranks at most this many matches: the newest ones. */
export const RANK_WINDOW = 200;
export const MAX_QUERY_CHARS = 500;
export const MAX_QUERY_TERMS = 16;

/** A query or filter the server cannot run: its message says what is wrong (HTTP 400). */
export class SearchQueryError extends Error {}

export interface SearchTerm {
  text: string;
  phrase: boolean;
  prefix: boolean;
  negated: boolean;
}

const WORDY = /[\p{L}\p{N}]/u;

/** The terms of a query, or a SearchQueryError saying what is malformed. */
export function parseTeamQuery(q: string): SearchTerm[] {
  if (q.length > MAX_QUERY_CHARS) throw new SearchQueryError(`q: at most ${MAX_QUERY_CHARS} characters`);
  const terms: SearchTerm[] = [];
  let i = 0;
  while (i < q.length) {
    if (/\s/.test(q[i]!)) {
      i++;
      continue;
    }
    const negated = q[i] === '-';
    if (negated) i++;
    if (q[i] === '"') {
      const end = q.indexOf('"', i + 1);
      if (end < 0) throw new SearchQueryError('q: a phrase’s closing quote is missing');
      const text = q.slice(i + 1, end);
      if (!WORDY.test(text)) throw new SearchQueryError(`q: the phrase "${text}" has no word in it`);
      terms.push({ text, phrase: true, prefix: false, negated });
      i = end + 1;
      continue;
    }
    let end = i;
    while (end < q.length && !/\s/.test(q[end]!) && q[end] !== '"') end++;
    let text = q.slice(i, end);
    i = end;
    const prefix = text.endsWith('*');
    if (prefix) {
      text = text.slice(0, -1);
      if (!/^[\p{L}\p{N}]{2,}$/u.test(text)) throw new SearchQueryError(`q: a prefix is two or more letters or digits before the * ("${text}*")`);
    }
    if (!WORDY.test(text)) throw new SearchQueryError(text ? `q: "${text}" has no word in it` : 'q: a - stands before a word or a phrase');
    terms.push({ text, phrase: false, prefix, negated });
  }
  if (terms.length > MAX_QUERY_TERMS) throw new SearchQueryError(`q: at most ${MAX_QUERY_TERMS} words and phrases`);
  if (!terms.some((t) => !t.negated)) throw new SearchQueryError('q: a search needs a word or phrase to find, not only words to leave out');
  return terms;
}

/**
 * The tsquery of the terms, made by PostgreSQL's own parser and dictionaries (so the
 * words split and fold exactly as the indexed text did); '' when nothing is left.
 */
async function toTsquery(pool: Pool, terms: readonly SearchTerm[]): Promise<string> {
  const parts = terms.map((t, i) => {
    const q = t.prefix ? `to_tsquery('cuttings', $${i + 1} || ':*')` : `phraseto_tsquery('cuttings', $${i + 1})`;
    return t.negated ? `!!${q}` : q;
  });
  const r = await pool.query(`SELECT (${parts.join(' && ')})::text AS q`, terms.map((t) => t.text));
  return r.rows[0].q as string;
}

export interface TeamSearch {
  q: string;
  outlet?: string | null;
  /** Publication days, YYYY-MM-DD, both included. */
  from?: string | null;
  to?: string | null;
  order: 'date' | 'rank';
  limit: number;
  offset: number;
}

export interface TeamSearchHit {
  uuid: string;
  title: string;
  outlet: string;
  day: string | null;
  rank: number;
}

/**
 * The day windows a search walks, newest first, back from its latest day: the last 90
 * days, the year, four years, everything older, then the undated. A frequent word fills
 * a page from the first window, so only that window is read; a rare one goes through the
 * few windows, each a small lookup in the word index.
 */
const WINDOW_DAYS = [90, 365, 4 * 365];
/**
 * A frequent word is not looked up in the word index — its list of half a million
 * clippings costs more than the page — but checked on the window's newest clippings: as
 * many as should hold, at the planner's estimate of its frequency, twice the matches
 * needed, when that is at most this many. When they fall short, the window is searched
 * by the index, and the later ones too (the estimate was wrong).
 */
const PROBE_ROWS = 4000;
/** Words the planner expects in at most this many clippings are looked up once, not window by window. */
const ONE_PASS_MATCHES = 5000;

const dayBefore = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);

/** A page of matches (trashed and purged clippings left out) and whether more follow (`onePassMatches`: for tests of the windows). */
export async function searchClippings(pool: Pool, s: TeamSearch, onePassMatches = ONE_PASS_MATCHES): Promise<{ hits: TeamSearchHit[]; more: boolean }> {
  const tsquery = await toTsquery(pool, parseTeamQuery(s.q));
  if (!tsquery) throw new SearchQueryError('q: no word of it can be searched');
  if (s.order === 'rank' && s.offset + s.limit > RANK_WINDOW) throw new SearchQueryError(`offset + limit: at most ${RANK_WINDOW} when ordered by relevance`);
  const outlet = s.outlet ? `%${s.outlet.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  // $5–$8: a window — dated clippings after $5 up to $6 (when $7), the undated (when $8).
  const filters = `NOT trashed AND ($2::text IS NULL OR outlet ILIKE $2) AND ($3::text IS NULL OR day >= $3) AND ($4::text IS NULL OR day <= $4)
     AND ((day IS NOT NULL AND $7 AND ($5::text IS NULL OR day > $5) AND ($6::text IS NULL OR day <= $6)) OR (day IS NULL AND $8))`;
  // The candidates: matches newest first — enough for the page (and one more) by date,
  // the whole window by relevance.
  const wanted = s.order === 'rank' ? RANK_WINDOW : s.offset + s.limit + 1;
  const stats = await pool.query(`SELECT max(day) AS day, (SELECT reltuples FROM pg_class WHERE oid = 'clipping_search'::regclass) AS n FROM clipping_search WHERE NOT trashed`);
  const top = s.to ?? (stats.rows[0].day as string | null);
  // (A pushed date can be any digits, such as 2024-13-45: then no windows.)
  const latest = top && !Number.isNaN(Date.parse(`${top}T00:00:00Z`)) ? top : null;
  // The words' share of the clippings (the filters narrow the rows a probe reads, not it).
  const estimate = await pool.query(`EXPLAIN (FORMAT JSON) SELECT 1 FROM clipping_search WHERE doc @@ $1::tsquery`, [tsquery]);
  const matches = Number(estimate.rows[0]['QUERY PLAN'][0].Plan['Plan Rows']);
  // (A table never analyzed has no row count: then no word counts as frequent.)
  const rows = Number(stats.rows[0].n);
  const share = rows > 0 ? Math.min(1, matches / rows) : 0;
  type Window = { after: string | null; upTo: string | null; dated: boolean; undated: boolean };
  // Dated windows newest first, then the undated — or, for rare words, one pass over all
  // of them (each window would read the word index again).
  const windows: Window[] = [];
  if (matches > onePassMatches && latest) {
    let upTo = latest;
    for (const days of WINDOW_DAYS) {
      const after = dayBefore(latest, days);
      if (s.from && after < s.from) break;
      windows.push({ after, upTo, dated: true, undated: false });
      upTo = after;
    }
    windows.push({ after: null, upTo, dated: true, undated: false }, { after: null, upTo: null, dated: false, undated: true });
  } else windows.push({ after: null, upTo: null, dated: true, undated: true });
  const found: TeamSearchHit[] = [];
  const keep = (rows: Record<string, unknown>[]) => {
    for (const h of rows) found.push({ uuid: h.uuid as string, title: h.title as string, outlet: h.outlet as string, day: h.day as string | null, rank: Number(h.rank) });
  };
  let probing = true;
  for (const w of windows) {
    if (found.length >= wanted) break;
    const need = wanted - found.length;
    const args = [tsquery, outlet, s.from ?? null, s.to ?? null, w.after, w.upTo, w.dated, w.undated, need];
    const probe = Math.ceil((2 * need) / Math.max(share, 1e-9));
    if (probing && !w.undated && w.upTo !== null && probe <= PROBE_ROWS) {
      // The window's newest clippings (the day index read backwards), checked one by one.
      const r = await pool.query(
        `SELECT clipping::text AS uuid, title, outlet, day, ts_rank(doc, $1::tsquery) AS rank FROM (
           SELECT clipping, title, outlet, day, doc FROM clipping_search WHERE ${filters}
            ORDER BY day DESC NULLS FIRST, clipping DESC LIMIT $10) newest
          WHERE doc @@ $1::tsquery ORDER BY day DESC, clipping DESC LIMIT $9`,
        [...args, probe],
      );
      if (r.rows.length === need) {
        keep(r.rows);
        break;
      }
      // Rarer than the planner thought (a phrase of common words): no more probes.
      probing = false;
    }
    // The window's matches from the word index, newest first; ts_rank reads only the
    // tsvectors of those kept.
    const r = await pool.query(
      `WITH cand AS MATERIALIZED (
         SELECT clipping, title, outlet, day, doc FROM clipping_search WHERE doc @@ $1::tsquery AND ${filters}
          ORDER BY day DESC NULLS LAST, clipping DESC LIMIT $9)
       SELECT clipping::text AS uuid, title, outlet, day, ts_rank(doc, $1::tsquery) AS rank FROM cand`,
      args,
    );
    keep(r.rows);
  }
  const newest = (a: TeamSearchHit, b: TeamSearchHit) => (a.day === b.day ? (a.uuid < b.uuid ? 1 : -1) : a.day === null ? 1 : b.day === null ? -1 : a.day < b.day ? 1 : -1);
  found.sort(s.order === 'rank' ? (a, b) => b.rank - a.rank || newest(a, b) : newest);
  const page = found.slice(s.offset, s.offset + s.limit + 1);
  return { hits: page.slice(0, s.limit), more: page.length > s.limit };
}
