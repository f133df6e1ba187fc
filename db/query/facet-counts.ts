/**
 * The facet counts of a broad match, kept in the archive beside the ranking lists
 * (`rank_lists`, under `facets <body expression>`; issue 13).
 *
 * Counting facets reads the id of every clipping a query matches: for `the` at 1M
 * clippings, a million ids from the full-text index (~100–350 ms of CPU) and a tally of
 * each in the facet copy (db/facets.ts), which a process loads first (~2.4 s at 1M). So
 * the tally of a full-text match of FACET_BROAD clippings or more is kept, counted by the
 * first query that asks (or ahead by the warm-up), and reused while it is exactly what a
 * count would give now:
 *
 * - the body expression's match is unchanged: no change mark since and as many body
 *   documents (the rule by which a ranking list knows its count still holds,
 *   query/topk.ts `unchangedHits`: an added, edited, trashed or restored clipping is
 *   marked, a deleted one leaves fewer), in the same rank epoch;
 * - the clippings decided in the meta index are the same: those taken out of the body's
 *   match (`except`) and those added (`plus`) are read by every query anyway (they follow
 *   tags, notes and annotations), and the row holds a digest of each;
 * - no clipping's outlet, year or tags changed: a digest of the generations of the facet
 *   chunks (migration 017 gives a chunk a new random one at any such change, tag links
 *   included; deleting a tag unlinks it).
 *
 * A digest is 53 bits of a hash (two 32-bit lanes): two different states share one by
 * chance about once in 2^53 comparisons, as likely as two random generations of
 * migration 017 coinciding. Tag names are not kept (they are read with the counts), so a
 * renamed tag is named anew.
 *
 * Rows are derived data, like the lists: never `kept` (so an older reader's eviction takes
 * them before any list it keeps), left out of the lists' own cap (query/topk.ts `store`),
 * and evicted among themselves beyond FACET_ROWS, the narrowest match first (`bound`
 * holds the number of ids counted): the broadest cost the most to count again, and the
 * warm-up counts them first (at 1M, a cap evicting the oldest took `the`'s).
 */
import { rankEpoch } from '../migrations/index.ts';
import type { FacetTally } from '../facets.ts';
import type { Db } from '../open.ts';
import { writeDerived } from './derived-write.ts';
import { varints } from './topk.ts';

/** A match of this many clippings or more has its facet counts kept. */
export const FACET_BROAD = 10_000;
/** At most this many facet rows are kept. */
export const FACET_ROWS = 4096;
/** What a facet row's name starts with (the rest is the body expression). */
export const FACET_ROW = 'facets ';

/** What a kept count must have been counted in: see the file's comment. */
export interface FacetState {
  schema: number;
  seq: number;
  rows: number;
  /** Digest of the facet chunks' generations. */
  chunks: string;
}

/** The ids a count is over: `body`'s match, less `except`, plus `plus` (as SearchRepo reads them). */
export interface MatchIds {
  body: string;
  except: readonly number[];
  plus: readonly number[];
}

/** A kept count: the number of ids counted (duplicates included, as the count of a page takes them) and their tally. */
export interface KeptFacets {
  n: number;
  tally: FacetTally;
}

interface Row extends KeptFacets {
  rows: number;
  chunks: string;
  except: string;
  plus: string;
}

/** The state of the archive a count is checked against, read in one statement (in the caller's read transaction, with the ids). */
export function facetState(db: Db): FacetState {
  const r = db
    .prepare(
      `SELECT (SELECT block FROM clipping_fts_data WHERE id = 1) AS averages, (SELECT coalesce(max(seq), 0) FROM clipping_rank_changes) AS seq,
              (SELECT user_version FROM pragma_user_version) AS schema, (SELECT group_concat(chunk || ':' || gen) FROM clipping_facet_chunks) AS gens`,
    )
    .get() as { averages: Uint8Array | null; seq: number; schema: number; gens: string | null };
  const [rows = 0] = r.averages ? varints(r.averages) : [];
  return { schema: rankEpoch(r.schema), seq: r.seq, rows, chunks: digestText(r.gens ?? '') };
}

