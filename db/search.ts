import type { Db } from './open.ts';

/**
 * Basic full-text search over the FTS5 index: every word the user typed must match
 * (stemmed, case- and diacritic-insensitive), `"quoted phrases"` match as phrases and a
 * trailing `*` makes a prefix. Every term reaches FTS5 as a quoted string, so no user
 * input can be read as FTS5 syntax. (The full query language replaces `toFtsQuery`.)
 */

/** Column order of `clipping_fts`, and the bm25 weight of each. */
export const FTS_COLUMNS = ['title', 'byline', 'outlet', 'body', 'tags', 'notes', 'annotations'] as const;
const WEIGHTS: Record<(typeof FTS_COLUMNS)[number], number> = {
  title: 10,
  byline: 4,
  outlet: 4,
  body: 1,
  tags: 4,
  notes: 2,
  annotations: 2,
};
const BM25 = `bm25(clipping_fts, ${FTS_COLUMNS.map((c) => WEIGHTS[c]).join(', ')})`;

/** Counting stops here: a larger total is reported as inexact. */
export const COUNT_CAP = 10_000;

const TERM = /"([^"]*)"?|([\p{L}\p{N}_][\p{L}\p{N}_\p{M}'’.-]*)(\*)?/gu;
const WORD = /[\p{L}\p{N}_]+/gu;
const MARK_OPEN = '\uE000';
const MARK_CLOSE = '\uE001';

export function toFtsQuery(input: string): string | null {
  const parts: string[] = [];
  for (const m of input.matchAll(TERM)) {
    if (m[1] !== undefined) {
      const words = m[1].match(WORD);
      if (words) parts.push(quote(words.join(' ')));
    } else if (m[2] !== undefined) {
      const words = m[2].match(WORD);
      if (!words) continue;
      // "co-operation", "U.S." and "don't" become phrases of their word pieces
      parts.push(quote(words.join(' ')) + (m[3] ? '*' : ''));
    }
  }
  return parts.length ? parts.join(' AND ') : null;
}

function quote(s: string): string {
  return `"${s.replaceAll('"', '""')}"`;
}

export interface RankedId {
  id: number;
  score: number;
}

export interface SearchPage {
  ranked: RankedId[];
  snippets: Map<number, string>;
  total: number;
  totalExact: boolean;
}

export class SearchRepo {
  constructor(private readonly db: Db) {}

  /** One page of results: ranked ids, their snippets, and the (capped) total. */
  query(input: string, opts: { limit: number; offset: number; now: Date }): SearchPage {
    const match = toFtsQuery(input.normalize('NFC'));
    if (!match) return { ranked: [], snippets: new Map(), total: 0, totalExact: true };
    const ranked = this.rank(match, opts.limit, opts.offset);
    const { total, exact } =
      ranked.length < opts.limit ? { total: opts.offset + ranked.length, exact: true } : this.count(match);
    return { ranked, snippets: this.snippets(match, ranked.map((r) => r.id)), total, totalExact: exact };
  }

  /** Every live clipping the query finds (for bulk operations), in id order. */
  allMatches(input: string, _now: Date): number[] {
    const match = toFtsQuery(input.normalize('NFC'));
    if (!match) return [];
    return (this.db.prepare(`SELECT rowid AS id FROM clipping_fts WHERE clipping_fts MATCH ? ORDER BY rowid`).all(match) as { id: number }[]).map((r) => r.id);
  }

  /** Ids of the best matches, best first (score: higher is better). */
  rank(match: string, limit: number, offset: number): RankedId[] {
    return this.db
      .prepare(
        `SELECT rowid AS id, -${BM25} AS score FROM clipping_fts WHERE clipping_fts MATCH ? ORDER BY ${BM25} LIMIT ? OFFSET ?`,
      )
      .all(match, limit, offset) as RankedId[];
  }

  /** Number of matches, counted up to COUNT_CAP + 1. */
  count(match: string): { total: number; exact: boolean } {
    const n = (
      this.db
        .prepare(`SELECT count(*) AS n FROM (SELECT 1 FROM clipping_fts WHERE clipping_fts MATCH ? LIMIT ${COUNT_CAP + 1})`)
        .get(match) as { n: number }
    ).n;
    return n > COUNT_CAP ? { total: COUNT_CAP, exact: false } : { total: n, exact: true };
  }

  /** Snippets for the shown page only: HTML-escaped text with <mark> around matches. */
  snippets(match: string, ids: readonly number[]): Map<number, string> {
    if (ids.length === 0) return new Map();
    const rows = this.db
      .prepare(
        `SELECT rowid AS id, snippet(clipping_fts, -1, '${MARK_OPEN}', '${MARK_CLOSE}', '…', 24) AS s
           FROM clipping_fts WHERE clipping_fts MATCH ? AND rowid IN (SELECT value FROM json_each(?))`,
      )
      .all(match, JSON.stringify(ids)) as { id: number; s: string }[];
    return new Map(rows.map((r) => [r.id, markSnippet(r.s)]));
  }
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

function markSnippet(raw: string): string {
  return escapeHtml(raw.replace(/\s+/g, ' ').trim()).replaceAll(MARK_OPEN, '<mark>').replaceAll(MARK_CLOSE, '</mark>');
}
