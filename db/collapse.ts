/**
 * One hit per story cluster (search with `collapse`): each cluster is ranked by its best
 * member, which stands for the others, with the number of its members the query
 * matches; the total counts clusters.
 *
 * The page is decided over a ranked prefix of the matches, not all of them. The first
 * `offset + limit` clusters in the search's order are those of the first members seen;
 * when a prefix of the ranking holds that many distinct clusters, they are exactly the
 * ones a walk over every match would give, with the same best members. The prefix comes
 * from the engine's own ranking (LIMIT n) and grows fourfold until it holds enough
 * clusters or every match. Its order has to be total: by relevance, ties of score go to
 * the lower id (as ever); the ranking does not promise an order among ties, so the rows
 * tied with the prefix's last score — some of whose equals may lie beyond it — are left
 * out until the prefix is long enough to end on a different score. Date orders are total.
 *
 * Sizes and the total come from the prefix when it holds every match. Else, when part
 * of the match's ids (unranked) already holds more clusters than the count cap, the
 * total is the cap and the shown clusters are sized from their members alone, each
 * looked up in the match; failing that, from one pass over every id. Each clipping's
 * cluster comes from the facet data in memory (db/facets.ts).
 */
import type { FacetIndex } from './facets.ts';

interface Ranked {
  id: number;
  score: number;
  clusterSize?: number;
}

export interface CollapseInput {
  offset: number;
  limit: number;
  /** The first `n` matches in the search's order. */
  ranked(n: number): Ranked[];
  /** The order is by score (relevance): ties of score are ordered by id. */
  byScore: boolean;
  /** Every match's id, in any order, loaded in `index`. */
  allIds(): ArrayLike<number>;
  /**
   * Some of the matches' ids (about `n` or more), loaded in `index`, and whether they are
   * all of them; null when taking part of them saves nothing.
   */
  someIds(n: number): { ids: ArrayLike<number>; all: boolean } | null;
  /** Of `ids`, those the query matches; null when only a pass over every match can tell. */
  matching(ids: readonly number[]): Set<number> | null;
  /** The live clippings of each cluster: its own id, and those whose `cluster_id` it is. */
  members(clusters: readonly number[]): number[];
  index: FacetIndex;
  /** More clusters than this are reported as `cap`, inexact (as the plain total is). */
  cap: number;
}

export function collapse(input: CollapseInput): { ranked: Ranked[]; total: number; exact: boolean } {
  const { offset, limit, index } = input;
  const want = offset + limit;
  let n = want + (want >> 2) + 8;
  let rows: Ranked[];
  let exhausted: boolean;
  let best: Map<number, Ranked>;
  for (;;) {
    rows = input.ranked(n);
    exhausted = rows.length < n;
    if (input.byScore) {
      if (!exhausted) {
        const last = rows.at(-1)!.score;
        rows = rows.filter((r) => r.score !== last);
      }
      rows.sort((a, b) => b.score - a.score || a.id - b.id);
    }
    index.load(rows.map((r) => r.id));
    best = new Map();
    for (const r of rows) {
      const cl = index.clusterOf(r.id);
      if (!best.has(cl)) best.set(cl, r);
      if (best.size >= want) break;
    }
    if (best.size >= want || exhausted) break;
    n *= 4;
  }
  const page = [...best].slice(offset);
  const sizes = new Map<number, number>(page.map(([cl]) => [cl, 0]));
  let total: number;
  if (exhausted) {
    for (const r of rows) {
      const cl = index.clusterOf(r.id);
      if (sizes.has(cl)) sizes.set(cl, sizes.get(cl)! + 1);
    }
    total = new Set(rows.map((r) => index.clusterOf(r.id))).size;
  } else {
    // A broad match: more clusters than the cap among some of its ids, and the page's
    // cluster members looked up one by one, when both can be done that way.
    const some = input.someIds(input.cap + (input.cap >> 2));
    const matching = some && !some.all && clusterCount(index, some.ids) > input.cap ? input.matching(input.members([...sizes.keys()])) : null;
    if (matching) {
      total = input.cap + 1;
      index.load([...matching]);
      for (const id of matching) {
        const cl = index.clusterOf(id);
        if (sizes.has(cl)) sizes.set(cl, sizes.get(cl)! + 1);
      }
    } else {
      const ids = input.allIds();
      total = clusterCount(index, ids);
      for (let i = 0; i < ids.length; i++) {
        const cl = index.clusterOf(ids[i]!);
        if (sizes.has(cl)) sizes.set(cl, sizes.get(cl)! + 1);
      }
    }
  }
  return {
    ranked: page.map(([cl, r]) => ({ id: r.id, score: r.score, clusterSize: sizes.get(cl)! })),
    ...(total > input.cap ? { total: input.cap, exact: false } : { total, exact: true }),
  };
}

/**
 * The number of distinct clusters among `ids` (loaded): those of the clustered
 * clippings, and each clipping in none whose id is not already such a cluster
 * (coalesce(cluster_id, id)).
 */
function clusterCount(index: FacetIndex, ids: ArrayLike<number>): number {
  const clusters = new Set<number>();
  for (let i = 0; i < ids.length; i++) if (index.clustered(ids[i]!)) clusters.add(index.clusterOf(ids[i]!));
  let n = clusters.size;
  for (let i = 0; i < ids.length; i++) if (!index.clustered(ids[i]!) && !clusters.has(ids[i]!)) n++;
  return n;
}