/** The count kept for these ids, if it is what counting them now gives (`now`: read in the same transaction); else null. */
export function keptFacets(db: Db, ids: MatchIds, now: FacetState): KeptFacets | null {
  const row = db.prepare('SELECT schema, seq, list FROM rank_lists WHERE expr = ?').get(FACET_ROW + ids.body) as { schema: number; seq: number; list: Uint8Array } | undefined;
  if (!row || rankEpoch(row.schema) !== now.schema || row.seq !== now.seq) return null;
  let kept: Row;
  try {
    kept = JSON.parse(Buffer.from(row.list).toString('utf8')) as Row;
  } catch {
    return null;
  }
  if (kept.rows !== now.rows || kept.chunks !== now.chunks || kept.except !== digestIds(ids.except) || kept.plus !== digestIds(ids.plus)) return null;
  return { n: kept.n, tally: kept.tally };
}

/**
 * Keeps the count of these ids made in the state `now` (the caller's: for at least
 * FACET_BROAD ids), only outside a transaction and if the write lock is free at once
 * (`writeDerived`).
 */
export function keepFacets(db: Db, ids: MatchIds, now: FacetState, kept: KeptFacets): void {
  const row: Row = { rows: now.rows, chunks: now.chunks, except: digestIds(ids.except), plus: digestIds(ids.plus), ...kept };
  writeDerived(db, () => {
    db.prepare(
      'INSERT INTO rank_lists (expr, schema, seq, avgdl_max, bound, list, read_at, kept) VALUES (?, ?, ?, 0, ?, ?, ?, 0) ON CONFLICT (expr) DO UPDATE SET schema = excluded.schema, seq = excluded.seq, bound = excluded.bound, list = excluded.list, read_at = excluded.read_at',
    ).run(FACET_ROW + ids.body, now.schema, now.seq, kept.n, Buffer.from(JSON.stringify(row), 'utf8'), Date.now());
    db.prepare(
      `DELETE FROM rank_lists WHERE id IN (SELECT id FROM rank_lists WHERE substr(expr, 1, ${FACET_ROW.length}) = ? ORDER BY bound DESC, read_at DESC, id DESC LIMIT -1 OFFSET ?)`,
    ).run(FACET_ROW, FACET_ROWS);
  });
}

/** 53 bits of a hash of a set of ids, in any order (sorted first), as hex. */
function digestIds(ids: readonly number[]): string {
  const sorted = Float64Array.from(ids).sort();
  let h1 = 0x9e3779b9 ^ sorted.length;
  let h2 = 0x85ebca6b ^ sorted.length;
  for (const v of sorted) {
    // (Ids are integers below 2^53: both 32-bit halves taken.)
    const lo = v % 0x100000000;
    const hi = Math.floor(v / 0x100000000);
    h1 = Math.imul(h1 ^ lo, 2654435761);
    h2 = Math.imul(h2 ^ lo, 1597334677);
    h1 = Math.imul(h1 ^ hi, 2246822507);
    h2 = Math.imul(h2 ^ hi, 3266489909);
  }
  return finish(h1, h2);
}

/** 53 bits of a hash of a string, as hex. */
function digestText(s: string): string {
  let h1 = 0xdeadbeef ^ s.length;
  let h2 = 0x41c6ce57 ^ s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  return finish(h1, h2);
}

/** The two lanes mixed (each into the other) and joined into 53 bits. */
function finish(a: number, b: number): string {
  let h1 = Math.imul(a ^ (a >>> 16), 2246822507) ^ Math.imul(b ^ (b >>> 13), 3266489909);
  let h2 = Math.imul(b ^ (b >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  h1 >>>= 0;
  h2 >>>= 0;
  return (4294967296 * (2097151 & h2) + h1).toString(16);
}
