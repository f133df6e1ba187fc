/**
 * The total of a full-text query with filters (issue 13), counted from the clippings
 * passing the filters against the match's rowids read once — instead of along the match,
 * each matching clipping looked up in the filters' index (~1.5–2 µs a row at 100k:
 * `charges after:2016 before:2019`, 32k matches, 24 ms), or, when the filters drive, the
 * match read through a `+rowid IN (…)` of their ids (`an after:2018 before:2020`, 25k ids
 * against 75k matches: ~40 ms).
 *
 * The match's rowids come out of FTS5 at ~0.1 µs each (no bm25) into a bitmap; the
 * clippings passing the filters are either known already (the ids the filters drove with)
 * or read from the date index in date order, ~0.2 µs an id (a date range: one range
 * read; only for filters that are all of the date, whose range read passes over no
 * clipping it does not give) — first as many as should hold the cap at the match's
 * average density, then the rest of them if that was too few. When the filters'
 * clippings are (or prove) so many more than the match that reading them would cost more
 * than looking the matches up, or the cap lies that far at the match's density, the
 * matches read are looked up in the filters' index instead (the match not read again).
 *
 * The count is the one along the match: the filters' ids are exactly the live clippings
 * passing every condition, and a clipping matches when the body match has it and the
 * meta index did not decide it (`except`), or the meta index found it matching (`plus`,
 * all of them in `except`).
 */

/** The reads `countPassing` makes. */
export interface PassingReads {
  /** Every rowid of the body match. */
  matchIds(): number[];
  /** The ids of the live clippings passing every condition of the query, in a fixed order, `offset` on, at most `limit`. */
  passingIds(offset: number, limit: number): number[];
  /** The filters' ids are in memory (those they drove with): walked whole, never looked up instead. */
  known: boolean;
  /** How many clippings pass the filters at least, as far as known without a read (0: not known). */
  passingAtLeast: number;
  /** Of `ids`, how many are live clippings passing every condition, counted up to `limit` (each looked up in the filters' index). */
  countAmong(ids: readonly number[], limit: number): number;
}

/** A filter's id read costs about a sixth of a match's lookup in the filters' index: the walk is kept within this many ids per match. */
export const WALK_PER_MATCH = 6;

/**
 * The matches passing the filters, counted up to `cap` + 1 (more are not told apart).
 * `maxId`: the largest clipping id (the bitmap's size, and the archive's size for the
 * first read's estimate). When the filters' clippings are (or prove, as they are read)
 * more than WALK_PER_MATCH per match, or the cap would be reached only past that many, the
 * matches are looked up instead — from the ids read, the match not read again.
 */
export function countPassing(read: PassingReads, except: readonly number[], plus: readonly number[], cap: number, maxId: number): number {
  const matchIds = read.matchIds();
  const member = new Uint8Array(maxId + 1);
  for (const id of matchIds) if (id <= maxId) member[id] = 1;
  for (const id of except) if (id <= maxId) member[id] = 0;
  for (const id of plus) if (id <= maxId) member[id] = 1;
  const excluded = new Set(except);
  const members = () => matchIds.filter((id) => !excluded.has(id)).concat(plus);
  const hits = Math.max(1, matchIds.length - except.length + plus.length);
  const budget = read.known ? Infinity : WALK_PER_MATCH * hits;
  // At the match's average density the cap is reached after `expected` of the filters'
  // clippings: past the budget, the walk would end within it only if they were few, which
  // is not known — the matches are looked up.
  const expected = Math.ceil(((cap + 1) * Math.max(maxId, 1)) / hits) + 64;
  if (read.passingAtLeast > budget || expected > budget) return read.countAmong(members(), cap + 1);
  let found = 0;
  let walked = 0;
  let limit = read.known ? read.passingAtLeast + 1 : expected;
  for (;;) {
    const ids = read.passingIds(walked, limit);
    for (const id of ids) if (id <= maxId && member[id] === 1) found++;
    walked += ids.length;
    if (found > cap) return cap + 1;
    if (ids.length < limit) return found; // every one of them walked
    if (walked >= budget) return read.countAmong(members(), cap + 1);
    limit = budget - walked;
  }
}
